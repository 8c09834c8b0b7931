/**
 * Demo: what happened after the front door, for every referral the history made. Each referral becomes a
 * children in need episode with its assessments, section 47 enquiries, conferences, child protection and
 * child in need plans and closure (onward-pathways.ts); each early help involvement becomes early help
 * records; the children get the characteristics the returns need (onward-characteristics.ts). A few
 * untidy cases are always there: an assessment open long past 45 working days, a plan ended and started
 * again, an unborn child, children who moved away (RC5) and one who died (RC2).
 *
 * Call after the seed transaction, like the other demo cases; deterministic for a seed, and it does
 * nothing when the council already has episodes.
 */
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { councilCalendar } from '../platform/council/council-settings.ts';
import { londonDateOf } from '../shared/working-time.ts';
import { addDays } from '../modules/returns/cin-census/census-dates.ts';
import { insertRows, maxId } from '../platform/db/bulk-insert.ts';
import { censusEthnicity, disabilitiesFor, schoolAgeCutoff, UpnMaker } from './onward-characteristics.ts';
import {
  EpisodePlanner,
  type EpisodePlan,
  type InvolvementSpan,
  type ReferralFacts,
} from './onward-pathways.ts';
import { Random } from '../shared/random.ts';

/** Its own stream of the seed, so the onward records never disturb the people or the history. */
const ONWARD_STREAM = 0x5eed0013;

/** Who runs the early help the council records, besides its own early help teams (Annex A list 2). */
const EARLY_HELP_PARTNERS = ['Northmoor Family Hubs', 'Northmoor Health Visiting Service', 'School'];

export interface OnwardRecordCounts {
  episodes: number;
  assessments: number;
  enquiries: number;
  conferences: number;
  protectionPlans: number;
  cinPlans: number;
  earlyHelpRecords: number;
  children: number;
}

export async function seedOnwardRecords(
  db: Db,
  context: { now: Date; seed?: number }
): Promise<OnwardRecordCounts | null> {
  const already = await db.selectFrom('cin_episode').select('id').executeTakeFirst();
  if (already) return null;
  const random = new Random((context.seed ?? 0) ^ ONWARD_STREAM);
  const today = londonDateOf(context.now);
  const calendar = await councilCalendar(db);
  return db.transaction().execute(async (trx) => {
    const loaded = await load(trx, today);
    const planner = new EpisodePlanner(random, calendar, today);
    const episodes = planEpisodes(planner, loaded, today);
    const deaths = closeSomeAway(random, episodes, loaded.lastActivity, today);
    const staff = new Recorders(random, loaded.staff);
    const counts = await new Writer(trx, staff, context.now).write(episodes);
    const children = await saveCharacteristics(trx, random, episodes, deaths, staff, today, context.now);
    const earlyHelp = await saveEarlyHelp(trx, random, loaded, staff, today, context.now);
    return { ...counts, earlyHelpRecords: earlyHelp, children };
  });
}

type Loaded = Awaited<ReturnType<typeof load>>;

