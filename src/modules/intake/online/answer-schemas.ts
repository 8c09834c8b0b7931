import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/form-fields.ts';
import { isoDate } from '../../people/person-search.ts';
import { ageOn } from '../../../shared/age.ts';
import {
  ADULT_AGE,
  blankOr,
  CONSENT_STATUSES,
  consentReasonMissing,
  emailField,
  FAMILY_AWARENESS,
  phoneField,
  postcodeField,
} from '../contact-fields.ts';
import { isRelationshipKind, relationshipLabel } from '../../people/relationships/relationship-kinds.ts';
import type { ReferredAdult } from '../staff/link-adult.service.ts';
import { AGENCY_TYPES, CONCERNS, RELATIONSHIPS, YES_NO, YES_NO_NOT_SURE, type Choice } from './choices.ts';

export const MAX_CHILDREN = 10;
export const MAX_ADULTS = 10;
const LONG_TEXT = 5000;

/**
 * One of these values. An unanswered radio question posts nothing; refusing it without aborting lets
 * the page's other checks run too, so every problem shows at once.
 */
function oneOf<const T extends string>(values: readonly T[], missing: string) {
  return z
    .string()
    .optional()
    .refine((value) => (values as readonly string[]).includes(value ?? ''), missing)
    .transform((value) => value as T);
}

const valuesOf = (choices: readonly Choice[]) => choices.map((choice) => choice.value);

const email = blankOr(emailField());
const phone = blankOr(phoneField('Enter a phone number, like 01632 960 001 or 07700 900 982'));

export const professionalReferrer = z
  .object({
    name: requiredText(100, 'Enter your full name', 'Your name must be 100 characters or fewer'),
    role: requiredText(100, 'Enter your job title or role', 'Your role must be 100 characters or fewer'),
    organisation: requiredText(
      150,
      'Enter the name of your organisation',
      'Organisation must be 150 characters or fewer'
    ),
    agencyType: oneOf(valuesOf(AGENCY_TYPES), 'Select the type of organisation you work for'),
    email,
    phone,
  })
  .superRefine((referrer, ctx) => {
    if (!referrer.email && !referrer.phone) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Enter your work email address or phone number, so we can contact you',
      });
    }
  });

/** Anyone may stay anonymous: they leave their name and contact details blank. */
export const publicReferrer = z.object({
  relationship: oneOf(valuesOf(RELATIONSHIPS), 'Select how you know the child'),
  name: optionalText(100, 'Your name must be 100 characters or fewer'),
  email,
  phone,
});

export const youngPersonContact = z.object({ email, phone });

const childFields = z.object({
  givenName: optionalText(100, 'First name must be 100 characters or fewer'),
  familyName: optionalText(100, 'Last name must be 100 characters or fewer'),
  'dateOfBirth-day': optionalText(2, 'Date of birth must be a real date, for example 27 3 2015'),
  'dateOfBirth-month': optionalText(2, 'Date of birth must be a real date, for example 27 3 2015'),
  'dateOfBirth-year': optionalText(4, 'Date of birth must be a real date, for example 27 3 2015'),
  age: optionalText(2, 'Enter the age in years, as a number from 0 to 17').refine(
    (value) => value === undefined || (/^\d{1,2}$/.test(value) && Number(value) < ADULT_AGE),
    'Enter the age in years, as a number from 0 to 17: this service is for children and young people under 18'
  ),
  school: optionalText(150, 'School or nursery must be 150 characters or fewer'),
});
type ChildFields = z.output<typeof childFields>;

/** The person search's date check. */
const dateOfBirthOf = (child: ChildFields) => isoDate(child);

/** A child as the request describes them: only what was given. */
export interface OnlineChild {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  age?: number;
  school?: string;
}

type Need = 'full name and date of birth or age' | 'name or age' | 'nothing';

/** The children named in a request; what each must have depends on who is asking. */
export function childrenList(need: Need) {
  return z
    .array(childFields)
    .min(1, 'Tell us about at least one child')
    .max(MAX_CHILDREN, `You can tell us about up to ${MAX_CHILDREN} children in one request`)
    .superRefine((children, ctx) => {
      children.forEach((child, index) => {
        const which = children.length > 1 ? ` of child ${index + 1}` : '';
        for (const [field, message] of missingDetails(child, need, which)) {
          ctx.addIssue({ code: 'custom', path: [index, field], message });
        }
      });
    })
    .transform((children) => children.map(toOnlineChild));
}

