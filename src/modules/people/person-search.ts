import { z } from 'zod';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { findPersonMatches } from './matching/find-person-matches.ts';
import { restrictedRecordsThatMayMatch } from './matching/restricted-matches.ts';
import { isValidNhsNumber, normaliseNhsNumber } from '../../shared/nhs-number.ts';

const optionalText = z
  .string()
  .trim()
  .max(100, 'Names must be 100 characters or fewer')
  .optional()
  .transform((v) => v || undefined);
const datePart = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

/** The search form: any mix of names, date of birth, sex, postcode and NHS number, with GOV.UK-style messages. */
export const personSearchForm = z
  .object({
    givenName: optionalText,
    familyName: optionalText,
    'dateOfBirth-day': datePart,
    'dateOfBirth-month': datePart,
    'dateOfBirth-year': datePart,
    nhsNumber: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? normaliseNhsNumber(v) : undefined)),
    sex: z
      .enum(['', 'M', 'F', 'U'])
      .optional()
      .transform((v) => (v ? v : undefined)),
    postcode: z
      .string()
      .trim()
      .max(10, 'Enter a postcode like NM1 4AB')
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((form, ctx) => {
    const parts = [form['dateOfBirth-day'], form['dateOfBirth-month'], form['dateOfBirth-year']];
    if (parts.some(Boolean) && !isoDate(form)) {
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message: 'Date of birth must be a real date, for example 27 3 2015',
      });
    }
    if (form.nhsNumber && !isValidNhsNumber(form.nhsNumber)) {
      ctx.addIssue({
        code: 'custom',
        path: ['nhsNumber'],
        message: 'Enter a valid 10-digit NHS number, like 943 476 5919',
      });
    }
    if (!form.givenName && !form.familyName && !parts.some(Boolean) && !form.nhsNumber) {
      ctx.addIssue({
        code: 'custom',
        path: ['familyName'],
        message: 'Enter a name, date of birth or NHS number to search for',
      });
    }
  });

export type PersonSearchForm = z.infer<typeof personSearchForm>;

/** 'YYYY-MM-DD' from the three date inputs, or undefined when they do not make a real date. */
export function isoDate(
  form: Pick<PersonSearchForm, 'dateOfBirth-day' | 'dateOfBirth-month' | 'dateOfBirth-year'>
): string | undefined {
  const [day, month, year] = [
    form['dateOfBirth-day'],
    form['dateOfBirth-month'],
    form['dateOfBirth-year'],
  ].map(Number);
  if (!day || !month || !year || year < 1900 || year > 2100) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

const SEARCH_LIMIT = 25;

/**
 * Searches the person index with the matching engine: candidates the actor may see, ranked by
 * match score with the reasons ("same date of birth, surname sounds alike"), plus what a screener
 * needs at a glance: age, postcode, open involvement and whether the record is restricted.
 */
export function searchPeople(access: RecordAccess, form: PersonSearchForm) {
  const query = searchQuery(form);
  const criteria = Object.fromEntries(Object.entries(query).map(([field, value]) => [field, Boolean(value)]));
  return access.searchPeople(criteria, async (db, visible) => {
    const matches = await findPersonMatches(db, query, visible, SEARCH_LIMIT);
    const open = await openInvolvement(
      db,
      matches.map((match) => match.personId)
    );
    return matches.map((match) => ({ ...match, openInvolvement: open.get(match.personId) ?? [] }));
  });
}

/** Whether a restricted record the searcher cannot see may match the search: never which, nor how many. */
export async function restrictedRecordMayMatch(
  access: RecordAccess,
  form: PersonSearchForm
): Promise<boolean> {
  return (await restrictedRecordsThatMayMatch(access, searchQuery(form), 'search')).length > 0;
}

function searchQuery(form: PersonSearchForm) {
  return {
    givenName: form.givenName,
    familyName: form.familyName,
    dateOfBirth: isoDate(form),
    sex: form.sex,
    postcode: form.postcode,
    nhsNumber: form.nhsNumber,
  };
}

export type PersonSearchResult = Awaited<ReturnType<typeof searchPeople>>[number];

async function openInvolvement(db: Db, personIds: number[]): Promise<Map<number, string[]>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('involvement')
    .where('person_id', 'in', personIds)
    .where('ended_on', 'is', null)
    .select(['person_id', 'kind'])
    .execute();
  const byPerson = new Map<number, string[]>();
  for (const row of rows) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row.kind]);
  return byPerson;
}