async function load(trx: Db, today: string) {
  const referrals = await trx
    .selectFrom('referral as r')
    .select([
      'r.id',
      'r.person_id',
      'r.contact_child_id',
      'r.referral_date',
      'r.referral_source',
      'r.closed_date',
      'r.closure_reason',
      (eb) =>
        eb
          .selectFrom('decision as d')
          .whereRef('d.contact_child_id', '=', 'r.contact_child_id')
          .select(sql<boolean>`'strategy_discussion' = any(d.outcomes)`.as('strategy'))
          .orderBy('d.id', 'desc')
          .limit(1)
          .as('strategy'),
      // The concerns in the order they were saved, the main one first.
      sql<string[]>`coalesce((select array_agg(c.factor_code order by c.ctid) from contact_concern c
        where c.contact_child_id = r.contact_child_id), '{}')`.as('concerns'),
    ])
    .orderBy('r.id')
    .execute();
  const involvements = await trx
    .selectFrom('involvement')
    .where('referral_id', 'is not', null)
    .select(['referral_id', 'kind', 'started_on', 'ended_on', 'team_id', 'worker_id'])
    .orderBy('id')
    .execute();
  const earlyHelp = await trx
    .selectFrom('involvement as i')
    .leftJoin('team as t', 't.id', 'i.team_id')
    .where('i.kind', '=', 'early_help')
    .where('i.referral_id', 'is', null)
    .select(['i.person_id', 'i.started_on', 'i.ended_on', 'i.team_id', 'i.worker_id', 't.name as team_name'])
    .orderBy('i.id')
    .execute();
  const earlyHelpDecisions = await trx
    .selectFrom('decision as d')
    .innerJoin('contact_child as cc', 'cc.id', 'd.contact_child_id')
    .where(sql<boolean>`'early_help' = any(d.outcomes)`)
    .where('d.authorised_at', 'is not', null)
    .select(['cc.id', 'cc.person_id', 'd.authorised_at'])
    .orderBy('d.authorised_at')
    .execute();
  const people = await trx
    .selectFrom('person')
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('referral').select('person_id')),
        eb.and([eb('date_of_birth', 'is', null), eb('expected_date_of_birth', '>', today)]),
      ])
    )
    .where('merged_into_id', 'is', null)
    .select(['id', 'date_of_birth', 'expected_date_of_birth', 'ethnicity'])
    .orderBy('id')
    .execute();
  // The last day anything happened for each referred child: a contact, or involvement (open: never ends).
  const activity = await sql<{ person_id: number; last: string }>`
    select person_id, max(day)::text as last from (
      select cc.person_id, (c.received_at at time zone 'Europe/London')::date as day
        from contact_child cc join contact c on c.id = cc.contact_id
      union all
      select person_id, coalesce(ended_on, date '9999-12-31') from involvement
    ) as days
    where person_id in (select person_id from referral)
    group by person_id`.execute(trx);
  const staff = await trx
    .selectFrom('staff_user as s')
    .innerJoin('team as t', 't.id', 's.team_id')
    .where('s.role', '=', 'front_door_practitioner')
    .where('t.kind', 'in', ['assessment', 'child_protection', 'early_help'])
    .select(['s.id', 's.team_id', 't.kind'])
    .orderBy('s.id')
    .execute();
  return {
    referrals,
    involvements,
    earlyHelp,
    earlyHelpDecisions,
    people: new Map(people.map((person) => [person.id, person])),
    lastActivity: new Map(activity.rows.map((row) => [row.person_id, row.last])),
    staff,
  };
}

function planEpisodes(planner: EpisodePlanner, loaded: Loaded, today: string): EpisodePlan[] {
  const spans = new Map<number, Map<string, InvolvementSpan>>();
  for (const row of loaded.involvements) {
    const byKind = spans.get(row.referral_id!) ?? new Map<string, InvolvementSpan>();
    byKind.set(row.kind, {
      start: row.started_on,
      end: row.ended_on,
      teamId: row.team_id,
      workerId: row.worker_id,
    });
    spans.set(row.referral_id!, byKind);
  }
  const facts: ReferralFacts[] = loaded.referrals.map((row) => {
    const involvement = spans.get(row.id);
    return {
      referralId: row.id,
      contactChildId: row.contact_child_id,
      personId: row.person_id,
      referralDate: row.referral_date,
      source: row.referral_source,
      route: row.strategy ? 'strategy_discussion' : 'assessment',
      closedDate: row.closed_date,
      closureReason: row.closure_reason,
      concerns: row.concerns,
      childInNeed: involvement?.get('child_in_need'),
      protection: involvement?.get('child_protection_plan'),
      lookedAfter: involvement?.get('looked_after'),
    };
  });
  const unborn = unbornReferral(loaded, facts, today);
  if (unborn) facts.push(unborn);
  const episodes = facts.map((fact) => planner.plan(fact));
  // The untidy cases the demo always shows, on the first episode with room for each.
  const late = Date.parse(today) - 70 * 86_400_000;
  const showOpenLate = (episode: EpisodePlan) =>
    episode.assessments.some(
      (assessment) => assessment.authorisedOn === null && Date.parse(assessment.startedOn) < late
    );
  if (!episodes.some(showOpenLate)) {
    const index = episodes.findIndex(
      ({ facts: fact }) =>
        fact.route === 'assessment' &&
        fact.closedDate === null &&
        !fact.protection &&
        Date.parse(fact.referralDate) < late &&
        Date.parse(fact.referralDate) > late - 60 * 86_400_000
    );
    if (index >= 0) episodes[index] = planner.plan(facts[index]!, { openLate: true });
  }
  if (!episodes.some((episode) => episode.protectionPlans.length > 1)) {
    for (let index = 0; index < episodes.length; index++) {
      if (episodes[index]!.protectionPlans.length !== 1) continue;
      const replanned = planner.plan(facts[index]!, { restart: true });
      if (replanned.protectionPlans.length > 1) {
        episodes[index] = replanned;
        break;
      }
    }
  }
  return episodes;
}

