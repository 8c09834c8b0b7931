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

/** A practitioner rates the contact and a manager confirms it, as every decision needs. */
async function confirmedRating(contactChildId: number, rag: 'red' | 'amber' | 'green') {
  const rated = await practitioner.post(`/screening/${contactChildId}/rating`, {
    version: await versionOf(contactChildId),
    rag,
    rationale: 'School report bruising and the child says a parent hit her.',
  });
  expect(rated.statusCode).toBe(303);
  const confirmed = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
    version: await versionOf(contactChildId),
    rag,
  });
  expect(confirmed.statusCode).toBe(303);
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
    await confirmedRating(contactChildId, 'amber');
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
    await confirmedRating(contactChildId, 'amber');
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
      'linked',
      'threshold_assessed',
      'rated',
      'rating_confirmed',
      'decision_proposed',
      'decision_returned',
      'decision_proposed',
      'decision_authorised',
      'handover_offered',
    ]);
    const page = await practitioner.get(`/screening/${contactChildId}`);
    expect(page.body).toContain('Within one working day of receipt');
    expect(page.body).toMatch(/Level 3 \(continuum of need, version \d+\)/);
    // Decided: the clocks have stopped, and say how long it took rather than counting down.
    expect(page.body).not.toContain('data-countdown');
    const settled = [...page.body.matchAll(/data-testid="settled-due">([^<]+)</g)].map((m) => m[1]);
    expect(settled).toHaveLength(2);
    for (const text of settled)
      expect(text).toMatch(/^Decided in \d+(h \d\d)?m( working time)?, within time$/);
  });

  it('lets the manager see and choose where the handover goes, suggesting the team for the child’s locality', async () => {
    const { contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Philippa',
    });
    const teams = await t.db
      .selectFrom('team')
      .leftJoin('locality', 'locality.id', 'team.locality_id')
      .select(['team.id', 'team.name', 'team.locality_id', 'locality.name as locality'])
      .where('team.kind', '=', 'assessment')
      .orderBy('team.id')
      .execute();
    expect(teams.length).toBeGreaterThanOrEqual(2);
    const [proposedTeam, otherTeam] = teams as [(typeof teams)[0], (typeof teams)[0]];
    // The child lives in the other team's locality.
    const address = await t.db
      .insertInto('address')
      .values({
        line1: '4 Quarry Row',
        town: 'Northmoor',
        postcode: 'NM1 4QR',
        locality_id: otherTeam.locality_id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('person').set({ address_id: address.id }).where('id', '=', personId).execute();
    await assessThreshold(contactChildId, 3);
    await confirmedRating(contactChildId, 'amber');
    await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
      receivingTeam: String(proposedTeam.id),
    });
    const decision = await latestDecision(contactChildId);
    const page = (await manager.get(`/screening/${contactChildId}`)).body;
    expect(page).toContain('If you authorise it, hand the child to');
    if (otherTeam.locality) {
      expect(page).toContain(
        `Suggested for ${otherTeam.locality}, where the child lives: ${otherTeam.name}.`
      );
    }
    expect(page).toMatch(new RegExp(`<option value="${proposedTeam.id}" selected>`));

    const unknownTeam = await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
      receivingTeam: '999999',
    });
    expect(unknownTeam.statusCode).toBe(400);
    expect(unknownTeam.body).toContain('Choose a receiving team from the list');
    const authorised = await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
      receivingTeam: String(otherTeam.id),
    });
    expect(authorised.statusCode).toBe(303);
    const handover = await t.db
      .selectFrom('handover')
      .select('to_team_id')
      .where('contact_child_id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(handover.to_team_id).toBe(otherTeam.id);
    expect((await latestDecision(contactChildId)).receiving_team_id).toBe(otherTeam.id);
  });

  it('completes the front door’s work for no further action, without a referral, withdrawing open questions', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Jessamy' });
    await assessThreshold(contactChildId, 1);
    await confirmedRating(contactChildId, 'green');
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

  it('refuses a manager’s confirmation or change of the rating once the child is handed over', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Tamsin' });
    await assessThreshold(contactChildId, 3);
    await confirmedRating(contactChildId, 'amber');
    await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
      receivingTeam: String(assessmentTeamId),
    });
    const decision = await latestDecision(contactChildId);
    const authorised = await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(authorised.statusCode).toBe(303);
    const ratingsBefore = await t.db
      .selectFrom('rag_rating')
      .select(['rag', 'kind'])
      .where('contact_child_id', '=', contactChildId)
      .orderBy('id')
      .execute();
    for (const rag of ['amber', 'red'] as const) {
      const late = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
        version: await versionOf(contactChildId),
        rag,
        reason: 'A new worry came in after the decision was made.',
      });
      expect(late.statusCode, rag).toBe(400);
      expect(late.body).toContain('The decision has been made: the rating can no longer change');
    }
    const after = await t.db
      .selectFrom('contact_child')
      .select(['status', 'rag'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'awaiting_handover', rag: 'amber' });
    const ratingsAfter = await t.db
      .selectFrom('rag_rating')
      .select(['rag', 'kind'])
      .where('contact_child_id', '=', contactChildId)
      .orderBy('id')
      .execute();
    expect(ratingsAfter).toEqual(ratingsBefore);
  });

  it('needs another manager to authorise a decision a manager proposed', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Nerys' });
    await assessThreshold(contactChildId, 1);
    await confirmedRating(contactChildId, 'green');
    await manager.post(`/screening/${contactChildId}/decision`, {
      version: await versionOf(contactChildId),
      outcomes: 'information_advice',
      rationale: 'Advice to the school about friendships is enough.',
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
      'until-day': '24',
      'until-month': '11',
      'until-year': '2026',
      'until-time': '12:00',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give the reason the decision needs longer');
    const extended = await manager.post(`/screening/${contactChildId}/extension`, {
      version: await versionOf(contactChildId),
      'until-day': '24',
      'until-month': '11',
      'until-year': '2026',
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
      'until-day': '25',
      'until-month': '11',
      'until-year': '2026',
      'until-time': '12:00',
      reason: 'Still waiting <script>alert(1)</script>',
    });
    const page = (await manager.get(`/screening/${contactChildId}`)).body;
    expect(page).toContain('Still waiting &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    const practitionerTry = await practitioner.post(`/screening/${contactChildId}/extension`, {
      version: await versionOf(contactChildId),
      'until-day': '25',
      'until-month': '11',
      'until-year': '2026',
      'until-time': '12:00',
      reason: 'x',
    });
    expect(practitionerTry.statusCode).toBe(403);
  });

  it('reads the new due time from day, month and year boxes and a time, in UK time, keeping what was typed', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Briallen' });
    const reason = 'Waiting for the school nurse, who is on a course.';
    const extend = async (fields: Record<string, string>) =>
      manager.post(`/screening/${contactChildId}/extension`, {
        version: await versionOf(contactChildId),
        reason,
        ...fields,
      });

    const notReal = await extend({
      'until-day': '31',
      'until-month': '11',
      'until-year': '2026',
      'until-time': '12:00',
    });
    expect(notReal.statusCode).toBe(400);
    expect(notReal.body).toContain('The new due date must be a real date, for example 27 3 2015');
    expect(notReal.body).toContain('href="#extension-until"');
    expect(notReal.body).toMatch(/name="until-day"[^>]*value="31"|value="31"[^>]*name="until-day"/);
    expect(notReal.body).toContain(reason);

    const badTime = await extend({
      'until-day': '24',
      'until-month': '11',
      'until-year': '2026',
      'until-time': '2pm',
    });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.body).toContain('Enter the new due time using the 24-hour clock, for example 14:00');
    expect(badTime.body).toContain('href="#extension-until-time"');
    expect(badTime.body).toContain('value="2pm"');

    const partial = await extend({ 'until-day': '24', 'until-year': '2026' });
    expect(partial.statusCode).toBe(400);
    expect(partial.body).toContain('The new due date must include a day, month and year');
    expect(partial.body).toContain('Enter the new due time, for example 14:00');

    const earlier = await extend({
      'until-day': '20',
      'until-month': '11',
      'until-year': '2026',
      'until-time': '09:00',
    });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.body).toContain('The new due time must be later than the current one and than now');
    expect(earlier.body).toContain('value="09:00"');

    // Summer time: 12:00 in the UK on 1 June is 11:00 UTC.
    const summer = await extend({
      'until-day': '1',
      'until-month': '6',
      'until-year': '2027',
      'until-time': '12:00',
    });
    expect(summer.statusCode).toBe(303);
    const child = await t.db
      .selectFrom('contact_child')
      .select('decision_extended_to')
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(child.decision_extended_to).toEqual(new Date('2027-06-01T11:00:00Z'));
  });
});

