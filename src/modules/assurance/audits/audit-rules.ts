/*
 * Pure rules of a case audit: reading the form, what completing needs, who may open an audit, and
 * the learning themes. No I/O.
 */
import { z } from 'zod';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { MAX_ID } from '../../../platform/http/params.ts';
import { AUDIT_GRADES, type AuditGrade } from './audit-summary.ts';

export interface AuditQuestion {
  id: number;
  question: string;
  guidance: string;
  part: 'council' | 'partner';
  /** False: answered in words only. */
  graded: boolean;
}

export interface AnswerInput {
  questionId: number;
  grade: AuditGrade | null;
  comment: string;
}

export interface AuditInput {
  version: number;
  intent: 'save' | 'complete';
  answers: AnswerInput[];
  grade: AuditGrade | null;
  comment: string;
  auditorLevel: number | null;
  auditorOutcome: string | null;
  themes: string[];
}

const MAX_TEXT = 4000;
const MAX_THEME = 60;
const grade = z.enum(AUDIT_GRADES).nullable().catch(null);
const text = z.string().trim().max(MAX_TEXT, `Keep this to ${MAX_TEXT} characters or fewer`).catch('');
const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (item): item is string => typeof item === 'string'
  );

/** The themes ticked from the list and any typed (one per line or comma-separated), each once. */
export function themesOf(ticked: unknown, typed: unknown): string[] {
  const free = typeof typed === 'string' ? typed.split(/[,\n]/) : [];
  const all = [...asList(ticked), ...free].map((theme) => theme.trim().replace(/\s+/g, ' ')).filter(Boolean);
  const seen = new Map<string, string>();
  for (const theme of all) if (!seen.has(theme.toLowerCase())) seen.set(theme.toLowerCase(), theme);
  return [...seen.values()];
}

/**
 * Reads the audit form as posted. Answers the input and the problems that stop it being saved at all
 * (too long, a theme too long); completing has its own checks (completionProblems).
 */
export function readAuditForm(
  body: Record<string, unknown>,
  questions: readonly AuditQuestion[],
  outcomes: readonly string[]
): { input: AuditInput; errors: FormErrors | null } {
  const fields: FormErrors['fields'] = {};
  const textOf = (field: string) => {
    const raw = body[field];
    if (typeof raw === 'string' && raw.trim().length > MAX_TEXT)
      fields[field] = { text: `Keep this to ${MAX_TEXT} characters or fewer` };
    return text.parse(raw ?? '');
  };
  const answers = questions.map((question) => ({
    questionId: question.id,
    grade: question.graded ? grade.parse(body[`q-${question.id}-grade`] ?? null) : null,
    comment: textOf(`q-${question.id}-comment`),
  }));
  const comment = textOf('comment');
  const themes = themesOf(body.themes, body.otherThemes);
  const longTheme = themes.find((theme) => theme.length > MAX_THEME);
  if (longTheme) fields.otherThemes = { text: `Keep each theme to ${MAX_THEME} characters or fewer` };
  const level = z.coerce
    .number()
    .int()
    .min(1)
    .max(4)
    .nullable()
    .catch(null)
    .parse(body.auditorLevel || null);
  const outcome =
    typeof body.auditorOutcome === 'string' && outcomes.includes(body.auditorOutcome)
      ? body.auditorOutcome
      : null;
  const input: AuditInput = {
    version: z.coerce.number().int().min(1).catch(0).parse(body.version),
    intent: body.intent === 'complete' ? 'complete' : 'save',
    answers,
    grade: grade.parse(body.grade ?? null),
    comment,
    auditorLevel: level,
    auditorOutcome: outcome,
    themes,
  };
  return { input, errors: Object.keys(fields).length ? errorsOf(fields) : null };
}

function errorsOf(fields: FormErrors['fields']): FormErrors {
  return {
    fields,
    summary: Object.entries(fields).map(([field, { text }]) => ({ text, href: `#${field}` })),
  };
}

/**
 * What an audit needs before it can be completed: every question answered (graded, where it is, with a
 * comment) and, for the
 * council's part (`overall`), the overall grade and summary and the auditor's view of the decision.
 */
export function completionProblems(
  input: AuditInput,
  questions: readonly AuditQuestion[],
  overall: boolean
): FormErrors | null {
  const fields: FormErrors['fields'] = {};
  for (const question of questions) {
    const answer = input.answers.find((candidate) => candidate.questionId === question.id);
    if (question.graded && !answer?.grade)
      fields[`q-${question.id}-grade`] = { text: `Grade “${question.question}”` };
    if (!answer?.comment)
      fields[`q-${question.id}-comment`] = {
        text: question.graded
          ? `Say why you gave “${question.question}” its grade`
          : `Answer “${question.question}”`,
      };
  }
  if (overall) {
    if (input.auditorLevel === null)
      fields.auditorLevel = { text: 'Choose the threshold level the decision should have been at' };
    if (input.auditorOutcome === null)
      fields.auditorOutcome = { text: 'Choose the outcome the decision should have had' };
    if (!input.grade) fields.grade = { text: 'Grade the audit overall' };
    if (!input.comment) fields.comment = { text: 'Summarise the audit: what went well and what must change' };
  }
  return Object.keys(fields).length ? errorsOf(fields) : null;
}

/**
 * How the actor may open an audit: as its auditor, as a manager of assurance (any audit), as a
 * partner agency taking part (its part only), or not at all.
 */
export type AuditRole = 'auditor' | 'manager' | 'partner';

export function auditRoleOf(
  actor: { userId: number; agencyId: number; partner: boolean; manages: boolean },
  audit: { auditorId: number; partnerAgencyIds: readonly number[] }
): AuditRole | null {
  if (actor.partner) return audit.partnerAgencyIds.includes(actor.agencyId) ? 'partner' : null;
  if (audit.auditorId === actor.userId) return 'auditor';
  return actor.manages ? 'manager' : null;
}

/** A moderation: the grade that will count and why (always a reason, agreeing or not). */
export const moderationSchema = z.object({
  moderatedGrade: z.enum(AUDIT_GRADES, { error: 'Choose the grade that should count' }),
  reason: z
    .string({ error: 'Give your reasons' })
    .trim()
    .min(10, 'Give your reasons, in a sentence or more')
    .max(MAX_TEXT, `Keep this to ${MAX_TEXT} characters or fewer`),
});

export const actionSchema = z.object({
  description: z
    .string({ error: 'Say what must be done' })
    .trim()
    .min(5, 'Say what must be done')
    .max(1000, 'Keep this to 1000 characters or fewer'),
  ownerId: z.coerce
    .number({ error: 'Choose who owns the action' })
    .int()
    .positive('Choose who owns the action')
    .max(MAX_ID, 'Choose who owns the action'),
});
