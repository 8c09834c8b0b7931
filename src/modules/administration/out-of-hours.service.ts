import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Role } from '../../platform/db/schema.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import type { OutOfHoursChange } from './out-of-hours-form.ts';
import { arrangementInForceAt } from '../../platform/council/out-of-hours-arrangement.ts';

/*
 * The council's out-of-hours arrangements: the team that receives contacts while the front door is
 * closed, the on-call managers told of immediate risk at night and at weekends, and when the day team
 * takes the overnight handover. Each save is a new version, audited with it; the version in force for
 * a contact is the one saved last before it was received, so a change never reaches back.
 */

export const MANAGER_ROLES: readonly Role[] = ['team_manager', 'service_manager'];

/** Every saved version, newest first, with the names it refers to. */
export async function arrangementHistory(db: Db) {
  const rows = await db
    .selectFrom('out_of_hours_arrangement')
    .innerJoin('team', 'team.id', 'out_of_hours_arrangement.receiving_team_id')
    .innerJoin('staff_user', 'staff_user.id', 'out_of_hours_arrangement.saved_by')
    .select([
      'out_of_hours_arrangement.version',
      'team.name as teamName',
      'out_of_hours_arrangement.on_call_manager_ids as managerIds',
      'out_of_hours_arrangement.handover_time as handoverTime',
      'staff_user.display_name as savedBy',
      'out_of_hours_arrangement.saved_at as savedAt',
      'out_of_hours_arrangement.reason',
    ])
    .orderBy('out_of_hours_arrangement.version', 'desc')
    .execute();
  const ids = [...new Set(rows.flatMap((row) => row.managerIds))];
  const names = await staffNames(db, ids);
  return rows.map((row) => ({ ...row, managers: row.managerIds.map((id) => names.get(id) ?? `#${id}`) }));
}

/** The managers who may be on call: active team and service managers. */
export function activeManagers(db: Db) {
  return db
    .selectFrom('staff_user')
    .where('active', '=', true)
    .where('role', 'in', MANAGER_ROLES)
    .select(['id', 'display_name as name'])
    .orderBy('display_name')
    .execute();
}

/** Saves the next version; refused when another was saved since the page was opened, or a choice is not valid. */
export function changeArrangements(
  access: RecordAccess,
  change: OutOfHoursChange,
  now: Date
): Promise<number> {
  return access.recordChange('council:configure', 'out_of_hours.change', async (trx) => {
    const before = await arrangementInForceAt(trx, now);
    const latest = await trx
      .selectFrom('out_of_hours_arrangement')
      .select((eb) => eb.fn.max('version').as('version'))
      .executeTakeFirst();
    if ((latest?.version ?? 0) !== change.version) throw new EditConflictError('out-of-hours arrangements');
    await checkChoices(trx, change);
    const version = change.version + 1;
    await trx
      .insertInto('out_of_hours_arrangement')
      .values({
        version,
        receiving_team_id: change.receivingTeamId,
        on_call_manager_ids: change.onCallManagerIds,
        handover_time: change.handoverTime,
        saved_by: access.actor.userId,
        saved_at: now,
        reason: change.reason ?? null,
      })
      .execute();
    const after = {
      receivingTeamId: change.receivingTeamId,
      onCallManagerIds: change.onCallManagerIds,
      handoverTime: change.handoverTime,
    };
    return {
      recordType: 'out_of_hours_arrangement',
      recordId: version,
      result: version,
      details: {
        what: 'out-of-hours arrangements',
        version,
        from: before,
        to: after,
        reason: change.reason ?? null,
      },
    };
  });
}

async function checkChoices(trx: Db, change: OutOfHoursChange): Promise<void> {
  const team = await trx
    .selectFrom('team')
    .where('id', '=', change.receivingTeamId)
    .where('kind', '<>', 'partner')
    .select('id')
    .executeTakeFirst();
  if (!team)
    throw new FormProblem(
      'receivingTeamId',
      'Choose one of the council’s teams to receive contacts when the service is closed'
    );
  const managers = await trx
    .selectFrom('staff_user')
    .where('id', 'in', change.onCallManagerIds)
    .where('active', '=', true)
    .where('role', 'in', MANAGER_ROLES)
    .select('id')
    .execute();
  const notManagers = change.onCallManagerIds.filter((id) => !managers.some((manager) => manager.id === id));
  if (notManagers.length === 0) return;
  const names = await staffNames(trx, notManagers);
  const who = notManagers.map((id) => names.get(id) ?? 'Someone chosen').join(' and ');
  throw new FormProblem(
    'onCallManagerIds',
    `${who} ${notManagers.length > 1 ? 'are not active managers' : 'is not an active manager'}: choose active team or service managers to be on call`
  );
}

async function staffNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff_user')
    .where('id', 'in', ids)
    .select(['id', 'display_name'])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}
