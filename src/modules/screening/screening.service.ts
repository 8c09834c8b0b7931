import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { CouncilSettings, Rag, RagRatingKind } from '../../platform/db/schema.ts';
import { sql } from 'kysely';
import { claimVersion } from '../../platform/db/versioned-update.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { dueAt, isOutOfHours } from '../../shared/working-time.ts';
import { lawfulBasisOf, lawfulBasisText } from '../../shared/lawful-basis.ts';
import { calendarOf, timescalesInForceAt } from '../../platform/council/council-settings.ts';
import { loadChildHistory } from '../people/history/child-history.ts';
import { journeyFrom, journeyQuery, recordJourneyEvent } from '../journey/journey-events.ts';
import { isDecided, moveCase } from '../journey/case-status.ts';
import { childNameOf } from '../people/child-name.ts';
import { peopleNamedFrom, peopleNamedQuery } from '../people/contact-people.ts';
import { selectTogether } from '../../platform/db/select-together.ts';
import { decisionCountdown, ragCountdown, settledDue } from './countdown.ts';
import { allocationChoices } from './queue.ts';
import { latestAssessment, thresholdDocumentFor } from './threshold-assessment.ts';
import {
  downgradeNeedsManager,
  managerRatingReasonProblem,
  ratingReasonProblem,
  ratingStateOf,
} from './rating-rules.ts';

/** A RAG due time runs from when the contact was received, under the council's timescale for that rating. */
export function ragDueAt(receivedAt: Date, rag: Rag, settings: CouncilSettings): Date {
  return dueAt(
    receivedAt,
    timescalesInForceAt(settings, receivedAt).ragTimescales[rag],
    calendarOf(settings)
  );
}

/** Everything the child's case page (the screening page) shows for one child's contact, read through the access layer. */
export async function loadScreening(
  access: RecordAccess,
  contactChildId: number,
  now: Date,
  settings: CouncilSettings
) {
  const cal = calendarOf(settings);
  return access.readContactChild(contactChildId, async (db, contactId) => {
    const read = await selectTogether(db, {
      child: {
        query: childQuery(db, contactChildId),
        timestamps: [...CONTACT_CHILD_TIMESTAMPS, 'received_at'],
      },
      ratings: { query: ratingHistory(db, contactChildId), timestamps: RATING_TIMESTAMPS },
      decisions: { query: decisionHistory(db, contactChildId), timestamps: DECISION_TIMESTAMPS },
      journey: { query: journeyQuery(db, contactChildId), timestamps: ['at'] },
      otherPeople: { query: peopleNamedQuery(db, contactId, access) },
    });
    const child = read.child[0]!;
    const { ratings, decisions } = read;
    const [journey, otherPeople] = [journeyFrom(read.journey), peopleNamedFrom(read.otherPeople)];
    const history =
      child.person_id === null ? null : await loadChildHistory(db, child.person_id, { access, now });
    const decidedAt = isDecided(child.status) ? decisionTakenAt(decisions) : null;
    const rag = ragCountdown(child, now, settings);
    const decision = decisionCountdown(child, now, settings);
    return {
      // The coded lawful basis in words, where the page shows the contact's consent.
      child: { ...child, lawful_basis: lawfulBasisText(lawfulBasisOf(child)) },
      contactId,
      ratings,
      decisions,
      journey,
      history,
      ratingStatus: ratingStateOf(ratings),
      otherPeople,
      // Once decided, the clocks stop: how long it took and whether it was in time, not a countdown.
      ragCountdown: decidedAt ? null : rag,
      decisionCountdown: decidedAt ? null : decision,
      ragSettled:
        decidedAt && rag ? settledDue(rag.dueAt, child.received_at, decidedAt, cal, rag.clock) : null,
      decisionSettled: decidedAt
        ? settledDue(decision.dueAt, child.received_at, decidedAt, cal, decision.clock)
        : null,
    };
  });
}

/** When the decision took effect: its (last) manager's authorisation, as the performance measures count it. */
function decisionTakenAt(
  decisions: { status: string; authorised_at: Date | null; second_authorised_at: Date | null }[]
): Date | null {
  const taken = decisions.find((decision) => decision.status === 'authorised');
  return taken ? (taken.second_authorised_at ?? taken.authorised_at) : null;
}

