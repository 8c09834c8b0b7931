import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import {
  decideBreakGlass,
  decidePersonRead,
  decideRequestedChildRead,
  decideRestrictionManagement,
  EMERGENCY_ACCESS_HOURS,
  emergencyAccessEnds,
  type PersonAccessFacts,
} from './record-policy.ts';
import { hasPermission, PERMISSIONS, ROLES, rolesWith } from './permissions.ts';

const council = { agencyId: 1, agencyKind: 'council', agencyName: 'Council' } as const;
const police = { agencyId: 2, agencyKind: 'police', agencyName: 'Police' } as const;

function actor(role: Actor['role'], agency: typeof council | typeof police = council): Actor {
  return { userId: 1, username: 'u', displayName: 'U', role, teamId: null, ...agency };
}

const open: PersonAccessFacts = { restricted: false, grantedToActor: false };

describe('decidePersonRead', () => {
  it('lets council case workers read an unrestricted record', () => {
    expect(decidePersonRead(actor('front_door_practitioner'), open)).toEqual({ allowed: true });
    expect(decidePersonRead(actor('team_manager'), open)).toEqual({ allowed: true });
  });

  it('lets analysts and senior leaders read a record (from the children behind a figure), never a restricted one', () => {
    for (const role of ['performance_analyst', 'senior_leader'] as const) {
      expect(decidePersonRead(actor(role), open)).toEqual({ allowed: true });
      expect(decidePersonRead(actor(role), { ...open, restricted: true })).toEqual({
        allowed: false,
        reason: 'restricted',
      });
    }
  });

  it('refuses a restricted record unless the actor holds a grant', () => {
    const restricted = { ...open, restricted: true };
    expect(decidePersonRead(actor('team_manager'), restricted)).toEqual({
      allowed: false,
      reason: 'restricted',
    });
    expect(decidePersonRead(actor('administrator'), restricted)).toEqual({
      allowed: false,
      reason: 'restricted',
    });
    expect(decidePersonRead(actor('team_manager'), { ...restricted, grantedToActor: true })).toEqual({
      allowed: true,
    });
  });

  it('never opens a record to partner-agency staff, even through a standing share', () => {
    const partner = actor('partner_agency_practitioner', police);
    expect(decidePersonRead(partner, open)).toEqual({ allowed: false, reason: 'agency_scope' });
    expect(decidePersonRead(partner, { restricted: true, grantedToActor: true })).toEqual({
      allowed: false,
      reason: 'agency_scope',
    });
  });

  it('checks restriction before agency scope, so sharing never unlocks a restricted record', () => {
    const partner = actor('partner_agency_practitioner', police);
    expect(decidePersonRead(partner, { restricted: true, grantedToActor: false })).toEqual({
      allowed: false,
      reason: 'restricted',
    });
  });
});

describe('break-glass (emergency access to a restricted record)', () => {
  const restricted: PersonAccessFacts = { restricted: true, grantedToActor: false };
  const opened: PersonAccessFacts = { ...restricted, emergencyAccess: true };

  it('opens a restricted record to the worker while their emergency access runs, and only then', () => {
    expect(decidePersonRead(actor('out_of_hours_worker'), opened)).toEqual({ allowed: true });
    expect(decidePersonRead(actor('out_of_hours_worker'), { ...opened, emergencyAccess: false })).toEqual({
      allowed: false,
      reason: 'restricted',
    });
  });

  it('never opens a record to partner-agency staff, nor to a partner answering a request', () => {
    const partner = actor('partner_agency_practitioner', police);
    expect(decidePersonRead(partner, opened)).toEqual({ allowed: false, reason: 'agency_scope' });
    expect(decideRequestedChildRead(partner, opened)).toEqual({ allowed: false, reason: 'restricted' });
    expect(decideBreakGlass(partner, restricted)).toEqual({ allowed: false, reason: 'permission' });
  });

  it('lets practitioners, managers and out-of-hours workers break glass on a restricted record', () => {
    for (const role of [
      'front_door_practitioner',
      'team_manager',
      'service_manager',
      'out_of_hours_worker',
    ] as const)
      expect(decideBreakGlass(actor(role), restricted)).toEqual({ allowed: true });
    expect(rolesWith('person:break_glass')).toEqual([
      'front_door_practitioner',
      'team_manager',
      'out_of_hours_worker',
      'service_manager',
    ]);
  });

  it('refuses roles without case work, a partner even with the permission, and records that need no glass broken', () => {
    for (const role of ['qa_officer', 'performance_analyst', 'senior_leader', 'administrator'] as const)
      expect(decideBreakGlass(actor(role), restricted)).toEqual({ allowed: false, reason: 'permission' });
    const partnerWithCaseWork = actor('front_door_practitioner', police);
    expect(decideBreakGlass(partnerWithCaseWork, restricted)).toEqual({
      allowed: false,
      reason: 'agency_scope',
    });
    expect(decideBreakGlass(actor('front_door_practitioner'), open)).toEqual({
      allowed: false,
      reason: 'not_restricted',
    });
    for (const already of [opened, { ...restricted, grantedToActor: true }])
      expect(decideBreakGlass(actor('front_door_practitioner'), already)).toEqual({
        allowed: false,
        reason: 'already_open',
      });
  });

  it('ends emergency access a shift after it opened, in real time', () => {
    expect(EMERGENCY_ACCESS_HOURS).toBe(8);
    // Across the clocks going back: eight real hours, not eight on the wall clock.
    expect(emergencyAccessEnds(new Date('2026-10-25T00:30:00Z')).toISOString()).toBe(
      '2026-10-25T08:30:00.000Z'
    );
  });
});

