import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { decidePersonRead, decideRequestedChildRead, type PersonAccessFacts } from './record-policy.ts';
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
