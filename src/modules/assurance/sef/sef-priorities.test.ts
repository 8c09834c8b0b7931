import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { TEST_NOW } from '../../../../test/support/test-fixtures.ts';
import { seedSelfEvaluation } from '../../../demo/self-evaluation.ts';
import { chaseOverdueSefPriorities } from './sef-priorities.ts';

/*
 * The SEF's priorities for improvement followed up over HTTP on the test council: added with a named
 * owner, changed, closed with an outcome, chased once when overdue (even by two sweeps at once), run by
 * those with sef:lead only; and the SEF's evidence with the council's workforce.
 */

let t: TestApp;
let qa: TestAgent;
let police: TestAgent;
let sefId: number;

beforeAll(async () => {
  t = await createTestApp();
  await seedSelfEvaluation(t.db, { now: TEST_NOW });
  sefId = (await t.db.selectFrom('sef').select('id').executeTakeFirstOrThrow()).id;
  [qa, police] = await Promise.all([t.signedIn('qa'), t.signedIn('partner.police')]);
});

afterAll(() => t.close());

const userId = async (username: string) =>
  (
    await t.db
      .selectFrom('staff_user')
      .where('username', '=', username)
      .select('id')
      .executeTakeFirstOrThrow()
  ).id;

const due = (date: string) => {
  const [year, month, day] = date.split('-');
  return { 'due-day': String(Number(day)), 'due-month': String(Number(month)), 'due-year': year! };
};

const priorityNamed = (text: string) =>
  t.db.selectFrom('sef_priority').where('text', '=', text).selectAll().executeTakeFirstOrThrow();

async function addPriority(text: string, owner: string, dueOn: string) {
  const response = await qa.post(`/assurance/sef/${sefId}/priorities`, {
    text,
    area: 'workforce',
    owner: String(await userId(owner)),
    ...due(dueOn),
  });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
  return priorityNamed(text);
}

