import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { migrations } from '../db/migrations/index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('service endpoints', () => {
  it('reports health: database reachable and migrations current', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const known = Object.keys(migrations).length;
    expect(response.json()).toEqual({
      status: 'ok',
      database: 'reachable',
      migrations: { applied: known, known, current: true },
    });
  });

  it('serves the OpenAPI document for the /api/v1 JSON API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/v1/me');
    expect(document.paths['/api/v1/me'].get.responses['200']).toBeDefined();
    // The partner API alone: none of the service's pages.
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/v1/'))).toEqual([]);
  });

  it('answers the API with JSON: 401 signed out, the actor when signed in', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    const agent = await t.signedIn(demoUser('qa_officer'));
    const response = await agent.get('/api/v1/me');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ role: 'qa_officer', roleLabel: 'Quality assurance officer' });
  });

  it('serves the styles, icons and the bundled client scripts', async () => {
    const css = await t.app.inject({ method: 'GET', url: '/assets/styles/govuk-frontend.min.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect((await t.app.inject({ method: 'GET', url: '/assets/public/favicon.svg' })).statusCode).toBe(200);
    const icon = await t.app.inject({ method: 'GET', url: '/assets/images/icon-document.svg' });
    expect(icon.statusCode).toBe(200);
    const script = await t.app.inject({ method: 'GET', url: '/assets/app/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect((await t.app.inject({ method: 'GET', url: '/assets/styles/index.scss' })).statusCode).toBe(404);
  });

  it('shows an accessible not-found page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/no-such-page' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
  });
});

describe('audit trail', () => {
  it('cannot be changed or removed, even by the database owner', async () => {
    await expect(t.db.updateTable('audit_event').set({ action: 'tampered' }).execute()).rejects.toThrow(
      /append-only/
    );
    await expect(t.db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
  });

  it('lets administrators search it, and audits the search itself', async () => {
    const agent = await t.signedIn(demoUser('administrator'));
    const page = await agent.get(`/admin/audit?user=${demoUser('administrator')}&action=auth.sign_in`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('auth.sign_in');
    const searches = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'audit.search')
      .execute();
    expect(searches.at(-1)?.details).toMatchObject({ criteria: { action: 'auth.sign_in' } });
  });

  it('explains a bad date range and keeps the filters', async () => {
    const agent = await t.signedIn(demoUser('administrator'));
    const page = await agent.get('/admin/audit?from=2026-11-30&to=2026-11-01&user=someone');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('To date must be the same as or after the from date');
    expect(page.body).toContain('value="someone"');
  });
});