describe('a decision about a restricted child', () => {
  it('answers "not found" to a verdict from a manager without a grant, as for a decision that does not exist', async () => {
    const { contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Morwenna',
    });
    await assessThreshold(contactChildId, 1);
    await confirmedRating(contactChildId, 'green');
    await proposal(contactChildId, await versionOf(contactChildId), { outcomes: 'information_advice' });
    const decision = await latestDecision(contactChildId);
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', personId).execute();
    for (const path of ['authorisation', 'second-authorisation']) {
      const refused = await manager.post(`/decisions/${decision.id}/${path}`, {
        version: await versionOf(contactChildId),
        verdict: 'return',
        comment: 'Guessing the id of a decision about another child.',
      });
      expect(refused.statusCode, path).toBe(404);
    }
    expect((await latestDecision(contactChildId)).status).toBe('proposed');
    // Refused as a change to the decision's child, so "who tried to see this child" finds it.
    const refusals = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'access.denied')
      .where('record_type', '=', 'contact_child')
      .where('record_id', '=', String(contactChildId))
      .execute();
    expect(refusals.map((row) => row.details)).toEqual([
      expect.objectContaining({ attempted: 'change' }),
      expect.objectContaining({ attempted: 'change' }),
    ]);
    const missing = await manager.post('/decisions/2147483647/authorisation', {
      version: '1',
      verdict: 'authorise',
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('a decision stands on a confirmed rating', () => {
  it('refuses a decision for a contact never rated, rated only by a practitioner, or with a lower rating waiting', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Oriel',
      immediateRisk: false,
    });
    await assessThreshold(contactChildId, 3);
    const unrated = await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
      receivingTeam: String(assessmentTeamId),
    });
    expect(unrated.statusCode).toBe(400);
    expect(unrated.body).toContain(
      'Rate the contact, and have a manager confirm the rating, before a decision'
    );
    expect(unrated.body).toContain('href="#rating"');
    expect(unrated.body).toContain(`href="/screening/${contactChildId}#rating"`);

    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'red',
      rationale: 'The child says her stepfather hit her last night.',
    });
    const unconfirmed = await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
      receivingTeam: String(assessmentTeamId),
    });
    expect(unconfirmed.body).toContain('A manager must confirm the red rating on the screening page');

    await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'red',
    });
    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'green',
      rationale: 'Stepfather has moved out according to the mother.',
    });
    const waiting = await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
      receivingTeam: String(assessmentTeamId),
    });
    expect(waiting.body).toContain('A lower rating (green) is waiting for a manager');
    const decisions = await t.db
      .selectFrom('decision')
      .select('id')
      .where('contact_child_id', '=', contactChildId)
      .execute();
    expect(decisions).toEqual([]);
  });

  it('refuses to authorise a decision when the rating changed after it was proposed', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Perpetua' });
    await assessThreshold(contactChildId, 3);
    await confirmedRating(contactChildId, 'amber');
    await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'assessment',
      receivingTeam: String(assessmentTeamId),
    });
    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'red',
      rationale: 'Police now say the mother was arrested for assault tonight.',
    });
    const decision = await latestDecision(contactChildId);
    const refused = await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('A manager must confirm the red rating');
    expect((await latestDecision(contactChildId)).status).toBe('proposed');
  });
});

