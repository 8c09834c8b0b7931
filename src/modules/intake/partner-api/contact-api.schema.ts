import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/form-fields.ts';
import type { Clock } from '../../../platform/clock.ts';
import { isValidNhsNumber, normaliseNhsNumber } from '../../../shared/nhs-number.ts';
import { ASSESSMENT_FACTOR_CODES, REFERRAL_SOURCE_OPTIONS } from '../concern-codes.ts';

/*
 * Field schemas for every way a contact comes in (partner API, staff form, online form), so each
 * accepts the same codes, NHS numbers, dates and consent rules.
 */

const REFERRAL_SOURCES = REFERRAL_SOURCE_OPTIONS.map((option) => option.code) as [string, ...string[]];
const CONCERNS = ASSESSMENT_FACTOR_CODES as [string, ...string[]];

export const CONSENT_STATUSES = ['given', 'refused', 'not_sought'] as const;

export const referralSourceField = z
  .enum(REFERRAL_SOURCES, { error: 'Choose a referral source from the CIN census list, for example 6' })
  .meta({ description: 'CIN census referral source code, for example 6 (police) or 3A (GP).' });

export const assessmentFactorField = z.enum(CONCERNS, {
  error: 'Choose a concern code from the CIN census assessment factors, for example 3B',
});

/** Repeated codes are kept once: a concern is either raised or not. */
export const concernCodesField = z
  .array(assessmentFactorField)
  .max(CONCERNS.length)
  .transform((codes) => [...new Set(codes)])
  .meta({
    description: 'CIN census assessment factor codes for the concerns raised, for example ["3B", "16A"].',
  });

export const nhsNumberField = z
  .string()
  .transform(normaliseNhsNumber)
  .refine(isValidNhsNumber, 'Enter a valid 10-digit NHS number, like 485 777 3456')
  .meta({ description: '10 digits; spaces and hyphens are ignored. The check digit is verified.' });

export const sexField = z
  .enum(['M', 'F', 'U'], { error: 'Sex must be M, F or U (not known or unborn)' })
  .meta({ description: 'M, F or U (not known, or an unborn child).' });

export const postcodeField = z
  .string()
  .transform((value) => value.replace(/\s+/g, '').toUpperCase())
  .refine((value) => /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(value), 'Enter a full UK postcode, like AA1 1AA')
  .transform((value) => `${value.slice(0, -3)} ${value.slice(-3)}`);

