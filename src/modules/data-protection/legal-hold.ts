import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';

export class LegalHoldError extends Error {}

/** The administrator an action is recorded against; refuses anyone else. */
export async function administratorNamed(db: Kysely<Database>, username: string) {
  const user = await db
    .selectFrom('staff_user')
    .select(['id', 'role', 'active'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user || !user.active || user.role !== 'administrator')
    throw new LegalHoldError(`'${username}' is not an active administrator's username.`);
  return user;
}

/**
 * Puts a legal hold on a person's record (e.g. an inquiry asked the council to stop destroying
 * records): while it is in force, retention never deletes the record. Audited with the reason.
 */
export async function setLegalHold(
  db: Kysely<Database>,
  input: { personId: number; reason: string; byUserId: number; now: Date }
): Promise<number> {
  const reason = input.reason.trim();
  if (!reason)
    throw new LegalHoldError('Give the reason for the legal hold, e.g. the inquiry that asked for it.');
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('person')
      .select('id')
      .where('id', '=', input.personId)
      .executeTakeFirst();
    if (!person) throw new LegalHoldError(`There is no person with id ${input.personId}.`);
    const existing = await trx
      .selectFrom('legal_hold')
      .select('id')
      .where('person_id', '=', input.personId)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    if (existing)
      throw new LegalHoldError(`Person ${input.personId} is already on legal hold (hold ${existing.id}).`);
    const hold = await trx
      .insertInto('legal_hold')
      .values({ person_id: input.personId, reason, set_by: input.byUserId, set_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(
      trx,
      {
        action: 'legal_hold.set',
        actorUserId: input.byUserId,
        actorRole: 'administrator',
        recordType: 'person',
        recordId: input.personId,
        reason,
        details: { holdId: hold.id },
      },
      input.now
    );
    return hold.id;
  });
}

/** Ends a person's legal hold, with a reason; audited. */
export async function releaseLegalHold(
  db: Kysely<Database>,
  input: { personId: number; reason: string; byUserId: number; now: Date }
): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw new LegalHoldError('Give the reason the legal hold can end.');
  await db.transaction().execute(async (trx) => {
    const released = await trx
      .updateTable('legal_hold')
      .set({ released_by: input.byUserId, released_at: input.now, release_reason: reason })
      .where('person_id', '=', input.personId)
      .where('released_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!released) throw new LegalHoldError(`Person ${input.personId} is not on legal hold.`);
    await writeAudit(
      trx,
      {
        action: 'legal_hold.release',
        actorUserId: input.byUserId,
        actorRole: 'administrator',
        recordType: 'person',
        recordId: input.personId,
        reason,
        details: { holdId: released.id },
      },
      input.now
    );
  });
}
