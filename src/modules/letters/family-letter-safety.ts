import type { ConsentStatus } from '../../platform/db/schema.ts';
import { meaningfulTextProblem } from '../../shared/meaningful-text.ts';

/**
 * Pure rule: may a letter "to the parent or carer" at the home address tip someone off? A letter to
 * the family tells whoever opens it that children's services were contacted, so it is unsafe where
 * the person harming the child may read it or where another process decides what the family is told.
 */

/** CIN census factors 3A-3C: domestic abuse (the child, a parent or carer, or another person is the subject). */
export const DOMESTIC_ABUSE_CODES: readonly string[] = ['3A', '3B', '3C'];
/** CIN census referral source 1C: the child or young person referred themselves. */
export const SELF_REFERRAL_SOURCE = '1C';

export type FamilyLetterWarning =
  | 'domestic_abuse_without_consent'
  | 'not_for_disclosure'
  | 'strategy_discussion'
  | 'allegation_about_staff'
  | 'young_person_self_referral';

/** Why a family letter may not be safe, as shown to the practitioner and manager. */
export const FAMILY_LETTER_WARNINGS: Record<FamilyLetterWarning, string> = {
  domestic_abuse_without_consent:
    'Domestic abuse was reported and the family’s consent was not sought or was refused: the person causing harm could read the letter.',
  not_for_disclosure:
    'A partner agency (for example the police) said the information is not for disclosure to the family.',
  strategy_discussion:
    'A strategy discussion or section 47 enquiry is open or recorded: the social worker leading it decides what the family is told, and when.',
  allegation_about_staff:
    'It is an allegation about an adult who works with children, passed to the LADO: the LADO decides who is told, and when.',
  young_person_self_referral:
    'The young person asked for help themselves: a letter home could tell their family before they are ready, or put them at risk.',
};

export interface FamilyLetterFacts {
  /** The child's concerns (CIN census factor codes). */
  concernCodes: readonly string[];
  consentStatus: ConsentStatus | null;
  /** The contact, or a partner's answer about this child, said "not for disclosure". */
  notForDisclosure: boolean;
  /** A strategy discussion is recorded for this child's contact (open or concluded). */
  strategyDiscussion: boolean;
  /** The decision's outcomes, e.g. ['strategy_discussion'] or ['lado']. */
  outcomes: readonly string[];
  referralSource: string;
}

export interface FamilyLetterSafety {
  safe: boolean;
  warnings: FamilyLetterWarning[];
}

export function familyLetterSafety(facts: FamilyLetterFacts): FamilyLetterSafety {
  const warnings: FamilyLetterWarning[] = [];
  const domesticAbuse = facts.concernCodes.some((code) => DOMESTIC_ABUSE_CODES.includes(code));
  if (domesticAbuse && facts.consentStatus !== 'given') warnings.push('domestic_abuse_without_consent');
  if (facts.notForDisclosure) warnings.push('not_for_disclosure');
  if (facts.strategyDiscussion || facts.outcomes.includes('strategy_discussion'))
    warnings.push('strategy_discussion');
  if (facts.outcomes.includes('lado')) warnings.push('allegation_about_staff');
  if (facts.referralSource === SELF_REFERRAL_SOURCE) warnings.push('young_person_self_referral');
  return { safe: warnings.length === 0, warnings };
}

export const OVERRIDE_REASON_MESSAGE =
  'Explain why it is safe to send this letter to the family despite each warning, for example who you checked with and what they said';

/** A manager's reason for sending anyway must say something: at least a sentence, not "ok". */
export function overrideReasonProblem(reason: string | undefined): string | null {
  return meaningfulTextProblem(reason, { minWords: 8, message: OVERRIDE_REASON_MESSAGE });
}
