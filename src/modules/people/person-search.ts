import { sql } from 'kysely';
import { z } from 'zod';
import type { RecordAccess } from '../../platform/access/record-access.ts';
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

/** The search form: any mix of names, date of birth and NHS number, with GOV.UK-style messages. */
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
export function isoDate(form: PersonSearchForm): string | undefined {
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

export interface PersonSearchResult {
  id: number;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  sex: string;
  restricted: boolean;
  postcode: string | null;
}

const SEARCH_LIMIT = 50;

/**
 * A first, simple search of the person index: names by trigram similarity or sound (double
 * metaphone), exact date of birth and NHS number. The matching engine replaces the scoring later.
 */
export function searchPeople(access: RecordAccess, form: PersonSearchForm): Promise<PersonSearchResult[]> {
  const dateOfBirth = isoDate(form);
  const criteria = {
    givenName: Boolean(form.givenName),
    familyName: Boolean(form.familyName),
    dateOfBirth: Boolean(dateOfBirth),
    nhsNumber: Boolean(form.nhsNumber),
  };
  return access.searchPeople(criteria, (db, visible) => {
    let query = db
      .selectFrom('person')
      .leftJoin('address', 'address.id', 'person.address_id')
      .where('person.merged_into_id', 'is', null)
      .where(visible);
    if (form.familyName) query = query.where(nameMatches('family_name', form.familyName));
    if (form.givenName) query = query.where(nameMatches('given_name', form.givenName));
    if (dateOfBirth) query = query.where('person.date_of_birth', '=', dateOfBirth);
    if (form.nhsNumber) query = query.where('person.nhs_number', '=', form.nhsNumber);
    const nameScore = sql<number>`${similarity('family_name', form.familyName)} + ${similarity('given_name', form.givenName)}`;
    return query
      .select([
        'person.id',
        'person.given_name',
        'person.family_name',
        'person.date_of_birth',
        'person.sex',
        'person.restricted',
        'address.postcode',
      ])
      .orderBy(nameScore, 'desc')
      .orderBy('person.family_name')
      .orderBy('person.id')
      .limit(SEARCH_LIMIT)
      .execute();
  });
}

function nameMatches(column: 'family_name' | 'given_name', value: string) {
  const ref = sql.ref(`person.${column}`);
  return sql<boolean>`(lower(${ref}) % lower(${value}) or dmetaphone(${ref}) = dmetaphone(${value}) or lower(${ref}) like lower(${value}) || '%')`;
}

function similarity(column: 'family_name' | 'given_name', value: string | undefined) {
  return value ? sql`similarity(lower(${sql.ref(`person.${column}`)}), lower(${value}))` : sql`0`;
}
