/**
 * The search page's matcher: a few narrow, indexed SQL lookups gather candidates (same NHS number;
 * names that sound alike in either order; a date of birth near the query's with any name alike; the
 * exact date of birth; names within trigram typo distance; the same postcode), then every candidate
 * is scored in TypeScript with the same model as bulk matching and ranked with its reasons.
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type InferResult,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { likelyDateTypos } from '../../../shared/matching/blocking.ts';
import type { MatchModel, NameFrequencies } from '../../../shared/matching/model.ts';
import { nicknameVariants } from '../../../shared/matching/nicknames.ts';
import {
  nameWords,
  normaliseIdentifier,
  normalisePostcode,
  parseDate,
  type DateParts,
} from '../../../shared/matching/normalise.ts';
import { prepareName, preparePerson, type PersonRecord } from '../../../shared/matching/prepared-person.ts';
import { rankCandidates } from '../../../shared/matching/ranking.ts';
import { scorePrepared, type Decision } from '../../../shared/matching/score-pair.ts';
import { addressLines, matchModelNumbered, NEWEST_MODEL_ID, personRecordOf } from './stored-model.ts';

/** What the searcher knows; every field is optional. Dates are 'YYYY-MM-DD'. */
export type PersonQuery = Pick<
  PersonRecord,
  'givenName' | 'familyName' | 'dateOfBirth' | 'sex' | 'postcode' | 'address' | 'nhsNumber'
>;

export type VisiblePeople = (eb: ExpressionBuilder<Database, 'person'>) => Expression<SqlBool>;

export interface PersonMatch {
  readonly personId: number;
  readonly score: number;
  readonly decision: Decision;
  readonly reasons: string[];
  readonly person: MatchedPerson;
}

export interface MatchedPerson {
  readonly givenName: string;
  readonly middleNames: string | null;
  readonly familyName: string;
  readonly dateOfBirth: string | null;
  readonly sex: string;
  readonly nhsNumber: string | null;
  readonly restricted: boolean;
  /** Lines and town; the postcode is apart. */
  readonly address: string | null;
  readonly postcode: string | null;
}

/** Rows each lookup may contribute: enough for any real query, bounded for a surname like Smith. */
const CANDIDATES_PER_LOOKUP = 200;

/**
 * Ranked matches for a query among the people `visible` allows (the access layer's filter), best
 * first, at most `limit`. Merged-away records are never returned. The model is the council's own
 * fitted one (stored-model.ts) unless one is given.
 */
export async function findPersonMatches(
  db: Db,
  query: PersonQuery,
  visible?: VisiblePeople,
  limit = 20,
  model?: MatchModel
): Promise<PersonMatch[]> {
  const lookups = candidateLookups(query);
  if (lookups.length === 0) return [];
  // One round trip: the candidates, and beside them what scoring them needs (the model's id, how common
  // the query's names are), each search's few milliseconds being mostly statements and their planning.
  const names = queryNames(query);
  const common = commonNames.get(db);
  const { rows } = await sql<SearchFacts & Partial<CandidateRow>>`
    with facts as (${searchFacts(names, common)})
    select facts.*, candidate.* from facts
    left join lateral (${candidateRows(db, lookups, visible)}) as candidate on true`.execute(db);
  const facts = rows[0] as SearchFacts;
  const people = rows.filter((row): row is SearchFacts & CandidateRow => row.id != null);
  const [matchModel, frequencies] = await Promise.all([
    model ?? matchModelNumbered(db, facts.model_id),
    nameFrequencies(db, names, facts),
  ]);
  const prepared = preparePerson(query);
  const scored = people.map((row) => ({
    candidate: row,
    pair: scorePrepared(prepared, preparePerson(personRecordOf(row)), matchModel, frequencies),
  }));
  return rankCandidates(scored, matchModel, limit).map(({ candidate: row, score, decision, reasons }) => ({
    personId: row.id,
    score,
    decision,
    reasons,
    person: {
      givenName: row.given_name,
      middleNames: row.middle_names,
      familyName: row.family_name,
      dateOfBirth: row.date_of_birth,
      sex: row.sex,
      nhsNumber: row.nhs_number,
      restricted: row.restricted,
      address: addressLines(row) || null,
      postcode: row.postcode,
    },
  }));
}

