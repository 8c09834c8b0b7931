import { z } from 'zod';
import { dateProblemMessage, parseDateTimeParts } from '../../platform/http/dates.ts';
import { optionalText, requiredText } from '../../platform/http/form-fields.ts';
import { formError, formErrors, mergeFormErrors, type FormErrors } from '../../platform/http/forms.ts';

/* The forms on the child's case page, read from what was posted. Field names are the form's own. */

const RAGS = ['red', 'amber', 'green'] as const;

const version = z.coerce.number({ error: 'Reload the page and try again' }).int().positive();

export const ratingForm = z.object({
  version,
  rag: z.enum(RAGS, { error: 'Select a RAG rating' }),
  rationale: requiredText(
    5000,
    'Explain why you chose this rating',
    'The rationale must be 5,000 characters or fewer'
  ),
});

export const confirmationForm = z.object({
  version,
  rag: z.enum(RAGS, { error: 'Select the rating you agree with' }),
  reason: optionalText(5000, 'The reason must be 5,000 characters or fewer'),
});

export const allocationForm = z.object({
  version,
  team: z.coerce.number({ error: 'Select a team' }).int().positive('Select a team'),
  worker: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().positive().optional()
  ),
});

type Parsed<T> = { success: true; data: T } | { success: false; errors: FormErrors };

const verdictForms = {
  verdict: z.object({
    version,
    verdict: z.enum(['authorise', 'return'], {
      error: 'Choose whether to authorise the decision or return it',
    }),
    comment: optionalText(5000, 'The comment must be 5,000 characters or fewer'),
    receivingTeam: z.coerce
      .number({ error: 'Choose a receiving team from the list' })
      .int('Choose a receiving team from the list')
      .positive('Choose a receiving team from the list')
      .optional(),
  }),
  second: z.object({
    version,
    verdict: z.enum(['authorise', 'return'], {
      error: 'Choose whether to sign off the decision or return it',
    }),
    comment: optionalText(5000, 'The comment must be 5,000 characters or fewer'),
  }),
};

export type VerdictAnswers = z.output<(typeof verdictForms)['verdict']>;

/** A manager's verdict on a decision (first or second sign-off): returning it needs the reason why. */
export function parseVerdict(kind: keyof typeof verdictForms, body: unknown): Parsed<VerdictAnswers> {
  const form = verdictForms[kind].safeParse(body ?? {});
  if (!form.success) return { success: false, errors: formErrors(form.error) };
  if (form.data.verdict === 'return' && !form.data.comment)
    return {
      success: false,
      errors: formError(
        'comment',
        'Say why you are returning the decision, so the practitioner can act on it'
      ),
    };
  return form;
}

const extensionForm = z.object({
  version,
  reason: requiredText(5000, 'Give the reason the decision needs longer'),
});

export interface ExtensionAnswers {
  version: number;
  until: Date;
  reason: string;
}

/**
 * The decision timescale extension: the new due date (a GOV.UK date input, `until-day`, `until-month`,
 * `until-year`) and time (`until-time`, 24-hour) in UK time, and the reason. Every problem is reported
 * at once, in the order of the form.
 */
export function parseExtension(body: unknown): Parsed<ExtensionAnswers> {
  const values = (body ?? {}) as Record<string, unknown>;
  const form = extensionForm.safeParse(values);
  const until = parseDateTimeParts({
    day: values['until-day'],
    month: values['until-month'],
    year: values['until-year'],
    time: values['until-time'],
  });
  const problems = untilProblems(until, values);
  if (form.success && until.outcome === 'instant')
    return { success: true, data: { ...form.data, until: until.at } };
  const fieldErrors = form.success ? undefined : formErrors(form.error).fields;
  const only = (field: string) => {
    const message = fieldErrors?.[field];
    return message ? [formError(field, message.text)] : [];
  };
  return { success: false, errors: mergeFormErrors([...only('version'), ...problems, ...only('reason')]) };
}

/** What is wrong with the new due date and time, each against its box: the date, then the time. */
function untilProblems(
  until: ReturnType<typeof parseDateTimeParts>,
  values: Record<string, unknown>
): FormErrors[] {
  if (until.outcome === 'instant') return [];
  const typed = (name: string) => String(values[name] ?? '').trim() !== '';
  const dateTyped = ['until-day', 'until-month', 'until-year'].some(typed);
  const timeTyped = typed('until-time');
  const noTime = formError('until-time', 'Enter the new due time, for example 14:00');
  if (until.outcome === 'empty' || !dateTyped)
    return [formError('until', 'Enter the new due date'), ...(timeTyped ? [] : [noTime])];
  if (until.problem === 'bad_time')
    return [
      timeTyped
        ? formError('until-time', 'Enter the new due time using the 24-hour clock, for example 14:00')
        : noTime,
    ];
  return [
    formError('until', dateProblemMessage('The new due date', until.problem)),
    ...(timeTyped ? [] : [noTime]),
  ];
}