describe('no further action on immediate risk takes more than one click', () => {
  const longRationale =
    'Police told us the father was arrested last night and is bailed to an address in another county, with ' +
    'conditions not to contact the family. The mother has moved the children to her sister, the school sees ' +
    'them daily and will call us at once if anything changes.';

  /** The case: red, police say high risk, descriptors at level 4, level 1 chosen. */
  async function redLevelFourChoseLevelOne(givenName: string) {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName,
      immediateRisk: true,
    });
    const police = await t.db
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    const asker = await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('front_door_practitioner'))
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('information_request')
      .values({
        contact_child_id: contactChildId,
        agency_id: police.id,
        question: 'Risk assessment?',
        consent_status: 'not_sought',
        due_at: TEST_NOW,
        requested_by: asker.id,
        requested_at: TEST_NOW,
        status: 'answered',
        risks: 'high risk',
      })
      .execute();
    const levelFour = await t.db
      .selectFrom('threshold_descriptor')
      .select(['id', 'document_id'])
      .where('level', '=', 4)
      .orderBy('document_id', 'desc')
      .executeTakeFirstOrThrow();
    const saved = await practitioner.post(`/screening/${contactChildId}/threshold`, {
      documentId: String(levelFour.document_id),
      descriptors: String(levelFour.id),
      chosenLevel: '1',
      differenceReason: 'The family has moved away from the man who hurt her.',
      action: 'save',
    });
    expect(saved.statusCode).toBe(303);
    await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'red',
    });
    return contactChildId;
  }

  it('asks for a rationale that says why, the manager’s comment and a second sign-off by a service manager', async () => {
    const contactChildId = await redLevelFourChoseLevelOne('Quenby');
    const ok = await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'no_further_action',
      rationale: 'ok',
    });
    expect(ok.statusCode).toBe(400);
    expect(ok.body).toContain(
      'This decision needs a second sign-off because level 1 was chosen when the descriptors point to level 4; ' +
        'no further action opens no social-care work for a child rated red'
    );
    expect(ok.body).toContain('at least 30 words');

    const proposed = await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'no_further_action',
      rationale: longRationale,
    });
    expect(proposed.statusCode).toBe(303);
    const decision = await latestDecision(contactChildId);
    expect(decision).toMatchObject({
      status: 'proposed',
      rag: 'red',
      second_authorisation_reasons: [
        'level_below_indicated',
        'no_social_care_on_red',
        'no_social_care_at_level_4',
      ],
    });

    // One click is not enough: the manager must comment.
    const oneClick = await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(oneClick.statusCode).toBe(400);
    expect(oneClick.body).toContain('Comment on why you agree, in at least 10 words');
    const agreed = await manager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
      comment: 'I have spoken to the police: bail conditions and the move make the children safe tonight.',
    });
    expect(agreed.statusCode).toBe(303);
    const waiting = await t.db
      .selectFrom('contact_child')
      .select(['status', 'completed_at'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(waiting).toEqual({ status: 'awaiting_authorisation', completed_at: null });
    expect((await latestDecision(contactChildId)).status).toBe('awaiting_second_authorisation');
    const screening = (await practitioner.get(`/screening/${contactChildId}`)).body;
    expect(screening).toContain('Waiting for a second sign-off');
    const oversight = (await manager.get('/decisions')).body;
    const secondList = oversight.slice(
      oversight.indexOf('id="second-sign-off"'),
      oversight.indexOf('id="overdue"')
    );
    expect(secondList).toContain(`href="/screening/${contactChildId}#decision"`);

    // The first manager cannot sign off again, nor can a practitioner; a team manager is not named.
    const teamManager = await t.db
      .selectFrom('staff_user')
      .select('username')
      .where('role', '=', 'team_manager')
      .where('username', '<>', demoUser('team_manager'))
      .executeTakeFirstOrThrow();
    const otherManager = await t.signedIn(teamManager.username);
    const notNamed = await otherManager.post(`/decisions/${decision.id}/second-authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(notNamed.statusCode).toBe(400);
    expect(notNamed.body).toContain('In this council the second sign-off is given by a service manager');
    const byPractitioner = await practitioner.post(`/decisions/${decision.id}/second-authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(byPractitioner.statusCode).toBe(403);

    const serviceManager = await t.signedIn(demoUser('service_manager'));
    const signedOff = await serviceManager.post(`/decisions/${decision.id}/second-authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
      comment: 'Agree: police bail conditions hold.',
    });
    expect(signedOff.statusCode).toBe(303);
    const done = await t.db
      .selectFrom('contact_child')
      .select(['status'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(done.status).toBe('completed');
    expect(await latestDecision(contactChildId)).toMatchObject({
      status: 'authorised',
      second_comment: 'Agree: police bail conditions hold.',
    });
    const steps = await t.db
      .selectFrom('journey_event')
      .select('kind')
      .where('contact_child_id', '=', contactChildId)
      .where('kind', 'like', 'decision%')
      .orderBy('id')
      .execute();
    expect(steps.map((step) => step.kind)).toEqual([
      'decision_proposed',
      'decision_awaiting_second_authoriser',
      'decision_second_authorised',
    ]);
  });

  it('needs the second sign-off from someone other than the proposer and the first manager', async () => {
    const contactChildId = await redLevelFourChoseLevelOne('Rosamund');
    await proposal(contactChildId, await versionOf(contactChildId), {
      outcomes: 'no_further_action',
      rationale: longRationale,
    });
    const decision = await latestDecision(contactChildId);
    const serviceManager = await t.signedIn(demoUser('service_manager'));
    await serviceManager.post(`/decisions/${decision.id}/authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
      comment: 'I have spoken to the police: bail conditions and the move make the children safe tonight.',
    });
    const again = await serviceManager.post(`/decisions/${decision.id}/second-authorisation`, {
      version: await versionOf(contactChildId),
      verdict: 'authorise',
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain(
      'You authorised this decision first: someone else must give the second sign-off'
    );
    expect((await latestDecision(contactChildId)).status).toBe('awaiting_second_authorisation');
  });
});

