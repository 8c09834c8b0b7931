import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { parseCsv } from '../../shared/csv.ts';
import { replaceComparators } from './comparators.ts';
import { auditTimeliness } from './audit-timeliness.ts';
import { defaultPeriod } from './insight-query.ts';
import { londonDateOf } from '../../shared/working-time.ts';

/*
 * The performance pages on the demo council, as each role sees them: figures for managers, analysts and
 * leaders; a partner's own agency only; the children behind a figure for those who may drill; every
 * trend's CSV the same as its table.
 */

let t: TestApp;
let analyst: TestAgent;
let police: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.signedIn('analyst');
  police = await t.signedIn('partner.police');
});

afterAll(() => t.close());

/** The cells of the first data table after a heading, as text. */
function tableAfter(html: string, id: string): string[][] {
  const from = html.indexOf(`id="${id}"`);
  const table = html.slice(html.indexOf('<table', from), html.indexOf('</table>', from));
  return [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      cell[1]!
        .replace(/<span class="govuk-visually-hidden">[\s\S]*?<\/span>/g, '')
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .trim()
    )
  );
}

describe('the performance pages', () => {
  it('shows each demand measure with a control chart drawn on the server and its data table', async () => {
    const response = await analyst.get('/performance/demand');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Re-referrals within 12 months');
    expect(response.body).toMatch(/<svg[^>]*role="img"/);
    expect(response.body).not.toContain('<script>');
    expect(tableAfter(response.body, 'measure-contacts').length).toBeGreaterThan(2);
  });

  it('gives the same cells in a trend’s CSV as in its table', async () => {
    const page = await analyst.get('/performance/demand');
    const csv = await analyst.get(
      page.body
        .match(/href="(\/performance\/measures\/rereferrals_12m\.csv\?[^"]+)"/)![1]!
        .replaceAll('&amp;', '&')
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parseCsv(csv.body);
    expect(rows).toEqual(tableAfter(page.body, 'measure-rereferrals_12m'));
  });

  it('compares with England and with the statistical neighbours the council imports', async () => {
    const england = await analyst.get('/performance/demand');
    expect(england.body).toMatch(/England 2024-25: <strong>22\.6%<\/strong>/);
    await replaceComparators(t.db, [
      {
        area: 'Statistical neighbours',
        measure: 'rereferrals_12m',
        period: '2024-25',
        value: 19.5,
        source: 'LAIT',
      },
    ]);
    const neighbours = await analyst.get('/performance/demand');
    expect(neighbours.body).toMatch(/Statistical neighbours 2024-25: <strong>19\.5%<\/strong>/);
    // The council's file replaces the shipped figures: it says what it compares with.
    expect(neighbours.body).not.toContain('England 2024-25');
  });

  it('refuses a period that ends before it starts, keeping what was typed', async () => {
    const response = await analyst.get(
      '/performance/decisions?from-day=1&from-month=6&from-year=2026&to-day=1&to-month=5&to-year=2026'
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The last day of the period must be on or after the first day');
    expect(response.body).toMatch(/name="from-month"[^>]*value="6"/);
  });

  it('drills from re-referrals within 12 months to the children and on to a record', async () => {
    const page = await analyst.get('/performance/demand');
    const drill = page.body.match(/href="(\/performance\/measures\/rereferrals_12m\/children\?[^"]+)"/);
    expect(drill).not.toBeNull();
    const children = await analyst.get(drill![1]!.replaceAll('&amp;', '&'));
    expect(children.statusCode).toBe(200);
    const person = children.body.match(/href="\/people\/(\d+)"/);
    expect(person).not.toBeNull();
    const record = await analyst.get(`/people/${person![1]}`);
    expect(record.statusCode).toBe(200);
    const audited = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'person.list')
      .orderBy('id', 'desc')
      .select('details')
      .executeTakeFirstOrThrow();
    expect((audited.details as { personIds: number[] }).personIds).toContain(Number(person![1]));
  });

  it('gives the same cells in a breakdown’s CSV as in its table', async () => {
    const page = await analyst.get('/performance/decisions');
    const csv = await analyst.get(
      page.body
        .match(/href="(\/performance\/decisions\/nfa_by_agency\.csv\?[^"]+)"/)![1]!
        .replaceAll('&amp;', '&')
    );
    expect(csv.statusCode).toBe(200);
    expect(parseCsv(csv.body)).toEqual(tableAfter(page.body, 'table-nfa_by_agency'));
  });

  it('drills from a cell of a breakdown to exactly the children it counts', async () => {
    const page = await analyst.get('/performance/decisions');
    const cells = [
      ...page.body.matchAll(/href="(\/performance\/decisions\/nfa_by_agency\/children\?[^"]+)">(\d+)</g),
    ];
    expect(cells.length).toBeGreaterThan(0);
    for (const [, href, count] of cells.slice(0, 4)) {
      const children = await analyst.get(href!.replaceAll('&amp;', '&'));
      expect(children.statusCode).toBe(200);
      expect(children.body).toContain(`: ${count} ${count === '1' ? 'case' : 'cases'}.`);
      expect(children.body).toContain('Referring agency');
    }
    // A cell the table does not have is not found.
    expect(
      (await analyst.get('/performance/decisions/nfa_by_agency/children?column=percent&group=1')).statusCode
    ).toBe(404);
    expect(
      (await analyst.get('/performance/demand/nfa_by_agency/children?column=decisions&group=1')).statusCode
    ).toBe(404);
  });

  it('shows a police partner only their own agency’s figures, without the children', async () => {
    const agency = await t.db
      .selectFrom('staff_user')
      .where('username', '=', 'partner.police')
      .select('agency_id')
      .executeTakeFirstOrThrow();
    const other = await t.db
      .selectFrom('agency')
      .where('id', '<>', agency.agency_id)
      .where('kind', '<>', 'council')
      .select('id')
      .executeTakeFirstOrThrow();
    // Asking for another agency's figures still gives the partner their own.
    const response = await police.get(`/performance/decisions?agency=${other.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('your agency’s figures only');
    expect(response.body).not.toContain('/children?');
    const asAnalyst = await analyst.get(`/performance/decisions?agency=${agency.agency_id}`);
    expect(tableAfter(response.body, 'measure-nfa_rate')).toEqual(
      tableAfter(asAnalyst.body, 'measure-nfa_rate')
    );
    expect(tableAfter(response.body, 'measure-nfa_rate')).not.toEqual(
      tableAfter((await analyst.get('/performance/decisions')).body, 'measure-nfa_rate')
    );
    expect((await police.get('/performance/measures/nfa_rate/children')).statusCode).toBe(403);
    expect((await police.get('/performance/workload')).statusCode).toBe(403);
  });

  it('shows the workload and what is waiting on whom to a manager', async () => {
    const manager = await t.signedIn('manager');
    const response = await manager.get('/performance/workload');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('What is waiting on whom');
    const counts = [...response.body.matchAll(/href="(\/performance\/workload\/children\?[^"]+)">(\d+)</g)];
    expect(counts.length).toBeGreaterThan(0);
    for (const [, href, count] of counts.slice(0, 4)) {
      const children = await manager.get(href!.replaceAll('&amp;', '&'));
      expect(children.statusCode).toBe(200);
      expect(children.body).toContain(`As it stands now: ${count} ${count === '1' ? 'case' : 'cases'}.`);
    }
  });
});

describe('case audits on the performance pages', () => {
  it('shows the council’s audits completed against due, as the assurance area counts them, and not to partners', async () => {
    const period = defaultPeriod(londonDateOf(t.clock.now()));
    // The demo's sample is due after the last whole month: bring one audit's due date into the period.
    const audit = await t.db.selectFrom('case_audit').select('id').orderBy('id').executeTakeFirstOrThrow();
    await t.db.updateTable('case_audit').set({ due_on: period.to }).where('id', '=', audit.id).execute();
    const counted = await auditTimeliness(t.db, period);
    expect(counted.due).toBeGreaterThan(0);
    const page = (await analyst.get('/performance')).body;
    const figure = /data-testid="audits-against-due">([^<]+)/.exec(page)![1]!;
    expect(figure).toContain(`Of ${counted.due} case ${counted.due === 1 ? 'audit' : 'audits'} due`);
    expect(figure).toContain(`${counted.onTime} by`);
    expect(figure).toMatch(new RegExp(`${counted.completed} (was|were) completed`));
    expect((await police.get('/performance')).body).not.toContain('audits-against-due');
  });
});
