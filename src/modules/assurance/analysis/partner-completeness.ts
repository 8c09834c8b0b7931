import type { ConsentStatus, DescribedChild } from '../../../platform/db/schema.ts';
import { consentReasonMissing } from '../../intake/contact-fields.ts';

/*
 * What a partner's contact about a child should carry, each rule written once: the partner feedback
 * pages count these and print the same words beside the counts.
 */

export interface SentAboutChild {
  consentStatus: ConsentStatus | null;
  consentReason: string | null;
  /** The child as the referrer described them; null when recorded straight against a record (not kept). */
  describedChild: DescribedChild | null;
  /** Coded presenting concerns (contact_concern) recorded for the child. */
  concernCodes: number;
}

export const COMPLETENESS_RULES = {
  consentRecorded:
    'Consent recorded: whether the family agreed to the contact, and the reason when consent was refused or not sought.',
  childDetailsComplete:
    'The child’s details complete: given name, family name, sex, and date of birth (or expected date of birth for an unborn child).',
  concernsCoded: 'Coded concerns present: at least one presenting concern recorded as a coded factor.',
} as const;
export type CompletenessRule = keyof typeof COMPLETENESS_RULES;
export const COMPLETENESS_RULE_IDS = Object.keys(COMPLETENESS_RULES) as CompletenessRule[];

/** Whether each rule is met; null when it cannot be known (the child's details as sent were not kept). */
export type Completeness = Record<CompletenessRule, boolean | null>;

function present(text: string | null | undefined): boolean {
  return text !== undefined && text !== null && text.trim() !== '';
}

export function consentRecorded(sent: SentAboutChild): boolean {
  if (sent.consentStatus === null) return false;
  return !consentReasonMissing({
    status: sent.consentStatus,
    reason: present(sent.consentReason) ? sent.consentReason! : undefined,
  });
}

export function childDetailsComplete(child: DescribedChild | null): boolean | null {
  if (child === null) return null;
  return (
    present(child.givenName) &&
    present(child.familyName) &&
    present(child.sex) &&
    (present(child.dateOfBirth) || present(child.expectedDateOfBirth))
  );
}

export function completenessOf(sent: SentAboutChild): Completeness {
  return {
    consentRecorded: consentRecorded(sent),
    childDetailsComplete: childDetailsComplete(sent.describedChild),
    concernsCoded: sent.concernCodes > 0,
  };
}

/** Of the children a rule could be checked for (`of`), how many met it. */
export type CompletenessCounts = Record<CompletenessRule, { met: number; of: number }>;

/** How many of the children sent about meet each rule, out of those it could be checked for. */
export function countCompleteness(sent: readonly SentAboutChild[]): CompletenessCounts {
  const counts = Object.fromEntries(
    COMPLETENESS_RULE_IDS.map((rule) => [rule, { met: 0, of: 0 }])
  ) as CompletenessCounts;
  for (const child of sent) {
    const result = completenessOf(child);
    for (const rule of COMPLETENESS_RULE_IDS) {
      if (result[rule] === null) continue;
      counts[rule].of += 1;
      if (result[rule]) counts[rule].met += 1;
    }
  }
  return counts;
}
