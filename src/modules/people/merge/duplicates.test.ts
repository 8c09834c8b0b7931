import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insertable } from 'kysely';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { PersonTable } from '../../../platform/db/schema.ts';
import { findDuplicatesInIndex, likelyDuplicates } from './duplicates-finder.ts';

let t: TestApp;
let wilhelmina: [number, number];
let ottoline: [number, number];

async function newPerson(values: Insertable<PersonTable>): Promise<number> {
  return (await t.db.insertInto('person').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

function pairRow(body: string, first: number, second: number): boolean {
  return (
    body.includes(`href="/people/${first}/merge?duplicate=${second}"`) ||
    new RegExp(`/people/${first}"[\\s\\S]{0,800}/people/${second}"`).test(body)
  );
}

beforeAll(async () => {
  t = await createTestApp();
  wilhelmina = [
    await newPerson({
      given_name: 'Wilhelmina',
      family_name: 'Ravensworth',
      date_of_birth: '2015-03-09',
      sex: 'F',
    }),
    await newPerson({
      given_name: 'Wilhelmina',
      family_name: 'Ravensworht',
      date_of_birth: '2015-03-09',
      sex: 'F',
    }),
  ];
  ottoline = [
    await newPerson({
      given_name: 'Ottoline',
      family_name: 'Marchbanks',
      date_of_birth: '2014-08-08',
      sex: 'F',
    }),
    await newPerson({
      given_name: 'Ottoline',
      family_name: 'Marchbanks',
      date_of_birth: '2014-08-08',
      sex: 'F',
      restricted: true,
      restriction_reason: 'Adopted',
    }),
  ];
  await findDuplicatesInIndex(t.db, () => t.clock.now());
}, 120_000);
afterAll(() => t.close());

describe('the engine over the index', () => {
  it('pairs records the engine scores alike, each pair once, strongest first, and not the unlike', () => {
    const pairs = likelyDuplicates([
      {
        id: 7,
        record: { givenName: 'Wilhelmina', familyName: 'Ravensworth', dateOfBirth: '2015-03-09', sex: 'F' },
      },
      {
        id: 3,
        record: { givenName: 'Wilhelmina', familyName: 'Ravensworht', dateOfBirth: '2015-03-09', sex: 'F' },
      },
      {
        id: 5,
        record: { givenName: 'Bartholomew', familyName: 'Oyelaran', dateOfBirth: '2009-11-30', sex: 'M' },
      },
    ]);
    expect(pairs.map((pair) => [pair.firstId, pair.secondId])).toEqual([[3, 7]]);
    expect(pairs[0]?.reasons.length).toBeGreaterThan(0);
  });
});

describe('the likely-duplicates list', () => {
  it('lists the pairs found for an administrator, never a restricted record without access', async () => {
    const admin = await t.signedIn(demoUser('administrator'));
    const page = await admin.get('/people/duplicates');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Likely duplicate records');
    expect(page.body).toContain(`href="/people/${wilhelmina[0]}/merge?duplicate=${wilhelmina[1]}"`);
    expect(page.body).not.toContain(`/people/${ottoline[1]}`);
    expect(page.body).not.toContain('Adopted');
    const listed = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'person.list')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect((listed.details as { personIds: number[] }).personIds).toEqual(expect.arrayContaining(wilhelmina));
    expect((listed.details as { personIds: number[] }).personIds).not.toContain(ottoline[1]);

    const adminId = await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('administrator'))
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('record_access_grant')
      .values({ person_id: ottoline[1], user_id: adminId.id, granted_by: null, reason: 'Test of access' })
      .execute();
    const granted = await admin.get('/people/duplicates');
    expect(granted.body).toContain(`href="/people/${ottoline[0]}/merge?duplicate=${ottoline[1]}"`);
  });

  it('is worked by QA officers, who record "not the same person" but do not merge', async () => {
    const qa = await t.signedIn(demoUser('qa_officer'));
    const page = await qa.get('/people/duplicates');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('An administrator merges records.');
    expect(page.body).not.toContain('Compare and merge');
    const pair = await t.db
      .selectFrom('duplicate_pair')
      .select('id')
      .where('first_person_id', '=', Math.min(...wilhelmina))
      .where('second_person_id', '=', Math.max(...wilhelmina))
      .executeTakeFirstOrThrow();
    expect(page.body).toContain(`/people/duplicates/${pair.id}/not-same`);

    const vague = await qa.post(`/people/duplicates/${pair.id}/not-same`, { reason: 'no' });
    expect(vague.statusCode).toBe(400);
    expect(vague.body).toContain('Say how you know these are different people');
    const reason = 'Cousins born the same day, confirmed by the school';
    const recorded = await qa.post(`/people/duplicates/${pair.id}/not-same`, { reason });
    expect(recorded.headers.location).toBe('/people/duplicates?recorded=1');
    const after = await qa.get('/people/duplicates?recorded=1');
    expect(after.body).toContain('Recorded as not the same person');
    expect(after.body).not.toContain(`/people/duplicates/${pair.id}/not-same`);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'person.not_duplicate')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ pairId: pair.id });

    // Never offered again, however often the engine runs.
    await findDuplicatesInIndex(t.db, () => t.clock.now());
    const row = await t.db
      .selectFrom('duplicate_pair')
      .select(['not_same_reason'])
      .where('id', '=', pair.id)
      .executeTakeFirstOrThrow();
    expect(row.not_same_reason).toBe(reason);
    expect((await qa.get('/people/duplicates')).body).not.toContain(`/people/duplicates/${pair.id}/not-same`);
    // And the merge page says so, as a conflict to tick.
    const admin = await t.signedIn(demoUser('administrator'));
    const compare = await admin.get(`/people/${wilhelmina[0]}/merge?duplicate=${wilhelmina[1]}`);
    expect(compare.body).toContain('Someone recorded that these are not the same person');
  });

  it('is paged 50 at a time with the true total', async () => {
    const people = await t.db
      .selectFrom('person')
      .select('id')
      .where('restricted', '=', false)
      .where('merged_into_id', 'is', null)
      .orderBy('id')
      .limit(122)
      .execute();
    await t.db
      .insertInto('duplicate_pair')
      .values(
        Array.from({ length: 61 }, (_, at) => ({
          first_person_id: people[at * 2]!.id,
          second_person_id: people[at * 2 + 1]!.id,
          score: 100 - at,
          decision: 'possible' as const,
          reasons: ['same date of birth'],
          found_at: t.clock.now(),
        }))
      )
      .onConflict((conflict) => conflict.columns(['first_person_id', 'second_person_id']).doNothing())
      .execute();
    const admin = await t.signedIn(demoUser('administrator'));
    const first = await admin.get('/people/duplicates');
    expect(first.body.match(/data-pair="/g)).toHaveLength(50);
    expect(first.body).toMatch(/to work: showing 1 to 50\./);
    expect(first.body).toContain('href="/people/duplicates?page=2"');
    const second = await admin.get('/people/duplicates?page=2');
    expect(second.body).toMatch(/showing 51 to /);
    expect(pairRow(first.body, people[0]!.id, people[1]!.id)).toBe(true);
  });

  it('is not for practitioners', async () => {
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await practitioner.get('/people/duplicates')).statusCode).toBe(403);
  });
});
