import type { AuditEventClass } from '../db/schema.ts';

/**
 * Every audited action and its class. Each action belongs to exactly one class; the class says
 * what kind of evidence it is (a record viewed, a change, a sign-in, a refusal, administration).
 */
export const AUDIT_ACTIONS = {
  'auth.sign_in': 'auth',
  'auth.sign_in_failed': 'auth',
  'auth.locked_out': 'auth',
  'auth.sign_out': 'auth',
  'auth.session_expired': 'auth',
  'auth.second_factor_passed': 'auth',
  'auth.second_factor_failed': 'auth',
  'auth.second_factor_enrolled': 'auth',
  'person.view': 'access',
  'person.search': 'access',
  'access.denied': 'denied',
  'audit.search': 'admin',
  'contact.record': 'change',
  'contact.view': 'access',
  'contact.queue_view': 'access',
  'contact.submitted_online': 'change',
  'contact.submitted_by_partner': 'change',
  'consultation.record': 'change',
  'consultation.list': 'access',
  'person.create': 'change',
  'person.merge': 'change',
  'person.unmerge': 'change',
  'api_key.create': 'admin',
  'api_key.revoke': 'admin',
  'api_key.used': 'access',
  'draft.save': 'change',
  'alert.acknowledge': 'change',
} as const satisfies Record<string, AuditEventClass>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function auditClassOf(action: AuditAction): AuditEventClass {
  return AUDIT_ACTIONS[action];
}
