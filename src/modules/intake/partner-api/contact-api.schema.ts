import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/form-fields.ts';
import type { Clock } from '../../../platform/clock.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import {
  PERSONAL_DATA_BASES,
  PERSONAL_DATA_BASIS_CODES,
  SPECIAL_CATEGORY_BASES,
  SPECIAL_CATEGORY_BASIS_CODES,
} from '../../../shared/lawful-basis.ts';
import {
  calendarDateField,
  concernCodesField,
  consentReasonMissing,
  consentStatusField,
  emailField,
  familyAwareField,
  nhsNumberField,
  phoneField,
  postcodeField,
  referralSourceField,
  sexField,
} from '../contact-fields.ts';
import { normalisePoliceReference, POLICE_REFERENCE_LENGTH } from './police-references.ts';

/** The partner API's body: the shared field rules, described for the OpenAPI file. */

/** Consent to share the contact with the family: a reason is needed unless it was given. */
export const consentSchema = z
  .strictObject({
    status: consentStatusField(),
    reason: optionalText(2000).meta({
      description:
        'Why consent was refused or not sought, for example that asking would put the child at risk.',
    }),
  })
  .refine((consent) => !consentReasonMissing(consent), {
    path: ['reason'],
    message: 'Give the reason consent was refused or not sought',
  });

export const addressSchema = z.strictObject({
  line1: requiredText(200, 'Enter the first line of the address'),
  line2: optionalText(200),
  town: requiredText(100, 'Enter the town or city'),
  postcode: postcodeField(),
});

export const referrerSchema = z
  .strictObject({
    name: requiredText(200, "Enter the referrer's name"),
    role: requiredText(200, "Enter the referrer's role, for example police constable"),
    organisation: requiredText(200, "Enter the referrer's organisation"),
    phone: phoneField().optional(),
    email: emailField().optional(),
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
      dateOfBirth: calendarDateField()
        .refine((date) => notInFuture(clock, new Date(date)), 'Date of birth must be today or in the past')
        .optional()
        .meta({
          description:
            'The child’s date of birth. A date making them 18 or over on the day received is refused with 422: the front door is for children.',
        }),
      expectedDateOfBirth: calendarDateField()
        .optional()
        .meta({ description: 'For an unborn child: the expected date of birth (due date).' }),
      sex: sexField().meta({ description: 'M, F or U (not known, or an unborn child).' }).optional(),
      nhsNumber: nhsNumberField()
        .meta({ description: '10 digits; spaces and hyphens are ignored. The check digit is verified.' })
        .optional(),
    })
    .refine((child) => !(child.dateOfBirth && child.expectedDateOfBirth), {
      path: ['expectedDateOfBirth'],
      message: 'Give a date of birth or an expected date of birth, not both',
    });
}

export const OTHER_PERSON_ROLES = ['parent_or_carer', 'household_member', 'adult_of_concern'] as const;

/** An adult (or anyone else who is not one of the children) named in the contact. */
export function otherPersonSchema(clock: Clock) {
  return z.strictObject({
    givenName: requiredText(100, "Enter the person's first name"),
    familyName: requiredText(100, "Enter the person's last name"),
    dateOfBirth: calendarDateField()
      .refine((date) => notInFuture(clock, new Date(date)), 'Date of birth must be today or in the past')
      .optional(),
    sex: sexField().meta({ description: 'M, F or U (not known).' }).optional(),
    role: z
      .enum(OTHER_PERSON_ROLES, {
        error: 'Role must be parent_or_carer, household_member or adult_of_concern',
      })
      .meta({
        description:
          'parent_or_carer; household_member (anyone else living with the children); adult_of_concern (the person alleged to cause harm, wherever they live: they are not given the children’s address).',
      }),
    relationship: optionalText(100).meta({
      description: 'Their relationship to the children, for example "Mother" or "Mother’s partner".',
    }),
  });
}

const REFERENCE_CHARACTERS = `${POLICE_REFERENCE_LENGTH.min} to ${POLICE_REFERENCE_LENGTH.max} letters, digits, spaces or / - . _ :, with at least one digit`;
const REFERENCE_RULE = `As the force writes it: ${REFERENCE_CHARACTERS}; kept in capitals with spaces tidied. Shown to the screener and quoted back to the police.`;

/** A police incident or crime reference: checked loosely, because every force writes its own. */
function policeReferenceField(what: string) {
  return z
    .string()
    .transform((value, context) => {
      const reference = normalisePoliceReference(value);
      if (reference !== null) return reference;
      context.addIssue({
        code: 'custom',
        message: `Enter the ${what} as the force wrote it: ${REFERENCE_CHARACTERS}`,
      });
      return z.NEVER;
    })
    .optional();
}

export const DASH_RISK_LEVELS = ['standard', 'medium', 'high'] as const;

function dashSchema(clock: Clock) {
  return z
    .strictObject({
      riskLevel: z
        .enum(DASH_RISK_LEVELS, { error: 'riskLevel must be standard, medium or high' })
        .meta({ description: 'The DASH risk level: standard, medium or high.' }),
      assessedOn: calendarDateField()
        .refine(
          (date) => date <= londonDateOf(clock.now()),
          'The DASH assessment date must not be in the future'
        )
        .meta({ description: 'The date the DASH risk assessment was completed (YYYY-MM-DD).' }),
    })
    .meta({
      description:
        'The domestic abuse risk (DASH) assessed by your agency. High risk is shown to the screener with a prompt to confirm a MARAC referral.',
    });
}

