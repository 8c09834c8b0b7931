import { sql } from 'kysely';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { addWorkingDaysToDate, londonDateOf } from '../../shared/working-time.ts';
import { ASSESSMENT_WORKING_DAYS, involvementOnAcceptance } from './involvement-on-acceptance.ts';

/** Accepted and returned handovers stay in the inbox this long, so the team can see what it answered. */
const RECENT_DAYS = 14;

/** Someone in the team answered the handover first; it cannot be answered twice. */
export class HandoverAlreadyAnsweredError extends Error {
  constructor() {
    super('The handover has already been answered');
  }
}

export interface HandoverOffer {
  contactChildId: number;
  /** The authorised decision that hands the child over, when there is one. */
  decisionId: number | null;
  toTeamId: number;
  offeredBy: number;
  at: Date;
}

/**
 * Offers a child to a receiving team (early help, assessment) inside the caller's transaction. The
 * team owns the child from now on, so nothing waits without an owner: it answers from its inbox.
 */
export async function offerHandover(trx: Db, offer: HandoverOffer): Promise<number> {
  const { id } = await trx
    .insertInto('handover')
    .values({
      contact_child_id: offer.contactChildId,
      decision_id: offer.decisionId,
      to_team_id: offer.toTeamId,
      offered_by: offer.offeredBy,
      offered_at: offer.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('contact_child')
    .set({ team_id: offer.toTeamId, worker_id: null, status: 'awaiting_handover', version: sql`version + 1` })
    .where('id', '=', offer.contactChildId)
    .execute();
  await recordJourneyEvent(trx, {
    contactChildId: offer.contactChildId,
    step: 'handover_offered',
    at: offer.at,
    actorId: offer.offeredBy,
    details: { handoverId: id, decisionId: offer.decisionId, toTeamId: offer.toTeamId },
  });
  await writeAudit(
    trx,
    {
      action: 'handover.offer',
      actorUserId: offer.offeredBy,
      recordType: 'handover',
      recordId: id,
      details: {
        contactChildId: offer.contactChildId,
        decisionId: offer.decisionId,
        toTeamId: offer.toTeamId,
      },
    },
    offer.at
  );
  return id;
}

/** The handover, if there is one with this id: just enough to check who may answer it. */
export function findHandover(db: Db, id: number) {
  return db
    .selectFrom('handover')
    .select(['id', 'contact_child_id', 'to_team_id', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The team's inbox: handovers waiting for an answer, oldest first, then those answered in the last
 * two weeks. Children the actor may not see never leave the database.
 */
export async function loadTeamInbox(access: RecordAccess, teamId: number, now: Date) {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const rows = await access.listContacts({ handovers: 'team_inbox', teamId }, async (db, visible) => {
    const [found, labelsOf] = await Promise.all([
      handoverQuery(db)
        .where('handover.to_team_id', '=', teamId)
        .where((eb) =>
          eb.or([eb('handover.status', '=', 'offered'), eb('handover.responded_at', '>=', since)])
        )
        .where(visible)
        .orderBy('handover.offered_at')
        .orderBy('handover.id')
        .limit(500)
        .execute(),
      outcomeLabels(db),
    ]);
    return found.map((row) => ({
      ...row,
      outcomes: labelsOf(row.outcomes),
      waiting: timeBetween(row.offered_at, row.responded_at ?? now),
    }));
  });
  return {
    waiting: rows.filter((row) => row.status === 'offered'),
    recent: rows
      .filter((row) => row.status !== 'offered')
      .sort((a, b) => b.responded_at!.getTime() - a.responded_at!.getTime()),
  };
}

/** One handover with the child and the decision behind it; the caller reads it through record access. */
export async function loadHandover(db: Db, id: number, now: Date) {
  const [row, labelsOf] = await Promise.all([
    handoverQuery(db).where('handover.id', '=', id).executeTakeFirstOrThrow(),
    outcomeLabels(db),
  ]);
  return {
    ...row,
    outcomes: labelsOf(row.outcomes),
    waiting: timeBetween(row.offered_at, row.responded_at ?? now),
  };
}

/** The child is not tied to a person record, so there is no record to open the involvement on. */
export class ChildNotLinkedError extends Error {
  constructor() {
    super('The child is not linked to a person record');
  }
}

/** The active members of a team, who can be allocated a child the team accepts. */
export function teamMembers(db: Db, teamId: number) {
  return db
    .selectFrom('staff_user')
    .where('team_id', '=', teamId)
    .where('active', '=', true)
    .select(['id', 'display_name'])
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

/**
 * The receiving team takes the child on with a named worker: the front door's work for this contact
 * is done, and the child's record shows the open involvement (kind from the decision, see
 * involvementOnAcceptance), its team and worker, and for an assessment its due date, 45 working days
 * from the referral. The caller has checked the worker is an active member of the team.
 */
export async function acceptHandover(
  trx: Db,
  handover: { id: number; contactChildId: number; teamId: number },
  context: { actorId: number; at: Date; workerId: number }
): Promise<{ involvementId: number | null }> {
  await answer(trx, handover.id, {
    status: 'accepted',
    responded_by: context.actorId,
    responded_at: context.at,
  });
  const involvementId = await openInvolvement(trx, handover, context);
  await trx
    .updateTable('contact_child')
    .set({ status: 'completed', completed_at: context.at, version: sql`version + 1` })
    .where('id', '=', handover.contactChildId)
    .execute();
  const event = { contactChildId: handover.contactChildId, at: context.at, actorId: context.actorId };
  await recordJourneyEvent(trx, {
    ...event,
    step: 'handover_accepted',
    details: { handoverId: handover.id, teamId: handover.teamId, workerId: context.workerId, involvementId },
  });
  await recordJourneyEvent(trx, { ...event, step: 'completed', details: { handoverId: handover.id } });
  return { involvementId };
}

async function openInvolvement(
  trx: Db,
  handover: { id: number; contactChildId: number; teamId: number },
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
      team_id: handover.teamId,
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
export async function returnHandover(
  trx: Db,
  handover: { id: number; contactChildId: number; teamId: number },
  context: { actorId: number; at: Date; reason: string }
): Promise<{ frontDoorTeamId: number }> {
  await answer(trx, handover.id, {
    status: 'returned',
    responded_by: context.actorId,
    responded_at: context.at,
    return_reason: context.reason,
  });
  const frontDoor = await trx
    .selectFrom('team')
    .select('id')
    .where('kind', '=', 'front_door')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('contact_child')
    .set({
      team_id: frontDoor.id,
      worker_id: null,
      status: 'awaiting_decision',
      completed_at: null,
      version: sql`version + 1`,
    })
    .where('id', '=', handover.contactChildId)
    .execute();
  await recordJourneyEvent(trx, {
    contactChildId: handover.contactChildId,
    step: 'handover_returned',
    at: context.at,
    actorId: context.actorId,
    details: { handoverId: handover.id, fromTeamId: handover.teamId, toTeamId: frontDoor.id },
  });
  return { frontDoorTeamId: frontDoor.id };
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

function handoverQuery(db: Db) {
  return db
    .selectFrom('handover')
    .innerJoin('contact_child', 'contact_child.id', 'handover.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .innerJoin('team', 'team.id', 'handover.to_team_id')
    .innerJoin('staff_user as offerer', 'offerer.id', 'handover.offered_by')
    .leftJoin('staff_user as responder', 'responder.id', 'handover.responded_by')
    .leftJoin('person', 'person.id', 'contact_child.person_id')
    .leftJoin('decision', 'decision.id', 'handover.decision_id')
    .leftJoin('involvement', 'involvement.handover_id', 'handover.id')
    .leftJoin('staff_user as worker', 'worker.id', 'involvement.worker_id')
    .select([
      'involvement.kind as involvement_kind',
      'involvement.assessment_due_on',
      'worker.display_name as worker_name',
      'handover.id',
      'handover.status',
      'handover.offered_at',
      'handover.responded_at',
      'handover.return_reason',
      'handover.to_team_id',
      'team.name as team_name',
      'offerer.display_name as offered_by',
      'responder.display_name as responded_by',
      'contact_child.id as contact_child_id',
      'contact_child.person_id',
      'contact_child.described_child',
      'contact.id as contact_id',
      'contact.reference',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'decision.outcomes',
      'decision.rationale',
      'decision.chosen_level',
    ]);
}

/** Turns a decision's outcome codes into the council's labels for them. */
async function outcomeLabels(db: Db) {
  const options = await db.selectFrom('outcome_option').select(['code', 'label']).execute();
  const labels = new Map(options.map((option) => [option.code, option.label]));
  return (codes: string[] | null) => (codes ?? []).map((code) => labels.get(code) ?? code);
}

/** Elapsed time in words: "40 minutes", "5 hours", "3 days". */
export function timeBetween(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
