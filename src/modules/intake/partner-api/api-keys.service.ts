import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import type { RecordAccess, RequestOrigin } from '../../../platform/access/record-access.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import { generateApiKey } from '../../../platform/auth/api-key.ts';

export function listAgencies(db: Db) {
  return db.selectFrom('agency').select(['id', 'name']).orderBy('name').execute();
}

/** Every key, active ones first, with who created and revoked it. */
export function listApiKeys(db: Db) {
  return db
    .selectFrom('partner_api_key as k')
    .innerJoin('agency as a', 'a.id', 'k.agency_id')
    .innerJoin('staff_user as creator', 'creator.id', 'k.created_by')
    .leftJoin('staff_user as revoker', 'revoker.id', 'k.revoked_by')
    .select([
      'k.id',
      'k.name',
      'k.prefix',
      'k.created_at',
      'k.last_used_at',
      'k.revoked_at',
      'a.name as agency',
      'creator.display_name as created_by',
      'revoker.display_name as revoked_by',
    ])
    .orderBy((eb) => eb('k.revoked_at', 'is not', null))
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id', 'desc')
    .execute();
}

export function findApiKey(db: Db, id: number) {
  return db
    .selectFrom('partner_api_key as k')
    .innerJoin('agency as a', 'a.id', 'k.agency_id')
    .select(['k.id', 'k.name', 'k.prefix', 'k.created_at', 'k.revoked_at', 'a.name as agency'])
    .where('k.id', '=', id)
    .executeTakeFirst();
}

/** Stores the new key's hash, audited as the administrator's change; the key itself is returned once. */
export function createApiKey(
  access: RecordAccess,
  request: { agencyId: number; name: string; now: Date }
): Promise<{ id: number; key: string }> {
  const generated = generateApiKey();
  return access.recordChange('api_key:manage', 'api_key.create', async (trx) => {
    const row = await trx
      .insertInto('partner_api_key')
      .values({
        agency_id: request.agencyId,
        name: request.name,
        prefix: generated.prefix,
        key_hash: generated.keyHash,
        created_by: access.actor.userId,
        created_at: request.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      recordType: 'partner_api_key',
      recordId: row.id,
      result: { id: row.id, key: generated.key },
      details: { agencyId: request.agencyId },
    };
  });
}

/** Revokes an active key with the administrator's reason; the key stops working at once. */
export async function revokeApiKey(
  db: Db,
  revocation: { id: number; reason: string; actor: Actor; origin: RequestOrigin; now: Date }
): Promise<void> {
  const { actor, now } = revocation;
  await db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('partner_api_key')
      .set({ revoked_at: now, revoked_by: actor.userId })
      .where('id', '=', revocation.id)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!revoked) return;
    // Written here rather than through RecordAccess.recordChange, which has no place for a reason.
    await writeAudit(
      trx,
      {
        action: 'api_key.revoke',
        actorUserId: actor.userId,
        actorRole: actor.role,
        actorAgencyId: actor.agencyId,
        recordType: 'partner_api_key',
        recordId: revocation.id,
        reason: revocation.reason,
        ...revocation.origin,
      },
      now
    );
  });
}
