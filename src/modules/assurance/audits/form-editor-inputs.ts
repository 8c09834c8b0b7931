/*
 * Reading the audit form editor's forms. Pure: each answers what was asked or the GOV.UK errors, and
 * the routes show the form again with what was typed.
 */
import { z } from 'zod';
import type { AgencyKind } from '../../../platform/db/schema.ts';
import { requiredText } from '../../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { FormDetails, QuestionDetails } from './audit-form-editor.ts';

type Read<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Who answers a partner question, as the editor offers it: every partner agency, or one kind. */
export const PARTNER_KIND_LABELS: Record<Exclude<AgencyKind, 'council'>, string> = {
  police: 'Police',
  health: 'Health',
  education: 'Schools and education',
  probation: 'Probation',
  housing: 'Housing',
  adult_services: 'Adult social care',
  youth_justice: 'Youth justice',
  other: 'Other organisations',
};
const PARTNER_KINDS = Object.keys(PARTNER_KIND_LABELS) as [Exclude<AgencyKind, 'council'>];

const detailsSchema = z.object({
  title: requiredText(120, 'Enter the form’s title', 'The title must be 120 characters or fewer'),
  description: requiredText(
    2_000,
    'Describe what the audit looks at',
    'The description must be 2,000 characters or fewer'
  ),
});

export function readFormDetails(body: Record<string, unknown>): Read<FormDetails> {
  const parsed = detailsSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: formErrors(parsed.error) };
}

const questionSchema = z.object({
  question: requiredText(200, 'Enter the question', 'The question must be 200 characters or fewer'),
  guidance: z
    .string({ error: 'Enter the guidance as text' })
    .trim()
    .max(2_000, 'The guidance must be 2,000 characters or fewer'),
  answeredBy: z.enum(['council', 'partner', ...PARTNER_KINDS], {
    error: 'Choose who answers the question',
  }),
  graded: z.enum(['yes', 'no'], { error: 'Choose whether the question is graded' }),
});

/**
 * A question: its words, guidance, who answers it ('council'; 'partner' for every partner agency taking
 * part; or one kind of agency) and whether it is graded or answered in words only.
 */
export function readQuestion(body: Record<string, unknown>): Read<QuestionDetails> {
  const parsed = questionSchema.safeParse({ ...body, guidance: body.guidance ?? '' });
  if (!parsed.success) return { ok: false, errors: formErrors(parsed.error) };
  const { answeredBy } = parsed.data;
  return {
    ok: true,
    value: {
      question: parsed.data.question,
      guidance: parsed.data.guidance,
      part: answeredBy === 'council' ? 'council' : 'partner',
      agencyKind: answeredBy === 'council' || answeredBy === 'partner' ? null : answeredBy,
      graded: parsed.data.graded === 'yes',
    },
  };
}

/** What the question form shows for a stored question. */
export function questionValues(question: {
  question: string;
  guidance: string;
  part: 'council' | 'partner';
  agencyKind: AgencyKind | null;
  graded: boolean;
}): Record<string, string> {
  return {
    question: question.question,
    guidance: question.guidance,
    answeredBy: question.agencyKind ?? question.part,
    graded: question.graded ? 'yes' : 'no',
  };
}

/** Who answers a question, in words. */
export function answeredByLabel(question: { part: 'council' | 'partner'; agencyKind: AgencyKind | null }) {
  if (question.part === 'council') return 'The council’s auditor';
  return question.agencyKind && question.agencyKind !== 'council'
    ? `${PARTNER_KIND_LABELS[question.agencyKind]} (partner part)`
    : 'Every partner agency taking part';
}
