import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, type Db } from '../../platform/db/database.ts';
import { openPool } from '../../platform/db/pool.ts';
import { DEMO_COUNCIL_SETTINGS } from '../../demo/organisation.ts';
import { databaseUrlFor } from '../../../test/support/postgres-urls.ts';
import { rebuildInsightFacts, refreshInsightFacts } from './insight-facts.ts';
import type { InsightScope } from './insight-scope.ts';
import { cellListing } from './breakdown-cells.ts';
import { figureTable, groupKey } from './breakdown-tables.ts';
import { pageOfChildren } from './children-behind.ts';
import {
  BREAKDOWN_IDS,
  breakdown,
  childrenListing,
  middleOf,
  monthlyValues,
  periodValues,
} from './measure-queries.ts';
import { MEASURE_IDS, MEASURES, type MeasureId } from './measures.ts';
import { workloadCellOf, workloadTables } from './performance-pages.ts';
import { blockages, caseloadsByWorker, openContactsByWorker, workloadListing } from './workload-queries.ts';

/*
 * A council small enough to count by hand. The period is March 2026 and "now" is 15 June 2026.
 * Working days: Monday to Friday, less bank holidays (25, 26 Dec 2025, 1 Jan 2026) and the council's
 * closure on Friday 20 March 2026. March 2026 is GMT until Sunday 29 March, so UTC = UK time below.
 *
 * People (locality of their address; age band at their March contact):
 *   amy  F 2015-05-01 WBRI NONE  North     10 to 15, white, no disability
 *   dup  a second record of amy, merged into amy (its contacts are amy's)
 *   cal  M 2009-01-01 APKN AUT   North     16 and over, asian, disabled
 *   ben  M 2025-10-01 BAFR (null) South    under 1, black, not recorded
 *   dee  F unborn (due 2026-07-01), no ethnicity or disabilities recorded, South
 *   eli, fin, gus: older referrals whose assessments and conferences fall in March.
 * Localities: North 4,000 children, South 6,000: 10,000 in all, so a count is also its rate per 10,000.
 *
 * Contact-children (cc) received in March, with their authorised decisions:
 *   cc1 amy  2 Mar 09:00 police (5A), police_notification, North. Assessment (3→3), proposed 10:00,
 *            authorised 12:00; due 3 Mar 09:00; RAG due 13:00. Referral 2 Mar; assessment started 3 Mar (open).
 *            Repeat: amy's contact of 10 June 2025.
 *   cc2 cal  same contact. No further action (indicated 2, chosen 1), proposed 3 Mar 08:00, authorised
 *            10:00: after the 09:00 due time. No rating.
 *   cc3 ben  Saturday 7 Mar 22:00, out of hours, family (1A), South, no agency. Strategy discussion (4→4),
 *            proposed 9 Mar 09:00, first manager 11:00, second sign-off 11 Mar 10:00 (49 hours): after the
 *            due time (10 Mar 09:00; extended to 12 Mar, which does not count) and the red RAG time (8 Mar
 *            02:00). Referral 7 Mar, a re-referral; its episode is linked by the referral only. Strategy
 *            discussion 9 Mar → section 47 from 9 Mar → initial conference Friday 27 Mar (13 working days:
 *            the 20th is closed) → plan 27 Mar. Assessment started 10 Mar (open).
 *   cc4 dee  16 Mar 11:00 school (3A), email, no contact address (dee's: South). Early help (2→2), proposed
 *            14:00, authorised 15:00; due 17 Mar 11:00; RAG due only on the contact-child (19 Mar): within.
 *            Requests: health answered in 22 hours (on time); police still open past its due time (18 Mar);
 *            health answered in 72 hours (late); health withdrawn. Handover to assessment: accepted in 18 hours.
 *   cc5 dup  Friday 20 Mar 10:00 police (5A), phone, contact address South (amy lives North). Not decided.
 *            Repeat: amy's contact of 2 March.
 *   cc6 ?    25 Mar 12:00 public (1B), online form: a boy not yet linked to a record. Not decided.
 * Earlier contacts: amy 10 Jun 2025 (NFA); gus 1 Dec 2025, eli 5 Jan 2026, fin 2 Feb 2026 (assessments).
 *   eli: referral 5 Jan, assessment authorised 10 Mar: 46 working days (19 Jan + 20 Feb + 7 Mar).
 *   fin: referral 2 Feb, assessment authorised 13 Mar: 29 working days (19 Feb + 10 Mar).
 *   gus: referral 1 Dec, assessment still open: 82 working days by 31 Mar (Dec 20, Jan 21, Feb 20, Mar 21),
 *        61 by 28 Feb, 41 by 31 Jan. Section 47 from 2 Feb (no strategy discussion recorded), initial
 *        conference 2 Mar: 20 working days. A review conference on 30 Mar (not an initial one).
 */

const NOW = new Date('2026-06-15T12:00:00Z');
const MARCH: InsightScope = { period: { from: '2026-03-01', to: '2026-03-31' } };

let db: Db;
let close: () => Promise<void>;
const id: Record<string, number> = {};

beforeAll(async () => {
  ({ db, close } = await freshDatabase());
  await migrateToLatest(db);
  await buildCouncil(db);
  await rebuildInsightFacts(db);
}, 120_000);

afterAll(async () => {
  await close?.();
});

