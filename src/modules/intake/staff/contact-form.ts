import { z } from 'zod';
import { optionalText } from '../../../platform/http/form-fields.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { formErrors } from '../../../platform/http/forms.ts';
import type { ContactChannel } from '../../../platform/db/schema.ts';
import {
  ADULT_AGE,
  adultAgeOnReceipt,
  blankOr,
  concernCodesField,
  consentReasonMissing,
  consentStatusField,
  familyAwareField,
  emailField,
  nhsNumberField,
  phoneField,
  postcodeField,
  raisesNoFactorsCode,
  RECEIVED_AT_LIMITS,
  receivedAtProblem,
  referralSourceField,
  sexField,
} from '../contact-fields.ts';
import type { ChildInput, ContactInput, OtherPersonInput } from '../contact-input.ts';
import { dateProblemMessage, parseDateParts } from '../../../platform/http/dates.ts';
import { ukInstant } from '../../../shared/uk-time.ts';
import { LAWFUL_BASIS_FIELDS, readLawfulBasis } from '../../../shared/lawful-basis.ts';
import { isRelationshipKind } from '../../people/relationships/relationship-kinds.ts';

/** The form's fields are flat (child-0-givenName …) so it works without JavaScript; values keep them as typed. */
export type FormValues = Record<string, string | string[] | undefined>;

export const STAFF_CHANNELS: readonly { value: ContactChannel; text: string }[] = [
  { value: 'phone', text: 'Phone' },
  { value: 'email', text: 'Email' },
  { value: 'in_person', text: 'In person' },
  { value: 'police_notification', text: 'Police notification' },
  { value: 'letter', text: 'Letter' },
  { value: 'out_of_hours', text: 'Out of hours (emergency duty)' },
];

export const OTHER_PERSON_ROLES = [
  { value: 'parent_or_carer', text: 'Parent or carer' },
  { value: 'household_member', text: 'Other household member' },
  { value: 'adult_of_concern', text: 'Adult of concern (not in the household)' },
  { value: 'sibling', text: 'Brother or sister the contact is not about' },
] as const;

const MAX_CHILDREN = 10;
const MAX_PEOPLE = 10;
const text = (max: number, message: string) => z.string().trim().max(max, message);
const optionalField = (max: number, label: string) =>
  optionalText(max, `${label} must be ${max} characters or fewer`);

export function countOf(
  values: FormValues,
  field: 'childCount' | 'personCount',
  minimum: number,
  maximum: number
): number {
  const count = Number(values[field]);
  return Number.isInteger(count) ? Math.min(Math.max(count, minimum), maximum) : minimum;
}

/** A date from day/month/year inputs, or an issue message. Empty inputs give undefined. */
/** A GOV.UK date input read strictly; `problem` is the whole message, starting with `label`. */
function dateFrom(values: FormValues, prefix: string, label: string): { date?: string; problem?: string } {
  const parsed = parseDateParts({
    day: values[`${prefix}-day`],
    month: values[`${prefix}-month`],
    year: values[`${prefix}-year`],
  });
  if (parsed.outcome === 'empty') return {};
  if (parsed.outcome === 'problem') return { problem: dateProblemMessage(label, parsed.problem) };
  return { date: parsed.date };
}

function receivedAt(values: FormValues, now: Date): { at?: Date; problem?: string } {
  const { date, problem } = dateFrom(values, 'received', 'Date received');
  if (problem) return { problem };
  const time = String(values['received-time'] ?? '').trim();
  if (!date) return { problem: 'Enter the date the contact was received' };
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
    return { problem: 'Enter the time received as hours and minutes, like 14:05' };
  const at = ukInstant(date, time);
  const limit = receivedAtProblem(at, now);
  if (limit === 'future') return { problem: 'Date and time received must be now or in the past' };
  if (limit === 'too_old')
    return {
      problem: `Date received must be within the last ${RECEIVED_AT_LIMITS.backDays} days: enter when the front door received the contact, not when the incident happened`,
    };
  return { at };
}

