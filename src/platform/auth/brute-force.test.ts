import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../demo/demo-accounts.ts';
import { LOCKOUT } from './sign-in-policy.ts';
import { totpCodeAt } from './totp.ts';
import { decoyPasswordHash } from './password.ts';

/** Every Argon2 verification the sign-in makes, so a test can see that each refusal does the same work. */
const verified = vi.hoisted(() => ({ hashes: [] as string[] }));
vi.mock('./password.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./password.ts')>();
  return {
    ...actual,
    verifyPassword: (hash: string, password: string) => {
      verified.hashes.push(hash);
      return actual.verifyPassword(hash, password);
    },
  };
});

let t: TestApp;
const manager = demoUser('team_manager');
const WRONG = 'The code is not right';
const LOCKED = 'the account is locked for a short time';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Each test starts with the manager unlocked, no failures, and no code used yet. */
beforeEach(async () => {
  await t.db
    .updateTable('staff_user')
    .set({ failed_sign_ins: 0, locked_until: null, totp_last_step: null })
    .execute();
  t.clock.advanceMinutes(90);
});

const code = (offsetSeconds = 0) =>
  totpCodeAt(DEMO_TOTP_SECRET, new Date(t.clock.now().getTime() + offsetSeconds * 1000));

/** An agent past the password, at the code page (the code is posted by the test itself). */
async function atCodePage(): Promise<TestAgent> {
  const agent = t.agent();
  const response = await agent.post('/sign-in', { username: manager, password: DEMO_PASSWORD });
  expect(response.headers.location).toBe('/sign-in/second-factor');
  return agent;
}

async function managerRow() {
  return t.db
    .selectFrom('staff_user')
    .select(['failed_sign_ins', 'locked_until', 'totp_last_step'])
    .where('username', '=', manager)
    .executeTakeFirstOrThrow();
}

/** A wrong code that is not the right one for any step the window accepts. */
function wrongCode(): string {
  const right = new Set([code(-30), code(0), code(30)]);
  for (let n = 0; ; n++) {
    const candidate = String(123456 + n).padStart(6, '0');
    if (!right.has(candidate)) return candidate;
  }
}

describe('guessing the second factor', () => {
  it('counts wrong codes per account across sign-ins: signing in again with the password never resets them', async () => {
    const outcomes: string[] = [];
    // The probe's attack: four wrong codes per sign-in, signing in again each time.
    for (let round = 0; round < 6; round++) {
      const agent = t.agent();
      const password = await agent.post('/sign-in', { username: manager, password: DEMO_PASSWORD });
      if (password.headers.location !== '/sign-in/second-factor') {
        outcomes.push('password refused');
        continue;
      }
      for (let guess = 0; guess < 4; guess++) {
        const response = await agent.post('/sign-in/second-factor', { code: wrongCode() });
        expect(response.statusCode).toBe(400);
        outcomes.push(
          response.body.includes(WRONG) ? 'checked' : response.body.includes(LOCKED) ? 'locked' : '?'
        );
      }
    }
    expect(outcomes.filter((outcome) => outcome === 'checked').length).toBeLessThanOrEqual(
      LOCKOUT.freeAttempts
    );
    expect(outcomes).toContain('password refused');
    expect(outcomes).not.toContain('?');
    expect((await managerRow()).locked_until).not.toBeNull();

    // The right code does not get in while the account is locked, however it is tried.
    const agent = t.agent();
    const password = await agent.post('/sign-in', { username: manager, password: DEMO_PASSWORD });
    expect(password.statusCode).toBe(400);
    expect(password.body).toContain('Enter a correct username and password');
  });

  it('locks after the limit even when 40 codes are sent at once in one session', async () => {
    const agent = await atCodePage();
    const first = await agent.post('/sign-in/second-factor', { code: wrongCode() });
    expect(first.body).toContain(WRONG);
    const burst = await Promise.all(
      Array.from({ length: 39 }, () => agent.post('/sign-in/second-factor', { code: wrongCode() }))
    );
    const checked = [first, ...burst].filter((response) => response.body.includes(WRONG)).length;
    expect(checked).toBe(LOCKOUT.freeAttempts);
    expect(burst.every((response) => response.statusCode === 400)).toBe(true);
    expect((await managerRow()).failed_sign_ins).toBe(LOCKOUT.freeAttempts);
    const right = await agent.post('/sign-in/second-factor', { code: code() });
    expect(right.statusCode).toBe(400);
    expect(right.body).toContain(LOCKED);
  });

  it('checks only one more code when several arrive together one short of the limit', async () => {
    const agent = await atCodePage();
    for (let guess = 0; guess < LOCKOUT.freeAttempts - 1; guess++)
      await agent.post('/sign-in/second-factor', { code: wrongCode() });
    const responses = await Promise.all([
      agent.post('/sign-in/second-factor', { code: wrongCode() }),
      agent.post('/sign-in/second-factor', { code: wrongCode() }),
      agent.post('/sign-in/second-factor', { code: wrongCode() }),
    ]);
    expect(responses.filter((response) => response.body.includes(WRONG)).length).toBe(1);
    expect((await agent.post('/sign-in/second-factor', { code: code() })).body).toContain(LOCKED);
  });

  it('lets the right code in after the back-off, and then starts the count afresh', async () => {
    const agent = await atCodePage();
    for (let guess = 0; guess < LOCKOUT.freeAttempts; guess++)
      await agent.post('/sign-in/second-factor', { code: wrongCode() });
    t.clock.advanceMinutes(LOCKOUT.firstLockMinutes + 1);
    const right = await agent.post('/sign-in/second-factor', { code: code() });
    expect(right.headers.location).toBe('/');
    expect(await managerRow()).toMatchObject({ failed_sign_ins: 0, locked_until: null });
  });
});

