/**
 * The traffic of `npm run bench:load` and `npm run bench:page-cost`: signed-in sessions for each role,
 * the pages read (real records of the seeded council), and the writes (the staff contact form and the
 * partner API), each as one request.
 */
import { sql } from 'kysely';
import { openPool } from '../src/platform/db/pool.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { generateApiKey } from '../src/platform/auth/api-key.ts';
import { ukDateTimeParts } from '../src/shared/uk-time.ts';
import { staffContactFormFields } from '../test/support/contact-fixtures.ts';
import { log } from './bench-council.ts';
import { signIn, type ServerProcess, type Session } from './load-http.ts';

/** A request not answered in this long counts as an error (and stops the queue growing without end). */
export const TIMEOUT_MS = 10_000;
/** Of every request, this share writes: half the staff contact form, half the partner API. */
export const WRITE_SHARE = 0.1;

export interface Read {
  username: string;
  label: string;
  url: string;
}

export interface Traffic {
  reads: Read[];
  sessions: Map<string, Session>;
  apiKeys: string[];
}

export async function makeApiKeys(db: Db, count: number): Promise<string[]> {
  const police = await db
    .selectFrom('agency')
    .select('id')
    .where('kind', '=', 'police')
    .executeTakeFirstOrThrow();
  const admin = await db
    .selectFrom('staff_user')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const generated = generateApiKey();
    await db
      .insertInto('partner_api_key')
      .values({
        agency_id: police.id,
        name: `Load benchmark ${i + 1}`,
        prefix: generated.prefix,
        key_hash: generated.keyHash,
        created_by: admin.id,
        created_at: new Date(),
      })
      .execute();
    keys.push(generated.key);
  }
  return keys;
}

export const USERS = ['practitioner', 'manager', 'partner.police', 'outofhours', 'assessment', 'admin'];

export async function signInEveryone(baseUrl: string): Promise<Map<string, Session>> {
  const sessions = new Map<string, Session>();
  for (const username of USERS) sessions.set(username, await signIn(baseUrl, username));
  return sessions;
}

/** The pages read under load, on real records of the seeded council; any page not answering 200 is left out. */
export async function trafficFor(
  databaseUrl: string | undefined,
  baseUrl: string,
  sessions: Map<string, Session>,
  apiKeys: string[],
  dataDir?: string
): Promise<Traffic> {
  const reads = await candidateReads(databaseUrl, dataDir);
  const working: Read[] = [];
  for (const read of reads) {
    const response = await fetch(`${baseUrl}${read.url}`, {
      headers: { cookie: sessions.get(read.username)!.cookie },
      redirect: 'manual',
    });
    await response.arrayBuffer();
    if (response.status === 200) working.push(read);
    else log(`Left out ${read.username} ${read.url}: ${response.status}`);
  }
  return { reads: working, sessions, apiKeys };
}

async function candidateReads(databaseUrl: string | undefined, dataDir?: string): Promise<Read[]> {
  const pool = await openPool({ databaseUrl, dataDir: dataDir ?? '' });
  const db = createDb(pool);
  try {
    const open = await sql<{ contact_id: number; id: number; person_id: number; family_name: string }>`
      select cc.contact_id, cc.id, cc.person_id, p.family_name from contact_child cc
      join person p on p.id = cc.person_id
      where cc.status <> 'completed' and not p.restricted order by cc.id desc limit 20`.execute(db);
    const handover = await sql<{
      id: number;
    }>`select h.id from handover h join staff_user u on u.team_id = h.to_team_id
      where u.username = 'assessment' order by h.offered_at desc limit 1`.execute(db);
    const quiet = await sql<{ username: string }>`
      select username from staff_user u where not exists (select 1 from audit_event e where e.actor_user_id = u.id)
      order by id limit 1`.execute(db);
    const reads: Read[] = [];
    const add = (username: string, label: string, url: string) => reads.push({ username, label, url });
    add('practitioner', 'Home', '/');
    add('practitioner', 'Contacts queue', '/contacts');
    add('manager', 'Home (oversight)', '/');
    add('manager', 'Decisions', '/decisions');
    add('partner.police', 'Information requests', '/information-requests');
    add('outofhours', 'Out of hours', '/out-of-hours');
    add('assessment', 'Handovers', '/handovers');
    if (handover.rows[0]) add('assessment', 'A handover', `/handovers/${handover.rows[0].id}`);
    add('admin', 'Audit trail by action', '/admin/audit?action=person.view');
    add('admin', 'Audit trail by user', `/admin/audit?user=${quiet.rows[0]?.username ?? 'manager'}`);
    add('admin', 'Continuum of need versions', '/admin/thresholds');
    for (const row of open.rows.slice(0, 5)) {
      add('practitioner', 'A contact', `/contacts/${row.contact_id}`);
      add('practitioner', 'Screening a child', `/screening/${row.id}`);
      add('practitioner', 'A child’s record', `/people/${row.person_id}`);
      add('practitioner', 'Queue searched by surname', `/contacts?q=${encodeURIComponent(row.family_name)}`);
      add('manager', 'Screening a child', `/screening/${row.id}`);
    }
    return reads;
  } finally {
    await db.destroy();
    await pool.close();
  }
}

let writeCount = 0;

