import type { FormErrors } from '../../platform/http/forms.ts';
import {
  templateProblems,
  type TemplateDefinition,
  type TemplateParts,
} from '../letters/letter-templates.ts';

/*
 * Pure: a letter template's edit form as typed. Each part is a box named part-<name>; a misspelt or
 * forbidden placeholder is reported against its own box, and nothing typed is lost.
 */

export interface TemplateForm {
  parts: TemplateParts;
  reason: string | null;
  openedVersion: number;
  /** Only preview the wording, or save it as the next version. */
  action: 'preview' | 'save';
}

const REASON_MAX = 500;

export function parseTemplateForm(
  template: TemplateDefinition,
  body: Record<string, unknown>
): { ok: true; form: TemplateForm } | { ok: false; errors: FormErrors } {
  const parts = Object.fromEntries(
    template.parts.map((part) => [part.name, textOf(body[fieldOf(part.name)])])
  );
  const reason = textOf(body.reason);
  const problems = Object.entries(templateProblems(template, parts)).map(
    ([name, text]) => [fieldOf(name), text] as const
  );
  if (reason.length > REASON_MAX)
    problems.push(['reason', `The reason must be ${REASON_MAX} characters or fewer`]);
  if (problems.length > 0) {
    return {
      ok: false,
      errors: {
        summary: problems.map(([field, text]) => ({ text, href: `#${field}` })),
        fields: Object.fromEntries(problems.map(([field, text]) => [field, { text }])),
      },
    };
  }
  const version = textOf(body.version);
  return {
    ok: true,
    form: {
      parts,
      reason: reason || null,
      openedVersion: /^[0-9]{1,9}$/.test(version) ? Number(version) : 0,
      action: body.action === 'save' ? 'save' : 'preview',
    },
  };
}

/** The form field holding a template's part. */
export function fieldOf(part: string): string {
  return `part-${part}`;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
