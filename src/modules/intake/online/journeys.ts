import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { ChildInput } from '../contact-input.ts';
import type { DescribedChild } from '../../../platform/db/schema.ts';
import type { ReferredAdult } from '../staff/link-adult.service.ts';
import {
  address,
  adultsList,
  childrenList,
  childsVoice,
  familyAwareness,
  professionalConsent,
  professionalReferrer,
  publicReferrer,
  whatIsHappening,
  worries,
  youngPersonContact,
  type OnlineChild,
} from './answer-schemas.ts';
import {
  AGENCY_TYPES,
  CONCERNS,
  CONSENT_CHOICES,
  FAMILY_KNOWS_CHOICES,
  RELATIONSHIPS,
  textOf,
  YES_NO_NOT_SURE,
} from './choices.ts';
import { defineJourney, type Audience, type Journey, type SummaryRow } from './journey.ts';

const PAGES = 'modules/intake/online/views/pages';

function row(key: string, ...lines: (string | undefined)[]): SummaryRow {
  const given = lines.filter((line): line is string => Boolean(line));
  return { key, lines: given.length > 0 ? given : ['Not given'] };
}

function childRows(children: OnlineChild[], today: string): SummaryRow[] {
  return children.map((child, index) =>
    row(
      children.length > 1 ? `Child ${index + 1}` : 'Child',
      `${child.givenName} ${child.familyName}`.trim() || 'Name not given',
      dateOrAge(child, today),
      child.school && `School or nursery: ${child.school}`
    )
  );
}

