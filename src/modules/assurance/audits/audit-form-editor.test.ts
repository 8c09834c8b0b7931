import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { TEST_NOW } from '../../../../test/support/test-fixtures.ts';
import { seedCaseAudits } from '../../../demo/case-audits.ts';
import { formQuestions } from './audits.service.ts';

/*
 * The audit form editor (/assurance/forms) on the test council with the demo's audits: a change to a form
 * audits use makes a new version and the audits keep theirs; an unused version changes in place; forms
 * are created, their questions ordered, graded or not, answered by a kind of agency, and retired.
 */

let t: TestApp;
let qa: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  await seedCaseAudits(t.db, { now: TEST_NOW, seed: 7 });
  qa = await t.signedIn('qa');
});

afterAll(() => t.close());

const versionsOf = (code: string) =>
  t.db
    .selectFrom('audit_form')
    .where('code', '=', code)
    .select(['id', 'version'])
    .orderBy('version')
    .execute();

const questionsOf = (formId: number) =>
  t.db
    .selectFrom('audit_question')
    .where('form_id', '=', formId)
    .select(['id', 'question', 'part', 'graded', 'agency_kind'])
    .orderBy('position')
    .execute();

const question = (fields: Record<string, string>) => ({
  question: 'A question',
  guidance: '',
  answeredBy: 'council',
  graded: 'yes',
  ...fields,
});

async function sampleBody(fields: Record<string, string>) {
  const qaId = await t.db
    .selectFrom('staff_user')
    .where('username', '=', 'qa')
    .select('id')
    .executeTakeFirstOrThrow();
  return {
    ...{ 'from-day': '1', 'from-month': '9', 'from-year': '2026' },
    ...{ 'to-day': '30', 'to-month': '9', 'to-year': '2026' },
    ...{ 'dueOn-day': '18', 'dueOn-month': '12', 'dueOn-year': '2026' },
    size: '1',
    seed: '99',
    auditorIds: [String(qaId.id)],
    ...fields,
  };
}

const formIdFrom = (location: string | undefined) =>
  Number(/\/assurance\/forms\/(\d+)/.exec(location ?? '')![1]);