describe('the decisions page', () => {
  it('orders by risk (red, amber, green, not rated) then age, with the RAG shown', async () => {
    const old = (days: number) => new Date(TEST_NOW.getTime() - days * 24 * 3600_000);
    const made: Record<string, number> = {};
    for (const [name, rag, days] of [
      ['Unrated', null, 900],
      ['Greenold', 'green', 900],
      ['Amberold', 'amber', 899],
      ['Redyoung', 'red', 898],
      ['Redold', 'red', 899],
    ] as const) {
      const { contactChildId } = await recordTestContact(t.db, {
        receivedAt: old(days),
        givenName: `Order${name}`,
      });
      await t.db
        .updateTable('contact_child')
        .set({ rag, rag_due_at: rag ? old(days - 1) : null })
        .where('id', '=', contactChildId)
        .execute();
      made[name] = contactChildId;
    }
    const page = (await manager.get('/decisions')).body;
    const overdue = page.slice(page.indexOf('id="overdue"'));
    const at = (name: string) => overdue.indexOf(`href="/screening/${made[name]}"`);
    const positions = ['Redold', 'Redyoung', 'Amberold', 'Greenold', 'Unrated'].map(at);
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(overdue).toContain('govuk-tag--red');
    expect(overdue).toContain('Not rated');
  });
});