/** The columns of contact_child, rag_rating and decision that are timestamps (selectTogether revives them). */
const CONTACT_CHILD_TIMESTAMPS = [
  'rag_due_at',
  'decision_due_at',
  'completed_at',
  'decision_extended_to',
  'day_team_picked_up_at',
  'immediate_risk_cleared_at',
] as const;
const RATING_TIMESTAMPS = ['due_at', 'rated_at'] as const;
const DECISION_TIMESTAMPS = [
  'proposed_at',
  'authorised_at',
  'decision_due_at',
  'rag_due_at',
  'second_authorised_at',
] as const;

function childQuery(db: Db, contactChildId: number) {
  return db
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
      'contact.consent_reason',
      'contact.lawful_basis',
      'contact.lawful_basis_personal_data',
      'contact.lawful_basis_special_category',
      'contact.family_aware',
      'contact.strengths',
      'contact.out_of_hours',
      'contact.police_incident_reference',
      'contact.crime_reference',
      'contact.dash_risk_level',
      'contact.dash_assessed_on',
      immediateRiskShown().as('immediate_risk'),
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'team.name as team_name',
      'worker.display_name as worker_name',
    ]);
}

function ratingHistory(db: Db, contactChildId: number) {
  return db
    .selectFrom('rag_rating')
    .leftJoin('staff_user', 'staff_user.id', 'rag_rating.rated_by')
    .where('rag_rating.contact_child_id', '=', contactChildId)
    .select([
      'rag_rating.id',
      'rag_rating.rag',
      'rag_rating.kind',
      'rag_rating.rationale',
      'rag_rating.due_at',
      'rag_rating.rated_at',
      'rag_rating.review_status',
      'staff_user.display_name as rated_by',
    ])
    .orderBy('rag_rating.rated_at', 'desc')
    .orderBy('rag_rating.id', 'desc');
}

function decisionHistory(db: Db, contactChildId: number) {
  return db
    .selectFrom('decision')
    .leftJoin('staff_user as proposer', 'proposer.id', 'decision.proposed_by')
    .leftJoin('staff_user as manager', 'manager.id', 'decision.authorised_by')
    .leftJoin('staff_user as second', 'second.id', 'decision.second_authorised_by')
    .leftJoin('team', 'team.id', 'decision.receiving_team_id')
    .leftJoin('threshold_document', 'threshold_document.id', 'decision.threshold_document_id')
    .where('decision.contact_child_id', '=', contactChildId)
    .selectAll('decision')
    .select([
      'proposer.display_name as proposed_by_name',
      'manager.display_name as authorised_by_name',
      'second.display_name as second_authorised_by_name',
      'team.name as receiving_team_name',
      'threshold_document.version as threshold_version',
    ])
    .orderBy('decision.proposed_at', 'desc')
    .orderBy('decision.id', 'desc');
}

export interface RatingChange {
  contactChildId: number;
  openedVersion: number;
  rag: Rag;
  rationale: string;
}

/**
 * The immediate-risk tag for a child: the contact was recorded as immediate risk and no manager has
 * since confirmed a rating below red for this child (the tag follows the confirmed rating).
 */
export function immediateRiskShown() {
  return sql<boolean>`(contact.immediate_risk and contact_child.immediate_risk_cleared_at is null)`;
}

/**
 * Where a child's rating stands (ratingStateOf): a lower rating waiting for a manager, if any, and whether
 * the rating in effect was given or agreed by a manager (a decision needs that).
 */
export async function ratingState(db: Db, contactChildId: number) {
  return ratingStateOf(await ratingHistory(db, contactChildId).execute());
}

