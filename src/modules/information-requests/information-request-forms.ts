import { z } from 'zod';
import type { ConsentStatus } from '../../platform/db/schema.ts';
import { optionalText, requiredText } from '../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { CONSENT_STATUSES } from '../intake/contact-fields.ts';
import type { InformationResponse, NewInformationRequests } from './information-requests.service.ts';

export type FormValues = Record<string, string | string[] | undefined>;

const LAWFUL_BASIS_MISSING =
  'Enter the lawful basis for sharing without consent, for example Children Act 1989 section 47';

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
  return z
    .object({
      agencyIds: ticked
        .refine((ids) => ids.length > 0, 'Select at least one partner agency to ask')
        .refine(
          (ids) => ids.every((id) => agencyIds.has(Number(id))),
          'Select partner agencies from the list'
        )
        .transform((ids) => [...new Set(ids.map(Number))]),
      question: requiredText(
        5_000,
        'Enter the question for the partner agencies',
        'The question must be 5,000 characters or fewer'
      ),
      // Not an enum: an unanswered radio must not stop the lawful-basis check, so every problem shows at once.
      consentStatus: z
        .string()
        .optional()
        .refine(
          (value) => CONSENT_STATUSES.includes(value as ConsentStatus),
          'Select whether the family has consented to information being shared'
        )
        .transform((value) => value as ConsentStatus),
      lawfulBasis: optionalText(500, 'The lawful basis must be 500 characters or fewer'),
    })
    .refine((form) => form.consentStatus === 'given' || form.lawfulBasis !== undefined, {
      path: ['lawfulBasis'],
      message: LAWFUL_BASIS_MISSING,
    });
}

export function parseSendForm(
  values: FormValues,
  contactChildId: number,
  partnerAgencyIds: ReadonlySet<number>
): { ok: true; requests: NewInformationRequests } | { ok: false; errors: FormErrors } {
  const parsed = sendSchema(partnerAgencyIds).safeParse(values);
  if (!parsed.success) return { ok: false, errors: formErrors(parsed.error) };
  return { ok: true, requests: { contactChildId, ...parsed.data } };
}

/** The web form's "not for disclosure" checkbox: ticked sends 'yes'. */
const responseSchema = z.object({
  ...responseFields,
  notForDisclosure: z.preprocess((value) => value === 'yes', z.boolean()),
});

export function parseResponseForm(
  values: FormValues
): { ok: true; response: InformationResponse } | { ok: false; errors: FormErrors } {
  const parsed = responseSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: formErrors(parsed.error) };
  return { ok: true, response: parsed.data };
}

/** The version the responder opened; anything unreadable counts as stale, so it can never overwrite. */
export function openedVersion(values: FormValues): number {
  const version = Number(values.version);
  return Number.isInteger(version) && version > 0 ? version : 0;
}
