/**
 * Pure rules for merging two person records: what conflicts between them, which merges are impossible
 * (refused with the reason), and what the administrator must say and tick before a possible one goes
 * ahead. No I/O: merge.service.ts gathers the facts and enforces the outcome on the server.
 */
import { meaningfulTextProblem, wordsOf } from '../../../shared/meaningful-text.ts';
import { nicknameKeys } from '../../../shared/matching/nicknames.ts';
import { isValidNhsNumber, normaliseNhsNumber } from '../../../shared/nhs-number.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';

/** What the rules need to know about one of the two records. Dates are 'YYYY-MM-DD'. */
export interface MergeRecordFacts {
  id: number;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: 'M' | 'F' | 'U';
  nhsNumber: string | null;
  upn: string | null;
  restricted: boolean;
  /** The record this one was merged into, if it has been. */
  mergedIntoId: number | null;
  /** How many other records are merged into this one. */
  mergedIntoThis: number;
  /** Contacts about this child not yet completed. */
  openContacts: number;
  /** Involvements (early help, child in need, plans…) not yet ended. */
  openInvolvements: number;
}

/** Facts about the two records together. */
export interface MergePairFacts {
  /** One is a parent or carer of the other: in one household, or named so on a contact about the other. */
  parentOrCarerOfOther: boolean;
  /** Someone already recorded that these are not the same person (the duplicates list). */
  recordedNotSame: { reason: string } | null;
}

export type ConflictCode =
  | 'given_name'
  | 'family_name'
  | 'sex'
  | 'date_of_birth'
  | 'unborn'
  | 'generation'
  | 'nhs_number'
  | 'upn'
  | 'restricted'
  | 'open_work'
  | 'recorded_not_same';

/** A difference the administrator must check and tick before merging. */
export interface MergeConflict {
  code: ConflictCode;
  /** Which row of the side-by-side comparison it concerns. */
  field: 'name' | 'sex' | 'dateOfBirth' | 'identifiers' | 'restricted' | 'openWork' | 'pair';
  text: string;
}

export interface MergeAssessment {
  /** Why the merge is impossible; empty when it may go ahead. */
  refusals: string[];
  /** What must be checked, each ticked, before it goes ahead. */
  conflicts: MergeConflict[];
}

/** Records born further apart than this are a generation apart (a parent and a child). */
export const GENERATION_GAP_YEARS = 12;
/** A baby can come this early (about 24 weeks' gestation) or this late, and still be the unborn baby. */
const BORN_EARLY_DAYS = 16 * 7;
const BORN_LATE_DAYS = 6 * 7;
const ADULT_AGE = 18;
const DAY_MS = 86_400_000;

/** The reason needs at least this many letters and digits, in at least this many words. */
export const REASON_MIN_CHARACTERS = 20;
const REASON_MIN_WORDS = 4;
export const REASON_MESSAGE =
  'Say why these are the same person, in at least 20 characters: what you checked and with whom';
export const CONFLICT_REASON_MESSAGE =
  'Say why these are the same person despite the differences listed, in at least 20 characters: what you checked and with whom';
export const UNTICKED_MESSAGE = 'Tick each difference to confirm you have checked it';

/**
 * Judges merging `duplicate` into `kept` on `today`. Refusals are the merges that cannot be right or
 * would expose a restricted record; conflicts are the differences a person must check.
 */