function missingDetails(child: ChildFields, need: Need, which: string): [string, string][] {
  const missing: [string, string][] = [];
  const dateTyped = child['dateOfBirth-day'] || child['dateOfBirth-month'] || child['dateOfBirth-year'];
  if (dateTyped && !dateOfBirthOf(child)) {
    missing.push(['dateOfBirth', `Date of birth${which} must be a real date, for example 27 3 2015`]);
  }
  if (need === 'full name and date of birth or age') {
    if (!child.givenName) missing.push(['givenName', `Enter the first name${which}`]);
    if (!child.familyName) missing.push(['familyName', `Enter the last name${which}`]);
    if (!dateTyped && !child.age) {
      missing.push(['dateOfBirth', `Enter the date of birth${which}, or their age if you do not know it`]);
    }
  }
  if (need === 'name or age' && !child.givenName && !child.age && !dateTyped) {
    missing.push(['givenName', `Enter the first name${which}, or their age if you do not know their name`]);
  }
  return missing;
}

function toOnlineChild(child: ChildFields): OnlineChild {
  return {
    givenName: child.givenName ?? '',
    familyName: child.familyName ?? '',
    dateOfBirth: dateOfBirthOf(child),
    age: child.age === undefined ? undefined : Number(child.age),
    school: child.school,
  };
}

export const address = z.object({
  line1: optionalText(100, 'Address line 1 must be 100 characters or fewer'),
  line2: optionalText(100, 'Address line 2 must be 100 characters or fewer'),
  town: optionalText(60, 'Town or city must be 60 characters or fewer'),
  postcode: blankOr(postcodeField('Enter a real postcode, like NM1 4AB')),
});

const CONCERN_CODES = new Set(valuesOf(CONCERNS));
const concernCodes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : [value].flat()))
  .pipe(
    z
      .array(z.string().refine((code) => CONCERN_CODES.has(code), 'Select worries from the list'))
      .max(CONCERNS.length)
  );

export const worries = z.object({
  details: requiredText(
    LONG_TEXT,
    'Tell us what you are worried about',
    'What you are worried about must be 5,000 characters or fewer'
  ),
  codes: concernCodes,
});

export const whatIsHappening = z.object({
  details: requiredText(
    LONG_TEXT,
    'Tell us what is happening, in your own words',
    'What is happening must be 5,000 characters or fewer'
  ),
});

export const childsVoice = z.object({
  childSaid: optionalText(LONG_TEXT, 'This answer must be 5,000 characters or fewer'),
  strengths: optionalText(LONG_TEXT, 'This answer must be 5,000 characters or fewer'),
});

const familyKnows = (missing: string) => oneOf(FAMILY_AWARENESS, missing);

export const professionalConsent = z
  .object({
    status: oneOf(CONSENT_STATUSES, 'Select whether the family agrees to you sharing this with us'),
    reason: optionalText(2000, 'Your reason must be 2,000 characters or fewer'),
    familyKnows: familyKnows('Select whether the family knows you are contacting us'),
  })
  .superRefine((consent, ctx) => {
    if (consentReasonMissing(consent)) {
      const message =
        consent.status === 'refused'
          ? 'Tell us why you are sharing this without the family’s agreement'
          : 'Tell us why you have not asked the family';
      ctx.addIssue({ code: 'custom', path: ['reason'], message });
    }
  });

export const familyAwareness = (missing: string) => z.object({ familyKnows: familyKnows(missing) });

/**
 * The children a request names must be under 18 today: concerns about adults go to adult social
 * care. Answers [index, message] for each child whose date of birth makes them an adult.
 */
export function adultsAmongChildren(children: OnlineChild[], today: string): [number, string][] {
  return children.flatMap((child, index): [number, string][] => {
    if (!child.dateOfBirth || child.dateOfBirth > today) return [];
    const age = ageOn(child.dateOfBirth, today);
    if (age < ADULT_AGE) return [];
    const which = children.length > 1 ? ` of child ${index + 1}` : '';
    return [
      [
        index,
        `The date of birth${which} makes them ${age}: this service is for children and young people under ${ADULT_AGE}. For an adult, contact adult social care`,
      ],
    ];
  });
}

const adultFields = z.object({
  givenName: optionalText(100, 'First name must be 100 characters or fewer'),
  familyName: optionalText(100, 'Last name must be 100 characters or fewer'),
  relationship: optionalText(40, 'Select how they are related from the list'),
  relationshipOther: optionalText(100, 'How they are related must be 100 characters or fewer'),
  'dateOfBirth-day': optionalText(2, 'Date of birth must be a real date, for example 27 3 1990'),
  'dateOfBirth-month': optionalText(2, 'Date of birth must be a real date, for example 27 3 1990'),
  'dateOfBirth-year': optionalText(4, 'Date of birth must be a real date, for example 27 3 1990'),
  age: optionalText(20, 'Enter their age in years, as a number, like 35'),
  livesWithChild: optionalText(10, 'Select whether they live with the child'),
  worriedAbout: optionalText(10, 'Select whether you are worried about them'),
});
type AdultFields = z.output<typeof adultFields>;

