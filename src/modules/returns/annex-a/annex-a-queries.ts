import { sql, type QueryCreator } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../../platform/db/database.ts';
import type { AssessmentOutcome, Database, Sex } from '../../../platform/db/schema.ts';
import { ageOn } from '../../../shared/age.ts';
import { UK_TIME_ZONE, ukInstant } from '../../../shared/uk-time.ts';
import type {
  AnnexARows,
  AssessmentRow,
  CaseStatus,
  ChildFacts,
  ChildInNeedRow,
  ChildProtectionRow,
  ContactRow,
  EarlyHelpRow,
  ReferralRow,
  Section47Row,
  YesNo,
} from './annex-a-lists.ts';

/** The six months before the as-at date (both days included): ISO calendar days. */
export interface AnnexAWindow {
  from: string;
  asAt: string;
}

export function annexAWindow(asAt: string): AnnexAWindow {
  const day = DateTime.fromISO(asAt, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asAt) || !day.isValid) throw new RangeError(`Not a date: ${asAt}`);
  return { from: day.minus({ months: 6 }).toISODate()!, asAt };
}

/** The child a person record stands for: the survivor when it was merged into another. */
const SURVIVOR = sql<number>`coalesce(p.merged_into_id, p.id)`;

/** The latest work (involvement) each referral opened: who holds the child's case after the front door. */
const latestWorkOfReferral = (qb: QueryCreator<Database>) =>
  qb
    .selectFrom('involvement as i')
    .where('i.referral_id', 'is not', null)
    .distinctOn('i.referral_id')
    .select(['i.referral_id', 'i.team_id', 'i.worker_id'])
    .orderBy('i.referral_id')
    .orderBy('i.started_on', 'desc')
    .orderBy('i.id', 'desc');

function childFacts(
  child: { childId: string; sex: Sex; ethnicity: string | null; dateOfBirth: string | null },
  asAt: string
): ChildFacts {
  const born = child.dateOfBirth !== null && child.dateOfBirth <= asAt;
  return { ...child, age: born ? ageOn(child.dateOfBirth!, asAt) : null };
}

/**
 * List 1: every contact received in the window, one row per child per contact. A child not yet linked to
 * a person record is listed as the referrer described them, with the contact's child id ("CC…").
 */
