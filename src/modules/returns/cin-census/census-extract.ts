import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type {
  Assessment,
  CensusChild,
  CinCensus,
  CinDetails,
  ChildProtectionPlan,
  CinPlanDates,
  Section47,
} from './census-model.ts';

/*
 * The census for one collection year, read from the records the teams keep, set-based: one query per
 * kind of record for the whole year, then grouped in memory, never a query per child.
 *
 * What goes in (cin-census.md, "What goes in the return"): every episode open at some point in the
 * census year; in it, the assessments, section 47 enquiries, CIN plans and child protection plans that
 * were open in the year. A date after the reference date is not yet known to the return: an
 * assessment authorised, a plan ended or an episode closed after 31 March is sent as still open.
 */

/** The census year that ends on 31 March of `year`, e.g. 2026 for 2025-26. */
export function censusYear(year: number): { start: string; referenceDate: string } {
  return { start: `${year - 1}-04-01`, referenceDate: `${year}-03-31` };
}

type Year = ReturnType<typeof censusYear>;

/** Episodes open at some point in the year, of children not merged into another record. */
function episodesOfYear(db: Db, { start, referenceDate }: Year) {
  return db
    .selectFrom('cin_episode as oy')
    .innerJoin('person as oy_p', 'oy_p.id', 'oy.person_id')
    .where('oy.referral_date', '<=', referenceDate)
    .where((eb) => eb.or([eb('oy.closure_date', 'is', null), eb('oy.closure_date', '>=', start)]))
    .where('oy_p.merged_into_id', 'is', null)
    .select('oy.id');
}

export interface CensusSource {
  /** The council's three-digit LA code. */
  laCode: string;
  softwareCode: string;
  release: string;
  serialNo: string;
  /** When the return was made, as xs:dateTime. */
  madeAt: string;
}

/** Where each child of a return came from: their person record and episodes, in the return's order. */
export interface ChildSource {
  personId: number;
  /** The cin_episode ids, in the order of the child's CINdetails. */
  episodeIds: number[];
}

export async function extractCensus(
  db: Db,
  collectionYear: number,
  source: CensusSource
): Promise<CinCensus> {
  return (await extractCensusWithSources(db, collectionYear, source)).census;
}

