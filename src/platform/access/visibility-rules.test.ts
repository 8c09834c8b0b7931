import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { actorFor } from '../../../test/support/actors.ts';
import type { Actor } from './actor.ts';
import {
  contactChildIdVisibleTo,
  contactIdVisibleTo,
  personIdVisibleTo,
  requestedChildIdVisibleTo,
} from './record-access.ts';

/*
 * The visibility rules lists and counts filter by, evaluated on their own: a restricted child and the
 * contact about them are hidden without a grant, anyone else is shown, and a null id (a child not yet
 * linked to a record, a notification about no child) is shown even while restricted records exist.
 */

let test: TestDatabase;
let restricted: { contactId: number; contactChildId: number; personId: number };
let open: { contactId: number; contactChildId: number; personId: number };
let practitioner: Actor;
let granted: Actor;
let police: Actor;

type Rule = (actor: Actor, idColumn: string) => RawBuilder<SqlBool>;

/** Whether the rule shows each id (null included) to the actor, in the order given. */
async function shown(rule: Rule, actor: Actor, ids: (number | null)[]): Promise<boolean[]> {
  const rows = sql.join(ids.map((id, n) => sql`(${n}::int, ${id}::int)`));
  const { rows: found } = await sql<{ visible: boolean }>`
    select ${rule(actor, 'candidate.id')} as visible from (values ${rows}) as candidate (n, id)
    order by candidate.n`.execute(test.db);
  return found.map((row) => row.visible);
}

beforeAll(async () => {
  test = await openTestDatabase();
  [practitioner, granted, police] = await Promise.all([
    actorFor(test.db, demoUser('front_door_practitioner')),
    actorFor(test.db, demoUser('team_manager')),
    actorFor(test.db, demoUser('partner_agency_practitioner')),
  ]);
  restricted = await recordTestContact(test.db, { receivedAt: TEST_NOW, givenName: 'Restricta' });
  open = await recordTestContact(test.db, { receivedAt: TEST_NOW, givenName: 'Openna' });
  await test.db
    .updateTable('person')
    .set({ restricted: true })
    .where('id', '=', restricted.personId)
    .execute();
  await test.db
    .insertInto('record_access_grant')
    .values({
      person_id: restricted.personId,
      user_id: granted.userId,
      granted_by: granted.userId,
      granted_at: TEST_NOW,
      reason: 'Allocated worker for the restricted child',
    })
    .execute();
});

afterAll(async () => {
  await test?.close();
});

describe('visibility rules for lists and counts', () => {
  it('hide a restricted person from staff without a grant, and show everyone else and a null id', async () => {
    const ids = [restricted.personId, open.personId, null];
    expect(await shown(personIdVisibleTo, practitioner, ids)).toEqual([false, true, true]);
    expect(await shown(personIdVisibleTo, granted, ids)).toEqual([true, true, true]);
  });

  it('hide a contact naming a restricted child, and each child’s part of it', async () => {
    expect(
      await shown(contactIdVisibleTo, practitioner, [restricted.contactId, open.contactId, null])
    ).toEqual([false, true, true]);
    const parts = [restricted.contactChildId, open.contactChildId, null];
    expect(await shown(contactChildIdVisibleTo, practitioner, parts)).toEqual([false, true, true]);
    expect(await shown(contactChildIdVisibleTo, granted, parts)).toEqual([true, true, true]);
  });

  it('show a partner agency no person or contact, and a requested child only if not restricted', async () => {
    expect(await shown(personIdVisibleTo, police, [open.personId, null])).toEqual([false, false]);
    expect(await shown(contactIdVisibleTo, police, [open.contactId])).toEqual([false]);
    const parts = [restricted.contactChildId, open.contactChildId, null];
    expect(await shown(requestedChildIdVisibleTo, police, parts)).toEqual([false, true, true]);
    expect(await shown(requestedChildIdVisibleTo, practitioner, parts)).toEqual([false, true, true]);
  });
});