/** The adults the referrer described, in the words the page asked with. */
function adultRows(
  adults: (ReferredAdult | null)[],
  wording: { noun: string; nouns: string; child: string }
): SummaryRow[] {
  const given = namedAdultsOf(adults);
  if (given.length === 0) return [row(capitalised(wording.nouns), 'None given')];
  return given.map((adult, index) =>
    row(
      given.length > 1 ? `${capitalised(wording.noun)} ${index + 1}` : capitalised(wording.noun),
      `${adult.givenName} ${adult.familyName}`.trim() || 'Name not given',
      adult.relationship && `Related to ${wording.child}: ${adult.relationship}`,
      adult.dateOfBirth
        ? `Born ${DateTime.fromISO(adult.dateOfBirth).toFormat('d MMMM yyyy')}`
        : adult.approximateAge === undefined
          ? undefined
          : `About ${adult.approximateAge} years old`,
      adult.livesWithChild && `Lives with ${wording.child}: ${textOf(YES_NO_NOT_SURE, adult.livesWithChild)}`,
      adult.worriedAbout === undefined
        ? undefined
        : adult.worriedAbout
          ? 'You are worried about them'
          : 'You are not worried about them'
    )
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The adults described, leaving out any left blank. */
function namedAdultsOf(adults: (ReferredAdult | null)[]): ReferredAdult[] {
  return adults.filter((adult): adult is ReferredAdult => adult !== null);
}

function dateOrAge(child: OnlineChild, today: string): string | undefined {
  if (child.dateOfBirth) {
    const date = DateTime.fromISO(child.dateOfBirth).toFormat('d MMMM yyyy');
    return child.dateOfBirth > today ? `Due ${date}` : `Born ${date}`;
  }
  return child.age === undefined ? undefined : `Age ${child.age}`;
}

/** Each child stays as described until a practitioner links them to the person index when screening. */
function unlinkedChild(child: OnlineChild, today: string): ChildInput {
  const { dateOfBirth, ...rest } = child;
  // A date still to come is a pre-birth request (an unborn baby's due date).
  const details: DescribedChild =
    dateOfBirth && dateOfBirth > today ? { ...rest, expectedDateOfBirth: dateOfBirth } : child;
  return { details, resolution: { kind: 'unlinked' } };
}

function addressOf(answer: { line1?: string; line2?: string; town?: string; postcode?: string }) {
  if (!answer.line1 && !answer.town && !answer.postcode) return undefined;
  return {
    line1: answer.line1 ?? '',
    line2: answer.line2,
    town: answer.town ?? '',
    postcode: answer.postcode ?? '',
  };
}

const addressRows = (label: string) => (answer: Parameters<typeof addressOf>[0]) => [
  row(label, answer.line1, answer.line2, answer.town, answer.postcode),
];

const isAnonymous = (referrer: { name?: string; email?: string; phone?: string }) =>
  !referrer.name && !referrer.email && !referrer.phone;

/** Pages professionals and members of the public share, worded for both. */
const CHILDREN_PAGE = {
  title: 'About the children',
  template: `${PAGES}/children.njk`,
  summarise: childRows,
};
const ADULTS_PAGE = {
  title: 'Adults around the children',
  template: `${PAGES}/adults.njk`,
  summarise: (adults: (ReferredAdult | null)[]) =>
    adultRows(adults, { noun: 'adult', nouns: 'adults', child: 'the child' }),
};
const ADDRESS_PAGE = {
  title: 'Where the children live',
  template: `${PAGES}/address.njk`,
  summarise: addressRows('Address'),
};
const WORRIES_PAGE = {
  title: 'What you are worried about',
  template: `${PAGES}/worries.njk`,
  summarise: (answer: z.output<typeof worries>) => [
    row('What you are worried about', answer.details),
    row(
      'Worries ticked',
      ...answer.codes.map((code) => textOf(CONCERNS, code)),
      answer.codes.length ? undefined : 'None'
    ),
  ],
};
const voiceRows = (answer: z.output<typeof childsVoice>) => [
  row('What the child has said', answer.childSaid),
  row('What is going well', answer.strengths),
];

/** What every request says about the children, wherever it comes from. */
function aboutTheChildren(
  answers: {
    children: OnlineChild[];
    adults: (ReferredAdult | null)[];
    address: Parameters<typeof addressOf>[0];
    voice: z.output<typeof childsVoice>;
  },
  today: string
) {
  return {
    namedAdults: namedAdultsOf(answers.adults),
    address: addressOf(answers.address),
    children: answers.children.map((child) => unlinkedChild(child, today)),
    childsLivedExperience: answers.voice.childSaid,
    strengths: answers.voice.strengths,
  };
}

const professional = defineJourney({
  audience: 'professional',
  shape: {
    referrer: professionalReferrer,
    children: childrenList('full name and date of birth or age'),
    adults: adultsList({ child: 'the child', noun: 'adult' }),
    address,
    concerns: worries,
    voice: childsVoice,
    consent: professionalConsent,
  },
  pages: {
    referrer: {
      title: 'Your details',
      template: `${PAGES}/professional-details.njk`,
      summarise: (referrer) => [
        row('Name', referrer.name),
        row('Job title or role', referrer.role),
        row('Organisation', referrer.organisation, textOf(AGENCY_TYPES, referrer.agencyType)),
        row('Email address', referrer.email),
        row('Phone number', referrer.phone),
      ],
    },
    children: CHILDREN_PAGE,
    adults: ADULTS_PAGE,
    address: ADDRESS_PAGE,
    concerns: WORRIES_PAGE,
    voice: {
      title: 'The child’s experience',
      template: `${PAGES}/voice.njk`,
      summarise: voiceRows,
    },
    consent: {
      title: 'Consent and the family',
      template: `${PAGES}/consent.njk`,
      summarise: (answer) => [
        row(
          'Does the family agree to you sharing this?',
          textOf(CONSENT_CHOICES, answer.status),
          answer.reason
        ),
        row('Does the family know?', textOf(FAMILY_KNOWS_CHOICES, answer.familyKnows)),
      ],
    },
  },
  toDetails: ({ referrer, concerns, consent, ...answers }, today) => ({
    ...aboutTheChildren(answers, today),
    referralSource: referrer.agencyType,
    referrer: {
      name: referrer.name,
      role: referrer.role,
      organisation: referrer.organisation,
      email: referrer.email,
      phone: referrer.phone,
      isProfessional: true,
    },
    concernCodes: concerns.codes,
    presentingConcerns: concerns.details,
    consent: {
      status: consent.status,
      reason: consent.reason,
    },
    familyAware: consent.familyKnows,
  }),
});

const memberOfThePublic = defineJourney({
  audience: 'member-of-the-public',
  shape: {
    referrer: publicReferrer,
    children: childrenList('name or age'),
    adults: adultsList({ child: 'the child', noun: 'adult' }),
    address,
    concerns: worries,
    voice: childsVoice,
    consent: familyAwareness('Select whether the family knows you are contacting us'),
  },
  pages: {
    referrer: {
      title: 'About you',
      template: `${PAGES}/public-details.njk`,
      summarise: (referrer) => [
        row('How you know the child', textOf(RELATIONSHIPS, referrer.relationship)),
        ...(isAnonymous(referrer)
          ? [row('Your name', 'You chose to stay anonymous')]
          : [row('Your name', referrer.name), row('How we can contact you', referrer.email, referrer.phone)]),
      ],
    },
    children: CHILDREN_PAGE,
    adults: ADULTS_PAGE,
    address: ADDRESS_PAGE,
    concerns: WORRIES_PAGE,
    voice: {
      title: 'What the child has said',
      template: `${PAGES}/voice.njk`,
      summarise: voiceRows,
    },
    consent: {
      title: 'Does the family know?',
      template: `${PAGES}/family-knows.njk`,
      summarise: (answer) => [row('Does the family know?', textOf(FAMILY_KNOWS_CHOICES, answer.familyKnows))],
    },
  },
  toDetails: ({ referrer, concerns, consent, ...answers }, today) => ({
    ...aboutTheChildren(answers, today),
    // Anonymous is its own CIN referral source, whoever the person is.
    referralSource: isAnonymous(referrer) ? '9' : referrer.relationship,
    referrer: {
      name: referrer.name,
      role: textOf(RELATIONSHIPS, referrer.relationship),
      email: referrer.email,
      phone: referrer.phone,
      isProfessional: false,
    },
    concernCodes: concerns.codes,
    presentingConcerns: concerns.details,
    consent: {
      status: 'not_sought',
      reason: 'A member of the public asked for support.',
    },
    familyAware: consent.familyKnows,
  }),
});

const youngPerson = defineJourney({
  audience: 'young-person',
  shape: {
    children: childrenList('nothing'),
    concerns: whatIsHappening,
    adults: adultsList({ child: 'you', noun: 'person' }),
    voice: childsVoice,
    consent: familyAwareness('Select whether your family knows you are asking for help'),
    address,
    referrer: youngPersonContact,
  },
  pages: {
    children: {
      title: 'About you',
      template: `${PAGES}/young-person-about-you.njk`,
      summarise: ([you]) => [
        row('Your first name', you?.givenName),
        row('Your age', you?.age === undefined ? undefined : String(you.age)),
        row('Your school or college', you?.school),
      ],
    },
    concerns: {
      title: 'What is happening',
      template: `${PAGES}/whats-happening.njk`,
      summarise: (answer) => [row('What is happening', answer.details)],
    },
    adults: {
      title: 'The adults in your life',
      template: `${PAGES}/adults.njk`,
      summarise: (adults) => adultRows(adults, { noun: 'person', nouns: 'people', child: 'you' }),
    },
    voice: {
      title: 'What would help',
      template: `${PAGES}/voice.njk`,
      summarise: (answer) => [
        row('What you would like to happen', answer.childSaid),
        row('Who or what helps you', answer.strengths),
      ],
    },
    consent: {
      title: 'Your family',
      template: `${PAGES}/family-knows.njk`,
      summarise: (answer) => [
        row(
          'Does your family know you are asking for help?',
          textOf(FAMILY_KNOWS_CHOICES, answer.familyKnows)
        ),
      ],
    },
    address: {
      title: 'Where you live',
      template: `${PAGES}/address.njk`,
      summarise: addressRows('Where you live'),
    },
    referrer: {
      title: 'How we can contact you',
      template: `${PAGES}/young-person-contact.njk`,
      summarise: (contact) => [row('How we can contact you', contact.email, contact.phone)],
    },
  },
  toDetails: ({ referrer, children, concerns, consent, ...answers }, today) => ({
    // What they would like to happen (voice) is the child's own voice: their wishes and feelings.
    ...aboutTheChildren({ ...answers, children: children.slice(0, 1) }, today),
    referralSource: '1C',
    referrer: { ...referrer, isProfessional: false },
    concernCodes: [],
    presentingConcerns: concerns.details,
    consent: {
      status: 'not_sought',
      reason: 'A young person asked for help for themselves.',
    },
    familyAware: consent.familyKnows,
  }),
});

export const JOURNEYS: Record<Audience, Journey> = {
  professional,
  'member-of-the-public': memberOfThePublic,
  'young-person': youngPerson,
};
