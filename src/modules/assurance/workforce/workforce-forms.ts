/**
 * The workforce forms read from what was posted: every problem at once, against its field, in form order,
 * and nothing typed lost (the routes show the values back).
 */
import { dateProblemMessage, parseDateParts } from '../../../platform/http/dates.ts';
import { formError, mergeFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { EmploymentType } from '../../../platform/db/schema.ts';

export type FormValues = Record<string, string | string[] | undefined>;
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export interface EstablishmentAnswers {
  effectiveFrom: string;
  practitionerPosts: number;
  managerPosts: number;
  supervisionEveryWeeks: number;
}

export interface EmploymentAnswers {
  employmentType: EmploymentType;
  startedOn: string;
  fte: number;
}

export interface SupervisionAnswers {
  staffUserId: number;
  heldOn: string;
  supervisorId: number | null;
}

type Check<T> = { value: T } | { errors: FormErrors };

function text(values: FormValues, field: string): string {
  const value = values[field];
  return typeof value === 'string' ? value.trim() : '';
}

/** A date from a GOV.UK date input named `field-day` etc., on or before today. */
function pastDate(values: FormValues, field: string, label: string, today: string): Check<string> {
  const parsed = parseDateParts({
    day: values[`${field}-day`],
    month: values[`${field}-month`],
    year: values[`${field}-year`],
  });
  if (parsed.outcome === 'empty') return { errors: formError(field, `Enter the ${label.toLowerCase()}`) };
  if (parsed.outcome === 'problem')
    return { errors: formError(field, dateProblemMessage(label, parsed.problem)) };
  if (parsed.date > today) return { errors: formError(field, `${label} must be today or in the past`) };
  return { value: parsed.date };
}

/** A decimal number typed in a box, within bounds and to a number of places. */
function decimal(
  values: FormValues,
  field: string,
  rule: { label: string; min: number; max: number; places: number; example: string }
): Check<number> {
  const typed = text(values, field);
  const { label, min, max, places, example } = rule;
  if (typed === '') return { errors: formError(field, `Enter the ${label.toLowerCase()}`) };
  if (!/^[0-9]+(\.[0-9]+)?$/.test(typed))
    return { errors: formError(field, `${label} must be a number, like ${example}`) };
  if ((typed.split('.')[1] ?? '').length > places)
    return {
      errors: formError(
        field,
        places === 0
          ? `${label} must be a whole number`
          : `${label} can have at most ${places === 1 ? 'one decimal place' : `${places} decimal places`}`
      ),
    };
  const value = Number(typed);
  if (value < min || value > max)
    return { errors: formError(field, `${label} must be between ${min} and ${max}`) };
  return { value };
}

function collect<T>(checks: Check<unknown>[], build: () => T): Parsed<T> {
  const problems = checks.flatMap((check) => ('errors' in check ? [check.errors] : []));
  return problems.length ? { ok: false, errors: mergeFormErrors(problems) } : { ok: true, value: build() };
}

const valueOf = <T>(check: Check<T>): T => (check as { value: T }).value;

export function parseEstablishment(values: FormValues, today: string): Parsed<EstablishmentAnswers> {
  const effectiveFrom = pastDate(values, 'effectiveFrom', 'Date the establishment starts', today);
  const posts = (field: string, label: string) =>
    decimal(values, field, { label, min: 0, max: 999, places: 1, example: '12 or 12.5' });
  const practitionerPosts = posts('practitionerPosts', 'Practitioner posts');
  const managerPosts = posts('managerPosts', 'Manager posts');
  const supervisionEveryWeeks = decimal(values, 'supervisionEveryWeeks', {
    label: 'Weeks between supervisions',
    min: 1,
    max: 26,
    places: 0,
    example: '4',
  });
  return collect([effectiveFrom, practitionerPosts, managerPosts, supervisionEveryWeeks], () => ({
    effectiveFrom: valueOf(effectiveFrom),
    practitionerPosts: valueOf(practitionerPosts),
    managerPosts: valueOf(managerPosts),
    supervisionEveryWeeks: valueOf(supervisionEveryWeeks),
  }));
}

export function parseEmployment(values: FormValues, today: string): Parsed<EmploymentAnswers> {
  const typed = text(values, 'employmentType');
  const employmentType: Check<EmploymentType> =
    typed === 'permanent' || typed === 'agency'
      ? { value: typed }
      : { errors: formError('employmentType', 'Select whether they are permanent or agency staff') };
  const startedOn = pastDate(values, 'startedOn', 'Date they started in the team', today);
  const fte = decimal(values, 'fte', {
    label: 'Full-time equivalent',
    min: 0.1,
    max: 1,
    places: 2,
    example: '1 or 0.6',
  });
  return collect([employmentType, startedOn, fte], () => ({
    employmentType: valueOf(employmentType),
    startedOn: valueOf(startedOn),
    fte: valueOf(fte),
  }));
}

/** `staff` and `supervisors` are the ids offered in the form's lists; anything else is refused. */
export function parseSupervision(
  values: FormValues,
  today: string,
  offered: { staff: ReadonlySet<number>; supervisors: ReadonlySet<number> }
): Parsed<SupervisionAnswers> {
  const staffId = Number(text(values, 'staffUserId'));
  const staffUserId: Check<number> = offered.staff.has(staffId)
    ? { value: staffId }
    : { errors: formError('staffUserId', 'Select who had the supervision') };
  const heldOn = pastDate(values, 'heldOn', 'Date of the supervision', today);
  const supervisorTyped = text(values, 'supervisorId');
  const supervisorId: Check<number | null> =
    supervisorTyped === ''
      ? { value: null }
      : offered.supervisors.has(Number(supervisorTyped))
        ? { value: Number(supervisorTyped) }
        : {
            errors: formError(
              'supervisorId',
              'Select a supervisor from the list, or leave it as not recorded'
            ),
          };
  return collect([staffUserId, heldOn, supervisorId], () => ({
    staffUserId: valueOf(staffUserId),
    heldOn: valueOf(heldOn),
    supervisorId: valueOf(supervisorId),
  }));
}
