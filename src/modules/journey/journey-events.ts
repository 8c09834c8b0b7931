import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/select-together.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { isOutOfHours } from '../../shared/working-time.ts';

/**
 * The child's journey through the front door, one row per step with when, who and whether it was out
 * of hours. The journey view reads it; timeliness and threshold-consistency reports will too, so a
 * step's inputs go in `details` (ids and codes, never free text about the family).
 */
export const JOURNEY_STEPS = {
  received: 'Contact received',
  linked: 'Child linked to a record',
  rated: 'RAG rated',
  rating_confirmed: 'RAG rating confirmed by a manager',
  rating_changed: 'RAG rating changed by a manager',
  rating_downgrade_requested: 'Lower rating asked for: stays red until a manager confirms',
  threshold_assessed: 'Threshold assessed',
  allocated: 'Allocated',
  information_requested: 'Information requested from a partner agency',
  information_received: 'Information received from a partner agency',
  information_chased: 'Information request chased',
  decision_proposed: 'Decision proposed',
  decision_authorised: 'Decision authorised',
  decision_awaiting_second_authoriser: 'Decision authorised by a manager: waits for a second sign-off',
  decision_second_authorised: 'Decision signed off by a second authoriser',
  decision_returned: 'Decision returned by a manager',
  decision_extended: 'Decision timescale extended',
  letter_created: 'Letter to the referrer written',
  letter_sent: 'Letter to the referrer sent',
  family_letter_override: 'Letter to the family sent by a manager despite the safety warnings',
  family_letter_withheld: 'Letter to the family not sent: not safe',
  strategy_discussion: 'Strategy discussion held',
  section_47_outcome: 'Section 47 enquiry outcome recorded',
  handover_offered: 'Handed over to a team',
  handover_accepted: 'Handover accepted',
  handover_returned: 'Handover returned',
  out_of_hours_action: 'Out-of-hours action',
  picked_up_by_day_team: 'Picked up by the day team',
  mash_meeting_added: 'Added to the MASH meeting',
  mash_meeting_outcome: 'Discussed at the MASH meeting',
  completed: 'Front-door work completed',
  episode_opened: 'Child in need episode opened',
  assessment_recorded: 'Child and family assessment recorded',
  section_47_recorded: 'Section 47 enquiry recorded',
  conference_recorded: 'Child protection conference recorded',
  cp_plan_recorded: 'Child protection plan recorded',
  cin_plan_recorded: 'Child in need plan recorded',
  early_help_recorded: 'Early help recorded',
  episode_closed: 'Child in need episode closed',
} as const;

export type JourneyStep = keyof typeof JOURNEY_STEPS;

export interface JourneyEventInput {
  contactChildId: number;
  step: JourneyStep;
  at: Date;
  actorId: number | null;
  /** Whether the step happened outside service hours; worked out from `at` when not given. */
  outOfHours?: boolean;
  details?: Record<string, string | number | boolean | null | (string | number)[]>;
}