describe('periodValues: March 2026, counted by hand', () => {
  it.each([
    ['from its months', false],
    ['in one statement', true],
  ])('gives every measure its hand-counted value, counted %s', async (_, direct) => {
    const values = await periodValues(db, MARCH, MEASURE_IDS, { now: NOW, direct });
    const expected: Record<(typeof MEASURE_IDS)[number], [number, number | null, number | null]> = {
      // cc1–cc6.
      contacts: [6, null, 6],
      // 6 per 10,000 children.
      contacts_per_10k: [6, 10_000, 6],
      // Referrals dated 2 and 7 March (amy, ben).
      referrals: [2, null, 2],
      referrals_per_10k: [2, 10_000, 2],
      // cc1–cc4 have authorised decisions; cc1 and cc3 became referrals.
      contact_to_referral: [2, 4, 50],
      // cc3.
      out_of_hours_contacts: [1, null, 1],
      // Linked: cc1–cc5 (cc6 is not linked). Repeats: cc1 (June 2025), cc5 (2 March, via the merge).
      repeat_contacts_12m: [2, 5, 40],
      // ben's referral is a re-referral.
      rereferrals_12m: [1, 2, 50],
      // Decided in March: cc1 (2nd), cc2 (3rd), cc3 (11th), cc4 (16th); cc2 no further action.
      nfa_rate: [1, 4, 25],
      // All four have both levels; cc2 chose 1 where 2 was indicated.
      below_indicated_level: [1, 4, 25],
      // amy's and ben's assessments started.
      referral_to_assessment: [2, 2, 100],
      // ben's only.
      referral_to_section_47: [1, 2, 50],
      referral_to_conference: [1, 2, 50],
      referral_to_plan: [1, 2, 50],
      // cc1 and cc4 in time; cc2 an hour late; cc3 signed off after the original due time.
      decided_within_one_working_day: [2, 4, 50],
      // On a rating: cc1 (in time), cc3 (late), cc4 (the contact-child's RAG due time, in time).
      decided_within_rag_time: [2, 3, (2 * 100) / 3],
      // 2, 2, 49 and 1 hours: the median of 1, 2, 2, 49 is 2.
      authorisation_hours: [4, null, 2],
      // Answered in March: 22 and 72 hours.
      information_response_hours: [2, null, 47],
      // Due in March: two answered (one on time) and one still open past due; the withdrawn one is not counted.
      information_answered_on_time: [1, 3, 100 / 3],
      // dee's handover, accepted in 18 hours.
      handover_acceptance_hours: [1, null, 18],
      // Authorised in March: eli 46, fin 29 working days.
      assessment_working_days: [2, null, 37.5],
      assessments_within_45_days: [1, 2, 50],
      // gus's, 82 working days after the referral on 31 March.
      open_assessments_past_45_days: [1, null, 1],
      // Held in March: ben's after 13 working days, gus's after 20.
      icpc_within_15_days: [1, 2, 50],
    };
    for (const measure of MEASURE_IDS) {
      const [numerator, denominator, value] = expected[measure];
      expect(values[measure], measure).toEqual({
        numerator,
        denominator,
        value: value === null ? null : expect.closeTo(value, 9),
      });
    }
  });

  it('narrows by each filter, from the dimensions as they were at the contact', async () => {
    const contacts = async (filters: Omit<InsightScope, 'period'>) =>
      (await periodValues(db, { ...MARCH, ...filters }, ['contacts', 'contacts_per_10k'], {
        now: NOW,
      })) as Record<'contacts' | 'contacts_per_10k', { numerator: number; value: number | null }>;
    // North: cc1, cc2 (the contact's address). cc5 was made from South although amy lives North.
    expect((await contacts({ localityId: id.north })).contacts_per_10k).toEqual({
      numerator: 2,
      denominator: 4000,
      value: 5,
    });
    expect((await contacts({ localityId: id.south })).contacts.numerator).toBe(3); // cc3, cc4 (dee's address), cc5
    // No population by sex: the count is shown, the rate is not.
    expect((await contacts({ sex: 'F' })).contacts_per_10k).toEqual({
      numerator: 3,
      denominator: null,
      value: null,
    });
    expect((await contacts({ sex: 'M' })).contacts.numerator).toBe(3); // cal, ben and the boy as described
    expect((await contacts({ ageBand: '10_to_15' })).contacts.numerator).toBe(2); // cc1, cc5
    expect((await contacts({ ageBand: 'unborn' })).contacts.numerator).toBe(1);
    expect((await contacts({ ageBand: 'under_1' })).contacts.numerator).toBe(1);
    expect((await contacts({ ageBand: '16_plus' })).contacts.numerator).toBe(1);
    expect((await contacts({ ethnicGroup: 'white' })).contacts.numerator).toBe(2);
    expect((await contacts({ ethnicGroup: 'not_known' })).contacts.numerator).toBe(2); // dee, the boy
    expect((await contacts({ disability: 'yes' })).contacts.numerator).toBe(1);
    expect((await contacts({ disability: 'no' })).contacts.numerator).toBe(2);
    expect((await contacts({ disability: 'not_recorded' })).contacts.numerator).toBe(3);
    expect((await contacts({ teamId: id.teamTwo })).contacts.numerator).toBe(2); // cc3, cc5
    expect((await contacts({ agencyId: id.police, sex: 'F' })).contacts.numerator).toBe(2); // cc1, cc5
  });

  it("restricts a partner's requests to those sent to their agency", async () => {
    const values = await periodValues(
      db,
      { ...MARCH, agencyId: id.police },
      ['information_answered_on_time', 'information_response_hours', 'nfa_rate'],
      { now: NOW }
    );
    expect(values.information_answered_on_time).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(values.information_response_hours).toEqual({ numerator: 0, denominator: null, value: null });
    expect(values.nfa_rate).toEqual({ numerator: 1, denominator: 2, value: 50 }); // cc1, cc2
  });
});

