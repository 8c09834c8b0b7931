import { describe, expect, it } from 'vitest';
import {
  authorisationRefusal,
  decisionFacts,
  describeSecondSignOffReason,
  extensionProblem,
  managerCommentProblem,
  outcomesProblem,
  proposalRefusal,
  proposalWordsProblem,
  rationaleProblem,
  secondSignOffReasons,
  secondSignOffRefusal,
  type DecisionFacts,
} from './decision-rules.ts';

const nfa = { label: 'No further action', opensSocialCare: false };
const earlyHelp = { label: 'Early help / family help (step down to a named team)', opensSocialCare: false };
const assessment = { label: 'Child and family assessment (section 17)', opensSocialCare: true };

const facts = (overrides: Partial<DecisionFacts>): DecisionFacts => ({
  rag: 'amber',
  indicatedLevel: 2,
  chosenLevel: 2,
  outcomes: [nfa],
  ...overrides,
});

describe('when a decision needs a second sign-off', () => {
  it('needs none for a decision that matches the descriptors and is not a step down from red or level 4', () => {
    expect(secondSignOffReasons(facts({}))).toEqual([]);
    expect(
      secondSignOffReasons(facts({ rag: 'red', indicatedLevel: 4, chosenLevel: 4, outcomes: [assessment] }))
    ).toEqual([]);
    expect(secondSignOffReasons(facts({ chosenLevel: 3 }))).toEqual([]); // above the descriptors
  });

  it('needs one when the level chosen is below the level the descriptors point to', () => {
    expect(secondSignOffReasons(facts({ indicatedLevel: 3, chosenLevel: 2, outcomes: [earlyHelp] }))).toEqual(
      ['level_below_indicated']
    );
  });

  it('needs one for no social-care work on a red contact, or at level 4 indicated or chosen', () => {
    expect(secondSignOffReasons(facts({ rag: 'red' }))).toEqual(['no_social_care_on_red']);
    expect(secondSignOffReasons(facts({ indicatedLevel: 4, chosenLevel: 4 }))).toEqual([
      'no_social_care_at_level_4',
    ]);
    expect(secondSignOffReasons(facts({ rag: 'red', outcomes: [earlyHelp] }))).toEqual([
      'no_social_care_on_red',
    ]);
  });

  it('gives every reason for the case in the issue: red, police high risk, level 4 descriptors, level 1 chosen, NFA', () => {
    const seen = facts({ rag: 'red', indicatedLevel: 4, chosenLevel: 1 });
    const reasons = secondSignOffReasons(seen);
    expect(reasons).toEqual(['level_below_indicated', 'no_social_care_on_red', 'no_social_care_at_level_4']);
    expect(describeSecondSignOffReason('level_below_indicated', seen)).toBe(
      'level 1 was chosen when the descriptors point to level 4'
    );
    expect(describeSecondSignOffReason('no_social_care_on_red', seen)).toBe(
      'no further action opens no social-care work for a child rated red'
    );
  });
});

describe('what the rationale and the manager’s comment must say', () => {
  const seen = facts({ rag: 'red', indicatedLevel: 4, chosenLevel: 1 });
  const reasons = secondSignOffReasons(seen);

  it('refuses “ok” as any rationale', () => {
    expect(rationaleProblem('ok', [], facts({}))).toContain('at least 5 words');
  });

  it('asks for a longer rationale that addresses why, naming the reasons, when a second sign-off is needed', () => {
    const problem = rationaleProblem('Police say the father has left; mother protective.', reasons, seen);
    expect(problem).toContain(
      'needs a second sign-off because level 1 was chosen when the descriptors point to level 4'
    );
    expect(problem).toContain('at least 30 words');
    const long =
      'Police confirmed the father was arrested and is bailed to an address in another county with conditions not ' +
      'to contact the family; the mother has taken protective steps, the school sees the child daily and will call us.';
    expect(rationaleProblem(long, reasons, seen)).toBeNull();
  });

  it('needs the manager to comment only when a second sign-off is needed', () => {
    expect(managerCommentProblem(undefined, [], facts({}))).toBeNull();
    expect(managerCommentProblem(undefined, reasons, seen)).toContain('Comment on why you agree');
    expect(managerCommentProblem('Agreed.', reasons, seen)).toContain('at least 10 words');
  });
});

