import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { TEST_NOW } from '../../../../test/support/test-fixtures.ts';
import {
  docxToPdfText,
  libreOfficeAvailable,
  requireLibreOfficeInCi,
} from '../../../../test/support/libreoffice.ts';
import { seedSelfEvaluation } from '../../../demo/self-evaluation.ts';
import { refreshInsightFacts } from '../../performance/insight-facts.ts';
import { periodValues } from '../../performance/measure-queries.ts';
import type { MeasureId } from '../../performance/measures.ts';
import { figureText } from './sef-evidence.ts';

/*
 * The SEF workspace over HTTP on the demo council: contributors from the council and the police write in
 * an area, two saves of one entry never overwrite each other, the evidence is the performance pages'
 * figures for the period, and the Appendix C report is a well-formed DOCX with the same figures.
 */

let t: TestApp;
let qa: TestAgent;
let manager: TestAgent;
let police: TestAgent;
let sefId: number;

beforeAll(async () => {
  t = await createTestApp();
  await seedSelfEvaluation(t.db, { now: TEST_NOW });
  sefId = (await t.db.selectFrom('sef').select('id').executeTakeFirstOrThrow()).id;
  [qa, manager, police] = await Promise.all([
    t.signedIn('qa'),
    t.signedIn('manager'),
    t.signedIn('partner.police'),
  ]);
});

afterAll(() => t.close());

const entryOf = (area: string, username: string) =>
  t.db
    .selectFrom('sef_entry')
    .innerJoin('staff_user', 'staff_user.id', 'sef_entry.author_user_id')
    .where('sef_entry.area', '=', area)
    .where('staff_user.username', '=', username)
    .select(['sef_entry.id', 'sef_entry.version'])
    .executeTakeFirstOrThrow();

/** A measure's figure for the demo SEF's period, worked out straight from the performance queries. */
async function figureOf(measure: MeasureId): Promise<string> {
  await refreshInsightFacts(t.db);
  const period = { from: '2026-04-01', to: '2027-03-31' };
  const values = await periodValues(t.db, { period }, [measure], { now: TEST_NOW });
  return figureText(measure, values[measure]);
}
const contactsFigure = () => figureOf('contacts');

