import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { openedVersion, recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';

let t: TestApp;
let practitioner: TestAgent;
let manager: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  manager = await t.signedIn(demoUser('team_manager'));
});
afterAll(() => t.close());

const versionOf = (contactChildId: number) => openedVersion(t.db, contactChildId);

describe('the incoming queue', () => {
  it('lists open contacts soonest due first, with a countdown, and filters by RAG', async () => {
    // Received Friday 20 November 2026 at 10:00: red is due 4 hours later, day and night, at 14:00.
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Ottoline',
      immediateRisk: true,
    });
    const page = await practitioner.get('/contacts?rag=red');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/screening/${contactChildId}"`);
    expect(page.body).toContain('4h 00m left (real time, day and night)');
    expect(page.body).toMatch(/data-countdown data-due="\d+" data-now="\d+" data-windows="\[\[/);
    const green = await practitioner.get('/contacts?rag=green');
    expect(green.body).not.toContain(`href="/screening/${contactChildId}"`);
  });

  it('finds contacts by the child’s name or the reference, word by word, and keeps the search in the address', async () => {
    const found = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Zephyrine' });
    const reference = (
      await t.db
        .selectFrom('contact')
        .select('reference')
        .where('id', '=', found.contactId)
        .executeTakeFirstOrThrow()
    ).reference;
    for (const q of ['zephyr', 'Zephyrine Vantablack', reference, reference.toLowerCase()]) {
      const page = (await practitioner.get(`/contacts?q=${encodeURIComponent(q)}`)).body;
      expect(page, q).toContain(`href="/screening/${found.contactChildId}"`);
      expect(page, q).toContain(`value="${q}"`);
    }
    const neither = (await practitioner.get('/contacts?q=Zephyrine+Khan')).body;
    expect(neither).not.toContain(`href="/screening/${found.contactChildId}"`);
    expect(neither).toContain('There are no open contacts matching these filters');
    // A % or _ is a character to find, not a wildcard.
    expect((await practitioner.get('/contacts?q=%25')).body).toContain('There are no open contacts matching');
  });

  it('finds what a child’s names, the contact and the referrer say now, after any of them changes', async () => {
    const child = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Wenceslas' });
    const finds = async (q: string) =>
      (await practitioner.get(`/contacts?q=${encodeURIComponent(q)}`)).body.includes(
        `href="/screening/${child.contactChildId}"`
      );
    expect(await finds('wenceslas northmoor')).toBe(true);

    // The record's names as well as those the referrer gave (kept as described).
    await t.db
      .updateTable('person')
      .set({ given_name: 'Ottilie' })
      .where('id', '=', child.personId)
      .execute();
    expect(await finds('OTTILIE vantablack')).toBe(true);
    expect(await finds('wenceslas ottilie')).toBe(true);

    await t.db
      .updateTable('contact')
      .set({ referrer_name: 'Mr B Counsellor', referrer_organisation: 'Hillcrest Academy' })
      .where('id', '=', child.contactId)
      .execute();
    expect(await finds('ottilie northmoor')).toBe(false);
    expect(await finds('ottilie hillcrest counsellor')).toBe(true);

    // No longer linked to a record: found by the names the referrer gave.
    await t.db
      .updateTable('contact_child')
      .set({
        person_id: null,
        described_child: JSON.stringify({ givenName: 'Briallen', familyName: 'Quist' }),
      })
      .where('id', '=', child.contactChildId)
      .execute();
    expect(await finds('Ottilie')).toBe(false);
    expect(await finds('Wenceslas')).toBe(false);
    expect(await finds('briallen quist hillcrest')).toBe(true);
    // Each word is found within one text, never across two.
    expect(await finds('quist\nmr')).toBe(true);
    expect(await finds('quistmr')).toBe(false);
  });

  it('says how many are open in all, and pages through them 50 at a time', async () => {
    for (let i = 0; i < 52; i++)
      await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Pagination' });
    const first = (await practitioner.get('/contacts?q=Pagination')).body;
    expect(first).toContain('52 open matching, soonest due first');
    expect(first).toContain('Showing 1 to 50');
    expect(first.match(/href="\/screening\/\d+"/g)).toHaveLength(50);
    expect(first).toContain('href="/contacts?q=Pagination&amp;page=2"');
    const second = (await practitioner.get('/contacts?q=Pagination&page=2')).body;
    expect(second).toContain('Showing 51 to 52');
    expect(second.match(/href="\/screening\/\d+"/g)).toHaveLength(2);
    const past = await practitioner.get('/contacts?q=Pagination&page=9');
    expect(past.statusCode).toBe(303);
    expect(past.headers.location).toBe('/contacts?q=Pagination');
  });

  it('ignores filters it does not recognise instead of failing', async () => {
    const page = await practitioner.get('/contacts?rag=purple&team=abc&status=nonsense');
    expect(page.statusCode).toBe(200);
  });
});

