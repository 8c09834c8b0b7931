import type { Db } from '../db/database.ts';
import { councilSettings } from './council-settings.ts';

/*
 * The council's out-of-hours arrangements as they stood at a time (administered at /admin/out-of-hours):
 * read by the deadline sweep to tell the on-call managers and the receiving team of immediate risk at
 * night and at weekends.
 */

export interface OutOfHoursArrangement {
  /** 0 until the council saves its own: what the code did before it could be configured. */
  version: number;
  receivingTeamId: number | null;
  /** Empty: the duty managers (the front-door team's managers) are told, as before. */
  onCallManagerIds: number[];
  handoverTime: string;
}

/** The arrangements in force at `at` (a contact's received time, or now). */
export async function arrangementInForceAt(db: Db, at: Date): Promise<OutOfHoursArrangement> {
  const row = await db
    .selectFrom('out_of_hours_arrangement')
    .where('saved_at', '<=', at)
    .select(['version', 'receiving_team_id', 'on_call_manager_ids', 'handover_time'])
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (row)
    return {
      version: row.version,
      receivingTeamId: row.receiving_team_id,
      onCallManagerIds: row.on_call_manager_ids,
      handoverTime: row.handover_time,
    };
  return defaultArrangement(db);
}

/** Before any save: the first emergency duty team, the duty managers, and handover as the service opens. */
async function defaultArrangement(db: Db): Promise<OutOfHoursArrangement> {
  const [team, settings] = await Promise.all([
    db.selectFrom('team').where('kind', '=', 'out_of_hours').select('id').orderBy('id').executeTakeFirst(),
    councilSettings(db),
  ]);
  return {
    version: 0,
    receivingTeamId: team?.id ?? null,
    onCallManagerIds: [],
    handoverTime: settings.serviceHours.opens,
  };
}
