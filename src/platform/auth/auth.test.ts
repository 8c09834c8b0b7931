import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../demo/demo-accounts.ts';
import { totpCodeAt } from './totp.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function auditActions(username: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('audit_event as e')
    .innerJoin('staff_user as u', 'u.id', 'e.actor_user_id')
    .where('u.username', '=', username)
    .select('e.action')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => row.action);
}

describe('sign-in page', () => {
  it('serves a GOV.UK form with a CSRF token and a strict content security policy', async () => {
    const page = await t.agent().get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign in to Front Door');
    expect(page.body).toMatch(/name="_csrf" value="[^"]+"/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a form post without the CSRF token', async () => {
    const response = await t
      .agent()
      .postRaw('/sign-in', { username: demoUser('front_door_practitioner'), password: 'x' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('The form had expired');
  });

  it('shows GOV.UK field errors and keeps what was typed', async () => {
    const response = await t.agent().post('/sign-in', { username: 'someone', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('href="#password"');
    expect(response.body).toContain('Enter your password');
    expect(response.body).toContain('value="someone"');
  });
});

describe('signing in and out', () => {
  it('signs in with the right password, shows the user and role, and audits it', async () => {
    const username = demoUser('front_door_practitioner');
    const agent = t.agent();
    const response = await agent.signIn(username);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Front door practitioner');
    expect(await auditActions(username)).toContain('auth.sign_in');
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const response = await t
      .agent()
      .post('/sign-in', { username: demoUser('qa_officer'), password: 'not-the-password' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter a correct username and password');
    expect(await auditActions(demoUser('qa_officer'))).toContain('auth.sign_in_failed');
  });

  it('returns to the page asked for after signing in, but never to another site', async () => {
    const agent = t.agent();
    const redirect = await agent.get('/people');
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe('/sign-in?returnTo=%2Fpeople');
    const signedIn = await agent.post('/sign-in', {
      username: demoUser('front_door_practitioner'),
      password: DEMO_PASSWORD,
      returnTo: '/people',
    });
    expect([signedIn.headers.location, signedIn.statusCode]).toEqual(['/people', 303]);
    const offsite = await t.agent().post('/sign-in', {
      username: demoUser('front_door_practitioner'),
      password: DEMO_PASSWORD,
      returnTo: '//evil.example',
    });
    expect(offsite.headers.location).toBe('/');
  });

  it('signs out, ending the session in the database', async () => {
    const agent = await t.signedIn(demoUser('out_of_hours_worker'));
    expect((await agent.get('/')).statusCode).toBe(200);
    const out = await agent.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    expect((await agent.get('/')).statusCode).toBe(303);
    expect(await auditActions(demoUser('out_of_hours_worker'))).toContain('auth.sign_out');
  });
});

describe('lockout', () => {
  it('locks an account after five failures, refuses even the right password, then lets it in after the back-off', async () => {
    const username = demoUser('performance_analyst');
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await t.agent().post('/sign-in', { username, password: `wrong-${attempt}` })).statusCode).toBe(
        400
      );
    }
    expect((await t.agent().signIn(username)).statusCode).toBe(400);
    expect(await auditActions(username)).toContain('auth.locked_out');
    t.clock.advanceMinutes(2);
    expect((await t.agent().signIn(username)).headers.location).toBe('/');
    const user = await t.db
      .selectFrom('staff_user')
      .select(['failed_sign_ins', 'locked_until'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ failed_sign_ins: 0, locked_until: null });
  });
});

describe('session lifetime', () => {
  it('ends a session after 30 idle minutes and says why on the sign-in page', async () => {
    const agent = await t.signedIn(demoUser('senior_leader'));
    t.clock.advanceMinutes(29);
    expect((await agent.get('/')).statusCode).toBe(200);
    t.clock.advanceMinutes(30);
    const response = await agent.get('/');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('ended=idle_timeout');
    const signIn = await agent.get(response.headers.location as string);
    expect(signIn.body).toContain('you had not used Front Door for 30 minutes');
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const agent = await t.signedIn(demoUser('senior_leader'));
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      t.clock.advanceMinutes(20);
      expect((await agent.get('/')).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(20);
    expect((await agent.get('/')).headers.location).toContain('ended=absolute_timeout');
  });
});

describe('second factor', () => {
  it('asks the demo manager for a TOTP code before anything else', async () => {
    const agent = t.agent();
    const afterPassword = await agent.post('/sign-in', {
      username: demoUser('team_manager'),
      password: DEMO_PASSWORD,
    });
    expect(afterPassword.headers.location).toBe('/sign-in/second-factor');
    expect((await agent.get('/people')).headers.location).toBe('/sign-in/second-factor');
    const wrong = await agent.post('/sign-in/second-factor', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The code is not right');
    const right = await agent.post('/sign-in/second-factor', {
      code: totpCodeAt(DEMO_TOTP_SECRET, t.clock.now()),
    });
    expect(right.headers.location).toBe('/');
    expect((await agent.get('/')).body).toContain('Team manager');
  });

  it('locks the account after five wrong codes, refusing even the right code until the back-off ends', async () => {
    const agent = t.agent();
    await agent.post('/sign-in', { username: demoUser('team_manager'), password: DEMO_PASSWORD });
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await agent.post('/sign-in/second-factor', { code: '111111' })).statusCode).toBe(400);
    }
    const code = () => totpCodeAt(DEMO_TOTP_SECRET, t.clock.now());
    expect((await agent.post('/sign-in/second-factor', { code: code() })).statusCode).toBe(400);
    t.clock.advanceMinutes(2);
    expect((await agent.post('/sign-in/second-factor', { code: code() })).headers.location).toBe('/');
    const user = await t.db
      .selectFrom('staff_user')
      .select(['failed_sign_ins', 'locked_until'])
      .where('username', '=', demoUser('team_manager'))
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ failed_sign_ins: 0, locked_until: null });
  });

  it('makes a role set up a second factor when the council requires it', async () => {
    const council = await t.db.selectFrom('council').select('settings').executeTakeFirstOrThrow();
    const settings = { ...council.settings, secondFactorRequiredRoles: ['administrator'] };
    await t.db
      .updateTable('council')
      .set({ settings: JSON.stringify(settings) })
      .execute();
    try {
      const agent = t.agent();
      const afterPassword = await agent.post('/sign-in', {
        username: demoUser('administrator'),
        password: DEMO_PASSWORD,
      });
      expect(afterPassword.headers.location).toBe('/account/second-factor');
      const setUp = await agent.get('/account/second-factor');
      const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(setUp.body)?.[1]?.replace(/ /g, '');
      expect(secret).toBeTruthy();
      expect((await agent.get('/admin/audit')).headers.location).toBe('/account/second-factor');
      const enrolled = await agent.post('/account/second-factor', {
        code: totpCodeAt(secret!, t.clock.now()),
      });
      expect(enrolled.headers.location).toBe('/');
      expect((await agent.get('/admin/audit')).statusCode).toBe(200);
      expect(await auditActions(demoUser('administrator'))).toContain('auth.second_factor_enrolled');
    } finally {
      await t.db
        .updateTable('council')
        .set({ settings: JSON.stringify(council.settings) })
        .execute();
      await t.db
        .updateTable('staff_user')
        .set({ totp_enabled: false, totp_secret: null })
        .where('username', '=', demoUser('administrator'))
        .execute();
    }
  });
});

describe('rate limiting', () => {
  it('slows sign-in attempts from one address to 20 a minute, shared through the database', async () => {
    const agent = t.agent();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      statuses.push((await agent.post('/sign-in', { username: 'nobody', password: 'x' })).statusCode);
    }
    expect(statuses.slice(0, 20).every((status) => status === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    const hits = await sql<{ hits: number }>`select sum(hits)::int as hits from rate_limit_hit`.execute(t.db);
    expect(hits.rows[0]?.hits).toBeGreaterThanOrEqual(21);
  });
});

describe('sessions shared between app processes', () => {
  it('accepts a session created by one app instance on another using the same database', async () => {
    const { buildApp } = await import('../../app.ts');
    const second = await buildApp({ db: t.db, clock: t.clock });
    try {
      const agent = await t.signedIn(demoUser('front_door_practitioner'));
      const cookie = `fd_session=${agent.cookie('fd_session')}`;
      const response = await second.inject({ method: 'GET', url: '/', headers: { cookie } });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Front door practitioner');
    } finally {
      await second.close();
    }
  });
});
