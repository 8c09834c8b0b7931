import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { openedVersion, recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';

let t: TestApp;
let practitioner: TestAgent;
let manager: TestAgent;
let assessmentTeamId: number;

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  manager = await t.signedIn(demoUser('team_manager'));
  assessmentTeamId = (
    await t.db.selectFrom('team').select('id').where('kind', '=', 'assessment').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

const versionOf = (contactChildId: number) => openedVersion(t.db, contactChildId);

async function assessThreshold(contactChildId: number, level: number) {
  const descriptor = await t.db
    .selectFrom('threshold_descriptor')
    .select(['id', 'document_id'])
    .where('level', '=', level)
    .orderBy('document_id', 'desc')
    .executeTakeFirstOrThrow();
  const saved = await practitioner.post(`/screening/${contactChildId}/threshold`, {
    documentId: String(descriptor.document_id),
    descriptors: String(descriptor.id),
    chosenLevel: String(level),
    action: 'save',
  });
  expect(saved.statusCode).toBe(303);
}

const proposal = (contactChildId: number, version: string, fields: Record<string, string | string[]>) =>
  practitioner.post(`/screening/${contactChildId}/decision`, {
    version,
    rationale: 'School and police information together show physical harm by a parent.',
    childsViews: 'She told her teacher she is scared of her mother when she drinks.',
    historyConsidered: 'Two earlier domestic abuse notifications for this household this year.',
    ...fields,
  });

async function latestDecision(contactChildId: number) {
  return t.db
    .selectFrom('decision')
    .selectAll()
    .where('contact_child_id', '=', contactChildId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

describe('proposing a decision', () => {
  it('needs the threshold assessed first, and a receiving team for an assessment', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Hesper' });
    const early = await proposal(contactChildId, await versionOf(contactChildId), { outcomes: 'assessment' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Assess the threshold of need before proposing a decision');
    expect(early.body).toContain('School and police information together');

    await assessThreshold(contactChildId, 3);
    const noTeam = await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
    });
    expect(noTeam.statusCode).toBe(400);
    expect(noTeam.body).toContain('Choose the team that will take on child and family assessment');

    const missing = await practitioner.post(`/screening/${contactChildId}/decision`, {
      version: await versionOf(contactChildId),
    });
    expect(missing.body).toContain('Choose at least one outcome');
    expect(missing.body).toContain('Say how the child&#39;s views and experience were considered');
  });
});

describe('a manager oversees each decision', () => {
  it('returns a decision with a reason, then authorises the next; an assessment is a referral handed to the team', async () => {
    const { contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Isolde',
    });
    await assessThreshold(contactChildId, 3);
    const proposed = await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'early_help',
      receivingTeam: String(assessmentTeamId),
    });
    expect(proposed.statusCode).toBe(303);
    const first = await latestDecision(contactChildId);
    expect(first).toMatchObject({
      status: 'proposed',
      outcome: 'early_help',
      chosen_level: 3,
      decision_due_at: new Date('2026-11-23T10:00:00Z'),
    });

    const awaiting = await manager.get('/decisions');
    expect(awaiting.body).toContain(`href="/screening/${contactChildId}#decision"`);

    const noReason = await manager.post(`/decisions/${first.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'return',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say why you are returning the decision');
    await manager.post(`/decisions/${first.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'return',
      comment: 'Level 3 with these injuries needs an assessment, not early help.',
    });
    expect((await latestDecision(contactChildId)).status).toBe('returned');

    await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
      receivingTeam: String(assessmentTeamId),
    });
    const second = await latestDecision(contactChildId);
    t.clock.advanceMinutes(20);
    const authorised = await manager.post(`/decisions/${second.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(authorised.statusCode).toBe(303);
    t.clock.set(TEST_NOW);

    const child = await t.db
      .selectFrom('contact_child')
      .select(['status', 'team_id'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(child).toEqual({ status: 'awaiting_handover', team_id: assessmentTeamId });
    const handover = await t.db
      .selectFrom('handover')
      .select(['decision_id', 'status'])
      .where('contact_child_id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(handover).toEqual({ decision_id: second.id, status: 'offered' });
    const referral = await t.db
      .selectFrom('referral')
      .select(['person_id', 'referral_date', 'is_rereferral'])
      .where('contact_child_id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(referral).toEqual({ person_id: personId, referral_date: '2026-11-20', is_rereferral: false });

    const steps = await t.db
      .selectFrom('journey_event')
      .select('kind')
      .where('contact_child_id', '=', contactChildId)
      .orderBy('id')
      .execute();
    expect(steps.map((step) => step.kind)).toEqual([
      'received',
      'threshold_assessed',
      'decision_proposed',
      'decision_returned',
      'decision_proposed',
      'decision_authorised',
      'handover_offered',
    ]);
    const page = await practitioner.get(`/screening/${contactChildId}`);
    expect(page.body).toContain('Within one working day of receipt');
    expect(page.body).toMatch(/Level 3 \(continuum of need, version \d+\)/);
  });

  it('completes the front door’s work for no further action, without a referral, withdrawing open questions', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Jessamy' });
    await assessThreshold(contactChildId, 1);
    const practitionerId = (
      await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', demoUser('front_door_practitioner'))
        .executeTakeFirstOrThrow()
    ).id;
    const police = await t.db
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('information_request')
      .values({
        contact_child_id: contactChildId,
        agency_id: police.id,
        question: 'Any call-outs?',
        consent_status: 'given',
        due_at: TEST_NOW,
        requested_by: practitionerId,
        requested_at: TEST_NOW,
      })
      .execute();
    await proposal(contactChildId, await versionOf(contactChildId), { outcomes: ['no_further_action'] });
    const decision = await latestDecision(contactChildId);
    await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
      comment: 'Agreed.',
    });
    const child = await t.db
      .selectFrom('contact_child')
      .select(['status', 'completed_at'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(child).toEqual({ status: 'completed', completed_at: TEST_NOW });
    const referrals = await t.db
      .selectFrom('referral')
      .select('id')
      .where('contact_child_id', '=', contactChildId)
      .execute();
    expect(referrals).toEqual([]);
    const questions = await t.db
      .selectFrom('information_request')
      .select('status')
      .where('contact_child_id', '=', contactChildId)
      .execute();
    expect(questions).toEqual([{ status: 'withdrawn' }]);
    const lateRating = await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'red',
      rationale: 'Too late to change.',
    });
    expect(lateRating.statusCode).toBe(400);
    expect(lateRating.body).toContain('The decision has been made: the rating can no longer change');
  });

  it('needs another manager to authorise a decision a manager proposed', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Nerys' });
    await assessThreshold(contactChildId, 1);
    await manager.post(`/screening/${contactChildId}/decision`, {
      version: await versionOf(contactChildId),
      outcomes: 'information_advice',
      rationale: 'Advice to the school is enough.',
      childsViews: 'She wants help with friendships.',
      historyConsidered: 'No earlier contacts.',
    });
    const decision = await latestDecision(contactChildId);
    const own = await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('Another manager must authorise a decision you proposed');
    expect((await latestDecision(contactChildId)).status).toBe('proposed');
  });

  it('lets a manager extend the timescale with a reason, keeping the original due time', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Kerensa' });
    const noReason = await manager.post(`/screening/${contactChildId}/extension`, {
      version: await versionOf(contactChildId),
      'until-date': '2026-11-24',
      'until-time': '12:00',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give the reason the decision needs longer');
    const extended = await manager.post(`/screening/${contactChildId}/extension`, {
      version: await versionOf(contactChildId),
      'until-date': '2026-11-24',
      'until-time': '12:00',
      reason: 'Waiting for the health visitor, who is back on Tuesday.',
    });
    expect(extended.statusCode).toBe(303);
    const child = await t.db
      .selectFrom('contact_child')
      .select(['decision_due_at', 'decision_extended_to', 'decision_extension_reason'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(child).toEqual({
      decision_due_at: new Date('2026-11-23T10:00:00Z'),
      decision_extended_to: new Date('2026-11-24T12:00:00Z'),
      decision_extension_reason: 'Waiting for the health visitor, who is back on Tuesday.',
    });
    await manager.post(`/screening/${contactChildId}/extension`, {
      version: await versionOf(contactChildId),
      'until-date': '2026-11-25',
      'until-time': '12:00',
      reason: 'Still waiting <script>alert(1)</script>',
    });
    const page = (await manager.get(`/screening/${contactChildId}`)).body;
    expect(page).toContain('Still waiting &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    const practitionerTry = await practitioner.post(`/screening/${contactChildId}/extension`, {
      version: await versionOf(contactChildId),
      'until-date': '2026-11-25',
      'until-time': '12:00',
      reason: 'x',
    });
    expect(practitionerTry.statusCode).toBe(403);
  });
});