const staticSchema = z
  .object({
    channel: z.enum(STAFF_CHANNELS.map((channel) => channel.value) as [ContactChannel, ...ContactChannel[]], {
      message: 'Select how the contact came in',
    }),
    referralSource: referralSourceField('Select who made the contact'),
    referrerName: optionalField(200, "Referrer's name"),
    referrerRole: optionalField(200, "Referrer's role"),
    referrerOrganisation: optionalField(200, "Referrer's organisation"),
    referrerPhone: blankOr(phoneField("Enter the referrer's phone number, like 01632 960 001")),
    referrerEmail: blankOr(emailField("Enter the referrer's email address, like name@example.org")),
    addressLine1: optionalField(200, 'Address line 1'),
    addressLine2: optionalField(200, 'Address line 2'),
    addressTown: optionalField(100, 'Town or city'),
    addressPostcode: blankOr(postcodeField('Enter a full UK postcode, like NM1 4AB')),
    presentingConcerns: text(
      20_000,
      'What the referrer is worried about must be 20,000 characters or fewer'
    ).min(1, 'Enter what the referrer is worried about'),
    childsLivedExperience: optionalField(20_000, "The child's lived experience"),
    strengths: optionalField(20_000, 'Strengths and protective factors'),
    consentStatus: consentStatusField('Select whether consent to share was given'),
    familyAware: familyAwareField('Select whether the family knows about this contact'),
    consentReason: optionalField(2_000, 'The reason about consent'),
  })
  .superRefine((form, ctx) => {
    if (consentReasonMissing({ status: form.consentStatus, reason: form.consentReason })) {
      const message =
        form.consentStatus === 'refused'
          ? 'Say why information is being shared without consent'
          : 'Say why consent was not sought, for example that seeking it would increase the risk to the child';
      ctx.addIssue({ code: 'custom', path: ['consentReason'], message });
    }
    const addressParts = [form.addressLine1, form.addressTown, form.addressPostcode];
    if (addressParts.some(Boolean) && !addressParts.every(Boolean)) {
      const missing = !form.addressLine1
        ? 'addressLine1'
        : !form.addressTown
          ? 'addressTown'
          : 'addressPostcode';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'Enter the full address: first line, town and postcode',
      });
    }
  });

export type ParsedContactForm =
  | { ok: true; input: Omit<ContactInput, 'children'>; children: ParsedChild[]; adults: ParsedAdult[] }
  | { ok: false; errors: FormErrors };

/** Another person named, with the practitioner's choice so far of who in the index they are. */
export interface ParsedAdult {
  index: number;
  person: OtherPersonInput;
  match?: number | 'new';
  newReason?: string;
}

export interface ParsedChild {
  index: number;
  details: ChildInput['details'];
  /** The practitioner's choice so far: a person id, 'new', or nothing yet. */
  match?: number | 'new';
  newReason?: string;
}

/** Validates the whole form; every problem is reported at once, against the field it belongs to. */
export function parseContactForm(values: FormValues, now: Date): ParsedContactForm {
  const issues: z.core.$ZodIssue[] = [];
  const base = staticSchema.safeParse(values);
  if (!base.success) issues.push(...base.error.issues);
  const received = receivedAt(values, now);
  if (received.problem) issues.push(issue('received', received.problem));
  const children = parseChildren(values, issues);
  if (received.at) childrenUnder18(children, received.at, issues);
  const adults = parseOtherPeople(values, issues);
  // The coded lawful basis is needed once consent was refused or not sought (an unanswered consent
  // question has its own error).
  const lawful = readLawfulBasis(
    {
      personalData: values[LAWFUL_BASIS_FIELDS.personalData],
      specialCategory: values[LAWFUL_BASIS_FIELDS.specialCategory],
      detail: values[LAWFUL_BASIS_FIELDS.detail],
    },
    values.consentStatus === 'refused' || values.consentStatus === 'not_sought'
  );
  for (const problem of lawful.problems) issues.push(issue(problem.field, problem.message));
  const concerns = concernCodesField('Select concerns from the list').safeParse(
    [values.concerns ?? []].flat()
  );
  if (!concerns.success) issues.push(issue('concerns', 'Select concerns from the list'));
  else if (raisesNoFactorsCode(concerns.data))
    issues.push(
      issue(
        'concerns',
        '"No factors identified" is what an assessment concludes, not a concern: select the concerns raised'
      )
    );
  if (issues.length > 0 || !base.success || !received.at || !concerns.success)
    return { ok: false, errors: formErrors(new z.ZodError(issues)) };

  const form = base.data;
  return {
    ok: true,
    children,
    adults,
    input: {
      receivedAt: received.at,
      channel: form.channel,
      referralSource: form.referralSource,
      referrer: {
        name: form.referrerName,
        role: form.referrerRole,
        organisation: form.referrerOrganisation,
        phone: form.referrerPhone,
        email: form.referrerEmail,
        isProfessional: !form.referralSource.startsWith('1') && form.referralSource !== '9',
      },
      address:
        form.addressLine1 && form.addressTown && form.addressPostcode
          ? {
              line1: form.addressLine1,
              line2: form.addressLine2,
              town: form.addressTown,
              postcode: form.addressPostcode,
            }
          : undefined,
      otherPeople: adults.map((adult) => adult.person),
      concernCodes: concerns.data,
      presentingConcerns: form.presentingConcerns,
      childsLivedExperience: form.childsLivedExperience,
      strengths: form.strengths,
      consent: { status: form.consentStatus, reason: form.consentReason },
      familyAware: form.familyAware,
      lawfulBasis: field(values, LAWFUL_BASIS_FIELDS.detail) || undefined,
      lawfulBasisCodes: lawful.basis,
      immediateRisk: values.immediateRisk === 'yes',
      notForDisclosure: values.notForDisclosure === 'yes',
    },
  };
}