/**
 * A pre-birth referral, when the history has none: the unborn baby due soonest, referred by the midwife
 * (other primary health) about six weeks ago, recorded by the receiving team.
 */
function unbornReferral(loaded: Loaded, facts: ReferralFacts[], today: string): ReferralFacts | null {
  const referred = new Set(facts.map((fact) => fact.personId));
  const unborn = [...loaded.people.values()]
    .filter((person) => person.date_of_birth === null && person.expected_date_of_birth !== null)
    .sort((a, b) => a.expected_date_of_birth!.localeCompare(b.expected_date_of_birth!) || a.id - b.id);
  if (unborn.length === 0 || unborn.some((person) => referred.has(person.id))) return null;
  const baby = unborn[0]!;
  return {
    referralId: null,
    contactChildId: null,
    personId: baby.id,
    referralDate: addDays(today, -40),
    source: '3D',
    route: 'assessment',
    closedDate: null,
    closureReason: null,
    concerns: ['3B', '2B'],
  };
}

/**
 * Some children moved to another authority (RC5) and one died (RC2), chosen among episodes that were
 * the child's last and after which nothing more happened for them. Answers the dates of death by person.
 */
function closeSomeAway(
  random: Random,
  episodes: EpisodePlan[],
  lastActivity: Map<number, string>,
  today: string
): Map<number, string> {
  const latest = new Map<number, EpisodePlan>();
  for (const episode of episodes) {
    const current = latest.get(episode.facts.personId);
    if (!current || episode.facts.referralDate >= current.facts.referralDate)
      latest.set(episode.facts.personId, episode);
  }
  const candidates = [...latest.values()].filter(
    (episode) =>
      episode.closureReason === 'RC7' &&
      !episode.referralNfa &&
      episode.closureDate !== null &&
      (lastActivity.get(episode.facts.personId) ?? '') <= episode.closureDate
  );
  const deaths = new Map<number, string>();
  // The death falls in the last complete census year when it can, so that year's return shows it.
  const year = Number(today.slice(0, 4)) - (today.slice(5) <= '03-31' ? 1 : 0);
  const lastYear = candidates.filter(
    (episode) => episode.closureDate! >= `${year - 1}-04-01` && episode.closureDate! <= `${year}-03-31`
  );
  const pool = lastYear.length > 0 ? lastYear : candidates;
  if (pool.length > 0) {
    const died = random.pick(pool);
    died.closureReason = 'RC2';
    deaths.set(died.facts.personId, died.closureDate!);
  }
  const movable = candidates.filter((episode) => episode.closureReason === 'RC7');
  const moved = movable.filter(() => random.chance(0.1));
  if (moved.length === 0 && movable.length > 0) moved.push(movable[0]!);
  for (const episode of moved) episode.closureReason = 'RC5';
  return deaths;
}

/** Who recorded what: the worker of the involvement when there was one, else someone in its team. */
class Recorders {
  private readonly byTeam = new Map<number, number[]>();
  private readonly byKind = new Map<string, number[]>();

  constructor(
    private readonly random: Random,
    staff: Loaded['staff']
  ) {
    for (const member of staff) {
      if (member.team_id === null) continue;
      this.byTeam.set(member.team_id, [...(this.byTeam.get(member.team_id) ?? []), member.id]);
      this.byKind.set(member.kind, [...(this.byKind.get(member.kind) ?? []), member.id]);
    }
  }

  of(span: Pick<InvolvementSpan, 'teamId' | 'workerId'> | undefined, kind: string): number {
    if (span?.workerId) return span.workerId;
    const team = span?.teamId ? this.byTeam.get(span.teamId) : undefined;
    const members = team ?? this.byKind.get(kind) ?? [...this.byKind.values()].flat();
    return this.random.pick(members);
  }
}

/** When a record made on a date was saved: that afternoon, or now when that is still to come. */
function recordedAt(date: string, now: Date): Date {
  const afternoon = new Date(`${date}T15:00:00Z`);
  return afternoon < now ? afternoon : now;
}