/**
 * A practitioner rates (or re-rates) a child's contact: the due time follows the new rating from the
 * time received, and every rating is kept. A lower rating for a red contact waits for a manager: the
 * child stays red, with the red due time, until a manager confirms it.
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
    if (isDecided(before.status))
      throw new FormProblem('rag', 'The decision has been made: the rating can no longer change');
    const problem = ratingReasonProblem(change.rationale);
    if (problem) throw new FormProblem('rationale', problem);
    // A new rating from the practitioner replaces any lower rating still waiting for a manager.
    await trx
      .updateTable('rag_rating')
      .set({ review_status: 'withdrawn', reviewed_by: access.actor.userId, reviewed_at: now })
      .where('contact_child_id', '=', change.contactChildId)
      .where('review_status', '=', 'pending')
      .execute();
    if (downgradeNeedsManager(before.rag, change.rag)) {
      const due = await savePendingRating(trx, change, access.actor.userId, now, settings);
      await recordJourneyEvent(trx, {
        contactChildId: change.contactChildId,
        step: 'rating_downgrade_requested',
        at: now,
        actorId: access.actor.userId,
        outOfHours: isOutOfHours(now, calendarOf(settings)),
        details: { rag: change.rag, from: before.rag },
      });
      return {
        recordType: 'contact_child',
        recordId: change.contactChildId,
        result: due,
        details: { rag: change.rag, kind: 're_rating', pending: true },
      };
    }
    const kind: RagRatingKind = before.rated ? 're_rating' : 'screening';
    const due = await saveRating(trx, change, kind, access.actor.userId, now, settings);
    await moveCase(trx, change.contactChildId, 'start_screening', { at: now });
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

export interface RatingConfirmation {
  contactChildId: number;
  openedVersion: number;
  rag: Rag;
  /** Needed to change the rating or to settle a lower rating asked for; otherwise optional. */
  reason?: string;
}

/**
 * A manager confirms the rating, or changes it (a change needs its reason). A lower rating asked for
 * on a red contact is agreed by choosing it, or refused by keeping red; either needs a reason. The
 * immediate-risk tag follows: it no longer shows for this child once a rating below red is confirmed.
 * Once the decision is made the rating can no longer change.
 */
