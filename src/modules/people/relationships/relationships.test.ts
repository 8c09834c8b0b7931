import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';

let t: TestApp;
let practitioner: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
});
afterAll(() => t.close());

/** A police domestic abuse notification about one made-up child, naming her mother and an adult of concern. */
function notification(child: { given: string; family: string; year: string; postcode: string }, extra = {}) {
  return {
    'received-day': '20',
    'received-month': '11',
    'received-year': '2026',
    'received-time': '09:15',
    channel: 'police_notification',
    referralSource: '6',
    referrerName: 'PC Test',
    childCount: '1',
    personCount: '2',
    'child-0-givenName': child.given,
    'child-0-familyName': child.family,
    'child-0-dob-day': '5',
    'child-0-dob-month': '6',
    'child-0-dob-year': child.year,
    'child-0-sex': 'F',
    'person-0-givenName': 'Mother',
    'person-0-familyName': child.family,
    'person-0-role': 'parent_or_carer',
    'person-0-kind': 'mother',
    'person-1-givenName': 'Thaddeus',
    'person-1-familyName': 'Quillfeather',
    'person-1-dob-day': '14',
    'person-1-dob-month': '2',
    'person-1-dob-year': '1988',
    'person-1-role': 'adult_of_concern',
    'person-1-relationship': "Mother's partner",
    addressLine1: `1 ${child.family} Road`,
    addressTown: 'Northmoor',
    addressPostcode: child.postcode,
    presentingConcerns: 'Police called to a domestic incident; the child was present.',
    concerns: '3A',
    consentStatus: 'not_sought',
    familyAware: 'no',
    consentReason: 'Seeking consent could increase the risk to the child.',
    lawfulBasisPersonalData: 'ukgdpr-6-1-e',
    lawfulBasisSpecialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
    action: 'record',
    ...extra,
  };
}

function contactIdOf(location: unknown): number {
  return Number(/\/contacts\/(\d+)/.exec(String(location))![1]);
}

async function childOf(contactId: number): Promise<number> {
  const row = await t.db
    .selectFrom('contact_child')
    .where('contact_id', '=', contactId)
    .select('person_id')
    .executeTakeFirstOrThrow();
  return row.person_id!;
}

