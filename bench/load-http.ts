/**
 * The HTTP side of `npm run bench:load`: Front Door processes started as `npm run start:production` starts them,
 * their CPU time and resident memory read from /proc, and signed-in sessions made over HTTP.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/demo/demo-accounts.ts';
import { totpCodeAt } from '../src/platform/auth/totp.ts';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
}

/**
 * Compiles the server as production runs it (`npm run build`: JavaScript in dist/, no TypeScript transform
 * at run time, which alone held about 180 MB more and cost CPU on every request).
 */
export function buildProductionServer(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'ignore' });
}

/** The Node options `npm run start:production` gives the service (decision 0019), read from package.json. */
function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = scripts['start:production']!.split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/cli/frontdoor.js'));
}

/**
 * Starts the compiled `frontdoor start` on a free port, as `npm run start:production` does; resolves once
 * it is listening. With BENCH_CPU_PROFILE set to a folder, each server writes a CPU profile there when it stops.
 */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const flags = [...productionNodeFlags(), ...profiling];
  const child = spawn(process.execPath, [...flags, 'dist/cli/frontdoor.js', 'start'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const port = /running at http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve({ child, baseUrl: `http://127.0.0.1:${port}` });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`frontdoor exited with ${code}: ${output.slice(-2000)}`)));
  });
}

export async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User plus system CPU time of a process so far, in milliseconds (all its threads). */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * User plus system CPU time so far of every PostgreSQL process on the machine (the server's backends and
 * its own workers), in milliseconds: read before and after a step, the database's share of the work.
 */
export function postgresCpuMs(): number {
  return [...postgresCpuByProcess().values()].reduce((sum, ms) => sum + ms, 0);
}

/**
 * The same for each PostgreSQL process, by process id. With `database`, only the backends connected to it
 * (their title names it): the requests' own work, without autovacuum or other databases'.
 */
export function postgresCpuByProcess(database?: string): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const title = database ? fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8') : '';
      if (!database || title.split(' ').includes(database)) cpu.set(Number(entry), cpuMsOf(Number(entry)));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return cpu;
}

/** Resident memory of a process, in megabytes. */
export function residentMbOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** A signed-in person's cookies and the form token of their session. */
export interface Session {
  username: string;
  cookie: string;
  csrf: string;
}

function remember(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
}

const cookieOf = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

async function tokenFrom(baseUrl: string, path: string, jar: Map<string, string>): Promise<string> {
  const page = await fetch(`${baseUrl}${path}`, { headers: { cookie: cookieOf(jar) }, redirect: 'manual' });
  remember(page, jar);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error(`No form token on ${path}`);
  return token;
}

async function postForm(
  baseUrl: string,
  path: string,
  jar: Map<string, string>,
  fields: Record<string, string>
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(jar) },
    body: new URLSearchParams(fields),
  });
  remember(response, jar);
  await response.arrayBuffer();
  return response;
}

/** Signs a demo account in over HTTP (answering the second factor) and keeps a form token for its session. */
export async function signIn(baseUrl: string, username: string): Promise<Session> {
  const jar = new Map<string, string>();
  const first = await postForm(baseUrl, '/sign-in', jar, {
    _csrf: await tokenFrom(baseUrl, '/sign-in', jar),
    username,
    password: DEMO_PASSWORD,
  });
  if (first.headers.get('location') === '/sign-in/second-factor') {
    const code = totpCodeAt(DEMO_TOTP_SECRET, new Date());
    const second = await postForm(baseUrl, '/sign-in/second-factor', jar, {
      _csrf: await tokenFrom(baseUrl, '/sign-in/second-factor', jar),
      code,
    });
    if (second.status !== 303) throw new Error(`${username}: second factor answered ${second.status}`);
  } else if (first.status !== 303) throw new Error(`${username}: sign-in answered ${first.status}`);
  return {
    username,
    cookie: cookieOf(jar),
    csrf: await tokenFrom(baseUrl, '/contacts/new', jar).catch(() => ''),
  };
}
