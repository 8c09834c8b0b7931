/*
 * Reading the assurance forms that carry dates (drawing a sample, an action, a re-audit). Pure: each
 * answers what was asked or the GOV.UK errors, and the routes show the form again with what was typed.
 */
import { z } from 'zod';
import { dateProblemMessage, parseDateParts } from '../../../platform/http/dates.ts';
import { formErrors, mergeFormErrors, formError, type FormErrors } from '../../../platform/http/forms.ts';
import { MAX_ID } from '../../../platform/http/params.ts';
import { actionSchema } from './audit-rules.ts';
import type { SampleRequest } from './samples.service.ts';

export const MAX_SAMPLE_SIZE = 200;
export const SEED_LIMIT = 4_294_967_295;

type Body = Record<string, unknown>;
type Read<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** A date typed in day, month and year boxes named `<field>-day` and so on. */
function dateField(body: Body, field: string, label: string): Read<string> {
  const result = parseDateParts({
    day: body[`${field}-day`],
    month: body[`${field}-month`],
    year: body[`${field}-year`],
  });
  if (result.outcome === 'date') return { ok: true, value: result.date };
  const message =
    result.outcome === 'empty' ? `Enter ${label.toLowerCase()}` : dateProblemMessage(label, result.problem);
  return { ok: false, errors: formError(field, message) };
}

function combine<T>(parts: Read<unknown>[], build: () => T): Read<T> {
  const failed = parts.flatMap((part) => (part.ok ? [] : [part.errors]));
  return failed.length ? { ok: false, errors: mergeFormErrors(failed) } : { ok: true, value: build() };
}

const sampleFields = z.object({
  size: z.coerce
    .number({ error: 'Enter how many contacts to sample, as a number' })
    .int('Enter a whole number of contacts')
    .min(1, 'Sample at least 1 contact')
    .max(MAX_SAMPLE_SIZE, `Sample at most ${MAX_SAMPLE_SIZE} contacts at once`),
  seed: z
    .string()
    .trim()
    .regex(/^[0-9]{0,10}$/, `The seed must be a whole number from 0 to ${SEED_LIMIT}, or left empty`)
    .refine((seed) => seed === '' || Number(seed) <= SEED_LIMIT, `The seed must be at most ${SEED_LIMIT}`),
  formId: z.coerce
    .number({ error: 'Choose an audit form from the list' })
    .int('Choose an audit form from the list')
    .positive('Choose an audit form from the list')
    .max(MAX_ID, 'Choose an audit form from the list'),
  auditorIds: z.preprocess(
    (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]),
    z
      .array(z.coerce.number().int().positive().max(MAX_ID), { error: 'Choose auditors from the list' })
      .min(1, 'Choose at least one auditor')
  ),
});

/** The draw-a-sample form; an empty seed takes `freshSeed` (shown afterwards, so the draw can be repeated). */
export function readSampleForm(body: Body, freshSeed: number): Read<SampleRequest> {
  const fields = sampleFields.safeParse({
    formId: body.formId || undefined,
    size: body.size || undefined,
    seed: body.seed ?? '',
    auditorIds: body.auditorIds,
  });
  const from = dateField(body, 'from', 'The first day of the period');
  const to = dateField(body, 'to', 'The last day of the period');
  const dueOn = dateField(body, 'dueOn', 'The date the audits are due');
  const order: Read<unknown> =
    from.ok && to.ok && to.value < from.value
      ? { ok: false, errors: formError('to-day', 'The last day of the period must be on or after the first') }
      : { ok: true, value: null };
  const parsed: Read<unknown> = fields.success
    ? { ok: true, value: null }
    : { ok: false, errors: formErrors(fields.error) };
  return combine([parsed, from, to, order, dueOn], () => {
    const data = fields.data!;
    return {
      period: { from: (from as { value: string }).value, to: (to as { value: string }).value },
      size: data.size,
      seed: data.seed === '' ? freshSeed : Number(data.seed),
      formId: data.formId,
      auditorIds: data.auditorIds,
      dueOn: (dueOn as { value: string }).value,
    };
  });
}

export function readActionForm(body: Body): Read<{ description: string; ownerId: number; dueOn: string }> {
  const fields = actionSchema.safeParse(body);
  const dueOn = dateField(body, 'dueOn', 'The date the action is due');
  const parsed: Read<unknown> = fields.success
    ? { ok: true, value: null }
    : { ok: false, errors: formErrors(fields.error) };
  return combine([parsed, dueOn], () => ({ ...fields.data!, dueOn: (dueOn as { value: string }).value }));
}

export function readReAuditForm(body: Body): Read<{ auditorId: number; dueOn: string }> {
  const auditor = z.coerce.number().int().positive().max(MAX_ID).safeParse(body.auditorId);
  const dueOn = dateField(body, 'dueOn', 'The date the re-audit is due');
  const parsed: Read<unknown> = auditor.success
    ? { ok: true, value: null }
    : { ok: false, errors: formError('auditorId', 'Choose who will re-audit') };
  return combine([parsed, dueOn], () => ({
    auditorId: auditor.data!,
    dueOn: (dueOn as { value: string }).value,
  }));
}