/** The census, and for each of its children (same order) the records it was built from. */
export async function extractCensusWithSources(
  db: Db,
  collectionYear: number,
  source: CensusSource
): Promise<{ census: CinCensus; sources: ChildSource[] }> {
  const year = censusYear(collectionYear);
  const { referenceDate } = year;
  const episodes = await db
    .selectFrom('cin_episode as e')
    .innerJoin('person as p', 'p.id', 'e.person_id')
    .where('e.id', 'in', episodesOfYear(db, year))
    .select([
      'e.id',
      'e.person_id',
      'e.referral_date',
      'e.referral_source',
      'e.referral_nfa',
      'e.primary_need_code',
      'e.closure_date',
      'e.closure_reason',
      'p.upn',
      'p.former_upn',
      'p.upn_unknown_reason',
      'p.date_of_birth',
      'p.expected_date_of_birth',
      'p.sex',
      'p.date_of_death',
      'p.ethnicity',
      'p.disabilities',
    ])
    .orderBy('e.person_id')
    .orderBy('e.referral_date')
    .orderBy('e.id')
    .execute();
  const [assessments, plans, enquiries, protectionPlans, conferences, previousPlans] = await Promise.all([
    loadAssessments(db, year),
    loadCinPlans(db, year),
    loadEnquiries(db, year),
    loadProtectionPlans(db, year),
    loadConferences(db, year),
    loadPreviousPlanCounts(db, year),
  ]);
  const byEpisode = <T extends { episode_id: number }>(rows: T[]) => groupBy(rows, (row) => row.episode_id);
  const assessmentsOf = byEpisode(assessments);
  const plansOf = byEpisode(plans);
  const enquiriesOf = byEpisode(enquiries);
  const protectionPlansOf = byEpisode(protectionPlans);
  const conferencesOf = byEpisode(conferences);
  const within = (date: string | null) => (date !== null && date <= referenceDate ? date : undefined);

  const children = new Map<number, CensusChild>();
  const sources = new Map<number, ChildSource>();
  for (const episode of episodes) {
    let child = children.get(episode.person_id);
    if (!child) {
      sources.set(episode.person_id, { personId: episode.person_id, episodeIds: [] });
      child = {
        ChildIdentifiers: {
          LAchildID: String(episode.person_id),
          UPN: episode.upn ?? undefined,
          FormerUPN: episode.former_upn ?? undefined,
          UPNunknown: episode.upn ? undefined : (episode.upn_unknown_reason ?? undefined),
          PersonBirthDate: episode.date_of_birth ?? undefined,
          ExpectedPersonBirthDate: episode.date_of_birth
            ? undefined
            : (episode.expected_date_of_birth ?? undefined),
          Sex: episode.sex,
          PersonDeathDate: within(episode.date_of_death),
        },
        ChildCharacteristics: {
          Ethnicity: episode.ethnicity ?? undefined,
          Disabilities: episode.disabilities?.length ? episode.disabilities : undefined,
        },
        CINdetails: [],
      };
      children.set(episode.person_id, child);
    }
    const closed = within(episode.closure_date);
    const episodeConferences = conferencesOf.get(episode.id) ?? [];
    const details: CinDetails = {
      CINreferralDate: episode.referral_date,
      ReferralSource: episode.referral_source,
      PrimaryNeedCode: episode.primary_need_code ?? undefined,
      CINclosureDate: closed,
      ReasonForClosure: closed ? (episode.closure_reason ?? undefined) : undefined,
      // An initial conference held without an enquiry of this episode is recorded on the episode (rule 2884).
      DateOfInitialCPC: episodeConferences.find(
        (conference) => conference.kind === 'initial' && conference.section_47_enquiry_id === null
      )?.held_on,
      Assessments: (assessmentsOf.get(episode.id) ?? []).map((row) => assessmentOf(row, referenceDate)),
      CINPlanDates: (plansOf.get(episode.id) ?? []).map((row): CinPlanDates => ({
        CINPlanStartDate: row.started_on,
        CINPlanEndDate: within(row.ended_on),
      })),
      Section47: (enquiriesOf.get(episode.id) ?? []).map((row): Section47 => ({
        S47ActualStartDate: row.started_on,
        InitialCPCtarget: row.icpc_target_on ?? undefined,
        DateOfInitialCPC: episodeConferences.find(
          (conference) => conference.kind === 'initial' && conference.section_47_enquiry_id === row.id
        )?.held_on,
        ICPCnotRequired: row.icpc_not_required ? '1' : '0',
      })),
      ReferralNFA: episode.referral_nfa ? '1' : '0',
      ChildProtectionPlans: (protectionPlansOf.get(episode.id) ?? []).map((row): ChildProtectionPlan => ({
        CPPstartDate: row.started_on,
        CPPendDate: within(row.ended_on),
        InitialCategoryOfAbuse: row.initial_category,
        LatestCategoryOfAbuse: row.latest_category,
        NumberOfPreviousCPP: String(previousPlans.get(row.id) ?? 0),
        Reviews: nonEmpty(
          episodeConferences
            .filter(
              (conference) => conference.child_protection_plan_id === row.id && conference.kind === 'review'
            )
            .map((conference) => conference.held_on)
        ),
      })),
    };
    child.CINdetails.push(details);
    sources.get(episode.person_id)!.episodeIds.push(episode.id);
  }
  const census: CinCensus = {
    Header: {
      CollectionDetails: { Collection: 'CIN', Year: String(collectionYear), ReferenceDate: referenceDate },
      Source: {
        SourceLevel: 'L',
        LEA: source.laCode,
        SoftwareCode: source.softwareCode,
        Release: source.release,
        SerialNo: source.serialNo,
        DateTime: source.madeAt,
      },
    },
    Children: [...children.values()],
  };
  return { census, sources: [...sources.values()] };
}

