import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { generateApiKey } from '../auth/api-key.ts';
import { ROLES } from '../access/permissions.ts';
import { API_SECURITY_SCHEMES, PARTNER_API_KEY_SECURITY, STAFF_SESSION_SECURITY } from './openapi.ts';

/** The OpenAPI document of /api/v1: valid, complete, and with examples that are true of the API. */

interface Example {
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
}
interface Media extends Example {
  schema: object;
}
interface Parameter extends Example {
  in: string;
  name: string;
  schema: object;
}
interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

let t: TestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  t = await createTestApp();
  document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
});
afterAll(() => t.close());

/** Every operation in the document, named as `GET /api/v1/…`. */
function operations() {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      operation,
    }))
  );
}

function operation(name: string): Operation {
  const found = operations().find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${name} is not in the document`);
  return found.operation;
}

/** The parameters whose values a caller chooses: in the path, the query and the headers. */
function valueParameters(operation: Operation): Parameter[] {
  return (operation.parameters ?? []).filter((parameter) =>
    ['path', 'query', 'header'].includes(parameter.in)
  );
}

/** Every example given: the one `example`, or the value of each named one. */
function examplesOf(given: Example): unknown[] {
  if (given.example !== undefined) return [given.example];
  return Object.values(given.examples ?? {}).map((named) => named.value);
}

function responseExample(name: string, status: string): unknown {
  const media = operation(name).responses[status]?.content?.['application/json'];
  if (!media) throw new Error(`${name} documents no JSON ${status} answer`);
  return examplesOf(media)[0];
}

/** Problems with a value against a schema as the document publishes it (read back by zod, not the routes'). */
function problemsWith(schema: object, value: unknown): string[] {
  const result = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema).safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 to an independent validator', async () => {
    const validator = new Validator();
    const result = await validator.validate({ ...document } as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every /api/v1 route, and nothing else', () => {
    const routes = t.app.declaredRoutes
      .filter((route) => route.url.startsWith('/api/v1/'))
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(
      operations()
        .map(({ name }) => name)
        .sort()
    ).toEqual(routes.sort());
    expect(routes.length).toBeGreaterThanOrEqual(6);
  });

  it('asks each operation for the credentials its route accepts', () => {
    for (const route of t.app.declaredRoutes.filter((candidate) => candidate.url.startsWith('/api/v1/'))) {
      const name = `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`;
      const documented = operation(name);
      expect(documented.security, name).toEqual(
        route.partnerApiKey ? PARTNER_API_KEY_SECURITY : STAFF_SESSION_SECURITY
      );
      expect(documented.responses['401'], `${name} 401`).toBeDefined();
      expect(documented.summary, name).toBeTruthy();
      expect(documented.tags, name).toHaveLength(1);
    }
    const schemes = Object.keys(document.components.securitySchemes);
    expect(schemes.sort()).toEqual(Object.keys(API_SECURITY_SCHEMES).sort());
  });

  it('gives an example of every request body, parameter and response of every operation', () => {
    const missing: string[] = [];
    for (const { name, operation } of operations()) {
      const body = operation.requestBody?.content['application/json'];
      if (operation.requestBody && (!body || examplesOf(body).length === 0)) missing.push(`${name} body`);
      for (const parameter of valueParameters(operation)) {
        if (examplesOf(parameter).length === 0) missing.push(`${name} ${parameter.in} ${parameter.name}`);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = response.content?.['application/json'];
        if (!media || examplesOf(media).length === 0) missing.push(`${name} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives examples that are valid against their own schemas', () => {
    const invalid: string[] = [];
    let checked = 0;
    const check = (where: string, schema: object, given: Example) => {
      for (const example of examplesOf(given)) {
        checked += 1;
        for (const problem of problemsWith(schema, example)) invalid.push(`${where}: ${problem}`);
      }
    };
    for (const { name, operation } of operations()) {
      const body = operation.requestBody?.content['application/json'];
      if (body) check(`${name} body`, body.schema, body);
      for (const parameter of valueParameters(operation)) {
        check(`${name} ${parameter.name}`, parameter.schema, parameter);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = response.content?.['application/json'];
        if (media) check(`${name} ${status}`, media.schema, media);
      }
    }
    expect(invalid).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('would catch an example that breaks its schema', () => {
    const media = operation('GET /api/v1/me').responses['200']!.content!['application/json']!;
    const example = examplesOf(media)[0] as Record<string, unknown>;
    expect(problemsWith(media.schema, example)).toEqual([]);
    const { role: _role, ...withoutRole } = example;
    expect(problemsWith(media.schema, withoutRole)).not.toEqual([]);
    expect(problemsWith(media.schema, { ...example, role: 7 })).not.toEqual([]);
    expect(problemsWith(media.schema, { ...example, surplus: 'x' })).not.toEqual([]);
    const id = operation('POST /api/v1/information-requests/{id}/response').parameters![0]!;
    expect(problemsWith(id.schema, 0)).not.toEqual([]);
  });
});

