import type { Db } from '../../platform/db/database.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import type { StrategyOutcome } from '../../platform/db/schema.ts';
import { claimVersion } from '../../platform/db/versioned-update.ts';
import { isOutOfHours, londonDateOf, type WorkingCalendar } from '../../shared/working-time.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { describeIcpcProgress, icpcDueOn, icpcProgress } from './icpc-timescale.ts';
import {
  REQUIRED_AGENCIES,
  SECTION_47_OUTCOMES,
  STRATEGY_AGENCIES,
  STRATEGY_OUTCOMES,
  agencyLabel,
  startsSection47,
  type NewStrategyDiscussion,
  type Section47Update,
} from './strategy-form.ts';

/** Required agencies (children's social care, police, health) with nobody at the discussion. */
export function missingAgencies(attendees: readonly { agencyKind: string; attended: boolean }[]): string[] {
  return REQUIRED_AGENCIES.filter(
    (kind) => !attendees.some((attendee) => attendee.agencyKind === kind && attendee.attended)
  );
}

/**
 * Saves a discussion with its attendees and actions, whether it was out of hours, and, when it
 * starts a section 47 enquiry, the date the initial child protection conference is due by.
 */
export async function insertStrategyDiscussion(
  trx: Db,
  contactChildId: number,
  discussion: NewStrategyDiscussion,
  context: { recordedBy: number; now: Date; calendar: WorkingCalendar }
) {
  const outOfHours = isOutOfHours(discussion.convenedAt, context.calendar);
  const icpcDue = startsSection47(discussion.outcome)
    ? icpcDueOn(discussion.convenedAt, context.calendar)
    : null;
  const { id } = await trx
    .insertInto('strategy_discussion')
    .values({
      contact_child_id: contactChildId,
      convened_at: discussion.convenedAt,
      information_shared: discussion.informationShared,
      outcome: discussion.outcome,
      rationale: discussion.rationale,
      out_of_hours: outOfHours,
      recorded_by: context.recordedBy,
      recorded_at: context.now,
      icpc_due_on: icpcDue,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (discussion.attendees.length > 0) {
    await trx
      .insertInto('strategy_attendee')
      .values(
        discussion.attendees.map((attendee) => ({
          strategy_discussion_id: id,
          agency_kind: attendee.agencyKind,
          attended: attendee.attended,
          name: attendee.name ?? null,
          role: attendee.role ?? null,
          absence_reason: attendee.attended ? null : (attendee.absenceReason ?? null),
        }))
      )
      .execute();
  }
  if (discussion.actions.length > 0) {
    await trx
      .insertInto('strategy_action')
      .values(
        discussion.actions.map((action) => ({
          strategy_discussion_id: id,
          action: action.action,
          owner: action.owner,
          due_on: action.dueOn,
        }))
      )
      .execute();
  }
  const missing = missingAgencies(discussion.attendees);
  await recordJourneyEvent(trx, {
    contactChildId,
    step: 'strategy_discussion',
    at: discussion.convenedAt,
    actorId: context.recordedBy,
    outOfHours,
    details: {
      strategyDiscussionId: id,
      outcome: discussion.outcome,
      missingAgencies: missing,
      actions: discussion.actions.length,
      icpcDueOn: icpcDue,
    },
  });
  return { id, outOfHours, icpcDueOn: icpcDue, missingAgencies: missing };
}

/**
 * Records (or corrects) the section 47 enquiry's outcome. The version the editor opened is claimed
 * first, so a second person saving from an older page gets EditConflictError instead of overwriting.
 */
export async function recordSection47Outcome(
  trx: Db,
  discussion: { id: number; contactChildId: number; icpcDueOn: string | null },
  update: Section47Update,
  context: { actorId: number; now: Date }
) {
  await claimVersion(trx, 'strategy_discussion', discussion.id, update.version);
  await trx
    .updateTable('strategy_discussion')
    .set({
      s47_outcome: update.s47Outcome,
      s47_completed_on: update.completedOn,
      icpc_held_on: update.icpcHeldOn,
    })
    .where('id', '=', discussion.id)
    .execute();
  const withinTimescale =
    update.icpcHeldOn && discussion.icpcDueOn ? update.icpcHeldOn <= discussion.icpcDueOn : null;
  await recordJourneyEvent(trx, {
    contactChildId: discussion.contactChildId,
    step: 'section_47_outcome',
    at: context.now,
    actorId: context.actorId,
    details: {
      strategyDiscussionId: discussion.id,
      s47Outcome: update.s47Outcome,
      icpcHeld: update.icpcHeldOn !== null,
      icpcWithinTimescale: withinTimescale,
    },
  });
  return { withinTimescale };
}

/** Which child a discussion is about, so the caller can check the actor may see that child first. */
export async function discussionChildId(db: Db, id: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('strategy_discussion')
    .select('contact_child_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.contact_child_id;
}

/** The child as the forms and pages name them: from the person index, or as the referrer described them. */
export async function loadChild(db: Db, contactChildId: number) {
  const row = await db
    .selectFrom('contact_child')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .leftJoin('person', 'person.id', 'contact_child.person_id')
    .where('contact_child.id', '=', contactChildId)
    .select([
      'contact_child.id',
      'contact.id as contact_id',
      'contact.reference',
      'contact_child.described_child',
      'person.given_name',
      'person.family_name',
    ])
    .executeTakeFirstOrThrow();
  const described = row.described_child;
  const name = row.given_name
    ? `${row.given_name} ${row.family_name}`
    : [described?.givenName, described?.familyName].filter(Boolean).join(' ') || 'Name not given';
  return { contactChildId: row.id, contactId: row.contact_id, reference: row.reference, name };
}

/** One discussion with everything recorded, ready for its page. */
export async function loadStrategyDiscussion(db: Db, id: number, now: Date, calendar: WorkingCalendar) {
  const [discussion, attendees, actions] = await Promise.all([
    db
      .selectFrom('strategy_discussion')
      .innerJoin('staff_user', 'staff_user.id', 'strategy_discussion.recorded_by')
      .where('strategy_discussion.id', '=', id)
      .selectAll('strategy_discussion')
      .select('staff_user.display_name as recorded_by_name')
      .executeTakeFirstOrThrow(),
    db.selectFrom('strategy_attendee').selectAll().where('strategy_discussion_id', '=', id).execute(),
    db
      .selectFrom('strategy_action')
      .selectAll()
      .where('strategy_discussion_id', '=', id)
      .orderBy('due_on')
      .orderBy('id')
      .execute(),
  ]);
  const today = londonDateOf(now);
  return {
    discussion: {
      ...discussion,
      outcomeLabel: outcomeLabel(discussion.outcome),
      s47OutcomeLabel: discussion.s47_outcome ? SECTION_47_OUTCOMES[discussion.s47_outcome] : null,
      startsSection47: startsSection47(discussion.outcome),
    },
    attendees: STRATEGY_AGENCIES.flatMap((agency) => {
      const row = attendees.find((attendee) => attendee.agency_kind === agency.kind);
      if (!row && !agency.required) return [];
      return [
        {
          label: agency.label,
          required: agency.required,
          attended: row?.attended ?? false,
          name: row?.name ?? null,
          role: row?.role ?? null,
          absenceReason: row?.absence_reason ?? null,
          missing: agency.required && !row?.attended,
        },
      ];
    }),
    missingAgencies: missingAgencies(attendeeFacts(attendees)).map(agencyLabel),
    actions: actions.map((action) => ({
      ...action,
      overdue: action.done_at === null && action.due_on < today,
    })),
    icpc: icpcSummary(discussion, now, calendar),
  };
}

/**
 * The child's strategy discussions, newest first, as a short summary for the screening page:
 * decision, missing agencies, the ICPC clock and overdue actions.
 */
export async function loadStrategyDiscussions(db: Db, contactChildId: number, now: Date) {
  const discussions = await db
    .selectFrom('strategy_discussion')
    .where('contact_child_id', '=', contactChildId)
    .selectAll()
    .orderBy('convened_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (discussions.length === 0) return [];
  const ids = discussions.map((discussion) => discussion.id);
  const [calendar, attendees, overdueActions] = await Promise.all([
    councilCalendar(db),
    db
      .selectFrom('strategy_attendee')
      .select(['strategy_discussion_id', 'agency_kind', 'attended'])
      .where('strategy_discussion_id', 'in', ids)
      .execute(),
    db
      .selectFrom('strategy_action')
      .select(['strategy_discussion_id'])
      .where('strategy_discussion_id', 'in', ids)
      .where('done_at', 'is', null)
      .where('due_on', '<', londonDateOf(now))
      .execute(),
  ]);
  return discussions.map((discussion) => ({
    id: discussion.id,
    convened_at: discussion.convened_at,
    out_of_hours: discussion.out_of_hours,
    outcome: discussion.outcome,
    outcomeLabel: outcomeLabel(discussion.outcome),
    s47OutcomeLabel: discussion.s47_outcome ? SECTION_47_OUTCOMES[discussion.s47_outcome] : null,
    missingAgencies: missingAgencies(
      attendeeFacts(attendees.filter((row) => row.strategy_discussion_id === discussion.id))
    ).map(agencyLabel),
    overdueActions: overdueActions.filter((row) => row.strategy_discussion_id === discussion.id).length,
    icpc: icpcSummary(discussion, now, calendar),
  }));
}

function icpcSummary(
  discussion: { icpc_due_on: string | null; icpc_held_on: string | null; s47_outcome: string | null },
  now: Date,
  calendar: WorkingCalendar
) {
  if (!discussion.icpc_due_on) return null;
  // The enquiry found no conference was needed: there is no conference to be late for.
  if (discussion.s47_outcome === 'cin_plan' || discussion.s47_outcome === 'no_further_action') return null;
  const progress = icpcProgress(discussion.icpc_due_on, discussion.icpc_held_on, now, calendar);
  return {
    dueOn: discussion.icpc_due_on,
    heldOn: discussion.icpc_held_on,
    late: progress.state === 'overdue' || (progress.state === 'held' && !progress.withinTimescale),
    text: describeIcpcProgress(progress),
  };
}

function outcomeLabel(outcome: StrategyOutcome | null): string {
  return outcome ? STRATEGY_OUTCOMES[outcome] : 'Not recorded';
}

function attendeeFacts(rows: { agency_kind: string; attended: boolean }[]) {
  return rows.map((row) => ({ agencyKind: row.agency_kind, attended: row.attended }));
}
