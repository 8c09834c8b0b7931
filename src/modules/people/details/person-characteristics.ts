/*
 * A person's coded characteristics, pure: the DfE children in need census 2025-26 code lists
 * (CIN_schema_2026.xsd; see the reference cin-census.md) and the UPN check. Ethnicity labels are in
 * ../code-labels.ts. A rule number in a comment is the census validation rule it keeps the record clear of.
 */

/** Ethnicity (census list; labels in ../code-labels.ts). */
export const ETHNICITY_CODES = [
  'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH',
  'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const; // prettier-ignore

export const DISABILITIES: Record<string, string> = {
  NONE: 'No disability',
  MOB: 'Mobility',
  HAND: 'Hand function',
  PC: 'Personal care',
  INC: 'Incontinence',
  COMM: 'Communication',
  LD: 'Learning',
  HEAR: 'Hearing',
  VIS: 'Vision',
  BEH: 'Behaviour',
  CON: 'Consciousness',
  AUT: 'Autism',
  DDA: 'Other',
};

/** "No disability": only on its own (rule 8790). */
export const NO_DISABILITY = 'NONE';

/** What is wrong with the disabilities chosen, or null. */
export function disabilitiesProblem(codes: readonly string[]): string | null {
  const unknown = codes.find((code) => !(code in DISABILITIES));
  if (unknown) return `‘${unknown}’ is not a disability code. Choose from the list`;
  if (new Set(codes).size !== codes.length) return 'Choose each disability only once'; // rule 8794
  if (codes.includes(NO_DISABILITY) && codes.length > 1)
    return 'You cannot choose ‘No disability’ together with a disability';
  return null;
}

const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** UPN characters 2–4: the local authority (or pseudo-LA) codes the census accepts (rule 1530). */
const UPN_LA_RANGES: [number, number][] = [
  [1, 5], [201, 213], [301, 320], [330, 336], [340, 344], [350, 359], [370, 373], [380, 384], [390, 394],
  [660, 681], [701, 708], [800, 803], [805, 808], [810, 813], [820, 823], [835, 839], [850, 852],
  [855, 857], [865, 896], [935, 938], [940, 941],
]; // prettier-ignore
const UPN_LA_CODES = [
  420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928,
  929, 931, 933, 942, 943,
]; // prettier-ignore

/**
 * A unique pupil number as the census checks it: a check letter, 11 digits, then a digit or a letter
 * other than I, O or S (rules 1510–1550). Answers the problem, or null for a valid UPN.
 */
export function upnProblem(upn: string): string | null {
  if (!/^[A-Z][0-9]{11}[0-9A-Z]$/.test(upn))
    return 'Enter a UPN of 13 characters: a capital letter, 11 numbers, then a number or a capital letter';
  if ('IOS'.includes(upn[12]!)) return 'The last character of the UPN cannot be I, O or S';
  const la = Number(upn.slice(1, 4));
  if (!UPN_LA_CODES.includes(la) && !UPN_LA_RANGES.some(([from, to]) => la >= from && la <= to))
    return `The UPN is not valid: ${upn.slice(1, 4)} is not a local authority code`;
  if (upnCheckLetter(upn) !== upn[0]) return 'The UPN is not valid: check it for a mistyped character';
  return null;
}

/**
 * The DfE check letter (character 1) of a UPN: characters 2–13 weighted 2–13 (a letter in position
 * 13 counts as its place in CHECK_LETTERS), the sum modulo 23 picks the letter.
 */
export function upnCheckLetter(upn: string): string {
  let sum = 0;
  for (let index = 1; index < 13; index++) {
    const character = upn[index]!;
    const value = /[0-9]/.test(character) ? Number(character) : CHECK_LETTERS.indexOf(character);
    sum += value * (index + 1);
  }
  return CHECK_LETTERS[sum % 23]!;
}