export const phoneField = z
  .string()
  .trim()
  .regex(/^\+?[\d\s()-]{7,20}$/, 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192');

export const emailField = z
  .string()
  .trim()
  .pipe(z.email('Enter an email address in the correct format, like name@example.com').max(254));

/** A calendar date, YYYY-MM-DD, that exists (no 30 February). */
export const calendarDateField = z.iso.date('Enter a real date in the format YYYY-MM-DD');

/** Consent to share the contact with the family: a reason is needed unless it was given. */
export const consentSchema = z
  .strictObject({
    status: z.enum(CONSENT_STATUSES, { error: 'Consent must be given, refused or not_sought' }),
    reason: optionalText(2000).meta({
      description:
        'Why consent was refused or not sought, for example that asking would put the child at risk.',
    }),
  })
  .refine((consent) => consent.status === 'given' || consent.reason !== undefined, {
    path: ['reason'],
    message: 'Give the reason consent was refused or not sought',
  });

export const addressSchema = z.strictObject({
  line1: requiredText(200, 'Enter the first line of the address'),
  line2: optionalText(200),
  town: requiredText(100, 'Enter the town or city'),
  postcode: postcodeField,
});

export const referrerSchema = z
  .strictObject({
    name: requiredText(200, "Enter the referrer's name"),
    role: requiredText(200, "Enter the referrer's role, for example police constable"),
    organisation: requiredText(200, "Enter the referrer's organisation"),
    phone: phoneField.optional(),
    email: emailField.optional(),
  })
  .refine((referrer) => referrer.phone !== undefined || referrer.email !== undefined, {
    path: ['phone'],
    message: 'Give a telephone number or an email address so the front door can contact the referrer',
  });

/** A partner system's clock may run a little ahead of ours; a few minutes is not "the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

function notInFuture(clock: Clock, date: Date): boolean {
  return date.getTime() <= clock.now().getTime() + CLOCK_SKEW_MS;
}

export function childSchema(clock: Clock) {
  return z
    .strictObject({
      givenName: requiredText(100, "Enter the child's first name, or 'Unborn'"),
      familyName: requiredText(100, "Enter the child's last name"),
      dateOfBirth: calendarDateField
        .refine((date) => notInFuture(clock, new Date(date)), 'Date of birth must be today or in the past')
        .optional(),
      expectedDateOfBirth: calendarDateField
        .optional()
        .meta({ description: 'For an unborn child: the expected date of birth (due date).' }),
      sex: sexField.optional(),
      nhsNumber: nhsNumberField.optional(),
    })
    .refine((child) => !(child.dateOfBirth && child.expectedDateOfBirth), {
      path: ['expectedDateOfBirth'],
      message: 'Give a date of birth or an expected date of birth, not both',
    });
}

/** Synthetic: 999 NHS numbers and example.* addresses are never real. */
const EXAMPLE = {
  receivedAt: '2026-11-20T08:45:00Z',
  referralSource: '6',
  referrer: {
    name: 'PC Sam Example',
    role: 'Police constable',
    organisation: 'Example Police',
    phone: '01632 960 001',
    email: 'sam.example@police.example',
  },
  children: [
    {
      givenName: 'Alex',
      familyName: 'Sample',
      dateOfBirth: '2016-04-02',
      sex: 'U',
      nhsNumber: '999 123 4578',
    },
  ],
  address: { line1: '1 Example Street', town: 'Exampleton', postcode: 'AA1 1AA' },
  concernCodes: ['3B'],
  presentingConcerns: 'Police attended a domestic incident at the home overnight; the child was present.',
  consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
  lawfulBasis: 'Children Act 1989 s47',
  immediateRisk: false,
};

/**
 * A contact from a partner system: the body of POST /api/v1/contacts. Unknown fields are refused,
 * so a misspelt one is never silently lost.
 */
export function contactSubmissionSchema(clock: Clock) {
  return z
    .strictObject({
      receivedAt: z.iso
        .datetime({ offset: true, error: 'Enter when the concern was received as an ISO 8601 date and time' })
        .transform((value) => new Date(value))
        .refine((date) => notInFuture(clock, date), 'The time received must not be in the future')
        .meta({ description: 'When the partner agency received or recorded the concern (ISO 8601).' }),
      referralSource: referralSourceField,
      referrer: referrerSchema,
      children: z
        .array(childSchema(clock))
        .min(1, 'Name at least one child')
        .max(10, 'Send at most 10 children in one contact; send siblings beyond that as another contact'),
      address: addressSchema.optional().meta({ description: "The child's home address, if known." }),
      concernCodes: concernCodesField.default([]),
      presentingConcerns: requiredText(10_000, 'Describe the concerns about the child').meta({
        description: 'What happened and why the referrer is worried.',
      }),
      childsLivedExperience: optionalText(10_000).meta({
        description: "What life is like for the child, in the child's words where possible.",
      }),
      strengths: optionalText(10_000).meta({
        description: 'What is going well; who helps and protects the child.',
      }),
      consent: consentSchema,
      lawfulBasis: optionalText(500).meta({
        description: 'The lawful basis for sharing without consent, for example Children Act 1989 s47.',
      }),
      immediateRisk: z.boolean().default(false).meta({
        description: 'True when a child is at immediate risk of significant harm: raises a red alert.',
      }),
    })
    .meta({ description: 'A contact about one or more children from a partner system.', example: EXAMPLE });
}

export type ContactSubmission = z.output<ReturnType<typeof contactSubmissionSchema>>;
