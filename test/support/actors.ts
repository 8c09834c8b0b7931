import type { Db } from '../../src/platform/db/database.ts';
import { actorOfStaff, type Actor } from '../../src/platform/access/actor.ts';

/** The actor a signed-in session of this member of staff would carry, for tests that call services directly. */
export async function actorFor(db: Db, username: string): Promise<Actor> {
  const actor = await actorOfStaff(db, username);
  if (!actor) throw new Error(`No member of staff ${username}`);
  return actor;
}
