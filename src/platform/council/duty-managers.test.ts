import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { dutyManagersAt } from './duty-managers.ts';

/* One rule for who is on duty, read by the deadline sweep and by break-glass alike. */

// Sunday 22 November 2026, 03:00 GMT: the front door is closed.
const SUNDAY_3AM = new Date('2026-11-22T03:00:00Z');
// Tuesday 24 November 2026, 11:00 GMT: the front door is open.
const WEEKDAY_11AM = new Date('2026-11-24T11:00:00Z');

let database: TestDatabase;
let frontDoorManagerIds: number[];
let onCallId: number;
let outOfHoursTeamId: number;

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  const practitioner = await db
    .selectFrom('staff_user')
    .where('username', '=', demoUser('front_door_practitioner'))
    .select('team_id')
    .executeTakeFirstOrThrow();
  frontDoorManagerIds = (
    await db
      .selectFrom('staff_user')
      .where('team_id', '=', practitioner.team_id)
      .where('role', '=', 'team_manager')
      .where('active', '=', true)
      .select('id')
      .orderBy('id')
      .execute()
  ).map((row) => row.id);
  onCallId = (
    await db
      .selectFrom('staff_user')
      .where('username', '=', demoUser('service_manager'))
      .select('id')
      .executeTakeFirstOrThrow()
  ).id;
  outOfHoursTeamId = (
    await db.selectFrom('team').where('kind', '=', 'out_of_hours').select('id').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database.close());

describe('dutyManagersAt', () => {
  it('is the front-door team’s managers, day and night, until the arrangements name on-call managers', async () => {
    expect(frontDoorManagerIds.length).toBeGreaterThan(0);
    const night = await dutyManagersAt(database.db, SUNDAY_3AM);
    expect(night).toMatchObject({ outOfHours: true, onDutyIds: frontDoorManagerIds, frontDoorManagerIds });
    const day = await dutyManagersAt(database.db, WEEKDAY_11AM);
    expect(day).toMatchObject({ outOfHours: false, onDutyIds: frontDoorManagerIds });
  });

  it('is the on-call managers of the arrangements in force while the front door is closed, and only then', async () => {
    await database.db
      .insertInto('out_of_hours_arrangement')
      .values({
        version: 1,
        receiving_team_id: outOfHoursTeamId,
        on_call_manager_ids: [onCallId],
        handover_time: '08:30',
        saved_by: onCallId,
        saved_at: new Date('2026-11-21T12:00:00Z'),
      })
      .execute();
    try {
      expect(await dutyManagersAt(database.db, SUNDAY_3AM)).toMatchObject({
        outOfHours: true,
        onDutyIds: [onCallId],
        frontDoorManagerIds,
      });
      expect((await dutyManagersAt(database.db, WEEKDAY_11AM)).onDutyIds).toEqual(frontDoorManagerIds);
      // Saved after that night: a night already past is not rewritten.
      expect((await dutyManagersAt(database.db, new Date('2026-11-21T03:00:00Z'))).onDutyIds).toEqual(
        frontDoorManagerIds
      );
    } finally {
      await database.db.deleteFrom('out_of_hours_arrangement').execute();
    }
  });

  it('falls back to the front-door team’s managers when every manager named on call has left', async () => {
    await database.db
      .insertInto('out_of_hours_arrangement')
      .values({
        version: 1,
        receiving_team_id: outOfHoursTeamId,
        on_call_manager_ids: [onCallId],
        handover_time: '08:30',
        saved_by: onCallId,
        saved_at: new Date('2026-11-21T12:00:00Z'),
      })
      .execute();
    await database.db.updateTable('staff_user').set({ active: false }).where('id', '=', onCallId).execute();
    try {
      expect(await dutyManagersAt(database.db, SUNDAY_3AM)).toMatchObject({
        outOfHours: true,
        onCallIds: [],
        onDutyIds: frontDoorManagerIds,
      });
    } finally {
      await database.db.updateTable('staff_user').set({ active: true }).where('id', '=', onCallId).execute();
      await database.db.deleteFrom('out_of_hours_arrangement').execute();
    }
  });
});