describe('rating a contact', () => {
  it('keeps every rating, moves the due time with it and records the step', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Araminta' });
    const saved = await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'amber',
      rationale: 'Bruising reported by school; no disclosure of ongoing risk today.',
    });
    expect(saved.statusCode).toBe(303);
    const child = await t.db
      .selectFrom('contact_child')
      .select(['rag', 'rag_due_at', 'status'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    // Amber: 1 working day from Friday 10:00 is Monday 10:00.
    expect(child).toEqual({
      rag: 'amber',
      rag_due_at: new Date('2026-11-23T10:00:00Z'),
      status: 'screening',
    });

    const police = await t.db
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    const asker = await t.db.selectFrom('staff_user').select('id').orderBy('id').executeTakeFirstOrThrow();
    const question = await t.db
      .insertInto('information_request')
      .values({
        contact_child_id: contactChildId,
        agency_id: police.id,
        question: 'Any call-outs?',
        consent_status: 'given',
        due_at: new Date('2026-11-23T10:00:00Z'),
        requested_by: asker.id,
        requested_at: TEST_NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    t.clock.advanceMinutes(20); // within the 30-minute idle timeout
    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'red',
      rationale: 'Police now report the mother was arrested for assault last night.',
    });
    const ratings = await t.db
      .selectFrom('rag_rating')
      .select(['rag', 'kind', 'due_at'])
      .where('contact_child_id', '=', contactChildId)
      .orderBy('id')
      .execute();
    expect(ratings).toEqual([
      { rag: 'amber', kind: 'screening', due_at: new Date('2026-11-23T10:00:00Z') },
      { rag: 'red', kind: 're_rating', due_at: new Date('2026-11-20T14:00:00Z') },
    ]);
    const steps = await t.db
      .selectFrom('journey_event')
      .select('kind')
      .where('contact_child_id', '=', contactChildId)
      .orderBy('id')
      .execute();
    expect(steps.map((step) => step.kind)).toEqual(['received', 'linked', 'rated', 'rated']);
    // The partner's answer is now due by the red time too.
    const asked = await t.db
      .selectFrom('information_request')
      .select('due_at')
      .where('id', '=', question.id)
      .executeTakeFirstOrThrow();
    expect(asked.due_at).toEqual(new Date('2026-11-20T14:00:00Z'));
    const page = await practitioner.get(`/screening/${contactChildId}`);
    expect(page.body).toContain('Police now report the mother was arrested');
    expect(page.body).toContain('Re-rated');
    t.clock.set(TEST_NOW);
  });

  it('explains a missing rating or rationale GOV.UK style, keeping what was typed', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Bellatrix',
    });
    const page = await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rationale: 'Half-written thoughts',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Select a RAG rating');
    expect(page.body).toContain('href="#rating-rag"');
    expect(page.body).toContain('Half-written thoughts');
  });

  it('tells the second of two people saving at once that the record changed, and keeps their words', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Cressida' });
    const opened = await versionOf(contactChildId);
    const first = await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: opened,
      rag: 'green',
      rationale: 'First screener: universal services can meet this need.',
    });
    expect(first.statusCode).toBe(303);
    const second = await manager.post(`/screening/${contactChildId}/rating`, {
      version: opened,
      rag: 'red',
      rationale: 'Second screener: I think this is urgent.',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this contact since you opened it');
    // The error summary's link lands on the message beside the form, not on a hidden field.
    expect(second.body).toContain('href="#rating-version"');
    expect(second.body).toContain('<p class="govuk-error-message" id="rating-version"');
    expect(second.body).toContain('Second screener: I think this is urgent.');
    const rag = await t.db
      .selectFrom('contact_child')
      .select('rag')
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(rag.rag).toBe('green');
  });

  it('lets a manager confirm the rating, and needs a reason to change it', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Drusilla' });
    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'green',
      rationale: 'Low level worry about school attendance only.',
    });
    const noReason = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'amber',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give the reason for changing the rating');
    const changed = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'amber',
      reason: 'Third contact this year about the same family: needs a closer look.',
    });
    expect(changed.statusCode).toBe(303);
    const latest = await t.db
      .selectFrom('rag_rating')
      .select(['rag', 'kind'])
      .where('contact_child_id', '=', contactChildId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({ rag: 'amber', kind: 'manager_changed' });
    const practitionerTry = await practitioner.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'amber',
    });
    expect(practitionerTry.statusCode).toBe(403);
  });

  it('shows a manager one rating form, and no rating form once the decision is made', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Unaforma' });
    const unrated = (await manager.get(`/screening/${contactChildId}`)).body;
    expect(unrated).toContain(`action="/screening/${contactChildId}/rating"`);
    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'amber',
      rationale: 'Bruising reported by school; no disclosure of ongoing risk today.',
    });
    const rated = (await manager.get(`/screening/${contactChildId}`)).body;
    expect(rated).toContain(`action="/screening/${contactChildId}/rating/confirmation"`);
    expect(rated).not.toContain(`action="/screening/${contactChildId}/rating"`);
    expect((await practitioner.get(`/screening/${contactChildId}`)).body).toContain(
      `action="/screening/${contactChildId}/rating"`
    );
    await t.db
      .updateTable('contact_child')
      .set({ status: 'completed' })
      .where('id', '=', contactChildId)
      .execute();
    const decided = (await manager.get(`/screening/${contactChildId}`)).body;
    expect(decided).not.toContain(`action="/screening/${contactChildId}/rating`);
  });

  it('lets a manager allocate to a team and a worker in it', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Eglantine',
    });
    const worker = await t.db
      .selectFrom('staff_user')
      .select(['id', 'team_id'])
      .where('username', '=', demoUser('front_door_practitioner'))
      .executeTakeFirstOrThrow();
    const otherTeam = await t.db
      .selectFrom('team')
      .select('id')
      .where('id', '<>', worker.team_id!)
      .where('kind', '=', 'assessment')
      .executeTakeFirstOrThrow();
    const mismatch = await manager.post(`/screening/${contactChildId}/allocation`, {
      version: await versionOf(contactChildId),
      team: String(otherTeam.id),
      worker: String(worker.id),
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('Choose a worker from the team you are allocating to');
    const allocated = await manager.post(`/screening/${contactChildId}/allocation`, {
      version: await versionOf(contactChildId),
      team: String(worker.team_id),
      worker: String(worker.id),
    });
    expect(allocated.statusCode).toBe(303);
    const queue = await practitioner.get(`/contacts?worker=${worker.id}`);
    expect(queue.body).toContain(`href="/screening/${contactChildId}"`);
  });
});