describe('the self-evaluation workspace', () => {
  it('lists the demo SEF and shows its areas, evidence from the performance measures, and priorities', async () => {
    const list = await qa.get('/assurance/sef');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('2026-27');
    const page = await qa.get(`/assurance/sef/${sefId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1. What is ‘the front door’');
    expect(page.body).toContain('1 Activity data: children and young people supported');
    const contacts = await contactsFigure();
    expect(Number(contacts.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(page.body).toContain(`<td class="govuk-table__cell">${contacts}</td>`);
    expect(page.body).toContain('Record the child’s views');
    const audit = await t.db
      .selectFrom('audit_event')
      .where('record_type', '=', 'sef')
      .where('action', '=', 'performance.view')
      .select('details')
      .executeTakeFirst();
    expect(audit).toBeDefined();
  });

  it('keeps each contributor’s narrative, labels a partner’s with their agency and keeps every version', async () => {
    const added = await qa.post(`/assurance/sef/${sefId}/areas/leadership`, {
      text: 'Leaders meet the MASH weekly.',
    });
    expect(added.statusCode).toBe(303);
    const fromPolice = await police.post(`/assurance/sef/${sefId}/areas/leadership`, {
      text: 'The police district commander chairs the MASH board.',
    });
    expect(fromPolice.statusCode).toBe(303);
    const area = await qa.get(`/assurance/sef/${sefId}/areas/leadership`);
    expect(area.body).toContain('Leaders meet the MASH weekly.');
    expect(area.body).toMatch(/Tom Rowe \([^)]*\)/);
    expect(area.body).toContain('govuk-tag--blue');
    // The demo's edited entry shows its earlier version.
    const arrangements = await qa.get(`/assurance/sef/${sefId}/areas/arrangements`);
    expect(arrangements.body).toContain('Earlier versions (1)');
  });

  it('refuses the second of two saves from the same version and keeps what was typed', async () => {
    const entry = await entryOf('thresholds', 'manager');
    const first = await manager.post(`/assurance/sef/${sefId}/entries/${entry.id}`, {
      version: String(entry.version),
      text: 'First save of the thresholds narrative.',
    });
    expect(first.statusCode).toBe(303);
    const second = await qa.post(`/assurance/sef/${sefId}/entries/${entry.id}`, {
      version: String(entry.version),
      text: 'Second save, typed at the same time.',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this entry since you opened it');
    expect(second.body).toContain('Second save, typed at the same time.');
    expect(second.body).toContain('First save of the thresholds narrative.');
    const versions = await t.db
      .selectFrom('sef_entry_version')
      .where('entry_id', '=', entry.id)
      .select(['version', 'text'])
      .orderBy('version')
      .execute();
    expect(versions.map((version) => version.version)).toEqual([1, 2]);
    expect(versions[1]!.text).toBe('First save of the thresholds narrative.');
  });

  it('lets a partner change only its own agency’s entries and keeps the SEF’s running to the council', async () => {
    const council = await entryOf('arrangements', 'qa');
    const refused = await police.post(`/assurance/sef/${sefId}/entries/${council.id}`, {
      version: String(council.version),
      text: 'Overwritten by a partner',
    });
    expect(refused.statusCode).toBe(404);
    const own = await entryOf('partnerships', 'partner.police');
    const edited = await police.post(`/assurance/sef/${sefId}/entries/${own.id}`, {
      version: String(own.version),
      text: 'Police attend every strategy discussion.',
    });
    expect(edited.statusCode).toBe(303);
    // Running the SEF (its details, checklist, priorities and report) is sef:lead, which partners lack.
    for (const path of ['report.docx', 'details', 'checklist', 'priorities'])
      expect((await police.get(`/assurance/sef/${sefId}/${path}`)).statusCode, path).toBe(403);
    expect((await police.post(`/assurance/sef/${sefId}/checklist`, { version: '1' })).statusCode).toBe(403);
    expect((await police.post(`/assurance/sef/${sefId}/priorities`, {})).statusCode).toBe(403);
    expect((await police.post('/assurance/sef', {})).statusCode).toBe(403);
    const added = await police.post(`/assurance/sef/${sefId}/areas/partnerships`, {
      text: 'Police join the daily MASH meeting.',
    });
    expect(added.statusCode).toBe(303);
    const partnerPage = await police.get(`/assurance/sef/${sefId}`);
    expect(partnerPage.body).toContain('You see your own agency’s figures only');
  });

  it('starts a SEF for another period, and opens each form', async () => {
    const lead = await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', 'leader')
      .executeTakeFirstOrThrow();
    const started = await qa.post('/assurance/sef', {
      label: '2025-26',
      'from-day': '1',
      'from-month': '4',
      'from-year': '2025',
      'to-day': '31',
      'to-month': '3',
      'to-year': '2026',
      lead: String(lead.id),
    });
    expect(started.statusCode).toBe(303);
    const list = await manager.get('/assurance/sef');
    expect(list.body).toContain('2025-26');
    expect(list.body).toContain('Catherine Walsh');
    for (const path of [
      '/assurance/sef/new',
      `/assurance/sef/${sefId}/details`,
      `/assurance/sef/${sefId}/checklist`,
      `/assurance/sef/${sefId}/priorities`,
    ])
      expect((await qa.get(path)).statusCode, path).toBe(200);
  });

  it('says what is wrong with a form and loses nothing typed', async () => {
    const empty = await qa.post(`/assurance/sef/${sefId}/areas/workforce`, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your narrative for this area');
    const priority = await qa.post(`/assurance/sef/${sefId}/priorities`, {
      text: 'Reduce agency staff in the MASH',
      owner: '',
      'due-day': '31',
      'due-month': '2',
      'due-year': '2027',
    });
    expect(priority.statusCode).toBe(400);
    expect(priority.body).toContain('Choose who owns the priority');
    expect(priority.body).toContain('must be a real date');
    expect(priority.body).toContain('Reduce agency staff in the MASH');
    const duplicate = await qa.post('/assurance/sef', {
      label: '2026-27',
      'from-day': '1',
      'from-month': '4',
      'from-year': '2026',
      'to-day': '31',
      'to-month': '3',
      'to-year': '2027',
      lead: '',
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('Choose the lead person');
  });

  it('exports the Appendix C report as a well-formed DOCX with the evidence figures, audited', async () => {
    const checklist = await qa.post(`/assurance/sef/${sefId}/checklist`, {
      version: String((await t.db.selectFrom('sef').select('version').executeTakeFirstOrThrow()).version),
      'met-j': 'yes',
      'note-j': 'Evidence tables drawn live from Front Door',
    });
    expect(checklist.statusCode).toBe(303);
    const response = await qa.get(`/assurance/sef/${sefId}/report.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(response.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/^<\?xml/);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    expect(xml).toContain('Self-Evaluation of the Social Care Front Door Arrangements');
    expect(xml).toContain('Lead Person:');
    expect(xml).toContain('Ruth Bennett');
    expect(xml).toContain('9. Summarising priorities and areas for improvement');
    expect(xml).toContain(await contactsFigure());
    const exported = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'sef.export')
      .select(['record_id', 'event_class'])
      .executeTakeFirstOrThrow();
    expect(exported).toEqual({ record_id: String(sefId), event_class: 'export' });
  });

  it.skipIf(!libreOfficeAvailable)(
    'opens in LibreOffice with the evidence tables filled',
    { timeout: 240_000 },
    async () => {
      const response = await qa.get(`/assurance/sef/${sefId}/report.docx`);
      const { text } = docxToPdfText(response.rawPayload);
      expect(text).toContain('Self-Evaluation of the Social Care Front Door Arrangements');
      expect(text).toContain('1 Activity data: children and young people supported');
      expect(text).toContain(`Contacts ${await contactsFigure()}`);
      for (const measure of ['referrals', 'nfa_rate', 'decided_within_one_working_day'] as const) {
        const figure = await figureOf(measure);
        expect(figure).toMatch(/[0-9]/);
        expect(text).toContain(figure);
      }
    }
  );

  it('locks a final SEF until it is reopened', async () => {
    const sef = await t.db.selectFrom('sef').selectAll().where('id', '=', sefId).executeTakeFirstOrThrow();
    const details = {
      label: sef.period_label,
      'from-day': '1',
      'from-month': '4',
      'from-year': '2026',
      'to-day': '31',
      'to-month': '3',
      'to-year': '2027',
      lead: String(sef.lead_user_id),
    };
    const final = await qa.post(`/assurance/sef/${sefId}/details`, {
      ...details,
      status: 'final',
      version: String(sef.version),
    });
    expect(final.statusCode).toBe(303);
    const refused = await manager.post(`/assurance/sef/${sefId}/areas/workforce`, { text: 'Too late' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('This self-evaluation is final');
    const reopened = await qa.post(`/assurance/sef/${sefId}/details`, {
      ...details,
      status: 'draft',
      version: String(sef.version + 1),
    });
    expect(reopened.statusCode).toBe(303);
  });
});

requireLibreOfficeInCi();
