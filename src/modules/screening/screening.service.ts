import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { CouncilSettings, Rag, RagRatingKind } from '../../platform/db/schema.ts';
import { claimVersion } from '../../platform/db/versioned-update.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { dueAt, isOutOfHours } from '../../shared/working-time.ts';
import { calendarOf } from '../../platform/council/council-settings.ts';
import { loadChildHistory } from '../people/history/child-history.ts';
import { loadJourney, recordJourneyEvent } from '../journey/journey-events.ts';
import { countdownTo } from './countdown.ts';

/** A RAG due time runs from when the contact was received, under the council's timescale for that rating. */
export function ragDueAt(receivedAt: Date, rag: Rag, settings: CouncilSettings): Date {
  return dueAt(receivedAt, settings.ragTimescales[rag], calendarOf(settings));
}

/** Everything the screening page shows for one child's contact, read through the access layer. */
export async function loadScreening(
  access: RecordAccess,
  contactChildId: number,
  now: Date,
  settings: CouncilSettings
) {
  const cal = calendarOf(settings);
  return access.readContactChild(contactChildId, async (db, contactId) => {
    const child = await db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .leftJoin('team', 'team.id', 'contact_child.team_id')
      .leftJoin('staff_user as worker', 'worker.id', 'contact_child.worker_id')
      .where('contact_child.id', '=', contactChildId)
      .selectAll('contact_child')
      .select([
        'contact.reference',
        'contact.received_at',
        'contact.channel',
        'contact.referral_source',
        'contact.referrer_name',
        'contact.referrer_organisation',
        'contact.presenting_concerns',
        'contact.childs_lived_experience',
        'contact.consent_status',
        'contact.out_of_hours',
        'contact.immediate_risk',
        'person.given_name',
        'person.family_name',
        'person.date_of_birth',
        'team.name as team_name',
        'worker.display_name as worker_name',
      ])
      .executeTakeFirstOrThrow();
    const [ratings, decisions, journey] = await Promise.all([
      ratingHistory(db, contactChildId),
      decisionHistory(db, contactChildId),
      loadJourney(db, contactChildId),
    ]);
    const history =
      child.person_id === null ? null : await loadChildHistory(db, child.person_id, { access, now });
    const decisionDue = child.decision_extended_to ?? child.decision_due_at;
    return {
      child,
      contactId,
      ratings,
      decisions,
      journey,
      history,
      ragCountdown: child.rag_due_at ? countdownTo(child.rag_due_at, now, cal) : null,
      decisionCountdown: countdownTo(decisionDue, now, cal),
    };
  });
}

function ratingHistory(db: Db, contactChildId: number) {
  return db
    .selectFrom('rag_rating')
    .leftJoin('staff_user', 'staff_user.id', 'rag_rating.rated_by')
    .where('rag_rating.contact_child_id', '=', contactChildId)
    .select([
      'rag_rating.rag',
      'rag_rating.kind',
      'rag_rating.rationale',
      'rag_rating.due_at',
      'rag_rating.rated_at',
      'staff_user.display_name as rated_by',
    ])
    .orderBy('rag_rating.rated_at', 'desc')
    .orderBy('rag_rating.id', 'desc')
    .execute();
}

function decisionHistory(db: Db, contactChildId: number) {
  return db
    .selectFrom('decision')
    .leftJoin('staff_user as proposer', 'proposer.id', 'decision.proposed_by')
    .leftJoin('staff_user as manager', 'manager.id', 'decision.authorised_by')
    .leftJoin('team', 'team.id', 'decision.receiving_team_id')
    .leftJoin('threshold_document', 'threshold_document.id', 'decision.threshold_document_id')
    .where('decision.contact_child_id', '=', contactChildId)
    .selectAll('decision')
    .select([
      'proposer.display_name as proposed_by_name',
      'manager.display_name as authorised_by_name',
      'team.name as receiving_team_name',
      'threshold_document.version as threshold_version',
    ])
    .orderBy('decision.proposed_at', 'desc')
    .orderBy('decision.id', 'desc')
    .execute();
}

export interface RatingChange {
  contactChildId: number;
  openedVersion: number;
  rag: Rag;
  rationale: string;
}

/**
 * A practitioner rates (or re-rates) a child's contact: the due time follows the new rating from the
 * time received, and every rating is kept.
 */