/** Assessments open in the year; authorised after the reference date counts as still open, without factors. */
function loadAssessments(db: Db, { start, referenceDate }: Year) {
  return db
    .selectFrom('cin_assessment')
    .where('episode_id', 'in', episodesOfYear(db, { start, referenceDate }))
    .where('started_on', '<=', referenceDate)
    .where((eb) => eb.or([eb('authorised_on', 'is', null), eb('authorised_on', '>=', start)]))
    .select(['episode_id', 'started_on', 'authorised_on', 'factors'])
    .orderBy('started_on')
    .orderBy('id')
    .execute();
}

function assessmentOf(
  row: { started_on: string; authorised_on: string | null; factors: string[] },
  referenceDate: string
): Assessment {
  const authorised =
    row.authorised_on !== null && row.authorised_on <= referenceDate ? row.authorised_on : undefined;
  return {
    AssessmentActualStartDate: row.started_on,
    AssessmentAuthorisationDate: authorised,
    AssessmentFactors: authorised ? nonEmpty(row.factors) : undefined,
  };
}

function loadCinPlans(db: Db, { start, referenceDate }: Year) {
  return db
    .selectFrom('cin_plan')
    .where('episode_id', 'in', episodesOfYear(db, { start, referenceDate }))
    .where('started_on', '<=', referenceDate)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', start)]))
    .select(['episode_id', 'started_on', 'ended_on'])
    .orderBy('started_on')
    .orderBy('id')
    .execute();
}

/**
 * Enquiries the year knows of: started in it, or started earlier with their initial conference in it.
 * An enquiry started before the year that neither ended nor led to a conference in it is last year's work.
 */
function loadEnquiries(db: Db, { start, referenceDate }: Year) {
  return db
    .selectFrom('section_47_enquiry as s')
    .where('s.episode_id', 'in', episodesOfYear(db, { start, referenceDate }))
    .where('s.started_on', '<=', referenceDate)
    .where((eb) =>
      eb.or([
        eb('s.started_on', '>=', start),
        eb.exists(
          eb
            .selectFrom('child_protection_conference as c')
            .whereRef('c.section_47_enquiry_id', '=', 's.id')
            .where('c.kind', '=', 'initial')
            .where('c.held_on', '>=', start)
            .where('c.held_on', '<=', referenceDate)
            .select(sql`1`.as('one'))
        ),
      ])
    )
    .select(['s.id', 's.episode_id', 's.started_on', 's.icpc_target_on', 's.icpc_not_required'])
    .orderBy('s.started_on')
    .orderBy('s.id')
    .execute();
}

function loadProtectionPlans(db: Db, { start, referenceDate }: Year) {
  return db
    .selectFrom('child_protection_plan')
    .where('episode_id', 'in', episodesOfYear(db, { start, referenceDate }))
    .where('started_on', '<=', referenceDate)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', start)]))
    .select(['id', 'episode_id', 'started_on', 'ended_on', 'initial_category', 'latest_category'])
    .orderBy('started_on')
    .orderBy('id')
    .execute();
}

/** Conferences held in the year: initial ones date the enquiry or episode, reviews date the plan. */
function loadConferences(db: Db, { start, referenceDate }: Year) {
  return db
    .selectFrom('child_protection_conference')
    .where('episode_id', 'in', episodesOfYear(db, { start, referenceDate }))
    .where('held_on', '>=', start)
    .where('held_on', '<=', referenceDate)
    .select(['episode_id', 'kind', 'held_on', 'section_47_enquiry_id', 'child_protection_plan_id'])
    .orderBy('held_on')
    .orderBy('id')
    .execute();
}

/** For each plan of these children, how many plans the child had before it, in any episode. */
async function loadPreviousPlanCounts(db: Db, year: Year): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('child_protection_plan as plan')
    .innerJoin('cin_episode as e', 'e.id', 'plan.episode_id')
    .where(
      'e.person_id',
      'in',
      db.selectFrom('cin_episode as y').where('y.id', 'in', episodesOfYear(db, year)).select('y.person_id')
    )
    .select([
      'plan.id',
      sql<number>`(row_number() over (partition by e.person_id order by plan.started_on, plan.id) - 1)::int`.as(
        'previous'
      ),
    ])
    .execute();
  return new Map(rows.map((row) => [row.id, row.previous]));
}

function groupBy<T, K>(rows: T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}
