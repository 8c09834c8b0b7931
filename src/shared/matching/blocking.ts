/**
 * Blocking for bulk matching: only people who share at least one blocking key are compared. Several
 * narrow keys (NHS number; date of birth with a name's sound or the postcode; the date of birth as written
 * with both names' initials; both names' sounds in either order with the birth year, birthday or house;
 * postcode with the given name's sound) keep recall high when any one field is wrong. Queries also try the
 * date of birth's likely typos.
 */
import type { DateParts } from './normalise.ts';
import type { PreparedName, PreparedPerson } from './prepared-person.ts';

const HASH_BITS = 29;
const RECORD_BITS = 24;
const RECORD_SPACE = 2 ** RECORD_BITS;
/** Entries are found through buckets of the hash's top bits: one or two memory reads, not a binary search. */
const BUCKET_SHIFT = 7;
const BUCKETS = 2 ** (HASH_BITS - BUCKET_SHIFT);
/** A key shared by more people than this says too little to be worth comparing them all. */
const LARGEST_USEFUL_BLOCK = 1_000;

/** Each (key hash, record) packed in one float and sorted: compact and fast for a million people. */
export interface BlockingIndex {
  readonly entries: Float64Array;
  /** Where each bucket of hashes starts in `entries` (one past the last bucket: the end). */
  readonly bucketStarts: Int32Array;
}

export function buildBlockingIndex(people: readonly PreparedPerson[]): BlockingIndex {
  return buildBlockingShare(people);
}

/**
 * The blocking index of `people`, numbered from `first`: one share of an index that threads build
 * together, each over its own share of the people, in memory the threads can share when `shared`. The
 * shares are searched together (findCandidatesInShares) as if they were one index.
 *
 * Entries are sorted by a counting sort on their bucket, then each bucket on its own (a few entries):
 * the same order as sorting them all, in a fraction of the time.
 */
export function buildBlockingShare(
  people: readonly PreparedPerson[],
  first = 0,
  shared = false
): BlockingIndex {
  if (first + people.length >= RECORD_SPACE)
    throw new RangeError(`At most ${RECORD_SPACE - 1} people can be indexed`);
  const memory = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const bucketStarts = new Int32Array(memory((BUCKETS + 1) * 4));
  let packed = new Float64Array(Math.max(64, people.length * 16));
  let count = 0;
  for (let at = 0; at < people.length; at++) {
    // A key repeated for one person only repeats an entry: harmless, and cheaper than a Set per person.
    const person = people[at] as PreparedPerson;
    for (const hash of blockingKeys(person, [person.dateOfBirth], 'index')) {
      if (count === packed.length) packed = grow(packed);
      packed[count++] = hash * RECORD_SPACE + first + at;
    }
  }
  for (let at = 0; at < count; at++) {
    const next = bucketOf(packed[at] as number) + 1;
    bucketStarts[next] = (bucketStarts[next] as number) + 1;
  }
  for (let bucket = 1; bucket <= BUCKETS; bucket++) {
    bucketStarts[bucket] = (bucketStarts[bucket] as number) + (bucketStarts[bucket - 1] as number);
  }
  const entries = new Float64Array(memory(count * 8));
  const cursor = bucketStarts.slice(0, BUCKETS);
  for (let at = 0; at < count; at++) {
    const entry = packed[at] as number;
    const bucket = bucketOf(entry);
    entries[(cursor[bucket] as number)++] = entry;
  }
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    sortRange(entries, bucketStarts[bucket] as number, bucketStarts[bucket + 1] as number);
  }
  return { entries, bucketStarts };
}

function grow(packed: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(packed.length * 2);
  grown.set(packed);
  return grown;
}

/** Sorts entries[from, to) in place: by insertion when there are a few, as most buckets have. */
function sortRange(entries: Float64Array, from: number, to: number): void {
  if (to - from > 24) {
    entries.subarray(from, to).sort();
    return;
  }
  for (let at = from + 1; at < to; at++) {
    const entry = entries[at] as number;
    let into = at;
    while (into > from && (entries[into - 1] as number) > entry) {
      entries[into] = entries[into - 1] as number;
      into--;
    }
    entries[into] = entry;
  }
}

