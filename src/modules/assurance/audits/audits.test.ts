import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { TEST_NOW } from '../../../../test/support/test-fixtures.ts';
import { seedCaseAudits } from '../../../demo/case-audits.ts';
import { chaseOverdueAuditActions } from './audit-actions.ts';
import { auditGradesBy, auditorViews, auditSummary } from './audit-summary.ts';

/*
 * Dip samples and case audits on the demo council, through the pages as each role uses them: the QA
 * officer draws and audits, the service manager moderates, a team manager may not open another's
 * audit, the police see only their part; the action chase; the summaries the SEF reads, hand-counted.
 */

let t: TestApp;
let qa: TestAgent;
let serviceManager: TestAgent;
let manager: TestAgent;
let police: TestAgent;

const userId = async (username: string) =>
  (
    await t.db
      .selectFrom('staff_user')
      .where('username', '=', username)
      .select('id')
      .executeTakeFirstOrThrow()
  ).id;

const dateFields = (prefix: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: day!, [`${prefix}-month`]: month!, [`${prefix}-year`]: year! };
};

async function drawSeptemberSample(seed: string, size = '25') {
  return qa.post('/assurance/samples', {
    ...dateFields('from', '2026-09-01'),
    ...dateFields('to', '2026-09-30'),
    ...dateFields('dueOn', '2026-12-18'),
    size,
    seed,
    auditorIds: [String(await userId('qa')), String(await userId('manager'))],
  });
}

const sampledContacts = async (sampleId: number) =>
  (
    await t.db
      .selectFrom('case_audit')
      .where('sample_id', '=', sampleId)
      .select('contact_child_id')
      .orderBy('contact_child_id')
      .execute()
  ).map((row) => row.contact_child_id);

async function questionsOf(auditId: number, part: 'council' | 'partner') {
  return t.db
    .selectFrom('audit_question as q')
    .innerJoin('case_audit as a', 'a.form_id', 'q.form_id')
    .where('a.id', '=', auditId)
    .where('q.part', '=', part)
    .select('q.id')
    .orderBy('q.position')
    .execute();
}

async function fullAnswers(auditId: number, part: 'council' | 'partner' = 'council') {
  const fields: Record<string, string> = {};
  for (const question of await questionsOf(auditId, part)) {
    fields[`q-${question.id}-grade`] = 'good';
    fields[`q-${question.id}-comment`] = 'The record shows this clearly.';
  }
  return fields;
}

const versionOf = async (auditId: number) =>
  (await t.db.selectFrom('case_audit').where('id', '=', auditId).select('version').executeTakeFirstOrThrow())
    .version;

beforeAll(async () => {
  t = await createTestApp();
  await seedCaseAudits(t.db, { now: TEST_NOW, seed: 7 });
  qa = await t.signedIn('qa');
  serviceManager = await t.signedIn('servicemanager');
  manager = await t.signedIn('manager');
  police = await t.signedIn('partner.police');
});

afterAll(() => t.close());

describe('the demo council’s audits', () => {
  it('has last month’s sample of about 20 with mixed grades, moderation, a police part, themes and actions', async () => {
    const sample = await t.db.selectFrom('dip_sample').selectAll().orderBy('id').executeTakeFirstOrThrow();
    expect(sample).toMatchObject({ period_from: '2026-10-01', period_to: '2026-10-31', size: 20 });
    const audits = await t.db
      .selectFrom('case_audit')
      .where('sample_id', '=', sample.id)
      .selectAll()
      .execute();
    const completed = audits.filter((audit) => audit.status === 'completed');
    expect(completed).toHaveLength(16);
    expect(new Set(completed.map((audit) => audit.grade)).size).toBeGreaterThanOrEqual(3);
    expect(completed.filter((audit) => audit.moderated_grade).length).toBeGreaterThanOrEqual(3);
    expect(completed.every((audit) => audit.completed_at! <= TEST_NOW)).toBe(true);
    const police = await t.db
      .selectFrom('case_audit_part')
      .where('agency_id', 'is not', null)
      .select('id')
      .execute();
    expect(police).toHaveLength(1);
    const summary = await auditSummary(t.db, { from: '2026-10-01', to: '2026-11-20' });
    expect(summary.themes.length).toBeGreaterThan(3);
    expect(summary.actionsOpen).toBeGreaterThanOrEqual(2);
    expect(summary.actionsOverdue).toBeGreaterThanOrEqual(1);
  });
});

