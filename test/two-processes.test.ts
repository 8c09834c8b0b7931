import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './support/test-database.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { DEMO_PASSWORD } from '../src/demo/demo-accounts.ts';
import { demoUser } from './support/demo-users.ts';

/** Starts `frontdoor start` on a free port and resolves with its base URL once it is listening. */
function startProcess(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['bin/frontdoor.js', 'start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const port = /running at http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve({ child, baseUrl: `http://127.0.0.1:${port}` });
    });
    child.on('exit', (code) => reject(new Error(`frontdoor exited with ${code}: ${output}`)));
  });
}

function cookiesFrom(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, value] = pair!.split('=');
    jar.set(name!, value ?? '');
  }
}

const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

// Several processes share one database only on a PostgreSQL server: on PGlite a second process refuses
// to start (see data-dir-lock.test.ts), so this runs in the PostgreSQL pass of the suite.
describe.skipIf(!process.env.DATABASE_URL)('two app processes on one PostgreSQL', () => {
  let database: TestDatabase;
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    for (const child of processes) child.kill('SIGTERM');
    await database.close();
  });

  it('shares sessions: sign in on one process, carry on on the other', async () => {
    const [first, second] = await Promise.all([startProcess(database.url!), startProcess(database.url!)]);
    processes.push(first.child, second.child);
    const jar = new Map<string, string>();
    const signInPage = await fetch(`${first.baseUrl}/sign-in`);
    cookiesFrom(signInPage, jar);
    const token = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())![1]!;
    const signedIn = await fetch(`${first.baseUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
      body: new URLSearchParams({
        _csrf: token,
        username: demoUser('front_door_practitioner'),
        password: DEMO_PASSWORD,
      }),
    });
    expect(signedIn.status).toBe(303);
    cookiesFrom(signedIn, jar);
    const home = await fetch(`${second.baseUrl}/`, {
      headers: { cookie: cookieHeader(jar) },
      redirect: 'manual',
    });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Front door practitioner');
  });
});
