import type { Db } from '../db/database.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { calendarOf, councilSettings } from './council-settings.ts';
import { arrangementInForceAt, type OutOfHoursArrangement } from './out-of-hours-arrangement.ts';

/** Who is on duty at a moment, as the deadline sweep and break-glass both need to know. */
export interface DutyManagers {
  /** Whether the front door is closed: outside service hours, at weekends, on holidays and closures. */
  outOfHours: boolean;
  /** The out-of-hours arrangements in force at that moment. */
  arrangement: OutOfHoursArrangement;
  frontDoorTeamId: number | null;
  /** The front-door team's active team managers. */
  frontDoorManagerIds: number[];
  /** The on-call managers the arrangements name whose accounts are still active. */
  onCallIds: number[];
  /**
   * The managers on duty: while the front door is closed, the on-call managers the arrangements name
   * (the front-door team's managers when they name none, or none still active); while it is open, the
   * front-door team's managers.
   */
  onDutyIds: number[];
}

/**
 * The one rule for who is on duty at `at`, so that whatever must reach a manager now (immediate risk
 * in the sweep, a restricted record opened in an emergency) reaches the same people, at 3 a.m. too.
 */
export async function dutyManagersAt(db: Db, at: Date): Promise<DutyManagers> {
  const [settings, arrangement, frontDoor] = await Promise.all([
    councilSettings(db),
    arrangementInForceAt(db, at),
    db.selectFrom('team').where('kind', '=', 'front_door').select('id').orderBy('id').executeTakeFirst(),
  ]);
  const frontDoorTeamId = frontDoor?.id ?? null;
  const frontDoorManagerIds =
    frontDoorTeamId === null
      ? []
      : (
          await db
            .selectFrom('staff_user')
            .where('role', '=', 'team_manager')
            .where('active', '=', true)
            .where('team_id', '=', frontDoorTeamId)
            .select('id')
            .orderBy('id')
            .execute()
        ).map((row) => row.id);
  const outOfHours = isOutOfHours(at, calendarOf(settings));
  // A manager named on call who has since left must not leave the night with nobody told.
  const onCallIds = await activeOf(db, arrangement.onCallManagerIds);
  return {
    outOfHours,
    arrangement,
    frontDoorTeamId,
    frontDoorManagerIds,
    onCallIds,
    onDutyIds: outOfHours && onCallIds.length > 0 ? onCallIds : frontDoorManagerIds,
  };
}

async function activeOf(db: Db, userIds: readonly number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const active = await db
    .selectFrom('staff_user')
    .where('id', 'in', [...userIds])
    .where('active', '=', true)
    .select('id')
    .execute();
  const ids = new Set(active.map((row) => row.id));
  return userIds.filter((id) => ids.has(id));
}
