import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';

let t: TestApp;
let practitioner: TestAgent;
let apiKey: string;

/** The man named by the police through the API, and later by a school phoning in: made up. */
const MAN = { givenName: 'Barnaby', familyName: 'Wetherell', dateOfBirth: '1985-07-09', sex: 'M' as const };
const HEADLINE = '2nd domestic abuse notification naming Barnaby Wetherell in 12 months across 2 households';

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  const admin = await t.signedIn(demoUser('administrator'));
  const police = await t.db
    .selectFrom('agency')
    .select('id')
    .where('kind', '=', 'police')
    .executeTakeFirstOrThrow();
  const page = await admin.post('/admin/api-keys/new', {
    agencyId: String(police.id),
    name: 'Police system',
  });
  apiKey = /data-testid="api-key">(fdk_[^<]+)</.exec(page.body)![1]!;
});
afterAll(() => t.close());

/** A police domestic abuse notification through the partner API: one child, her mother and the man. */
async function notifyByApi(child: { givenName: string; familyName: string; dateOfBirth: string }) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers: { authorization: `Bearer ${apiKey}`, 'idempotency-key': `notification-${child.givenName}` },
    payload: {
      receivedAt: '2026-11-19T23:10:00Z',
      referralSource: '6',
      referrer: {
        name: 'PC Example',
        role: 'Police constable',
        organisation: 'Example Police',
        phone: '01632 960 001',
      },
      children: [child],
      address: { line1: `3 ${child.familyName} Close`, town: 'Northmoor', postcode: 'NM5 1AA' },
      otherPeople: [
        {
          givenName: 'Mother',
          familyName: child.familyName,
          role: 'parent_or_carer',
          relationship: 'Mother',
        },
        { ...MAN, role: 'adult_of_concern', relationship: 'Mother’s partner' },
      ],
      concernCodes: ['3A'],
      presentingConcerns: 'Police attended a domestic incident; the child was in the house.',
      consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().contactId as number;
}

/** Links the contact's only child to a new record, as screening does. */
async function linkTheChild(contactId: number): Promise<number> {
  const child = await t.db
    .selectFrom('contact_child')
    .where('contact_id', '=', contactId)
    .select('id')
    .executeTakeFirstOrThrow();
  const linked = await practitioner.post(`/contacts/${contactId}/children/${child.id}/link`, {
    match: 'new',
  });
  expect(linked.statusCode, linked.body).toBe(303);
  const row = await t.db
    .selectFrom('contact_child')
    .where('id', '=', child.id)
    .select('person_id')
    .executeTakeFirstOrThrow();
  return row.person_id!;
}

async function namedAdult(contactId: number, givenName: string) {
  const rows = await t.db
    .selectFrom('contact_named_adult')
    .where('contact_id', '=', contactId)
    .select(['id', 'described', 'person_id'])
    .execute();
  return rows.find((row) => row.described.givenName === givenName)!;
}

