import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { addWorkingDaysToDate, londonDateOf } from '../../shared/working-time.ts';
import { moveCase } from '../journey/case-status.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { ASSESSMENT_WORKING_DAYS, involvementOnAcceptance } from './involvement-on-acceptance.ts';
import { loadHandover, loadTeamInbox, teamMembers, type InboxPages } from './handovers.ts';

export const CHOOSE_WORKER = 'Choose the worker in your team who will take the child on';

/** Someone in the team answered the handover first; it cannot be answered twice. */
export class HandoverAlreadyAnsweredError extends Error {
  constructor() {
    super('The handover has already been answered');
  }
}

/** The child is not tied to a person record, so there is no record to open the involvement on. */
export class ChildNotLinkedError extends Error {
  constructor() {
    super('The child is not linked to a person record');
  }
}

/** The actor's team and the pages of its inbox asked for; no team at all for someone who is not a member of one. */
export async function handoverInbox(access: RecordAccess, db: Db, now: Date, pages: InboxPages) {
  const { teamId } = access.actor;
  if (teamId === null) return { team: null };
  const team = await db
    .selectFrom('team')
    .select(['id', 'name', 'kind'])
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  return { team, ...(await loadTeamInbox(access, teamId, now, pages)) };
}

/**
 * A handover with the members of its team who could take the child on while it is still on offer.
 * Only its receiving team may open it (the access layer's rule for handovers); anyone else is told
 * it does not exist.
 */
export function readHandover(access: RecordAccess, id: number, now: Date) {
  return access.readVia('handover', id, async (db) => {
    const handover = await loadHandover(db, id, now);
    const members = handover.status === 'offered' ? await teamMembers(db, handover.to_team_id) : [];
    return { handover, members };
  });
}

export type HandoverPage = Awaited<ReturnType<typeof readHandover>>;
type HandoverAnswered = Pick<HandoverPage['handover'], 'id' | 'contact_child_id' | 'to_team_id'>;

/**
 * The receiving team takes the child on with a named worker, an active member of the team (else a
 * FormProblem against workerId): the front door's work for this contact is done, and the child's
 * record shows the open involvement (kind from the decision, see involvementOnAcceptance), its team
 * and worker, and for an assessment its due date, 45 working days from the referral.
 */
export function acceptHandover(
  access: RecordAccess,
  handover: HandoverAnswered,
  workerId: number,
  now: Date
): Promise<void> {
  return access.recordChange('handover:respond', 'handover.accept', async (trx) => {
    const members = await teamMembers(trx, handover.to_team_id);
    if (!members.some((member) => member.id === workerId)) throw new FormProblem('workerId', CHOOSE_WORKER);
    const actorId = access.actor.userId;
    await answer(trx, handover.id, { status: 'accepted', responded_by: actorId, responded_at: now });
    const involvementId = await openInvolvement(trx, handover, { at: now, workerId });
    await moveCase(trx, handover.contact_child_id, 'accept_handover', {
      at: now,
      event: {
        step: 'handover_accepted',
        actorId,
        details: { handoverId: handover.id, teamId: handover.to_team_id, workerId, involvementId },
      },
    });
    await recordJourneyEvent(trx, {
      contactChildId: handover.contact_child_id,
      step: 'completed',
      at: now,
      actorId,
      details: { handoverId: handover.id },
    });
    return {
      recordType: 'handover',
      recordId: handover.id,
      result: undefined,
      details: {
        contactChildId: handover.contact_child_id,
        teamId: handover.to_team_id,
        workerId,
        involvementId,
      },
    };
  });
}

async function openInvolvement(
  trx: Db,
  handover: HandoverAnswered,
  context: { at: Date; workerId: number }
): Promise<number | null> {
  const child = await trx
    .selectFrom('handover')
    .innerJoin('contact_child', 'contact_child.id', 'handover.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .innerJoin('team', 'team.id', 'handover.to_team_id')
    .leftJoin('decision', 'decision.id', 'handover.decision_id')
    .leftJoin('referral', 'referral.contact_child_id', 'contact_child.id')
    .where('handover.id', '=', handover.id)
    .select([
      'contact_child.person_id',
      'contact.received_at',
      'team.kind as team_kind',
      'decision.outcomes',
      'referral.id as referral_id',
      'referral.referral_date',
    ])
    .orderBy('referral.id', 'desc')
    .executeTakeFirstOrThrow();
  if (child.person_id === null) throw new ChildNotLinkedError();
  const today = londonDateOf(context.at);
  const open = await trx
    .selectFrom('involvement')
    .where('person_id', '=', child.person_id)
    .where('started_on', '<=', today)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', today)]))
    .select('id')
    .executeTakeFirst();
  const toOpen = involvementOnAcceptance(child.outcomes ?? [], child.team_kind, open !== undefined);
  if (!toOpen) return null;
  const referralDate = child.referral_date ?? londonDateOf(child.received_at);
  const assessmentDueOn = toOpen.assessment
    ? addWorkingDaysToDate(referralDate, ASSESSMENT_WORKING_DAYS, await councilCalendar(trx))
    : null;
  const { id } = await trx
    .insertInto('involvement')
    .values({
      person_id: child.person_id,
      kind: toOpen.kind,
      started_on: today,
      team_id: handover.to_team_id,
      worker_id: context.workerId,
      referral_id: child.referral_id,
      assessment_due_on: assessmentDueOn,
      handover_id: handover.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * The receiving team sends the child back with its reason. The child goes straight back to the front
 * door team's queue awaiting a new decision, so it is never left without an owner.
 */
export function returnHandover(
  access: RecordAccess,
  handover: HandoverAnswered,
  reason: string,
  now: Date
): Promise<void> {
  return access.recordChange('handover:respond', 'handover.return', async (trx) => {
    const actorId = access.actor.userId;
    await answer(trx, handover.id, {
      status: 'returned',
      responded_by: actorId,
      responded_at: now,
      return_reason: reason,
    });
    const frontDoor = await trx
      .selectFrom('team')
      .select('id')
      .where('kind', '=', 'front_door')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await moveCase(trx, handover.contact_child_id, 'return_handover', {
      at: now,
      effects: { teamId: frontDoor.id, workerId: null },
      event: {
        step: 'handover_returned',
        actorId,
        details: { handoverId: handover.id, fromTeamId: handover.to_team_id, toTeamId: frontDoor.id },
      },
    });
    return {
      recordType: 'handover',
      recordId: handover.id,
      result: undefined,
      details: {
        contactChildId: handover.contact_child_id,
        teamId: handover.to_team_id,
        frontDoorTeamId: frontDoor.id,
      },
    };
  });
}

/** Answers only a handover still on offer, so two people in the team cannot both answer it. */
async function answer(
  trx: Db,
  id: number,
  changes: {
    status: 'accepted' | 'returned';
    responded_by: number;
    responded_at: Date;
    return_reason?: string;
  }
) {
  const result = await trx
    .updateTable('handover')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'offered')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new HandoverAlreadyAnsweredError();
}
