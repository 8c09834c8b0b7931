import { describe, expect, it } from 'vitest';
import type { ContactChildStatus } from '../../../platform/db/schema.ts';
import {
  mayShareOutcome,
  partnerCodes,
  partnerOutcome,
  type ChildForOutcome,
  type ContactForOutcome,
} from './outcome-disclosure.ts';

const EVENING = new Date('2026-11-20T23:30:00Z'); // 20 November in London (GMT)
const SUMMER_NIGHT = new Date('2026-07-20T23:30:00Z'); // 21 July in London (BST)

function child(
  id: number,
  status: ContactChildStatus,
  decision?: { outcomes: string[]; authorisedAt?: Date }
): ChildForOutcome {
  return {
    contactChildId: id,
    status,
    authorisedDecision: decision
      ? { outcomes: decision.outcomes, authorisedAt: decision.authorisedAt ?? EVENING }
      : null,
  };
}

function contact(overrides: Partial<ContactForOutcome> = {}): ContactForOutcome {
  return {
    consentStatus: 'given',
    familyAware: 'yes',
    children: [child(1, 'completed', { outcomes: ['early_help'] })],
    ...overrides,
  };
}

describe('mayShareOutcome', () => {
  it('shares the outcome only with the family’s consent, when nothing says they do not know', () => {
    expect(mayShareOutcome({ consentStatus: 'given', familyAware: 'yes' })).toBe(true);
    expect(mayShareOutcome({ consentStatus: 'given', familyAware: null })).toBe(true);
    expect(mayShareOutcome({ consentStatus: 'given', familyAware: 'no' })).toBe(false);
    expect(mayShareOutcome({ consentStatus: 'given', familyAware: 'not_sure' })).toBe(false);
    expect(mayShareOutcome({ consentStatus: 'refused', familyAware: 'yes' })).toBe(false);
    expect(mayShareOutcome({ consentStatus: 'not_sought', familyAware: 'yes' })).toBe(false);
    expect(mayShareOutcome({ consentStatus: null, familyAware: 'yes' })).toBe(false);
  });
});

describe('partnerOutcome', () => {
  it('gives the coded outcome and the London date when the family consented', () => {
    expect(
      partnerOutcome(
        contact({
          children: [child(1, 'completed', { outcomes: ['early_help'], authorisedAt: SUMMER_NIGHT })],
        })
      )
    ).toEqual({
      status: 'decided',
      outcomeShared: true,
      decidedOn: '2026-07-21',
      children: [{ contactChildId: 1, status: 'decided', outcomes: ['early_help'], decidedOn: '2026-07-21' }],
    });
  });

  it('says only "received and considered" when consent was refused or not sought', () => {
    for (const consentStatus of ['refused', 'not_sought'] as const) {
      const outcome = partnerOutcome(contact({ consentStatus }));
      expect(outcome).toEqual({
        status: 'considered',
        outcomeShared: false,
        decidedOn: '2026-11-20',
        children: [{ contactChildId: 1, status: 'considered', decidedOn: '2026-11-20' }],
      });
      expect(JSON.stringify(outcome)).not.toContain('early_help');
    }
  });

  it('withholds the outcome when the family does not know of the contact, even with consent recorded', () => {
    const outcome = partnerOutcome(contact({ familyAware: 'no' }));
    expect(outcome.status).toBe('considered');
    expect(outcome.children[0]).not.toHaveProperty('outcomes');
  });

  it('is received until a child is screened, then screening until every child is decided', () => {
    expect(partnerOutcome(contact({ children: [child(1, 'new'), child(2, 'new')] }))).toMatchObject({
      status: 'received',
      outcomeShared: false,
      decidedOn: null,
    });
    const partly = partnerOutcome(
      contact({ children: [child(1, 'completed', { outcomes: ['assessment'] }), child(2, 'new')] })
    );
    expect(partly).toMatchObject({ status: 'screening', outcomeShared: false, decidedOn: null });
    // Each decided child may already be told, as far as consent allows.
    expect(partly.children).toEqual([
      { contactChildId: 1, status: 'decided', outcomes: ['childrens_social_care'], decidedOn: '2026-11-20' },
      { contactChildId: 2, status: 'received' },
    ]);
  });

  it('counts a proposal, a decision waiting for a second sign-off or a returned handover as still screening', () => {
    for (const status of [
      'awaiting_authorisation',
      'awaiting_decision',
      'awaiting_information',
      'screening',
    ] as const) {
      // A child sent back keeps its earlier authorised decision on record; it is no longer the outcome.
      const outcome = partnerOutcome(contact({ children: [child(1, status, { outcomes: ['early_help'] })] }));
      expect(outcome, status).toMatchObject({ status: 'screening', outcomeShared: false });
      expect(outcome.children[0], status).toEqual({ contactChildId: 1, status: 'screening' });
    }
    expect(partnerOutcome(contact({ children: [child(1, 'completed')] })).status).toBe('screening');
  });

  it('counts a child offered to a receiving team as decided', () => {
    expect(
      partnerOutcome(contact({ children: [child(1, 'awaiting_handover', { outcomes: ['assessment'] })] }))
        .status
    ).toBe('decided');
  });

  it('dates a decided contact by its last child’s decision', () => {
    const outcome = partnerOutcome(
      contact({
        children: [
          child(1, 'completed', {
            outcomes: ['no_further_action'],
            authorisedAt: new Date('2026-11-18T10:00:00Z'),
          }),
          child(2, 'completed', { outcomes: ['early_help'], authorisedAt: new Date('2026-11-19T10:00:00Z') }),
        ],
      })
    );
    expect(outcome).toMatchObject({ status: 'decided', decidedOn: '2026-11-19' });
  });
});

describe('partnerCodes', () => {
  it('never names an open case or a private fostering arrangement', () => {
    expect(partnerCodes(['already_open'])).toEqual(['childrens_social_care']);
    expect(partnerCodes(['private_fostering', 'assessment'])).toEqual(['childrens_social_care']);
  });

  it('maps each outcome the council offers, and anything else to other', () => {
    expect(
      partnerCodes([
        'no_further_action',
        'information_advice',
        'early_help',
        'strategy_discussion',
        'lado',
        'transfer',
        'a_local_outcome',
      ])
    ).toEqual([
      'no_further_action',
      'advice_and_signposting',
      'early_help',
      'strategy_discussion',
      'lado',
      'transfer',
      'other',
    ]);
    expect(partnerCodes([])).toEqual(['other']);
  });
});