describe('periodValues of whole months', () => {
  it('is the sum of its months (a median over their cases together), as one statement counts it', async () => {
    const period = { from: '2025-06-01', to: '2026-03-31' };
    for (const filters of [{}, { sex: 'M' as const }, { agencyId: id.police }]) {
      const scope = { ...filters, period };
      const direct = await periodValues(db, scope, MEASURE_IDS, { now: NOW, direct: true });
      // Twice: the second time from the months already counted.
      for (const _ of [1, 2])
        expect(await periodValues(db, scope, MEASURE_IDS, { now: NOW }), JSON.stringify(filters)).toEqual(
          direct
        );
    }
  });

  it("a median over several months is the middle of all their cases, not of the months' medians", async () => {
    // March's authorisations took 1, 2, 2 and 49 hours; the period before has more.
    const [months, direct] = await Promise.all([
      periodValues(db, { period: { from: '2025-06-01', to: '2026-03-31' } }, ['authorisation_hours'], {
        now: NOW,
      }),
      periodValues(db, { period: { from: '2025-06-01', to: '2026-03-31' } }, ['authorisation_hours'], {
        now: NOW,
        direct: true,
      }),
    ]);
    expect(months.authorisation_hours.numerator).toBeGreaterThan(4);
    expect(months.authorisation_hours).toEqual(direct.authorisation_hours);
  });
});

describe('breakdowns of whole months', () => {
  it('are the sums of their months, as one statement counts them', async () => {
    const period = { from: '2025-06-01', to: '2026-03-31' };
    for (const filters of [{}, { sex: 'F' as const }, { agencyId: id.police }]) {
      const scope = { ...filters, period };
      for (const by of BREAKDOWN_IDS) {
        const direct = await breakdown(db, scope, by, { now: NOW, direct: true });
        // Twice: the second time from the months already counted.
        for (const _ of [1, 2])
          expect(await breakdown(db, scope, by, { now: NOW }), `${by} ${JSON.stringify(filters)}`).toEqual(
            direct
          );
      }
    }
  });
});

describe('middleOf', () => {
  it("is PostgreSQL's percentile_cont(0.5)", () => {
    expect(middleOf(new Float64Array())).toBeNull();
    expect(middleOf(Float64Array.of(7))).toBe(7);
    expect(middleOf(Float64Array.of(1, 2, 2, 49))).toBe(2);
    expect(middleOf(Float64Array.of(22, 72))).toBe(47);
    expect(middleOf(Float64Array.of(0.1, 0.2))).toBe(0.1 + 0.5 * (0.2 - 0.1));
  });
});

describe('monthlyValues', () => {
  it('places each case in the month of its own period rule', async () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-07'];
    const trend = await monthlyValues(
      db,
      {},
      months,
      ['contacts', 'nfa_rate', 'assessment_working_days', 'open_assessments_past_45_days'],
      { now: NOW }
    );
    // eli 5 Jan, fin 2 Feb, six in March, none in July.
    expect(trend.contacts.map((month) => month.value)).toEqual([1, 1, 6, 0]);
    expect(trend.nfa_rate.map(({ numerator, denominator }) => [numerator, denominator])).toEqual([
      [0, 1],
      [0, 1],
      [1, 4],
      [0, 0],
    ]);
    expect(trend.assessment_working_days.map((month) => month.value)).toEqual([null, null, 37.5, null]);
    // gus: 41 working days on 31 Jan, 61 on 28 Feb, 82 on 31 Mar; July has not come.
    expect(trend.open_assessments_past_45_days.map((month) => month.value)).toEqual([0, 1, 1, null]);
    expect(trend.contacts.map((month) => month.month)).toEqual(months);
  });

  it('agrees with the period values of each month, for every measure', async () => {
    const lastDays = { '2025-12': '31', '2026-01': '31', '2026-02': '28', '2026-03': '31' };
    const months = Object.keys(lastDays) as (keyof typeof lastDays)[];
    for (const filters of [{}, { sex: 'M' as const }]) {
      // Twice: the second time the settled months come from those already counted.
      for (const _ of [1, 2]) {
        const trend = await monthlyValues(db, filters, months, MEASURE_IDS, { now: NOW });
        for (const [index, month] of months.entries()) {
          const period = { from: `${month}-01`, to: `${month}-${lastDays[month]}` };
          const values = await periodValues(db, { ...filters, period }, MEASURE_IDS, { now: NOW });
          for (const measure of MEASURE_IDS)
            expect(trend[measure][index], `${measure} ${month}`).toEqual({ month, ...values[measure] });
        }
      }
    }
  });

  it('applies the filters', async () => {
    const trend = await monthlyValues(db, { sex: 'F' }, ['2026-03'], ['contacts'], { now: NOW });
    expect(trend.contacts).toEqual([{ month: '2026-03', numerator: 3, denominator: null, value: 3 }]);
  });
});