function bucketOf(entry: number): number {
  return Math.floor(entry / RECORD_SPACE) >>> BUCKET_SHIFT;
}

/** Indexes of the people sharing a blocking key with the query, each once. */
export function findCandidates(index: BlockingIndex, query: PreparedPerson): number[] {
  return findCandidatesInShares([index], query);
}

/**
 * Indexes of the people sharing a blocking key with the query, each once, in the shares of an index
 * (buildBlockingShare), in the order of the people they hold: found in the same order as in one index
 * of them all (each key's people in the order of the index), and a key shared by too many people in all
 * the shares together is skipped as it would be there.
 */
export function findCandidatesInShares(shares: readonly BlockingIndex[], query: PreparedPerson): number[] {
  const found = new Set<number>();
  const dates = query.dateOfBirth ? likelyDateTypos(query.dateOfBirth) : [undefined];
  const starts = new Array<number>(shares.length);
  const ends = new Array<number>(shares.length);
  // Keys are told apart by their hashes: two keys of one hash would find the same people.
  for (const hash of new Set(blockingKeys(query, dates, 'query'))) {
    const [from, to] = [hash * RECORD_SPACE, (hash + 1) * RECORD_SPACE];
    const bucket = hash >>> BUCKET_SHIFT;
    let size = 0;
    shares.forEach((index, part) => {
      let start = index.bucketStarts[bucket] as number;
      const bucketEnd = index.bucketStarts[bucket + 1] as number;
      while (start < bucketEnd && (index.entries[start] as number) < from) start++;
      let end = start;
      while (end < bucketEnd && (index.entries[end] as number) < to) end++;
      starts[part] = start;
      ends[part] = end;
      size += end - start;
    });
    if (size > LARGEST_USEFUL_BLOCK) continue;
    shares.forEach((index, part) => {
      for (let at = starts[part] as number; at < (ends[part] as number); at++) {
        found.add((index.entries[at] as number) % RECORD_SPACE);
      }
    });
  }
  return [...found];
}

/**
 * The hashes of the person's blocking keys, each hashed from its parts as it would be from the
 * key written out (`dn${date}${code}`): a person's keys are many, and writing each out cost more than
 * hashing it.
 */
function blockingKeys(
  person: PreparedPerson,
  dates: readonly (DateParts | undefined)[],
  side: 'index' | 'query'
): number[] {
  // A query tries alternate sound codes too (Thmoas: 0MS or TMS; Thomas: TMS); the index holds primaries.
  const codesOf = side === 'index' ? primaryCodes : allCodes;
  const given = person.given
    ? [...codesOf(person.given, 2), ...person.given.nicknameGroups.map((group) => `#${group}`)]
    : [];
  const family = [person.family, ...person.previousFamily].flatMap((name) => (name ? codesOf(name, 3) : []));
  const keys: number[] = [];
  if (person.identifier) keys.push(fold(mix(PREFIX.i, person.identifier.digits)));
  const exactDate = dates[0];
  // One prefix for both names, so given and family names swapped still meet.
  const names = [...new Set([...given, ...family])];
  // A date's typos are tried with the names' first codes only: fewer keys, nearly the same recall.
  const firstCodes = [given[0], family[0]].filter((code): code is string => code !== undefined);
  const { postcode } = person;
  for (const date of dates) {
    if (!date) continue;
    const dated = mix(PREFIX.dn, date.digits);
    for (const key of date === exactDate ? names : firstCodes) keys.push(fold(mix(dated, key)));
    if (postcode) keys.push(fold(mix(mix(PREFIX.dp, date.digits), postcode)));
  }
  const birth = person.dateOfBirth;
  // The date of birth as written with both names' initials (sorted, for swapped names): for both names
  // misspelt so that neither sounds as it should (Jhon Smtih) when the postcode does not agree either.
  if (birth && person.given && person.family) {
    const [a, b] = [person.given.full.charAt(0), person.family.full.charAt(0)];
    keys.push(fold(mix(mix(mix(PREFIX.di, birth.digits), a < b ? a : b), a < b ? b : a)));
  }
  // The house by its number and street with both names' first sounds (sorted, for swapped names): for
  // no postcode (or a mistyped one) and a date of birth written wrongly.
  const house = houseOf(person.address);
  if (house && firstCodes.length === 2) {
    const [a, b] = firstCodes as [string, string];
    keys.push(fold(mixPair(mix(PREFIX.h, house), a, b)));
  }
  if (postcode) {
    const withFamily = mix(PREFIX.pf, postcode);
    for (const key of family) keys.push(fold(mix(withFamily, key)));
  }
  const withGiven = postcode ? mix(PREFIX.pg, postcode) : 0;
  const year = birth ? String(birth.year) : '';
  for (const first of given) {
    if (postcode) keys.push(fold(mix(withGiven, first)));
    for (const second of family) {
      // Sorted, so given and family names swapped still meet.
      // Names alone only for a query without a date of birth: the index holds them for every record.
      if (side === 'index' || !birth) keys.push(fold(mixPair(PREFIX.n, first, second)));
      if (birth) {
        keys.push(
          fold(mix(mixPair(PREFIX.ny, first, second), year)),
          fold(mix(mixPair(PREFIX.nd, first, second), birth.digits, 4))
        );
      }
    }
  }
  return keys;
}

