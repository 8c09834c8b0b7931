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
  'person.list': 'access',
  /** A performance page: aggregates only, with the period and filters asked for. */
  'performance.view': 'access',
  'access.denied': 'denied',
  'access.unusual': 'admin',
  'person.access_log_view': 'access',
  'audit.search': 'admin',
  'contact.record': 'change',
  'contact.view': 'access',
  'contact.queue_view': 'access',
  'contact.submitted_online': 'change',
  'contact.submitted_by_partner': 'change',
  /** A person (a parent, carer, household member or person alleged to cause harm) added to a recorded contact. */
  'contact.person_added': 'change',
  /** A partner system read the outcome of a contact its agency sent, as far as the disclosure rule allows. */
  'contact.outcome_read_by_partner': 'access',
  'consultation.record': 'change',
  'consultation.list': 'access',
  'consultation.view': 'access',
  'person.details_change': 'change',
  'person.relationship_end': 'change',
  'person.create': 'change',
  'person.merge': 'change',
  'person.unmerge': 'change',
  /** A pair on the likely-duplicates list recorded as "not the same person", with the reason. */
  'person.not_duplicate': 'change',
  /** The matching engine run over the whole index for likely duplicates (`frontdoor duplicates find`). */
  'person.duplicates_find': 'admin',
  'person.restriction_review': 'change',
  'person.restrict': 'change',
  'person.restriction_lift': 'change',
  'person.access_grant': 'change',
  'person.access_grant_review': 'change',
  'person.access_revoke': 'change',
  /** The restriction page: who holds access to a record (an administrator may manage it without a grant). */
  'person.restriction_view': 'access',
  /** A restricted record opened in an emergency without a grant (break-glass), with the reason given. */
  'person.break_glass': 'access',
  'person.break_glass_review': 'change',
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
  'decision.second_authorise': 'change',
  'decision.extend': 'change',
  'letter.create': 'change',
  'letter.view': 'access',
  'letter.send': 'change',
  'letter.family_withheld': 'change',
  'strategy.record': 'change',
  'strategy.update': 'change',
  'handover.offer': 'change',
  'handover.accept': 'change',
  'handover.return': 'change',
  'out_of_hours.action': 'change',
  'out_of_hours.pick_up': 'change',
  'mash.add': 'change',
  'mash.record_outcome': 'change',
  /** Who attended a day's MASH meeting (issue 15): staff and partner agencies' representatives. */
  'mash.attendees': 'change',
  /** A partner agency's staff opened a MASH meeting: only the children their agency was involved in. */
  'mash.partner_view': 'access',
  /** A statutory agency's absence from a strategy discussion: acknowledged, then closed with an outcome. */
  'strategy.escalation_acknowledge': 'change',
  'strategy.escalation_close': 'change',
  'threshold.publish': 'admin',
  'outcome.add': 'admin',
  'outcome.change': 'admin',
  'notification.read': 'change',
  'legal_hold.set': 'admin',
  'legal_hold.release': 'admin',
  'retention.purge': 'admin',
  'subject_access.export': 'export',
  /** A statutory return downloaded (CIN census, Annex A), with how many rows it held. */
  'returns.export': 'export',
  /** The CIN census check run over live data: a read of every child in the return. */
  'returns.check': 'access',
  'database.restore': 'admin',
  'onward.view': 'access',
  'onward.episode_open': 'change',
  'onward.episode_close': 'change',
  'onward.assessment': 'change',
  'onward.section_47': 'change',
  'onward.conference': 'change',
  'onward.cp_plan': 'change',
  'onward.cin_plan': 'change',
  'onward.early_help': 'change',
  'onward.characteristics': 'change',
  /** Workforce (issue 14): a team's establishment, a worker's employment, a supervision held. */
  'workforce.establishment': 'change',
  'workforce.employment': 'change',
  'workforce.supervision': 'change',
  /** A locality's child population, for rates per 10,000 children. */
  'locality.change': 'admin',
  /** The assurance pages viewed (consistency, partners, the matrix). */
  'assurance.view': 'access',
  /** The self-evaluation (issue 14): created, its details changed, narrative written, checklist, priorities, report. */
  'sef.create': 'change',
  'sef.update': 'change',
  'sef.write': 'change',
  'sef.checklist': 'change',
  'sef.priority': 'change',
  'sef.export': 'export',
  /** Case audits (issue 14): dip samples, audits, moderation and actions. */
  'assurance.sample_draw': 'change',
  'assurance.audit_view': 'access',
  'assurance.audit_save': 'change',
  'assurance.audit_complete': 'change',
  'assurance.audit_moderate': 'change',
  'assurance.audit_assign': 'change',
  'assurance.action_save': 'change',
  'assurance.partner_part_view': 'access',
  /** An audit form created, changed (a new version once audits use it) or retired. */
  'assurance.form_save': 'admin',
  /** Council set-up and administration (issue 18). */
  'council.initialise': 'admin',
  'history.import': 'admin',
  'council.settings_change': 'admin',
  'letter_template.save': 'admin',
  'out_of_hours.change': 'admin',
  'staff.invite': 'admin',
  'staff.change': 'admin',
  'staff.deactivate': 'admin',
  'staff.reactivate': 'admin',
  'staff.reset_second_factor': 'admin',
  'staff.unlock': 'admin',
  'staff.set_up_link': 'admin',
  /** A member of staff chose their password through a one-time set-up link. */
  'auth.account_set_up': 'auth',
  'team.save': 'admin',
  'agency.save': 'admin',
  'locality.add': 'admin',
} as const satisfies Record<string, AuditEventClass>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function auditClassOf(action: AuditAction): AuditEventClass {
  return AUDIT_ACTIONS[action];
}
