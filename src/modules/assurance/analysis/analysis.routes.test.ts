import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { refreshInsightFacts } from '../../performance/insight-facts.ts';
import { analyseConsistency } from '../consistency/consistency-model.ts';
import { generateDecisions } from '../consistency/synthetic.ts';
import { consistencyDecisions } from './consistency-decisions.ts';
import { asRecorded, plantDecisions } from './planted-decisions.ts';

/*
 * The analysis pages on the seeded test council. Two years before its history begins, seeded decisions
 * are written into the records: in 2019 one team escalates less on Fridays for the same need (odds × 0.3),
 * in 2018 nothing differs but chance. The page must find the first and flag nothing in the second.
 */

const PLANTED = { team: 'Team C', weekday: 'Fri', oddsRatio: 0.3 } as const;
const DECISIONS = 6000;
const YEAR_2019 = { from: '2019-01-01', to: '2019-12-31' };
const YEAR_2018 = { from: '2018-01-01', to: '2018-12-31' };
const planted = generateDecisions({ seed: 1, decisions: DECISIONS, planted: PLANTED });
const unplanted = generateDecisions({ seed: 503, decisions: DECISIONS });

let t: TestApp;
let qa: TestAgent;
let police: TestAgent;
let policeAgencyId: number;

beforeAll(async () => {
  t = await createTestApp();
  await plantDecisions(t.db, planted, { firstMonday: '2019-01-07', prefix: 'Planted ' });
  await plantDecisions(t.db, unplanted, { firstMonday: '2018-01-08', prefix: 'Steady ' });
  qa = await t.signedIn('qa');
  police = await t.signedIn('partner.police');
  policeAgencyId = (
    await t.db
      .selectFrom('staff_user')
      .where('username', '=', 'partner.police')
      .select('agency_id')
      .executeTakeFirstOrThrow()
  ).agency_id;
}, 180_000);

afterAll(() => t?.close());

function periodQuery({ from, to }: { from: string; to: string }): string {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return `from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}`;
}

/** The finding column of the consistency table, by group. */
function findings(html: string): Map<string, string> {
  const from = html.indexOf('id="consistency-table"');
  const table = html.slice(from, html.indexOf('</table>', from));
  const rows = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.trim())
  );
  return new Map(rows.slice(1).map((cells) => [cells[0]!, cells[cells.length - 1]!]));
}

