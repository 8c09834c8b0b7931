import type { AgencyKind, Role } from '../db/schema.ts';

/** Everything a route or the record-access layer can ask for. */
export const PERMISSIONS = [
  'home:view',
  'account:manage',
  'person:search',
  'person:read',
  'audit:search',
  'contact:read',
  'contact:record',
  'consultation:record',
  'api_key:manage',
  'person:merge',
  /** The list of likely duplicates in the index: working each pair (merge, or "not the same person"). */
  'person:deduplicate',
  /** Restricting a record and lifting it, granting, reviewing and revoking named access, reviewing break-glass. */
  'person:restrict',
  /** Opening a restricted record without a grant in an emergency, with a reason: time-limited, told and reviewed. */
  'person:break_glass',
  'alert:acknowledge',
  'screening:record',
  'decision:propose',
  'decision:authorise',
  'decision:second_authorise',
  'work:allocate',
  'information_request:respond',
  'letter:send',
  'strategy:record',
  'handover:respond',
  'threshold:manage',
  'outcome:manage',
  /** "Who has looked at this child?": a manager for their team's children, an administrator for any. */
  'access_log:read',
  /** The receiving team's onward record: assessments, enquiries, plans, closure, the child's characteristics. */
  'onward:record',
  /** Downloading and checking the statutory returns (CIN census, Annex A): child-level data leaving the system. */
  'returns:export',
  /** The performance pages: figures only (a partner agency's staff see only their own agency's). */
  'performance:view',
  /** From a figure to the children behind it, each name a link to the record (audited like any read). */
  'performance:drill',
  /** The assurance area: audits, consistency, partner feedback, workforce (a partner sees only its own part). */
  'assurance:view',
  /** Carrying out a case audit assigned to you (a partner: its agency's part of a multi-agency audit). */
  'assurance:audit',
  /** Drawing dip samples, assigning and moderating audits, audit forms and actions. */
  'assurance:manage',
  /**
   * The assurance pages about the council's own staff and teams (threshold consistency by worker and
   * manager, the quality and timeliness matrix, workforce and capacity): never a partner agency's.
   */
  'assurance:staff',
  /** Council settings such as each locality's child population. */
  'council:configure',
  /** Staff accounts (issue 18): invite, role, team, agency, deactivate, reset the second factor, unlock. */
  'staff:manage',
  /** Writing narrative in the self-evaluation (SEF): the council's staff and partner agencies alike. */
  'sef:write',
  /**
   * Running a SEF for the council: starting one, its details (finalising it), the checklist, the
   * priorities for improvement and the Appendix C report. Never a partner agency's staff.
   */
  'sef:lead',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES: readonly Role[] = [
  'front_door_practitioner',
  'team_manager',
  'partner_agency_practitioner',
  'out_of_hours_worker',
  'qa_officer',
  'performance_analyst',
  'senior_leader',
  'administrator',
  'service_manager',
];

export const ROLE_LABELS: Record<Role, string> = {
  front_door_practitioner: 'Front door practitioner',
  team_manager: 'Team manager',
  partner_agency_practitioner: 'Partner agency practitioner',
  out_of_hours_worker: 'Out-of-hours worker',
  qa_officer: 'Quality assurance officer',
  performance_analyst: 'Performance analyst',
  senior_leader: 'Senior leader',
  administrator: 'Administrator',
  service_manager: 'Service manager',
};

const EVERY_ROLE: Permission[] = ['home:view', 'account:manage'];
const CASE_WORK: Permission[] = ['person:search', 'person:read'];
const FRONT_DOOR_WORK: Permission[] = [
  ...CASE_WORK,
  'contact:read',
  'contact:record',
  'consultation:record',
  'screening:record',
  'decision:propose',
  'strategy:record',
  'person:break_glass',
];
/** Day-time case work that follows a decision: letters to referrers, taking handovers, the onward record. */
const DAY_TEAM_WORK: Permission[] = ['letter:send', 'handover:respond', 'onward:record'];

/**
 * Managers authorise decisions and allocate work. A council may name team managers as second
 * authorisers too (settings.secondAuthoriserRoles), so they hold the permission; the setting decides.
 */
const TEAM_MANAGER: Permission[] = [
  ...EVERY_ROLE,
  ...FRONT_DOOR_WORK,
  ...DAY_TEAM_WORK,
  'alert:acknowledge',
  'decision:authorise',
  'decision:second_authorise',
  'work:allocate',
  'access_log:read',
  'person:restrict',
  'performance:view',
  'performance:drill',
  'assurance:view',
  'assurance:staff',
  'assurance:audit',
  'sef:write',
  'sef:lead',
];

/** Reading the evidence base and the children behind a figure; the record itself is an audited read. */
const INSIGHT: Permission[] = [
  'person:read',
  'performance:view',
  'performance:drill',
  'assurance:view',
  'assurance:staff',
  'sef:write',
  'sef:lead',
];

/**
 * The role matrix, default-deny: a role has only what is listed. Partner-agency staff hold
 * person:read only so that every person id answers them with the same "not found" as an id that does
 * not exist: decidePersonRead refuses them every record, and they never browse the index.
 * Analysts and senior leaders work from aggregates; they open a child's record (read only, audited,
 * restricted records refused) only from the children behind a figure, and never search the index.
 */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  front_door_practitioner: [...EVERY_ROLE, ...FRONT_DOOR_WORK, ...DAY_TEAM_WORK],
  team_manager: TEAM_MANAGER,
  // Oversees the front door's managers; by default the one who gives a decision its second sign-off.
  service_manager: [...TEAM_MANAGER, 'assurance:manage'],
  partner_agency_practitioner: [
    ...EVERY_ROLE,
    'person:read',
    'information_request:respond',
    'performance:view',
    'assurance:view',
    'assurance:audit',
    'sef:write',
  ],
  out_of_hours_worker: [...EVERY_ROLE, ...FRONT_DOOR_WORK, 'alert:acknowledge'],
  qa_officer: [
    ...EVERY_ROLE,
    ...CASE_WORK,
    'contact:read',
    // Data quality: QA officers work the likely-duplicates list; merging stays with administrators.
    'person:deduplicate',
    'performance:view',
    'performance:drill',
    'assurance:view',
    'assurance:staff',
    'assurance:audit',
    'assurance:manage',
    'sef:write',
    'sef:lead',
  ],
  performance_analyst: [...EVERY_ROLE, ...INSIGHT, 'returns:export'],
  senior_leader: [...EVERY_ROLE, ...INSIGHT, 'returns:export'],
  administrator: [
    ...EVERY_ROLE,
    ...CASE_WORK,
    'audit:search',
    'api_key:manage',
    'person:merge',
    'person:deduplicate',
    'person:restrict',
    'threshold:manage',
    'outcome:manage',
    'access_log:read',
    'returns:export',
    'performance:view',
    'performance:drill',
    'assurance:view',
    'assurance:staff',
    'council:configure',
    'staff:manage',
  ],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => hasPermission(role, permission));
}

/** Staff of partner agencies see only what their agency's open information requests ask of them. */
export function isPartnerAgency(kind: AgencyKind): boolean {
  return kind !== 'council';
}
