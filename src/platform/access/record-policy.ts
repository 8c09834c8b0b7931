import type { Actor } from './actor.ts';
import { hasPermission, isPartnerAgency } from './permissions.ts';

/** What the policy needs to know about a person's record and this actor's relationship to it. */
export interface PersonAccessFacts {
  restricted: boolean;
  /** The actor holds a named grant to this restricted record. */
  grantedToActor: boolean;
}

export type AccessDecision =
  { allowed: true } | { allowed: false; reason: 'permission' | 'restricted' | 'agency_scope' };

/**
 * Pure rule: may a partner answering its agency's information request see the child it is about?
 * Only the minimum on the request page, never the record itself, and never a restricted child.
 */
export function decideRequestedChildRead(actor: Actor, facts: PersonAccessFacts): AccessDecision {
  if (!hasPermission(actor.role, 'information_request:respond'))
    return { allowed: false, reason: 'permission' };
  if (facts.restricted && !facts.grantedToActor) return { allowed: false, reason: 'restricted' };
  return { allowed: true };
}

/**
 * Pure rule: may this actor read this person's record? Never a partner agency's staff, whatever has
 * been shared: they see only what an open information request asks of them, about the child it
 * names, on the request itself (decideRequestedChildRead), and only while it is open.
 */
export function decidePersonRead(actor: Actor, facts: PersonAccessFacts): AccessDecision {
  if (!hasPermission(actor.role, 'person:read')) return { allowed: false, reason: 'permission' };
  if (facts.restricted && !facts.grantedToActor) return { allowed: false, reason: 'restricted' };
  if (isPartnerAgency(actor.agencyKind)) return { allowed: false, reason: 'agency_scope' };
  return { allowed: true };
}
