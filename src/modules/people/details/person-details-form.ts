import { DateTime } from 'luxon';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { isoDate } from '../person-search.ts';
import { DISABILITIES, disabilitiesProblem, ETHNICITY_CODES, upnProblem } from './person-characteristics.ts';

export type FormValues = Record<string, string | string[] | undefined>;

/** A person's details as "Change details" saves them; null is "not recorded". */
export interface PersonDetails {
  /** The characteristics version the form was opened at. */
  version: number;
  ethnicity: string | null;
  language: string | null;
  interpreterNeeded: boolean | null;
  /** Census disability codes; null when not recorded, ['NONE'] for no disability. */
  disabilities: string[] | null;
  upn: string | null;
  /** Only for an unborn child (no date of birth); otherwise left as it is. */
  expectedDateOfBirth: string | null;
}

/** What the form needs to know about the person: an unborn child has an expected date of birth instead. */
export interface DetailsSubject {
  unborn: boolean;
}

/** An unborn child's expected date of birth is at most 9 months ahead (a pregnancy's length). */
const EXPECTED_BIRTH_MONTHS_AHEAD = 9;

/**
 * Parses the "Change details" form. Every problem is reported at once, GOV.UK style, against its field;
 * the UPN is checked by its DfE check letter, the codes against the census lists.
 */
export function parsePersonDetails(
  values: FormValues,
  subject: DetailsSubject,
  today: string
): { ok: true; details: PersonDetails } | { ok: false; errors: FormErrors } {
  const problems: [string, string][] = [];
  const add = (field: string, message: string | null) => {
    if (message) problems.push([field, message]);
  };
  const version = Number(text(values, 'version'));
  if (!Number.isInteger(version) || version < 1)
    add('version', 'Open the form again from the person’s record');

  const ethnicity = text(values, 'ethnicity') || null;
  if (ethnicity && !(ETHNICITY_CODES as readonly string[]).includes(ethnicity))
    add('ethnicity', 'Select the person’s ethnicity from the list');

  const language = text(values, 'language') || null;
  if (language && language.length > 100) add('language', 'The language must be 100 characters or fewer');

  const interpreter = text(values, 'interpreterNeeded');
  if (!['', 'yes', 'no'].includes(interpreter))
    add('interpreterNeeded', 'Select whether an interpreter is needed');
  const interpreterNeeded = interpreter === '' ? null : interpreter === 'yes';
  if (interpreterNeeded && !language)
    add(
      'language',
      'Enter the language the person needs an interpreter for, like Polish or British Sign Language'
    );

  const ticked = list(values, 'disabilities');
  add('disabilities', disabilitiesProblem(ticked));

  const upn = text(values, 'upn').replace(/\s+/g, '').toUpperCase() || null;
  if (upn) add('upn', upnProblem(upn));

  const expectedDateOfBirth = expectedBirth(values, subject, today, add);
  if (problems.length > 0) return { ok: false, errors: errorsOf(problems) };
  return {
    ok: true,
    details: {
      version,
      ethnicity,
      language,
      interpreterNeeded,
      disabilities: ticked.length ? ticked : null,
      upn,
      expectedDateOfBirth,
    },
  };
}

function expectedBirth(
  values: FormValues,
  subject: DetailsSubject,
  today: string,
  add: (field: string, message: string | null) => void
): string | null {
  const parts = (['day', 'month', 'year'] as const).map((part) =>
    text(values, `expectedDateOfBirth-${part}`)
  );
  if (!parts.some(Boolean)) return null;
  // The form offers the date only for an unborn child; a crafted post for any other is refused.
  if (!subject.unborn) {
    add('expectedDateOfBirth', 'Only an unborn child has an expected date of birth');
    return null;
  }
  const [day, month, year] = parts;
  const date = isoDate({ 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year });
  if (!date) {
    add('expectedDateOfBirth', 'The expected date of birth must be a real date, for example 27 3 2027');
    return null;
  }
  const latest = DateTime.fromISO(today).plus({ months: EXPECTED_BIRTH_MONTHS_AHEAD }).toISODate()!;
  if (date > latest)
    add('expectedDateOfBirth', 'The expected date of birth must be within 9 months from today');
  return date;
}

/** The form as it opens: what is recorded now, at its version. */
export function detailsFormValues(person: {
  characteristics_version: number;
  ethnicity: string | null;
  language: string | null;
  interpreter_needed: boolean | null;
  disabilities: string[] | null;
  upn: string | null;
  expected_date_of_birth: string | null;
}): FormValues {
  const [year, month, day] = person.expected_date_of_birth?.split('-') ?? [];
  return {
    version: String(person.characteristics_version),
    ethnicity: person.ethnicity ?? '',
    language: person.language ?? '',
    interpreterNeeded: person.interpreter_needed === null ? '' : person.interpreter_needed ? 'yes' : 'no',
    disabilities: person.disabilities ?? [],
    upn: person.upn ?? '',
    'expectedDateOfBirth-day': day ? String(Number(day)) : '',
    'expectedDateOfBirth-month': month ? String(Number(month)) : '',
    'expectedDateOfBirth-year': year ?? '',
  };
}

/** The disabilities as checkbox items, in the census order. */
export function disabilityItems(ticked: readonly string[]) {
  return Object.entries(DISABILITIES).map(([code, label]) => ({
    value: code,
    text: label,
    checked: ticked.includes(code),
    ...(code === 'NONE' ? { behaviour: 'exclusive' } : {}),
  }));
}

function text(values: FormValues, field: string): string {
  const value = values[field];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

function list(values: FormValues, field: string): string[] {
  const value = values[field];
  if (value === undefined || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map((item) => item.trim()).filter(Boolean);
}

function errorsOf(problems: [string, string][]): FormErrors {
  const fields: FormErrors['fields'] = {};
  const summary: FormErrors['summary'] = [];
  for (const [field, message] of problems) {
    if (fields[field]) continue;
    fields[field] = { text: message };
    summary.push({ text: message, href: `#${field}` });
  }
  return { summary, fields };
}