describe('who may give the second sign-off', () => {
  const label = (role: string) => (role === 'service_manager' ? 'Service manager' : 'Team manager');
  const people = {
    actorId: 3,
    actorRole: 'service_manager' as const,
    proposedBy: 1,
    firstAuthorisedBy: 2,
    allowedRoles: ['service_manager' as const],
  };

  it('is someone in a role the council names, other than the proposer and the first manager', () => {
    expect(secondSignOffRefusal(people, label)).toBeNull();
    expect(secondSignOffRefusal({ ...people, actorRole: 'team_manager' }, label)).toBe(
      'In this council the second sign-off is given by a service manager'
    );
    expect(secondSignOffRefusal({ ...people, actorId: 1 }, label)).toContain('You proposed this decision');
    expect(secondSignOffRefusal({ ...people, actorId: 2 }, label)).toContain(
      'You authorised this decision first'
    );
  });
});

describe('when a decision can be proposed', () => {
  it('needs the child linked to a record, no decision waiting for a manager, and none made', () => {
    expect(proposalRefusal({ personLinked: true, status: 'screening' })).toBeNull();
    expect(proposalRefusal({ personLinked: true, status: 'awaiting_decision' })).toBeNull();
    expect(proposalRefusal({ personLinked: false, status: 'screening' })).toEqual({
      field: 'outcomes',
      message: 'Link the child to their record before proposing a decision',
    });
    expect(proposalRefusal({ personLinked: true, status: 'awaiting_authorisation' })?.message).toBe(
      'A decision is already waiting for a manager to authorise it'
    );
    for (const status of ['completed', 'awaiting_handover'] as const)
      expect(proposalRefusal({ personLinked: true, status })?.message).toBe(
        'This child already has an authorised decision'
      );
  });
});

describe('the outcomes a proposal chooses', () => {
  const offered = [
    { code: 'no_further_action', label: 'No further action', needs_team: false },
    { code: 'information_advice', label: 'Information and advice', needs_team: false },
    { code: 'assessment', label: 'Child and family assessment (section 17)', needs_team: true },
    { code: 'transfer', label: 'Transfer to another council', needs_team: false },
  ];
  const teams = [7, 8];

  it('accepts outcomes from the list, with a receiving team for one that hands the child over', () => {
    expect(outcomesProblem({ outcomes: ['information_advice'] }, offered, teams)).toBeNull();
    expect(outcomesProblem({ outcomes: ['assessment'], receivingTeamId: 8 }, offered, teams)).toBeNull();
    expect(outcomesProblem({ outcomes: ['transfer'], transferTo: 'Northshire' }, offered, teams)).toBeNull();
  });

  it('refuses an outcome not offered (or none), and names the field to put right', () => {
    expect(outcomesProblem({ outcomes: [] }, offered, teams)).toEqual({
      field: 'outcomes',
      message: 'Choose the outcomes from the list',
    });
    expect(outcomesProblem({ outcomes: ['lado'] }, offered, teams)?.field).toBe('outcomes');
  });

  it('needs a receiving team from the list, the council for a transfer, and no further action alone', () => {
    expect(outcomesProblem({ outcomes: ['assessment'] }, offered, teams)).toEqual({
      field: 'receivingTeam',
      message: 'Choose the team that will take on child and family assessment (section 17)',
    });
    expect(outcomesProblem({ outcomes: ['assessment'], receivingTeamId: 99 }, offered, teams)).toEqual({
      field: 'receivingTeam',
      message: 'Choose a receiving team from the list',
    });
    expect(outcomesProblem({ outcomes: ['transfer'] }, offered, teams)).toEqual({
      field: 'transferTo',
      message: 'Name the council the child is transferring to',
    });
    expect(
      outcomesProblem({ outcomes: ['no_further_action', 'information_advice'] }, offered, teams)
    ).toEqual({ field: 'outcomes', message: 'No further action cannot be combined with another outcome' });
  });
});

