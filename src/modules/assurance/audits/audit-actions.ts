/*
 * What an audit says must change: actions with an owner, a due date and a status, and the repeating
 * job that chases an overdue action once, with a notification to its owner.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { hasPermission } from '../../../platform/access/permissions.ts';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import type { Clock } from '../../../platform/clock.ts';
import { FormProblem } from '../../../platform/http/forms.ts';
import type { JobLogger } from '../../../platform/jobs/repeating-job.ts';
import { notifyOwners, startOwnerChase } from '../owner-chase.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { openAudit } from './audits.service.ts';

/** The notification kind for an overdue audit action (see notification-kinds.ts for its label). */
export const AUDIT_ACTION_OVERDUE = 'audit_action_overdue';
/** How often each process looks for overdue actions: a day's lateness does not need minutes. */
export const AUDIT_ACTION_CHASE_INTERVAL_MS = 15 * 60_000;

/** Staff who may own an action: any active member of staff (partners own their agency's actions too). */
export async function actionOwnerChoices(db: Db): Promise<{ id: number; name: string }[]> {
  const rows = await db
    .selectFrom('staff_user')
    .where('active', '=', true)
    .select(['id', 'display_name'])
    .orderBy('display_name')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.display_name }));
}

/** Adds an action to an audit: its auditor or a manager of assurance. */
export async function addAuditAction(
  db: Db,
  access: RecordAccess,
  now: Date,
  auditId: number,
  action: { description: string; ownerId: number; dueOn: string }
): Promise<number> {
  const { role } = await openAudit(db, access, auditId);
  if (role === 'partner')
    throw new FormProblem('description', 'Actions are agreed by the council’s auditor.');
  const owner = await db
    .selectFrom('staff_user')
    .where('id', '=', action.ownerId)
    .where('active', '=', true)
    .select('id')
    .executeTakeFirst();
  if (!owner) throw new FormProblem('ownerId', 'Choose who owns the action');
  return access.recordChange('assurance:audit', 'assurance.action_save', async (trx) => {
    const { id } = await trx
      .insertInto('case_audit_action')
      .values({
        audit_id: auditId,
        description: action.description,
        owner_id: action.ownerId,
        due_on: action.dueOn,
        created_by: access.actor.userId,
        created_at: now,
        done_at: null,
        chased_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      recordType: 'case_audit_action',
      recordId: id,
      result: id,
      details: { auditId, dueOn: action.dueOn },
    };
  });
}

/** Marks an action done: its owner or a manager of assurance. */
export async function completeAuditAction(
  db: Db,
  access: RecordAccess,
  now: Date,
  actionId: number
): Promise<void> {
  const action = await db
    .selectFrom('case_audit_action')
    .where('id', '=', actionId)
    .select(['owner_id', 'status'])
    .executeTakeFirst();
  if (!action || (action.owner_id !== access.actor.userId && !access.can('assurance:manage')))
    return access.refuse(
      'case_audit_action',
      actionId,
      { attempted: 'assurance.action_save', reason: action ? 'not_your_action' : 'no_such_record' },
      'Action'
    );
  if (action.status === 'done') return;
  await access.recordChange('assurance:audit', 'assurance.action_save', async (trx) => {
    await trx
      .updateTable('case_audit_action')
      .set({ status: 'done', done_at: now })
      .where('id', '=', actionId)
      .execute();
    return {
      recordType: 'case_audit_action',
      recordId: actionId,
      result: undefined,
      details: { status: 'done' },
    };
  });
}

export interface ActionRow {
  id: number;
  auditId: number;
  description: string;
  owner: string;
  ownerId: number;
  dueOn: string;
  status: 'open' | 'done';
  overdue: boolean;
  doneAt: Date | null;
}

/** Actions, open first by due date: all of them for a manager of assurance, else those the actor owns or raised. */
export async function listAuditActions(
  db: Db,
  actor: Actor,
  today: string,
  auditId?: number
): Promise<ActionRow[]> {
  let query = db
    .selectFrom('case_audit_action as x')
    .innerJoin('staff_user as owner', 'owner.id', 'x.owner_id')
    .select([
      'x.id',
      'x.audit_id as auditId',
      'x.description',
      'owner.display_name as owner',
      'x.owner_id as ownerId',
      'x.due_on as dueOn',
      'x.status',
      sql<boolean>`x.status = 'open' and x.due_on < ${today}`.as('overdue'),
      'x.done_at as doneAt',
    ])
    .orderBy(sql`x.status = 'done'`)
    .orderBy('x.due_on')
    .orderBy('x.id');
  if (auditId !== undefined) query = query.where('x.audit_id', '=', auditId);
  else if (!hasPermission(actor.role, 'assurance:manage'))
    query = query.where((eb) =>
      eb.or([eb('x.owner_id', '=', actor.userId), eb('x.created_by', '=', actor.userId)])
    );
  return query.execute();
}

/**
 * Chases each open action that is past its due date (a London date) once: a notification to its
 * owner. Safe with several processes: candidates are locked FOR UPDATE SKIP LOCKED and each
 * notification's event key is unique, so an action is never chased twice.
 */
export async function chaseOverdueAuditActions(db: Db, now: Date): Promise<number> {
  const today = londonDateOf(now);
  return db.transaction().execute(async (trx) => {
    const overdue = await trx
      .selectFrom('case_audit_action')
      .where('status', '=', 'open')
      .where('chased_at', 'is', null)
      .where('due_on', '<', today)
      .select(['id', 'audit_id', 'owner_id', 'due_on'])
      .orderBy('id')
      .limit(200)
      .forUpdate()
      .skipLocked()
      .execute();
    if (overdue.length === 0) return 0;
    const raised = await notifyOwners(
      trx,
      AUDIT_ACTION_OVERDUE,
      overdue.map((action) => ({
        eventKey: `${AUDIT_ACTION_OVERDUE}:${action.id}:${action.due_on}`,
        userId: action.owner_id,
        message: `An action from case audit ${action.audit_id} was due on ${formatUk(action.due_on, UK_FORMATS.date)} and is not done yet.`,
      })),
      now
    );
    await trx
      .updateTable('case_audit_action')
      .set({ chased_at: now })
      .where(
        'id',
        'in',
        overdue.map((action) => action.id)
      )
      .execute();
    return raised;
  });
}

/** Runs the chase now and then every `intervalMs` until stopped, logging only runs that chased something. */
export function startAuditActionChase(deps: {
  db: Db;
  clock: Clock;
  intervalMs: number;
  logger: JobLogger;
}): () => Promise<void> {
  return startOwnerChase('audit action chase', chaseOverdueAuditActions, deps);
}