/** One request of the mix, against one process; resolves with its status (0 for a network error or timeout). */
export async function sendOne(baseUrl: string, traffic: Traffic, random: number): Promise<number> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    let response: Response;
    if (random < WRITE_SHARE / 2) response = await staffContactForm(baseUrl, traffic, signal);
    else if (random < WRITE_SHARE) response = await partnerContact(baseUrl, traffic, signal);
    else {
      const read =
        traffic.reads[Math.floor(((random - WRITE_SHARE) / (1 - WRITE_SHARE)) * traffic.reads.length)]!;
      response = await fetch(`${baseUrl}${read.url}`, {
        headers: { cookie: traffic.sessions.get(read.username)!.cookie },
        redirect: 'manual',
        signal,
      });
    }
    const body = await response.text();
    if (response.status >= 400) reportFirstRefusal(response.status, response.url, body);
    return response.status;
  } catch {
    return 0;
  }
}

const refusalsSeen = new Set<string>();

/** Says once per address and status why a request was refused (the error summary, or the JSON error). */
function reportFirstRefusal(status: number, url: string, body: string): void {
  const key = `${status} ${new URL(url).pathname.replace(/\d+/g, 'N')}`;
  if (refusalsSeen.has(key)) return;
  refusalsSeen.add(key);
  const summary = [...body.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((match) => match[1]).join('; ');
  log(`Refused: ${key}: ${(summary || body).slice(0, 300)}`);
}

/**
 * A made-up name for the nth written child, unlike any other, so no write stops to ask about a possible
 * match. The first letter varies too: when every name began with Q, children born on one day shared a
 * blocking key (date of birth and initials) and writes began to stop for a possible match.
 */
function syntheticName(seed: number): string {
  let name = '';
  for (let hash = seed | 0; name.length < 10;) {
    hash = (Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) + 0x9e3779b9) | 0;
    name += String.fromCharCode((name ? 97 : 65) + ((hash >>> 8) % 26));
  }
  return name;
}

/** A date of birth for the nth written child, spread over twelve years. */
function syntheticBirth(n: number): { day: string; month: string; year: string } {
  return { day: String(1 + (n % 28)), month: String(1 + (n % 12)), year: String(2010 + (n % 12)) };
}

export function staffContactForm(baseUrl: string, traffic: Traffic, signal: AbortSignal): Promise<Response> {
  const session = traffic.sessions.get('practitioner')!;
  const n = ++writeCount;
  const birth = syntheticBirth(n);
  // A minute ago in UK time, as the form's own default would say: never in the future, whatever the hour.
  const received = ukDateTimeParts(new Date(Date.now() - 60_000));
  return fetch(`${baseUrl}/contacts/new`, {
    method: 'POST',
    redirect: 'manual',
    signal,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    body: new URLSearchParams({
      _csrf: session.csrf,
      ...staffContactFormFields(received, {
        referralSource: '2A',
        referrerName: 'Ms Load Test',
        referrerOrganisation: 'Northmoor Primary',
        'child-0-givenName': syntheticName(n + process.pid * 1_000_003),
        'child-0-familyName': syntheticName(n * 7919 + process.pid),
        'child-0-dob-day': birth.day,
        'child-0-dob-month': birth.month,
        'child-0-dob-year': birth.year,
        'child-0-sex': n % 2 ? 'F' : 'M',
        presentingConcerns: 'Synthetic contact written by the load benchmark.',
      }),
    }),
  });
}

export function partnerContact(baseUrl: string, traffic: Traffic, signal: AbortSignal): Promise<Response> {
  const n = ++writeCount;
  const birth = syntheticBirth(n);
  return fetch(`${baseUrl}/api/v1/contacts`, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${traffic.apiKeys[n % traffic.apiKeys.length]}`,
      'idempotency-key': `load-${process.pid}-${n}-${Date.now()}`,
    },
    body: JSON.stringify({
      receivedAt: new Date().toISOString(),
      referralSource: '6',
      referrer: {
        name: 'PC Load',
        role: 'Police constable',
        organisation: 'Example Police',
        phone: '01632 960 001',
      },
      children: [
        {
          givenName: syntheticName(n + process.pid * 1_000_003),
          familyName: syntheticName(n * 104_729 + process.pid),
          dateOfBirth: `${birth.year}-${birth.month.padStart(2, '0')}-${birth.day.padStart(2, '0')}`,
        },
      ],
      concernCodes: ['3B'],
      presentingConcerns: 'Synthetic police notification written by the load benchmark.',
      consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
    }),
  });
}

/** PGlite allows one process, so the memory run finds its records through the pages rather than the database. */
export async function trafficViaServer(
  server: ServerProcess,
  sessions: Map<string, Session>,
  apiKeys: string[]
): Promise<Traffic> {
  const home = await fetch(`${server.baseUrl}/contacts`, {
    headers: { cookie: sessions.get('practitioner')!.cookie },
  });
  const html = await home.text();
  const contacts = [...new Set([...html.matchAll(/href="\/contacts\/(\d+)"/g)].map((m) => m[1]))].slice(0, 5);
  const reads: Read[] = [
    { username: 'practitioner', label: 'Home', url: '/' },
    { username: 'practitioner', label: 'Contacts queue', url: '/contacts' },
    { username: 'manager', label: 'Home (oversight)', url: '/' },
    { username: 'manager', label: 'Decisions', url: '/decisions' },
    { username: 'partner.police', label: 'Information requests', url: '/information-requests' },
    { username: 'outofhours', label: 'Out of hours', url: '/out-of-hours' },
    { username: 'assessment', label: 'Handovers', url: '/handovers' },
    { username: 'admin', label: 'Audit trail by action', url: '/admin/audit?action=person.view' },
    { username: 'admin', label: 'Continuum of need versions', url: '/admin/thresholds' },
    ...contacts.map((id) => ({ username: 'practitioner', label: 'A contact', url: `/contacts/${id}` })),
  ];
  return { reads, sessions, apiKeys };
}