/** The people the lookups found, with what scoring and the results page need. */
function candidateRows(db: Db, lookups: RawBuilder<unknown>[], visible: VisiblePeople | undefined) {
  const candidateIds = sql`select id from (${sql.join(lookups, sql` union `)}) as candidate`;
  let candidates = db
    .selectFrom('person')
    .where(sql<boolean>`person.id in (${candidateIds})`)
    .where('person.merged_into_id', 'is', null);
  if (visible) candidates = candidates.where(visible);
  return candidates
    .leftJoin('address', 'address.id', 'person.address_id')
    .select([
      'person.id',
      'person.given_name',
      'person.middle_names',
      'person.family_name',
      'person.previous_family_names',
      'person.date_of_birth',
      'person.sex',
      'person.nhs_number',
      'person.restricted',
      'address.line1',
      'address.line2',
      'address.town',
      'address.postcode',
    ]);
}

type CandidateRow = InferResult<ReturnType<typeof candidateRows>>[number];

const NAME_KEYS = sql`person_name_keys(person.given_name, person.family_name, person.previous_family_names)`;

/** The SQL lookups this query can use; each is one index scan, bounded. */
function candidateLookups(query: PersonQuery): RawBuilder<unknown>[] {
  const lookups: RawBuilder<unknown>[] = [];
  const bounded = (where: RawBuilder<unknown>) =>
    sql`(select person.id from person where ${where} limit ${CANDIDATES_PER_LOOKUP})`;
  const birth = query.dateOfBirth ? parseDate(query.dateOfBirth) : undefined;
  const given = query.givenName ? nameWords(query.givenName) : [];
  const family = query.familyName ? nameWords(query.familyName) : [];
  const anyNameKeys = keysOf([...given.flatMap(nicknameVariants), ...family]);
  const nhsNumber = query.nhsNumber ? normaliseIdentifier(query.nhsNumber) : '';
  if (nhsNumber) lookups.push(bounded(sql`person.nhs_number = ${nhsNumber}`));
  if (given.length && family.length) {
    const [givenKeys, familyKeys] = [keysOf(given.flatMap(nicknameVariants)), keysOf(family)];
    lookups.push(bounded(sql`${NAME_KEYS} && ${givenKeys} and ${NAME_KEYS} && ${familyKeys}`));
    // Typos that change how a name sounds; with a date of birth, the date lookups find those.
    if (!birth) {
      const [givenText, familyText] = [given.join(' '), family.join(' ')];
      lookups.push(
        bounded(sql`lower(person.family_name) % ${familyText} and lower(person.given_name) % ${givenText}`)
      );
    }
  } else if (given.length || family.length) {
    lookups.push(bounded(sql`${NAME_KEYS} && ${anyNameKeys}`));
  }
  // Typos of the date are real dates by construction; the first is the date itself when it is real.
  const near = birth ? likelyDateTypos(birth) : [];
  if (birth && near[0]?.digits === birth.digits) {
    lookups.push(bounded(sql`person.date_of_birth = ${isoDate(birth)}::date`));
  }
  if (near.length && (given.length || family.length)) {
    // A filter on the few hundred people born on those days, not an index scan of every name alike. The
    // keys are a subquery, computed once: the search runs as a prepared statement, and its generic plan
    // computed them again for every person it filtered (20 ms of a 35 ms search at a million people).
    const [dates, words] = [near.map(isoDate), [...given, ...family].map((word) => `%${word}%`)];
    const keys = sql`(select ${anyNameKeys})::text[]`;
    lookups.push(
      bounded(sql`person.date_of_birth = any(${dates}::date[]) and (dmetaphone(person.given_name) = any(${keys})
        or dmetaphone(person.family_name) = any(${keys}) or lower(person.family_name) like any(${words}))`)
    );
  }
  const postcode = query.postcode ? normalisePostcode(query.postcode) : '';
  if (postcode) {
    const atPostcode = sql`select address.id from address where replace(upper(address.postcode), ' ', '') = ${postcode}`;
    lookups.push(bounded(sql`person.address_id in (${atPostcode})`));
  }
  return lookups;
}

function isoDate(date: DateParts): string {
  return `${date.digits.slice(0, 4)}-${date.digits.slice(4, 6)}-${date.digits.slice(6)}`;
}

/** Sound codes computed in SQL by the same function the index uses, so both sides always agree. */
function keysOf(words: string[]): RawBuilder<unknown> {
  return sql`person_name_keys(${words.join(' ')}, null, null)`;
}

/** Names this rare are counted; commoner ones take their share from the planner's statistics. */
const COUNTED_UP_TO = 500;

interface QueryNames {
  readonly given: string;
  readonly family: string;
}