describe('the facts a decision is weighed on', () => {
  it('counts a referral or passing the child to the worker who holds their case as social-care work', () => {
    const options = [
      { code: 'assessment', label: 'Assessment', is_referral: true },
      { code: 'already_open', label: 'Already open', is_referral: false },
      { code: 'early_help', label: 'Early help', is_referral: false },
    ];
    const facts = decisionFacts(
      {
        outcomes: ['assessment', 'already_open', 'early_help', 'gone'],
        rag: 'red',
        indicatedLevel: 3,
        chosenLevel: 2,
      },
      options
    );
    expect(facts).toEqual({
      rag: 'red',
      indicatedLevel: 3,
      chosenLevel: 2,
      outcomes: [
        { label: 'Assessment', opensSocialCare: true },
        { label: 'Already open', opensSocialCare: true },
        { label: 'Early help', opensSocialCare: false },
      ],
    });
  });

  it('asks for the rationale first, then the child’s views, then the family’s history', () => {
    const words = {
      rationale: 'Advice to the school about friendships is enough here.',
      childsViews: 'She wants help with friendships.',
      historyConsidered: 'No earlier contacts.',
    };
    expect(proposalWordsProblem(words, [], facts({}))).toBeNull();
    expect(proposalWordsProblem({ ...words, rationale: 'ok' }, [], facts({}))?.field).toBe('rationale');
    expect(proposalWordsProblem({ ...words, childsViews: 'n/a' }, [], facts({}))?.field).toBe('childsViews');
    expect(proposalWordsProblem({ ...words, historyConsidered: 'none' }, [], facts({}))?.field).toBe(
      'historyConsidered'
    );
  });
});

describe('who may give a proposed decision its verdict', () => {
  const proposed = { status: 'proposed' as const, proposedBy: 1 };

  it('is another manager, for a decision still proposed; the proposer may return it but not authorise it', () => {
    expect(authorisationRefusal(proposed, 2, 'authorise')).toBeNull();
    expect(authorisationRefusal(proposed, 1, 'return')).toBeNull();
    expect(authorisationRefusal(proposed, 1, 'authorise')).toBe(
      'Another manager must authorise a decision you proposed'
    );
  });

  it('refuses a decision waiting for its second sign-off, or already authorised or returned', () => {
    expect(
      authorisationRefusal({ ...proposed, status: 'awaiting_second_authorisation' }, 2, 'authorise')
    ).toBe('This decision is authorised by a manager and waits for its second sign-off');
    for (const status of ['authorised', 'returned'] as const)
      expect(authorisationRefusal({ ...proposed, status }, 2, 'return')).toBe(
        'This decision has already been authorised or returned'
      );
  });
});

describe('extending the decision timescale', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  const currentDue = new Date('2026-11-23T10:00:00Z');

  it('moves the due time later than both the current one and now, until the decision is made', () => {
    const until = new Date('2026-11-24T12:00:00Z');
    expect(extensionProblem({ status: 'screening', currentDue, until, now })).toBeNull();
    expect(extensionProblem({ status: 'screening', currentDue, until: currentDue, now })).toBe(
      'The new due time must be later than the current one and than now'
    );
    const overdue = new Date('2026-11-19T10:00:00Z');
    expect(extensionProblem({ status: 'screening', currentDue: overdue, until: now, now })).toBe(
      'The new due time must be later than the current one and than now'
    );
    expect(extensionProblem({ status: 'completed', currentDue, until, now })).toBe(
      'The decision has already been made'
    );
  });
});
