import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { recordContact } from '../intake/record-contact.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { PENDING_REVIEW_REASON, RESTRICTED_MAY_MATCH } from './matching/restricted-matches.ts';

/**
 * Issue 9, items 5 and 6: restriction must not cause duplicates (a restricted record that may match
 * is said to exist, never shown, and a record made meanwhile inherits the restriction until someone
 * with access decides), and partner agencies never open a child's social-care record.
 */

let t: TestApp;
let practitioner: TestAgent;
let manager: TestAgent;
let practitionerId: number;
let managerId: number;
/** Adopted: nobody but the named manager may know this record exists. */
let hidden: { id: number };

const HIDDEN = { givenName: 'Tadhg', familyName: 'Fitzgerald', dob: '2013-08-08' };

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  manager = await t.signedIn(demoUser('team_manager'));
  practitionerId = await userId(demoUser('front_door_practitioner'));
  managerId = await userId(demoUser('team_manager'));
  hidden = await t.db
    .insertInto('person')
    .values({
      given_name: HIDDEN.givenName,
      family_name: HIDDEN.familyName,
      date_of_birth: HIDDEN.dob,
      sex: 'M',
      nhs_number: '9434765919',
      restricted: true,
      restriction_reason: 'Adopted: placement confidential',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('record_access_grant')
    .values({ person_id: hidden.id, user_id: managerId, reason: 'Allocated manager' })
    .execute();
});
afterAll(() => t.close());

async function userId(username: string): Promise<number> {
  const row = await t.db
    .selectFrom('staff_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

function expectNothingAbout(body: string) {
  expect(body).not.toContain(`/people/${hidden.id}"`);
  expect(body).not.toContain('Adopted');
  expect(body).not.toContain('943 476 5919');
}

/** A complete staff contact form about one child who is, unknown to the practitioner, the hidden child. */
function contactForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'received-day': '20',
    'received-month': '11',
    'received-year': '2026',
    'received-time': '09:15',
    channel: 'phone',
    referralSource: '2A',
    referrerName: 'Ms A Teacher',
    referrerOrganisation: 'Northmoor Primary',
    childCount: '1',
    personCount: '0',
    'child-0-givenName': HIDDEN.givenName,
    'child-0-familyName': HIDDEN.familyName,
    'child-0-dob-day': '8',
    'child-0-dob-month': '8',
    'child-0-dob-year': '2013',
    'child-0-sex': 'M',
    presentingConcerns: 'Tadhg told his teacher he is frightened to go home.',
    concerns: '17A',
    consentStatus: 'given',
    familyAware: 'no',
    action: 'record',
    ...overrides,
  };
}

