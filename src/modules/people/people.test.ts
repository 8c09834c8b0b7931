import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';

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
  let query = t.db.selectFrom('audit_event').selectAll().where('action', '=', action);
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

  it('answers "not found" for a restricted record without a grant, and audits the refusal', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get(`/people/${restrictedChild.id}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
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

  it('scopes partner-agency staff to records shared with their agency', async () => {
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
    expect((await agent.get(`/people/${openChild.id}`)).statusCode).toBe(200);
    await t.db
      .updateTable('record_share')
      .set({ expires_at: t.clock.now() })
      .where('person_id', '=', openChild.id)
      .execute();
    expect((await agent.get(`/people/${openChild.id}`)).statusCode).toBe(404);
  });

  it("keeps analysts and senior leaders out of children's records", async () => {
    for (const role of ['performance_analyst', 'senior_leader'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get(`/people/${openChild.id}`)).statusCode).toBe(403);
    }
  });
});
