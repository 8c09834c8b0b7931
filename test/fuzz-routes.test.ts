import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { demoUser } from './support/demo-users.ts';
import type { TestAgent, FormFields } from './support/test-agent.ts';
import { hasPermission, type Permission } from '../src/platform/access/permissions.ts';
import { generateApiKey } from '../src/platform/auth/api-key.ts';
import type { Role } from '../src/platform/db/schema.ts';
import type { DeclaredRoute } from '../src/platform/http/route-guard.ts';

/**
 * Every registered form and API route, sent generated malformed params, queries and bodies (seeded, so a
 * failure is reproducible). Never a server error; every refusal a specific 4xx; typed text kept when a
 * form is shown again with its errors.
 */

const SEED = 20261120;
/** Cases for a route with a form (or a search form); routes without one get a few. */
const CASES_PER_FORM = 14;
const CASES_WITHOUT_FORM = 3;

/** Values a probe of the service sent: each once caused a server error or was accepted when it should not be. */
const MALFORMED: string[] = [
  'a\u0000b',
  '\u0000',
  '2147483648',
  '9223372036854775808',
  '99999999999999999999999',
  '-1',
  '0',
  '1.5',
  '1e400',
  'NaN',
  'Infinity',
  '0x1F',
  '3rd',
  'Dec',
  '99999',
  '0000',
  '0000-01-01',
  '2016-02-30',
  '9999-12-31T25:61:00Z',
  ' 12 ',
  '١٢',
  'line one\r\nSet-Cookie: planted=1',
  '/\t/evil.example/',
  '%',
  '%00',
  '\\',
  "'; drop table person; --",
  '<script>alert(1)</script>',
  '\u202Etxt.exe',
  '😀'.repeat(40),
  'x'.repeat(5000),
  '',
  ' ',
  '__proto__',
  'true',
  'null',
];

/** Distinctive typed text: a re-rendered form must show it again. */
const TYPED = 'Typed-Kept-7Q';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

let t: TestApp;
let rand = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const agents = new Map<Role, TestAgent>();
let apiKey = '';
let revocableKeyId = 0;
const ids: Record<string, string> = {};
const problems: string[] = [];
let requests = 0;

/** Roles whose sessions reach the routes; the first with the route's permission is used. */
const ROLE_ORDER: Role[] = [
  'team_manager',
  'administrator',
  'partner_agency_practitioner',
  'service_manager',
];

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLE_ORDER) agents.set(role, await t.signedIn(demoUser(role)));
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
  for (const name of ['fuzz', 'fuzz-revocable']) {
    const key = generateApiKey();
    const row = await t.db
      .insertInto('partner_api_key')
      .values({
        agency_id: police.id,
        name,
        prefix: key.prefix,
        key_hash: key.keyHash,
        created_by: admin.id,
        created_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (name === 'fuzz') apiKey = key.key;
    else revocableKeyId = row.id;
  }
  const latest = async (query: Promise<{ id: number | string } | undefined>) =>
    String((await query)?.id ?? 1);
  ids.person = await latest(
    t.db.selectFrom('person').select('id').where('restricted', '=', false).orderBy('id').executeTakeFirst()
  );
  ids.contactChild = await latest(
    t.db
      .selectFrom('decision')
      .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
      .innerJoin('person', 'person.id', 'contact_child.person_id')
      .where('person.restricted', '=', false)
      .select('contact_child.id')
      .orderBy('decision.id', 'desc')
      .executeTakeFirst()
  );
  ids.decision = await latest(
    t.db
      .selectFrom('decision')
      .select('id')
      .where('contact_child_id', '=', Number(ids.contactChild))
      .orderBy('id', 'desc')
      .executeTakeFirst()
  );
  ids.contact = await latest(
    t.db
      .selectFrom('contact_child')
      .select('contact_id as id')
      .where('id', '=', Number(ids.contactChild))
      .executeTakeFirst()
  );
  const unlinked = await t.db
    .selectFrom('contact_child')
    .select(['id', 'contact_id'])
    .where('person_id', 'is', null)
    .executeTakeFirst();
  ids.unlinkedContact = String(unlinked?.contact_id ?? ids.contact);
  ids.unlinkedChild = String(unlinked?.id ?? ids.contactChild);
  ids.merge = await latest(t.db.selectFrom('person_merge').select('id').executeTakeFirst());
  ids.alert = await latest(t.db.selectFrom('alert').select('id').orderBy('id', 'desc').executeTakeFirst());
  ids.notification = await latest(
    t.db.selectFrom('notification').select('id').orderBy('id', 'desc').executeTakeFirst()
  );
  ids.informationRequest = await latest(
    t.db.selectFrom('information_request').select('id').orderBy('id', 'desc').executeTakeFirst()
  );
  ids.strategy = await latest(
    t.db.selectFrom('strategy_discussion').select('id').orderBy('id', 'desc').executeTakeFirst()
  );
  ids.handover = await latest(
    t.db.selectFrom('handover').select('id').orderBy('id', 'desc').executeTakeFirst()
  );
  ids.threshold = await latest(
    t.db.selectFrom('threshold_document').select('id').orderBy('id', 'desc').executeTakeFirst()
  );
  ids.outcome = await latest(t.db.selectFrom('outcome_option').select('code as id').executeTakeFirst());
}, 120_000);
afterAll(() => t.close());

