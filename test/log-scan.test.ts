import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { loggerOptions } from '../src/platform/http/logger.ts';
import { generateApiKey } from '../src/platform/auth/api-key.ts';
import { openTestDatabase, type TestDatabase } from './support/test-database.ts';
import { TestAgent, type FormFields } from './support/test-agent.ts';
import { TEST_NOW } from './support/test-fixtures.ts';
import { demoUser } from './support/demo-users.ts';
import { captureLog } from './support/log-capture.ts';

/**
 * Distinctive synthetic personal values, sent through every kind of request — searches, staff and
 * public forms, the partner API, valid and malformed — with the real logger writing to a buffer. None
 * may reach the logs, nor may database errors quote them (PostgreSQL's detail, where and context).
 */
const PERSON = {
  givenName: 'Quillonia',
  familyName: 'Marrowfield-Zantes',
  dob: { day: '19', month: '7', year: '2014', iso: '2014-07-19' },
  nhsNumber: '9434765919',
  phone: '01632 960472',
  email: 'quillonia.parent@example.test',
  postcode: 'NM7 4QZ',
  address: 'Wisteria Cottage',
  referrer: 'Ottoline Brackwater',
};
const SECRETS = [
  PERSON.givenName,
  PERSON.familyName,
  'Marrowfield',
  PERSON.dob.iso,
  PERSON.nhsNumber,
  PERSON.phone,
  '960472',
  PERSON.email,
  PERSON.postcode,
  PERSON.address,
  PERSON.referrer,
  'Brackwater',
];

let database: TestDatabase;
let app: FastifyInstance;
let clock: ManualClock;
let apiKey: string;
const { stream, text: log } = captureLog();

beforeAll(async () => {
  database = await openTestDatabase();
  clock = new ManualClock(TEST_NOW);
  // The logger the service runs with, at its most talkative level.
  app = await buildApp({ db: database.db, clock, logger: { ...(loggerOptions('debug') as object), stream } });
  const police = await database.db
    .selectFrom('agency')
    .select('id')
    .where('kind', '=', 'police')
    .executeTakeFirstOrThrow();
  const admin = await database.db
    .selectFrom('staff_user')
    .select('id')
    .where('username', '=', demoUser('administrator'))
    .executeTakeFirstOrThrow();
  const key = generateApiKey();
  await database.db
    .insertInto('partner_api_key')
    .values({
      agency_id: police.id,
      name: 'log scan',
      prefix: key.prefix,
      key_hash: key.keyHash,
      created_by: admin.id,
      created_at: clock.now(),
    })
    .execute();
  apiKey = key.key;
}, 120_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

function expectNoPersonalValues(text: string): void {
  for (const secret of SECRETS) expect(text, `the log quotes "${secret}"`).not.toContain(secret);
  expect(text.toLowerCase()).not.toContain(PERSON.givenName.toLowerCase());
}

/** A value for a form field, by its name: the synthetic person's details wherever they fit. */
function valueFor(name: string, malformed: boolean): string {
  const field = name.toLowerCase();
  if (field.endsWith('-day')) return malformed ? '3rd' : PERSON.dob.day;
  if (field.endsWith('-month')) return malformed ? 'Dec' : PERSON.dob.month;
  if (field.endsWith('-year')) return malformed ? '99999' : PERSON.dob.year;
  if (field.includes('given') || field.includes('firstname')) return PERSON.givenName;
  if (field.includes('family') || field.includes('lastname') || field.includes('surname'))
    return PERSON.familyName;
  if (field.includes('nhs')) return PERSON.nhsNumber;
  if (field.includes('phone')) return PERSON.phone;
  if (field.includes('email')) return PERSON.email;
  if (field.includes('postcode')) return PERSON.postcode;
  if (field.includes('address') || field.includes('line1')) return PERSON.address;
  if (field.includes('name')) return PERSON.referrer;
  return `${PERSON.givenName} ${PERSON.familyName} lives at ${PERSON.address}${malformed ? '\u0000' : ''}`;
}

/** Every form on a page, filled in with the synthetic person's details, then posted. */
async function fillAndPost(agent: TestAgent, pageUrl: string, malformed: boolean): Promise<number[]> {
  const page = await agent.get(pageUrl);
  const statuses: number[] = [];
  for (const form of page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/method="post"/i.test(form[1]!)) continue;
    const action = /action="([^"]*)"/.exec(form[1]!)?.[1] ?? pageUrl;
    if (action === '/sign-out') continue;
    const fields: FormFields = {};
    for (const input of form[2]!.matchAll(/<(?:input|textarea|select)\b([^>]*)>/g)) {
      const name = /name="([^"]+)"/.exec(input[1]!)?.[1];
      const type = /type="([^"]+)"/.exec(input[1]!)?.[1] ?? 'text';
      const value = /value="([^"]*)"/.exec(input[1]!)?.[1];
      if (!name || name === '_csrf') continue;
      if (['radio', 'checkbox', 'hidden'].includes(type) || /<select/.test(input[0]!)) {
        if (value !== undefined && fields[name] === undefined) fields[name] = value;
        continue;
      }
      fields[name] = valueFor(name, malformed);
    }
    statuses.push((await agent.post(action, fields)).statusCode);
  }
  return statuses;
}

