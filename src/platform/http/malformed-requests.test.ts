import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { generateApiKey } from '../auth/api-key.ts';

/** The six causes of server errors the probe found in malformed requests, each now a specific 4xx. */

let t: TestApp;
let manager: TestAgent;
let apiKey: string;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signedIn(demoUser('team_manager'));
  const police = await t.db
    .selectFrom('agency')
    .select('id')
    .where('kind', '=', 'police')
    .executeTakeFirstOrThrow();
  const admin = await t.db
    .selectFrom('staff_user')
    .select('id')
    .where('username', '=', demoUser('administrator'))
    .executeTakeFirstOrThrow();
  const key = generateApiKey();
  await t.db
    .insertInto('partner_api_key')
    .values({
      agency_id: police.id,
      name: 'malformed requests',
      prefix: key.prefix,
      key_hash: key.keyHash,
      created_by: admin.id,
      created_at: t.clock.now(),
    })
    .execute();
  apiKey = key.key;
});
afterAll(() => t.close());

let keys = 0;
function postApi(url: string, payload: string, contentType = 'application/json') {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': contentType,
      'idempotency-key': `malformed-${++keys}-${Date.now()}`,
    },
    payload,
  });
}

function contactBody(child: Record<string, unknown> = {}) {
  return {
    receivedAt: '2026-11-20T08:45:00Z',
    referralSource: '6',
    referrer: { name: 'PC Example', role: 'Officer', organisation: 'Example Police', phone: '01632 960 001' },
    children: [{ givenName: 'Quenby', familyName: 'Testington', dateOfBirth: '2016-04-02', ...child }],
    concernCodes: ['3B'],
    presentingConcerns: 'Police attended a domestic incident overnight; both adults were arguing loudly.',
    consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
  };
}

async function contactCount(): Promise<number> {
  const row = await t.db
    .selectFrom('contact')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('invalid JSON on the API', () => {
  it('is a 400 saying the body is not valid JSON, not a serialisation error', async () => {
    for (const url of ['/api/v1/contacts', '/api/v1/information-requests/1/response']) {
      for (const payload of ['{', '{"children":[', 'not json', '{"a":1,}']) {
        const response = await postApi(url, payload);
        expect(response.statusCode, `${url} ${payload}`).toBe(400);
        expect(response.json()).toEqual({
          error: 'The body is not valid JSON. Check the brackets, quotes and commas.',
          issues: [
            { path: '', message: 'The body is not valid JSON. Check the brackets, quotes and commas.' },
          ],
        });
      }
    }
  });

  it('is a 415 saying to send JSON when the body is another type', async () => {
    const response = await postApi('/api/v1/contacts', '<contact/>', 'application/xml');
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toBe('Send the body as JSON, with Content-Type: application/json.');
  });
});

describe('a NUL character in any text', () => {
  it('is refused on the API with the field it was in', async () => {
    const before = await contactCount();
    const response = await postApi(
      '/api/v1/contacts',
      JSON.stringify(contactBody({ familyName: 'Test\u0000ington' }))
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      {
        path: '/children/0/familyName',
        message:
          'The request contains a null character (\\u0000), which is not allowed. Remove it and try again.',
      },
    ]);
    expect(await contactCount()).toBe(before);
  });

  it('is refused in a web query, form and path with a page that says so', async () => {
    const responses = [
      await manager.get('/people?familyName=Smi%00th'),
      await manager.post('/contacts/new', { presentingConcerns: 'a\u0000b' }),
      await manager.post('/alerts/a%00b/acknowledge', {}),
      await t.agent().get('/sign-in?returnTo=%2F%00'),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('There is a problem with the request');
      expect(response.body).toContain('null character');
      expect(response.body).not.toContain('Page not found');
    }
  });
});