describe('threshold consistency against a planted effect, through the records', () => {
  it('reads back exactly the decisions written', async () => {
    await refreshInsightFacts(t.db);
    const read = await consistencyDecisions(t.db, { period: YEAR_2019 });
    expect(read.map(({ chosenLevel: _, ...decision }) => decision)).toEqual(asRecorded(planted, 'Planted '));
  });

  it('flags the team that escalates less on Fridays for the same need, and nothing else', async () => {
    const page = await qa.get(`/assurance/consistency?by=teamWeekday&${periodQuery(YEAR_2019)}`);
    expect(page.statusCode).toBe(200);
    const flagged = [...findings(page.body)].filter(([, finding]) => finding.startsWith('Flagged'));
    expect(flagged).toEqual([
      ['Planted Team C, Friday', 'Flagged: fewer escalations than expected for the same need'],
    ]);
    expect(page.body).toContain('What a flag means, and what it does not');
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    // The same as the statistics give on the synthetic decisions themselves.
    const pure = analyseConsistency(planted, { groupBy: ['team', 'weekday'] });
    expect(pure.groups.filter((group) => group.test?.flagged).map((group) => group.key)).toEqual([
      'Team C × Fri',
    ]);
  });

  it('flags nothing where decisions differ only by chance', async () => {
    for (const by of ['teamWeekday', 'team', 'worker', 'agency', 'timeBand']) {
      const page = await qa.get(`/assurance/consistency?by=${by}&${periodQuery(YEAR_2018)}`);
      expect(page.statusCode).toBe(200);
      const flagged = [...findings(page.body)].filter(([, finding]) => finding.startsWith('Flagged'));
      expect(flagged, by).toEqual([]);
      expect(page.body).toContain(
        'none differs from the rest of the service by more than chance would explain'
      );
    }
  });

  it('says when no audits were completed in the period', async () => {
    const page = await qa.get(`/assurance/consistency?${periodQuery(YEAR_2018)}`);
    expect(page.body).toContain('No audits completed in this period.');
  });

  it('refuses a period that ends before it starts, keeping what was typed', async () => {
    const page = await qa.get(
      '/assurance/consistency?by=worker&from-day=1&from-month=6&from-year=2026&to-day=1&to-month=5&to-year=2026'
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The last day of the period must be on or after the first day');
    expect(page.body).toMatch(/name="from-month"[^>]*value="6"/);
    expect(page.body).toMatch(/<option value="worker" selected>/);
  });
});

describe('who sees what', () => {
  it('shows a QA officer every partner and each one’s printable report', async () => {
    const list = await qa.get('/assurance/partners');
    expect(list.statusCode).toBe(200);
    const links = [...list.body.matchAll(/href="(\/assurance\/partners\/agency-[^"?]+)\?/g)].map(
      (m) => m[1]!
    );
    expect(new Set(links.map((link) => link.match(/agency-(\d+)/)![1])).size).toBeGreaterThan(1);
    expect(links.some((link) => link.includes('-organisation-'))).toBe(true);
    const report = await qa.get(links.find((link) => link.includes('-organisation-'))!);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('<link rel="stylesheet" href="/assurance/partner-report.css">');
    expect(report.body).toContain('How complete your contacts were');
    const css = await qa.get('/assurance/partner-report.css');
    expect(css.body).toContain('size: A4');
  });

  it('finds an organisation whatever its name holds', async () => {
    const { id: contactId } = await t.db
      .insertInto('contact')
      .values({
        reference: 'ROUTE-ORG-1',
        received_at: new Date('2026-06-03T10:00:00Z'),
        recorded_at: new Date('2026-06-03T10:00:00Z'),
        channel: 'email',
        referral_source: '3A',
        referrer_agency_id: policeAgencyId,
        referrer_organisation: 'St Mary’s C of E / Primary & Nursery',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('contact_child')
      .values({ contact_id: contactId, status: 'new', decision_due_at: new Date('2026-06-04T10:00:00Z') })
      .execute();
    const list = await qa.get('/assurance/partners');
    const link = list.body.match(
      /href="(\/assurance\/partners\/agency-\d+-organisation-st%20mary[^"?]+)\?/
    )![1]!;
    const report = await qa.get(link);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Feedback for St Mary’s C of E / Primary &amp; Nursery');
  });

  it('shows a police partner their own agency only', async () => {
    const list = await police.get('/assurance/partners');
    expect(list.statusCode).toBe(200);
    const agencies = new Set(
      [...list.body.matchAll(/href="\/assurance\/partners\/agency-(\d+)/g)].map((m) => Number(m[1]))
    );
    expect([...agencies]).toEqual([policeAgencyId]);
    expect((await police.get(`/assurance/partners/agency-${policeAgencyId}`)).statusCode).toBe(200);
    const other = await t.db
      .selectFrom('agency')
      .where('id', '<>', policeAgencyId)
      .where('kind', '<>', 'council')
      .select('id')
      .executeTakeFirstOrThrow();
    expect((await police.get(`/assurance/partners/agency-${other.id}`)).statusCode).toBe(404);
    // The council's own analysis of its staff is not a partner's to see.
    expect((await police.get('/assurance/consistency')).statusCode).toBe(403);
    expect((await police.get('/assurance/quality-timeliness')).statusCode).toBe(403);
  });

  it('refuses the pages to a practitioner, and answers not found for a partner that is no partner', async () => {
    const practitioner = await t.signedIn('practitioner');
    expect((await practitioner.get('/assurance/consistency')).statusCode).toBe(403);
    expect((await practitioner.get('/assurance/partners')).statusCode).toBe(403);
    expect((await qa.get('/assurance/partners/agency-999999')).statusCode).toBe(404);
    expect((await qa.get('/assurance/partners/nonsense')).statusCode).toBe(404);
  });

  it('shows a manager the quality and timeliness matrix with its data table', async () => {
    const manager = await t.signedIn('manager');
    const page = await manager.get('/assurance/quality-timeliness?group=worker');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="matrix-summary"');
  });
});
