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