export async function contactRows(db: Db, window: AnnexAWindow): Promise<ContactRow[]> {
  const dayAfter = DateTime.fromISO(window.asAt, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
  const rows = await db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .leftJoin('person as p', 'p.id', 'cc.person_id')
    .leftJoin('person as child', (join) => join.on(sql<boolean>`child.id = ${SURVIVOR}`))
    .where('c.received_at', '>=', ukInstant(window.from, '00:00'))
    .where('c.received_at', '<', ukInstant(dayAfter, '00:00'))
    .select([
      'c.id as contact_id',
      sql<string>`coalesce(child.id::text, 'CC' || cc.id::text)`.as('child_id'),
      sql<Sex>`coalesce(child.sex, cc.described_child->>'sex', 'U')`.as('sex'),
      'child.ethnicity',
      sql<string | null>`case when child.id is null then cc.described_child->>'dateOfBirth'
        else to_char(child.date_of_birth, 'YYYY-MM-DD') end`.as('date_of_birth'),
      sql<string>`to_char(c.received_at at time zone ${UK_TIME_ZONE}, 'YYYY-MM-DD')`.as('contact_date'),
      'c.referral_source',
    ])
    .orderBy('c.received_at')
    .orderBy('cc.id')
    .execute();
  // Two children on one contact found later to be the same child are one row.
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    const key = `${row.contact_id}:${row.child_id}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const child = {
      childId: row.child_id,
      sex: row.sex,
      ethnicity: row.ethnicity,
      dateOfBirth: row.date_of_birth,
    };
    return [
      {
        ...childFacts(child, window.asAt),
        contactDate: row.contact_date,
        source: row.referral_source,
      },
    ];
  });
}

/**
 * List 3: every referral in the window. The allocated team and worker are those of the work the referral
 * opened (its latest involvement) or, before the receiving team has taken it on, the front door's.
 * "NFA" is the CIN census ReferralNFA of the referral's episode or, before the receiving team has recorded
 * one, a referral closed without any work opened.
 */
export async function referralRows(db: Db, window: AnnexAWindow): Promise<ReferralRow[]> {
  const yearBeforeWindow = DateTime.fromISO(window.from, { zone: 'utc' }).minus({ months: 12 }).toISODate()!;
  const rows = await db
    // Each referral with the number of the same child's referrals in the 12 months before it.
    .with('counted', (qb) =>
      qb
        .selectFrom('referral as r')
        .innerJoin('person as p', 'p.id', 'r.person_id')
        .where('r.referral_date', '>=', yearBeforeWindow)
        .where('r.referral_date', '<=', window.asAt)
        .select([
          'r.id',
          SURVIVOR.as('child_id'),
          sql<number>`(count(*) over (partition by ${SURVIVOR} order by r.referral_date
            range between interval '12 months' preceding and interval '1 day' preceding))::int`.as('earlier'),
        ])
    )
    .with('work', latestWorkOfReferral)
    .selectFrom('counted')
    .innerJoin('referral as r', 'r.id', 'counted.id')
    .innerJoin('person as child', 'child.id', 'counted.child_id')
    .innerJoin('contact_child as cc', 'cc.id', 'r.contact_child_id')
    .leftJoin('work', 'work.referral_id', 'r.id')
    .leftJoin('cin_episode as e', 'e.referral_id', 'r.id')
    .leftJoin('team as t', (join) =>
      join.on(sql<boolean>`t.id = case when work.referral_id is null then cc.team_id else work.team_id end`)
    )
    .leftJoin('staff_user as w', (join) =>
      join.on(
        sql<boolean>`w.id = case when work.referral_id is null then cc.worker_id else work.worker_id end`
      )
    )
    .where('r.referral_date', '>=', window.from)
    .select([
      sql<string>`child.id::text`.as('child_id'),
      'child.sex',
      'child.ethnicity',
      'child.date_of_birth',
      'r.referral_date',
      'r.referral_source',
      sql<boolean>`coalesce(e.referral_nfa, r.closed_date is not null and work.referral_id is null)`.as(
        'no_further_action'
      ),
      'counted.earlier',
      't.name as team',
      'w.display_name as worker',
    ])
    .orderBy('r.referral_date')
    .orderBy('r.id')
    .execute();
  return rows.map((row) => ({
    ...childFacts(
      { childId: row.child_id, sex: row.sex, ethnicity: row.ethnicity, dateOfBirth: row.date_of_birth },
      window.asAt
    ),
    referralDate: row.referral_date,
    source: row.referral_source,
    noFurtherAction: row.no_further_action ? 'yes' : 'no',
    referralsInLast12Months: row.earlier,
    team: row.team,
    worker: row.worker,
  }));
}

// Lists 2 and 4–7 come from the receiving team's onward records (migration 0013). "In the six months" is
// read as D2I reads it for these lists: the event was open at some point in the window. Anything dated after
// the as-at date is written as not yet happened, so a past as-at date gives the lists as they stood then.

/** The child's columns every list starts with, from `child` (the survivor of the record `p`). */
const CHILD_COLUMNS = [
  sql<string>`child.id::text`.as('child_id'),
  'child.sex',
  'child.ethnicity',
  'child.date_of_birth',
  'child.disabilities',
] as const;

interface ChildColumns {
  child_id: string;
  sex: Sex;
  ethnicity: string | null;
  date_of_birth: string | null;
  disabilities: string[] | null;
}

const childOf = (row: ChildColumns, window: AnnexAWindow): ChildFacts =>
  childFacts(
    { childId: row.child_id, sex: row.sex, ethnicity: row.ethnicity, dateOfBirth: row.date_of_birth },
    window.asAt
  );

/** CIN disability codes: NONE alone is no disability; none recorded is unknown. */
function disabledOf(disabilities: string[] | null): YesNo {
  if (disabilities === null || disabilities.length === 0) return 'unknown';
  return disabilities.includes('NONE') ? 'no' : 'yes';
}

/** A date column as it stood on the as-at date: blank if it had not happened yet. */
const asOf = (column: string, window: AnnexAWindow) =>
  sql<string | null>`case when ${sql.ref(column)} <= ${window.asAt}::date then ${sql.ref(column)} end`;

/*
 * The allocated team (`t`) and worker (`w`) of an onward record: those of the work its episode's referral
 * opened or, for an episode with no front-door referral or no work yet, whoever recorded it. Needs `work`
 * (left joined on the episode's referral) and `recorder` (the record's recorded_by) in the query.
 * Every list joins what it needs rather than running a subquery per row: on a large council the per-row
 * subqueries cost seconds themselves and made PostgreSQL JIT-compile each list, slower than running it.
 */
const ALLOCATED_TEAM = sql<boolean>`t.id = case when work.referral_id is null then recorder.team_id
  else work.team_id end`;
const ALLOCATED_WORKER = sql<boolean>`w.id = case when work.referral_id is null then recorder.id
  else work.worker_id end`;

/**
 * List 2: the early help assessments open at some point in the window, and the early help episodes
 * (interventions) still open on the as-at date, as Ofsted asks for both.
 */
export async function earlyHelpRows(db: Db, window: AnnexAWindow): Promise<EarlyHelpRow[]> {
  const rows = await db
    .selectFrom('early_help_record as eh')
    .innerJoin('person as p', 'p.id', 'eh.person_id')
    .innerJoin('person as child', (join) => join.on(sql<boolean>`child.id = ${SURVIVOR}`))
    .where('eh.started_on', '<=', window.asAt)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('eh.kind', '=', 'assessment'),
          eb.or([eb('eh.completed_on', 'is', null), eb('eh.completed_on', '>=', window.from)]),
        ]),
        eb.and([
          eb('eh.kind', '=', 'episode'),
          eb.or([eb('eh.completed_on', 'is', null), eb('eh.completed_on', '>', window.asAt)]),
        ]),
      ])
    )
    .select([
      ...CHILD_COLUMNS,
      'eh.started_on',
      asOf('eh.completed_on', window).as('completed_on'),
      'eh.organisation',
    ])
    .orderBy('eh.started_on')
    .orderBy('eh.id')
    .execute();
  return rows.map((row) => ({
    ...childOf(row, window),
    startDate: row.started_on,
    completionDate: row.completed_on,
    organisation: row.organisation,
  }));
}

/** Whether an authorised assessment found the child needs children's social care: a plan or an enquiry. */
const NEEDS_SOCIAL_CARE: Record<AssessmentOutcome, YesNo> = {
  cin_plan: 'yes',
  strategy_discussion: 'yes',
  no_further_action: 'no',
  early_help: 'no',
  other_services: 'no',
};

/** List 4: the child and family assessments open at some point in the window. */
export async function assessmentRows(db: Db, window: AnnexAWindow): Promise<AssessmentRow[]> {
  const rows = await db
    .with('work', latestWorkOfReferral)
    .selectFrom('cin_assessment as a')
    .innerJoin('cin_episode as e', 'e.id', 'a.episode_id')
    .innerJoin('person as p', 'p.id', 'e.person_id')
    .innerJoin('person as child', (join) => join.on(sql<boolean>`child.id = ${SURVIVOR}`))
    .innerJoin('staff_user as recorder', 'recorder.id', 'a.recorded_by')
    .leftJoin('work', 'work.referral_id', 'e.referral_id')
    .leftJoin('team as t', (join) => join.on(ALLOCATED_TEAM))
    .leftJoin('staff_user as w', (join) => join.on(ALLOCATED_WORKER))
    .where('a.started_on', '<=', window.asAt)
    .where((eb) => eb.or([eb('a.authorised_on', 'is', null), eb('a.authorised_on', '>=', window.from)]))
    .select([
      ...CHILD_COLUMNS,
      'a.started_on',
      asOf('a.child_seen_on', window).as('child_seen_on'),
      asOf('a.authorised_on', window).as('authorised_on'),
      'a.outcome',
      't.name as team',
      'w.display_name as worker',
    ])
    .orderBy('a.started_on')
    .orderBy('a.id')
    .execute();
  return rows.map((row) => ({
    ...childOf(row, window),
    disabled: disabledOf(row.disabilities),
    startDate: row.started_on,
    childSeen: row.child_seen_on === null ? 'no' : 'yes',
    authorisedDate: row.authorised_on,
    needsSocialCareSupport:
      row.authorised_on === null ? null : row.outcome === null ? 'unknown' : NEEDS_SOCIAL_CARE[row.outcome],
    team: row.team,
    worker: row.worker,
  }));
}

/**
 * List 5: the section 47 enquiries open at some point in the window, with their initial conference. The
 * counts are the same child's enquiries started, and initial conferences held, in the 12 months before
 * this enquiry started, not counting it.
 */
export async function section47Rows(db: Db, window: AnnexAWindow): Promise<Section47Row[]> {
  const rows = await db
    .with('counted', (qb) =>
      qb
        .selectFrom('section_47_enquiry as s')
        .innerJoin('cin_episode as e', 'e.id', 's.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .where('s.started_on', '<=', window.asAt)
        .select([
          's.id',
          's.started_on',
          SURVIVOR.as('child_id'),
          sql<number>`(count(*) over (partition by ${SURVIVOR} order by s.started_on
            range between interval '12 months' preceding and interval '1 day' preceding))::int`.as('earlier'),
        ])
    )
    .with('initial_conference', (qb) =>
      qb
        .selectFrom('child_protection_conference as c')
        .innerJoin('cin_episode as e', 'e.id', 'c.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .where('c.kind', '=', 'initial')
        .where('c.held_on', '<=', window.asAt)
        .select(['c.section_47_enquiry_id', 'c.held_on', 'c.resulted_in_plan', SURVIVOR.as('child_id')])
    )
    // Each enquiry with the number of the same child's initial conferences in the 12 months before it.
    .with('earlier_conferences', (qb) =>
      qb
        .selectFrom('counted')
        .innerJoin('initial_conference as icpc', 'icpc.child_id', 'counted.child_id')
        .where(sql<boolean>`icpc.held_on >= counted.started_on - interval '12 months'`)
        .whereRef('icpc.held_on', '<', 'counted.started_on')
        .groupBy('counted.id')
        .select(['counted.id', sql<number>`count(*)::int`.as('conferences')])
    )
    .with('work', latestWorkOfReferral)
    .selectFrom('counted')
    .innerJoin('section_47_enquiry as s', 's.id', 'counted.id')
    .innerJoin('cin_episode as e', 'e.id', 's.episode_id')
    .innerJoin('person as child', 'child.id', 'counted.child_id')
    .innerJoin('staff_user as recorder', 'recorder.id', 's.recorded_by')
    .leftJoin('work', 'work.referral_id', 'e.referral_id')
    .leftJoin('team as t', (join) => join.on(ALLOCATED_TEAM))
    .leftJoin('staff_user as w', (join) => join.on(ALLOCATED_WORKER))
    .leftJoin('initial_conference as icpc', 'icpc.section_47_enquiry_id', 's.id')
    .leftJoin('earlier_conferences', 'earlier_conferences.id', 's.id')
    .where((eb) => eb.or([eb('s.completed_on', 'is', null), eb('s.completed_on', '>=', window.from)]))
    .select([
      ...CHILD_COLUMNS,
      's.started_on',
      's.icpc_not_required',
      asOf('s.completed_on', window).as('completed_on'),
      'icpc.held_on as conference_on',
      'icpc.resulted_in_plan',
      'counted.earlier',
      sql<number>`coalesce(earlier_conferences.conferences, 0)`.as('earlier_conferences'),
      't.name as team',
      'w.display_name as worker',
    ])
    .orderBy('s.started_on')
    .orderBy('s.id')
    .execute();
  return rows.map((row) => {
    // "Deemed unnecessary" is decided once the enquiry ends or a conference is held; blank while open.
    const decided = row.completed_on !== null || row.conference_on !== null;
    return {
      ...childOf(row, window),
      disabled: disabledOf(row.disabilities),
      strategyDiscussionDate: row.started_on,
      conferenceNotRequired: row.icpc_not_required ? 'yes' : decided ? 'no' : null,
      conferenceDate: row.conference_on,
      conferenceLedToPlan: row.resulted_in_plan === null ? null : row.resulted_in_plan ? 'yes' : 'no',
      section47sInLast12Months: row.earlier,
      conferencesInLast12Months: row.earlier_conferences,
      team: row.team,
      worker: row.worker,
    };
  });
}

/**
 * List 6: the children in need episodes open at some point in the window, except referrals on which no
 * further action was taken (a child only the subject of a referral is not a child in need). The case status
 * is the most intensive service on the as-at date; an episode open with none of them is still being
 * assessed. The date last seen is the latest the child was seen in an assessment (visits are not held).
 */
export async function childInNeedRows(db: Db, window: AnnexAWindow): Promise<ChildInNeedRow[]> {
  const { asAt } = window;
  const rows = await db
    .with('work', latestWorkOfReferral)
    // The children looked after on the as-at date.
    .with('looked_after', (qb) =>
      qb
        .selectFrom('involvement as la')
        .innerJoin('person as p', 'p.id', 'la.person_id')
        .where('la.kind', '=', 'looked_after')
        .where('la.started_on', '<=', asAt)
        .where((eb) => eb.or([eb('la.ended_on', 'is', null), eb('la.ended_on', '>', asAt)]))
        .select(SURVIVOR.as('child_id'))
        .distinct()
    )
    // The episodes with a child protection plan, or a child in need plan, open on the as-at date.
    .with('protection_plan', (qb) =>
      qb
        .selectFrom('child_protection_plan')
        .where('started_on', '<=', asAt)
        .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', asAt)]))
        .select('episode_id')
        .distinct()
    )
    .with('in_need_plan', (qb) =>
      qb
        .selectFrom('cin_plan')
        .where('started_on', '<=', asAt)
        .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', asAt)]))
        .select('episode_id')
        .distinct()
    )
    // Each episode's latest day the child was seen in an assessment.
    .with('last_seen', (qb) =>
      qb
        .selectFrom('cin_assessment')
        .where('child_seen_on', '<=', asAt)
        .groupBy('episode_id')
        .select(['episode_id', (eb) => eb.fn.max('child_seen_on').as('seen_on')])
    )
    .selectFrom('cin_episode as e')
    .innerJoin('person as p', 'p.id', 'e.person_id')
    .innerJoin('person as child', (join) => join.on(sql<boolean>`child.id = ${SURVIVOR}`))
    .innerJoin('staff_user as recorder', 'recorder.id', 'e.recorded_by')
    .leftJoin('work', 'work.referral_id', 'e.referral_id')
    .leftJoin('team as t', (join) => join.on(ALLOCATED_TEAM))
    .leftJoin('staff_user as w', (join) => join.on(ALLOCATED_WORKER))
    .leftJoin('looked_after', 'looked_after.child_id', 'child.id')
    .leftJoin('protection_plan', 'protection_plan.episode_id', 'e.id')
    .leftJoin('in_need_plan', 'in_need_plan.episode_id', 'e.id')
    .leftJoin('last_seen', 'last_seen.episode_id', 'e.id')
    .where('e.referral_nfa', '=', false)
    .where('e.referral_date', '<=', asAt)
    .where((eb) => eb.or([eb('e.closure_date', 'is', null), eb('e.closure_date', '>=', window.from)]))
    .select([
      ...CHILD_COLUMNS,
      'e.referral_date',
      'e.primary_need_code',
      'last_seen.seen_on as last_seen_on',
      asOf('e.closure_date', window).as('closure_date'),
      sql<string | null>`case when e.closure_date <= ${asAt}::date then e.closure_reason end`.as(
        'closure_reason'
      ),
      sql<CaseStatus>`case
        when e.closure_date <= ${asAt}::date then 'closed'
        when looked_after.child_id is not null then 'looked_after'
        when protection_plan.episode_id is not null then 'child_protection_plan'
        when in_need_plan.episode_id is not null then 'child_in_need_plan'
        else 'open_assessment' end`.as('case_status'),
      't.name as team',
      'w.display_name as worker',
    ])
    .orderBy('e.referral_date')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    ...childOf(row, window),
    disabled: disabledOf(row.disabilities),
    startDate: row.referral_date,
    primaryNeed: row.primary_need_code ?? 'N0',
    lastSeenDate: row.last_seen_on,
    closureDate: row.closure_date,
    closureReason: row.closure_reason,
    caseStatus: row.case_status,
    team: row.team,
    worker: row.worker,
  }));
}

/**
 * List 7: the child protection plans open on the as-at date or ended in the window. Statutory visits and
 * emergency protection are not recorded: their dates are blank and the order is written as unknown.
 */
export async function childProtectionRows(db: Db, window: AnnexAWindow): Promise<ChildProtectionRow[]> {
  const rows = await db
    // Each plan with the number of the same child's plans that started before it.
    .with('counted', (qb) =>
      qb
        .selectFrom('child_protection_plan as cp')
        .innerJoin('cin_episode as e', 'e.id', 'cp.episode_id')
        .innerJoin('person as p', 'p.id', 'e.person_id')
        .where('cp.started_on', '<=', window.asAt)
        .select([
          'cp.id',
          SURVIVOR.as('child_id'),
          sql<number>`(count(*) over (partition by ${SURVIVOR} order by cp.started_on, cp.id
            rows between unbounded preceding and 1 preceding))::int`.as('previous'),
        ])
    )
    // Each plan's latest review conference held by the as-at date.
    .with('latest_review', (qb) =>
      qb
        .selectFrom('child_protection_conference')
        .where('kind', '=', 'review')
        .where('held_on', '<=', window.asAt)
        .groupBy('child_protection_plan_id')
        .select(['child_protection_plan_id', (eb) => eb.fn.max('held_on').as('held_on')])
    )
    .with('work', latestWorkOfReferral)
    .selectFrom('counted')
    .innerJoin('child_protection_plan as cp', 'cp.id', 'counted.id')
    .innerJoin('cin_episode as e', 'e.id', 'cp.episode_id')
    .innerJoin('person as child', 'child.id', 'counted.child_id')
    .innerJoin('staff_user as recorder', 'recorder.id', 'cp.recorded_by')
    .leftJoin('work', 'work.referral_id', 'e.referral_id')
    .leftJoin('team as t', (join) => join.on(ALLOCATED_TEAM))
    .leftJoin('staff_user as w', (join) => join.on(ALLOCATED_WORKER))
    .leftJoin('latest_review', 'latest_review.child_protection_plan_id', 'cp.id')
    .where((eb) => eb.or([eb('cp.ended_on', 'is', null), eb('cp.ended_on', '>=', window.from)]))
    .select([
      ...CHILD_COLUMNS,
      'cp.started_on',
      'cp.initial_category',
      'cp.latest_category',
      'latest_review.held_on as latest_review_on',
      asOf('cp.ended_on', window).as('ended_on'),
      'counted.previous',
      't.name as team',
      'w.display_name as worker',
    ])
    .orderBy('cp.started_on')
    .orderBy('cp.id')
    .execute();
  return rows.map((row) => ({
    ...childOf(row, window),
    disabled: disabledOf(row.disabilities),
    planStartDate: row.started_on,
    initialCategory: row.initial_category,
    latestCategory: row.latest_category,
    lastStatutoryVisitDate: null,
    seenAlone: null,
    latestReviewDate: row.latest_review_on,
    planEndDate: row.ended_on,
    emergencyProtection: 'unknown',
    previousPlans: row.previous,
    team: row.team,
    worker: row.worker,
  }));
}

/**
 * The rows of every list we hold, for the six months before `asAt`. The lists are independent reads, so
 * they run at once, each on its own connection of the pool (PGlite takes them in turn).
 */
export async function annexARows(db: Db, asAt: string): Promise<AnnexARows> {
  const window = annexAWindow(asAt);
  const [list1, list2, list3, list4, list5, list6, list7] = await Promise.all([
    contactRows(db, window),
    earlyHelpRows(db, window),
    referralRows(db, window),
    assessmentRows(db, window),
    section47Rows(db, window),
    childInNeedRows(db, window),
    childProtectionRows(db, window),
  ]);
  return { list1, list2, list3, list4, list5, list6, list7 };
}