describe('priorities for improvement', () => {
  it('are added with a named owner, changed, and closed with their outcome, each change audited', async () => {
    const priority = await addPriority('Stabilise the MASH workforce', 'manager', '2027-03-31');
    expect(priority).toMatchObject({ owner_id: await userId('manager'), status: 'open', version: 1 });
    const page = await qa.get(`/assurance/sef/${sefId}`);
    expect(page.body).toContain('Stabilise the MASH workforce');
    expect(page.body).toContain(`/assurance/sef/${sefId}/priorities/${priority.id}`);

    const form = await qa.get(`/assurance/sef/${sefId}/priorities/${priority.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Close the priority');
    const changed = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}`, {
      text: 'Stabilise the MASH workforce: fewer agency staff',
      area: 'workforce',
      owner: String(await userId('servicemanager')),
      version: '1',
      ...due('2027-01-31'),
    });
    expect(changed.statusCode).toBe(303);
    // A save from the version before is refused, keeping what was typed.
    const stale = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}`, {
      text: 'An older wording',
      owner: String(await userId('manager')),
      version: '1',
      ...due('2027-01-31'),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('An older wording');

    const noOutcome = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}/close`, {
      outcome: '  ',
      version: '2',
    });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.body).toContain('Enter the outcome: what changed, and how you know');
    const closed = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}/close`, {
      outcome: 'Agency staff down from 6 to 1; audits show steadier decisions.',
      version: '2',
    });
    expect(closed.statusCode).toBe(303);
    const stored = await priorityNamed('Stabilise the MASH workforce: fewer agency staff');
    expect(stored).toMatchObject({
      status: 'closed',
      owner_id: await userId('servicemanager'),
      due_on: '2027-01-31',
      closed_by: await userId('qa'),
    });
    const again = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}`, {
      text: 'Reopened by the back door',
      owner: String(await userId('manager')),
      version: '3',
      ...due('2027-01-31'),
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This priority has been closed');
    expect((await qa.get(`/assurance/sef/${sefId}`)).body).toContain(
      'Closed on 20 November 2026: Agency staff'
    );

    const audited = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'sef.priority')
      .where('record_id', '=', String(priority.id))
      .select('details')
      .orderBy('id')
      .execute();
    expect(audited.map((row) => (row.details as { change: string }).change)).toEqual([
      'added',
      'changed',
      'closed',
    ]);
  });

  it('refuses an owner who is not on the list, and a date that is not real, losing nothing typed', async () => {
    const response = await qa.post(`/assurance/sef/${sefId}/priorities`, {
      text: 'Every contact has the child’s voice',
      owner: '999999',
      ...due('2027-02-30'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('must be a real date');
    expect(response.body).toContain('Every contact has the child’s voice');
    const unknownOwner = await qa.post(`/assurance/sef/${sefId}/priorities`, {
      text: 'Every contact has the child’s voice',
      owner: '999999',
      ...due('2027-02-28'),
    });
    expect(unknownOwner.statusCode).toBe(400);
    expect(unknownOwner.body).toContain('Choose who owns the priority from the list');
  });

  it('are chased once with their owner when overdue, even by two sweeps at once, and again for a new date', async () => {
    const priority = await addPriority('Return home interviews in time', 'manager', '2026-11-19');
    const [first, second] = await Promise.all([
      chaseOverdueSefPriorities(t.db, TEST_NOW),
      chaseOverdueSefPriorities(t.db, TEST_NOW),
    ]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    expect(await chaseOverdueSefPriorities(t.db, TEST_NOW)).toBe(0);
    const chases = () =>
      t.db
        .selectFrom('notification')
        .where('event_key', 'like', `sef_priority_overdue:${priority.id}:%`)
        .select(['user_id', 'kind'])
        .execute();
    expect(await chases()).toEqual([{ user_id: await userId('manager'), kind: 'sef_priority_overdue' }]);

    // The lead moves the date: it is chased again once that one passes, not before.
    const moved = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}`, {
      text: priority.text,
      area: 'workforce',
      owner: String(await userId('manager')),
      version: String(priority.version),
      ...due('2026-11-25'),
    });
    expect(moved.statusCode).toBe(303);
    expect(await chaseOverdueSefPriorities(t.db, TEST_NOW)).toBe(0);
    expect(await chaseOverdueSefPriorities(t.db, new Date('2026-11-26T09:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect(await chases()).toHaveLength(2);

    const manager = await t.signedIn('manager');
    const notifications = await manager.get('/notifications');
    expect(notifications.body).toContain('Self-evaluation priority overdue');
  });

  it('chases an earlier priority owned only in words with the SEF’s lead', async () => {
    const seeded = await t.db
      .selectFrom('sef_priority')
      .where('owner_id', 'is', null)
      .select(['id', 'due_on'])
      .executeTakeFirstOrThrow();
    await chaseOverdueSefPriorities(t.db, new Date(`${seeded.due_on}T12:00:00Z`));
    expect(
      await t.db
        .selectFrom('notification')
        .where('event_key', 'like', `sef_priority_overdue:${seeded.id}:%`)
        .selectAll()
        .execute()
    ).toEqual([]);
    await chaseOverdueSefPriorities(
      t.db,
      new Date(new Date(`${seeded.due_on}T12:00:00Z`).getTime() + 86_400_000)
    );
    const lead = await t.db.selectFrom('sef').select('lead_user_id').executeTakeFirstOrThrow();
    expect(
      await t.db
        .selectFrom('notification')
        .where('event_key', '=', `sef_priority_overdue:${seeded.id}:${seeded.due_on}`)
        .select('user_id')
        .execute()
    ).toEqual([{ user_id: lead.lead_user_id }]);
  });

  it('keep a final SEF’s wording but follow up its owner and due date', async () => {
    const priority = await addPriority('Consent recorded in every police contact', 'manager', '2027-02-28');
    const sef = await t.db.selectFrom('sef').selectAll().where('id', '=', sefId).executeTakeFirstOrThrow();
    const details = {
      label: sef.period_label,
      ...{ 'from-day': '1', 'from-month': '4', 'from-year': '2026' },
      ...{ 'to-day': '31', 'to-month': '3', 'to-year': '2027' },
      lead: String(sef.lead_user_id),
    };
    expect(
      (
        await qa.post(`/assurance/sef/${sefId}/details`, {
          ...details,
          status: 'final',
          version: String(sef.version),
        })
      ).statusCode
    ).toBe(303);
    const base = { area: 'workforce', version: '1', ...due('2027-02-28') };
    const reworded = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}`, {
      ...base,
      text: 'Something else',
      owner: String(await userId('manager')),
    });
    expect(reworded.statusCode).toBe(400);
    expect(reworded.body).toContain('wording and area stay as reported');
    const reassigned = await qa.post(`/assurance/sef/${sefId}/priorities/${priority.id}`, {
      ...base,
      text: priority.text,
      owner: String(await userId('servicemanager')),
    });
    expect(reassigned.statusCode).toBe(303);
    const added = await qa.post(`/assurance/sef/${sefId}/priorities`, {
      text: 'Too late for this report',
      owner: String(await userId('manager')),
      ...due('2027-02-28'),
    });
    expect(added.statusCode).toBe(400);
    expect(added.body).toContain('Reopen it as a draft to add a priority');
    expect(
      (
        await qa.post(`/assurance/sef/${sefId}/details`, {
          ...details,
          status: 'draft',
          version: String(sef.version + 1),
        })
      ).statusCode
    ).toBe(303);
  });

  it('are the SEF lead’s: a partner contributing narrative cannot add or change one', async () => {
    const priority = await priorityNamed('Return home interviews in time');
    for (const [path, body] of [
      [`/assurance/sef/${sefId}/priorities`, { text: 'x' }],
      [`/assurance/sef/${sefId}/priorities/${priority.id}`, { text: 'x' }],
      [`/assurance/sef/${sefId}/priorities/${priority.id}/close`, { outcome: 'x', version: '1' }],
    ] as const)
      expect((await police.post(path, body)).statusCode, path).toBe(403);
    expect((await police.get(`/assurance/sef/${sefId}/priorities/${priority.id}`)).statusCode).toBe(403);
    const page = await police.get(`/assurance/sef/${sefId}`);
    expect(page.body).not.toContain(`/priorities/${priority.id}`);
  });
});

describe('the SEF’s evidence', () => {
  it('includes the council’s workforce by team, on the page and in the report, and not for a partner', async () => {
    const page = await qa.get(`/assurance/sef/${sefId}`);
    expect(page.body).toContain('3 Workforce and resource data');
    expect(page.body).toContain('Posts, vacancies and agency staff');
    expect(page.body).toContain('Supervision held of due');
    const frontDoor = await t.db
      .selectFrom('team')
      .where('kind', '=', 'front_door')
      .select('name')
      .executeTakeFirstOrThrow();
    expect(page.body).toContain(`<th scope="row" class="govuk-table__header">${frontDoor.name}</th>`);
    const report = await qa.get(`/assurance/sef/${sefId}/report.docx`);
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(report.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('3 Workforce and resource data');
    expect(xml).toContain('Caseload per practitioner (mean)');
    expect((await police.get(`/assurance/sef/${sefId}`)).body).not.toContain('3 Workforce and resource data');
  });
});