function apiContact(overrides: Record<string, unknown> = {}) {
  return {
    receivedAt: '2026-11-20T08:45:00Z',
    referralSource: '6',
    referrer: {
      name: PERSON.referrer,
      role: 'Police constable',
      organisation: 'Example Police',
      phone: PERSON.phone,
      email: PERSON.email,
    },
    children: [
      {
        givenName: PERSON.givenName,
        familyName: PERSON.familyName,
        dateOfBirth: PERSON.dob.iso,
        nhsNumber: PERSON.nhsNumber,
      },
    ],
    concernCodes: ['3B'],
    presentingConcerns: `Police attended ${PERSON.address}, ${PERSON.postcode}; ${PERSON.givenName} was present.`,
    consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
    ...overrides,
  };
}

function postApi(url: string, payload: string, idempotencyKey: string) {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    payload,
  });
}

describe('the logs', () => {
  it('never quote the personal values of searches, forms and API calls, valid or malformed', async () => {
    const practitioner = new TestAgent(app, clock);
    await practitioner.signIn(demoUser('front_door_practitioner'));
    // Sign-in attempts naming the person (as a mistyped username would).
    await new TestAgent(app, clock).post('/sign-in', { username: PERSON.email, password: PERSON.familyName });

    const search = new URLSearchParams({
      givenName: PERSON.givenName,
      familyName: PERSON.familyName,
      'dateOfBirth-day': PERSON.dob.day,
      'dateOfBirth-month': PERSON.dob.month,
      'dateOfBirth-year': PERSON.dob.year,
      nhsNumber: PERSON.nhsNumber,
    });
    await practitioner.get(`/people?${search.toString()}`);
    await practitioner.get(
      `/people?givenName=${PERSON.givenName}%00&dateOfBirth-year=99999&dateOfBirth-day=3rd`
    );
    await practitioner.get(
      `/api/v1/people/matches?givenName=${PERSON.givenName}&familyName=${PERSON.familyName}&dateOfBirth=0000-01-01`
    );

    // Staff and public forms, filled with the person's details, then again with malformed values.
    for (const malformed of [false, true]) {
      await fillAndPost(practitioner, '/contacts/new', malformed);
      await fillAndPost(practitioner, '/consultations/new', malformed);
      await fillAndPost(new TestAgent(app, clock), '/request-support/professional', malformed);
    }

    // The partner API: a valid contact, then the malformed bodies the probe sent.
    const valid = JSON.stringify(apiContact());
    expect((await postApi('/api/v1/contacts', valid, 'log-scan-0001')).statusCode).toBeLessThan(500);
    const malformedBodies = [
      valid.slice(0, -5),
      valid.replace(PERSON.familyName, `${PERSON.familyName}\\u0000`),
      JSON.stringify(
        apiContact({
          children: [
            { givenName: PERSON.givenName, familyName: PERSON.familyName, dateOfBirth: '0000-01-01' },
          ],
        })
      ),
      JSON.stringify(
        apiContact({
          children: [
            { givenName: PERSON.givenName, familyName: PERSON.familyName, dateOfBirth: '2014-02-30' },
          ],
        })
      ),
      JSON.stringify(apiContact({ referrer: { name: PERSON.referrer, phone: 2 ** 31 } })),
      `{"children":[{"givenName":"${PERSON.givenName}","familyName":"${PERSON.familyName}"`,
    ];
    for (const [index, body] of malformedBodies.entries()) {
      const response = await postApi('/api/v1/contacts', body, `log-scan-bad-${index}`);
      expect(response.statusCode, body.slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, body.slice(0, 80)).toBeLessThan(500);
    }
    // The same idempotency key with a different body.
    await postApi(
      '/api/v1/contacts',
      JSON.stringify(apiContact({ presentingConcerns: `${PERSON.referrer} again` })),
      'log-scan-0001'
    );

    const text = log();
    expect(text).toContain('incoming request');
    expect(text).toContain('/people');
    expectNoPersonalValues(text);
  });

  it('never quote what a database error quotes: detail, where (JSON context, parameters) or the value in the message', async () => {
    const logged = captureLog();
    const logger = pino(loggerOptions('debug') as pino.LoggerOptions, logged.stream);
    const typedJson = JSON.stringify(apiContact()).slice(0, -3);
    const failing = [
      sql`select ${typedJson}::jsonb`,
      sql`select ${`{"givenName":"${PERSON.givenName}","bad":"\\u0000"}`}::jsonb`,
      sql`select ${PERSON.familyName}::integer`,
      sql`select ${`${PERSON.dob.iso}x`}::date`,
      sql`select (${PERSON.givenName}::text)::uuid`,
    ];
    const caught: unknown[] = [];
    for (const query of failing) {
      try {
        await query.execute(database.db);
      } catch (error) {
        caught.push(error);
        logger.error({ err: error }, 'request failed');
      }
    }
    expect(caught).toHaveLength(failing.length);
    // The database really did quote the values: detail, where or message.
    const raw = caught.map((error) =>
      JSON.stringify({ ...(error as object), message: (error as Error).message })
    );
    expect(raw.some((text) => text.includes(PERSON.givenName) || text.includes(PERSON.familyName))).toBe(
      true
    );

    const text = logged.text();
    expectNoPersonalValues(text);
    // What is needed to investigate stays: the SQLSTATE code and the kind of error.
    expect(text).toContain('"errorCode":"22P02"');
    expect(text).toContain('"type":"DatabaseError"');
    expect(text).toContain('invalid input syntax for type');
  });
});
