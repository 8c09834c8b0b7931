import type { ConsentStatus, ContactChildStatus, FamilyAwareness } from '../../../platform/db/schema.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { isDecided } from '../../journey/case-status.ts';

/*
 * What a referring agency's system may learn about the contact it sent (GET /api/v1/contacts/{reference}/outcome).
 *
 * That its contact was received, and whether the front door is still working on it, is the referrer's
 * own business: it is the acknowledgement Working Together 2023 expects and says nothing about the
 * family beyond what the referrer sent. What the council decided to do is the family's information.
 * An automatic answer shares it only when the family agreed to their information being shared (consent
 * given) and nothing recorded says they do not know of the contact. The lawful basis a partner records
 * is its basis for sharing with the council, not the council's for sharing back, so it never widens
 * this. Otherwise the answer is only "received and considered"; the referrer's letter, which a person
 * writes and checks, can say more where it is safe to. A decision counts once a manager has authorised it
 * and the child has left the front door: a proposal, or a decision sent back, is still screening.
 */

export type PartnerOutcomeStatus = 'received' | 'screening' | 'decided' | 'considered';

/** Coarse, non-sensitive codes: an open case or a private fostering arrangement is not named. */
export const PARTNER_OUTCOME_CODES = [
  'no_further_action',
  'advice_and_signposting',
  'early_help',
  'childrens_social_care',
  'strategy_discussion',
  'lado',
  'transfer',
  'other',
] as const;
export type PartnerOutcomeCode = (typeof PARTNER_OUTCOME_CODES)[number];

const PARTNER_CODE_OF: Record<string, PartnerOutcomeCode> = {
  no_further_action: 'no_further_action',
  information_advice: 'advice_and_signposting',
  early_help: 'early_help',
  assessment: 'childrens_social_care',
  already_open: 'childrens_social_care',
  private_fostering: 'childrens_social_care',
  strategy_discussion: 'strategy_discussion',
  lado: 'lado',
  transfer: 'transfer',
};

export interface ChildForOutcome {
  contactChildId: number;
  status: ContactChildStatus;
  /** The child's latest authorised decision, if any. */
  authorisedDecision: { outcomes: string[]; authorisedAt: Date } | null;
}

export interface ContactForOutcome {
  consentStatus: ConsentStatus | null;
  familyAware: FamilyAwareness | null;
  children: ChildForOutcome[];
}

export interface ChildOutcome {
  contactChildId: number;
  status: PartnerOutcomeStatus;
  /** Present only when the outcome may be shared. */
  outcomes?: PartnerOutcomeCode[];
  decidedOn?: string;
}

export interface PartnerOutcome {
  status: PartnerOutcomeStatus;
  outcomeShared: boolean;
  decidedOn: string | null;
  children: ChildOutcome[];
}

/** Whether the family's agreement allows the decision itself to go back to the referrer. */
export function mayShareOutcome(contact: Pick<ContactForOutcome, 'consentStatus' | 'familyAware'>): boolean {
  return (
    contact.consentStatus === 'given' && contact.familyAware !== 'no' && contact.familyAware !== 'not_sure'
  );
}

export function partnerOutcome(contact: ContactForOutcome): PartnerOutcome {
  const shared = mayShareOutcome(contact);
  const children = contact.children.map((child) => childOutcome(child, shared));
  const decidedDates = children.map((child) => child.decidedOn);
  const allDecided = children.length > 0 && decidedDates.every((date) => date !== undefined);
  return {
    status: contactStatus(children, allDecided, shared),
    outcomeShared: shared && allDecided,
    decidedOn: allDecided ? decidedDates.sort().at(-1)! : null,
    children,
  };
}

function childOutcome(child: ChildForOutcome, shared: boolean): ChildOutcome {
  const { contactChildId, status, authorisedDecision } = child;
  if (status === 'new') return { contactChildId, status: 'received' };
  if (!isDecided(status) || !authorisedDecision) return { contactChildId, status: 'screening' };
  const decidedOn = londonDateOf(authorisedDecision.authorisedAt);
  if (!shared) return { contactChildId, status: 'considered', decidedOn };
  return {
    contactChildId,
    status: 'decided',
    outcomes: partnerCodes(authorisedDecision.outcomes),
    decidedOn,
  };
}

/** A contact is decided when every child is; received while none has been looked at; else screening. */
function contactStatus(children: ChildOutcome[], allDecided: boolean, shared: boolean): PartnerOutcomeStatus {
  if (allDecided) return shared ? 'decided' : 'considered';
  return children.every((child) => child.status === 'received') ? 'received' : 'screening';
}

export function partnerCodes(outcomes: readonly string[]): PartnerOutcomeCode[] {
  const codes = outcomes.map((outcome) => PARTNER_CODE_OF[outcome] ?? 'other');
  return codes.length === 0 ? ['other'] : [...new Set(codes)];
}