class Writer {
  constructor(
    private readonly trx: Db,
    private readonly staff: Recorders,
    private readonly now: Date
  ) {}

  async write(episodes: EpisodePlan[]): Promise<Omit<OnwardRecordCounts, 'earlyHelpRecords' | 'children'>> {
    const [episodeBase, enquiryBase, planBase] = await Promise.all(
      (['cin_episode', 'section_47_enquiry', 'child_protection_plan'] as const).map((table) =>
        maxId(this.trx, table)
      )
    );
    const at = (date: string) => recordedAt(date, this.now);
    const rows = episodes.map((episode, index) => {
      const recorder = this.staff.of(episode.facts.childInNeed, 'assessment');
      const protector = this.staff.of(episode.facts.protection, 'child_protection');
      return { episode, id: episodeBase! + index + 1, recorder, protector };
    });
    const enquiries = rows.flatMap(({ episode, id, recorder }) =>
      episode.enquiries.map((enquiry, index) => ({ enquiry, episodeId: id, recorder, index }))
    );
    const enquiryId = new Map(
      enquiries.map((row, index) => [`${row.episodeId}/${row.index}`, enquiryBase! + index + 1])
    );
    const plans = rows.flatMap(({ episode, id, protector }) =>
      episode.protectionPlans.map((plan) => ({
        plan,
        episodeId: id,
        protector,
        id: 0,
        enquiryId: enquiryId.get(`${id}/${plan.enquiryIndex}`)!,
      }))
    );
    plans.forEach((row, index) => (row.id = planBase! + index + 1));
    const planOfEnquiry = new Map(plans.map((row) => [row.enquiryId, row.id]));

    await insertRows(
      this.trx,
      'cin_episode',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'person_id', type: 'int', value: (row) => row.episode.facts.personId },
        { name: 'referral_id', type: 'int', value: (row) => row.episode.facts.referralId },
        { name: 'contact_child_id', type: 'int', value: (row) => row.episode.facts.contactChildId },
        { name: 'referral_date', type: 'date', value: (row) => row.episode.facts.referralDate },
        { name: 'referral_source', type: 'text', value: (row) => row.episode.facts.source },
        { name: 'referral_nfa', type: 'boolean', value: (row) => row.episode.referralNfa },
        { name: 'primary_need_code', type: 'text', value: (row) => row.episode.primaryNeed },
        { name: 'closure_date', type: 'date', value: (row) => row.episode.closureDate },
        { name: 'closure_reason', type: 'text', value: (row) => row.episode.closureReason },
        { name: 'recorded_by', type: 'int', value: (row) => row.recorder },
        { name: 'recorded_at', type: 'timestamptz', value: (row) => at(row.episode.facts.referralDate) },
      ],
      rows,
      { explicitIds: true }
    );
    const assessments = rows.flatMap(({ episode, id, recorder }) =>
      episode.assessments.map((assessment) => ({ assessment, episodeId: id, recorder }))
    );
    await insertRows(
      this.trx,
      'cin_assessment',
      [
        { name: 'episode_id', type: 'int', value: (row) => row.episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.assessment.startedOn },
        { name: 'child_seen_on', type: 'date', value: (row) => row.assessment.childSeenOn },
        { name: 'authorised_on', type: 'date', value: (row) => row.assessment.authorisedOn },
        { name: 'factors', type: 'text[]', value: (row) => row.assessment.factors },
        { name: 'outcome', type: 'text', value: (row) => row.assessment.outcome },
        { name: 'recorded_by', type: 'int', value: (row) => row.recorder },
        {
          name: 'recorded_at',
          type: 'timestamptz',
          value: (row) => at(row.assessment.authorisedOn ?? row.assessment.startedOn),
        },
      ],
      assessments
    );
    await insertRows(
      this.trx,
      'section_47_enquiry',
      [
        { name: 'id', type: 'int', value: (row) => enquiryId.get(`${row.episodeId}/${row.index}`)! },
        { name: 'episode_id', type: 'int', value: (row) => row.episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.enquiry.startedOn },
        { name: 'icpc_target_on', type: 'date', value: (row) => row.enquiry.icpcTargetOn },
        { name: 'icpc_not_required', type: 'boolean', value: (row) => row.enquiry.icpcNotRequired },
        { name: 'completed_on', type: 'date', value: (row) => row.enquiry.completedOn },
        { name: 'outcome', type: 'text', value: (row) => row.enquiry.outcome },
        { name: 'recorded_by', type: 'int', value: (row) => row.recorder },
        {
          name: 'recorded_at',
          type: 'timestamptz',
          value: (row) => at(row.enquiry.completedOn ?? row.enquiry.startedOn),
        },
      ],
      enquiries,
      { explicitIds: true }
    );
    await insertRows(
      this.trx,
      'child_protection_plan',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'episode_id', type: 'int', value: (row) => row.episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.plan.startedOn },
        { name: 'ended_on', type: 'date', value: (row) => row.plan.endedOn },
        { name: 'initial_category', type: 'text', value: (row) => row.plan.initialCategory },
        { name: 'latest_category', type: 'text', value: (row) => row.plan.latestCategory },
        { name: 'recorded_by', type: 'int', value: (row) => row.protector },
        { name: 'recorded_at', type: 'timestamptz', value: (row) => at(row.plan.startedOn) },
      ],
      plans,
      { explicitIds: true }
    );
    const conferences = [
      ...enquiries.flatMap(({ enquiry, episodeId, index, recorder }) => {
        if (!enquiry.conference) return [];
        const enquiryKey = enquiryId.get(`${episodeId}/${index}`)!;
        return [
          {
            episodeId,
            kind: 'initial',
            heldOn: enquiry.conference.heldOn,
            enquiryId: enquiryKey as number | null,
            planId: planOfEnquiry.get(enquiryKey) ?? null,
            resultedInPlan: enquiry.conference.resultedInPlan as boolean | null,
            recorder,
          },
        ];
      }),
      ...plans.flatMap(({ plan, episodeId, id, protector }) =>
        plan.reviews.map((heldOn) => ({
          episodeId,
          kind: 'review',
          heldOn,
          enquiryId: null,
          planId: id as number | null,
          resultedInPlan: null,
          recorder: protector,
        }))
      ),
    ];
    await insertRows(
      this.trx,
      'child_protection_conference',
      [
        { name: 'episode_id', type: 'int', value: (row) => row.episodeId },
        { name: 'kind', type: 'text', value: (row) => row.kind },
        { name: 'held_on', type: 'date', value: (row) => row.heldOn },
        { name: 'section_47_enquiry_id', type: 'int', value: (row) => row.enquiryId },
        { name: 'child_protection_plan_id', type: 'int', value: (row) => row.planId },
        { name: 'resulted_in_plan', type: 'boolean', value: (row) => row.resultedInPlan },
        { name: 'recorded_by', type: 'int', value: (row) => row.recorder },
        { name: 'recorded_at', type: 'timestamptz', value: (row) => at(row.heldOn) },
      ],
      conferences
    );
    const cinPlans = rows.flatMap(({ episode, id, recorder }) =>
      episode.cinPlans.map((plan) => ({ plan, episodeId: id, recorder }))
    );
    await insertRows(
      this.trx,
      'cin_plan',
      [
        { name: 'episode_id', type: 'int', value: (row) => row.episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.plan.startedOn },
        { name: 'ended_on', type: 'date', value: (row) => row.plan.endedOn },
        { name: 'recorded_by', type: 'int', value: (row) => row.recorder },
        { name: 'recorded_at', type: 'timestamptz', value: (row) => at(row.plan.startedOn) },
      ],
      cinPlans
    );
    return {
      episodes: rows.length,
      assessments: assessments.length,
      enquiries: enquiries.length,
      conferences: conferences.length,
      protectionPlans: plans.length,
      cinPlans: cinPlans.length,
    };
  }
}

