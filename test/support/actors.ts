import type { Db } from '../../src/platform/db/database.ts';
import type { Actor } from '../../src/platform/access/actor.ts';

/** The actor a signed-in session of this member of staff would carry, for tests that call services directly. */
export async function actorFor(db: Db, username: string): Promise<Actor> {
  const row = await db
    .selectFrom('staff_user as u')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .where('u.username', '=', username)
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'u.team_id',
      'a.kind',
      'a.name',
    ])
    .executeTakeFirstOrThrow();
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    agencyId: row.agency_id,
    agencyKind: row.kind,
    agencyName: row.name,
    teamId: row.team_id,
  };
}