describe('breakdown', () => {
  it('contacts and referrals by referral source', async () => {
    expect(await breakdown(db, MARCH, 'contacts_by_source')).toEqual([
      { source: '5A', contacts: 3, referrals: 1 },
      { source: '1A', contacts: 1, referrals: 1 },
      { source: '1B', contacts: 1, referrals: 0 },
      { source: '3A', contacts: 1, referrals: 0 },
    ]);
  });

  it('contacts by presenting need', async () => {
    expect(await breakdown(db, MARCH, 'contacts_by_need')).toEqual([
      { factorCode: '3B', contacts: 2 },
      { factorCode: '1B', contacts: 1 },
      { factorCode: '4B', contacts: 1 },
    ]);
  });

  it('decisions by outcome, and by route', async () => {
    expect(
      (await breakdown(db, MARCH, 'decisions_by_outcome')).map((row) => [row.outcome, row.decisions])
    ).toEqual([
      ['assessment', 1],
      ['early_help', 1],
      ['no_further_action', 1],
      ['strategy_discussion', 1],
    ]);
    expect(
      (await breakdown(db, MARCH, 'outcome_by_route')).map((row) => [row.channel, row.outcome, row.decisions])
    ).toEqual([
      ['email', 'early_help', 1],
      ['out_of_hours', 'strategy_discussion', 1],
      ['police_notification', 'assessment', 1],
      ['police_notification', 'no_further_action', 1],
    ]);
    expect(await breakdown(db, MARCH, 'out_of_hours_by_outcome')).toEqual([
      { outcome: 'strategy_discussion', label: 'Strategy discussion (section 47)', contacts: 1 },
    ]);
  });

  it('no further action by referring agency, and the level matrix', async () => {
    expect(await breakdown(db, MARCH, 'nfa_by_agency')).toEqual([
      { agencyId: id.police, agencyName: 'Police', decisions: 2, nfa: 1, percent: 50 },
      { agencyId: id.school, agencyName: 'School', decisions: 1, nfa: 0, percent: 0 },
      { agencyId: null, agencyName: null, decisions: 1, nfa: 0, percent: 0 },
    ]);
    expect(await breakdown(db, MARCH, 'level_matrix')).toEqual([
      { indicatedLevel: 2, chosenLevel: 1, decisions: 1 },
      { indicatedLevel: 2, chosenLevel: 2, decisions: 1 },
      { indicatedLevel: 3, chosenLevel: 3, decisions: 1 },
      { indicatedLevel: 4, chosenLevel: 4, decisions: 1 },
    ]);
  });

  it('gives the same breakdowns asked for together (sharing one pass) as one by one', async () => {
    const decisionBreakdowns = [
      'decisions_by_outcome',
      'outcome_by_route',
      'nfa_by_agency',
      'level_matrix',
    ] as const;
    const together = await Promise.all(decisionBreakdowns.map((by) => breakdown(db, MARCH, by)));
    for (const [index, by] of decisionBreakdowns.entries())
      expect(together[index], by).toEqual(await breakdown(db, MARCH, by));
  });

  it('information requests by agency and handovers by team', async () => {
    expect(await breakdown(db, MARCH, 'information_requests_by_agency', { now: NOW })).toEqual([
      {
        agencyId: id.health,
        agencyName: 'Health',
        sent: 3,
        answered: 2,
        medianHours: 47,
        onTime: 1,
        onTimeOf: 2,
        onTimePercent: 50,
        openOverdue: 0,
      },
      {
        agencyId: id.police,
        agencyName: 'Police',
        sent: 1,
        answered: 0,
        medianHours: null,
        onTime: 0,
        onTimeOf: 1,
        onTimePercent: 0,
        openOverdue: 1,
      },
    ]);
    expect(await breakdown(db, MARCH, 'handovers_by_team')).toEqual([
      {
        teamId: id.assessmentTeam,
        teamName: 'Assessment',
        offered: 2,
        accepted: 1,
        returned: 1,
        medianHours: 18,
      },
    ]);
  });

  it('assessment working days in bins', async () => {
    expect(await breakdown(db, MARCH, 'assessment_days_distribution')).toEqual([
      { bin: '0–10', assessments: 0 },
      { bin: '11–20', assessments: 0 },
      { bin: '21–30', assessments: 1 }, // fin, 29
      { bin: '31–45', assessments: 0 },
      { bin: '46–60', assessments: 1 }, // eli, 46
      { bin: '61+', assessments: 0 },
    ]);
  });
});

/** Every child behind a measure (all on one page). */
async function childrenBehind(scope: InsightScope, measure: MeasureId, month?: string) {
  return pageOfChildren(db, childrenListing(scope, measure, month, { now: NOW }), 1, 1000);
}

describe('the children behind a measure', () => {
  it('lists the children behind a numerator, with the date that placed them and a fact', async () => {
    expect((await childrenBehind(MARCH, 'rereferrals_12m')).rows).toEqual([
      { personId: id.ben, date: '2026-03-07', fact: 'Re-referral within 12 months' },
    ]);
    // cc5 was about the merged record: the child is amy.
    expect((await childrenBehind(MARCH, 'repeat_contacts_12m')).rows).toEqual([
      expect.objectContaining({ personId: id.amy, date: '2026-03-02' }),
      expect.objectContaining({ personId: id.amy, date: '2026-03-20' }),
    ]);
    expect((await childrenBehind(MARCH, 'nfa_rate')).rows).toEqual([
      { personId: id.cal, date: '2026-03-03', fact: 'No further action' },
    ]);
    expect((await childrenBehind(MARCH, 'open_assessments_past_45_days')).rows).toEqual([
      { personId: id.gus, date: '2026-03-31', fact: '82 working days since the referral' },
    ]);
    expect((await childrenBehind(MARCH, 'information_answered_on_time')).rows).toEqual([
      { personId: id.dee, date: '2026-03-17', fact: 'Health: answered by the due time' },
    ]);
    expect((await childrenBehind(MARCH, 'icpc_within_15_days')).rows).toEqual([
      { personId: id.ben, date: '2026-03-27', fact: '13 working days' },
    ]);
  });

  it('counts a child not yet linked to a record without listing it', async () => {
    // cc6, the boy of 25 March, is not linked to a record.
    const contacts = await childrenBehind(MARCH, 'contacts');
    expect(contacts.total).toBe(6);
    expect(contacts.linked).toBe(5);
    expect(contacts.rows.map((row) => row.date)).toEqual([
      '2026-03-02',
      '2026-03-02',
      '2026-03-07',
      '2026-03-16',
      '2026-03-20',
    ]);
  });

  it('pages in SQL, oldest first, each case on exactly one page', async () => {
    const listing = childrenListing(MARCH, 'contacts', undefined, { now: NOW });
    const all = (await pageOfChildren(db, listing, 1, 1000)).rows;
    const pages = await Promise.all([1, 2, 3].map((page) => pageOfChildren(db, listing, page, 2)));
    expect(pages.map((page) => page.rows.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.rows)).toEqual(all);
    expect(pages.every((page) => page.total === 6 && page.linked === 5)).toBe(true);
  });

  it('takes a month instead of the period', async () => {
    expect((await childrenBehind(MARCH, 'contacts', '2026-01')).rows).toEqual([
      expect.objectContaining({ date: '2026-01-05' }),
    ]);
  });

  it('has a drill-down for every measure that says it has one, and refuses the others', async () => {
    for (const measure of MEASURE_IDS) {
      if (MEASURES[measure].drill) {
        const count = (await periodValues(db, MARCH, [measure], { now: NOW }))[measure].numerator;
        expect((await childrenBehind(MARCH, measure)).total, measure).toBe(count);
      } else
        expect(() => childrenListing(MARCH, measure, undefined, { now: NOW }), measure).toThrow(RangeError);
    }
  });
});