export function assessMerge(
  kept: MergeRecordFacts,
  duplicate: MergeRecordFacts,
  pair: MergePairFacts,
  today: string
): MergeAssessment {
  const refusals: string[] = [];
  const conflicts: MergeConflict[] = [];
  const refuse = (text: string) => refusals.push(text);
  const check = (code: ConflictCode, field: MergeConflict['field'], text: string) =>
    conflicts.push({ code, field, text });

  if (kept.id === duplicate.id) return { refusals: ['A record cannot be merged into itself'], conflicts };
  if (duplicate.mergedIntoId !== null) refuse('That record has already been merged into another');
  if (kept.mergedIntoId !== null)
    refuse('This record has itself been merged: merge into the record it was merged into');
  if (duplicate.mergedIntoThis > 0) refuse('Other records are merged into that one: undo those merges first');
  if (duplicate.restricted && !kept.restricted)
    refuse(
      'The duplicate is restricted and the record kept is not: its history would show to everyone who can see the record kept. Restrict the record kept first, or keep the restricted one'
    );
  if (pair.parentOrCarerOfOther)
    refuse(
      'One of these people is recorded as a parent or carer of the other: they cannot be the same person'
    );

  judgeBirth(kept, duplicate, today, refuse, check);
  judgeIdentifiers(kept, duplicate, refuse, check);
  judgeNames(kept, duplicate, check);

  if (kept.sex !== 'U' && duplicate.sex !== 'U' && kept.sex !== duplicate.sex)
    check('sex', 'sex', `The sex recorded differs: ${sexLabel(kept.sex)} and ${sexLabel(duplicate.sex)}`);
  if (kept.restricted)
    check(
      'restricted',
      'restricted',
      duplicate.restricted
        ? 'Both records are restricted: the people with access to the duplicate will not see the record kept unless given access'
        : 'The record kept is restricted: the duplicate’s history will be seen only by those with access to it'
    );
  const keptWork = kept.openContacts + kept.openInvolvements;
  const duplicateWork = duplicate.openContacts + duplicate.openInvolvements;
  if (keptWork > 0 && duplicateWork > 0)
    check(
      'open_work',
      'openWork',
      `Both records have open work (${openWork(kept)} on the record kept; ${openWork(duplicate)} on the duplicate): tell both teams who holds the child`
    );
  if (pair.recordedNotSame)
    check(
      'recorded_not_same',
      'pair',
      `Someone recorded that these are not the same person: “${pair.recordedNotSame.reason}”`
    );
  return { refusals, conflicts };
}

function judgeBirth(
  kept: MergeRecordFacts,
  duplicate: MergeRecordFacts,
  today: string,
  refuse: (text: string) => void,
  check: (code: ConflictCode, field: MergeConflict['field'], text: string) => void
): void {
  const [keptUnborn, duplicateUnborn] = [isUnborn(kept), isUnborn(duplicate)];
  if (keptUnborn !== duplicateUnborn) {
    const unborn = keptUnborn ? kept : duplicate;
    const born = keptUnborn ? duplicate : kept;
    const due = unborn.expectedDateOfBirth;
    if (!born.dateOfBirth || !due) {
      check(
        'unborn',
        'dateOfBirth',
        'One record is an unborn baby and the other is not; neither date says when'
      );
      return;
    }
    const bornBeforeDue = daysBetween(born.dateOfBirth, due);
    if (bornBeforeDue > BORN_EARLY_DAYS || bornBeforeDue < -BORN_LATE_DAYS) {
      refuse(
        `An unborn baby (due ${day(due)}) cannot be the same person as someone born ${day(born.dateOfBirth)}, ${describeGap(Math.abs(bornBeforeDue))} ${bornBeforeDue > 0 ? 'before' : 'after'} the baby is due`
      );
      return;
    }
    check(
      'unborn',
      'dateOfBirth',
      `One record is an unborn baby due ${day(due)}; the other was born ${day(born.dateOfBirth)}: check this is the baby, born`
    );
    return;
  }
  if (keptUnborn && duplicateUnborn) {
    if (kept.expectedDateOfBirth && duplicate.expectedDateOfBirth) {
      const apart = Math.abs(daysBetween(kept.expectedDateOfBirth, duplicate.expectedDateOfBirth));
      if (apart > 0)
        check('unborn', 'dateOfBirth', `Both are unborn babies, due ${describeGap(apart)} apart`);
    }
    return;
  }
  if (!kept.dateOfBirth || !duplicate.dateOfBirth) return;
  const apart = Math.abs(daysBetween(kept.dateOfBirth, duplicate.dateOfBirth));
  if (apart === 0) return;
  const [keptAdult, duplicateAdult] = [
    ageOn(kept.dateOfBirth, today) >= ADULT_AGE,
    ageOn(duplicate.dateOfBirth, today) >= ADULT_AGE,
  ];
  const adultAndChild = keptAdult !== duplicateAdult ? ': one is an adult and the other a child' : '';
  if (apart > GENERATION_GAP_YEARS * 365.25)
    check(
      'generation',
      'dateOfBirth',
      `The dates of birth are ${describeGap(apart)} apart${adultAndChild}: these may be a parent and a child`
    );
  else
    check(
      'date_of_birth',
      'dateOfBirth',
      `The dates of birth are ${describeGap(apart)} apart${adultAndChild}`
    );
}

