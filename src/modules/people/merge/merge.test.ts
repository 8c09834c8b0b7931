import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';

let t: TestApp;
let keptId: number;
let duplicateId: number;

beforeAll(async () => {
  t = await createTestApp();
  const [kept, duplicate] = await t.db
    .insertInto('person')
    .values([
      { given_name: 'Leocadia', family_name: 'Pemberton', date_of_birth: '2016-05-01', sex: 'F' },
      { given_name: 'Leocadia', family_name: 'Pemberten', date_of_birth: '2016-05-01', sex: 'F' },
    ])
    .returning('id')
    .execute();
  keptId = kept!.id;
  duplicateId = duplicate!.id;
  // The duplicate's household (a brother) becomes the kept child's family after the merge.
  const brother = await t.db
    .insertInto('person')
    .values({ given_name: 'Peregrine', family_name: 'Pemberten', date_of_birth: '2013-02-11', sex: 'M' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const household = await t.db
    .insertInto('household')
    .defaultValues()
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('household_member')
    .values([
      { household_id: household.id, person_id: duplicateId, role: 'child' },
      { household_id: household.id, person_id: brother.id, role: 'child' },
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
  it('checks the duplicate, asks to confirm, merges without losing history, and can be undone', async () => {
    const admin = await t.signedIn(demoUser('administrator'));
    const missing = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(keptId),
      reason: 'same',
    });
    expect(missing.body).toContain('A record cannot be merged into itself');
    const noReason = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say why these are the same person');

    const confirm = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      reason: 'Police misspelt the surname',
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Merge these records');
    const merged = await admin.post(`/people/${keptId}/merge`, {
      duplicateId: String(duplicateId),
      reason: 'Police misspelt the surname',
      confirm: 'yes',
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
      .execute();
    expect(audit.at(-1)?.details).toMatchObject({ mergedId: duplicateId });

    const mergeRow = await t.db
      .selectFrom('person_merge')
      .select('id')
      .where('merged_id', '=', duplicateId)
      .executeTakeFirstOrThrow();
    const undone = await admin.post(`/people/merges/${mergeRow.id}/undo`, {
      reason: 'They are twins after all',
    });
    expect(undone.headers.location).toBe(`/people/${duplicateId}`);
    const person = await t.db
      .selectFrom('person')
      .select('merged_into_id')
      .where('id', '=', duplicateId)
      .executeTakeFirstOrThrow();
    expect(person.merged_into_id).toBeNull();
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

  it('is only for administrators', async () => {
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await practitioner.get(`/people/${keptId}/merge`)).statusCode).toBe(403);
    expect(
      (
        await practitioner.post(`/people/${keptId}/merge`, {
          duplicateId: String(duplicateId),
          reason: 'x',
          confirm: 'yes',
        })
      ).statusCode
    ).toBe(403);
  });
});