/** The real record a route's params name, so generated bodies reach the handler's own checks. */
function concreteUrl(url: string): string {
  const rules: [RegExp, string][] = [
    [/^\/people\/merges\/:mergeId/, `/people/merges/${ids.merge}`],
    [/^\/people\/:id/, `/people/${ids.person}`],
    [
      /^\/contacts\/:id\/children\/:childId/,
      `/contacts/${ids.unlinkedContact}/children/${ids.unlinkedChild}`,
    ],
    [/^\/contacts\/:id/, `/contacts/${ids.contact}`],
    [/^\/alerts\/:id/, `/alerts/${ids.alert}`],
    [/^\/admin\/api-keys\/:id/, `/admin/api-keys/${revocableKeyId}`],
    [/^\/admin\/outcomes\/:id/, `/admin/outcomes/${ids.outcome}`],
    [/^\/admin\/thresholds\/:id/, `/admin/thresholds/${ids.threshold}`],
    [/^\/decisions\/:id/, `/decisions/${ids.decision}`],
    [/^\/information-requests\/:id/, `/information-requests/${ids.informationRequest}`],
    [/^\/api\/v1\/information-requests\/:id/, `/api/v1/information-requests/${ids.informationRequest}`],
    [/^\/strategy-discussions\/:id/, `/strategy-discussions/${ids.strategy}`],
    [/^\/handovers\/:id/, `/handovers/${ids.handover}`],
    [/^\/notifications\/:id/, `/notifications/${ids.notification}`],
    [/^\/request-support\/:audience/, '/request-support/professional'],
  ];
  for (const [pattern, replacement] of rules) if (pattern.test(url)) return url.replace(pattern, replacement);
  // The screening, decision letter, out-of-hours and MASH pages are about one child on a contact.
  return url.replace(/:[A-Za-z]+/g, ids.contactChild!);
}

function agentFor(route: DeclaredRoute): TestAgent {
  if (route.permission === null) return t.agent();
  const role = ROLE_ORDER.find((candidate) => hasPermission(candidate, route.permission as Permission));
  if (!role) throw new Error(`No fuzzing role has ${route.permission}`);
  return agents.get(role)!;
}

function fuzzedRoutes(): DeclaredRoute[] {
  // Signing out ends the fuzzing session; the OpenAPI document takes no input.
  return t.app.declaredRoutes.filter((route) => !['/sign-out', '/api/openapi.json'].includes(route.url));
}

interface FormField {
  name: string;
  kind: 'text' | 'textarea' | 'choice' | 'hidden' | 'password';
  values: string[];
}

interface PageForm {
  action: string;
  method: string;
  fields: FormField[];
}