describe('adults named by a partner system, linked when screening', () => {
  let firstContact = 0;
  let firstChild = 0;
  let manId = 0;

  it('holds the adults as named, and asks for the children to be linked first', async () => {
    firstContact = await notifyByApi({
      givenName: 'Clementine',
      familyName: 'Ashdown',
      dateOfBirth: '2017-03-14',
    });
    expect((await namedAdult(firstContact, 'Barnaby')).person_id).toBeNull();
    const list = await practitioner.get(`/contacts/${firstContact}/adults`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Barnaby Wetherell');
    expect(list.body).toContain('Not yet linked');
    // The contact and screening pages lead to them; the partner was never shown a candidate.
    const contactPage = await practitioner.get(`/contacts/${firstContact}`);
    expect(contactPage.body).toContain(`href="/contacts/${firstContact}/adults"`);
    const child = await t.db
      .selectFrom('contact_child')
      .where('contact_id', '=', firstContact)
      .select('id')
      .executeTakeFirstOrThrow();
    const screening = await practitioner.get(`/screening/${child.id}`);
    expect(screening.body).toContain(`href="/contacts/${firstContact}/adults"`);
    const man = await namedAdult(firstContact, 'Barnaby');
    const url = `/contacts/${firstContact}/adults/${man.id}/link`;
    expect((await practitioner.get(url)).body).toContain('data-testid="children-first"');
    const refused = await practitioner.post(url, { match: 'new', role: 'adult_of_concern', kind: 'other' });
    expect(refused.statusCode).toBe(400);
    expect(await namedAdult(firstContact, 'Barnaby')).toMatchObject({ person_id: null });
  });

  it('links each adult with their part in the family and relationship, by a recorded choice', async () => {
    firstChild = await linkTheChild(firstContact);
    const man = await namedAdult(firstContact, 'Barnaby');
    const url = `/contacts/${firstContact}/adults/${man.id}/link`;
    const form = await practitioner.get(url);
    expect(form.statusCode).toBe(200);
    // The referrer's words suggest the relationship; the role is as the police named it.
    expect(form.body).toMatch(/value="partner_of_parent" selected/);
    expect(form.body).toMatch(/value="adult_of_concern" checked/);
    const missing = await practitioner.post(url, { match: 'new' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the person’s part in the family');
    expect(missing.body).toContain('Select how the person is related to the children');
    const linked = await practitioner.post(url, {
      match: 'new',
      role: 'adult_of_concern',
      kind: 'partner_of_parent',
    });
    expect(linked.statusCode).toBe(303);
    manId = (await namedAdult(firstContact, 'Barnaby')).person_id!;
    expect(manId).toBeGreaterThan(0);
    const audit = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'contact.person_added')
      .where('record_id', '=', String(firstContact))
      .select('details')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ personId: manId, role: 'adult_of_concern', choice: 'create' });
    expect(JSON.stringify(audit)).not.toContain('Barnaby');
    // Linked once: the page is gone.
    expect((await practitioner.get(url)).statusCode).toBe(404);

    const mother = await namedAdult(firstContact, 'Mother');
    const motherLinked = await practitioner.post(`/contacts/${firstContact}/adults/${mother.id}/link`, {
      match: 'new',
      role: 'parent_or_carer',
      kind: 'mother',
    });
    expect(motherLinked.statusCode).toBe(303);
    const motherId = (await namedAdult(firstContact, 'Mother')).person_id!;
    // The mother joins the child's household; the person alleged to cause harm does not.
    const household = await t.db
      .selectFrom('household_member')
      .innerJoin('household_member as child', 'child.household_id', 'household_member.household_id')
      .where('child.person_id', '=', firstChild)
      .select(['household_member.person_id', 'household_member.role'])
      .execute();
    expect(household).toEqual(
      expect.arrayContaining([
        { person_id: firstChild, role: 'child' },
        { person_id: motherId, role: 'parent' },
      ])
    );
    expect(household.map((member) => member.person_id)).not.toContain(manId);
    const relationships = await t.db
      .selectFrom('person_relationship')
      .where('person_id', '=', firstChild)
      .select(['relative_id', 'kind'])
      .orderBy('relative_id')
      .execute();
    expect(relationships).toEqual([
      { relative_id: manId, kind: 'partner_of_parent' },
      { relative_id: motherId, kind: 'mother' },
    ]);
  });

  it('finds the man named by staff on a contact about another child as the same person, theme on both', async () => {
    const recorded = await practitioner.post('/contacts/new', {
      'received-day': '20',
      'received-month': '11',
      'received-year': '2026',
      'received-time': '10:00',
      channel: 'police_notification',
      referralSource: '6',
      referrerName: 'PC Other',
      childCount: '1',
      personCount: '1',
      'child-0-givenName': 'Hermione',
      'child-0-familyName': 'Pellow',
      'child-0-dob-day': '2',
      'child-0-dob-month': '9',
      'child-0-dob-year': '2015',
      'child-0-sex': 'F',
      'person-0-givenName': MAN.givenName,
      'person-0-familyName': MAN.familyName,
      'person-0-dob-day': '9',
      'person-0-dob-month': '7',
      'person-0-dob-year': '1985',
      'person-0-role': 'adult_of_concern',
      'person-0-relationship': 'Mother’s boyfriend',
      addressLine1: '8 Pellow Street',
      addressTown: 'Northmoor',
      addressPostcode: 'NM6 2BB',
      presentingConcerns: 'Police called to a domestic incident; the child was present.',
      concerns: '3A',
      consentStatus: 'not_sought',
      familyAware: 'no',
      consentReason: 'Seeking consent could increase the risk to the child.',
      lawfulBasisPersonalData: 'ukgdpr-6-1-e',
      lawfulBasisSpecialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
      'person-0-match': String(manId),
      action: 'record',
    });
    expect(recorded.statusCode, recorded.body).toBe(303);
    const contactId = Number(/\/contacts\/(\d+)/.exec(String(recorded.headers.location))![1]);
    const second = await t.db
      .selectFrom('contact_child')
      .where('contact_id', '=', contactId)
      .select('person_id')
      .executeTakeFirstOrThrow();
    const men = await t.db
      .selectFrom('person')
      .where('given_name', '=', MAN.givenName)
      .where('family_name', '=', MAN.familyName)
      .select('id')
      .execute();
    expect(men).toEqual([{ id: manId }]);
    for (const childId of [firstChild, second.person_id!]) {
      const page = await practitioner.get(`/people/${childId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(HEADLINE);
    }
  });

  it('offers the man already known when a second partner contact names him, and needs a reason for a new record', async () => {
    const contactId = await notifyByApi({
      givenName: 'Isadora',
      familyName: 'Fenwick',
      dateOfBirth: '2019-01-30',
    });
    await linkTheChild(contactId);
    const man = await namedAdult(contactId, 'Barnaby');
    const url = `/contacts/${contactId}/adults/${man.id}/link`;
    const form = await practitioner.get(url);
    expect(form.body).toContain(`name="match" type="radio" value="${manId}"`);
    expect(form.body).toContain('Strong match');
    const noReason = await practitioner.post(url, { match: 'new', role: 'adult_of_concern', kind: 'other' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain(
      'Say why Barnaby Wetherell needs a new record when a close match is already known'
    );
    // What was chosen is kept on the page with the error.
    expect(noReason.body).toMatch(/value="other" selected/);
    const linked = await practitioner.post(url, {
      match: String(manId),
      role: 'adult_of_concern',
      kind: 'partner_of_parent',
    });
    expect(linked.statusCode).toBe(303);
    const decision = await t.db
      .selectFrom('person_link_decision')
      .where('contact_id', '=', contactId)
      .where('person_id', '=', manId)
      .select('choice')
      .executeTakeFirstOrThrow();
    expect(decision.choice).toBe('linked_existing');
    const child = await t.db
      .selectFrom('contact_child')
      .where('contact_id', '=', contactId)
      .select('person_id')
      .executeTakeFirstOrThrow();
    const page = await practitioner.get(`/people/${child.person_id}`);
    expect(page.body).toContain(
      '3rd domestic abuse notification naming Barnaby Wetherell in 12 months across 3 households'
    );
  });

  it('lets nobody without the permission to record contacts see or link the adults', async () => {
    const viewer = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect([403, 404]).toContain((await viewer.get(`/contacts/${firstContact}/adults`)).statusCode);
  });
});
