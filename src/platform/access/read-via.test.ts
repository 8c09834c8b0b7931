import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { ManualClock } from '../clock.ts';
import type { Actor } from './actor.ts';
import { actorFor } from '../../../test/support/actors.ts';
import { RecordAccess, RecordNotFoundError, type ChildRecordKind } from './record-access.ts';

/*
 * readVia / assertVisibleVia find the child that owns a record before any access check, so no module
 * looks up "whose record is this?" on a bare database. Each refusal is "not found" and audited.
 */

let test: TestDatabase;
let child: { contactChildId: number; personId: number };
let records: Record<Exclude<ChildRecordKind, 'decision' | 'strategy_discussion'>, number>;
let otherAgencyRequest: number;
let practitioner: Actor;
let receivingWorker: Actor;
let police: Actor;

function accessAs(actor: Actor) {
  return new RecordAccess(test.db, new ManualClock(TEST_NOW), actor, {
    ip: '127.0.0.1',
    requestId: 'read-via',
  });
}

async function lastRefusal(actor: Actor) {
  return test.db
    .selectFrom('audit_event')
    .where('actor_user_id', '=', actor.userId)
    .where('action', '=', 'access.denied')
    .orderBy('id', 'desc')
    .select(['record_type', 'record_id', 'details'])
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  test = await openTestDatabase();
  [practitioner, receivingWorker, police] = await Promise.all([
    actorFor(test.db, demoUser('front_door_practitioner')),
    actorFor(test.db, 'assessment'),
    actorFor(test.db, demoUser('partner_agency_practitioner')),
  ]);
  child = await recordTestContact(test.db, { receivedAt: TEST_NOW, givenName: 'Viale' });
  const owned = { contact_child_id: child.contactChildId };
  const otherAgency = await test.db
    .selectFrom('agency')
    .where('kind', '=', 'health')
    .select('id')
    .executeTakeFirstOrThrow();
  const request = (agencyId: number) =>
    test.db
      .insertInto('information_request')
      .values({
        ...owned,
        agency_id: agencyId,
        question: 'What do you know of the family?',
        consent_status: 'not_sought',
        due_at: TEST_NOW,
        requested_by: practitioner.userId,
        requested_at: TEST_NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const handover = await test.db
    .insertInto('handover')
    .values({
      ...owned,
      to_team_id: receivingWorker.teamId!,
      offered_by: practitioner.userId,
      offered_at: TEST_NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const mash = await test.db
    .insertInto('mash_discussion')
    .values({
      ...owned,
      meeting_date: '2026-11-20',
      question: 'Is this level 3?',
      added_by: practitioner.userId,
      added_at: TEST_NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  records = {
    handover: handover.id,
    information_request: (await request(police.agencyId)).id,
    mash_discussion: mash.id,
  };
  otherAgencyRequest = (await request(otherAgency.id)).id;
});

afterAll(() => test.close());

describe('readVia', () => {
  it("reads a record through its child's access check and audits the child's contact as read", async () => {
    const item = await accessAs(practitioner).readVia(
      'mash_discussion',
      records.mash_discussion,
      (db, owner) =>
        db
          .selectFrom('mash_discussion')
          .where('id', '=', records.mash_discussion)
          .where('contact_child_id', '=', owner.contactChildId)
          .select('question')
          .executeTakeFirstOrThrow()
    );
    expect(item.question).toBe('Is this level 3?');
    const read = await test.db
      .selectFrom('audit_event')
      .where('actor_user_id', '=', practitioner.userId)
      .where('action', '=', 'contact.view')
      .orderBy('id', 'desc')
      .select('details')
      .executeTakeFirstOrThrow();
    expect((read.details as { personIds: number[] }).personIds).toContain(child.personId);
  });

  it('answers "not found" for a record that does not exist, audited against that kind', async () => {
    await expect(accessAs(practitioner).readVia('decision', 2_000_000_000, async () => 1)).rejects.toThrow(
      RecordNotFoundError
    );
    const refusal = await lastRefusal(practitioner);
    expect(refusal.record_type).toBe('decision');
    expect(refusal.details).toMatchObject({ reason: 'no_such_record', attempted: 'decision.view' });
  });

  it('opens a handover only for the team it was offered to', async () => {
    const owner = await accessAs(receivingWorker).assertVisibleVia('handover', records.handover);
    expect(owner.contactChildId).toBe(child.contactChildId);
    await expect(accessAs(practitioner).readVia('handover', records.handover, async () => 1)).rejects.toThrow(
      RecordNotFoundError
    );
    expect((await lastRefusal(practitioner)).details).toMatchObject({ reason: 'not_receiving_team' });
  });

  it('shows a partner agency only its own information requests, as a read of the requested child', async () => {
    const read = await accessAs(police).readVia(
      'information_request',
      records.information_request,
      async (_db, owner) => owner.personId
    );
    expect(read).toBe(child.personId);
    await expect(
      accessAs(police).readVia('information_request', otherAgencyRequest, async () => 1)
    ).rejects.toThrow(RecordNotFoundError);
    expect((await lastRefusal(police)).details).toMatchObject({ reason: 'agency_scope' });
  });

  it('refuses every kind for a restricted child the actor holds no grant to', async () => {
    await test.db.updateTable('person').set({ restricted: true }).where('id', '=', child.personId).execute();
    try {
      await expect(
        accessAs(practitioner).readVia('mash_discussion', records.mash_discussion, async () => 1)
      ).rejects.toThrow(RecordNotFoundError);
      await expect(accessAs(receivingWorker).assertVisibleVia('handover', records.handover)).rejects.toThrow(
        RecordNotFoundError
      );
      await expect(
        accessAs(police).assertVisibleVia('information_request', records.information_request)
      ).rejects.toThrow(RecordNotFoundError);
    } finally {
      await test.db
        .updateTable('person')
        .set({ restricted: false })
        .where('id', '=', child.personId)
        .execute();
    }
  });
});
