import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { buildApp } from '../../app.ts';
import { DEMO_PASSWORD } from '../../demo/demo-accounts.ts';
import { PERMISSIONS_POLICY } from './security-headers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function csrfTokenOn(body: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  if (!token) throw new Error('No CSRF token on the page');
  return token;
}

describe('CSRF tokens are tied to the session', () => {
  it('refuses a form forged with a CSRF cookie planted from a sibling host', async () => {
    const victim = await t.signedIn(demoUser('front_door_practitioner'));
    // The attacker's own visit gives a CSRF cookie and a token that matches it …
    const attacker = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const plantedSecret = attacker.cookies.find((cookie) => cookie.name === 'fd_csrf')!.value;
    const forgedToken = csrfTokenOn(attacker.body);
    // … which, planted in the victim's browser, used to make every form of the victim's session pass.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `fd_session=${victim.cookie('fd_session')}; fd_csrf=${plantedSecret}`,
      },
      payload: new URLSearchParams({ _csrf: forgedToken }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('The form had expired');
    expect((await victim.get('/')).statusCode).toBe(200);

    // The session's own page gives a token that works, whatever CSRF cookie is there.
    const home = await victim.get('/');
    const genuine = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `fd_session=${victim.cookie('fd_session')}; fd_csrf=${plantedSecret}`,
      },
      payload: new URLSearchParams({ _csrf: csrfTokenOn(home.body) }).toString(),
    });
    expect(genuine.headers.location).toBe('/sign-in?signedOut=1');
  });

  it("refuses one session's token in another session", async () => {
    const first = await t.signedIn(demoUser('front_door_practitioner'));
    const second = await t.signedIn(demoUser('front_door_practitioner'));
    const token = csrfTokenOn((await first.get('/')).body);
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `fd_session=${second.cookie('fd_session')}`,
      },
      payload: new URLSearchParams({ _csrf: token }).toString(),
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('cookies under TLS', () => {
  it('uses __Host- cookies (Secure, whole site, no Domain) so a sibling host cannot set them', async () => {
    const secure = await buildApp({ db: t.db, clock: t.clock, secureCookies: true });
    try {
      const page = await secure.inject({ method: 'GET', url: '/sign-in' });
      const csrf = page.cookies.find((cookie) => cookie.name === '__Host-fd_csrf');
      expect(csrf).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(csrf?.domain).toBeUndefined();
      const signIn = await secure.inject({
        method: 'POST',
        url: '/sign-in',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `__Host-fd_csrf=${csrf!.value}`,
        },
        payload: new URLSearchParams({
          _csrf: csrfTokenOn(page.body),
          username: demoUser('front_door_practitioner'),
          password: DEMO_PASSWORD,
        }).toString(),
      });
      expect(signIn.headers.location).toBe('/');
      const session = signIn.cookies.find((cookie) => cookie.name === '__Host-fd_session');
      expect(session).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(session?.domain).toBeUndefined();
      const home = await secure.inject({
        method: 'GET',
        url: '/',
        headers: { cookie: `__Host-fd_session=${session!.value}` },
      });
      expect(home.statusCode).toBe(200);
      // A plain fd_session cookie (one a sibling host could plant) is not read under TLS.
      const planted = await secure.inject({
        method: 'GET',
        url: '/',
        headers: { cookie: `fd_session=${session!.value}` },
      });
      expect(planted.statusCode).toBe(303);
    } finally {
      await secure.close();
    }
  });
});

describe('returnTo after sign-in', () => {
  it('sends only to a path on this site, after reading it as a browser would', async () => {
    for (const returnTo of ['/\t/evil.example/', '/\\evil.example', '//evil.example', '/\r\n/evil.example']) {
      const response = await t.agent().post('/sign-in', {
        username: demoUser('qa_officer'),
        password: DEMO_PASSWORD,
        returnTo,
      });
      expect(response.statusCode, JSON.stringify(returnTo)).toBe(303);
      expect(response.headers.location, JSON.stringify(returnTo)).toBe('/');
    }
  });

  it('never fails on line breaks in returnTo', async () => {
    const response = await t.agent().post('/sign-in', {
      username: demoUser('qa_officer'),
      password: DEMO_PASSWORD,
      returnTo: '/people\r\nSet-Cookie: planted=1',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/peopleSet-Cookie:%20planted=1');
    expect(response.headers['set-cookie']).not.toContain('planted');
  });
});

describe('caching and browser features', () => {
  it('marks personal pages, API answers and letter downloads no-store', async () => {
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const person = await t.db
      .selectFrom('person')
      .select('id')
      .where('restricted', '=', false)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const decision = await t.db
      .selectFrom('decision')
      .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
      .innerJoin('person', 'person.id', 'contact_child.person_id')
      .where('decision.status', '=', 'authorised')
      .where('person.restricted', '=', false)
      .select('decision.id')
      .orderBy('decision.id', 'desc')
      .executeTakeFirstOrThrow();
    for (const url of [
      '/',
      `/people/${person.id}`,
      '/people?familyName=Smith',
      '/api/v1/me',
      `/decisions/${decision.id}/letter`,
      `/decisions/${decision.id}/letter.docx`,
    ]) {
      const response = await practitioner.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('lets the public stylesheet be cached, but not the sign-in page', async () => {
    const stylesheet = await t.app.inject({ method: 'GET', url: '/assets/public/app.css' });
    expect(stylesheet.statusCode).toBe(200);
    expect(stylesheet.headers['cache-control']).not.toBe('no-store');
    const signIn = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(signIn.headers['cache-control']).toBe('no-store');
  });

  it('sends a Permissions-Policy turning off camera, microphone and location', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(response.headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()'])
      expect(PERMISSIONS_POLICY).toContain(feature);
  });
});
