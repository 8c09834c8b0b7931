import type { Db } from '../db/database.ts';
import type { AgencyKind, Role } from '../db/schema.ts';

/** The signed-in member of staff a request acts for. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  agencyId: number;
  agencyKind: AgencyKind;
  agencyName: string;
  teamId: number | null;
}

/** The actor a member of staff acts as, by username (for jobs, seeding and tests that act without a request). */
export async function actorOfStaff(db: Db, username: string): Promise<Actor | undefined> {
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
    .executeTakeFirst();
  return (
    row && {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      agencyId: row.agency_id,
      agencyKind: row.kind,
      agencyName: row.name,
      teamId: row.team_id,
    }
  );
}