/** The forms on a page, read from its HTML as a browser would submit them. */
function formsOn(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = match[1]!;
    const action = /action="([^"]*)"/.exec(attributes)?.[1] ?? pageUrl.split('?')[0]!;
    const method = (/method="([^"]*)"/.exec(attributes)?.[1] ?? 'get').toLowerCase();
    const fields = new Map<string, FormField>();
    const body = match[2]!;
    for (const input of body.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
      const tag = input[1]!;
      const attrs = input[2]!;
      const name = /name="([^"]+)"/.exec(attrs)?.[1];
      if (!name || name === '_csrf') continue;
      const type = /type="([^"]+)"/.exec(attrs)?.[1] ?? 'text';
      const value = /value="([^"]*)"/.exec(attrs)?.[1];
      const kind: FormField['kind'] =
        tag === 'textarea'
          ? 'textarea'
          : tag === 'select' || type === 'radio' || type === 'checkbox'
            ? 'choice'
            : type === 'hidden'
              ? 'hidden'
              : type === 'password'
                ? 'password'
                : 'text';
      const field = fields.get(name) ?? { name, kind, values: [] };
      if (value !== undefined) field.values.push(decodeHtml(value));
      if (tag === 'select') {
        const select = body.slice(input.index).split('</select>')[0]!;
        for (const option of select.matchAll(/<option[^>]*value="([^"]*)"/g))
          field.values.push(decodeHtml(option[1]!));
      }
      fields.set(name, field);
    }
    forms.push({ action: decodeHtml(action), method, fields: [...fields.values()] });
  }
  return forms;
}

function decodeHtml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A plausible value for a field, so the malformed ones reach past the first check. */
function plausible(field: FormField): string {
  if (field.values.length > 0 && field.kind !== 'text' && field.kind !== 'textarea')
    return pick(field.values);
  if (/-day$/.test(field.name)) return String(1 + Math.floor(rand() * 28));
  if (/-month$/.test(field.name)) return String(1 + Math.floor(rand() * 12));
  if (/-year$/.test(field.name)) return String(2010 + Math.floor(rand() * 16));
  if (/-time$|time$/i.test(field.name)) return '09:30';
  if (field.values.length > 0 && field.values[0] !== '') return field.values[0]!;
  return `${TYPED} ${field.name}`;
}

interface FuzzCase {
  fields: FormFields;
  /** Text fields sent with the typed marker, which must come back if the form is shown again. */
  typed: string[];
}

function fuzzFields(fields: FormField[]): FuzzCase {
  const out: FormFields = {};
  const typed: string[] = [];
  // Hidden fields (row counts, versions) shape the page shown again: typed text is only looked for
  // when they were sent as the page gave them.
  let hiddenIntact = true;
  for (const field of fields) {
    const roll = rand();
    if (roll < 0.1) {
      if (field.kind === 'hidden') hiddenIntact = false;
      continue;
    }
    if (roll < 0.55) {
      const value = plausible(field);
      out[field.name] = value;
      if ((field.kind === 'text' || field.kind === 'textarea') && value.startsWith(TYPED)) typed.push(value);
    } else {
      if (field.kind === 'hidden') hiddenIntact = false;
      out[field.name] = roll < 0.95 ? pick(MALFORMED) : [pick(MALFORMED), plausible(field)];
    }
  }
  if (rand() < 0.2) {
    out[pick(['__proto__', 'constructor', 'returnTo', 'id', 'version'])] = pick(MALFORMED);
    hiddenIntact = false;
  }
  return { fields: out, typed: hiddenIntact ? typed : [] };
}

