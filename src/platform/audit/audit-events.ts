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
  'screening.view': 'access',
  'screening.rate': 'change',
  'screening.confirm_rating': 'change',
  'screening.threshold': 'change',
  'screening.allocate': 'change',
  'work.queue_view': 'access',
  'information_request.send': 'change',
  'information_request.list': 'access',
  'information_request.view': 'access',
  'information_request.respond': 'change',
  'information_request.withdraw': 'change',
  'decision.propose': 'change',
  'decision.authorise': 'change',
  'decision.return': 'change',
  'decision.extend': 'change',
  'letter.create': 'change',
  'letter.view': 'access',
  'letter.send': 'change',
  'strategy.record': 'change',
  'strategy.update': 'change',
  'handover.offer': 'change',
  'handover.accept': 'change',
  'handover.return': 'change',
  'out_of_hours.action': 'change',
  'out_of_hours.pick_up': 'change',
  'mash.add': 'change',
  'mash.record_outcome': 'change',
  'threshold.publish': 'admin',
  'outcome.add': 'admin',
  'outcome.change': 'admin',
  'notification.read': 'change',
} as const satisfies Record<string, AuditEventClass>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function auditClassOf(action: AuditAction): AuditEventClass {
  return AUDIT_ACTIONS[action];
}
