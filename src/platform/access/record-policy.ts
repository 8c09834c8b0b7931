import type { Actor } from './actor.ts';
import { hasPermission, isPartnerAgency } from './permissions.ts';

/** What the policy needs to know about a person's record and this actor's relationship to it. */
export interface PersonAccessFacts {
  restricted: boolean;
  /** The actor holds a named grant to this restricted record. */
  grantedToActor: boolean;
  /** The actor opened this restricted record in an emergency (break-glass) and that access has not ended. */
  emergencyAccess?: boolean;
}

export type AccessDecision =
  { allowed: true } | { allowed: false; reason: 'permission' | 'restricted' | 'agency_scope' };

/** How long break-glass access lasts: a shift. Real time, day and night, whatever the service hours. */
export const EMERGENCY_ACCESS_HOURS = 8;

/** When emergency access opened at `openedAt` ends. */
export function emergencyAccessEnds(openedAt: Date): Date {
  return new Date(openedAt.getTime() + EMERGENCY_ACCESS_HOURS * 3_600_000);
}

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
 * names, on the request itself (decideRequestedChildRead), and only while it is open. A restricted
 * record needs a named grant or the actor's own break-glass access that has not yet ended.
 */
export function decidePersonRead(actor: Actor, facts: PersonAccessFacts): AccessDecision {
  if (!hasPermission(actor.role, 'person:read')) return { allowed: false, reason: 'permission' };
  if (facts.restricted && !facts.grantedToActor && !facts.emergencyAccess)
    return { allowed: false, reason: 'restricted' };
  if (isPartnerAgency(actor.agencyKind)) return { allowed: false, reason: 'agency_scope' };
  return { allowed: true };
}

export type BreakGlassDecision =
  | { allowed: true }
  | { allowed: false; reason: 'permission' | 'agency_scope' | 'not_restricted' | 'already_open' };

/**
 * Pure rule: may this actor open this record in an emergency without a grant? Only the council's
 * case workers (never a partner agency's staff), only a restricted record, and only one they cannot
 * already open (a grant, or emergency access still running).
 */
export function decideBreakGlass(actor: Actor, facts: PersonAccessFacts): BreakGlassDecision {
  if (!hasPermission(actor.role, 'person:break_glass')) return { allowed: false, reason: 'permission' };
  if (isPartnerAgency(actor.agencyKind)) return { allowed: false, reason: 'agency_scope' };
  if (!facts.restricted) return { allowed: false, reason: 'not_restricted' };
  if (facts.grantedToActor || facts.emergencyAccess) return { allowed: false, reason: 'already_open' };
  return { allowed: true };
}

/**
 * Pure rule: may this actor restrict this record, lift its restriction or manage who holds access?
 * Managers who can read it, and administrators; a restricted record only with a named grant (break-glass
 * access is for reading in an emergency, never for giving access) — except administrators, who
 * manage access to any record (the page then shows them who holds access, not the child).
 */
export function decideRestrictionManagement(actor: Actor, facts: PersonAccessFacts): AccessDecision {
  if (!hasPermission(actor.role, 'person:restrict')) return { allowed: false, reason: 'permission' };
  if (isPartnerAgency(actor.agencyKind)) return { allowed: false, reason: 'agency_scope' };
  if (facts.restricted && !facts.grantedToActor && actor.role !== 'administrator')
    return { allowed: false, reason: 'restricted' };
  return { allowed: true };
}
