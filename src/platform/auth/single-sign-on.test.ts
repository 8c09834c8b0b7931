import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addPractitioner,
  createSingleSignOnApp,
  type SingleSignOnTestApp,
} from '../../../test/support/single-sign-on-app.ts';
import { TestAgent } from '../../../test/support/test-agent.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { loadConfig } from '../config/config.ts';
import { singleSignOnSettings } from './single-sign-on.ts';

const REDIRECT_URL = 'http://frontdoor.test/sign-in/oidc/callback';

let t: SingleSignOnTestApp;
beforeAll(async () => {
  t = await createSingleSignOnApp(REDIRECT_URL);
});
afterAll(() => t.close());
beforeEach(() => {
  t.idp.rewriteIdTokens(null);
  t.clock.set(new Date());
});

/** Starts at Front Door, signs in at the provider as `login`, and answers the URL it sends the browser back to. */
async function throughProvider(agent: TestAgent, login: string, start = '/sign-in/oidc'): Promise<URL> {
  const started = await agent.get(start);
  expect(started.statusCode).toBe(303);
  const authorization = String(started.headers.location);
  expect(authorization.startsWith(`${t.idp.issuer}/auth?`)).toBe(true);
  return t.idp.signInAs(authorization, login);
}

function callbackPath(url: URL): string {
  return `${url.pathname}${url.search}`;
}

async function signInAs(login: string, start?: string) {
  const agent = t.agent();
  const response = await agent.get(callbackPath(await throughProvider(agent, login, start)));
  return { agent, response };
}

async function lastRefusal() {
  const row = await t.db
    .selectFrom('audit_event')
    .select(['actor_user_id', 'details'])
    .where('action', '=', 'auth.sign_in_failed')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return { actorUserId: row.actor_user_id, details: row.details as Record<string, unknown> };
}

function expectNotSignedIn(response: { statusCode: number; cookies: { name: string }[] }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.cookies.map((cookie) => cookie.name)).not.toContain('fd_session');
}

describe('the sign-in page', () => {
  it('offers "Sign in with <provider>" beside the username and password', async () => {
    const page = await t.agent().get('/sign-in?returnTo=/work');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<a href="\/sign-in\/oidc\?returnTo=%2Fwork"[^>]*class="govuk-button"/);
    expect(page.body).toContain('Sign in with Test Council ID');
    expect(page.body).toContain('id="username"');
  });
});