describe('decideRestrictionManagement', () => {
  const restricted: PersonAccessFacts = { restricted: true, grantedToActor: false };

  it('lets managers and administrators restrict a record they can read', () => {
    for (const role of ['team_manager', 'service_manager', 'administrator'] as const)
      expect(decideRestrictionManagement(actor(role), open)).toEqual({ allowed: true });
    expect(rolesWith('person:restrict')).toEqual(['team_manager', 'administrator', 'service_manager']);
  });

  it('refuses practitioners, and partner agencies whatever their role', () => {
    expect(decideRestrictionManagement(actor('front_door_practitioner'), open)).toEqual({
      allowed: false,
      reason: 'permission',
    });
    expect(decideRestrictionManagement(actor('team_manager', police), open)).toEqual({
      allowed: false,
      reason: 'agency_scope',
    });
  });

  it('needs a named grant to a restricted record, never break-glass access, except for administrators', () => {
    expect(decideRestrictionManagement(actor('team_manager'), restricted)).toEqual({
      allowed: false,
      reason: 'restricted',
    });
    expect(
      decideRestrictionManagement(actor('team_manager'), { ...restricted, emergencyAccess: true })
    ).toEqual({
      allowed: false,
      reason: 'restricted',
    });
    expect(
      decideRestrictionManagement(actor('team_manager'), { ...restricted, grantedToActor: true })
    ).toEqual({
      allowed: true,
    });
    expect(decideRestrictionManagement(actor('administrator'), restricted)).toEqual({ allowed: true });
  });
});

describe('role permissions', () => {
  it('gives every role its home page and account, and only administrators the audit trail', () => {
    for (const role of ROLES) {
      expect(hasPermission(role, 'home:view')).toBe(true);
      expect(hasPermission(role, 'account:manage')).toBe(true);
    }
    expect(rolesWith('audit:search')).toEqual(['administrator']);
  });

  it('keeps partner agencies, analysts and senior leaders out of the person index search', () => {
    expect(rolesWith('person:search')).not.toContain('partner_agency_practitioner');
    expect(rolesWith('person:search')).not.toContain('performance_analyst');
    expect(rolesWith('person:search')).not.toContain('senior_leader');
  });

  it('uses only declared permissions', () => {
    for (const role of ROLES)
      for (const permission of PERMISSIONS) expect(typeof hasPermission(role, permission)).toBe('boolean');
  });
});

describe('decideRequestedChildRead', () => {
  it("shows a partner the child of its agency's request without any share of the record", () => {
    expect(decideRequestedChildRead(actor('partner_agency_practitioner', police), open)).toEqual({
      allowed: true,
    });
  });

  it('never shows a restricted child, and only to partner staff answering requests', () => {
    const restricted = { ...open, restricted: true };
    expect(decideRequestedChildRead(actor('partner_agency_practitioner', police), restricted)).toEqual({
      allowed: false,
      reason: 'restricted',
    });
    expect(decideRequestedChildRead(actor('front_door_practitioner'), open)).toEqual({
      allowed: false,
      reason: 'permission',
    });
  });
});