/**
 * Ethnicity, disabilities and UPN (or why it is unknown) for every child with an episode, and the date
 * of death of the child who died. Children of school age have a UPN; younger and unborn children have
 * UN1 (not of school age); now and then a child who changed school keeps a former UPN.
 */
async function saveCharacteristics(
  trx: Db,
  random: Random,
  episodes: EpisodePlan[],
  deaths: Map<number, string>,
  staff: Recorders,
  today: string,
  now: Date
): Promise<number> {
  const people = await trx
    .selectFrom('person')
    .where('id', 'in', [...new Set(episodes.map((episode) => episode.facts.personId))])
    .select(['id', 'date_of_birth', 'ethnicity'])
    .orderBy('id')
    .execute();
  const cutoff = schoolAgeCutoff(today);
  const upns = new UpnMaker(random);
  const rows = people.map((person) => {
    const born = person.date_of_birth;
    const upn = born !== null && born <= cutoff ? upns.next(born) : null;
    return {
      id: person.id,
      ethnicity: censusEthnicity(person.ethnicity),
      disabilities: born === null ? null : disabilitiesFor(random).join(' '),
      upn,
      formerUpn: upn !== null && random.chance(0.01) ? upns.next(born!) : null,
      upnUnknown: upn === null ? 'UN1' : null,
      dateOfDeath: deaths.get(person.id) ?? null,
      recordedBy: staff.of(undefined, 'assessment'),
    };
  });
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  await sql`
    update person set
      ethnicity = v.ethnicity,
      disabilities = string_to_array(v.disabilities, ' '),
      upn = v.upn,
      former_upn = v.former_upn,
      upn_unknown_reason = v.upn_unknown,
      date_of_death = v.date_of_death,
      characteristics_recorded_by = v.recorded_by,
      characteristics_recorded_at = ${now}
    from unnest(
      ${column((row) => row.id)}::int[], ${column((row) => row.ethnicity)}::text[],
      ${column((row) => row.disabilities)}::text[], ${column((row) => row.upn)}::text[],
      ${column((row) => row.formerUpn)}::text[], ${column((row) => row.upnUnknown)}::text[],
      ${column((row) => row.dateOfDeath)}::date[], ${column((row) => row.recordedBy)}::int[]
    ) as v(id, ethnicity, disabilities, upn, former_upn, upn_unknown, date_of_death, recorded_by)
    where person.id = v.id`.execute(trx);
  return rows.length;
}

