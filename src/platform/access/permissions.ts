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
  'alert:acknowledge',
  'screening:record',
  'decision:propose',
  'decision:authorise',
  'work:allocate',
  'information_request:respond',
  'letter:send',
  'strategy:record',
  'handover:respond',
  'threshold:manage',
  'outcome:manage',
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
];
/** Day-time case work that follows a decision: letters to referrers, taking handovers. */
const DAY_TEAM_WORK: Permission[] = ['letter:send', 'handover:respond'];

/**
 * The role matrix, default-deny: a role has only what is listed. Partner-agency staff can read
 * a person (only those shared with their agency, see record-policy.ts) but never browse the index.
 * Analysts and senior leaders work from aggregates, not children's records.
 */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  front_door_practitioner: [...EVERY_ROLE, ...FRONT_DOOR_WORK, ...DAY_TEAM_WORK],
  team_manager: [
    ...EVERY_ROLE,
    ...FRONT_DOOR_WORK,
    ...DAY_TEAM_WORK,
    'alert:acknowledge',
    'decision:authorise',
    'work:allocate',
  ],
  partner_agency_practitioner: [...EVERY_ROLE, 'person:read', 'information_request:respond'],
  out_of_hours_worker: [...EVERY_ROLE, ...FRONT_DOOR_WORK, 'alert:acknowledge'],
  qa_officer: [...EVERY_ROLE, ...CASE_WORK, 'contact:read'],
  performance_analyst: [...EVERY_ROLE],
  senior_leader: [...EVERY_ROLE],
  administrator: [
    ...EVERY_ROLE,
    ...CASE_WORK,
    'audit:search',
    'api_key:manage',
    'person:merge',
    'threshold:manage',
    'outcome:manage',
  ],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => hasPermission(role, permission));
}

/** Staff of partner agencies are scoped to what has been shared with their agency. */
export function isPartnerAgency(kind: AgencyKind): boolean {
  return kind !== 'council';
}
