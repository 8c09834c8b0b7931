import type { AgencyKind } from '../../../platform/db/schema.ts';
import { describeReferralSources, referralSourceOfAgency } from '../agency-referral-source.ts';
import {
  ADULT_AGE,
  adultAgeOnReceipt,
  RECEIVED_AT_LIMITS,
  raisesNoFactorsCode,
  receivedAtProblem,
} from '../contact-fields.ts';
import type { ContactSubmission } from './contact-api.schema.ts';

/**
 * What a well-formed contact must also be before it is saved, because the returns count it: a child
 * under 18, a received time that is now or recent, concerns that are concerns, and the referral
 * source of the agency whose key sent it. Each problem names its field, as a JSON pointer (like the
 * 400 answer's) and in dotted form.
 */

export interface ContactRuleIssue {
  /** JSON pointer, as in a 400 answer: /children/0/dateOfBirth. */
  path: string;
  /** The same field as written in code: children[0].dateOfBirth. */
  field: string;
  message: string;
}

export type ContactRulesResult =
  | { ok: true; contact: ContactSubmission & { referralSource: string } }
  | { ok: false; issues: ContactRuleIssue[] };

const AGENCY_NAMES: Record<AgencyKind, string> = {
  police: 'a police force',
  health: 'a health service',
  education: 'an education service',
  housing: 'a housing provider',
  adult_services: 'adult social care',
  youth_justice: 'a youth justice service',
  council: 'a council service',
  probation: 'the probation service',
  other: 'another organisation',
};

export function checkContactRules(
  contact: ContactSubmission,
  context: { now: Date; agencyKind: AgencyKind }
): ContactRulesResult {
  const issues: ContactRuleIssue[] = [];
  const add = (field: string, message: string) => issues.push({ path: pointerOf(field), field, message });

  const received = receivedAtProblem(contact.receivedAt, context.now);
  if (received === 'future') {
    add(
      'receivedAt',
      `receivedAt is in the future: send when your agency received the concern (up to ${RECEIVED_AT_LIMITS.aheadMinutes} minutes ahead of our clock is allowed)`
    );
  } else if (received === 'too_old') {
    add(
      'receivedAt',
      `receivedAt is more than ${RECEIVED_AT_LIMITS.backDays} days ago: send when your agency received the concern, not when the incident happened. A concern received before then is not a new contact: telephone the front door about it`
    );
  }

  contact.children.forEach((child, index) => {
    const age = adultAgeOnReceipt(child.dateOfBirth, contact.receivedAt);
    if (age === undefined) return;
    add(
      `children[${index}].dateOfBirth`,
      `children[${index}].dateOfBirth makes this person ${age} when the concern was received: a child must be under ${ADULT_AGE}. Send concerns about adults to adult social care`
    );
  });

  if (raisesNoFactorsCode(contact.concernCodes)) {
    add(
      'concernCodes',
      'concernCodes contains 21 ("no factors identified"), which is what an assessment concludes, not a concern: send the concerns raised, or leave concernCodes out'
    );
  }

  const source = referralSourceOfAgency(context.agencyKind, contact.referralSource);
  if (!source.ok) {
    const agency = AGENCY_NAMES[context.agencyKind];
    const allowed = describeReferralSources(source.allowed);
    const fix =
      source.allowed.length === 1
        ? `send ${allowed}, or leave referralSource out and it is filled in from the key`
        : `send one of ${allowed}`;
    add(
      'referralSource',
      source.problem === 'conflicts'
        ? `referralSource ${contact.referralSource} does not match this API key, which belongs to ${agency}: ${fix}`
        : `referralSource is needed because this API key belongs to ${agency}, which refers under more than one code: ${fix}`
    );
  }

  if (issues.length > 0 || !source.ok) return { ok: false, issues };
  return { ok: true, contact: { ...contact, referralSource: source.referralSource } };
}

/** children[0].dateOfBirth → /children/0/dateOfBirth */
function pointerOf(field: string): string {
  return `/${field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .join('/')}`;
}