function judgeIdentifiers(
  kept: MergeRecordFacts,
  duplicate: MergeRecordFacts,
  refuse: (text: string) => void,
  check: (code: ConflictCode, field: MergeConflict['field'], text: string) => void
): void {
  if (kept.nhsNumber && duplicate.nhsNumber) {
    const [a, b] = [normaliseNhsNumber(kept.nhsNumber), normaliseNhsNumber(duplicate.nhsNumber)];
    if (a !== b) {
      if (isValidNhsNumber(a) && isValidNhsNumber(b))
        refuse('The records have two different valid NHS numbers: an NHS number belongs to one person');
      else
        check(
          'nhs_number',
          'identifiers',
          'The NHS numbers differ (one fails the check digit, so may be mistyped): check with health'
        );
    }
  }
  if (kept.upn && duplicate.upn && kept.upn.trim().toUpperCase() !== duplicate.upn.trim().toUpperCase())
    check(
      'upn',
      'identifiers',
      'The unique pupil numbers differ: a UPN belongs to one pupil, so check with the school'
    );
}

function judgeNames(
  kept: MergeRecordFacts,
  duplicate: MergeRecordFacts,
  check: (code: ConflictCode, field: MergeConflict['field'], text: string) => void
): void {
  const sameBirth =
    kept.dateOfBirth !== null && kept.dateOfBirth === duplicate.dateOfBirth
      ? ' with the same date of birth: twins often share a surname, address and date of birth'
      : '';
  if (!sameGivenName(kept.givenName, duplicate.givenName))
    check(
      'given_name',
      'name',
      `The given names differ: ${kept.givenName} and ${duplicate.givenName}${sameBirth}`
    );
  if (wordsOf(kept.familyName).join(' ') !== wordsOf(duplicate.familyName).join(' '))
    check('family_name', 'name', `The family names differ: ${kept.familyName} and ${duplicate.familyName}`);
}

/** The same first given name, or one a nickname of the other (Tom and Thomas). */
function sameGivenName(a: string, b: string): boolean {
  const [first, second] = [wordsOf(a)[0] ?? '', wordsOf(b)[0] ?? ''];
  if (first === second) return true;
  const groups = new Set(nicknameKeys(first));
  return nicknameKeys(second).some((group) => groups.has(group));
}

/**
 * What is wrong with the administrator's reason and ticks, by form field, or null when the merge may
 * go ahead. Every conflict listed must be ticked; the reason must say something, at some length.
 */
export function mergeConfirmationProblems(
  assessment: MergeAssessment,
  reason: string,
  ticked: readonly string[]
): { reason?: string; checked?: string } | null {
  const problems: { reason?: string; checked?: string } = {};
  const message = assessment.conflicts.length ? CONFLICT_REASON_MESSAGE : REASON_MESSAGE;
  const letters = wordsOf(reason).join('').length;
  if (
    meaningfulTextProblem(reason, { minWords: REASON_MIN_WORDS, message }) ||
    letters < REASON_MIN_CHARACTERS
  )
    problems.reason = message;
  if (assessment.conflicts.some((conflict) => !ticked.includes(conflict.code)))
    problems.checked = UNTICKED_MESSAGE;
  return problems.reason || problems.checked ? problems : null;
}

export function isUnborn(record: Pick<MergeRecordFacts, 'dateOfBirth' | 'expectedDateOfBirth'>): boolean {
  return record.dateOfBirth === null && record.expectedDateOfBirth !== null;
}

/** Days from `from` to `to` (positive when `to` is later). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** "3 days", "5 months", "31 years": how far apart, in the unit a person would use. */
export function describeGap(days: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (days < 62) return plural(days, 'day');
  if (days < 730) return plural(Math.round(days / 30.44), 'month');
  return plural(Math.floor(days / 365.25), 'year');
}

function day(date: string): string {
  return formatUk(date, UK_FORMATS.date);
}

function sexLabel(sex: 'M' | 'F' | 'U'): string {
  return sex === 'M' ? 'male' : sex === 'F' ? 'female' : 'not known';
}

function openWork(record: MergeRecordFacts): string {
  const parts = [
    record.openContacts ? `${record.openContacts} open contact${record.openContacts === 1 ? '' : 's'}` : '',
    record.openInvolvements
      ? `${record.openInvolvements} open involvement${record.openInvolvements === 1 ? '' : 's'}`
      : '',
  ];
  return parts.filter(Boolean).join(' and ');
}
