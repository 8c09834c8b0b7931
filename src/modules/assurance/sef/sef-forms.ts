import { z } from 'zod';
import { dateProblemMessage, parseDateParts } from '../../../platform/http/dates.ts';
import { optionalText, requiredText } from '../../../platform/http/form-fields.ts';
import { formErrors, mergeFormErrors, formError, type FormErrors } from '../../../platform/http/forms.ts';
import type { SefStatus } from '../../../platform/db/schema.ts';
import { CHECKLIST_LETTERS, SEF_AREA_IDS, type ChecklistLetter, type SefAreaId } from './sef-framework.ts';

/* The SEF's forms, read from what was posted: every problem at once, against its field, in form order. */

export type FormValues = Record<string, string | string[] | undefined>;
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Narrative is a few paragraphs per contributor: long enough for that, short enough to stay concise. */
export const ENTRY_MAX = 20_000;

export interface SefDetails {
  label: string;
  from: string;
  to: string;
  leadUserId: number;
  status: SefStatus;
  /** The version the form was opened at; null for a new SEF. */
  version: number | null;
}

export interface EntryAnswers {
  text: string;
  version: number | null;
}

export interface ChecklistAnswers {
  version: number;
  answers: { letter: ChecklistLetter; met: boolean; note: string | null }[];
}

export interface PriorityAnswers {
  area: SefAreaId | null;
  text: string;
  /** The member of staff who owns it, and is chased once it is overdue. */
  ownerId: number;
  dueOn: string;
  /** The version the form was opened at; null for a new priority. */
  version: number | null;
}

export interface PriorityClosing {
  outcome: string;
  version: number;
}

const version = z.coerce.number().int().min(1).max(2_147_483_647);

function dateField(values: FormValues, prefix: string, label: string): Parsed<string> {
  const result = parseDateParts({
    day: values[`${prefix}-day`],
    month: values[`${prefix}-month`],
    year: values[`${prefix}-year`],
  });
  if (result.outcome === 'date') return { ok: true, value: result.date };
  const message =
    result.outcome === 'empty' ? `Enter ${label.toLowerCase()}` : dateProblemMessage(label, result.problem);
  return { ok: false, errors: formError(prefix, message) };
}

function fieldsOf<T>(schema: z.ZodType<T>, values: FormValues): Parsed<T> {
  const parsed = schema.safeParse(values);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: formErrors(parsed.error) };
}

/** Errors of the parts that failed, in the order given; null when all passed. */
function problems(parts: readonly Parsed<unknown>[]): FormErrors | null {
  const failed = parts.flatMap((part) => (part.ok ? [] : [part.errors]));
  return failed.length === 0 ? null : mergeFormErrors(failed);
}

const detailsSchema = z.object({
  label: requiredText(
    20,
    'Enter the period the self-evaluation covers, for example 2026-27',
    'The period must be 20 characters or fewer'
  ),
  lead: z.coerce.number({ error: 'Choose the lead person' }).int().min(1, 'Choose the lead person'),
  status: z
    .enum(['draft', 'final'], { error: 'Choose whether the self-evaluation is a draft or final' })
    .optional(),
  version: version.optional(),
});

export function parseDetails(values: FormValues): Parsed<SefDetails> {
  const fields = fieldsOf(detailsSchema, { ...values, lead: values.lead || undefined });
  const from = dateField(values, 'from', 'The start of the period');
  const to = dateField(values, 'to', 'The end of the period');
  const failed = problems([fields, from, to]);
  if (failed || !fields.ok || !from.ok || !to.ok) return { ok: false, errors: failed! };
  if (to.value < from.value)
    return { ok: false, errors: formError('to', 'The end of the period must be on or after its start') };
  return {
    ok: true,
    value: {
      label: fields.value.label,
      from: from.value,
      to: to.value,
      leadUserId: fields.value.lead,
      status: fields.value.status ?? 'draft',
      version: fields.value.version ?? null,
    },
  };
}

const entrySchema = z.object({
  text: requiredText(
    ENTRY_MAX,
    'Enter your narrative for this area',
    `The narrative must be ${ENTRY_MAX.toLocaleString('en-GB')} characters or fewer`
  ),
  version: version.optional(),
});

export function parseEntry(values: FormValues): Parsed<EntryAnswers> {
  const fields = fieldsOf(entrySchema, values);
  if (!fields.ok) return fields;
  return { ok: true, value: { text: fields.value.text, version: fields.value.version ?? null } };
}

const NOTE_MAX = 2_000;

/** Each item answered 'yes' or 'no' with an optional note; an item left unanswered stays unanswered. */
export function parseChecklist(values: FormValues): Parsed<ChecklistAnswers> {
  const opened = version.safeParse(values.version);
  if (!opened.success)
    return { ok: false, errors: formError('version', 'Open the checklist again and save') };
  const answers: ChecklistAnswers['answers'] = [];
  const errors: FormErrors[] = [];
  for (const letter of CHECKLIST_LETTERS) {
    const met = values[`met-${letter}`];
    const note = optionalText(
      NOTE_MAX,
      `The note must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer`
    ).safeParse(values[`note-${letter}`] ?? '');
    if (!note.success) {
      errors.push(formError(`note-${letter}`, note.error.issues[0]!.message));
      continue;
    }
    if (met !== 'yes' && met !== 'no') {
      if (note.data)
        errors.push(
          formError(`met-${letter}`, `Say whether the SEF shows item ${letter}, or clear its note`)
        );
      continue;
    }
    answers.push({ letter, met: met === 'yes', note: note.data ?? null });
  }
  if (errors.length > 0) return { ok: false, errors: mergeFormErrors(errors) };
  return { ok: true, value: { version: opened.data, answers } };
}

const prioritySchema = z.object({
  area: z.enum(SEF_AREA_IDS, { error: 'Choose an area from the list' }).optional(),
  text: requiredText(
    2_000,
    'Enter the priority for improvement',
    'The priority must be 2,000 characters or fewer'
  ),
  owner: z.coerce
    .number({ error: 'Choose who owns the priority' })
    .int('Choose who owns the priority')
    .min(1, 'Choose who owns the priority')
    .max(2_147_483_647, 'Choose who owns the priority'),
  version: version.optional(),
});

export function parsePriority(values: FormValues): Parsed<PriorityAnswers> {
  const fields = fieldsOf(prioritySchema, {
    ...values,
    area: values.area || undefined,
    owner: values.owner || undefined,
  });
  const due = dateField(values, 'due', 'The due date');
  const failed = problems([fields, due]);
  if (failed || !fields.ok || !due.ok) return { ok: false, errors: failed! };
  return {
    ok: true,
    value: {
      area: fields.value.area ?? null,
      text: fields.value.text,
      ownerId: fields.value.owner,
      dueOn: due.value,
      version: fields.value.version ?? null,
    },
  };
}

const closingSchema = z.object({
  outcome: requiredText(
    2_000,
    'Enter the outcome: what changed, and how you know',
    'The outcome must be 2,000 characters or fewer'
  ),
  version: version,
});

/** Closing a priority: the outcome achieved (or why it is closed without one). */
export function parsePriorityClosing(values: FormValues): Parsed<PriorityClosing> {
  return fieldsOf(closingSchema, values);
}

/** A stored date as the three boxes of a GOV.UK date input. */
export function datePartsOf(prefix: string, date: string): Record<string, string> {
  const [year, month, day] = date.split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year!,
  };
}