/** Checks one response: no server error, and a refusal that says what was wrong. */
function check(what: string, response: LightMyRequestResponse, typed: string[] = []): void {
  requests++;
  const status = response.statusCode;
  const body = response.body;
  const summary = `${status} ${what}`;
  if (status >= 500) {
    problems.push(`${summary}: server error`);
    return;
  }
  if (status < 400) return;
  const isJson = String(response.headers['content-type'] ?? '').includes('json');
  if (isJson) {
    const error = (JSON.parse(body) as { error?: string }).error;
    if (!error || /something went wrong/i.test(error)) problems.push(`${summary}: no specific error`);
    return;
  }
  if (status !== 404 && body.includes('Page not found'))
    problems.push(`${summary}: shown as "Page not found"`);
  if (status === 400 && !/govuk-error-summary|There is a problem/.test(body))
    problems.push(`${summary}: 400 without a message`);
  if (status === 400 && body.includes('govuk-error-summary')) {
    for (const value of typed) {
      if (!body.includes(escapeHtml(value))) problems.push(`${summary}: did not keep the typed "${value}"`);
    }
  }
}

/** The forms each page shows, keyed by where they post. */
async function formsByAction(): Promise<Map<string, PageForm[]>> {
  const found = new Map<string, PageForm[]>();
  for (const route of fuzzedRoutes()) {
    if (route.method !== 'GET' || route.partnerApiKey || route.url.startsWith('/api/')) continue;
    const url = concreteUrl(route.url);
    const response = await agentFor(route).get(url);
    for (const form of formsOn(response.body, url)) {
      const key = `${form.method.toUpperCase()} ${form.action}`;
      found.set(key, [...(found.get(key) ?? []), form]);
    }
  }
  return found;
}

function describeFields(fields: FormFields): string {
  return JSON.stringify(fields, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value
  );
}