function queryNames(query: PersonQuery): QueryNames {
  return {
    given: query.givenName?.trim().toLowerCase() ?? '',
    family: query.familyName?.trim().toLowerCase() ?? '',
  };
}

/** Read with the candidates: the newest model's id, the statistics' version and rare names counted. */
interface SearchFacts {
  model_id: number | null;
  estimate: number;
  statistics_version: string;
  given_count: number | null;
  family_count: number | null;
}

/**
 * The commonest names and their shares, from ANALYZE's most-common-value lists on the lower-case name
 * indexes (counting 20,000 Smiths would be slow). Read once per ANALYZE of the person table: reading the
 * pg_stats view on every search cost more planning than the search itself.
 */
interface CommonNames {
  readonly version: string;
  readonly given: ReadonlyMap<string, number>;
  readonly family: ReadonlyMap<string, number>;
}

const commonNames = new WeakMap<Db, CommonNames>();

/** Changes whenever the person table is analysed (its statistics, and so the common names, renewed). */
const STATISTICS_VERSION = sql<string>`(select concat_ws(',', reltuples, pg_stat_get_last_analyze_time(oid),
  pg_stat_get_last_autoanalyze_time(oid)) from pg_class where oid = 'person'::regclass)`;

function searchFacts(names: QueryNames, common: CommonNames | undefined) {
  // A name not known to be common is counted now: if the statistics turn out newer, it is looked up again.
  const counted = (
    column: 'given_name' | 'family_name',
    name: string,
    shares?: ReadonlyMap<string, number>
  ) => (!name || shares?.has(name) ? sql`null::bigint` : cappedCount(column, name));
  return sql`select ${NEWEST_MODEL_ID} as model_id,
    (select reltuples from pg_class where oid = 'person'::regclass) as estimate,
    ${STATISTICS_VERSION} as statistics_version,
    (${counted('given_name', names.given, common?.given)}) as given_count,
    (${counted('family_name', names.family, common?.family)}) as family_count`;
}

/**
 * How common the query's names are among everyone (not just the visible: a search reveals no rows
 * by it): a common name's share from the statistics, any other name counted, up to a cap.
 */
async function nameFrequencies(db: Db, names: QueryNames, facts: SearchFacts): Promise<NameFrequencies> {
  const common = await currentCommonNames(db, facts.statistics_version);
  const total = facts.estimate >= 1 ? facts.estimate : await countPeople(db);
  const entry = async (
    name: string,
    shares: ReadonlyMap<string, number>,
    count: number | null,
    column: 'given_name' | 'family_name'
  ) => {
    const prepared = prepareName(name);
    if (!prepared) return [];
    const share = shares.get(name);
    const people = share === undefined ? Number(count ?? (await countName(db, column, name))) : share * total;
    return people > 0 ? [[prepared.full, people] as const] : [];
  };
  const [given, family] = await Promise.all([
    entry(names.given, common.given, facts.given_count, 'given_name'),
    entry(names.family, common.family, facts.family_count, 'family_name'),
  ]);
  return { total, given: new Map(given), family: new Map(family) };
}

async function currentCommonNames(db: Db, version: string): Promise<CommonNames> {
  const known = commonNames.get(db);
  if (known?.version === version) return known;
  const { rows } = await sql<{ tablename: string; names: string[] | null; shares: number[] | null }>`
    select tablename, most_common_vals::text::text[] as names, most_common_freqs as shares from pg_stats
    where schemaname = current_schema() and tablename in ('person_given_name_lower', 'person_family_name_lower')`.execute(
    db
  );
  const sharesOf = (index: string) => {
    const row = rows.find((candidate) => candidate.tablename === index);
    return new Map((row?.names ?? []).map((name, at) => [name, Number(row?.shares?.[at])]));
  };
  const common = {
    version,
    given: sharesOf('person_given_name_lower'),
    family: sharesOf('person_family_name_lower'),
  };
  commonNames.set(db, common);
  return common;
}

function cappedCount(column: 'given_name' | 'family_name', name: string) {
  return sql`select count(*) from (select 1 from person where lower(${sql.ref(column)}) = ${name}
    limit ${COUNTED_UP_TO}) as counted`;
}

/** A name the statistics no longer hold as common, counted (rare: only just after an ANALYZE). */
async function countName(db: Db, column: 'given_name' | 'family_name', name: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`${cappedCount(column, name)}`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

async function countPeople(db: Db): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*) as count from person`.execute(db);
  return Number(rows[0]?.count ?? 0);
}
