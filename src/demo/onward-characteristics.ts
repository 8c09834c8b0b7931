/**
 * The characteristics the returns need for the demo council's children in need: ethnicity, disability
 * and the unique pupil number (UPN) or why it is unknown. Pure and deterministic.
 */
import { addDays, addMonths } from '../modules/returns/cin-census/census-dates.ts';
import { upnCheckLetter } from '../modules/returns/cin-census/rules-a.ts';
import { ETHNICITY_CODES } from '../modules/onward/onward-rules.ts';
import { weightedTable, type Random } from '../shared/random.ts';

/**
 * UPNs carry the code of the authority whose school issued them (characters 2–4, census rule 1530). The
 * demo council's own code, 999, is not one of those, so its schools use a code from the DfE list and a
 * few children came from schools in neighbouring authorities.
 */
const SCHOOL_LA_CODES = weightedTable([
  ['881', 88],
  ['882', 6],
  ['883', 4],
  ['886', 2],
]);

const DISABILITY_COUNT = weightedTable([
  [0, 86],
  [1, 11],
  [2, 3],
]);

const DISABILITY_CODES = weightedTable([
  ['LD', 20],
  ['BEH', 18],
  ['AUT', 16],
  ['COMM', 12],
  ['DDA', 8],
  ['MOB', 6],
  ['HEAR', 5],
  ['VIS', 4],
  ['PC', 4],
  ['HAND', 3],
  ['INC', 3],
  ['CON', 1],
]);

const VALID_ETHNICITY: ReadonlySet<string> = new Set(ETHNICITY_CODES);

/** The census's code for the child's ethnicity: as recorded, or "not yet obtained" (NOBT). */
export function censusEthnicity(recorded: string | null): string {
  return recorded !== null && VALID_ETHNICITY.has(recorded) ? recorded : 'NOBT';
}

/** Disabilities: mostly NONE (on its own, rule 8790), sometimes one or two different codes. */
export function disabilitiesFor(random: Random): string[] {
  const count = random.weighted(DISABILITY_COUNT);
  const codes = new Set<string>();
  while (codes.size < count) codes.add(random.weighted(DISABILITY_CODES));
  return count === 0 ? ['NONE'] : [...codes];
}

/**
 * The latest birth date of a child of school age in the census year that is open on `today`: born on or
 * before 31 August four years before the coming September (the census's cut-off, rule 8770Q).
 */
export function schoolAgeCutoff(today: string): string {
  const year = Number(today.slice(0, 4));
  const referenceDate = today <= `${year}-03-31` ? `${year}-03-31` : `${year + 1}-03-31`;
  return addMonths(addDays(addMonths(referenceDate, 4), 31), -48);
}

/**
 * Unique pupil numbers with a correct check letter (rule 1510): the LA code, a four-digit school number,
 * the two-digit year the number was issued and a three-digit serial. Each number made is different.
 */
export class UpnMaker {
  private issued = 0;

  constructor(private readonly random: Random) {}

  next(dateOfBirth: string): string {
    const serial = this.issued++;
    const school = String(2001 + Math.floor(serial / 1000)).padStart(4, '0');
    // Issued when the child started school, the September after they turned four.
    const year = String((Number(dateOfBirth.slice(0, 4)) + 5) % 100).padStart(2, '0');
    const body = `${this.random.weighted(SCHOOL_LA_CODES)}${school}${year}${String(serial % 1000).padStart(3, '0')}`;
    return `${upnCheckLetter(`A${body}`)}${body}`;
  }
}