/** The house number and the word after it ('41 oak' in 'Flat 3, 41 Oak View'), if the address has them. */
export function houseOf(address: readonly string[] | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.findIndex((word, index) => /\d/.test(word) && /^[a-z]+$/.test(address[index + 1] ?? ''));
  return at < 0 ? undefined : `${address[at]} ${address[at + 1]}`;
}

function allCodes(name: PreparedName, words: number): string[] {
  return name.wordCodes
    .slice(0, words)
    .flatMap((codes, index) => (codes.length ? codes : (name.words[index] ?? [])));
}

function primaryCodes(name: PreparedName, words: number): string[] {
  return name.wordCodes.slice(0, words).flatMap((codes, index) => codes[0] ?? name.words[index] ?? []);
}

/** The date as written and its likely typos: day and month swapped, a day, month or year out. */
export function likelyDateTypos(date: DateParts): DateParts[] {
  const variants = [
    [date.year, date.month, date.day],
    [date.year, date.day, date.month],
    [date.year, date.month, date.day - 1],
    [date.year, date.month, date.day + 1],
    [date.year, date.month - 1, date.day],
    [date.year, date.month + 1, date.day],
    [date.year - 1, date.month, date.day],
    [date.year + 1, date.month, date.day],
  ];
  return variants.flatMap(([year, month, day]) => dateFrom(year as number, month as number, day as number));
}

function dateFrom(year: number, month: number, day: number): DateParts[] {
  if (month < 1 || month > 12) return [];
  const at = new Date(Date.UTC(year, month - 1, day));
  const [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
  const digits = `${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  return [{ year: y, month: m, day: d, digits, dayNumber: at.getTime() / 86_400_000 }];
}

/*
 * A key's hash is FNV-1a, folded to HASH_BITS so a packed entry stays an exact float: fold(mix(FNV_OFFSET,
 * key)). FNV-1a reads a key a character at a time, so a key is hashed from its parts (mixing each in turn)
 * exactly as from the key written out.
 */
const FNV_OFFSET = 0x811c9dc5;

/** The FNV-1a state after `hash` has read `text` from `from`. */
function mix(hash: number, text: string, from = 0): number {
  for (let index = from; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** The state after reading two names in order, joined by '|' (`${a}|${b}` with a < b). */
function mixPair(hash: number, first: string, second: string): number {
  return first < second ? mix(mix(mix(hash, first), '|'), second) : mix(mix(mix(hash, second), '|'), first);
}

function fold(hash: number): number {
  return (hash >>> 0) & (2 ** HASH_BITS - 1);
}

/** Each kind of key's prefix, read once. */
const PREFIX = {
  i: mix(FNV_OFFSET, 'i'),
  dn: mix(FNV_OFFSET, 'dn'),
  dp: mix(FNV_OFFSET, 'dp'),
  di: mix(FNV_OFFSET, 'di'),
  h: mix(FNV_OFFSET, 'h'),
  pf: mix(FNV_OFFSET, 'pf'),
  pg: mix(FNV_OFFSET, 'pg'),
  n: mix(FNV_OFFSET, 'n'),
  ny: mix(FNV_OFFSET, 'ny'),
  nd: mix(FNV_OFFSET, 'nd'),
};
