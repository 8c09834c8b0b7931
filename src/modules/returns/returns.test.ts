import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { validateAgainstSchema, xmllintAvailable } from '../../../test/support/xmllint.ts';
import { readCensusXml } from './cin-census/census-xml.ts';
import { checkCensus } from './cin-census/check-census.ts';
import { ANNEX_A_LISTS } from './annex-a/annex-a-lists.ts';

/*
 * The returns an analyst downloads for the demo council: the DfE children in need census (valid against
 * the schema, with no error from our own check) and Ofsted's Annex A (every list's headers exactly as
 * annex-a.md gives them). Only analysts, leaders and administrators may; each download is audited.
 */

let t: TestApp;
let analyst: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  analyst = await t.signedIn(demoUser('performance_analyst'));
});

afterAll(() => t.close());

async function lastExport() {
  return t.db
    .selectFrom('audit_event')
    .where('action', '=', 'returns.export')
    .orderBy('id', 'desc')
    .select(['actor_user_id', 'details'])
    .executeTakeFirstOrThrow();
}

describe('the CIN census', () => {
  it('downloads the 2025-26 return for the demo council, with no error from the check, and audits it', async () => {
    const response = await analyst.get('/returns/cin-census/2026/census.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="cin-census-2026.xml"');
    const census = readCensusXml(response.body);
    expect(census.Header?.CollectionDetails?.ReferenceDate).toBe('2026-03-31');
    expect(census.Children.length).toBeGreaterThan(0);
    const check = checkCensus(census);
    expect(check.errors, JSON.stringify(check.children.slice(0, 3), null, 1)).toBe(0);
    const audited = await lastExport();
    expect(audited.details).toMatchObject({ return: 'cin_census', year: 2026, rows: census.Children.length });
  });

  it.skipIf(!xmllintAvailable)('is valid against the DfE schema (CIN_schema_2026.xsd, xmllint)', async () => {
    const response = await analyst.get('/returns/cin-census/2026/census.xml');
    expect(validateAgainstSchema(response.body)).toEqual({ valid: true, messages: '- validates\n' });
  });

  it('shows the check child by child, with the count of errors and queries', async () => {
    const response = await analyst.get('/returns/cin-census/2026/check');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/children in the return\. 0 errors/);
  });
});

describe('Annex A', () => {
  it('downloads one workbook whose sheets carry every list’s headers exactly', async () => {
    const response = await analyst.get('/returns/annex-a.xlsx?asAt-day=20&asAt-month=11&asAt-year=2026');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="annex-a-2026-11-20.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    for (const list of Object.values(ANNEX_A_LISTS)) {
      const sheet = workbook.getWorksheet(list.sheet);
      expect(sheet, list.sheet).toBeDefined();
      const headers = (sheet!.getRow(1).values as unknown[]).slice(1);
      expect(headers, list.sheet).toEqual(list.columns.map((column) => column.header));
    }
    const contacts = workbook.getWorksheet(ANNEX_A_LISTS.list1.sheet)!;
    expect(contacts.rowCount).toBeGreaterThan(1);
    expect((await lastExport()).details).toMatchObject({ return: 'annex_a', asAt: '2026-11-20' });
  });

  it('asks again for a date that does not exist, keeping what was typed', async () => {
    const response = await analyst.get('/returns/annex-a.xlsx?asAt-day=31&asAt-month=2&asAt-year=2026');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The date of the inspection must be a real date');
    expect(response.body).toMatch(/name="asAt-day"[^>]*value="31"/);
  });
});

describe('who may download returns', () => {
  it('refuses a front-door practitioner and a partner agency, and lets a senior leader and an administrator in', async () => {
    for (const role of ['front_door_practitioner', 'partner_agency_practitioner'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get('/returns')).statusCode, role).toBe(403);
      expect((await agent.get('/returns/cin-census/2026/census.xml')).statusCode, role).toBe(403);
    }
    for (const role of ['senior_leader', 'administrator'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get('/returns')).statusCode, role).toBe(200);
    }
  });
});