describe('the children behind a cell of a breakdown', () => {
  it('lists as many cases as every count of every breakdown says', async () => {
    let cells = 0;
    for (const by of BREAKDOWN_IDS) {
      const table = figureTable(by, await breakdown(db, MARCH, by, { now: NOW }));
      for (const [rowIndex, row] of table.rows.entries())
        for (const [index, column] of table.drill.columns.entries()) {
          if (column === null) continue;
          const group = table.drill.groups[rowIndex]!;
          const listing = cellListing(by, column, group, MARCH, NOW)!;
          const { total } = await pageOfChildren(db, listing, 1, 1000);
          expect(total, `${by} ${group} ${column}`).toBe(Number(row[index]));
          cells += total > 0 ? 1 : 0;
        }
    }
    expect(cells).toBeGreaterThan(30);
  });

  it('lists the Police row of no further action by referring agency: cal, whose contact police made', async () => {
    const listing = cellListing('nfa_by_agency', 'nfa', groupKey(id.police!), MARCH, NOW)!;
    expect(await pageOfChildren(db, listing, 1, 50)).toEqual({
      total: 1,
      linked: 1,
      rows: [{ personId: id.cal, date: '2026-03-03', fact: 'Authorised 10:00am on 3 March 2026' }],
    });
    // The public's row: ben's strategy discussion, no agency.
    const none = cellListing('nfa_by_agency', 'decisions', groupKey(null), MARCH, NOW)!;
    expect((await pageOfChildren(db, none, 1, 50)).rows).toEqual([
      { personId: id.ben, date: '2026-03-11', fact: 'Strategy discussion (section 47)' },
    ]);
  });

  it('keeps to the filters', async () => {
    const listing = cellListing(
      'contacts_by_source',
      'contacts',
      groupKey('5A'),
      { ...MARCH, sex: 'F' },
      NOW
    )!;
    // amy's two police contacts (one about her merged record); cal is a boy.
    expect((await pageOfChildren(db, listing, 1, 50)).rows.map((row) => row.personId)).toEqual([
      id.amy,
      id.amy,
    ]);
  });

  it('has no children behind a percentage or a median', () => {
    expect(cellListing('nfa_by_agency', 'percent', groupKey(id.police!), MARCH, NOW)).toBeNull();
    expect(
      cellListing('handovers_by_team', 'medianHours', groupKey(id.assessmentTeam!), MARCH, NOW)
    ).toBeNull();
  });
});

describe('the children behind a count of the workload', () => {
  it('lists as many cases as every count of the workload says, now', async () => {
    await insert('involvement', {
      person_id: id.gus,
      kind: 'assessment',
      started_on: '2025-12-02',
      team_id: id.teamOne,
    });
    const figures = {
      openContacts: await openContactsByWorker(db, NOW),
      caseloads: await caseloadsByWorker(db),
      waiting: await blockages(db, NOW),
    };
    const tables = workloadTables(figures);
    let cells = 0;
    for (const [table, { rows, drill }] of Object.entries(tables) as [
      keyof typeof tables,
      (typeof tables)['open'],
    ][])
      for (const [rowIndex, row] of rows.entries())
        for (const [index, column] of drill.columns.entries()) {
          if (column === null || !/^[0-9]+$/.test(row[index]!)) continue;
          const found = workloadCellOf(figures, { table, column, group: drill.groups[rowIndex]! })!;
          const { total } = await pageOfChildren(db, workloadListing(found.cell, NOW), 1, 1000);
          expect(total, `${table} ${row.join(' ')} ${column}`).toBe(Number(row[index]));
          cells += total > 0 ? 1 : 0;
        }
    expect(cells).toBeGreaterThanOrEqual(6);
    // cc5 is amy's (merged record), waiting in team two; cc6 is not yet linked to a record.
    const open = workloadCellOf(figures, {
      table: 'open',
      column: 'open',
      group: groupKey(id.teamTwo!, null),
    })!;
    expect(await pageOfChildren(db, workloadListing(open.cell, NOW), 1, 50)).toEqual({
      total: 1,
      linked: 1,
      rows: [{ personId: id.amy, date: '2026-03-20', fact: 'Past its due time' }],
    });
    const requests = workloadCellOf(figures, {
      table: 'waiting',
      column: 'overdue',
      group: groupKey('requests', id.police!),
    })!;
    expect((await pageOfChildren(db, workloadListing(requests.cell, NOW), 1, 50)).rows).toEqual([
      { personId: id.dee, date: '2026-03-16', fact: 'Past its due time' },
    ]);
  });
});

