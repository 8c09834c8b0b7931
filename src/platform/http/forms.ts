import type { z } from 'zod';

export interface FormErrors {
  /** For govukErrorSummary: each message links to its field. */
  summary: { text: string; href: string }[];
  /** For each field's errorMessage parameter. */
  fields: Record<string, { text: string }>;
}

/** Turns zod issues into the GOV.UK error summary and per-field messages (first message per field). */
export function formErrors(error: z.ZodError): FormErrors {
  const fields: FormErrors['fields'] = {};
  const summary: FormErrors['summary'] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('-') || 'form';
    if (fields[field]) continue;
    fields[field] = { text: issue.message };
    summary.push({ text: issue.message, href: `#${field}` });
  }
  return { summary, fields };
}

/** A rule only the save can check (against what is stored), reported against the field it concerns. */
export class FormProblem extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message);
  }
}

/** A single form-level error, e.g. a failed sign-in, that links to the first field. */
export function formError(field: string, text: string): FormErrors {
  return { summary: [{ text, href: `#${field}` }], fields: { [field]: { text } } };
}

/**
 * One form's errors on a page with several forms: field ids (and the error summary's links) take the
 * form's name as a prefix, so the forms share one error summary without their fields' ids clashing.
 */
export function prefixFormErrors(prefix: string, errors: FormErrors): FormErrors {
  const prefixed = (id: string) => (id.startsWith(`${prefix}-`) ? id : `${prefix}-${id}`);
  return {
    summary: errors.summary.map((item) => ({ ...item, href: `#${prefixed(item.href.slice(1))}` })),
    fields: Object.fromEntries(
      Object.entries(errors.fields).map(([field, message]) => [prefixed(field), message])
    ),
  };
}

/** Several checks' errors as one summary, in the order given (the order of the form's fields). */
export function mergeFormErrors(all: readonly FormErrors[]): FormErrors {
  return {
    summary: all.flatMap((errors) => errors.summary),
    fields: Object.assign({}, ...all.map((errors) => errors.fields)) as FormErrors['fields'],
  };
}
