import { DateTime } from 'luxon';
import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/form-fields.ts';
import { formError, formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { UK_TIME_ZONE, ukDateTimeParts } from '../../../shared/uk-time.ts';
import { ageOn } from '../../../shared/age.ts';
import { isoDate, personSearchForm, type PersonSearchForm } from '../../people/person-search.ts';
import { CONCERN_CODES } from '../concern-codes.ts';

export type FormValues = Record<string, string | string[] | undefined>;

/** The child's choice on the form: a record from the person index, a child not known to us, or none. */
export const NOT_KNOWN = 'unknown';

/** A professional consultation as recorded: the advice given, to whom, about which child. */
export interface NewConsultation {
  consultedAt: Date;
  professionalName: string;
  professionalRole?: string;
  organisation: string;
  agencyId?: number;
  phone?: string;
  email?: string;
  personId?: number;
  /** A child not known to us, as the professional named them. */
  childName?: string;
  childAgeYears?: number;
  childDescription?: string;
  concerns: string;
  /** CIN census assessment factors discussed. */
  concernCodes: string[];
  advice: string;
  referralExpected: boolean;
}

const optionalId = (message: string) =>
  optionalText(12, message)
    .refine((value) => value === undefined || /^\d+$/.test(value), message)
    .transform((value) => (value === undefined ? undefined : Number(value)));

const CHOOSE_CHILD = 'Choose the child from the search results, ‘Not known to us’ or ‘No child was named’';

function consultationSchema(now: Date, agencyIds: ReadonlySet<number>) {
  return z
    .object({
      'consultedAt-day': z.string().optional(),
      'consultedAt-month': z.string().optional(),
      'consultedAt-year': z.string().optional(),
      'consultedAt-time': z.string().optional(),
      professionalName: requiredText(
        200,
        'Enter the professional’s name',
        'Name must be 200 characters or fewer'
      ),
      professionalRole: optionalText(200, 'Role must be 200 characters or fewer'),
      organisation: requiredText(
        200,
        'Enter the professional’s organisation',
        'Organisation must be 200 characters or fewer'
      ),
      agencyId: optionalId('Select an agency from the list').refine(
        (id) => id === undefined || agencyIds.has(id),
        'Select an agency from the list'
      ),
      phone: optionalText(50, 'Phone number must be 50 characters or fewer'),
      email: optionalText(254, 'Email address must be 254 characters or fewer').refine(
        (value) => value === undefined || z.email().safeParse(value).success,
        'Enter an email address like name@example.org'
      ),
      personId: optionalText(12, CHOOSE_CHILD).refine(
        (value) => value === undefined || value === NOT_KNOWN || /^[1-9]\d{0,9}$/.test(value),
        CHOOSE_CHILD
      ),
      childGivenName: optionalText(100, 'The first name must be 100 characters or fewer'),
      childFamilyName: optionalText(100, 'The last name must be 100 characters or fewer'),
      'childDateOfBirth-day': z.string().optional(),
      'childDateOfBirth-month': z.string().optional(),
      'childDateOfBirth-year': z.string().optional(),
      childAge: optionalText(3, 'Enter the child’s age in whole years, like 9').refine(
        (value) => value === undefined || (/^\d{1,2}$/.test(value) && Number(value) <= 25),
        'Enter the child’s age in whole years, like 9'
      ),
      childDescription: optionalText(2000, 'The description of the child must be 2,000 characters or fewer'),
      concernCodes: z
        .union([z.string(), z.array(z.string())])
        .optional()
        .transform((value) => (value === undefined ? [] : [value].flat().filter(Boolean)))
        .refine(
          (codes) => codes.every((code) => CONCERN_CODES.has(code)),
          'Choose the worries from the list'
        ),
      concerns: requiredText(
        10_000,
        'Enter what the professional is worried about',
        'The worries must be 10,000 characters or fewer'
      ),
      advice: requiredText(
        10_000,
        'Enter the advice you gave',
        'The advice must be 10,000 characters or fewer'
      ),
      // Not an enum: an unanswered radio must not stop the date check, so every problem shows at once.
      referralExpected: z
        .string()
        .optional()
        .refine((value) => value === 'yes' || value === 'no', 'Select whether a referral is expected'),
    })
    .superRefine((form, ctx) => {
      const childProblem = childChoiceProblem(form);
      if (childProblem)
        ctx.addIssue({ code: 'custom', path: [childProblem.field], message: childProblem.message });
      const consultedAt = consultedAtOf(form);
      if (consultedAt && consultedAt <= now) return;
      ctx.addIssue({
        code: 'custom',
        path: ['consultedAt'],
        message: consultedAt
          ? 'The date and time of the consultation must be now or in the past'
          : 'Enter a real date, and a time like 14:05, for the consultation',
      });
    })
    .transform((form) => ({
      ...form,
      consultedAt: consultedAtOf(form)!,
      referralExpected: form.referralExpected === 'yes',
    }));
}

type ChildFields = {
  personId?: string;
  childGivenName?: string;
  childFamilyName?: string;
  'childDateOfBirth-day'?: string;
  'childDateOfBirth-month'?: string;
  'childDateOfBirth-year'?: string;
  childAge?: string;
};

/**
 * The child must be chosen, not left to chance: a name typed but no choice made would otherwise be
 * lost. A child not known to us needs the name the professional gave.
 */
function childChoiceProblem(form: ChildFields): { field: string; message: string } | undefined {
  const named = Boolean(form.childGivenName || form.childFamilyName);
  const dateTyped = [
    form['childDateOfBirth-day'],
    form['childDateOfBirth-month'],
    form['childDateOfBirth-year'],
  ]
    .map((part) => (part ?? '').trim())
    .some(Boolean);
  if (form.personId === NOT_KNOWN) {
    if (!named)
      return { field: 'childGivenName', message: 'Enter the child’s name as the professional gave it' };
    if (dateTyped && !childDateOfBirth(form))
      return {
        field: 'childDateOfBirth',
        message: 'Date of birth must be a real date, for example 27 3 2015',
      };
    return undefined;
  }
  if (form.personId === undefined && (named || dateTyped))
    return { field: 'personId', message: CHOOSE_CHILD };
  return undefined;
}

function childDateOfBirth(form: ChildFields): string | undefined {
  return isoDate({
    'dateOfBirth-day': form['childDateOfBirth-day']?.trim(),
    'dateOfBirth-month': form['childDateOfBirth-month']?.trim(),
    'dateOfBirth-year': form['childDateOfBirth-year']?.trim(),
  });
}

/** A child not known to us: their age as given, or worked out from the date of birth given. */
function childAgeOf(form: ChildFields, today: string): number | undefined {
  if (form.childAge !== undefined) return Number(form.childAge);
  const born = childDateOfBirth(form);
  return born && born <= today ? ageOn(born, today) : undefined;
}

/** The date and time boxes read as a time in England, or undefined when they are not a real moment. */
function consultedAtOf(form: Partial<Record<`consultedAt-${'day' | 'month' | 'year' | 'time'}`, string>>) {
  const parts = ['day', 'month', 'year', 'time'] as const;
  const typed = parts.map((part) => (form[`consultedAt-${part}`] ?? '').trim());
  const moment = DateTime.fromFormat(typed.join(' '), 'd M yyyy H:mm', { zone: UK_TIME_ZONE });
  return moment.isValid ? moment.toJSDate() : undefined;
}

export function parseConsultationForm(
  values: Record<string, unknown>,
  now: Date,
  agencyIds: ReadonlySet<number>
): { ok: true; consultation: NewConsultation } | { ok: false; errors: FormErrors } {
  const parsed = consultationSchema(now, agencyIds).safeParse(values);
  if (!parsed.success) return { ok: false, errors: formErrors(parsed.error) };
  const { professionalName, professionalRole, organisation, agencyId, phone, email } = parsed.data;
  const { personId, childDescription, concerns, concernCodes, advice, consultedAt, referralExpected } =
    parsed.data;
  const notKnown = personId === NOT_KNOWN;
  const today = DateTime.fromJSDate(now, { zone: UK_TIME_ZONE }).toISODate()!;
  return {
    ok: true,
    consultation: {
      consultedAt,
      professionalName,
      professionalRole,
      organisation,
      agencyId,
      phone,
      email,
      personId: personId === undefined || notKnown ? undefined : Number(personId),
      childName: notKnown
        ? [parsed.data.childGivenName, parsed.data.childFamilyName].filter(Boolean).join(' ')
        : undefined,
      childAgeYears: notKnown ? childAgeOf(parsed.data, today) : undefined,
      childDescription,
      concerns,
      concernCodes,
      advice,
      referralExpected,
    },
  };
}

/** A new form starts at the current time in England, as most consultations are recorded as they end. */
export function blankConsultationForm(now: Date, personId?: number): FormValues {
  const at = ukDateTimeParts(now);
  return {
    'consultedAt-day': at.day,
    'consultedAt-month': at.month,
    'consultedAt-year': at.year,
    'consultedAt-time': at.time,
    personId: personId === undefined ? undefined : String(personId),
  };
}

/**
 * The child's name and date of birth on the consultation form as a search of the person index, or the
 * problem with them (reported against the consultation form's own fields).
 */
export function childSearchOf(
  values: FormValues
): { ok: true; search: PersonSearchForm } | { ok: false; errors: FormErrors } {
  const field = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const parsed = personSearchForm.safeParse({
    givenName: field('childGivenName'),
    familyName: field('childFamilyName'),
    'dateOfBirth-day': field('childDateOfBirth-day'),
    'dateOfBirth-month': field('childDateOfBirth-month'),
    'dateOfBirth-year': field('childDateOfBirth-year'),
  });
  if (parsed.success) return { ok: true, search: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = String(issue.path[0] ?? '');
  if (path === 'dateOfBirth') return { ok: false, errors: formError('childDateOfBirth', issue.message) };
  if (path === 'givenName' || path === 'familyName') {
    const tooLong = issue.code === 'too_big';
    const own = path === 'givenName' ? 'childGivenName' : 'childFamilyName';
    if (tooLong) return { ok: false, errors: formError(own, issue.message) };
  }
  return {
    ok: false,
    errors: formError('childGivenName', 'Enter the child’s name or date of birth to search for them'),
  };
}