describe('integers past 2^31 in ids and filters', () => {
  it('is a 404 for an id no record can have, on every route with an id', async () => {
    const withIds = t.app.declaredRoutes.filter((route) => route.url.includes(':') && !route.partnerApiKey);
    expect(withIds.length).toBeGreaterThan(30);
    for (const route of withIds) {
      const url = route.url.replace(/:[A-Za-z]+/g, '2147483648');
      const response = route.method === 'GET' ? await manager.get(url) : await manager.post(url, {});
      expect(response.statusCode, `${route.method} ${url}`).toBeLessThan(500);
    }
    expect((await manager.get('/contacts/2147483648')).statusCode).toBe(404);
    expect((await manager.get('/people/99999999999')).statusCode).toBe(404);
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/information-requests/2147483648/response',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(api.statusCode).toBeLessThan(500);
  });

  it('never fails on one in a filter', async () => {
    for (const url of [
      '/contacts?team=2147483648',
      '/contacts?worker=2147483648',
      '/work?team=2147483648',
      '/admin/audit?user=2147483648',
      '/consultations/new?personId=2147483648',
    ]) {
      const response = await manager.get(url);
      expect(response.statusCode, url).toBeLessThan(500);
    }
  });

  it('is refused with a specific message when the database rejects a number no check caught', async () => {
    const response = await manager.post('/contacts/new', { 'children-0-match': '2147483648' });
    expect(response.statusCode).toBeLessThan(500);
  });
});

describe('dates', () => {
  it('refuses 0000-01-01 and other years outside 1900–2100 on the API, naming the field', async () => {
    const before = await contactCount();
    for (const dateOfBirth of ['0000-01-01', '1899-12-31', '2101-01-01']) {
      const response = await postApi('/api/v1/contacts', JSON.stringify(contactBody({ dateOfBirth })));
      expect(response.statusCode, dateOfBirth).toBe(400);
      expect(response.json().issues.map((issue: { path: string }) => issue.path)).toContain(
        '/children/0/dateOfBirth'
      );
    }
    const matches = await manager.get('/api/v1/people/matches?familyName=Smith&dateOfBirth=0000-01-01');
    expect(matches.statusCode).toBe(400);
    expect(matches.json().issues[0].path).toBe('/dateOfBirth');
    expect(await contactCount()).toBe(before);
  });

  it('never fails on date parts that are not numbers', async () => {
    for (const [day, month, year] of [
      ['3rd', '12', '2015'],
      ['3', 'Dec', '2015'],
      ['3', '12', '99999'],
      ['0', '0', '0000'],
      ['1e1', '0x1', '2015.5'],
      ['%', '-1', '2019'],
    ]) {
      const query = new URLSearchParams({
        familyName: 'Smith',
        'dateOfBirth-day': day!,
        'dateOfBirth-month': month!,
        'dateOfBirth-year': year!,
      });
      const search = await manager.get(`/people?${query.toString()}`);
      expect(search.statusCode, query.toString()).toBeLessThan(500);
      const contact = await manager.post('/contacts/new', {
        'received-day': day!,
        'received-month': month!,
        'received-year': year!,
        'children-0-dateOfBirth-day': day!,
        'children-0-dateOfBirth-month': month!,
        'children-0-dateOfBirth-year': year!,
      });
      expect(contact.statusCode, `${day} ${month} ${year}`).toBeLessThan(500);
    }
  });
});

describe('web refusals say what was wrong', () => {
  it('answers a form sent as JSON, too large or of an unknown type with its own page, not "Page not found"', async () => {
    const cookie = `fd_session=${manager.cookie('fd_session')}`;
    const cases = [
      { status: 400, heading: 'There is a problem with the request', type: 'application/json', payload: '{' },
      {
        status: 413,
        heading: 'The form is too large to send',
        type: 'application/x-www-form-urlencoded',
        payload: `presentingConcerns=${'x'.repeat(300 * 1024)}`,
      },
      {
        status: 415,
        heading: 'The form was sent in a way Front Door cannot read',
        type: 'text/csv',
        payload: 'a,b',
      },
    ];
    for (const { status, heading, type, payload } of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/contacts/new',
        headers: { 'content-type': type, cookie },
        payload,
      });
      expect(response.statusCode, type).toBe(status);
      expect(response.body, type).toContain(heading);
      expect(response.body, type).not.toContain('Page not found');
    }
  });

  it('still answers an unknown page with "Page not found"', async () => {
    const response = await manager.get('/no-such-page');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });
});
