/*
 * The SEF's priorities for improvement followed up: added and changed by those who run the SEF, each
 * with a named owner and a due date, closed with its outcome, and chased once when overdue by a
 * repeating job in every process (as overdue audit actions are). Each change is one transaction with
 * its audit row.
 */
import { sql } from 'kysely';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { EditConflictError } from '../../../platform/db/versioned-update.ts';
import { FormProblem } from '../../../platform/http/forms.ts';
import type { JobLogger } from '../../../platform/jobs/repeating-job.ts';
import { notifyOwners, startOwnerChase } from '../owner-chase.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { actionOwnerChoices } from '../audits/audit-actions.ts';
import type { PriorityAnswers, PriorityClosing } from './sef-forms.ts';
import { isOpenForWriting } from './sef-rules.ts';
import { lockSef } from './sef.service.ts';

/** The notification kind for an overdue priority (see notification-kinds.ts for its label). */
export const SEF_PRIORITY_OVERDUE = 'sef_priority_overdue';
/** How often each process looks for overdue priorities: lateness by the day does not need minutes. */
export const SEF_PRIORITY_CHASE_INTERVAL_MS = 15 * 60_000;

/** Who may own a priority: any active member of staff, a partner agency's included. */
export const priorityOwnerChoices = actionOwnerChoices;

async function assertOwner(db: Db, ownerId: number): Promise<void> {
  const owners = await priorityOwnerChoices(db);
  if (!owners.some((owner) => owner.id === ownerId))
    throw new FormProblem('owner', 'Choose who owns the priority from the list');
}

export async function addPriority(
  access: RecordAccess,
  sefId: number,
  answers: PriorityAnswers,
  now: Date
): Promise<number> {
  return access.recordChange('sef:lead', 'sef.priority', async (trx) => {
    if (!isOpenForWriting((await lockSef(trx, sefId)).status))
      throw new FormProblem('form', 'This self-evaluation is final. Reopen it as a draft to add a priority.');
    await assertOwner(trx, answers.ownerId);
    const { id } = await trx
      .insertInto('sef_priority')
      .values({
        sef_id: sefId,
        area: answers.area,
        text: answers.text,
        owner_id: answers.ownerId,
        due_on: answers.dueOn,
        created_by: access.actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      recordType: 'sef_priority',
      recordId: id,
      result: id,
      details: { sefId, change: 'added', area: answers.area, dueOn: answers.dueOn },
    };
  });
}

/** The priority, locked, from the version the form opened at; refused once closed. */
async function claimPriority(trx: Db, sefId: number, priorityId: number, opened: number | null) {
  const priority = await trx
    .selectFrom('sef_priority')
    .selectAll()
    .where('id', '=', priorityId)
    .where('sef_id', '=', sefId)
    .forUpdate()
    .executeTakeFirst();
  if (!priority) throw new RecordNotFoundError('Priority');
  if (priority.version !== opened) throw new EditConflictError('sef_priority');
  if (priority.status === 'closed')
    throw new FormProblem('form', 'This priority has been closed, so it can no longer be changed.');
  return priority;
}

/**
 * Changes a priority. Its owner and due date can change at any time (the plan is followed up after the
 * report is final); its wording and area only while the SEF is a draft. A new due date is chased anew.
 */
export async function editPriority(
  access: RecordAccess,
  sefId: number,
  priorityId: number,
  answers: PriorityAnswers
): Promise<void> {
  return access.recordChange('sef:lead', 'sef.priority', async (trx) => {
    const open = isOpenForWriting((await lockSef(trx, sefId)).status);
    const priority = await claimPriority(trx, sefId, priorityId, answers.version);
    if (!open && (priority.text !== answers.text || priority.area !== answers.area))
      throw new FormProblem(
        'text',
        'This self-evaluation is final, so the priority’s wording and area stay as reported. Change its owner or due date, or reopen the self-evaluation as a draft.'
      );
    if (answers.ownerId !== priority.owner_id) await assertOwner(trx, answers.ownerId);
    await trx
      .updateTable('sef_priority')
      .set({
        area: answers.area,
        text: answers.text,
        owner_id: answers.ownerId,
        due_on: answers.dueOn,
        chased_at: answers.dueOn === priority.due_on ? priority.chased_at : null,
        version: sql`version + 1`,
      })
      .where('id', '=', priorityId)
      .execute();
    return {
      recordType: 'sef_priority',
      recordId: priorityId,
      result: undefined,
      details: {
        sefId,
        change: 'changed',
        ownerChanged: answers.ownerId !== priority.owner_id,
        dueOn: answers.dueOn,
      },
    };
  });
}

/** Closes a priority with its outcome: whatever the SEF's status, since it is the follow-up. */
export async function closePriority(
  access: RecordAccess,
  sefId: number,
  priorityId: number,
  closing: PriorityClosing,
  now: Date
): Promise<void> {
  return access.recordChange('sef:lead', 'sef.priority', async (trx) => {
    await lockSef(trx, sefId);
    await claimPriority(trx, sefId, priorityId, closing.version);
    await trx
      .updateTable('sef_priority')
      .set({
        status: 'closed',
        outcome: closing.outcome,
        closed_at: now,
        closed_by: access.actor.userId,
        version: sql`version + 1`,
      })
      .where('id', '=', priorityId)
      .execute();
    return {
      recordType: 'sef_priority',
      recordId: priorityId,
      result: undefined,
      details: { sefId, change: 'closed' },
    };
  });
}

/**
 * Chases each open priority past its due date (a London date) once: a notification to its owner, or to
 * the SEF's lead for an earlier priority whose owner was given only in words. Safe with several
 * processes: candidates are locked FOR UPDATE SKIP LOCKED and each notification's event key (the
 * priority and its due date) is unique, so a priority is chased once for each due date it misses.
 */
export async function chaseOverdueSefPriorities(db: Db, now: Date): Promise<number> {
  const today = londonDateOf(now);
  return db.transaction().execute(async (trx) => {
    const overdue = await trx
      .selectFrom('sef_priority as p')
      .innerJoin('sef', 'sef.id', 'p.sef_id')
      .where('p.status', '=', 'open')
      .where('p.chased_at', 'is', null)
      .where('p.due_on', '<', today)
      .select([
        'p.id',
        'p.due_on',
        sql<number>`coalesce(p.owner_id, sef.lead_user_id)`.as('userId'),
        'sef.period_label as label',
      ])
      .orderBy('p.id')
      .limit(200)
      .forUpdate('p')
      .skipLocked()
      .execute();
    if (overdue.length === 0) return 0;
    const raised = await notifyOwners(
      trx,
      SEF_PRIORITY_OVERDUE,
      overdue.map((priority) => ({
        eventKey: `${SEF_PRIORITY_OVERDUE}:${priority.id}:${priority.due_on}`,
        userId: priority.userId,
        message: `A priority for improvement in the ${priority.label} self-evaluation was due on ${formatUk(priority.due_on, UK_FORMATS.date)} and is not closed yet.`,
      })),
      now
    );
    await trx
      .updateTable('sef_priority')
      .set({ chased_at: now })
      .where(
        'id',
        'in',
        overdue.map((priority) => priority.id)
      )
      .execute();
    return raised;
  });
}

/** Runs the chase now and then every `intervalMs` until stopped, logging only runs that chased something. */
export function startSefPriorityChase(deps: {
  db: Db;
  clock: Clock;
  intervalMs: number;
  logger: JobLogger;
}): () => Promise<void> {
  return startOwnerChase('SEF priority chase', chaseOverdueSefPriorities, deps);
}