describe('the audit forms', () => {
  it('are listed for managers of assurance only', async () => {
    const page = await qa.get('/assurance/forms');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Front-door audit');
    for (const username of ['manager', 'practitioner', 'partner.police'])
      expect((await (await t.signedIn(username)).get('/assurance/forms')).statusCode, username).toBe(403);
  });

  it('change by a new version once audits use them, and the audits keep the version they began on', async () => {
    const [first] = await versionsOf('front-door');
    const before = await questionsOf(first!.id);
    const audit = await t.db
      .selectFrom('case_audit')
      .where('form_id', '=', first!.id)
      .where('status', '=', 'completed')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const auditsOnFirst = await t.db
      .selectFrom('case_audit')
      .where('form_id', '=', first!.id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const edit = await qa.get(`/assurance/forms/${first!.id}/questions/${before[0]!.id}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('saving makes a new version');
    const saved = await qa.post(
      `/assurance/forms/${first!.id}/questions/${before[0]!.id}`,
      question({ question: 'History and chronology considered', guidance: 'Siblings too.' })
    );
    expect(saved.statusCode).toBe(303);
    const secondId = formIdFrom(saved.headers.location);
    expect(secondId).not.toBe(first!.id);
    expect(await versionsOf('front-door')).toEqual([
      { id: first!.id, version: 1 },
      { id: secondId, version: 2 },
    ]);
    // The first version and its audits are as they were.
    expect(await questionsOf(first!.id)).toEqual(before);
    const after = await t.db
      .selectFrom('case_audit')
      .where('form_id', '=', first!.id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after).toEqual(auditsOnFirst);
    const auditPage = await qa.get(`/assurance/audits/${audit.id}`);
    expect(auditPage.body).toContain('History considered');
    expect(auditPage.body).not.toContain('History and chronology considered');
    const second = await questionsOf(secondId);
    expect(second.map((row) => row.question)).toEqual([
      'History and chronology considered',
      ...before.slice(1).map((row) => row.question),
    ]);

    // The new version is not used yet: further changes are made to it in place.
    const moved = await qa.post(`/assurance/forms/${secondId}/questions/${second[0]!.id}/move`, {
      direction: 'down',
    });
    expect(formIdFrom(moved.headers.location)).toBe(secondId);
    const added = await qa.post(
      `/assurance/forms/${secondId}/questions`,
      question({ question: 'Was the family told?', graded: 'no' })
    );
    expect(formIdFrom(added.headers.location)).toBe(secondId);
    const removed = await qa.post(`/assurance/forms/${secondId}/questions/${second.at(-1)!.id}/remove`, {});
    expect(formIdFrom(removed.headers.location)).toBe(secondId);
    expect(await versionsOf('front-door')).toHaveLength(2);
    const changed = await questionsOf(secondId);
    expect(changed.slice(0, 2).map((row) => row.question)).toEqual([
      before[1]!.question,
      'History and chronology considered',
    ]);
    expect(changed.at(-1)).toMatchObject({
      question: 'Was the family told?',
      graded: false,
      part: 'council',
    });
    expect(changed.map((row) => row.question)).not.toContain(second.at(-1)!.question);

    // The first version can no longer be changed: someone has changed the form since.
    const stale = await qa.post(
      `/assurance/forms/${first!.id}/questions/${before[1]!.id}`,
      question({ question: 'Typed on an old page' })
    );
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('This is not the newest version of the form');
    expect(stale.body).toContain('Typed on an old page');

    const audited = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'assurance.form_save')
      .select(['event_class', 'record_id', 'details'])
      .orderBy('id')
      .execute();
    expect(audited.map((row) => (row.details as { change: string }).change)).toEqual([
      'question_changed',
      'question_moved_down',
      'question_added',
      'question_removed',
    ]);
    expect(audited[0]).toMatchObject({ event_class: 'admin', record_id: String(secondId) });
    expect((audited[0]!.details as { newVersion: boolean }).newVersion).toBe(true);
  });

  it('draws new samples on the newest version, where a question in words only has no grade', async () => {
    const [, newest] = await versionsOf('front-door');
    const drawn = await qa.post('/assurance/samples', await sampleBody({ size: '2', seed: '99' }));
    expect(drawn.statusCode).toBe(303);
    const sampleId = Number(drawn.headers.location!.split('/').pop());
    const audit = await t.db
      .selectFrom('case_audit')
      .where('sample_id', '=', sampleId)
      .select(['id', 'form_id'])
      .executeTakeFirstOrThrow();
    expect(audit.form_id).toBe(newest!.id);
    const wordsOnly = (await questionsOf(newest!.id)).at(-1)!;
    const page = await qa.get(`/assurance/audits/${audit.id}`);
    expect(page.body).toContain('Was the family told?');
    expect(page.body).toContain(`name="q-${wordsOnly.id}-comment"`);
    expect(page.body).not.toContain(`name="q-${wordsOnly.id}-grade"`);
  });

  it('are created, refused with specific messages that keep what was typed, and retired', async () => {
    const empty = await qa.post('/assurance/forms', { title: ' ', description: 'Out-of-hours decisions' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the form’s title');
    expect(empty.body).toContain('Out-of-hours decisions');
    const created = await qa.post('/assurance/forms', {
      title: 'Out-of-hours audit',
      description: 'Decisions made out of hours.',
    });
    expect(created.statusCode).toBe(303);
    const formId = formIdFrom(created.headers.location);
    const bad = await qa.post(`/assurance/forms/${formId}/questions`, {
      question: '',
      guidance: 'Kept',
      answeredBy: 'nobody',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the question');
    expect(bad.body).toContain('Choose who answers the question');
    expect(bad.body).toContain('Choose whether the question is graded');
    expect(bad.body).toContain('Kept');
    for (const [text, answeredBy] of [
      ['Was the emergency duty team’s decision sound?', 'council'],
      ['Did health share what it knew overnight?', 'health'],
      ['Did every agency answer in time?', 'partner'],
    ] as const)
      expect(
        (await qa.post(`/assurance/forms/${formId}/questions`, question({ question: text, answeredBy })))
          .statusCode
      ).toBe(303);
    const police = await formQuestions(t.db, formId, 'partner', 'police');
    expect(police.map((row) => row.question)).toEqual(['Did every agency answer in time?']);
    const health = await formQuestions(t.db, formId, 'partner', 'health');
    expect(health).toHaveLength(2);
    expect((await qa.get(`/assurance/forms/${formId}`)).body).toContain('Health (partner part)');

    expect((await qa.get('/assurance/samples')).body).toContain('Out-of-hours audit');
    expect((await qa.post(`/assurance/forms/${formId}/retire`, {})).statusCode).toBe(303);
    expect((await qa.get('/assurance/samples')).body).not.toContain('Out-of-hours audit');
    const list = await qa.get('/assurance/forms');
    expect(list.body).toContain('Retired');
    const onRetired = await qa.post('/assurance/samples', await sampleBody({ formId: String(formId) }));
    expect(onRetired.statusCode).toBe(400);
    expect(onRetired.body).toContain('Choose an audit form from the list');
    const changeRetired = await qa.post(`/assurance/forms/${formId}`, { title: 'New', description: 'New' });
    expect(changeRetired.statusCode).toBe(400);
    expect(changeRetired.body).toContain('This form is retired');
  });
});