describe('dip sampling', () => {
  let sampleId: number;

  it('draws a stratified sample, records who, when, the seed and criteria, and assigns every audit', async () => {
    const response = await drawSeptemberSample('12345');
    expect(response.statusCode).toBe(303);
    sampleId = Number(response.headers.location!.split('/').pop());
    const sample = await t.db
      .selectFrom('dip_sample')
      .where('id', '=', sampleId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(sample).toMatchObject({
      drawn_by: await userId('qa'),
      size: 25,
      period_from: '2026-09-01',
      due_on: '2026-12-18',
    });
    expect(Number(sample.seed)).toBe(12345);
    expect(sample.criteria).toMatchObject({ strata: ['team', 'manager', 'weekday', 'timeOfDay', 'outcome'] });
    const audits = await t.db
      .selectFrom('case_audit')
      .where('sample_id', '=', sampleId)
      .selectAll()
      .execute();
    expect(audits).toHaveLength(25);
    expect(new Set(audits.map((audit) => audit.auditor_id))).toEqual(
      new Set([await userId('qa'), await userId('manager')])
    );
    const logged = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'assurance.sample_draw')
      .where('record_id', '=', String(sampleId))
      .select('details')
      .executeTakeFirstOrThrow();
    expect(logged.details).toMatchObject({ seed: 12345, size: 25 });
  });

  it('counts the population right and shows the seed and coverage on the sample page', async () => {
    const { count } = await t.db
      .selectFrom('contact_child as cc')
      .innerJoin('contact as c', 'c.id', 'cc.contact_id')
      .where(
        sql<boolean>`(c.received_at at time zone 'Europe/London')::date between '2026-09-01' and '2026-09-30'`
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('decision as d')
            .whereRef('d.contact_child_id', '=', 'cc.id')
            .where('d.status', '=', 'authorised')
            .select('d.id')
        )
      )
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    const sample = await t.db
      .selectFrom('dip_sample')
      .where('id', '=', sampleId)
      .select('population')
      .executeTakeFirstOrThrow();
    expect(sample.population).toBe(count);
    const page = await qa.get(`/assurance/samples/${sampleId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('12345');
    expect(page.body).toContain('Out of hours');
    expect(page.body).toContain('Manager who authorised');
  });

  it('draws the same sample again from the same seed, and a different one from another', async () => {
    const again = Number((await drawSeptemberSample('12345')).headers.location!.split('/').pop());
    expect(await sampledContacts(again)).toEqual(await sampledContacts(sampleId));
    const other = Number((await drawSeptemberSample('54321')).headers.location!.split('/').pop());
    expect(await sampledContacts(other)).not.toEqual(await sampledContacts(sampleId));
  });

  it('refuses a bad form with specific messages and keeps what was typed', async () => {
    const response = await qa.post('/assurance/samples', {
      ...dateFields('from', '2026-09-30'),
      ...dateFields('to', '2026-09-01'),
      'dueOn-day': '31',
      'dueOn-month': '2',
      'dueOn-year': '2027',
      size: 'twenty',
      seed: 'abc',
    });
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter how many contacts to sample, as a number',
      'The seed must be a whole number',
      'Choose at least one auditor',
      'The last day of the period must be on or after the first',
      'The date the audits are due must be a real date',
    ])
      expect(response.body).toContain(message);
    expect(response.body).toContain('value="twenty"');
  });

  it('lets only a manager of assurance draw a sample', async () => {
    expect((await manager.post('/assurance/samples', { size: '5' })).statusCode).toBe(403);
  });
});

describe('a case audit', () => {
  let auditId: number;

  beforeAll(async () => {
    const mine = await t.db
      .selectFrom('case_audit')
      .where('auditor_id', '=', await userId('qa'))
      .where('status', '=', 'assigned')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    auditId = mine.id;
  });

  it('shows the contact’s record beside the form, read through the access layer and audited', async () => {
    const page = await qa.get(`/assurance/audits/${auditId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('History considered');
    expect(page.body).toContain('The record');
    const { contact_child_id } = await t.db
      .selectFrom('case_audit')
      .where('id', '=', auditId)
      .select('contact_child_id')
      .executeTakeFirstOrThrow();
    const { contact_id } = await t.db
      .selectFrom('contact_child')
      .where('id', '=', contact_child_id)
      .select('contact_id')
      .executeTakeFirstOrThrow();
    const read = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'contact.view')
      .where('record_id', '=', String(contact_id))
      .where('actor_user_id', '=', await userId('qa'))
      .select('id')
      .executeTakeFirst();
    expect(read).toBeDefined();
  });

  it('saves a draft with what is filled in', async () => {
    const [first] = await questionsOf(auditId, 'council');
    const response = await qa.post(`/assurance/audits/${auditId}`, {
      version: String(await versionOf(auditId)),
      intent: 'save',
      [`q-${first!.id}-grade`]: 'requires_improvement',
      [`q-${first!.id}-comment`]: 'Siblings’ history not checked.',
      themes: ['History and chronology'],
      otherThemes: 'Siblings',
    });
    expect(response.statusCode).toBe(303);
    const audit = await t.db
      .selectFrom('case_audit')
      .where('id', '=', auditId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(audit.status).toBe('draft');
    const themes = await t.db
      .selectFrom('case_audit_theme')
      .where('audit_id', '=', auditId)
      .select('theme')
      .orderBy('theme')
      .execute();
    expect(themes.map((row) => row.theme)).toEqual(['History and chronology', 'Siblings']);
  });

  it('will not complete without every grade, comment and the auditor’s view, and keeps what was typed', async () => {
    const response = await qa.post(`/assurance/audits/${auditId}`, {
      version: String(await versionOf(auditId)),
      intent: 'complete',
      comment: 'My half-written summary',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Grade the audit overall');
    expect(response.body).toContain('Choose the threshold level the decision should have been at');
    expect(response.body).toContain('My half-written summary');
    expect(
      (
        await t.db
          .selectFrom('case_audit')
          .where('id', '=', auditId)
          .select('status')
          .executeTakeFirstOrThrow()
      ).status
    ).toBe('draft');
  });

  it('tells the auditor when someone saved since they opened it, keeping their answers', async () => {
    const response = await qa.post(`/assurance/audits/${auditId}`, {
      version: String((await versionOf(auditId)) - 1),
      intent: 'save',
      comment: 'Typed before the clash',
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Someone else saved this audit');
    expect(response.body).toContain('Typed before the clash');
  });

  it('completes, then no longer changes; the auditor cannot moderate their own audit', async () => {
    const complete = await qa.post(`/assurance/audits/${auditId}`, {
      version: String(await versionOf(auditId)),
      intent: 'complete',
      ...(await fullAnswers(auditId)),
      auditorLevel: '3',
      auditorOutcome: 'no_further_action',
      grade: 'requires_improvement',
      comment: 'The decision was right but history was not checked.',
    });
    expect(complete.statusCode).toBe(303);
    const audit = await t.db
      .selectFrom('case_audit')
      .where('id', '=', auditId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ status: 'completed', grade: 'requires_improvement', auditor_level: 3 });
    expect(audit.completed_at).toEqual(TEST_NOW);
    const again = await qa.post(`/assurance/audits/${auditId}`, {
      version: String(audit.version),
      intent: 'save',
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('can no longer be changed');
    const own = await qa.post(`/assurance/audits/${auditId}/moderation`, {
      moderatedGrade: 'good',
      reason: 'I would like to change my mind.',
    });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('A second person moderates an audit');
  });

  it('is moderated by a second person with reasons, and the moderated grade counts', async () => {
    const short = await serviceManager.post(`/assurance/audits/${auditId}/moderation`, {
      moderatedGrade: 'good',
      reason: 'ok',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Give your reasons, in a sentence or more');
    const response = await serviceManager.post(`/assurance/audits/${auditId}/moderation`, {
      moderatedGrade: 'inadequate',
      reason: 'The missed history included a sibling on a plan: this is inadequate.',
    });
    expect(response.statusCode).toBe(303);
    const audit = await t.db
      .selectFrom('case_audit')
      .where('id', '=', auditId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      grade: 'requires_improvement',
      moderated_grade: 'inadequate',
      moderated_by: await userId('servicemanager'),
    });
    const page = await serviceManager.get(`/assurance/audits/${auditId}`);
    expect(page.body).toContain('changed from Requires improvement');
  });

  it('is re-audited by another auditor, whose audit is assigned to them', async () => {
    const response = await serviceManager.post(`/assurance/audits/${auditId}/re-audit`, {
      auditorId: String(await userId('manager')),
      ...dateFields('dueOn', '2026-12-31'),
    });
    expect(response.statusCode).toBe(303);
    const reAuditId = Number(response.headers.location!.split('/').pop());
    const reAudit = await t.db
      .selectFrom('case_audit')
      .where('id', '=', reAuditId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(reAudit).toMatchObject({
      re_audit_of: auditId,
      auditor_id: await userId('manager'),
      status: 'assigned',
    });
    expect((await manager.get(`/assurance/audits/${reAuditId}`)).statusCode).toBe(200);
  });
});

describe('who may open an audit', () => {
  it('refuses another auditor’s audit to a team manager, and lets a manager of assurance open any', async () => {
    const qaAudit = await t.db
      .selectFrom('case_audit')
      .where('auditor_id', '=', await userId('qa'))
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect((await manager.get(`/assurance/audits/${qaAudit.id}`)).statusCode).toBe(404);
    const refusal = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'access.denied')
      .where('record_type', '=', 'case_audit')
      .where('record_id', '=', String(qaAudit.id))
      .select('details')
      .executeTakeFirstOrThrow();
    expect(refusal.details).toMatchObject({ reason: 'not_your_audit' });
    expect((await serviceManager.get(`/assurance/audits/${qaAudit.id}`)).statusCode).toBe(200);
  });

  it('keeps the pages to their permissions', async () => {
    const leader = await t.signedIn('leader');
    const practitioner = await t.signedIn('practitioner');
    expect((await leader.get('/assurance')).statusCode).toBe(200);
    expect((await leader.get('/assurance/themes')).statusCode).toBe(200);
    expect((await leader.get('/assurance/audits/1')).statusCode).toBe(403);
    expect((await practitioner.get('/assurance')).statusCode).toBe(403);
    expect((await police.get('/assurance/samples')).statusCode).toBe(404);
    const landing = await police.get('/assurance');
    expect(landing.body).toContain('href="/assurance/audits"');
    expect(landing.body).not.toContain('href="/assurance/samples"');
  });
});

describe('a multi-agency audit', () => {
  let auditId: number;

  beforeAll(async () => {
    auditId = (
      await t.db
        .selectFrom('case_audit')
        .where('auditor_id', '=', await userId('qa'))
        .where('status', '<>', 'completed')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    const police = await t.db
      .selectFrom('agency')
      .where('kind', '=', 'police')
      .select('id')
      .executeTakeFirstOrThrow();
    expect(
      (await qa.post(`/assurance/audits/${auditId}/partners`, { agencyId: String(police.id) })).statusCode
    ).toBe(303);
  });

  it('shows the partner only their part’s questions and the least of the record, never the child', async () => {
    const list = await police.get('/assurance/audits');
    expect(list.body).toContain(`/assurance/audits/${auditId}`);
    const page = await police.get(`/assurance/audits/${auditId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Our agency’s information');
    expect(page.body).not.toContain('History considered');
    const child = await t.db
      .selectFrom('case_audit as a')
      .innerJoin('contact_child as cc', 'cc.id', 'a.contact_child_id')
      .innerJoin('contact as c', 'c.id', 'cc.contact_id')
      .leftJoin('person as p', 'p.id', 'cc.person_id')
      .where('a.id', '=', auditId)
      .select(['p.family_name', 'c.presenting_concerns'])
      .executeTakeFirstOrThrow();
    if (child.family_name) expect(page.body).not.toContain(child.family_name);
    if (child.presenting_concerns) expect(page.body).not.toContain(child.presenting_concerns.slice(0, 40));
    const logged = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'assurance.partner_part_view')
      .where('record_id', '=', String(auditId))
      .select('id')
      .executeTakeFirst();
    expect(logged).toBeDefined();
  });

  it('refuses the partner an audit their agency is not part of', async () => {
    const other = await t.db
      .selectFrom('case_audit')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('case_audit_part as p')
              .whereRef('p.audit_id', '=', 'case_audit.id')
              .where('p.agency_id', 'is not', null)
              .select('p.id')
          )
        )
      )
      .select('id')
      .executeTakeFirstOrThrow();
    expect((await police.get(`/assurance/audits/${other.id}`)).statusCode).toBe(404);
  });

  it('lets the partner complete their part, which the auditor then sees', async () => {
    const response = await police.post(`/assurance/audits/${auditId}`, {
      intent: 'complete',
      ...(await fullAnswers(auditId, 'partner')),
    });
    expect(response.statusCode).toBe(303);
    const part = await t.db
      .selectFrom('case_audit_part')
      .where('audit_id', '=', auditId)
      .where('agency_id', 'is not', null)
      .select(['completed_by'])
      .executeTakeFirstOrThrow();
    expect(part.completed_by).toBe(await userId('partner.police'));
    expect(
      (
        await t.db
          .selectFrom('case_audit')
          .where('id', '=', auditId)
          .select('status')
          .executeTakeFirstOrThrow()
      ).status
    ).not.toBe('completed');
    expect((await qa.get(`/assurance/audits/${auditId}`)).body).toContain('completed');
  });
});

describe('audit actions', () => {
  it('are chased once with their owner when overdue', async () => {
    const audit = await t.db.selectFrom('case_audit').select('id').orderBy('id').executeTakeFirstOrThrow();
    const response = await qa.post(`/assurance/audits/${audit.id}/actions`, {
      description: 'Refresh the team on the continuum of need',
      ownerId: String(await userId('manager')),
      ...dateFields('dueOn', '2026-11-19'),
    });
    expect(response.statusCode).toBe(303);
    const action = await t.db
      .selectFrom('case_audit_action')
      .where('description', '=', 'Refresh the team on the continuum of need')
      .select('id')
      .executeTakeFirstOrThrow();
    const chased = await chaseOverdueAuditActions(t.db, TEST_NOW);
    expect(chased).toBeGreaterThanOrEqual(1);
    expect(await chaseOverdueAuditActions(t.db, TEST_NOW)).toBe(0);
    const notifications = await t.db
      .selectFrom('notification')
      .where('event_key', 'like', `audit_action_overdue:${action.id}:%`)
      .select(['user_id'])
      .execute();
    expect(notifications).toEqual([{ user_id: await userId('manager') }]);
  });

  it('are marked done by their owner, not by someone else', async () => {
    const action = await t.db
      .selectFrom('case_audit_action')
      .where('description', '=', 'Refresh the team on the continuum of need')
      .select('id')
      .executeTakeFirstOrThrow();
    const practitioner = await t.signedIn('practitioner');
    expect((await practitioner.post(`/assurance/actions/${action.id}/done`, {})).statusCode).toBe(403);
    expect((await manager.post(`/assurance/actions/${action.id}/done`, {})).statusCode).toBe(303);
    expect(
      (
        await t.db
          .selectFrom('case_audit_action')
          .where('id', '=', action.id)
          .select('status')
          .executeTakeFirstOrThrow()
      ).status
    ).toBe('done');
  });
});

describe('the audit summaries the SEF and the matrix read', () => {
  /*
   * A hand-made month (March 2025, before any other audit): four audits of three contacts.
   * A: good, moderated to requires improvement; themes Consent, Timeliness; one action overdue at the month's end.
   * B: inadequate, completed late, re-audited by C (outstanding): B no longer counts.
   * D: due in the month, not completed.
   */
  const period = { from: '2025-03-01', to: '2025-03-31' };
  let contacts: { id: number; team_id: number | null; worker_id: number | null }[];

  beforeAll(async () => {
    contacts = await t.db
      .selectFrom('contact_child as cc')
      .where('cc.team_id', 'is not', null)
      .where('cc.worker_id', 'is not', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('decision as d')
            .whereRef('d.contact_child_id', '=', 'cc.id')
            .where('d.status', '=', 'authorised')
            .select('d.id')
        )
      )
      .select(['cc.id', 'cc.team_id', 'cc.worker_id'])
      .orderBy('cc.id')
      .limit(3)
      .execute();
    const [formId, qaId, smId] = [
      (await t.db.selectFrom('audit_form').select('id').executeTakeFirstOrThrow()).id,
      await userId('qa'),
      await userId('servicemanager'),
    ];
    const insert = async (values: {
      contact: number;
      due: string;
      grade?: 'good' | 'inadequate' | 'outstanding';
      completed?: string;
      reAuditOf?: number;
      level?: number;
      outcome?: string;
    }) => {
      const { id } = await t.db
        .insertInto('case_audit')
        .values({
          form_id: formId,
          contact_child_id: values.contact,
          sample_id: null,
          re_audit_of: values.reAuditOf ?? null,
          auditor_id: qaId,
          assigned_by: qaId,
          assigned_at: '2025-02-20T10:00:00Z',
          due_on: values.due,
          status: values.completed ? 'completed' : 'assigned',
          grade: values.grade ?? null,
          comment: null,
          auditor_level: values.level ?? null,
          auditor_outcome: values.outcome ?? null,
          completed_at: values.completed ?? null,
          moderated_grade: null,
          moderation_reason: null,
          moderated_by: null,
          moderated_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    };
    const a = await insert({
      contact: contacts[0]!.id,
      due: '2025-03-10',
      grade: 'good',
      completed: '2025-03-09T12:00:00Z',
      level: 3,
      outcome: 'no_further_action',
    });
    await t.db
      .updateTable('case_audit')
      .set({
        moderated_grade: 'requires_improvement',
        moderation_reason: 'x',
        moderated_by: smId,
        moderated_at: '2025-03-12T10:00:00Z',
      })
      .where('id', '=', a)
      .execute();
    const b = await insert({
      contact: contacts[1]!.id,
      due: '2025-03-10',
      grade: 'inadequate',
      completed: '2025-03-11T12:00:00Z',
    });
    await insert({
      contact: contacts[1]!.id,
      due: '2025-04-10',
      grade: 'outstanding',
      completed: '2025-03-20T12:00:00Z',
      reAuditOf: b,
      level: 2,
      outcome: 'early_help',
    });
    await insert({ contact: contacts[2]!.id, due: '2025-03-25' });
    const { id: part } = await t.db
      .insertInto('case_audit_part')
      .values({ audit_id: a, agency_id: null, completed_by: qaId, completed_at: '2025-03-09T12:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [firstQuestion] = await questionsOf(a, 'council');
    await t.db
      .insertInto('case_audit_answer')
      .values({ part_id: part, question_id: firstQuestion!.id, grade: 'good', comment: 'ok' })
      .execute();
    await t.db
      .insertInto('case_audit_theme')
      .values([
        { audit_id: a, theme: 'Consent' },
        { audit_id: a, theme: 'Timeliness' },
      ])
      .execute();
    await t.db
      .insertInto('case_audit_action')
      .values({
        audit_id: a,
        description: 'x',
        owner_id: qaId,
        due_on: '2025-03-20',
        created_by: qaId,
        created_at: '2025-03-09T12:00:00Z',
        done_at: '2025-04-02T10:00:00Z',
        chased_at: null,
        status: 'done',
      })
      .execute();
  });

  it('counts due, completed on time, grades (moderated and re-audited), questions, themes and actions', async () => {
    const summary = await auditSummary(t.db, period);
    expect(summary).toMatchObject({
      due: 3,
      completed: 2,
      completedOnTime: 1,
      actionsOpen: 1,
      actionsOverdue: 1,
    });
    expect(summary.grades).toEqual({ outstanding: 1, good: 0, requires_improvement: 1, inadequate: 0 });
    expect(summary.byQuestion).toEqual([
      {
        question: 'History considered',
        grades: { outstanding: 0, good: 1, requires_improvement: 0, inadequate: 0 },
      },
    ]);
    expect(summary.themes).toEqual([
      { theme: 'Consent', count: 1 },
      { theme: 'Timeliness', count: 1 },
    ]);
  });

  it('groups the counted grades by team and worker, and gives each auditor’s view beside the decision', async () => {
    const byTeam = await auditGradesBy(t.db, 'team', period);
    expect(byTeam.reduce((sum, group) => sum + group.audits, 0)).toBe(2);
    expect(
      byTeam.find((group) => group.groupId === contacts[0]!.team_id)?.grades.requires_improvement
    ).toBeGreaterThanOrEqual(1);
    const byWorker = await auditGradesBy(t.db, 'worker', period);
    expect(byWorker.reduce((sum, group) => sum + group.audits, 0)).toBe(2);
    const views = await auditorViews(t.db, period);
    expect(views.map((view) => [view.contactChildId, view.auditorLevel, view.auditorOutcome])).toEqual([
      [contacts[0]!.id, 3, 'no_further_action'],
      [contacts[1]!.id, 2, 'early_help'],
    ]);
    expect(views[0]!.decidedOutcome).not.toBeNull();
  });
});
