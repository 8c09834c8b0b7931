import { z } from 'zod';
import type { ConsentStatus } from '../../platform/db/schema.ts';
import { LAWFUL_BASIS_FIELDS, readLawfulBasis } from '../../shared/lawful-basis.ts';
import { optionalText, requiredText } from '../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { CONSENT_STATUSES } from '../intake/contact-fields.ts';
import type { InformationResponse, NewInformationRequests } from './information-requests.service.ts';

export type FormValues = Record<string, string | string[] | undefined>;

/** What a partner agency answers, on the web form and over the API: the summary is required. */
export const responseFields = {
  knownInvolvement: optionalText(10_000, 'Known involvement must be 10,000 characters or fewer').meta({
    description: 'Your agency’s involvement, past or present, with the child or family.',
  }),
  risks: optionalText(10_000, 'Risks must be 10,000 characters or fewer').meta({
    description: 'Risks your agency knows of, to the child or from others around them.',
  }),
  strengths: optionalText(10_000, 'Strengths must be 10,000 characters or fewer').meta({
    description: 'What is going well; who helps and protects the child.',
  }),
  summary: requiredText(
    10_000,
    'Enter a summary of what your agency knows',
    'The summary must be 10,000 characters or fewer'
  ).meta({ description: 'A summary of what your agency knows and advises. Required.' }),
};

/** A ticked checkbox arrives as a string, several as an array, none as nothing. */
const ticked = z.preprocess((value) => (value === undefined ? [] : [value].flat()), z.array(z.string()));

function sendSchema(agencyIds: ReadonlySet<number>) {
  return z.object({
    agencyIds: ticked
      .refine((ids) => ids.length > 0, 'Select at least one partner agency to ask')
      .refine((ids) => ids.every((id) => agencyIds.has(Number(id))), 'Select partner agencies from the list')
      .transform((ids) => [...new Set(ids.map(Number))]),
    question: requiredText(
      5_000,
      'Enter the question for the partner agencies',
      'The question must be 5,000 characters or fewer'
    ),
    // Not an enum, so an unanswered radio gets this message rather than zod's.
    consentStatus: z
      .string()
      .optional()
      .refine(
        (value) => CONSENT_STATUSES.includes(value as ConsentStatus),
        'Select whether the family has consented to information being shared'
      )
      .transform((value) => value as ConsentStatus),
  });
}

/** Every problem at once: the fields zod checks and the coded lawful basis (needed without consent). */
export function parseSendForm(
  values: FormValues,
  contactChildId: number,
  partnerAgencyIds: ReadonlySet<number>
): { ok: true; requests: NewInformationRequests } | { ok: false; errors: FormErrors } {
  const parsed = sendSchema(partnerAgencyIds).safeParse(values);
  const { basis, problems } = readLawfulBasis(
    {
      personalData: values[LAWFUL_BASIS_FIELDS.personalData],
      specialCategory: values[LAWFUL_BASIS_FIELDS.specialCategory],
      detail: values[LAWFUL_BASIS_FIELDS.detail],
    },
    values.consentStatus !== 'given'
  );
  if (parsed.success && problems.length === 0)
    return { ok: true, requests: { contactChildId, ...parsed.data, lawfulBasis: basis } };
  const errors = parsed.success ? { summary: [], fields: {} } : formErrors(parsed.error);
  for (const problem of problems) {
    errors.fields[problem.field] = { text: problem.message };
    errors.summary.push({ text: problem.message, href: `#${problem.field}` });
  }
  return { ok: false, errors };
}

/** The per-person answer fields of the web form, named after each person on the request. */
export function personFieldName(field: 'knownInvolvement' | 'risks' | 'strengths', askedId: number): string {
  return `${field}-${askedId}`;
}

const personFields = {
  knownInvolvement: responseFields.knownInvolvement,
  risks: responseFields.risks,
  strengths: responseFields.strengths,
};

/** The web form: an overall summary and "not for disclosure", and what the agency knows about each person. */
function responseSchema(askedIds: readonly number[]) {
  return z
    .object({
      summary: responseFields.summary,
      notForDisclosure: z.preprocess((value) => value === 'yes', z.boolean()),
      ...Object.fromEntries(
        askedIds.flatMap((id) =>
          Object.entries(personFields).map(([field, schema]) => [
            personFieldName(field as keyof typeof personFields, id),
            schema,
          ])
        )
      ),
    })
    .transform((form) => {
      const typed = form as unknown as Record<string, string | undefined>;
      return {
        summary: form.summary,
        notForDisclosure: form.notForDisclosure,
        people: askedIds.map((id) => ({
          id,
          knownInvolvement: typed[personFieldName('knownInvolvement', id)],
          risks: typed[personFieldName('risks', id)],
          strengths: typed[personFieldName('strengths', id)],
        })),
      };
    });
}

export function parseResponseForm(
  values: FormValues,
  askedIds: readonly number[]
): { ok: true; response: InformationResponse } | { ok: false; errors: FormErrors } {
  const parsed = responseSchema(askedIds).safeParse(values);
  if (!parsed.success) return { ok: false, errors: formErrors(parsed.error) };
  return { ok: true, response: parsed.data };
}

/** The version the responder opened; anything unreadable counts as stale, so it can never overwrite. */
export function openedVersion(values: FormValues): number {
  const version = Number(values.version);
  return Number.isInteger(version) && version > 0 ? version : 0;
}