/** How an adult list's messages speak: of "the child" and "adult 2", or to a young person of "you". */
export interface AdultWording {
  child: 'the child' | 'you';
  noun: 'adult' | 'person';
}

/**
 * The adults around the children, all optional: a blank adult is nobody (null, so every message
 * names the adult by their place on the page), and one described needs a name or a relationship.
 */
export function adultsList(wording: AdultWording) {
  return z
    .array(adultFields)
    .max(MAX_ADULTS, `You can tell us about up to ${MAX_ADULTS} adults in one request`)
    .superRefine((adults, ctx) => {
      adults.forEach((adult, index) => {
        const which = adults.length > 1 ? ` ${wording.noun} ${index + 1}` : '';
        for (const [field, message] of adultProblems(adult, wording, which)) {
          ctx.addIssue({ code: 'custom', path: [index, field], message });
        }
      });
    })
    .transform((adults) => adults.map((adult) => (isBlank(adult) ? null : toReferredAdult(adult))));
}

const isBlank = (adult: AdultFields) => Object.values(adult).every((value) => !value);

function adultProblems(adult: AdultFields, wording: AdultWording, which: string): [string, string][] {
  if (isBlank(adult)) return [];
  const their = which ? ` of${which}` : '';
  const problems: [string, string][] = [];
  const kind = adult.relationship;
  if (kind !== undefined && !isRelationshipKind(kind))
    problems.push(['relationship', 'Select how they are related from the list']);
  if (kind === 'other' && !adult.relationshipOther)
    problems.push([
      'relationshipOther',
      `Tell us how${which || ' they'} ${which ? 'is' : 'are'} related to ${wording.child}`,
    ]);
  if (!adult.givenName && !adult.familyName && !kind && !adult.relationshipOther)
    problems.push(['givenName', `Enter the name${their}, or how they are related to ${wording.child}`]);
  const dateTyped = adult['dateOfBirth-day'] || adult['dateOfBirth-month'] || adult['dateOfBirth-year'];
  if (dateTyped && !isoDate(adult))
    problems.push(['dateOfBirth', `Date of birth${their} must be a real date, for example 27 3 1990`]);
  if (adult.age !== undefined && !(/^\d{1,3}$/.test(adult.age) && Number(adult.age) <= 120))
    problems.push(['age', `Enter the age${their} in years, as a number, like 35`]);
  if (adult.livesWithChild !== undefined && !valuesOf(YES_NO_NOT_SURE).includes(adult.livesWithChild))
    problems.push(['livesWithChild', `Select whether they live with ${wording.child}`]);
  if (adult.worriedAbout !== undefined && !valuesOf(YES_NO).includes(adult.worriedAbout))
    problems.push(['worriedAbout', 'Select whether you are worried about them']);
  return problems;
}

const PARENT_KINDS = new Set(['mother', 'father', 'step_parent', 'carer']);

/**
 * The adult as held on the contact. Their part in the family is the practitioner's to confirm when
 * linking; it starts from what the referrer said: a parent or carer, a sibling, someone living with
 * the child, or (not living with them) the person the worry is about.
 */
function toReferredAdult(adult: AdultFields): ReferredAdult {
  const kind = isRelationshipKind(adult.relationship) ? adult.relationship : undefined;
  const lives = adult.livesWithChild as ReferredAdult['livesWithChild'];
  const worriedAbout = adult.worriedAbout === undefined ? undefined : adult.worriedAbout === 'yes';
  const role: ReferredAdult['role'] =
    kind && PARENT_KINDS.has(kind)
      ? 'parent_or_carer'
      : kind === 'sibling'
        ? 'sibling'
        : worriedAbout && lives !== 'yes'
          ? 'adult_of_concern'
          : 'household_member';
  return {
    givenName: adult.givenName ?? '',
    familyName: adult.familyName ?? '',
    dateOfBirth: isoDate(adult),
    approximateAge: adult.age === undefined ? undefined : Number(adult.age),
    role,
    relationshipKind: kind,
    relationship: kind && kind !== 'other' ? relationshipLabel(kind, 'to') : adult.relationshipOther,
    livesWithChild: lives,
    worriedAbout,
  };
}

/** Answers [index, message] for each adult whose date of birth is still to come. */
export function adultsNotYetBorn(adults: (ReferredAdult | null)[], today: string): [number, string][] {
  return adults.flatMap((adult, index): [number, string][] =>
    adult?.dateOfBirth && adult.dateOfBirth > today
      ? [[index, 'Date of birth must be in the past, or leave it blank if you do not know it']]
      : []
  );
}