describe('a code works once', () => {
  it('refuses a code already used to sign in, in another session within its 30 seconds', async () => {
    const first = await atCodePage();
    const used = code();
    expect((await first.post('/sign-in/second-factor', { code: used })).headers.location).toBe('/');

    // Five seconds later (the test clock sits at the start of a 30-second step), another sign-in.
    t.clock.set(new Date(t.clock.now().getTime() + 5_000));
    const second = await atCodePage();
    const replay = await second.post('/sign-in/second-factor', { code: used });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('That code has already been used');
    // Nor the code before it, which the clock-drift window would otherwise allow.
    expect((await second.post('/sign-in/second-factor', { code: code(-30) })).statusCode).toBe(400);
    expect((await second.get('/people')).headers.location).toBe('/sign-in/second-factor');

    t.clock.advanceMinutes(1);
    expect((await second.post('/sign-in/second-factor', { code: code() })).headers.location).toBe('/');
  });

  it('stores the time step of the code used', async () => {
    const agent = await atCodePage();
    await agent.post('/sign-in/second-factor', { code: code() });
    expect((await managerRow()).totp_last_step).toBe(Math.floor(t.clock.now().getTime() / 30_000));
  });
});

describe('session after the second factor', () => {
  it('gets a new session token; the one from before the code no longer works', async () => {
    const agent = await atCodePage();
    const before = agent.cookie('fd_session')!;
    expect((await agent.post('/sign-in/second-factor', { code: code() })).headers.location).toBe('/');
    const after = agent.cookie('fd_session')!;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect((await agent.get('/')).statusCode).toBe(200);

    const old = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `fd_session=${before}` } });
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toMatch(/^\/sign-in/);
  });
});

describe('refusals do the same work', () => {
  it('verifies a password once for an unknown username, a locked account and a wrong password, and answers alike', async () => {
    const username = demoUser('senior_leader');
    const decoy = await decoyPasswordHash();
    const refusal = async (name: string, password: string) => {
      verified.hashes.length = 0;
      const response = await t.agent().post('/sign-in', { username: name, password });
      return { status: response.statusCode, verifications: [...verified.hashes], body: response.body };
    };

    const unknown = await refusal('no-such-user', 'a-guess');
    const wrong = await refusal(username, 'a-guess');
    for (let attempt = 0; attempt < LOCKOUT.freeAttempts; attempt++) await refusal(username, 'a-guess');
    const locked = await refusal(username, DEMO_PASSWORD);

    expect(unknown.verifications).toEqual([decoy]);
    expect(wrong.verifications).toHaveLength(1);
    expect(wrong.verifications[0]).not.toBe(decoy);
    expect(locked.verifications).toHaveLength(1);
    expect(locked.verifications[0]).not.toBe(decoy);
    for (const response of [unknown, wrong, locked]) {
      expect(response.status).toBe(400);
      expect(response.body).toContain(
        'Enter a correct username and password. After 5 failed attempts an account is locked for a short time.'
      );
    }
    await t.db
      .updateTable('staff_user')
      .set({ failed_sign_ins: 0, locked_until: null })
      .where('username', '=', username)
      .execute();
  });
});
