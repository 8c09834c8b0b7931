import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { openedVersion, recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';

let t: TestApp;
let openChild: { id: number; given_name: string; family_name: string; date_of_birth: string };
let restrictedChild: { id: number };
let managerId: number;
let policeAgencyId: number;

beforeAll(async () => {
  t = await createTestApp();
  openChild = (await t.db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('restricted', '=', false)
    .where('date_of_birth', 'is not', null)
    .where('address_id', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow()) as typeof openChild;
  restrictedChild = await t.db
    .insertInto('person')
    .values({
      given_name: 'Zephyrine',
      family_name: 'Quillfeather',
      date_of_birth: '2015-03-27',
      sex: 'F',
      restricted: true,
      restriction_reason: 'Relative of a member of staff',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  managerId = (
    await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('team_manager'))
      .executeTakeFirstOrThrow()
  ).id;
  policeAgencyId = (
    await t.db
      .selectFrom('staff_user')
      .select('agency_id')
      .where('username', '=', demoUser('partner_agency_practitioner'))
      .executeTakeFirstOrThrow()
  ).agency_id;
});
afterAll(() => t.close());

function auditRows(action: string, recordId?: number) {
  // In the order written: sealing rows into the audit chain rewrites them, so the table's order is not.
  let query = t.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id');
  if (recordId !== undefined) query = query.where('record_id', '=', String(recordId));
  return query.execute();
}

describe('finding a person', () => {
  it('finds a child by name and date of birth and audits the search without personal data', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const [year, month, day] = openChild.date_of_birth.split('-');
    const url = `/people?familyName=${encodeURIComponent(openChild.family_name)}&dateOfBirth-day=${day}&dateOfBirth-month=${month}&dateOfBirth-year=${year}`;
    const page = await agent.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/people/${openChild.id}"`);
    const home = await t.db
      .selectFrom('address')
      .innerJoin('person', 'person.address_id', 'address.id')
      .select(['line1', 'town', 'postcode'])
      .where('person.id', '=', openChild.id)
      .executeTakeFirstOrThrow();
    expect(page.body).toContain(`${home.line1}`);
    expect(page.body).toContain(`${home.town}, ${home.postcode}`);
    const searches = await auditRows('person.search');
    const last = searches.at(-1)!;
    expect(last.details).toMatchObject({
      criteria: { familyName: true, dateOfBirth: true },
      results: expect.any(Number),
    });
    expect(JSON.stringify(last.details)).not.toContain(openChild.family_name);
  });

  it('finds a surname that sounds the same but is spelt differently', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get('/people?familyName=Quilfether');
    expect(page.statusCode).toBe(200);
    // Restricted: never listed to someone without a grant, even when the name matches.
    expect(page.body).not.toContain('Zephyrine');
  });

  it('explains bad input GOV.UK style and keeps what was typed', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get(
      '/people?familyName=Smith&dateOfBirth-day=31&dateOfBirth-month=2&dateOfBirth-year=2016&nhsNumber=1234567890'
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Date of birth must be a real date');
    expect(page.body).toContain('Enter a valid 10-digit NHS number');
    expect(page.body).toContain('href="#dateOfBirth"');
    expect(page.body).toContain('value="Smith"');
    expect(page.body).toContain('value="31"');
  });

  it('shows the empty form, without errors, when nothing was entered', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get('/people?givenName=+&nhsNumber=');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('There is a problem');
    expect(page.body).not.toContain('found');
  });

  it('asks for a name, date of birth or NHS number when what was entered is only punctuation', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get('/people?nhsNumber=--');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter a name, date of birth or NHS number to search for');
  });
});