describe('signing in through the identity provider', () => {
  it('signs in the active staff member whose email the provider verified, ignoring case, and pins their identity', async () => {
    const userId = await addPractitioner(t.db, 'Alex.Okafor@frontdoor-council.example');
    t.idp.accounts.set('alex', { email: 'alex.okafor@FRONTDOOR-COUNCIL.example' });

    const { agent, response } = await signInAs('alex', '/sign-in/oidc?returnTo=/work');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/work');
    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Sso Practitioner');

    const user = await t.db
      .selectFrom('staff_user')
      .select(['sso_issuer', 'sso_subject', 'last_sign_in_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ sso_issuer: t.idp.issuer, sso_subject: 'alex' });
    expect(user.last_sign_in_at).not.toBeNull();
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'auth.sign_in')
      .where('actor_user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ method: 'single_sign_on', firstSignIn: true });

    // Again, with the identity now pinned: still signed in, and it is not the first time.
    const again = await signInAs('alex');
    expect(again.response.headers.location).toBe('/');
  });

  it('refuses someone with no staff record, and creates no account', async () => {
    t.idp.accounts.set('stranger', { email: 'jo.stranger@elsewhere.example' });
    const staffBefore = await t.db
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const { response } = await signInAs('stranger');
    expectNotSignedIn(response, 403);
    expect(response.body).toContain('There is no Front Door account for the email address');
    const staffAfter = await t.db
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(staffAfter).toEqual(staffBefore);
    const refusal = await lastRefusal();
    expect(refusal).toEqual({
      actorUserId: null,
      details: { method: 'single_sign_on', reason: 'no_staff_record' },
    });
  });

  it('refuses a deactivated staff member', async () => {
    const userId = await addPractitioner(t.db, 'sam.left@frontdoor-council.example', { active: false });
    t.idp.accounts.set('sam', { email: 'sam.left@frontdoor-council.example' });
    const { response } = await signInAs('sam');
    expectNotSignedIn(response, 403);
    expect(response.body).toContain('Your Front Door account has been deactivated');
    expect(await lastRefusal()).toEqual({
      actorUserId: userId,
      details: { method: 'single_sign_on', reason: 'deactivated' },
    });
  });

  it('refuses an email the provider has not verified', async () => {
    await addPractitioner(t.db, 'kim.unverified@frontdoor-council.example');
    t.idp.accounts.set('kim', { email: 'kim.unverified@frontdoor-council.example', email_verified: false });
    const { response } = await signInAs('kim');
    expectNotSignedIn(response, 403);
    expect(response.body).toContain('is not marked as verified');
    expect((await lastRefusal()).details).toMatchObject({ reason: 'email_unverified' });
  });

  it('refuses another provider account that later carries a pinned account’s email', async () => {
    const userId = await addPractitioner(t.db, 'pat.moved@frontdoor-council.example');
    t.idp.accounts.set('pat', { email: 'pat.moved@frontdoor-council.example' });
    expect((await signInAs('pat')).response.statusCode).toBe(303);
    // The mailbox is given to someone else at the provider: their account has a different subject.
    t.idp.accounts.set('pat-successor', { email: 'pat.moved@frontdoor-council.example' });
    const { response } = await signInAs('pat-successor');
    expectNotSignedIn(response, 403);
    expect(response.body).toContain('linked to a different account');
    expect(await lastRefusal()).toEqual({
      actorUserId: userId,
      details: { method: 'single_sign_on', reason: 'subject_mismatch' },
    });
  });

  it('refuses an ID token issued for another client (wrong audience)', async () => {
    await addPractitioner(t.db, 'lee.audience@frontdoor-council.example');
    t.idp.accounts.set('lee', { email: 'lee.audience@frontdoor-council.example' });
    t.idp.rewriteIdTokens((claims) => ({ ...claims, aud: 'another-council-service' }));
    const { response } = await signInAs('lee');
    expectNotSignedIn(response, 400);
    expect(response.body).toContain('was meant for another service');
    expect((await lastRefusal()).details).toMatchObject({ reason: 'wrong_audience' });
  });

  it('refuses an ID token made for another sign-in (nonce)', async () => {
    await addPractitioner(t.db, 'ade.nonce@frontdoor-council.example');
    t.idp.accounts.set('ade', { email: 'ade.nonce@frontdoor-council.example' });
    t.idp.rewriteIdTokens((claims) => ({ ...claims, nonce: 'a-nonce-from-another-sign-in' }));
    const { response } = await signInAs('ade');
    expectNotSignedIn(response, 400);
    expect(response.body).toContain('was not made for this sign-in');
    expect((await lastRefusal()).details).toMatchObject({ reason: 'nonce_mismatch' });
  });

  it('refuses an expired ID token, judged by Front Door’s clock', async () => {
    await addPractitioner(t.db, 'max.late@frontdoor-council.example');
    t.idp.accounts.set('max', { email: 'max.late@frontdoor-council.example' });
    // Front Door's clock is two hours on: the provider's one-hour token is already past its expiry.
    t.clock.set(new Date(Date.now() + 2 * 3_600_000));
    const { response } = await signInAs('max');
    expectNotSignedIn(response, 400);
    expect(response.body).toContain('had expired');
    expect((await lastRefusal()).details).toMatchObject({ reason: 'token_expired' });
  });

  it('refuses a tampered state, then the same answer replayed', async () => {
    await addPractitioner(t.db, 'ria.state@frontdoor-council.example');
    t.idp.accounts.set('ria', { email: 'ria.state@frontdoor-council.example' });
    const agent = t.agent();
    const back = await throughProvider(agent, 'ria');
    const tampered = new URL(back);
    tampered.searchParams.set('state', 'forged-state');
    const response = await agent.get(callbackPath(tampered));
    expectNotSignedIn(response, 400);
    expect(response.body).toContain('did not match the sign-in this browser started');
    expect((await lastRefusal()).details).toMatchObject({ reason: 'state_mismatch' });

    // The attempt is used up by the first answer: the genuine one cannot be played afterwards.
    const replayed = await agent.get(callbackPath(back));
    expectNotSignedIn(replayed, 400);
    expect((await lastRefusal()).details).toMatchObject({ reason: 'attempt_missing' });
  });

  it('refuses an answer brought to another browser (no attempt cookie)', async () => {
    await addPractitioner(t.db, 'noor.browser@frontdoor-council.example');
    t.idp.accounts.set('noor', { email: 'noor.browser@frontdoor-council.example' });
    const back = await throughProvider(t.agent(), 'noor');
    const response = await t.agent().get(callbackPath(back));
    expectNotSignedIn(response, 400);
    expect(response.body).toContain('or in another browser');
  });

  it('never writes an email or the provider’s subject into the audit trail', async () => {
    const rows = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('details', 'is not', null)
      .where('action', 'in', ['auth.sign_in', 'auth.sign_in_failed'])
      .execute();
    const written = JSON.stringify(rows);
    expect(written).not.toContain('@');
    expect(written).not.toContain('"alex"');
  });
});

describe('when the identity provider cannot be reached', () => {
  it('says so, and local sign-in still works', async () => {
    const app = await t.buildAnother({ issuer: new URL('http://127.0.0.1:1/') });
    const response = await app.inject({ method: 'GET', url: '/sign-in/oidc' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('Front Door cannot reach the sign-in service at Test Council ID');
    const password = await app.inject({ method: 'GET', url: '/sign-in' });
    expect(password.body).toContain('id="password"');
    const signedIn = await new TestAgent(app, t.clock).signIn(demoUser('front_door_practitioner'));
    expect(signedIn.statusCode).toBe(303);
  });
});

describe('configuration', () => {
  const base = { OIDC_ISSUER: 'https://login.example.test/tenant/v2.0', OIDC_CLIENT_ID: 'frontdoor' };

  it('is off without an issuer, client id and secret', () => {
    expect(singleSignOnSettings(loadConfig({}))).toBeUndefined();
  });

  it('needs all three together', () => {
    expect(() => singleSignOnSettings(loadConfig(base))).toThrow(
      /set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together/
    );
  });

  it('takes the settings, naming the button "Sign in with your organisation" by default', () => {
    const settings = singleSignOnSettings(loadConfig({ ...base, OIDC_CLIENT_SECRET: 's' }));
    expect(settings).toMatchObject({
      clientId: 'frontdoor',
      providerName: 'your organisation',
      trustEmailClaim: false,
    });
    expect(settings?.issuer.href).toBe('https://login.example.test/tenant/v2.0');
  });

  it('allows plain http only for a provider on this machine', () => {
    const http = (issuer: string) => () =>
      singleSignOnSettings(loadConfig({ ...base, OIDC_ISSUER: issuer, OIDC_CLIENT_SECRET: 's' }));
    expect(http('http://login.example.test/')).toThrow(/OIDC_ISSUER must be an https address/);
    expect(http('http://localhost:8080/')).not.toThrow();
    expect(http('http://127.0.0.1:8080/')).not.toThrow();
  });
});