describe('the adults around the child', () => {
  const families = [
    { given: 'Ottilie', family: 'Brackenbury', year: '2016', postcode: 'NM1 4AB' },
    { given: 'Perdita', family: 'Lowestoft', year: '2018', postcode: 'NM2 5CD' },
    { given: 'Rosamund', family: 'Haverleigh', year: '2014', postcode: 'NM3 6EF' },
  ];
  const children: number[] = [];
  let adultId = 0;

  it('finds an adult named on contacts about different children as one person, by the practitioner’s choice', async () => {
    const first = await practitioner.post('/contacts/new', notification(families[0]!));
    expect(first.statusCode).toBe(303);
    const firstId = contactIdOf(first.headers.location);
    children.push(await childOf(firstId));
    const named = await t.db
      .selectFrom('contact_person')
      .where('contact_id', '=', firstId)
      .where('role', '=', 'adult_of_concern')
      .select('person_id')
      .executeTakeFirstOrThrow();
    adultId = named.person_id;

    for (const family of families.slice(1)) {
      const asked = await practitioner.post('/contacts/new', notification(family));
      expect(asked.statusCode).toBe(400);
      expect(asked.body).toContain('Choose whether Thaddeus Quillfeather is someone already known');
      expect(asked.body).toContain(`name="person-1-match" type="radio" value="${adultId}"`);
      // A strong match: a new record needs a reason.
      const noReason = await practitioner.post(
        '/contacts/new',
        notification(family, { 'person-1-match': 'new' })
      );
      expect(noReason.body).toContain(
        'Say why Thaddeus Quillfeather needs a new record when a close match is already known'
      );
      const linked = await practitioner.post(
        '/contacts/new',
        notification(family, { 'person-1-match': String(adultId), 'person-0-match': 'new' })
      );
      expect(linked.statusCode).toBe(303);
      const contactId = contactIdOf(linked.headers.location);
      children.push(await childOf(contactId));
      const decision = await t.db
        .selectFrom('person_link_decision')
        .where('contact_id', '=', contactId)
        .where('person_id', '=', adultId)
        .select(['choice', 'decided_by'])
        .executeTakeFirstOrThrow();
      expect(decision.choice).toBe('linked_existing');
      expect(decision.decided_by).not.toBeNull();
    }
    const people = await t.db
      .selectFrom('person')
      .where('given_name', '=', 'Thaddeus')
      .where('family_name', '=', 'Quillfeather')
      .select('id')
      .execute();
    expect(people).toEqual([{ id: adultId }]);
  });

  it('relates the adults to each child, with who recorded it and from which contact', async () => {
    const rows = await t.db
      .selectFrom('person_relationship')
      .where('relative_id', '=', adultId)
      .select(['person_id', 'kind', 'detail', 'contact_id', 'recorded_by', 'household_id'])
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.person_id)).toEqual(children);
    for (const row of rows) {
      expect(row).toMatchObject({ kind: 'partner_of_parent', detail: "Mother's partner" });
      expect(row.contact_id).not.toBeNull();
      expect(row.recorded_by).not.toBeNull();
      expect(row.household_id).not.toBeNull();
    }
    const mothers = await t.db
      .selectFrom('person_relationship')
      .where('person_id', 'in', children)
      .where('kind', '=', 'mother')
      .select('person_id')
      .execute();
    expect(mothers).toHaveLength(3);
  });

  it('shows the three notifications naming the same man on each child’s record', async () => {
    for (const childId of children) {
      const page = await practitioner.get(`/people/${childId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(
        '3rd domestic abuse notification naming Thaddeus Quillfeather in 12 months across 3 households'
      );
      expect(page.body).toContain('This child was named in 1 of the 3 notifications.');
      expect(page.body).toContain(
        `<a class="govuk-link" href="/people/${adultId}">Thaddeus Quillfeather</a>`
      );
      expect(page.body).toContain('Partner of a parent');
    }
  });

  it('shows relationships both ways: the adult’s record lists each child', async () => {
    const page = await practitioner.get(`/people/${adultId}`);
    expect(page.body).toContain('Partner of a parent of');
    for (const childId of children) expect(page.body).toContain(`href="/people/${childId}"`);
  });

  it('shows the household over time with the date each member was first known there', async () => {
    const page = await practitioner.get(`/people/${children[0]}`);
    expect(page.body).toContain('data-testid="household-over-time"');
    expect(page.body).toContain('Household at 1 Brackenbury Road, Northmoor, NM1 4AB');
    expect(page.body).toContain('20 November 2026');
    expect(page.body).toContain('Still recorded there');
  });

  it('shows a restricted relative as restricted, never named, and leaves their contacts out of the themes', async () => {
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', adultId).execute();
    try {
      const page = await practitioner.get(`/people/${children[1]}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Quillfeather');
      expect(page.body).toContain('A restricted record');
    } finally {
      await t.db.updateTable('person').set({ restricted: false }).where('id', '=', adultId).execute();
    }
  });

  it('ends a relationship with a date and reason, audited, and keeps it on both records as ended', async () => {
    const relationship = await t.db
      .selectFrom('person_relationship')
      .where('person_id', '=', children[2]!)
      .where('relative_id', '=', adultId)
      .select('id')
      .executeTakeFirstOrThrow();
    const url = `/people/${children[2]}/relationships/${relationship.id}/end`;
    const form = await practitioner.get(url);
    expect(form.statusCode).toBe(200);
    const refused = await practitioner.post(url, {
      'endedOn-day': '1',
      'endedOn-month': '1',
      'endedOn-year': '2099',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('must be today or in the past');
    expect(refused.body).toContain('Say how you know the relationship has ended');
    const ended = await practitioner.post(url, {
      'endedOn-day': '20',
      'endedOn-month': '11',
      'endedOn-year': '2026',
      reason: 'The mother told the police he has moved out.',
    });
    expect(ended.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('person_relationship')
      .where('id', '=', relationship.id)
      .select(['ended_on', 'ended_reason', 'ended_by'])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      ended_on: '2026-11-20',
      ended_reason: 'The mother told the police he has moved out.',
    });
    const audit = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'person.relationship_end')
      .where('record_id', '=', String(children[2]))
      .select('details')
      .executeTakeFirst();
    expect(audit?.details).toMatchObject({ relationshipEnded: relationship.id });
    const adultPage = await practitioner.get(`/people/${adultId}`);
    expect(adultPage.body).toContain('Ended 20 November 2026');
    expect((await practitioner.post(url, { reason: 'again' })).statusCode).toBe(404);
  });

  it('offers a known adult when they are added to a recorded contact later', async () => {
    const recorded = await practitioner.post(
      '/contacts/new',
      notification(
        { given: 'Sabine', family: 'Marchetti', year: '2019', postcode: 'NM4 7GH' },
        { personCount: '1' }
      )
    );
    expect(recorded.statusCode).toBe(303);
    const contactId = contactIdOf(recorded.headers.location);
    const person = {
      givenName: 'Thaddeus',
      familyName: 'Quillfeather',
      'dob-day': '14',
      'dob-month': '2',
      'dob-year': '1988',
      role: 'adult_of_concern',
      kind: 'partner_of_parent',
    };
    const asked = await practitioner.post(`/contacts/${contactId}/people/new`, person);
    expect(asked.statusCode).toBe(400);
    expect(asked.body).toContain(`value="${adultId}"`);
    const added = await practitioner.post(`/contacts/${contactId}/people/new`, {
      ...person,
      match: String(adultId),
    });
    expect(added.statusCode).toBe(303);
    const contactPage = await practitioner.get(`/contacts/${contactId}`);
    expect(contactPage.body).toContain(
      `href="/people/${adultId}">Thaddeus Quillfeather</a>: <strong>Partner of a parent</strong>`
    );
    expect(contactPage.body).toContain('Linked to an existing record');
  });
});