/** The coded lawful basis (src/shared/lawful-basis.ts); its detail stays in the free text lawfulBasis. */
const lawfulBasisCodesSchema = z
  .strictObject({
    personalData: z
      .enum(PERSONAL_DATA_BASIS_CODES, {
        error: `personalData must be one of ${PERSONAL_DATA_BASIS_CODES.join(', ')}`,
      })
      .meta({ description: `UK GDPR Article 6: ${codeList(PERSONAL_DATA_BASES)}.` }),
    specialCategory: z
      .enum(SPECIAL_CATEGORY_BASIS_CODES, {
        error: `specialCategory must be one of ${SPECIAL_CATEGORY_BASIS_CODES.join(', ')}`,
      })
      .meta({
        description: `UK GDPR Article 9 and DPA 2018 Schedule 1: ${codeList(SPECIAL_CATEGORY_BASES)}.`,
      }),
  })
  .meta({
    description:
      'The lawful basis for sharing without consent, as codes: both are needed. Put the detail in lawfulBasis.',
  });

function codeList(bases: Record<string, string>): string {
  return Object.entries(bases)
    .map(([code, text]) => `${code} (${text})`)
    .join('; ');
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
  otherPeople: [
    { givenName: 'Jo', familyName: 'Sample', role: 'parent_or_carer', relationship: 'Mother' },
    {
      givenName: 'Chris',
      familyName: 'Example',
      dateOfBirth: '1990-07-14',
      sex: 'M',
      role: 'adult_of_concern',
      relationship: 'Mother’s former partner',
    },
  ],
  consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
  familyAware: 'yes',
  lawfulBasis: 'Children Act 1989 s47',
  lawfulBasisCodes: { personalData: 'ukgdpr-6-1-e', specialCategory: 'ukgdpr-9-2-g-dpa-sch1-18' },
  policeIncidentReference: 'EX-20261120-0456',
  crimeReference: 'CR/12345/26',
  dash: { riskLevel: 'high', assessedOn: '2026-11-20' },
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
        .meta({
          description:
            'When the partner agency received or recorded the concern (ISO 8601). Refused with 422 when it is more than 5 minutes ahead of the front door’s clock, or more than 7 days ago: an older concern is not a new contact.',
        }),
      referralSource: referralSourceField().optional().meta({
        description:
          'CIN census referral source code. Your API key’s agency implies it: police keys refer as 6, health keys as one of 3A–3F, education keys as 2A or 2B, housing 4, adult social care 5A, youth justice 5B, probation 7. Leave it out when your agency has one code and it is filled in; a code your agency cannot refer under (for example 1C, the child themselves, from a police key) is refused with 422.',
      }),
      referrer: referrerSchema,
      children: z
        .array(childSchema(clock))
        .min(1, 'Name at least one child')
        .max(10, 'Send at most 10 children in one contact; send siblings beyond that as another contact'),
      address: addressSchema.optional().meta({ description: "The child's home address, if known." }),
      concernCodes: concernCodesField()
        .meta({
          description:
            'CIN census assessment factor codes for the concerns raised, for example ["3B", "16A"]. 21 ("no factors identified") is what an assessment concludes, not a concern: it is refused with 422.',
        })
        .default([]),
      presentingConcerns: requiredText(10_000, 'Describe the concerns about the child').meta({
        description: 'What happened and why the referrer is worried.',
      }),
      childsLivedExperience: optionalText(10_000).meta({
        description: "What life is like for the child, in the child's words where possible.",
      }),
      strengths: optionalText(10_000).meta({
        description: 'What is going well; who helps and protects the child.',
      }),
      otherPeople: z
        .array(otherPersonSchema(clock))
        .max(20, 'Send at most 20 other people in one contact')
        .default([])
        .meta({
          description:
            'The adults named: parents or carers, others in the household and the person alleged to cause harm. Each is held with the contact as you named them; the screener matches them to the council’s records (you are never shown those records), so an adult named on several contacts is one person.',
        }),
      consent: consentSchema,
      familyAware: familyAwareField().optional().meta({
        description: 'Whether the family knows this contact is being made: yes, no or not_sure.',
      }),
      lawfulBasis: optionalText(500).meta({
        description:
          'The detail of the lawful basis for sharing without consent, for example Children Act 1989 s47 (before lawfulBasisCodes, the whole basis as free text).',
      }),
      lawfulBasisCodes: lawfulBasisCodesSchema.optional(),
      policeIncidentReference: policeReferenceField('police incident reference').meta({
        description: 'The police incident (log) number, for example EX-20261120-0456. ' + REFERENCE_RULE,
      }),
      crimeReference: policeReferenceField('crime reference').meta({
        description:
          'The crime reference number, when a crime was recorded, for example CR/12345/26. ' + REFERENCE_RULE,
      }),
      dash: dashSchema(clock).optional(),
      immediateRisk: z.boolean().default(false).meta({
        description: 'True when a child is at immediate risk of significant harm: raises a red alert.',
      }),
      notForDisclosure: z.boolean().default(false).meta({
        description:
          'True when what you share is not for disclosure to the family (for example a police investigation the family must not learn of yet): no letter goes to the family without a manager deciding it is safe.',
      }),
    })
    .meta({
      description: 'A contact about one or more children from a partner system.',
      // Named examples, moved onto the request body: JSON Schema's `examples` is dropped for input with transforms.
      'x-examples': {
        policeNotification: {
          summary: 'A police domestic abuse notification with the adults, references and DASH level',
          value: EXAMPLE,
        },
      },
    });
}

export type ContactSubmission = z.output<ReturnType<typeof contactSubmissionSchema>>;
