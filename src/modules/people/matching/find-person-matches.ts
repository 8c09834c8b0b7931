/**
 * The search page's matcher: a few narrow, indexed SQL lookups gather candidates (same NHS number;
 * names that sound alike in either order; a date of birth near the query's with any name alike; the
 * exact date of birth; names within trigram typo distance; the same postcode), then every candidate
 * is scored in TypeScript with the same model as bulk matching and ranked with its reasons.
 */
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
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
import { addressLines, currentMatchModel, personRecordOf } from './stored-model.ts';

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
  const matchModel = model ?? (await currentMatchModel(db));
  const candidateIds = sql`select id from (${sql.join(lookups, sql` union `)}) as candidate`;
  let candidates = db
    .selectFrom('person')
    .where(sql<boolean>`person.id in (${candidateIds})`)
    .where('person.merged_into_id', 'is', null);
  if (visible) candidates = candidates.where(visible);
  const rows = await candidates
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
    ])
    .execute();
  const frequencies = await nameFrequencies(db, query);
  const prepared = preparePerson(query);
  const scored = rows.map((row) => ({
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
    // A filter on the few hundred people born on those days, not an index scan of every name alike.
    const [dates, words] = [near.map(isoDate), [...given, ...family].map((word) => `%${word}%`)];
    lookups.push(
      bounded(sql`person.date_of_birth = any(${dates}::date[]) and (dmetaphone(person.given_name) = any(${anyNameKeys})
        or dmetaphone(person.family_name) = any(${anyNameKeys}) or lower(person.family_name) like any(${words}))`)
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

/**
 * How common the query's names are among everyone (not just the visible: a search reveals no rows
 * by it). Common names' shares come from ANALYZE's most-common-value lists on the lower-case name
 * indexes (counting 20,000 Smiths would be slow); other names are counted, up to a cap.
 */
async function nameFrequencies(db: Db, query: PersonQuery): Promise<NameFrequencies> {
  const given = query.givenName?.trim().toLowerCase() ?? '';
  const family = query.familyName?.trim().toLowerCase() ?? '';
  const { rows } = await sql<NameStatistics>`
    with shares as (
      select
        (${commonShare('person_given_name_lower', given)}) as given_share,
        (${commonShare('person_family_name_lower', family)}) as family_share,
        (select reltuples from pg_class where oid = 'person'::regclass) as estimate
    )
    select given_share, family_share, estimate,
      case when given_share is null then (${cappedCount('given_name', given)}) end as given_count,
      case when family_share is null then (${cappedCount('family_name', family)}) end as family_count
    from shares`.execute(db);
  const statistics = rows[0] as NameStatistics;
  const total = statistics.estimate >= 1 ? statistics.estimate : await countPeople(db);
  const entry = (name: string, share: number | null, count: number | null) => {
    const prepared = prepareName(name);
    const people = share === null ? (count ?? 0) : share * total;
    return prepared && people > 0 ? [[prepared.full, people] as const] : [];
  };
  return {
    total,
    given: new Map(entry(given, statistics.given_share, statistics.given_count)),
    family: new Map(entry(family, statistics.family_share, statistics.family_count)),
  };
}

interface NameStatistics {
  given_share: number | null;
  family_share: number | null;
  given_count: number | null;
  family_count: number | null;
  estimate: number;
}

function commonShare(index: string, name: string) {
  return sql`select most_common_freqs[array_position(most_common_vals::text::text[], ${name}::text)]
    from pg_stats where schemaname = current_schema() and tablename = ${index}`;
}

function cappedCount(column: 'given_name' | 'family_name', name: string) {
  return sql`select count(*) from (select 1 from person where lower(${sql.ref(column)}) = ${name}
    limit ${COUNTED_UP_TO}) as counted`;
}

async function countPeople(db: Db): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*) as count from person`.execute(db);
  return Number(rows[0]?.count ?? 0);
}