// Last: these change the council the tests above counted by hand.
describe("a trend's months counted again when, and only when, they change", () => {
  const requestMeasures = ['information_answered_on_time', 'information_response_hours'] as const;
  const march = async (now: Date) =>
    (await monthlyValues(db, {}, ['2026-03'], requestMeasures, { now })).information_answered_on_time[0]!;

  it('counts a month not yet over as at now: an open request becomes late when its due time passes', async () => {
    // Two of health's are answered, one on time; the police request, due 18 March 12:00, is still open.
    expect(await march(new Date('2026-03-18T11:00:00Z'))).toMatchObject({ numerator: 1, denominator: 2 });
    expect(await march(new Date('2026-03-18T13:00:00Z'))).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it('counts a settled month again after a write to a request or handover in it, and only then', async () => {
    const before = await monthlyValues(
      db,
      {},
      ['2026-03'],
      [...requestMeasures, 'handover_acceptance_hours'],
      {
        now: NOW,
      }
    );
    expect(before.information_response_hours[0]).toMatchObject({ numerator: 2 });
    expect(before.handover_acceptance_hours[0]).toMatchObject({ numerator: 1, value: 18 });
    const police = await db
      .selectFrom('information_request')
      .where('agency_id', '=', id.police!)
      .where('status', '=', 'open')
      .select('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('information_request')
      .set({ status: 'answered', responded_at: new Date('2026-03-18T10:00:00Z') })
      .where('id', '=', police.id)
      .execute();
    await db
      .updateTable('handover')
      .set({ responded_at: new Date('2026-03-17T15:00:00Z') })
      .where('status', '=', 'accepted')
      .execute();
    await refreshInsightFacts(db);
    const after = await monthlyValues(
      db,
      {},
      ['2026-03'],
      [...requestMeasures, 'handover_acceptance_hours'],
      {
        now: NOW,
      }
    );
    // Answered in 45½ hours, on time: three answered, two of them on time.
    expect(after.information_response_hours[0]).toMatchObject({ numerator: 3, value: 45.5 });
    expect(after.information_answered_on_time[0]).toMatchObject({ numerator: 2, denominator: 3 });
    expect(after.handover_acceptance_hours[0]).toMatchObject({ numerator: 1, value: 24 });
    const periodAfter = await periodValues(db, MARCH, [...requestMeasures, 'handover_acceptance_hours'], {
      now: NOW,
    });
    for (const measure of [...requestMeasures, 'handover_acceptance_hours'] as const)
      expect(after[measure][0]).toEqual({ month: '2026-03', ...periodAfter[measure] });
  });
});

/** An empty database, in memory or on the PostgreSQL test server. */
async function freshDatabase(): Promise<{ db: Db; close(): Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pool = await openPool({ dataDir: 'memory://' });
    const fresh = createDb(pool);
    return { db: fresh, close: () => fresh.destroy().then(() => pool.close()) };
  }
  const name = `frontdoor_test_insight_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const pool = await openPool({ databaseUrl: databaseUrlFor(databaseUrl, name), dataDir: '' });
  const fresh = createDb(pool);
  return {
    db: fresh,
    close: async () => {
      await fresh.destroy();
      await pool.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

/** Inserts a row and returns its id. */
async function insert(table: string, values: Record<string, unknown>): Promise<number> {
  const row = await (db as unknown as Db)
    .insertInto(table as 'agency')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function buildCouncil(db: Db): Promise<void> {
  await db
    .insertInto('council')
    .values({
      name: 'Testmoor',
      la_code: '998',
      settings: JSON.stringify({ ...DEMO_COUNCIL_SETTINGS, closures: ['2026-03-20'] }),
    })
    .execute();
  id.north = await insert('locality', { name: 'North', child_population: 4000 });
  id.south = await insert('locality', { name: 'South', child_population: 6000 });
  id.police = await insert('agency', { name: 'Police', kind: 'police' });
  id.school = await insert('agency', { name: 'School', kind: 'education' });
  id.health = await insert('agency', { name: 'Health', kind: 'health' });
  id.council = await insert('agency', { name: 'Testmoor Council', kind: 'council' });
  id.teamOne = await insert('team', { name: 'Front door one', kind: 'front_door', agency_id: id.council });
  id.teamTwo = await insert('team', { name: 'Front door two', kind: 'front_door', agency_id: id.council });
  id.assessmentTeam = await insert('team', { name: 'Assessment', kind: 'assessment', agency_id: id.council });
  const staff = await insert('staff_user', {
    username: 'worker',
    display_name: 'A Worker',
    email: 'worker@example.invalid',
    role: 'team_manager',
    agency_id: id.council,
  });
  const address = (locality: number) =>
    insert('address', {
      line1: '1 Test Street',
      town: 'Testmoor',
      postcode: 'NM1 1AA',
      locality_id: locality,
    });
  const [northHome, southHome] = [await address(id.north), await address(id.south)];

  const person = (values: Record<string, unknown>) =>
    insert('person', { given_name: 'Test', family_name: 'Child', sex: 'U', ...values });
  id.amy = await person({
    sex: 'F',
    date_of_birth: '2015-05-01',
    ethnicity: 'WBRI',
    disabilities: ['NONE'],
    address_id: northHome,
  });
  id.dup = await person({
    sex: 'F',
    date_of_birth: '2015-05-01',
    address_id: southHome,
    merged_into_id: id.amy,
  });
  id.cal = await person({
    sex: 'M',
    date_of_birth: '2009-01-01',
    ethnicity: 'APKN',
    disabilities: ['AUT'],
    address_id: northHome,
  });
  id.ben = await person({ sex: 'M', date_of_birth: '2025-10-01', ethnicity: 'BAFR', address_id: southHome });
  id.dee = await person({ sex: 'F', expected_date_of_birth: '2026-07-01', address_id: southHome });
  id.eli = await person({
    sex: 'M',
    date_of_birth: '2020-06-01',
    ethnicity: 'MWBC',
    disabilities: ['NONE'],
    address_id: northHome,
  });
  id.fin = await person({
    sex: 'M',
    date_of_birth: '2012-03-10',
    ethnicity: 'WBRI',
    disabilities: ['NONE'],
    address_id: southHome,
  });
  id.gus = await person({
    sex: 'M',
    date_of_birth: '2013-01-01',
    ethnicity: 'WBRI',
    disabilities: ['NONE'],
    address_id: northHome,
  });

  let reference = 0;
  const contact = (receivedAt: string, values: Record<string, unknown>) =>
    insert('contact', {
      reference: `T-${++reference}`,
      received_at: receivedAt,
      recorded_at: receivedAt,
      channel: 'phone',
      referral_source: '5A',
      ...values,
    });
  const child = (contactId: number, values: Record<string, unknown>) =>
    insert('contact_child', { contact_id: contactId, status: 'completed', ...values });
  const decide = (contactChildId: number, values: Record<string, unknown>) =>
    insert('decision', {
      contact_child_id: contactChildId,
      rationale: 'Recorded',
      status: 'authorised',
      ...values,
    });
  const refer = (contactChildId: number, personId: number, date: string, rereferral = false) =>
    insert('referral', {
      contact_child_id: contactChildId,
      person_id: personId,
      referral_date: date,
      referral_source: '5A',
      is_rereferral: rereferral,
    });
  const recorded = { recorded_by: staff, recorded_at: '2026-06-01T12:00:00Z' };
  const episode = (values: Record<string, unknown>) =>
    insert('cin_episode', { referral_source: '5A', ...recorded, ...values });
  const assess = (episodeId: number, startedOn: string, authorisedOn: string | null = null) =>
    insert('cin_assessment', {
      episode_id: episodeId,
      started_on: startedOn,
      authorised_on: authorisedOn,
      ...recorded,
    });

  // amy, 10 June 2025 (BST): no further action.
  const c0 = await contact('2025-06-10T10:00:00Z', { referrer_agency_id: id.police, address_id: northHome });
  const cc0 = await child(c0, {
    person_id: id.amy,
    team_id: id.teamOne,
    decision_due_at: '2025-06-11T10:00:00Z',
  });
  await decide(cc0, {
    outcome: 'no_further_action',
    proposed_at: '2025-06-10T12:00:00Z',
    authorised_at: '2025-06-10T14:00:00Z',
  });

  // cc1 amy and cc2 cal: one police contact about both.
  const c1 = await contact('2026-03-02T09:00:00Z', {
    referrer_agency_id: id.police,
    channel: 'police_notification',
    address_id: northHome,
  });
  id.cc1 = await child(c1, {
    person_id: id.amy,
    team_id: id.teamOne,
    decision_due_at: '2026-03-03T09:00:00Z',
  });
  id.cc2 = await child(c1, {
    person_id: id.cal,
    team_id: id.teamOne,
    decision_due_at: '2026-03-03T09:00:00Z',
  });
  await db
    .insertInto('contact_concern')
    .values([
      { contact_child_id: id.cc1, factor_code: '3B' },
      { contact_child_id: id.cc1, factor_code: '4B' },
      { contact_child_id: id.cc2, factor_code: '3B' },
    ])
    .execute();
  await decide(id.cc1, {
    outcome: 'assessment',
    indicated_level: 3,
    chosen_level: 3,
    proposed_at: '2026-03-02T10:00:00Z',
    authorised_at: '2026-03-02T12:00:00Z',
    rag_due_at: '2026-03-02T13:00:00Z',
  });
  // A returned proposal before it: never counted.
  await decide(id.cc2, {
    outcome: 'assessment',
    status: 'returned',
    indicated_level: 2,
    chosen_level: 2,
    proposed_at: '2026-03-02T15:00:00Z',
    authorised_at: '2026-03-02T16:00:00Z',
  });
  await decide(id.cc2, {
    outcome: 'no_further_action',
    indicated_level: 2,
    chosen_level: 1,
    proposed_at: '2026-03-03T08:00:00Z',
    authorised_at: '2026-03-03T10:00:00Z',
  });
  const amyReferral = await refer(id.cc1, id.amy, '2026-03-02');
  const amyEpisode = await episode({
    person_id: id.amy,
    referral_id: amyReferral,
    contact_child_id: id.cc1,
    referral_date: '2026-03-02',
  });
  await assess(amyEpisode, '2026-03-03');

  // cc3 ben: out of hours on a Saturday night.
  const c2 = await contact('2026-03-07T22:00:00Z', {
    channel: 'out_of_hours',
    out_of_hours: true,
    referral_source: '1A',
    address_id: southHome,
  });
  id.cc3 = await child(c2, {
    person_id: id.ben,
    team_id: id.teamTwo,
    decision_due_at: '2026-03-10T09:00:00Z',
    decision_extended_to: '2026-03-12T09:00:00Z',
  });
  await db.insertInto('contact_concern').values({ contact_child_id: id.cc3, factor_code: '1B' }).execute();
  await decide(id.cc3, {
    outcome: 'strategy_discussion',
    indicated_level: 4,
    chosen_level: 4,
    proposed_at: '2026-03-09T09:00:00Z',
    authorised_at: '2026-03-09T11:00:00Z',
    second_authorised_at: '2026-03-11T10:00:00Z',
    rag_due_at: '2026-03-08T02:00:00Z',
  });
  const benReferral = await refer(id.cc3, id.ben, '2026-03-07', true);
  const benEpisode = await episode({
    person_id: id.ben,
    referral_id: benReferral,
    referral_date: '2026-03-07',
  });
  await assess(benEpisode, '2026-03-10');
  const discussion = await insert('strategy_discussion', {
    contact_child_id: id.cc3,
    convened_at: '2026-03-09T10:00:00Z',
    recorded_by: staff,
    recorded_at: '2026-03-09T12:00:00Z',
    team_id: id.teamTwo,
    worker_id: staff,
  });
  const benEnquiry = await insert('section_47_enquiry', {
    episode_id: benEpisode,
    strategy_discussion_id: discussion,
    started_on: '2026-03-09',
    ...recorded,
  });
  await insert('child_protection_conference', {
    episode_id: benEpisode,
    kind: 'initial',
    held_on: '2026-03-27',
    section_47_enquiry_id: benEnquiry,
    resulted_in_plan: true,
    ...recorded,
  });
  await insert('child_protection_plan', {
    episode_id: benEpisode,
    started_on: '2026-03-27',
    initial_category: 'NEG',
    latest_category: 'NEG',
    ...recorded,
  });

  // cc4 dee: school, no contact address.
  const c3 = await contact('2026-03-16T11:00:00Z', {
    referrer_agency_id: id.school,
    referral_source: '3A',
    channel: 'email',
  });
  id.cc4 = await child(c3, {
    person_id: id.dee,
    team_id: id.teamOne,
    decision_due_at: '2026-03-17T11:00:00Z',
    rag: 'green',
    rag_due_at: '2026-03-19T11:00:00Z',
  });
  const deeDecision = await decide(id.cc4, {
    outcome: 'early_help',
    indicated_level: 2,
    chosen_level: 2,
    proposed_at: '2026-03-16T14:00:00Z',
    authorised_at: '2026-03-16T15:00:00Z',
  });
  const request = (agency: number, requestedAt: string, dueAt: string, values: Record<string, unknown>) =>
    insert('information_request', {
      contact_child_id: id.cc4,
      agency_id: agency,
      question: 'What do you know?',
      consent_status: 'given',
      requested_by: staff,
      requested_at: requestedAt,
      due_at: dueAt,
      ...values,
    });
  await request(id.health, '2026-03-16T12:00:00Z', '2026-03-17T12:00:00Z', {
    status: 'answered',
    responded_at: '2026-03-17T10:00:00Z',
  });
  await request(id.police, '2026-03-16T12:30:00Z', '2026-03-18T12:00:00Z', {});
  await request(id.health, '2026-03-16T13:00:00Z', '2026-03-18T13:00:00Z', {
    status: 'answered',
    responded_at: '2026-03-19T13:00:00Z',
  });
  await request(id.health, '2026-03-16T13:00:00Z', '2026-03-18T13:00:00Z', { status: 'withdrawn' });
  await insert('handover', {
    contact_child_id: id.cc4,
    decision_id: deeDecision,
    to_team_id: id.assessmentTeam,
    status: 'accepted',
    offered_by: staff,
    offered_at: '2026-03-16T15:00:00Z',
    responded_at: '2026-03-17T09:00:00Z',
  });
  await insert('handover', {
    contact_child_id: id.cc3,
    to_team_id: id.assessmentTeam,
    status: 'returned',
    offered_by: staff,
    offered_at: '2026-03-11T11:00:00Z',
    responded_at: '2026-03-12T09:00:00Z',
    return_reason: 'Belongs with child protection',
  });

  // cc5: amy's merged record, from a South address; not decided.
  const c4 = await contact('2026-03-20T10:00:00Z', { referrer_agency_id: id.police, address_id: southHome });
  id.cc5 = await child(c4, {
    person_id: id.dup,
    team_id: id.teamTwo,
    status: 'screening',
    decision_due_at: '2026-03-23T10:00:00Z',
  });

  // cc6: a boy the public told us about, not yet linked.
  const c5 = await contact('2026-03-25T12:00:00Z', { referral_source: '1B', channel: 'online_form' });
  id.cc6 = await child(c5, {
    described_child: JSON.stringify({ givenName: 'Unknown', familyName: 'Boy', sex: 'M' }),
    status: 'new',
    decision_due_at: '2026-03-26T12:00:00Z',
  });

  // Earlier referrals whose onward steps fall in March.
  const earlier = async (key: string, personId: number, receivedAt: string, date: string) => {
    const made = await contact(receivedAt, { referrer_agency_id: id.school, referral_source: '3A' });
    const cc = await child(made, { person_id: personId, team_id: id.teamOne, decision_due_at: receivedAt });
    id[key] = cc;
    await decide(cc, { outcome: 'assessment', proposed_at: receivedAt, authorised_at: receivedAt });
    const referral = await refer(cc, personId, date);
    return episode({ person_id: personId, referral_id: referral, contact_child_id: cc, referral_date: date });
  };
  await assess(
    await earlier('cc7', id.eli, '2026-01-05T09:00:00Z', '2026-01-05'),
    '2026-01-06',
    '2026-03-10'
  );
  await assess(
    await earlier('cc8', id.fin, '2026-02-02T09:00:00Z', '2026-02-02'),
    '2026-02-03',
    '2026-03-13'
  );
  const gusEpisode = await earlier('cc9', id.gus, '2025-12-01T09:00:00Z', '2025-12-01');
  await assess(gusEpisode, '2025-12-02');
  const gusEnquiry = await insert('section_47_enquiry', {
    episode_id: gusEpisode,
    started_on: '2026-02-02',
    ...recorded,
  });
  await insert('child_protection_conference', {
    episode_id: gusEpisode,
    kind: 'initial',
    held_on: '2026-03-02',
    section_47_enquiry_id: gusEnquiry,
    resulted_in_plan: true,
    ...recorded,
  });
  const gusPlan = await insert('child_protection_plan', {
    episode_id: gusEpisode,
    started_on: '2026-03-02',
    initial_category: 'NEG',
    latest_category: 'NEG',
    ...recorded,
  });
  await insert('child_protection_conference', {
    episode_id: gusEpisode,
    kind: 'review',
    held_on: '2026-03-30',
    child_protection_plan_id: gusPlan,
    ...recorded,
  });
}