describe('the threshold of need', () => {
  async function descriptorsAt(level: number) {
    return t.db
      .selectFrom('threshold_descriptor')
      .innerJoin('threshold_document', 'threshold_document.id', 'threshold_descriptor.document_id')
      .select(['threshold_descriptor.id', 'threshold_descriptor.document_id', 'threshold_descriptor.text'])
      .where('threshold_descriptor.level', '=', level)
      .orderBy('threshold_document.version', 'desc')
      .orderBy('threshold_descriptor.id')
      .limit(2)
      .execute();
  }

  it('shows the level the ticked descriptors point to, and needs a reason to choose another', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Fenella' });
    const page = await practitioner.get(`/screening/${contactChildId}/threshold`);
    expect(page.statusCode).toBe(200);
    const [levelThree] = await descriptorsAt(3);
    const [levelTwo] = await descriptorsAt(2);
    expect(page.body).toContain(levelThree!.text);

    const ticked = {
      documentId: String(levelThree!.document_id),
      descriptors: [String(levelThree!.id), String(levelTwo!.id)],
    };
    const checked = await practitioner.post(`/screening/${contactChildId}/threshold`, {
      ...ticked,
      action: 'check',
    });
    expect(checked.body).toContain('The descriptors ticked point to level 3');

    const noReason = await practitioner.post(`/screening/${contactChildId}/threshold`, {
      ...ticked,
      chosenLevel: '2',
      action: 'save',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Explain why you chose level 2 when the descriptors point to level 3');

    const saved = await practitioner.post(`/screening/${contactChildId}/threshold`, {
      ...ticked,
      chosenLevel: '2',
      differenceReason: 'Mother has engaged with the health visitor since; early help can meet this.',
      action: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const assessment = await t.db
      .selectFrom('threshold_assessment')
      .selectAll()
      .where('contact_child_id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(assessment).toMatchObject({
      threshold_document_id: levelThree!.document_id,
      indicated_level: 3,
      chosen_level: 2,
      difference_reason: 'Mother has engaged with the health visitor since; early help can meet this.',
    });
    expect([...assessment.descriptor_ids].sort()).toEqual([levelTwo!.id, levelThree!.id].sort());
  });

  it('asks for at least one descriptor', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Gwendolen',
    });
    const [levelOne] = await descriptorsAt(1);
    const page = await practitioner.post(`/screening/${contactChildId}/threshold`, {
      documentId: String(levelOne!.document_id),
      chosenLevel: '1',
      action: 'save',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Tick the descriptors that apply to this child');
  });
});

describe('a restricted child', () => {
  it('answers "not found" to a change from someone without a grant, as to a read, and changes nothing', async () => {
    const { contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Philippa',
    });
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', personId).execute();
    expect((await practitioner.get(`/screening/${contactChildId}`)).statusCode).toBe(404);
    const rated = await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'green',
      rationale: 'Guessing the id of another child.',
    });
    expect(rated.statusCode).toBe(404);
    const extended = await manager.post(`/screening/${contactChildId}/extension`, {
      version: await versionOf(contactChildId),
      'until-day': '30',
      'until-month': '11',
      'until-year': '2026',
      'until-time': '12:00',
      reason: 'Guessing the id.',
    });
    expect(extended.statusCode).toBe(404);
    const child = await t.db
      .selectFrom('contact_child')
      .select(['rag', 'decision_extended_to'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
    expect(child).toEqual({ rag: null, decision_extended_to: null });
  });
});