export async function confirmRating(
  access: RecordAccess,
  confirmation: RatingConfirmation,
  now: Date,
  settings: CouncilSettings
) {
  await access.assertContactChildVisible(confirmation.contactChildId);
  return access.recordChange('decision:authorise', 'screening.confirm_rating', async (trx) => {
    const before = await currentRating(trx, confirmation.contactChildId);
    if (isDecided(before.status))
      throw new FormProblem('rag', 'The decision has been made: the rating can no longer change');
    const { pending } = await ratingState(trx, confirmation.contactChildId);
    const changed = before.rag !== confirmation.rag;
    if (changed || pending) {
      const problem = managerRatingReasonProblem(confirmation.reason, pending !== null);
      if (problem) throw new FormProblem('reason', problem);
    }
    const kind: RagRatingKind = changed ? 'manager_changed' : 'manager_confirmed';
    const change = { ...confirmation, rationale: confirmation.reason ?? 'Rating confirmed' };
    const due = await saveRating(trx, change, kind, access.actor.userId, now, settings);
    const review = pending ? (pending.rag === confirmation.rag ? 'confirmed' : 'rejected') : null;
    if (pending && review) {
      await trx
        .updateTable('rag_rating')
        .set({ review_status: review, reviewed_by: access.actor.userId, reviewed_at: now })
        .where('id', '=', pending.id)
        .execute();
    }
    const belowRed = confirmation.rag !== 'red';
    await trx
      .updateTable('contact_child')
      .set({
        immediate_risk_cleared_at: belowRed ? now : null,
        immediate_risk_cleared_by: belowRed ? access.actor.userId : null,
      })
      .where('id', '=', confirmation.contactChildId)
      .execute();
    const details = { rag: confirmation.rag, from: before.rag, ...(review ? { lowerRating: review } : {}) };
    await recordJourneyEvent(trx, {
      contactChildId: confirmation.contactChildId,
      step: kind === 'manager_confirmed' ? 'rating_confirmed' : 'rating_changed',
      at: now,
      actorId: access.actor.userId,
      outOfHours: isOutOfHours(now, calendarOf(settings)),
      details,
    });
    return {
      recordType: 'contact_child',
      recordId: confirmation.contactChildId,
      result: due,
      details: { ...details, kind },
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

/** Saves a rating and applies it: the due time follows it, and so do partners' open requests. */
async function saveRating(
  trx: Db,
  change: RatingChange,
  kind: RagRatingKind,
  ratedBy: number,
  now: Date,
  settings: CouncilSettings
): Promise<Date> {
  const due = await insertRating(trx, change, { kind, ratedBy, now, settings });
  await trx
    .updateTable('contact_child')
    .set({ rag: change.rag, rag_due_at: due })
    .where('id', '=', change.contactChildId)
    .execute();
  // Partners' answers are due by the RAG time, so open requests about the child follow the new rating:
  // a request about several children is due by the earliest of theirs.
  await sql`
    update information_request ir set due_at = (
      select min(coalesce(cc.rag_due_at, cc.decision_due_at))
      from information_request_person irp join contact_child cc on cc.id = irp.contact_child_id
      where irp.information_request_id = ir.id)
    where ir.status = 'open' and exists (
      select 1 from information_request_person irp
      where irp.information_request_id = ir.id and irp.contact_child_id = ${change.contactChildId})
  `.execute(trx);
  return due;
}

/** Keeps a lower rating for a red contact as waiting for a manager: the contact keeps red and its due time. */
function savePendingRating(
  trx: Db,
  change: RatingChange,
  ratedBy: number,
  now: Date,
  settings: CouncilSettings
): Promise<Date> {
  return insertRating(trx, change, { kind: 're_rating', ratedBy, now, settings, pending: true });
}

/** Claims the version the rater opened and keeps the rating with the due time it would set. */
async function insertRating(
  trx: Db,
  change: RatingChange,
  rating: { kind: RagRatingKind; ratedBy: number; now: Date; settings: CouncilSettings; pending?: boolean }
): Promise<Date> {
  await claimVersion(trx, 'contact_child', change.contactChildId, change.openedVersion);
  const { received_at: receivedAt } = await trx
    .selectFrom('contact_child')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('contact_child.id', '=', change.contactChildId)
    .select('contact.received_at')
    .executeTakeFirstOrThrow();
  const due = ragDueAt(receivedAt, change.rag, rating.settings);
  await trx
    .insertInto('rag_rating')
    .values({
      contact_child_id: change.contactChildId,
      rag: change.rag,
      kind: rating.kind,
      rationale: change.rationale,
      due_at: due,
      rated_by: rating.ratedBy,
      rated_at: rating.now,
      ...(rating.pending ? { review_status: 'pending' as const } : {}),
    })
    .execute();
  return due;
}

export interface Allocation {
  contactChildId: number;
  openedVersion: number;
  teamId: number;
  workerId: number | null;
}

/**
 * A manager allocates (or reallocates) a child's contact to a team and, optionally, a worker from
 * that team.
 */
export async function allocateContactChild(access: RecordAccess, allocation: Allocation, now: Date) {
  await access.assertContactChildVisible(allocation.contactChildId);
  return access.recordChange('work:allocate', 'screening.allocate', async (trx) => {
    if (allocation.workerId !== null) {
      const { workers } = await allocationChoices(trx);
      const worker = workers.find((candidate) => candidate.id === allocation.workerId);
      if (worker?.team_id !== allocation.teamId)
        throw new FormProblem('worker', 'Choose a worker from the team you are allocating to');
    }
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

/** The child's latest threshold assessment, read through the access layer: the form starts from it. */
export function readLatestAssessment(access: RecordAccess, contactChildId: number) {
  return access.readContactChild(contactChildId, (db) => latestAssessment(db, contactChildId));
}

/** The threshold document in force for the child's contact, read through the access layer. */
export function readThresholdDocument(access: RecordAccess, contactChildId: number, now: Date) {
  return access.readContactChild(contactChildId, (db) => thresholdDocumentFor(db, contactChildId, now));
}

/** What the threshold form shows: the document in force and the child's name. */
export function loadThresholdForm(access: RecordAccess, contactChildId: number, now: Date) {
  return access.readContactChild(contactChildId, async (db) => {
    const [document, child] = await Promise.all([
      thresholdDocumentFor(db, contactChildId, now),
      db
        .selectFrom('contact_child')
        .leftJoin('person', 'person.id', 'contact_child.person_id')
        .where('contact_child.id', '=', contactChildId)
        .select(['person.given_name', 'person.family_name', 'contact_child.described_child'])
        .executeTakeFirstOrThrow(),
    ]);
    return { document, childName: childNameOf(child) };
  });
}