describe('fuzzing every route', () => {
  beforeEach(() => {
    problems.length = 0;
  });

  it('never gives a server error for malformed ids in the path', { timeout: 180_000 }, async () => {
    const ids = ['2147483648', '99999999999999999999', '-1', '1.5', '1e3', 'a%00b', '1%0D%0A', '%C0%AF'];
    for (const route of fuzzedRoutes()) {
      if (!route.url.includes(':')) continue;
      for (const id of ids) {
        const url = route.url.replace(/:[A-Za-z]+/g, id);
        const response = route.partnerApiKey
          ? await t.app.inject({
              method: route.method as 'GET' | 'POST',
              url,
              headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
              payload: route.method === 'POST' ? '{}' : undefined,
            })
          : route.method === 'GET'
            ? await agentFor(route).get(url)
            : await agentFor(route).post(url, {});
        check(`${route.method} ${url}`, response);
      }
    }
    expect(problems).toEqual([]);
  });

  it(
    'never gives a server error for generated queries and form bodies, and keeps what was typed',
    { timeout: 180_000 },
    async () => {
      rand = random(SEED);
      const forms = await formsByAction();
      let anonymous = t.agent();
      let anonymousPosts = 0;
      for (const route of fuzzedRoutes()) {
        if (route.partnerApiKey || route.url.startsWith('/api/')) continue;
        const url = concreteUrl(route.url);
        const pageForms = forms.get(`${route.method} ${url}`) ?? [];
        const fields = pageForms.flatMap((form) => form.fields);
        // The page's own field names where it has a form; otherwise a few cases with made-up ones.
        const names = fields.length > 0 ? fields : [{ name: 'q', kind: 'hidden', values: [] } as FormField];
        const cases = fields.length > 0 ? CASES_PER_FORM : CASES_WITHOUT_FORM;
        for (let index = 0; index < cases; index++) {
          const generated = fuzzFields(names);
          if (route.permission === null && route.method === 'POST') {
            // Sign-in is limited to 20 a minute from one address: a new visitor every few posts.
            if (++anonymousPosts % 15 === 0) anonymous = t.agent();
          }
          const agent = route.permission === null ? anonymous : agentFor(route);
          if (route.method === 'GET') {
            const query = new URLSearchParams(
              Object.entries(generated.fields).flatMap(([name, value]) =>
                [value].flat().map((one) => [name, one])
              )
            );
            const target = `${url}?${query.toString()}`;
            check(`GET ${target.slice(0, 200)}`, await agent.get(target));
          } else {
            check(
              `POST ${url} ${describeFields(generated.fields)}`,
              await agent.post(url, generated.fields),
              generated.typed
            );
          }
        }
      }
      expect(problems).toEqual([]);
    }
  );

  it(
    'answers malformed JSON and generated API bodies with a specific 4xx',
    { timeout: 180_000 },
    async () => {
      rand = random(SEED + 1);
      const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
      const staff = agents.get('team_manager')!;
      for (const route of fuzzedRoutes()) {
        if (!route.url.startsWith('/api/') || route.method !== 'POST') continue;
        const url = concreteUrl(route.url);
        const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
        const schema = document.paths[path]?.post?.requestBody?.content['application/json']?.schema;
        const bodies: string[] = [
          '{',
          '{"children":[',
          'not json',
          '{"a":1,}',
          '\u0000',
          '[]',
          'null',
          '"text"',
          '123456789012345678901234567890',
          `{"nested":${'['.repeat(5000)}${']'.repeat(5000)}}`,
        ];
        for (let index = 0; index < CASES_PER_FORM * 4; index++)
          bodies.push(JSON.stringify(generate(schema, 0)));
        for (const payload of bodies) {
          const response = await t.app.inject({
            method: 'POST',
            url,
            headers: {
              authorization: `Bearer ${apiKey}`,
              'content-type': 'application/json',
              'idempotency-key': `fuzz-${requests}-${Math.floor(rand() * 1e9)}`,
            },
            payload,
          });
          check(`POST ${url} ${payload.slice(0, 160)}`, response);
        }
        // The wrong content type, and an over-large body.
        check(
          `POST ${url} as text/plain`,
          await t.app.inject({
            method: 'POST',
            url,
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain' },
            payload: 'hello',
          })
        );
      }
      for (const route of fuzzedRoutes()) {
        if (!route.url.startsWith('/api/') || route.method !== 'GET') continue;
        const parameters = document.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.get?.parameters ?? [];
        const names = parameters.filter((p) => p.in === 'query').map((p) => p.name);
        for (let index = 0; index < CASES_PER_FORM; index++) {
          const query = new URLSearchParams(
            names.map((name) => [name, rand() < 0.5 ? 'Smith' : pick(MALFORMED)])
          );
          const target = `${concreteUrl(route.url)}?${query.toString()}`;
          const response = route.partnerApiKey
            ? await t.app.inject({
                method: 'GET',
                url: target,
                headers: { authorization: `Bearer ${apiKey}` },
              })
            : await staff.get(target);
          check(`GET ${target.slice(0, 200)}`, response);
        }
      }
      expect(problems).toEqual([]);
    }
  );

  it('sent over a thousand requests, each with several generated values', () => {
    expect(requests).toBeGreaterThan(1000);
  });
});

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        parameters?: { in: string; name: string }[];
      }
    >
  >;
}

/** A JSON value shaped by the schema, with malformed values in about a third of its leaves. */
function generate(schema: JsonSchema | undefined, depth: number): unknown {
  if (!schema || depth > 6) return pick(MALFORMED);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return generate(pick(variants), depth);
  if (rand() < 0.3 && depth > 0)
    return rand() < 0.7 ? pick(MALFORMED) : pick([2 ** 31, -1, 1e308, true, [], {}]);
  if (schema.enum) return pick(schema.enum);
  const type = [schema.type].flat()[0];
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (rand() < 0.9) value[name] = generate(property, depth + 1);
      }
      return value;
    }
    case 'array':
      return Array.from({ length: 1 + Math.floor(rand() * 2) }, () => generate(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return pick([1, 7, 2 ** 31, 2 ** 53 + 1, -5]);
    case 'boolean':
      return rand() < 0.5;
    case 'string':
      if (schema.format === 'date') return pick(['2016-03-27', '0000-01-01', '2016-02-30', '99999-01-01']);
      if (schema.format === 'date-time') return pick(['2026-11-20T08:45:00Z', '2026-13-01T00:00:00Z']);
      return `${TYPED} ${Math.floor(rand() * 1000)}`;
    default:
      return pick(MALFORMED);
  }
}
