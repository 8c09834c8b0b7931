/**
 * A person as the matcher sees them: every field normalised once, names with their words, sound
 * codes and nickname groups, so comparing two people costs only comparisons.
 */
import { isValidNhsNumber } from '../nhs-number.ts';
import { nicknameKeys } from './nicknames.ts';
import {
  addressWords,
  nameWords,
  normaliseIdentifier,
  normalisePostcode,
  normaliseSex,
  outwardCode,
  parseDate,
  type DateParts,
} from './normalise.ts';
import { soundCodes } from './phonetics.ts';

/** What a query or an index record may say about a person; every field may be missing. */
export interface PersonRecord {
  givenName?: string | null;
  middleNames?: string | null;
  familyName?: string | null;
  previousFamilyNames?: readonly string[] | null;
  /** 'YYYY-MM-DD'. */
  dateOfBirth?: string | null;
  sex?: string | null;
  postcode?: string | null;
  address?: string | null;
  nhsNumber?: string | null;
}

export interface PreparedName {
  /** The words run together: 'Mc Donald' and 'McDonald' agree exactly. */
  readonly full: string;
  readonly words: readonly string[];
  /** Double metaphone codes (primary and alternate) of every word. */
  readonly codes: readonly string[];
  /** Each word's own codes, primary first. */
  readonly wordCodes: readonly (readonly string[])[];
  readonly nicknameGroups: readonly number[];
}

export interface Identifier {
  readonly digits: string;
  /** Passes the NHS number check digit: a typo almost never does. */
  readonly validNhsNumber: boolean;
}

export interface PreparedPerson {
  readonly given?: PreparedName;
  readonly middle?: PreparedName;
  readonly family?: PreparedName;
  readonly previousFamily: readonly PreparedName[];
  readonly dateOfBirth?: DateParts;
  readonly sex?: 'M' | 'F';
  readonly postcode?: string;
  readonly outward?: string;
  readonly address?: readonly string[];
  readonly identifier?: Identifier;
}

const NAME_CACHE_LIMIT = 200_000;
const nameCache = new Map<string, PreparedName | undefined>();

/** Names recur (a million records hold a few thousand names), so each distinct spelling is prepared once. */
export function prepareName(raw: string | null | undefined): PreparedName | undefined {
  if (!raw) return undefined;
  if (nameCache.has(raw)) return nameCache.get(raw);
  const words = nameWords(raw);
  const wordCodes = words.map((word) => soundCodes(word));
  const prepared = words.length
    ? {
        full: words.join(''),
        words,
        codes: [...new Set(wordCodes.flat())],
        wordCodes,
        nicknameGroups: [...new Set(words.flatMap((word) => nicknameKeys(word)))],
      }
    : undefined;
  if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
  nameCache.set(raw, prepared);
  return prepared;
}

export function preparePerson(record: PersonRecord): PreparedPerson {
  const postcode = record.postcode ? normalisePostcode(record.postcode) : '';
  const address = record.address ? addressWords(record.address) : [];
  const digits = record.nhsNumber ? normaliseIdentifier(record.nhsNumber) : '';
  return {
    given: prepareName(record.givenName),
    middle: prepareName(record.middleNames),
    family: prepareName(record.familyName),
    previousFamily: (record.previousFamilyNames ?? []).flatMap((name) => prepareName(name) ?? []),
    dateOfBirth: record.dateOfBirth ? parseDate(record.dateOfBirth) : undefined,
    sex: record.sex ? normaliseSex(record.sex) : undefined,
    postcode: postcode || undefined,
    outward: postcode ? outwardCode(postcode) : undefined,
    address: address.length ? address : undefined,
    identifier: digits ? { digits, validNhsNumber: isValidNhsNumber(digits) } : undefined,
  };
}