/**
 * An early help assessment and episode for each early help involvement: the family's early help
 * assessment is completed within weeks, the episode ends when the involvement did. Linked to the front
 * door's contact when an early help decision led to it.
 */
async function saveEarlyHelp(
  trx: Db,
  random: Random,
  loaded: Loaded,
  staff: Recorders,
  today: string,
  now: Date
): Promise<number> {
  const decisions = new Map<number, { id: number; day: string }[]>();
  for (const decision of loaded.earlyHelpDecisions) {
    if (decision.person_id === null) continue;
    const list = decisions.get(decision.person_id) ?? [];
    list.push({ id: decision.id, day: londonDateOf(decision.authorised_at!) });
    decisions.set(decision.person_id, list);
  }
  const rows = loaded.earlyHelp.flatMap((involvement) => {
    const from = addDays(involvement.started_on, -11);
    const decision = (decisions.get(involvement.person_id) ?? []).findLast(
      (candidate) => candidate.day >= from && candidate.day <= involvement.started_on
    );
    const organisation =
      random.chance(0.8) && involvement.team_name ? involvement.team_name : random.pick(EARLY_HELP_PARTNERS);
    const recorder = staff.of({ teamId: involvement.team_id, workerId: involvement.worker_id }, 'early_help');
    const assessed = addDays(involvement.started_on, random.int(10, 35));
    const finished = involvement.ended_on ?? today;
    const common = {
      personId: involvement.person_id,
      contactChildId: decision?.id ?? null,
      startedOn: involvement.started_on,
      organisation,
      recorder,
    };
    return [
      { ...common, kind: 'assessment', completedOn: assessed <= finished ? assessed : involvement.ended_on },
      { ...common, kind: 'episode', completedOn: involvement.ended_on },
    ];
  });
  await insertRows(
    trx,
    'early_help_record',
    [
      { name: 'person_id', type: 'int', value: (row) => row.personId },
      { name: 'contact_child_id', type: 'int', value: (row) => row.contactChildId },
      { name: 'kind', type: 'text', value: (row) => row.kind },
      { name: 'started_on', type: 'date', value: (row) => row.startedOn },
      { name: 'completed_on', type: 'date', value: (row) => row.completedOn },
      { name: 'organisation', type: 'text', value: (row) => row.organisation },
      { name: 'recorded_by', type: 'int', value: (row) => row.recorder },
      {
        name: 'recorded_at',
        type: 'timestamptz',
        value: (row) => recordedAt(row.completedOn ?? row.startedOn, now),
      },
    ],
    rows
  );
  return rows.length;
}