describe('a restricted record that may match (item 5)', () => {
  it('is said to exist on the search page, without a word about it, and the search is audited', async () => {
    const page = await practitioner.get(
      `/people?givenName=${HIDDEN.givenName}&familyName=${HIDDEN.familyName}&dateOfBirth-day=8&dateOfBirth-month=8&dateOfBirth-year=2013`
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('0 people found');
    expect(page.body).toContain('A restricted record may match this search. Someone with access must decide');
    expectNothingAbout(page.body);
    const searches = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'person.search')
      .where('actor_user_id', '=', practitionerId)
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    // The restricted check and the search itself, each audited; neither holds the name searched for.
    expect(searches.map((row) => row.details)).toEqual([
      expect.objectContaining({ results: 0 }),
      expect.objectContaining({ restrictedMayMatch: true, restrictedPersonIds: [hidden.id] }),
    ]);
    expect(JSON.stringify(searches)).not.toContain(HIDDEN.familyName);

    const unrelated = await practitioner.get('/people?givenName=Quorra&familyName=Vantablack');
    expect(unrelated.body).not.toContain('A restricted record may match');
    // Someone who holds access sees the record itself, not the warning.
    const granted = await manager.get(
      `/people?givenName=${HIDDEN.givenName}&familyName=${HIDDEN.familyName}&dateOfBirth-day=8&dateOfBirth-month=8&dateOfBirth-year=2013`
    );
    expect(granted.body).toContain(`/people/${hidden.id}"`);
    expect(granted.body).not.toContain('A restricted record may match');
  });

  it('is flagged, never returned, by the live lookup on the contact form', async () => {
    const response = await practitioner.get(
      `/api/v1/people/matches?givenName=${HIDDEN.givenName}&familyName=${HIDDEN.familyName}&dateOfBirth=${HIDDEN.dob}`
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ matches: [], restrictedMayMatch: true });
  });

  it('stops the contact form making an unrestricted duplicate: it asks, needs a reason, and holds the new record restricted for review', async () => {
    const first = await practitioner.post('/contacts/new', contactForm());
    expect(first.statusCode).toBe(400);
    expect(first.body).toContain(RESTRICTED_MAY_MATCH);
    expect(first.body).toContain(
      'Confirm whether to create a new record for Tadhg Fitzgerald: a restricted record may match'
    );
    expectNothingAbout(first.body);

    const noReason = await practitioner.post('/contacts/new', contactForm({ 'child-0-match': 'new' }));
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain(
      'Say why Tadhg Fitzgerald needs a new record when a restricted record may match'
    );

    const recorded = await practitioner.post(
      '/contacts/new',
      contactForm({ 'child-0-match': 'new', 'child-0-newReason': 'He is frightened to go home today' })
    );
    expect(recorded.statusCode).toBe(303);
    const contactId = Number(/\/contacts\/(\d+)/.exec(recorded.headers.location as string)![1]);
    const child = await t.db
      .selectFrom('contact_child')
      .innerJoin('person', 'person.id', 'contact_child.person_id')
      .select([
        'contact_child.id',
        'person.id as person_id',
        'person.restricted',
        'person.restriction_reason',
      ])
      .where('contact_child.contact_id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(child).toMatchObject({ restricted: true, restriction_reason: PENDING_REVIEW_REASON });
    expect(child.person_id).not.toBe(hidden.id);
    await expectHeldForReview(child.person_id, child.id);

    // The practitioner keeps working on the child, and is told the history may be incomplete.
    const contactPage = await practitioner.get(`/contacts/${contactId}`);
    expect(contactPage.statusCode).toBe(200);
    expect(contactPage.body).not.toContain('None found. From');
    expect(contactPage.body).toContain(
      'None found in the records you can see. This child may be the same as a restricted record you cannot see'
    );
    expectNothingAbout(contactPage.body);
    // Nobody else without access can open it: they are offered emergency access, with a reason.
    const colleague = await t.signedIn(demoUser('out_of_hours_worker'));
    const opened = await colleague.get(`/people/${child.person_id}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/people/${child.person_id}/emergency-access`);
  });

  it('does the same on the link step of an online contact', async () => {
    const settings = await councilSettings(t.db);
    const online = await recordContact(
      t.db,
      {
        receivedAt: t.clock.now(),
        channel: 'online_form',
        referralSource: '1A',
        referrer: { isProfessional: false },
        children: [
          {
            details: { givenName: HIDDEN.givenName, familyName: HIDDEN.familyName, dateOfBirth: HIDDEN.dob },
            resolution: { kind: 'unlinked' },
          },
        ],
        otherPeople: [],
        concernCodes: [],
        presentingConcerns: 'Worried about him',
        consent: { status: 'not_sought', reason: 'Member of the public' },
        immediateRisk: false,
      },
      { recordedBy: null, now: t.clock.now(), settings }
    );
    const childId = online.contactChildIds[0]!;
    const url = `/contacts/${online.contactId}/children/${childId}/link`;
    const page = await practitioner.get(url);
    expect(page.body).toContain(RESTRICTED_MAY_MATCH);
    expectNothingAbout(page.body);
    const noReason = await practitioner.post(url, { match: 'new' });
    expect(noReason.statusCode).toBe(400);
    // The record just held for review is his maker's to see, so it is offered too: a reason is needed either way.
    expect(noReason.body).toContain('Say why a new record is needed when');
    const linked = await practitioner.post(url, { match: 'new', newReason: 'Cannot wait for a review' });
    expect(linked.statusCode).toBe(303);
    const child = await t.db
      .selectFrom('contact_child')
      .innerJoin('person', 'person.id', 'contact_child.person_id')
      .select(['person.id', 'person.restricted', 'person.restriction_reason'])
      .where('contact_child.id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(child).toMatchObject({ restricted: true, restriction_reason: PENDING_REVIEW_REASON });
    await expectHeldForReview(child.id, childId);
  });

  async function expectHeldForReview(personId: number, contactChildId: number) {
    const grants = await t.db
      .selectFrom('record_access_grant')
      .select('user_id')
      .where('person_id', '=', personId)
      .orderBy('user_id')
      .execute();
    expect(grants.map((grant) => grant.user_id).sort()).toEqual([practitionerId, managerId].sort());
    const review = await t.db
      .selectFrom('restricted_match_review')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(review).toMatchObject({
      restricted_person_id: hidden.id,
      contact_child_id: contactChildId,
      raised_by: practitionerId,
      decided_at: null,
    });
    const notification = await t.db
      .selectFrom('notification')
      .select(['user_id', 'kind', 'message'])
      .where('event_key', 'like', `restricted_match_review:${review.id}:%`)
      .executeTakeFirstOrThrow();
    expect(notification).toMatchObject({ user_id: managerId, kind: 'restricted_match_review' });
    expect(notification.message).toContain(`/people/${personId}`);
    expect(notification.message).not.toContain(HIDDEN.givenName);
  }

  it('is decided by someone with access: a different child lifts the restriction', async () => {
    const held = await t.db
      .selectFrom('restricted_match_review')
      .select(['id', 'person_id'])
      .where('decided_at', 'is', null)
      .where('restricted_person_id', '=', hidden.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // The maker cannot see the restricted record, so cannot decide.
    const makerPage = await practitioner.get(`/people/${held.person_id}`);
    expect(makerPage.body).not.toContain('Is this the same child as a restricted record?');
    const makerPost = await practitioner.post(`/people/${held.person_id}/restriction-review`, {
      reviewId: String(held.id),
      decision: 'different_child',
      note: 'Looks different',
    });
    expect(makerPost.statusCode).toBe(404);

    const page = await manager.get(`/people/${held.person_id}`);
    expect(page.body).toContain('Is this the same child as a restricted record?');
    expect(page.body).toContain(`href="/people/${hidden.id}"`);
    const noNote = await manager.post(`/people/${held.person_id}/restriction-review`, {
      reviewId: String(held.id),
      decision: 'different_child',
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.body).toContain('Say how you decided');
    const decided = await manager.post(`/people/${held.person_id}/restriction-review`, {
      reviewId: String(held.id),
      decision: 'different_child',
      note: 'Different school and birth mother; checked with the adoption team',
    });
    expect(decided.statusCode).toBe(303);
    const person = await t.db
      .selectFrom('person')
      .select(['restricted', 'restriction_reason'])
      .where('id', '=', held.person_id)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ restricted: false, restriction_reason: null });
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'person.restriction_review')
      .where('record_id', '=', String(held.person_id))
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ decision: 'different_child', lifted: true });
    const colleague = await t.signedIn(demoUser('out_of_hours_worker'));
    expect((await colleague.get(`/people/${held.person_id}`)).statusCode).toBe(200);
  });
});