/** Records a step; call it with the transaction handle of the change it describes. */
export async function recordJourneyEvent(db: Db, event: JourneyEventInput): Promise<void> {
  await db
    .insertInto('journey_event')
    .values({
      contact_child_id: event.contactChildId,
      kind: event.step,
      at: event.at,
      actor_id: event.actorId,
      out_of_hours: event.outOfHours ?? isOutOfHours(event.at, await councilCalendar(db)),
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

/**
 * Steps are put in order by the minute they happened, then by the order they were recorded. Times typed
 * on a form (when a strategy discussion was convened) are whole minutes, so one held straight after a
 * letter was sent at 10:40:30 reads 10:40:00: to the second it would come before the letter that preceded
 * it. Pages show steps to the minute, so within a minute the order of recording is the order shown.
 */
const stepMinute = sql<Date>`date_trunc('minute', journey_event.at)`;

/** For lists that add other steps to a child's journey: newest first, in the same order as the journey. */
export function newestStepFirst(a: { at: Date }, b: { at: Date }): number {
  return wholeMinute(b.at) - wholeMinute(a.at);
}

function wholeMinute(at: Date): number {
  return Math.floor(at.getTime() / 60_000);
}

/** Every step for a child's contact, oldest first, with who acted. */
export async function loadJourney(db: Db, contactChildId: number) {
  return journeyFrom(await journeyQuery(db, contactChildId).execute());
}

/** The rows behind loadJourney, for a caller sending it with other reads (selectTogether). */
export function journeyQuery(db: Db, contactChildId: number) {
  return db
    .selectFrom('journey_event')
    .leftJoin('staff_user', 'staff_user.id', 'journey_event.actor_id')
    .where('journey_event.contact_child_id', '=', contactChildId)
    .select([
      'journey_event.kind',
      'journey_event.at',
      'journey_event.out_of_hours',
      'journey_event.details',
      'staff_user.display_name as actor',
    ])
    .orderBy(stepMinute)
    .orderBy('journey_event.id');
}

export function journeyFrom(rows: RowOf<ReturnType<typeof journeyQuery>>[]) {
  return rows.map((row) => ({
    ...row,
    label: JOURNEY_STEPS[row.kind as JourneyStep] ?? row.kind,
  }));
}

/** Where on the child's case page (or onward record) each step is shown, so the timeline can link to it. */
const STEP_PLACES: Partial<Record<JourneyStep, string>> = {
  rated: 'rating',
  rating_confirmed: 'rating',
  rating_changed: 'rating',
  rating_downgrade_requested: 'rating',
  threshold_assessed: 'threshold',
  allocated: 'allocation',
  information_requested: 'information-requests-heading',
  information_received: 'information-requests-heading',
  information_chased: 'information-requests-heading',
  decision_proposed: 'decision',
  decision_authorised: 'decision',
  decision_awaiting_second_authoriser: 'decision',
  decision_second_authorised: 'decision',
  decision_returned: 'decision',
  decision_extended: 'decision',
  letter_created: 'letters-panel-heading',
  letter_sent: 'letters-panel-heading',
  family_letter_override: 'letters-panel-heading',
  family_letter_withheld: 'letters-panel-heading',
  strategy_discussion: 'strategy-discussions-heading',
  section_47_outcome: 'strategy-discussions-heading',
  mash_meeting_added: 'mash-meeting',
  mash_meeting_outcome: 'mash-meeting',
};

const ONWARD_STEPS: readonly string[] = [
  'episode_opened',
  'assessment_recorded',
  'section_47_recorded',
  'conference_recorded',
  'cp_plan_recorded',
  'cin_plan_recorded',
  'early_help_recorded',
  'episode_closed',
];

/** The page a step of the journey is found on: the onward record, the case page (at its section), or the contact. */
export function journeyStepHref(
  step: string,
  ids: { contactChildId: number; contactId: number; personId: number }
): string {
  if (ONWARD_STEPS.includes(step)) return `/people/${ids.personId}/onward`;
  if (step === 'received' || step === 'linked') return `/contacts/${ids.contactId}`;
  const place = STEP_PLACES[step as JourneyStep];
  return `/screening/${ids.contactChildId}${place ? `#${place}` : ''}`;
}

/** The timeline on a child's record is shown this many steps a page. */
export const PERSON_TIMELINE_PAGE_SIZE = 50;

/**
 * The newest `newest` steps of every contact about a child, newest first, with how many there are in
 * all (counted in the same statement): a page of the child's timeline is cut from them.
 */
export async function loadPersonTimeline(db: Db, personId: number, childRecordIds: number[], newest: number) {
  return personTimelineFrom(await personTimelineQuery(db, childRecordIds, newest).execute(), personId);
}

/** The rows behind loadPersonTimeline, for a caller sending it with other reads (selectTogether). */
export function personTimelineQuery(db: Db, childRecordIds: number[], newest: number) {
  return db
    .selectFrom('journey_event')
    .innerJoin('contact_child', 'contact_child.id', 'journey_event.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .leftJoin('staff_user', 'staff_user.id', 'journey_event.actor_id')
    .where('contact_child.person_id', 'in', childRecordIds)
    .select([
      'journey_event.id',
      'journey_event.kind',
      'journey_event.at',
      'journey_event.out_of_hours',
      'journey_event.contact_child_id',
      'contact.id as contact_id',
      'contact.reference',
      'staff_user.display_name as actor',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy(stepMinute, 'desc')
    .orderBy('journey_event.id', 'desc')
    .limit(newest);
}

export function personTimelineFrom(rows: RowOf<ReturnType<typeof personTimelineQuery>>[], personId: number) {
  return {
    total: rows[0]?.total ?? 0,
    steps: rows.map(({ total: _total, ...row }) => ({
      ...row,
      label: JOURNEY_STEPS[row.kind as JourneyStep] ?? row.kind,
      href: journeyStepHref(row.kind, {
        contactChildId: row.contact_child_id,
        contactId: row.contact_id,
        personId,
      }),
    })),
  };
}