export async function rateContactChild(
  access: RecordAccess,
  change: RatingChange,
  now: Date,
  settings: CouncilSettings
) {
  await access.assertContactChildVisible(change.contactChildId);
  return access.recordChange('screening:record', 'screening.rate', async (trx) => {
    const before = await currentRating(trx, change.contactChildId);
    if (before.status === 'completed' || before.status === 'awaiting_handover')
      throw new FormProblem('rag', 'The decision has been made: the rating can no longer change');
    const kind: RagRatingKind = before.rated ? 're_rating' : 'screening';
    const due = await saveRating(trx, change, kind, access.actor.userId, now, settings);
    await trx
      .updateTable('contact_child')
      .set({ status: 'screening' })
      .where('id', '=', change.contactChildId)
      .where('status', '=', 'new')
      .execute();
    await recordJourneyEvent(trx, {
      contactChildId: change.contactChildId,
      step: 'rated',
      at: now,
      actorId: access.actor.userId,
      outOfHours: isOutOfHours(now, calendarOf(settings)),
      details: { rag: change.rag, kind, from: before.rag },
    });
    return {
      recordType: 'contact_child',
      recordId: change.contactChildId,
      result: due,
      details: { rag: change.rag, kind },
    };
  });
}

/** A manager confirms the rating, or changes it (a change needs its reason). */
export async function confirmRating(
  access: RecordAccess,
  change: RatingChange,
  now: Date,
  settings: CouncilSettings
) {
  await access.assertContactChildVisible(change.contactChildId);
  return access.recordChange('decision:authorise', 'screening.confirm_rating', async (trx) => {
    const before = await currentRating(trx, change.contactChildId);
    const kind: RagRatingKind = before.rag === change.rag ? 'manager_confirmed' : 'manager_changed';
    const due = await saveRating(trx, change, kind, access.actor.userId, now, settings);
    await recordJourneyEvent(trx, {
      contactChildId: change.contactChildId,
      step: kind === 'manager_confirmed' ? 'rating_confirmed' : 'rating_changed',
      at: now,
      actorId: access.actor.userId,
      outOfHours: isOutOfHours(now, calendarOf(settings)),
      details: { rag: change.rag, from: before.rag },
    });
    return {
      recordType: 'contact_child',
      recordId: change.contactChildId,
      result: due,
      details: { rag: change.rag, kind },
    };
  });
}

async function currentRating(trx: Db, contactChildId: number) {
  const row = await trx
    .selectFrom('contact_child')
    .where('id', '=', contactChildId)
    .select((eb) => [
      'rag',
      'status',
      eb
        .exists(eb.selectFrom('rag_rating').where('contact_child_id', '=', contactChildId).select('id'))
        .as('rated'),
    ])
    .executeTakeFirstOrThrow();
  return { rag: row.rag, status: row.status, rated: Boolean(row.rated) };
}

async function saveRating(
  trx: Db,
  change: RatingChange,
  kind: RagRatingKind,
  ratedBy: number,
  now: Date,
  settings: CouncilSettings
): Promise<Date> {
  await claimVersion(trx, 'contact_child', change.contactChildId, change.openedVersion);
  const { received_at: receivedAt } = await trx
    .selectFrom('contact_child')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('contact_child.id', '=', change.contactChildId)
    .select('contact.received_at')
    .executeTakeFirstOrThrow();
  const due = ragDueAt(receivedAt, change.rag, settings);
  await trx
    .insertInto('rag_rating')
    .values({
      contact_child_id: change.contactChildId,
      rag: change.rag,
      kind,
      rationale: change.rationale,
      due_at: due,
      rated_by: ratedBy,
      rated_at: now,
    })
    .execute();
  await trx
    .updateTable('contact_child')
    .set({ rag: change.rag, rag_due_at: due })
    .where('id', '=', change.contactChildId)
    .execute();
  // Partners' answers are due by the RAG time, so open requests follow the new rating.
  await trx
    .updateTable('information_request')
    .set({ due_at: due })
    .where('contact_child_id', '=', change.contactChildId)
    .where('status', '=', 'open')
    .execute();
  return due;
}

export interface Allocation {
  contactChildId: number;
  openedVersion: number;
  teamId: number;
  workerId: number | null;
}

/** A manager allocates (or reallocates) a child's contact to a team and, optionally, a worker. */
export async function allocateContactChild(access: RecordAccess, allocation: Allocation, now: Date) {
  await access.assertContactChildVisible(allocation.contactChildId);
  return access.recordChange('work:allocate', 'screening.allocate', async (trx) => {
    await claimVersion(trx, 'contact_child', allocation.contactChildId, allocation.openedVersion);
    await trx
      .updateTable('contact_child')
      .set({ team_id: allocation.teamId, worker_id: allocation.workerId })
      .where('id', '=', allocation.contactChildId)
      .execute();
    await recordJourneyEvent(trx, {
      contactChildId: allocation.contactChildId,
      step: 'allocated',
      at: now,
      actorId: access.actor.userId,
      details: { teamId: allocation.teamId, workerId: allocation.workerId },
    });
    return {
      recordType: 'contact_child',
      recordId: allocation.contactChildId,
      result: null,
      details: { teamId: allocation.teamId, workerId: allocation.workerId },
    };
  });
}
