import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function insertPerson(values: {
  given_name: string;
  date_of_birth?: string | null;
  restricted?: boolean;
}) {
  const row = await t.db
    .insertInto('person')
    .values({ family_name: 'Ashdown-Pryce', sex: 'U', ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function versionOf(personId: number): Promise<string> {
  const row = await t.db
    .selectFrom('person')
    .select('characteristics_version')
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  return String(row.characteristics_version);
}

describe('changing a person’s details (issue 15, item 15)', () => {
  it('saves coded details at the version opened, audits them without their values, and shows them', async () => {
    const personId = await insertPerson({ given_name: 'Wilhelmina', date_of_birth: '2012-05-05' });
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const form = await agent.get(`/people/${personId}/details`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Change details');
    expect(form.body).not.toContain('Expected date of birth');
    const version = await versionOf(personId);

    const saved = await agent.post(`/people/${personId}/details`, {
      version,
      ethnicity: 'MWBA',
      language: 'Tigrinya',
      interpreterNeeded: 'yes',
      disabilities: ['HEAR', 'COMM'],
      upn: 'h801 2000 01001',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/people/${personId}?changed=details`);
    const person = await t.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      ethnicity: 'MWBA',
      language: 'Tigrinya',
      interpreter_needed: true,
      disabilities: ['HEAR', 'COMM'],
      upn: 'H801200001001',
      characteristics_version: Number(version) + 1,
    });
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'person.details_change')
      .where('record_id', '=', String(personId))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).not.toMatch(/MWBA|Tigrinya|H801|HEAR/);

    const record = await agent.get(`/people/${personId}?changed=details`);
    expect(record.body).toContain('Details saved.');
    for (const shown of [
      'White and Black African',
      'Tigrinya',
      'Needed (Tigrinya)',
      'Hearing, Communication',
      'H801200001001',
    ])
      expect(record.body).toContain(shown);
    expect(record.body).toContain(`href="/people/${personId}/details"`);
  });

  it('refuses a stale version (someone saved since) and keeps the answers typed', async () => {
    const personId = await insertPerson({ given_name: 'Cressida', date_of_birth: '2011-02-02' });
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const opened = await versionOf(personId);
    await agent.post(`/people/${personId}/details`, { version: opened, language: 'Welsh' });
    const stale = await agent.post(`/people/${personId}/details`, { version: opened, language: 'Cornish' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this person’s details since you opened it');
    expect(stale.body).toContain('value="Cornish"');
    const person = await t.db
      .selectFrom('person')
      .select('language')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(person.language).toBe('Welsh');
  });

  it('explains a mistyped UPN and an expected date of birth for a child already born', async () => {
    const personId = await insertPerson({ given_name: 'Perdita', date_of_birth: '2016-07-07' });
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.post(`/people/${personId}/details`, {
      version: await versionOf(personId),
      upn: 'J801200001001',
      'expectedDateOfBirth-day': '1',
      'expectedDateOfBirth-month': '3',
      'expectedDateOfBirth-year': '2027',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The UPN is not valid: check it for a mistyped character');
    expect(page.body).toContain('Only an unborn child has an expected date of birth');
    expect(page.body).toContain('value="J801200001001"');
  });

  it('records an unborn child’s expected date of birth', async () => {
    const personId = await insertPerson({ given_name: 'Unborn', date_of_birth: null });
    const agent = await t.signedIn(demoUser('team_manager'));
    const form = await agent.get(`/people/${personId}/details`);
    expect(form.body).toContain('Expected date of birth');
    const saved = await agent.post(`/people/${personId}/details`, {
      version: await versionOf(personId),
      'expectedDateOfBirth-day': '14',
      'expectedDateOfBirth-month': '3',
      'expectedDateOfBirth-year': '2027',
    });
    expect(saved.statusCode).toBe(303);
    const record = await agent.get(`/people/${personId}`);
    expect(record.body).toContain('Unborn: expected 14 March 2027');
  });

  it('answers "not found" for a restricted record and refuses staff who may not change records', async () => {
    const restricted = await insertPerson({
      given_name: 'Hidden',
      date_of_birth: '2010-01-01',
      restricted: true,
    });
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await practitioner.get(`/people/${restricted}/details`)).statusCode).toBe(404);
    const posted = await practitioner.post(`/people/${restricted}/details`, {
      version: '1',
      language: 'French',
    });
    expect(posted.statusCode).toBe(404);
    const person = await t.db
      .selectFrom('person')
      .select('language')
      .where('id', '=', restricted)
      .executeTakeFirstOrThrow();
    expect(person.language).toBeNull();
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect((await partner.get(`/people/${restricted}/details`)).statusCode).toBe(403);
  });

  it('sends a merged record’s details to the record it was merged into', async () => {
    const survivor = await insertPerson({ given_name: 'Survivor', date_of_birth: '2012-12-12' });
    const merged = await insertPerson({ given_name: 'Duplicate', date_of_birth: '2012-12-12' });
    await t.db.updateTable('person').set({ merged_into_id: survivor }).where('id', '=', merged).execute();
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const form = await agent.get(`/people/${merged}/details`);
    expect(form.body).toContain(`href="/people/${survivor}/details"`);
    expect(form.body).not.toContain('Save details');
    const posted = await agent.post(`/people/${merged}/details`, { version: '1', language: 'Gaelic' });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain(`This record was merged into record ${survivor}`);
  });
});
