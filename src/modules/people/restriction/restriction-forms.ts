import { meaningfulTextProblem } from '../../../shared/meaningful-text.ts';
import { dateProblemMessage, parseDateParts } from '../../../platform/http/dates.ts';
import { formError, mergeFormErrors, type FormErrors } from '../../../platform/http/forms.ts';

/** A form's values as posted: every field a string (or missing). */
export type FormValues = Record<string, string | undefined>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

const MAX_TEXT = 2000;

/** What each reason must say, and how few words can say it. */
export const REASON_RULES = {
  restrict: {
    minWords: 4,
    message: 'Say why this record is restricted, for example: adopted, placement address confidential',
  },
  lift: {
    minWords: 4,
    message: 'Say why the restriction is no longer needed, for example what has changed and who agreed',
  },
  grant: {
    minWords: 4,
    message: 'Say why this person needs access, for example: allocated social worker for the child',
  },
  review: {
    minWords: 4,
    message: 'Say how you reviewed this access, for example whether they still work with the child',
  },
  emergency: {
    minWords: 6,
    message:
      'Say what the emergency is and why you cannot wait for someone with access, for example: police at the door at 2am asking whether the child is known',
  },
  breakGlassReview: {
    minWords: 4,
    message: 'Say how you judged this, for example what the worker did with the record and why',
  },
} as const;

/** Grants are reviewed at least yearly. */
const LONGEST_REVIEW_DAYS = 366;

/** A reason or note that must say something (shared/meaningful-text.ts), as the form's `field`. */
export function parseReason(
  values: FormValues,
  field: string,
  rule: (typeof REASON_RULES)[keyof typeof REASON_RULES]
): Parsed<string> {
  const text = (values[field] ?? '').trim();
  if (text.length > MAX_TEXT)
    return { ok: false, errors: formError(field, 'Must be 2,000 characters or fewer') };
  const problem = meaningfulTextProblem(text, rule);
  return problem ? { ok: false, errors: formError(field, problem) } : { ok: true, value: text };
}

/** A grant's next review date (GOV.UK date input named `field`-day/-month/-year): after today, within a year. */
export function parseReviewDate(values: FormValues, field: string, today: string): Parsed<string> {
  const label = 'Review date';
  const parts = parseDateParts({
    day: values[`${field}-day`],
    month: values[`${field}-month`],
    year: values[`${field}-year`],
  });
  if (parts.outcome === 'empty')
    return { ok: false, errors: formError(field, 'Enter the date to review this access by') };
  if (parts.outcome === 'problem')
    return { ok: false, errors: formError(field, dateProblemMessage(label, parts.problem)) };
  if (parts.date <= today) return { ok: false, errors: formError(field, `${label} must be in the future`) };
  const latest = new Date(`${today}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + LONGEST_REVIEW_DAYS);
  if (parts.date > latest.toISOString().slice(0, 10))
    return { ok: false, errors: formError(field, `${label} must be within a year`) };
  return { ok: true, value: parts.date };
}

export interface GrantForm {
  userId: number;
  reason: string;
  reviewDueOn: string;
}

/** Named access for a member of staff: who, why, and when it is next reviewed. */
export function parseGrantForm(values: FormValues, today: string): Parsed<GrantForm> {
  const userId = Number(values.userId);
  const who: Parsed<number> =
    Number.isSafeInteger(userId) && userId > 0
      ? { ok: true, value: userId }
      : { ok: false, errors: formError('userId', 'Choose who to give access to') };
  const reason = parseReason(values, 'grantReason', REASON_RULES.grant);
  const review = parseReviewDate(values, 'reviewDue', today);
  if (who.ok && reason.ok && review.ok)
    return { ok: true, value: { userId: who.value, reason: reason.value, reviewDueOn: review.value } };
  return {
    ok: false,
    errors: mergeFormErrors([who, reason, review].flatMap((p) => (p.ok ? [] : [p.errors]))),
  };
}

export type GrantReview =
  { decision: 'keep'; reviewDueOn: string; note: string } | { decision: 'revoke'; note: string };

/** Keeping a grant (with its next review date) or revoking it, with a note; fields prefixed by the grant. */
export function parseGrantReview(values: FormValues, prefix: string, today: string): Parsed<GrantReview> {
  const decision = values[`${prefix}decision`];
  if (decision !== 'keep' && decision !== 'revoke')
    return {
      ok: false,
      errors: formError(`${prefix}decision`, 'Choose whether to keep or revoke this access'),
    };
  const note = parseReason(values, `${prefix}note`, REASON_RULES.review);
  if (decision === 'revoke') return note.ok ? { ok: true, value: { decision, note: note.value } } : note;
  const review = parseReviewDate(values, `${prefix}reviewDue`, today);
  if (note.ok && review.ok)
    return { ok: true, value: { decision, reviewDueOn: review.value, note: note.value } };
  return { ok: false, errors: mergeFormErrors([review, note].flatMap((p) => (p.ok ? [] : [p.errors]))) };
}

export interface BreakGlassReview {
  justified: boolean;
  note: string;
}

/** A manager's judgement of an emergency opening: justified or not, and why. */
export function parseBreakGlassReview(values: FormValues): Parsed<BreakGlassReview> {
  const justified = values.justified;
  const choice: Parsed<boolean> =
    justified === 'yes' || justified === 'no'
      ? { ok: true, value: justified === 'yes' }
      : { ok: false, errors: formError('justified', 'Choose whether the emergency access was justified') };
  const note = parseReason(values, 'note', REASON_RULES.breakGlassReview);
  if (choice.ok && note.ok) return { ok: true, value: { justified: choice.value, note: note.value } };
  return { ok: false, errors: mergeFormErrors([choice, note].flatMap((p) => (p.ok ? [] : [p.errors]))) };
}