describe("viewing a person's record", () => {
  it('shows the record and writes an audit row for the view', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get(`/people/${openChild.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(openChild.family_name);
    const views = await auditRows('person.view', openChild.id);
    expect(views.length).toBeGreaterThan(0);
    expect(views.at(-1)).toMatchObject({
      event_class: 'access',
      record_type: 'person',
      actor_role: 'front_door_practitioner',
    });
  });

  it('refuses a restricted record without a grant, offering only emergency access, and audits the refusal', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const refused = await agent.get(`/people/${restrictedChild.id}`);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`/people/${restrictedChild.id}/emergency-access`);
    const page = await agent.get(refused.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Zephyrine');
    const refusals = await auditRows('access.denied', restrictedChild.id);
    expect(refusals.at(-1)?.details).toMatchObject({ reason: 'restricted' });
  });

  it('opens the restricted record to a named member of staff and lists it in their searches', async () => {
    await t.db
      .insertInto('record_access_grant')
      .values({ person_id: restrictedChild.id, user_id: managerId, reason: 'Case oversight' })
      .execute();
    const agent = await t.signedIn(demoUser('team_manager'));
    const page = await agent.get(`/people/${restrictedChild.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Restricted record');
    expect((await agent.get('/people?familyName=Quillfeather')).body).toContain('Zephyrine');
  });

  it('answers "not found" for a record that does not exist or an id that is not a number', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await agent.get('/people/99999999')).statusCode).toBe(404);
    expect((await agent.get('/people/abc')).statusCode).toBe(404);
  });

  it('never opens a record to partner-agency staff, even through a standing share', async () => {
    const agent = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect((await agent.get(`/people/${openChild.id}`)).statusCode).toBe(404);
    await t.db
      .insertInto('record_share')
      .values({
        person_id: openChild.id,
        agency_id: policeAgencyId,
        shared_at: t.clock.now(),
        reason: 'Information request',
      })
      .execute();
    const page = await agent.get(`/people/${openChild.id}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain(openChild.family_name);
    const refusals = await auditRows('access.denied', openChild.id);
    expect(refusals.at(-1)).toMatchObject({ details: { reason: 'agency_scope' } });
  });

  it('lets analysts and senior leaders open a record (audited) but not search the index', async () => {
    for (const role of ['performance_analyst', 'senior_leader'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get(`/people/${openChild.id}`)).statusCode).toBe(200);
      expect((await agent.get('/people?familyName=Smith')).statusCode).toBe(403);
    }
  });
});

describe("a child's history on one screen", () => {
  const family = { mother: 0, child: 0, sister: 0, brother: 0, hiddenSister: 0 };
  let contactsMade = 0;

  beforeAll(async () => {
    family.mother = await insertPerson('Marigold', '1989-05-14');
    family.child = await insertPerson('Bramble', '2016-04-02');
    family.sister = await insertPerson('Sorrel', '2018-09-09');
    family.brother = await insertPerson('Juniper', '2013-01-21');
    family.hiddenSister = await insertPerson('Zinnia', '2020-12-01', true);
    const household = await t.db
      .insertInto('household')
      .defaultValues()
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('household_member')
      .values([
        { household_id: household.id, person_id: family.mother, role: 'parent' },
        { household_id: household.id, person_id: family.child, role: 'child' },
        { household_id: household.id, person_id: family.sister, role: 'child' },
        { household_id: household.id, person_id: family.brother, role: 'child' },
        { household_id: household.id, person_id: family.hiddenSister, role: 'child' },
      ])
      .execute();
    const { child, sister, brother, hiddenSister } = family;
    const police = { channel: 'police_notification', source: '6' } as const;
    const school = { channel: 'phone', source: '2A' } as const;
    // Three police domestic abuse notifications in 12 months, and one about the restricted sister only.
    await recordContact('2026-01-10', police, [
      { person: child, codes: ['3B'], referredOn: '2026-01-11' },
      { person: sister, codes: ['3B'] },
    ]);
    await recordContact('2026-06-02', police, [
      { person: child, codes: ['3B'] },
      { person: sister, codes: ['3B'] },
    ]);
    await recordContact('2026-11-18', police, [{ person: child, codes: ['3A', '3B'] }]);
    await recordContact('2026-10-30', police, [{ person: hiddenSister, codes: ['3B'] }], 'HIDDEN-1');
    // Neglect 4 times in 2 years across 3 siblings, and once about the restricted sister.
    await recordContact('2025-02-10', school, [{ person: child, codes: ['16A'] }]);
    await recordContact('2025-09-01', school, [{ person: sister, codes: ['16A'] }]);
    await recordContact('2026-03-05', school, [{ person: brother, codes: ['16A'] }]);
    await recordContact('2026-08-20', school, [{ person: child, codes: ['16A'], referredOn: '2026-08-21' }]);
    await recordContact('2026-10-01', school, [{ person: hiddenSister, codes: ['16A'] }], 'HIDDEN-2');
    await t.db
      .insertInto('involvement')
      .values([
        { person_id: sister, kind: 'child_protection_plan', started_on: '2026-07-01' },
        { person_id: hiddenSister, kind: 'looked_after', started_on: '2026-02-01' },
        { person_id: child, kind: 'child_in_need', started_on: '2026-08-25' },
      ])
      .execute();
  });

  function insertPerson(givenName: string, dateOfBirth: string, restricted = false) {
    return t.db
      .insertInto('person')
      .values({
        given_name: givenName,
        family_name: 'Thistlewood',
        date_of_birth: dateOfBirth,
        sex: 'U',
        restricted,
        restriction_reason: restricted ? 'High-profile case' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((row) => row.id);
  }

  async function recordContact(
    day: string,
    from: { channel: 'police_notification' | 'phone'; source: string },
    children: { person: number; codes: string[]; referredOn?: string }[],
    reference = `HISTORY-${++contactsMade}`
  ) {
    const receivedAt = `${day}T09:30:00Z`;
    const contact = await t.db
      .insertInto('contact')
      .values({
        reference,
        received_at: receivedAt,
        channel: from.channel,
        referral_source: from.source,
        recorded_at: receivedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const { person, codes, referredOn } of children) {
      const contactChild = await t.db
        .insertInto('contact_child')
        .values({
          contact_id: contact.id,
          person_id: person,
          status: 'completed',
          decision_due_at: receivedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('contact_concern')
        .values(codes.map((code) => ({ contact_child_id: contactChild.id, factor_code: code })))
        .execute();
      if (referredOn) {
        await t.db
          .insertInto('referral')
          .values({
            contact_child_id: contactChild.id,
            person_id: person,
            referral_date: referredOn,
            referral_source: from.source,
            is_rereferral: false,
          })
          .execute();
      }
    }
  }

  async function personViews() {
    return (await auditRows('person.view')).map((row) => row.record_id);
  }

  it('puts the recurring family themes at the top, hides the restricted sister and audits the view once', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const viewsBefore = await personViews();
    const page = await agent.get(`/people/${family.child}`);
    expect(page.statusCode).toBe(200);
    const at = (text: string) => {
      expect(page.body).toContain(text);
      return page.body.indexOf(text);
    };
    const order = [
      at('<h1 class="govuk-heading-l">Bramble Thistlewood</h1>'),
      at('Recurring themes in this family'),
      at('3rd domestic abuse notification for this household in 12 months'),
      at('Neglect raised 4 times in 2 years across 3 siblings'),
      at('Warnings and flags'),
      at('Sibling Sorrel Thistlewood is on a child protection plan, since 1 July 2026.'),
      at('Re-referral within 12 months'),
      at('Repeat contact'),
      at("Involvement with children's services"),
      at('Household and linked people'),
      at('This household also includes 1 restricted record.'),
      at('Contacts and referrals'),
      at('Personal details'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page.body).not.toContain('Zinnia');
    expect(page.body).not.toContain('HIDDEN-');
    expect(page.body).not.toContain('looked after');
    expect(page.body).toContain(`href="/people/${family.sister}"`);
    expect(page.body).not.toContain(`href="/people/${family.hiddenSister}"`);
    const viewsAfter = await personViews();
    expect(viewsAfter.slice(viewsBefore.length)).toEqual([String(family.child)]);
  });

  it('counts the restricted sister towards the themes, and names her, for someone granted her record', async () => {
    await t.db
      .insertInto('record_access_grant')
      .values({ person_id: family.hiddenSister, user_id: managerId, reason: 'Allocated manager' })
      .execute();
    const agent = await t.signedIn(demoUser('team_manager'));
    const page = await agent.get(`/people/${family.child}`);
    expect(page.body).toContain('4th domestic abuse notification for this household in 12 months');
    expect(page.body).toContain('Neglect raised 5 times in 2 years across 4 siblings');
    expect(page.body).toContain('Sibling Zinnia Thistlewood is looked after, since 1 February 2026.');
    expect(page.body).not.toContain('restricted record');
  });

  it("shows a partner agency none of the family's history, even through a standing share", async () => {
    await t.db
      .insertInto('record_share')
      .values({
        person_id: family.child,
        agency_id: policeAgencyId,
        shared_at: t.clock.now(),
        reason: 'Strategy discussion',
      })
      .execute();
    const agent = await t.signedIn(demoUser('partner_agency_practitioner'));
    const page = await agent.get(`/people/${family.child}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Thistlewood');
    expect(page.body).not.toContain('domestic abuse');
  });

  it('says plainly when a child has no recurring themes', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get(`/people/${family.mother}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Recurring themes in this family');
  });
});

describe('live lookup while recording a contact', () => {
  it('answers JSON matches with reasons, audited as a search, and refuses roles without search', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const response = await agent.get(
      `/api/v1/people/matches?familyName=${encodeURIComponent(openChild.family_name)}&givenName=${encodeURIComponent(openChild.given_name)}&dateOfBirth=${openChild.date_of_birth}`
    );
    expect(response.statusCode).toBe(200);
    const { matches } = response.json() as { matches: { id: number; strong: boolean; reasons: string[] }[] };
    expect(matches[0]).toMatchObject({ id: openChild.id, strong: true });
    expect(matches[0]!.reasons.length).toBeGreaterThan(0);
    expect((await agent.get('/api/v1/people/matches?familyName=a')).statusCode).toBe(400);
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect((await partner.get('/api/v1/people/matches?familyName=Smith')).statusCode).toBe(403);
  });
});

describe('the child’s record as the hub', () => {
  it('lists every step of every contact, each a link to where it was done, and the case page links back', async () => {
    const { contactId, contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Hubertine',
    });
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    await practitioner.post(`/screening/${contactChildId}/rating`, {
      version: await openedVersion(t.db, contactChildId),
      rag: 'amber',
      rationale: 'Bruising seen at school; no disclosure of ongoing risk today.',
    });
    const record = (await practitioner.get(`/people/${personId}`)).body;
    const timeline = record.slice(record.indexOf('data-testid="person-timeline"'));
    expect(timeline).toContain(
      `<a class="govuk-link" href="/screening/${contactChildId}#rating">RAG rated</a>`
    );
    expect(timeline).toContain(`<a class="govuk-link" href="/contacts/${contactId}">Contact received</a>`);
    // Newest first: the rating above the contact that came before it.
    expect(timeline.indexOf('RAG rated')).toBeLessThan(timeline.indexOf('Contact received'));
    expect(record).toContain(`href="/screening/${contactChildId}">Screening and decision`);
    const casePage = (await practitioner.get(`/screening/${contactChildId}`)).body;
    expect(casePage).toContain(`href="/people/${personId}" data-testid="child-record-link"`);
  });

  it('pages a long timeline fifty steps at a time, newest first, saying which steps are shown', async () => {
    const { contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Longstaffe',
    });
    // The contact's own steps, then 60 re-ratings a minute apart.
    const own = await t.db
      .selectFrom('journey_event')
      .where('contact_child_id', '=', contactChildId)
      .select('id')
      .execute();
    const total = own.length + 60;
    await t.db
      .insertInto('journey_event')
      .values(
        Array.from({ length: 60 }, (_, minute) => ({
          contact_child_id: contactChildId,
          kind: 'rated',
          at: new Date(TEST_NOW.getTime() + (minute + 1) * 60_000),
          out_of_hours: false,
          actor_id: null,
        }))
      )
      .execute();
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const timelineOf = (body: string) =>
      body.slice(body.indexOf('id="timeline"'), body.indexOf('id="personal-details"'));
    const first = timelineOf((await practitioner.get(`/people/${personId}`)).body);
    expect(first).toContain(`newest first: steps 1 to 50 of ${total}`);
    expect(first.match(/RAG rated/g)).toHaveLength(50);
    expect(first).not.toContain('Contact received');
    expect(first).toContain(`href="/people/${personId}?timeline=2#timeline"`);

    const second = timelineOf((await practitioner.get(`/people/${personId}?timeline=2`)).body);
    expect(second).toContain(`steps 51 to ${total} of ${total}`);
    expect(second.match(/RAG rated/g)).toHaveLength(10);
    expect(second).toContain('Contact received');
    // A page past the end (the link was old) shows the last; nonsense shows the first.
    expect(timelineOf((await practitioner.get(`/people/${personId}?timeline=9`)).body)).toContain(
      `steps 51 to ${total}`
    );
    expect(timelineOf((await practitioner.get(`/people/${personId}?timeline=x`)).body)).toContain(
      'steps 1 to 50'
    );
  });

  it('shows an analyst the steps without links to pages their role cannot open', async () => {
    const { contactChildId, personId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName: 'Analysta',
    });
    const analyst = await t.signedIn(demoUser('performance_analyst'));
    const record = (await analyst.get(`/people/${personId}`)).body;
    expect(record).toContain('Contact received');
    expect(record).not.toContain(`/screening/${contactChildId}`);
  });
});