describe('a lower rating for a red contact', () => {
  const ratingOf = (contactChildId: number) =>
    t.db
      .selectFrom('contact_child')
      .select(['rag', 'rag_due_at', 'immediate_risk_cleared_at'])
      .where('id', '=', contactChildId)
      .executeTakeFirstOrThrow();
  const reasonGiven = 'Police confirm the father has left the home and is on bail conditions.';

  it('refuses "x" as a reason, saying what a reason covers, and keeps the child red', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Hyacinth',
      immediateRisk: true,
    });
    const refused = await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'green',
      rationale: 'x',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Explain the rating in at least 5 words: what has happened to the child');
    expect(refused.body).toContain('href="#rating-rationale"');
    expect((await ratingOf(contactChildId)).rag).toBe('red');
  });

  it('waits for a manager: the child stays red, due at the red time, with the immediate-risk tag', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Isadora',
      immediateRisk: true,
    });
    const before = await ratingOf(contactChildId);
    const asked = await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'green',
      rationale: reasonGiven,
    });
    expect(asked.statusCode).toBe(303);
    expect(await ratingOf(contactChildId)).toEqual(before);
    const page = (await practitioner.get(`/screening/${contactChildId}`)).body;
    expect(page).toContain('A lower rating is waiting for a manager.');
    expect(page).toContain('The child stays red');
    expect(page).toMatch(/<h1[^>]*>[\s\S]*Immediate risk[\s\S]*<\/h1>/);
    expect((await practitioner.get('/contacts?rag=red')).body).toContain(
      `href="/screening/${contactChildId}"`
    );
    const oversight = (await manager.get('/decisions')).body;
    expect(oversight).toContain(`href="/screening/${contactChildId}#rating"`);

    // The manager's "confirm" with no reason is refused; with one, the child is green and the tag goes.
    const noReason = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'green',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say in at least 5 words why the rating can come down from red');
    const agreed = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'green',
      reason: 'Spoke to the police sergeant: father bailed away from the home, mother protective.',
    });
    expect(agreed.statusCode).toBe(303);
    const after = await ratingOf(contactChildId);
    expect(after.rag).toBe('green');
    expect(after.immediate_risk_cleared_at).toEqual(TEST_NOW);
    const ratings = await t.db
      .selectFrom('rag_rating')
      .select(['rag', 'kind', 'review_status'])
      .where('contact_child_id', '=', contactChildId)
      .orderBy('id')
      .execute();
    expect(ratings).toEqual([
      { rag: 'red', kind: 'immediate_risk', review_status: null },
      { rag: 'green', kind: 're_rating', review_status: 'confirmed' },
      { rag: 'green', kind: 'manager_changed', review_status: null },
    ]);
    const confirmedPage = (await practitioner.get(`/screening/${contactChildId}`)).body;
    expect(confirmedPage).not.toMatch(/<h1[^>]*>[\s\S]*Immediate risk[\s\S]*<\/h1>/);
    expect(confirmedPage).toContain('Lower rating asked for: agreed by a manager');
    const queue = (await practitioner.get('/contacts?rag=green')).body;
    const row = queue.slice(queue.indexOf(`href="/screening/${contactChildId}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).not.toContain('Immediate risk');
    expect((await manager.get('/decisions')).body).not.toContain(
      `href="/screening/${contactChildId}#rating"`
    );
  });

  it('stays red when the manager refuses it with a reason', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Jocasta',
      immediateRisk: true,
    });
    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await versionOf(contactChildId),
      rag: 'amber',
      rationale: reasonGiven,
    });
    const kept = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'red',
      reason: 'The father’s bail address is two streets away; risk tonight is unchanged.',
    });
    expect(kept.statusCode).toBe(303);
    expect(await ratingOf(contactChildId)).toMatchObject({ rag: 'red', immediate_risk_cleared_at: null });
    const pending = await t.db
      .selectFrom('rag_rating')
      .select('review_status')
      .where('contact_child_id', '=', contactChildId)
      .where('rag', '=', 'amber')
      .executeTakeFirstOrThrow();
    expect(pending.review_status).toBe('rejected');
  });

  it('lets amber come down to green at once (a decision still needs a manager to confirm it)', async () => {
    const { contactChildId } = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Kezia' });
    for (const rag of ['amber', 'green']) {
      await practitioner.post(`/screening/${contactChildId}/rating`, {
        version: await versionOf(contactChildId),
        rag,
        rationale: 'School report attendance concerns, no injuries and no disclosure.',
      });
    }
    expect((await ratingOf(contactChildId)).rag).toBe('green');
    expect((await practitioner.get(`/screening/${contactChildId}`)).body).toContain(
      'Not yet confirmed by a manager: a decision needs a confirmed rating.'
    );
  });

  it('refuses a manager’s confirmation once the decision has been made', async () => {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Leontyne',
      immediateRisk: true,
    });
    await t.db
      .updateTable('contact_child')
      .set({ status: 'completed' })
      .where('id', '=', contactChildId)
      .execute();
    const late = await manager.post(`/screening/${contactChildId}/rating/confirmation`, {
      version: await versionOf(contactChildId),
      rag: 'green',
      reason: 'Trying to lower the rating after the decision was made.',
    });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('The decision has been made: the rating can no longer change');
    expect((await ratingOf(contactChildId)).rag).toBe('red');
  });
});