describe('the examples, against the API itself', () => {
  async function partnerKey(): Promise<string> {
    const police = await t.db
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', 'police')
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const admin = await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('administrator'))
      .executeTakeFirstOrThrow();
    const generated = generateApiKey();
    await t.db
      .insertInto('partner_api_key')
      .values({
        agency_id: police.id,
        name: 'OpenAPI examples',
        prefix: generated.prefix,
        key_hash: generated.keyHash,
        created_by: admin.id,
        created_at: t.clock.now(),
      })
      .execute();
    return generated.key;
  }

  it('answers a member of staff as GET /api/v1/me documents', async () => {
    const example = responseExample('GET /api/v1/me', '200') as Record<string, unknown>;
    expect(ROLES).toContain(example.role);
    const signedOut = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.json()).toEqual(responseExample('GET /api/v1/me', '401'));
    const signedIn = await (await t.signedIn(demoUser('front_door_practitioner'))).get('/api/v1/me');
    expect(signedIn.statusCode).toBe(200);
    expect(Object.keys(signedIn.json()).sort()).toEqual(Object.keys(example).sort());
  });

  it('accepts the documented query of GET /api/v1/people/matches, and refuses as documented', async () => {
    const name = 'GET /api/v1/people/matches';
    const query = new URLSearchParams(
      valueParameters(operation(name)).map((parameter) => [parameter.name, String(examplesOf(parameter)[0])])
    );
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const found = await practitioner.get(`/api/v1/people/matches?${query}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(
      problemsWith(operation(name).responses['200']!.content!['application/json']!.schema, found.json())
    ).toEqual([]);
    const tooShort = await practitioner.get('/api/v1/people/matches?familyName=S');
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json()).toEqual(responseExample(name, '400'));
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    const refused = await partner.get(`/api/v1/people/matches?${query}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual(responseExample(name, '403'));
  });

  it('refuses a partner system as the information-request operations document', async () => {
    const list = 'GET /api/v1/information-requests';
    const answer = 'POST /api/v1/information-requests/{id}/response';
    const badKey = await t.app.inject({
      method: 'GET',
      url: '/api/v1/information-requests',
      headers: { 'x-api-key': 'fdk_notakey_0000000000000000' },
    });
    expect(badKey.statusCode).toBe(401);
    expect(badKey.json()).toEqual(responseExample(list, '401'));

    const key = await partnerKey();
    const [body] = examplesOf(operation(answer).requestBody!.content['application/json']!);
    const post = (id: number, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/information-requests/${id}/response`,
        headers: { authorization: `Bearer ${key}` },
        payload,
      });
    const unknown = await post(2_000_000_000, body as object);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(responseExample(answer, '404'));
    const noSummary = await post(2_000_000_000, { ...(body as object), summary: ' ' });
    expect(noSummary.statusCode).toBe(400);
    expect(noSummary.json()).toEqual(responseExample(answer, '400'));
  });
});
