import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { demoUser } from './support/demo-users.ts';
import { hasPermission, PERMISSIONS, ROLE_LABELS, ROLES } from '../src/platform/access/permissions.ts';
import type { DeclaredRoute } from '../src/platform/http/route-guard.ts';
import type { TestAgent } from './support/test-agent.ts';

let t: TestApp;
let personId: number;
const agents = new Map<string, TestAgent>();

beforeAll(async () => {
  t = await createTestApp();
  // A child whose work is the demo managers' team's, so a manager may open its access log too.
  const managersTeam = t.db.selectFrom('staff_user').where('username', '=', demoUser('team_manager'));
  personId = (
    await t.db
      .selectFrom('person')
      .select('id')
      .where('restricted', '=', false)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('contact_child')
            .whereRef('contact_child.person_id', '=', 'person.id')
            .where('contact_child.team_id', '=', managersTeam.select('team_id'))
            .select('contact_child.id')
        )
      )
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
  for (const role of ROLES) agents.set(role, await t.signedIn(demoUser(role)));
});
afterAll(() => t.close());

function protectedRoutes(): DeclaredRoute[] {
  // Signing out ends the agent's session, so it is checked on its own below.
  return t.app.declaredRoutes.filter((route) => route.permission !== null && route.url !== '/sign-out');
}

function concreteUrl(url: string): string {
  return url.replace(':id', String(personId));
}

async function call(agent: TestAgent, route: DeclaredRoute) {
  const url = concreteUrl(route.url);
  return route.method === 'GET' ? agent.get(url) : agent.post(url, {});
}

describe('role × route matrix', () => {
  it('covers every route the app declares', () => {
    expect(protectedRoutes().length).toBeGreaterThanOrEqual(7);
    expect(t.app.declaredRoutes.map((route) => `${route.method} ${route.url}`)).toContain('GET /people/:id');
  });

  for (const role of ROLES) {
    it(`lets ${role} reach exactly the routes its role allows`, async () => {
      const agent = agents.get(role)!;
      for (const route of protectedRoutes()) {
        const response = await call(agent, route);
        const allowed = hasPermission(role, route.permission!);
        const where = `${role} ${route.method} ${route.url} → ${response.statusCode}`;
        if (allowed) {
          expect([401, 403, 500], where).not.toContain(response.statusCode);
          expect(response.headers.location ?? '', where).not.toMatch(/^\/sign-in/);
        } else {
          expect(response.statusCode, where).toBe(403);
        }
      }
    });
  }

  it('gives a service manager everything a team manager has, and the second sign-off on decisions', () => {
    expect(ROLES).toContain('service_manager');
    expect(ROLE_LABELS.service_manager).toBe('Service manager');
    for (const permission of PERMISSIONS.filter((candidate) => hasPermission('team_manager', candidate)))
      expect(hasPermission('service_manager', permission), permission).toBe(true);
    expect(hasPermission('service_manager', 'decision:second_authorise')).toBe(true);
    expect(hasPermission('front_door_practitioner', 'decision:second_authorise')).toBe(false);
    expect(t.app.declaredRoutes.map((route) => `${route.method} ${route.url}`)).toContain(
      'POST /decisions/:id/second-authorisation'
    );
  });

  it('sends a signed-out visitor to sign in (or 401 for the API) on every protected route', async () => {
    const visitor = t.agent();
    for (const route of [
      ...protectedRoutes(),
      { method: 'POST', url: '/sign-out', permission: 'account:manage' } as DeclaredRoute,
    ]) {
      const response = await call(visitor, route);
      const where = `${route.method} ${route.url} → ${response.statusCode}`;
      if (route.url.startsWith('/api/')) expect(response.statusCode, where).toBe(401);
      else expect(response.headers.location ?? '', where).toMatch(/^\/sign-in/);
    }
  });

  it('refuses staff sessions on partner-system routes, which take only an API key', async () => {
    const partnerRoutes = t.app.declaredRoutes.filter((route) => route.partnerApiKey);
    expect(partnerRoutes.length).toBeGreaterThan(0);
    for (const role of ROLES) {
      for (const route of partnerRoutes) {
        const response = await call(agents.get(role)!, route);
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(401);
      }
    }
  });

  it('records each refusal in the audit trail', async () => {
    const refusals = await t.db
      .selectFrom('audit_event')
      .select(['actor_role', 'details'])
      .where('action', '=', 'access.denied')
      .execute();
    const roles = new Set(refusals.map((row) => row.actor_role));
    expect(roles).toContain('partner_agency_practitioner');
    expect(roles).toContain('performance_analyst');
  });
});
