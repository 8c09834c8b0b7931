import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { verifyAuditChain } from '../../platform/audit/audit-chain.ts';
import { purgeExpiredRecords, retentionDryRun } from './retention.ts';
import { LegalHoldError, releaseLegalHold, setLegalHold } from './legal-hold.ts';

/** Far enough ahead that a 2017-born child's front-door record (kept to the 25th birthday) is past its date. */
const LATER = new Date('2060-01-01T09:00:00Z');

describe('retention: rules, legal hold, dry run, tombstones', () => {
  let t: TestApp;
  let adminId: number;
  let expired: { contactId: number; contactChildId: number; personId: number };
  let held: { contactId: number; contactChildId: number; personId: number };

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (
      await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow()
    ).id;
    expired = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Expira' });
    held = await recordTestContact(t.db, { receivedAt: TEST_NOW, givenName: 'Heldra' });
    // Both contacts finished with no further action.
    await t.db
      .updateTable('contact_child')
      .set({ status: 'completed', completed_at: TEST_NOW })
      .where('id', 'in', [expired.contactChildId, held.contactChildId])
      .execute();
  });
  afterAll(() => t?.close());

  it('an administrator puts a legal hold on a person with a reason, audited; a second hold or a blank reason is refused', async () => {
    await expect(
      setLegalHold(t.db, { personId: held.personId, reason: '  ', byUserId: adminId, now: TEST_NOW })
    ).rejects.toThrow(LegalHoldError);
    await setLegalHold(t.db, {
      personId: held.personId,
      reason: 'Inquiry moratorium on destruction',
      byUserId: adminId,
      now: TEST_NOW,
    });
    await expect(
      setLegalHold(t.db, { personId: held.personId, reason: 'Again', byUserId: adminId, now: TEST_NOW })
    ).rejects.toThrow(/already on legal hold/);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'reason', 'record_id'])
      .where('action', '=', 'legal_hold.set')
      .execute();
    expect(audit).toEqual([
      {
        actor_user_id: adminId,
        reason: 'Inquiry moratorium on destruction',
        record_id: String(held.personId),
      },
    ]);
  });

  it('the dry run reports what would be deleted and why, what a hold keeps, and changes nothing', async () => {
    const today = await retentionDryRun(t.db, TEST_NOW);
    expect(today.due.map((v) => v.personId)).not.toContain(expired.personId);

    const report = await retentionDryRun(t.db, LATER);
    expect(report.due.find((v) => v.personId === expired.personId)).toEqual({
      personId: expired.personId,
      rule: 'front_door_contact',
      keepUntil: '2042-04-03',
      due: true,
    });
    expect(report.due.map((v) => v.personId)).not.toContain(held.personId);
    expect(report.heldBack.find((v) => v.personId === held.personId)).toMatchObject({
      keptBecause: 'legal_hold',
    });
    expect(
      await t.db.selectFrom('person').select('id').where('id', '=', expired.personId).execute()
    ).toHaveLength(1);
    expect(await t.db.selectFrom('retention_tombstone').selectAll().execute()).toEqual([]);
  });

  it('the real run deletes expired records with everything hanging off them, leaves tombstones and an audit row, and spares the held one', async () => {
    const before = await retentionDryRun(t.db, LATER);
    const report = await purgeExpiredRecords(t.db, { now: LATER, actorUserId: adminId });
    expect(report.due.length).toBe(before.due.length);

    expect(await t.db.selectFrom('person').select('id').where('id', '=', expired.personId).execute()).toEqual(
      []
    );
    expect(
      await t.db.selectFrom('contact').select('id').where('id', '=', expired.contactId).execute()
    ).toEqual([]);
    expect(
      await t.db
        .selectFrom('journey_event')
        .select('id')
        .where('contact_child_id', '=', expired.contactChildId)
        .execute()
    ).toEqual([]);
    expect(
      await t.db.selectFrom('person').select('id').where('id', '=', held.personId).execute()
    ).toHaveLength(1);
    expect(
      await t.db.selectFrom('contact_child').select('id').where('id', '=', held.contactChildId).execute()
    ).toHaveLength(1);

    const tombstones = await t.db.selectFrom('retention_tombstone').selectAll().execute();
    expect(tombstones).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          record_type: 'person',
          record_id: String(expired.personId),
          rule: 'front_door_contact',
        }),
        expect.objectContaining({
          record_type: 'contact',
          record_id: String(expired.contactId),
          rule: 'every_child_deleted',
        }),
      ])
    );
    // No personal data: only the type, id, rule and time.
    expect(Object.keys(tombstones[0]!).sort()).toEqual([
      'deleted_at',
      'id',
      'record_id',
      'record_type',
      'rule',
    ]);
    expect(
      tombstones.filter(
        (row) => row.record_type === 'person' && row.rule !== 'named_only_in_deleted_contacts'
      )
    ).toHaveLength(before.due.length);

    const audit = await t.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'retention.purge')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: adminId, details: { children: before.due.length } });
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true });
  });

  it('running it again deletes nothing more', async () => {
    const tombstones = await t.db.selectFrom('retention_tombstone').select('id').execute();
    const report = await purgeExpiredRecords(t.db, { now: LATER, actorUserId: adminId });
    expect(report.due).toEqual([]);
    expect(Object.values(report.deleted ?? {}).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await t.db.selectFrom('retention_tombstone').select('id').execute()).toHaveLength(
      tombstones.length
    );
  });

  it('once the hold is released, the record goes on the next run', async () => {
    await releaseLegalHold(t.db, {
      personId: held.personId,
      reason: 'Inquiry closed',
      byUserId: adminId,
      now: LATER,
    });
    await purgeExpiredRecords(t.db, { now: LATER, actorUserId: adminId });
    expect(await t.db.selectFrom('person').select('id').where('id', '=', held.personId).execute()).toEqual(
      []
    );
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from legal_hold`.execute(t.db);
    expect(rows[0]!.n).toBe(0);
  });
});