/** A child is under 18 on the day the contact came in; an adult's concerns go to adult social care. */
function childrenUnder18(children: ParsedChild[], receivedAt: Date, issues: z.core.$ZodIssue[]): void {
  for (const child of children) {
    const age = adultAgeOnReceipt(child.details.dateOfBirth, receivedAt);
    if (age === undefined) continue;
    const ordinal = child.index === 0 ? 'the child' : `child ${child.index + 1}`;
    issues.push(
      issue(
        `child-${child.index}-dob`,
        `Date of birth of ${ordinal} makes them ${age} on the date received: a child must be under ${ADULT_AGE}. Refer concerns about adults to adult social care`
      )
    );
  }
}

function issue(field: string, message: string): z.core.$ZodIssue {
  return { code: 'custom', path: [field], message, input: undefined } as z.core.$ZodIssue;
}

function field(values: FormValues, name: string): string {
  return String(values[name] ?? '').trim();
}

function parseChildren(values: FormValues, issues: z.core.$ZodIssue[]): ParsedChild[] {
  const children: ParsedChild[] = [];
  for (let index = 0; index < countOf(values, 'childCount', 1, MAX_CHILDREN); index++) {
    const prefix = `child-${index}`;
    const ordinal = index === 0 ? 'the child' : `child ${index + 1}`;
    const givenName = field(values, `${prefix}-givenName`);
    const familyName = field(values, `${prefix}-familyName`);
    const blank = !givenName && !familyName && index > 0;
    if (blank) continue;
    if (!givenName)
      issues.push(issue(`${prefix}-givenName`, `Enter the first name of ${ordinal}, or "Unknown"`));
    if (!familyName)
      issues.push(issue(`${prefix}-familyName`, `Enter the last name of ${ordinal}, or "Unknown"`));
    const dob = dateFrom(values, `${prefix}-dob`, `Date of birth of ${ordinal}`);
    if (dob.problem) issues.push(issue(`${prefix}-dob`, dob.problem));
    const nhsNumber = blankOr(
      nhsNumberField(`Enter a valid 10-digit NHS number for ${ordinal}, or leave it blank`)
    ).safeParse(values[`${prefix}-nhsNumber`]);
    if (!nhsNumber.success) issues.push(issue(`${prefix}-nhsNumber`, nhsNumber.error.issues[0]!.message));
    const sex = sexField().safeParse(field(values, `${prefix}-sex`));
    children.push({
      index,
      details: {
        givenName,
        familyName,
        dateOfBirth: dob.date,
        sex: sex.success ? sex.data : 'U',
        nhsNumber: nhsNumber.data,
      },
      ...choiceOf(values, prefix),
    });
  }
  return children;
}

function parseOtherPeople(values: FormValues, issues: z.core.$ZodIssue[]): ParsedAdult[] {
  const people: ParsedAdult[] = [];
  for (let index = 0; index < countOf(values, 'personCount', 0, MAX_PEOPLE); index++) {
    const prefix = `person-${index}`;
    const givenName = field(values, `${prefix}-givenName`);
    const familyName = field(values, `${prefix}-familyName`);
    if (!givenName && !familyName) continue;
    if (!givenName || !familyName) {
      issues.push(
        issue(
          `${prefix}-${givenName ? 'familyName' : 'givenName'}`,
          `Enter both names of person ${index + 1}, or "Unknown"`
        )
      );
      continue;
    }
    const role = field(values, `${prefix}-role`);
    const dob = dateFrom(values, `${prefix}-dob`, `Date of birth of person ${index + 1}`);
    if (dob.problem) issues.push(issue(`${prefix}-dob`, dob.problem));
    const kind = field(values, `${prefix}-kind`);
    people.push({
      index,
      person: {
        givenName,
        familyName,
        dateOfBirth: dob.date,
        role: OTHER_PERSON_ROLES.some((option) => option.value === role)
          ? (role as OtherPersonInput['role'])
          : 'household_member',
        relationship: field(values, `${prefix}-relationship`) || undefined,
        relationshipKind: isRelationshipKind(kind) ? kind : undefined,
      },
      ...choiceOf(values, prefix),
    });
  }
  return people;
}

/** The practitioner's choice of record for a person on the form: a person id, 'new', or nothing yet. */
function choiceOf(values: FormValues, prefix: string): { match?: number | 'new'; newReason?: string } {
  const match = field(values, `${prefix}-match`);
  return {
    match: match === 'new' ? 'new' : match && Number.isInteger(Number(match)) ? Number(match) : undefined,
    newReason: field(values, `${prefix}-newReason`) || undefined,
  };
}
