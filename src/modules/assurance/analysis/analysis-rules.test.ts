import { describe, expect, it } from 'vitest';
import type { AuditorView } from '../audits/audit-summary.ts';
import { cohensKappa } from '../consistency/agreement.ts';
import { partnerPath } from './analysis-pages.ts';
import { agreementOf } from './analysis.service.ts';
import { timeBandOf } from './consistency-decisions.ts';

const view = (
  decided: [number | null, string | null],
  auditor: [number | null, string | null]
): AuditorView => ({
  contactChildId: 1,
  teamId: null,
  decidedLevel: decided[0],
  auditorLevel: auditor[0],
  decidedOutcome: decided[1],
  auditorOutcome: auditor[1],
});

describe('agreement between the decision and the auditor', () => {
  it('compares only the audits that recorded both sides, levels weighted and outcomes not', () => {
    const views = [
      view([3, 'assessment'], [3, 'assessment']),
      view([2, 'early_help'], [3, 'assessment']),
      view([1, 'no_further_action'], [1, 'no_further_action']),
      view([2, 'early_help'], [2, 'early_help']),
      view([null, 'early_help'], [2, null]),
    ];
    const agreement = agreementOf(views);
    expect(agreement.audits).toBe(5);
    expect(agreement.levels.pairs).toHaveLength(4);
    expect(agreement.outcomes.pairs).toHaveLength(4);
    expect(agreement.levels.kappa).toEqual(cohensKappa(agreement.levels.pairs, [1, 2, 3, 4], 'linear'));
    expect(agreement.outcomes.kappa).toEqual(
      cohensKappa(agreement.outcomes.pairs, ['assessment', 'early_help', 'no_further_action'])
    );
  });

  it('has nothing to say when no audits were completed', () => {
    expect(agreementOf([])).toEqual({
      audits: 0,
      levels: { pairs: [], kappa: null },
      outcomes: { pairs: [], kappa: null },
    });
  });
});

describe('the time of day a contact came in', () => {
  it('puts each hour in its band', () => {
    expect([0, 7, 8, 11, 12, 16, 17, 21, 22, 23].map(timeBandOf)).toEqual([
      'night',
      'night',
      'morning',
      'morning',
      'afternoon',
      'afternoon',
      'evening',
      'evening',
      'night',
      'night',
    ]);
  });
});

describe('a partner’s address', () => {
  it('names the agency, or the organisation within it', () => {
    expect(partnerPath({ agencyId: 4, organisationKey: null })).toBe('/assurance/partners/agency-4');
    expect(partnerPath({ agencyId: 4, organisationKey: 'st mary’s c of e / primary' })).toBe(
      '/assurance/partners/agency-4-organisation-st%20mary%E2%80%99s%20c%20of%20e%20%2F%20primary'
    );
  });
});
