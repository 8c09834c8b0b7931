import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { Insertable } from 'kysely';
import type { PersonTable } from '../../../platform/db/schema.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { ENDED_BY_MERGE } from '../relationships/relationships.ts';

let t: TestApp;
let admin: TestAgent;
let keptId: number;
let duplicateId: number;

async function newPerson(values: Insertable<PersonTable>): Promise<number> {
  return (await t.db.insertInto('person').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

async function mergedInto(id: number): Promise<number | null> {
  return (
    await t.db.selectFrom('person').select('merged_into_id').where('id', '=', id).executeTakeFirstOrThrow()
  ).merged_into_id;
}

/** A reason that says enough, and every conflict ticked: only the rules can refuse it. */
const WELL_REASONED = {
  reason: 'Confirmed with the school and health visitor that this is one child',
  checked: ['given_name', 'family_name', 'sex', 'date_of_birth', 'unborn', 'generation', 'upn', 'open_work'],
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
  keptId = await newPerson({
    given_name: 'Leocadia',
    family_name: 'Pemberton',
    date_of_birth: '2016-05-01',
    sex: 'F',
  });
  duplicateId = await newPerson({
    given_name: 'Leocadia',
    family_name: 'Pemberten',
    date_of_birth: '2016-05-01',
    sex: 'F',
  });
  // The duplicate's household (a brother) becomes the kept child's family after the merge.
  const brother = await newPerson({
    given_name: 'Peregrine',
    family_name: 'Pemberten',
    date_of_birth: '2013-02-11',
    sex: 'M',
  });
  const household = await t.db
    .insertInto('household')
    .defaultValues()
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('household_member')
    .values([
      { household_id: household.id, person_id: duplicateId, role: 'child' },
      { household_id: household.id, person_id: brother, role: 'child' },
    ])
    .execute();
  // A contact recorded against the duplicate, which must show on the kept record after the merge.
  const contact = await t.db
    .insertInto('contact')
    .values({
      reference: 'CON-2026-990001',
      received_at: t.clock.now(),
      channel: 'police_notification',
      referral_source: '6',
      recorded_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('contact_child')
    .values({
      contact_id: contact.id,
      person_id: duplicateId,
      status: 'completed',
      decision_due_at: t.clock.now(),
    })
    .execute();
});
afterAll(() => t.close());

describe('merging person records', () => {
  it('shows both records side by side with the conflict, needs a real reason and the tick, merges, and can be undone', async () => {
    const compare = await admin.get(`/people/${keptId}/merge?duplicate=${duplicateId}`);
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('The two records side by side');
    expect(compare.body).toContain('data-conflict="name"');
    expect(compare.body).toContain('The family names differ: Pemberton and Pemberten');
    expect(compare.body).toContain('Merge these records');

    const same = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      reason: 'same',
    });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('Say why these are the same person despite the differences listed');
    expect(same.body).toContain('Tick each difference to confirm you have checked it');
    const unticked = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      reason: 'Police misspelt the surname, school confirmed',
    });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain('Tick each difference to confirm you have checked it');
    expect(unticked.body).toContain('Police misspelt the surname, school confirmed');
    expect(await mergedInto(duplicateId)).toBeNull();

    const merged = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      reason: 'Police misspelt the surname, school confirmed',
      checked: 'family_name',
    });
    expect(merged.headers.location).toBe(`/people/${keptId}?merged=${duplicateId}`);

    const keptPage = await admin.get(`/people/${keptId}`);
    expect(keptPage.body).toContain('CON-2026-990001');
    expect(keptPage.body).toContain('Peregrine');
    const duplicatePage = await admin.get(`/people/${duplicateId}`);
    expect(duplicatePage.body).toContain('This record was merged into');
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'person.merge')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ mergedId: duplicateId, conflictsChecked: ['family_name'] });

    const again = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      ...WELL_REASONED,
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('That record has already been merged into another');

    const mergeRow = await t.db
      .selectFrom('person_merge')
      .select('id')
      .where('merged_id', '=', duplicateId)
      .executeTakeFirstOrThrow();
    const undone = await admin.post(`/people/merges/${mergeRow.id}/undo`, {
      reason: 'They are twins after all',
    });
    expect(undone.headers.location).toBe(`/people/${duplicateId}`);
    expect(await mergedInto(duplicateId)).toBeNull();
    const afterUndo = (await admin.get(`/people/${keptId}`)).body;
    expect(afterUndo).not.toContain('CON-2026-990001');
    expect(afterUndo).not.toContain('Peregrine');
    const undoRow = await t.db
      .selectFrom('person_merge')
      .selectAll()
      .where('id', '=', mergeRow.id)
      .executeTakeFirstOrThrow();
    expect(undoRow.undo_reason).toBe('They are twins after all');
  });

  it('moves the relationships to the record kept, never twice, and puts them back when undone', async () => {
    const child = {
      given_name: 'Ottoline',
      family_name: 'Hazelgrove',
      date_of_birth: '2018-09-09',
      sex: 'F',
    } as const;
    const kept = await newPerson(child);
    const duplicate = await newPerson(child);
    const mother = await newPerson({ given_name: 'Imelda', family_name: 'Hazelgrove', sex: 'F' });
    const brother = await newPerson({ given_name: 'Caspian', family_name: 'Hazelgrove', sex: 'M' });
    const related = (person_id: number, relative_id: number, kind: 'mother' | 'sibling') => ({
      person_id,
      relative_id,
      kind,
      recorded_at: t.clock.now(),
    });
    await t.db
      .insertInto('person_relationship')
      .values([
        related(kept, mother, 'mother'),
        related(duplicate, mother, 'mother'),
        related(duplicate, brother, 'sibling'),
        related(brother, duplicate, 'sibling'),
      ])
      .execute();
    const current = () =>
      t.db
        .selectFrom('person_relationship')
        .where('ended_on', 'is', null)
        .where((eb) =>
          eb.or([eb('person_id', 'in', [kept, duplicate]), eb('relative_id', 'in', [kept, duplicate])])
        )
        .select(['person_id', 'relative_id', 'kind'])
        .orderBy('id')
        .execute();
    const before = await current();

    const merged = await admin.post(`/people/${kept}/merge`, {
      duplicateId: String(duplicate),
      ...WELL_REASONED,
    });
    expect(merged.statusCode).toBe(303);
    // Both were children of the same mother: the kept record has her once, and the brother both ways.
    expect(await current()).toEqual([
      { person_id: kept, relative_id: mother, kind: 'mother' },
      { person_id: kept, relative_id: brother, kind: 'sibling' },
      { person_id: brother, relative_id: kept, kind: 'sibling' },
    ]);
    const ended = await t.db
      .selectFrom('person_relationship')
      .where('person_id', '=', duplicate)
      .select(['ended_reason'])
      .execute();
    expect(ended).toEqual([{ ended_reason: ENDED_BY_MERGE }]);

    const mergeRow = await t.db
      .selectFrom('person_merge')
      .select('id')
      .where('merged_id', '=', duplicate)
      .executeTakeFirstOrThrow();
    const undone = await admin.post(`/people/merges/${mergeRow.id}/undo`, {
      reason: 'Two different children after all',
    });
    expect(undone.statusCode).toBe(303);
    expect(await current()).toEqual(before);
  });

  it('refuses, on the server, a mother merged into her own unborn baby', async () => {
    const baby = await newPerson({
      given_name: 'Baby',
      family_name: 'Ashworth',
      expected_date_of_birth: '2027-02-10',
      sex: 'U',
    });
    const mother = await newPerson({
      given_name: 'Maisie',
      family_name: 'Ashworth',
      date_of_birth: '1996-03-14',
      sex: 'F',
    });
    const page = await admin.get(`/people/${baby}/merge?duplicate=${mother}`);
    expect(page.body).toContain('These records cannot be merged');
    expect(page.body).toContain('An unborn baby (due 10 February 2027) cannot be the same person');
    expect(page.body).not.toContain('Merge these records');
    // Posted straight to the server, past the page: still refused, whatever the reason and ticks.
    const posted = await admin.post(`/people/${baby}/merge`, {
      duplicateId: String(mother),
      ...WELL_REASONED,
    });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('cannot be the same person as someone born 14 March 1996');
    expect(await mergedInto(mother)).toBeNull();
  });

  it('refuses two different valid NHS numbers and a parent merged into their child', async () => {
    const one = await newPerson({
      given_name: 'Tobias',
      family_name: 'Quenby',
      date_of_birth: '2015-01-01',
      sex: 'M',
      nhs_number: '9434765919',
    });
    const other = await newPerson({
      given_name: 'Tobias',
      family_name: 'Quenby',
      date_of_birth: '2015-01-01',
      sex: 'M',
      nhs_number: '9434765870',
    });
    const numbers = await admin.post(`/people/${one}/merge`, {
      duplicateId: String(other),
      ...WELL_REASONED,
    });
    expect(numbers.statusCode).toBe(400);
    expect(numbers.body).toContain('two different valid NHS numbers');
    expect(await mergedInto(other)).toBeNull();

    const father = await newPerson({
      given_name: 'Tobias',
      family_name: 'Quenby',
      date_of_birth: '1985-01-01',
      sex: 'M',
    });
    const household = await t.db
      .insertInto('household')
      .defaultValues()
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('household_member')
      .values([
        { household_id: household.id, person_id: father, role: 'parent' },
        { household_id: household.id, person_id: one, role: 'child' },
      ])
      .execute();
    const parent = await admin.post(`/people/${one}/merge`, {
      duplicateId: String(father),
      ...WELL_REASONED,
    });
    expect(parent.statusCode).toBe(400);
    expect(parent.body).toContain('recorded as a parent or carer of the other');
    expect(await mergedInto(father)).toBeNull();
  });

  it('lists twins’ different given names as a conflict to tick', async () => {
    const amelia = await newPerson({
      given_name: 'Amelia',
      family_name: 'Fairweather',
      date_of_birth: '2019-07-07',
      sex: 'F',
    });
    const olivia = await newPerson({
      given_name: 'Olivia',
      family_name: 'Fairweather',
      date_of_birth: '2019-07-07',
      sex: 'F',
    });
    const page = await admin.get(`/people/${amelia}/merge?duplicate=${olivia}`);
    expect(page.body).toContain('twins often share a surname, address and date of birth');
    expect(page.body).toContain('name="checked" type="checkbox" value="given_name"');
  });

  it('does not reveal a restricted record the administrator has no access to', async () => {
    const hidden = await newPerson({
      given_name: 'Leocadia',
      family_name: 'Pemberton',
      date_of_birth: '2016-05-01',
      sex: 'F',
      restricted: true,
      restriction_reason: 'Adopted',
    });
    const page = await admin.get(`/people/${keptId}/merge?duplicate=${hidden}`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is no record with that number that you can see');
    expect(page.body).not.toContain('Adopted');
    const posted = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(hidden),
      ...WELL_REASONED,
    });
    expect(posted.statusCode).toBe(400);
    expect(await mergedInto(hidden)).toBeNull();
  });

  it('asks for a record number that is one', async () => {
    const page = await admin.get(`/people/${keptId}/merge?duplicate=abc`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter the record number of the duplicate, for example 10234');
    expect(page.body).toContain('value="abc"');
  });

  it('is only for administrators', async () => {
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await practitioner.get(`/people/${keptId}/merge`)).statusCode).toBe(403);
    const posted = await practitioner.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      ...WELL_REASONED,
    });
    expect(posted.statusCode).toBe(403);
  });
});