describe('partner agencies and children’s records (item 6)', () => {
  it('gives a police user walking consecutive ids the same "not found" for every one, and only the request minimum', async () => {
    const police = await t.db
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', 'police')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // A child the police have an open request about, and a standing share of a record from before.
    const { contactId, contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: t.clock.now(),
      givenName: 'Ondine',
      recordedBy: practitionerId,
    });
    await t.db
      .updateTable('person')
      .set({ nhs_number: '4010232137', ethnicity: 'WBRI' })
      .where('id', '=', personId)
      .execute();
    await t.db.updateTable('contact_child').set({ rag: 'red' }).where('id', '=', contactChildId).execute();
    const request = await t.db
      .insertInto('information_request')
      .values({
        contact_child_id: contactChildId,
        contact_id: contactId,
        agency_id: police.id,
        question: 'Any call-outs to the home this year?',
        consent_status: 'not_sought',
        lawful_basis: 'Children Act 1989 s47',
        due_at: new Date(t.clock.now().getTime() + 4 * 3_600_000),
        requested_by: practitionerId,
        requested_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const older = await t.db
      .selectFrom('person')
      .select('id')
      .where('id', '<', personId)
      .orderBy('id', 'desc')
      .offset(6)
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('record_share')
      .values([
        { person_id: personId, agency_id: police.id, shared_at: t.clock.now(), reason: 'Standing share' },
        { person_id: older.id, agency_id: police.id, shared_at: t.clock.now(), reason: 'Standing share' },
      ])
      .execute();

    const officer = await t.signedIn(demoUser('partner_agency_practitioner'));
    const normalise = (body: string) => body.replace(/value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, '');
    const bodies = new Set<string>();
    for (let id = personId - 100; id <= personId; id++) {
      const page = await officer.get(`/people/${id}`);
      expect(page.statusCode, `person ${id}`).toBe(404);
      bodies.add(normalise(page.body));
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).not.toContain('Ondine');

    // The request itself shows who the child is, and nothing of the social-care record.
    const page = await officer.get(`/information-requests/${request.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ondine Vantablack');
    for (const secret of ['401 023 2137', '4010232137', 'White British', 'Red', 'bruising', 'CON-2026']) {
      expect(page.body, secret).not.toContain(secret);
    }

    // Once the request is no longer open, the child is not theirs to read at all.
    await t.db
      .updateTable('information_request')
      .set({ status: 'withdrawn' })
      .where('id', '=', request.id)
      .execute();
    const list = await officer.get('/information-requests');
    expect(list.body).not.toContain('Ondine');
  });
});

describe('the demo council', () => {
  it('shows a record held restricted for review, waiting for someone with access', async () => {
    // Seeded with the demo council the tests start from.
    const review = await t.db
      .selectFrom('restricted_match_review')
      .innerJoin('person', 'person.id', 'restricted_match_review.person_id')
      .select(['person.restricted', 'person.restriction_reason', 'restricted_match_review.decided_at'])
      .orderBy('restricted_match_review.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ restricted: true, restriction_reason: PENDING_REVIEW_REASON, decided_at: null });
  });
});
