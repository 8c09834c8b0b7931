import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { ROLES } from '../../../platform/access/permissions.ts';
import { PARTNER_API_LIMIT } from '../../../platform/auth/api-key.ts';

let t: TestApp;
let admin: TestAgent;
let policeAgencyId: number;
let apiKey: string;

const CHILD_NAME = 'Quenby';

function contactBody(overrides: Record<string, unknown> = {}) {
  return {
    receivedAt: '2026-11-20T08:45:00Z',
    referralSource: '6',
    referrer: {
      name: 'PC Example',
      role: 'Police constable',
      organisation: 'Example Police',
      phone: '01632 960 001',
    },
    children: [
      {
        givenName: CHILD_NAME,
        familyName: 'Testington',
        dateOfBirth: '2016-04-02',
        nhsNumber: '999 123 4578',
      },
      { givenName: 'Unborn', familyName: 'Testington', expectedDateOfBirth: '2027-01-15' },
    ],
    concernCodes: ['3B', '3B'],
    presentingConcerns: 'Police attended a domestic incident overnight; both adults were arguing loudly.',
    consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
    ...overrides,
  };
}

function postContact(options: {
  key?: string;
  idempotencyKey?: string;
  body?: unknown;
  headers?: Record<string, string>;
}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers,
    payload: (options.body ?? contactBody()) as object,
  });
}

/** Creates a key through the admin pages, as an administrator would, and reads it off the page. */
async function createKeyInAdminUi(name: string): Promise<string> {
  const page = await admin.post('/admin/api-keys/new', { agencyId: String(policeAgencyId), name });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('You will not be able to see it again');
  const key = /data-testid="api-key">(fdk_[^<]+)</.exec(page.body)?.[1];
  if (!key) throw new Error('No API key on the confirmation page');
  return key;
}

function auditRows(action: string) {
  return t.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
  policeAgencyId = (
    await t.db.selectFrom('agency').select('id').where('kind', '=', 'police').executeTakeFirstOrThrow()
  ).id;
  apiKey = await createKeyInAdminUi('Police case system');
});
afterAll(() => t.close());

describe('API key administration', () => {
  it('stores only a hash of the key and audits its creation', async () => {
    const prefix = apiKey.slice(4, 12);
    const row = await t.db
      .selectFrom('partner_api_key')
      .selectAll()
      .where('prefix', '=', prefix)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ agency_id: policeAgencyId, name: 'Police case system', revoked_at: null });
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(apiKey.slice(13));
    const created = (await auditRows('api_key.create')).at(-1)!;
    expect(created).toMatchObject({ record_type: 'partner_api_key', record_id: String(row.id) });
  });

  it('lists keys by agency and prefix, never the whole key', async () => {
    const page = await admin.get('/admin/api-keys');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Police case system');
    expect(page.body).toContain(`fdk_${apiKey.slice(4, 12)}_…`);
    expect(page.body).not.toContain(apiKey);
  });

  it('explains a form with problems and keeps what was typed', async () => {
    const page = await admin.post('/admin/api-keys/new', { agencyId: '', name: 'Half-filled' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('href="#agencyId"');
    expect(page.body).toContain('value="Half-filled"');
    const unknownAgency = await admin.post('/admin/api-keys/new', { agencyId: '999999', name: 'Nowhere' });
    expect(unknownAgency.statusCode).toBe(400);
  });

  it('refuses every other role', async () => {
    for (const role of ROLES.filter((candidate) => candidate !== 'administrator')) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get('/admin/api-keys')).statusCode, role).toBe(403);
      expect((await agent.get('/admin/api-keys/new')).statusCode, role).toBe(403);
      const post = await agent.post('/admin/api-keys/new', {
        agencyId: String(policeAgencyId),
        name: 'Sneaky',
      });
      expect(post.statusCode, role).toBe(403);
    }
    expect(
      await t.db.selectFrom('partner_api_key').select('id').where('name', '=', 'Sneaky').execute()
    ).toEqual([]);
  });
});

describe('POST /api/v1/contacts', () => {
  it('saves the contact with its children unlinked, the idempotency record and the audit trail', async () => {
    const response = await postContact({ key: apiKey, idempotencyKey: 'first-contact-0001' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      reference: expect.stringMatching(/^CON-2026-\d{6}$/),
      receivedAt: '2026-11-20T08:45:00.000Z',
    });
    expect(body.children).toHaveLength(2);

    const contact = await t.db
      .selectFrom('contact')
      .selectAll()
      .where('id', '=', body.contactId)
      .executeTakeFirstOrThrow();
    const key = await t.db
      .selectFrom('partner_api_key')
      .selectAll()
      .where('prefix', '=', apiKey.slice(4, 12))
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      channel: 'partner_api',
      referral_source: '6',
      referrer_agency_id: policeAgencyId,
      partner_api_key_id: key.id,
      recorded_by: null,
      consent_status: 'not_sought',
    });
    expect(key.last_used_at).toEqual(t.clock.now());
    const children = await t.db
      .selectFrom('contact_child')
      .selectAll()
      .where('contact_id', '=', body.contactId)
      .orderBy('id')
      .execute();
    expect(children.map((child) => child.person_id)).toEqual([null, null]);
    expect(children[0]!.described_child).toMatchObject({ givenName: CHILD_NAME, nhsNumber: '9991234578' });
    const concerns = await t.db
      .selectFrom('contact_concern')
      .select('factor_code')
      .where('contact_child_id', '=', children[0]!.id)
      .execute();
    expect(concerns).toEqual([{ factor_code: '3B' }]);
    const idempotency = await t.db
      .selectFrom('api_idempotency')
      .selectAll()
      .where('contact_id', '=', body.contactId)
      .execute();
    expect(idempotency).toHaveLength(1);

    const submitted = (await auditRows('contact.submitted_by_partner')).at(-1)!;
    expect(submitted).toMatchObject({
      actor_user_id: null,
      actor_agency_id: policeAgencyId,
      record_id: String(body.contactId),
    });
    expect(submitted.details).toEqual({ apiKeyId: key.id, children: 2 });
    expect(JSON.stringify(submitted)).not.toContain(CHILD_NAME);
    const used = (await auditRows('api_key.used')).at(-1)!;
    expect(used).toMatchObject({
      record_type: 'partner_api_key',
      record_id: String(key.id),
      actor_agency_id: policeAgencyId,
    });
    expect(used.details).toEqual({ route: 'POST /api/v1/contacts' });
  });

  it('answers a retry with the original contact instead of a duplicate', async () => {
    const first = await postContact({ key: apiKey, idempotencyKey: 'retried-contact-01' });
    const retry = await postContact({ key: apiKey, idempotencyKey: 'retried-contact-01' });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.json()).toEqual(first.json());
    const contacts = await t.db
      .selectFrom('api_idempotency')
      .select('contact_id')
      .where('idempotency_key', '=', 'retried-contact-01')
      .execute();
    expect(contacts).toHaveLength(1);
  });

  it('makes one contact from retries sent at the same time', async () => {
    const responses = await Promise.all(
      [1, 2, 3].map(() => postContact({ key: apiKey, idempotencyKey: 'concurrent-contact-1' }))
    );
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((response) => response.json().reference)).size).toBe(1);
    const contactId = responses[0]!.json().contactId;
    const children = await t.db
      .selectFrom('contact_child')
      .select('id')
      .where('contact_id', '=', contactId)
      .execute();
    expect(children).toHaveLength(2);
  });

  it('refuses the same Idempotency-Key with a different body', async () => {
    await postContact({ key: apiKey, idempotencyKey: 'reused-key-000001' });
    const response = await postContact({
      key: apiKey,
      idempotencyKey: 'reused-key-000001',
      body: contactBody({ presentingConcerns: 'Something else entirely.' }),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatch(/already used for a different contact/);
  });

  it('accepts the key in X-API-Key', async () => {
    const response = await postContact({
      idempotencyKey: 'x-api-key-header-1',
      headers: { 'x-api-key': apiKey },
    });
    expect(response.statusCode).toBe(201);
  });

  it('reports each invalid field with its path', async () => {
    const response = await postContact({
      key: apiKey,
      idempotencyKey: 'invalid-body-00001',
      body: contactBody({
        receivedAt: 'yesterday',
        referralSource: '99',
        children: [
          {
            givenName: CHILD_NAME,
            familyName: 'Testington',
            nhsNumber: '999 123 4579',
            school: 'Unknown field',
          },
        ],
        concernCodes: ['3B', 'XX'],
        consent: { status: 'refused' },
      }),
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/receivedAt',
        '/referralSource',
        '/children/0',
        '/children/0/nhsNumber',
        '/concernCodes/1',
        '/consent/reason',
      ])
    );
    const nhs = response
      .json()
      .issues.find((issue: { path: string }) => issue.path === '/children/0/nhsNumber');
    expect(nhs.message).toMatch(/valid 10-digit NHS number/);
  });

  it('refuses with 422, naming each field, data that would make the returns wrong', async () => {
    const before = await t.db
      .selectFrom('contact')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await postContact({
      key: apiKey,
      idempotencyKey: 'returns-corrupting-01',
      body: contactBody({
        receivedAt: '2024-11-20T08:45:00Z',
        referralSource: '1C',
        children: [{ givenName: CHILD_NAME, familyName: 'Testington', dateOfBirth: '1980-06-01' }],
        concernCodes: ['21'],
      }),
    });
    expect(response.statusCode).toBe(422);
    const issues: { path: string; field: string; message: string }[] = response.json().issues;
    expect(issues.map((issue) => issue.field)).toEqual([
      'receivedAt',
      'children[0].dateOfBirth',
      'concernCodes',
      'referralSource',
    ]);
    expect(issues.map((issue) => issue.path)).toEqual([
      '/receivedAt',
      '/children/0/dateOfBirth',
      '/concernCodes',
      '/referralSource',
    ]);
    const message = (field: string) => issues.find((issue) => issue.field === field)!.message;
    expect(message('children[0].dateOfBirth')).toMatch(
      /makes this person 44 when the concern was received: a child must be under 18/
    );
    expect(message('receivedAt')).toMatch(/more than 7 days ago/);
    expect(message('concernCodes')).toMatch(/21 \("no factors identified"\)/);
    expect(message('referralSource')).toMatch(
      /does not match this API key, which belongs to a police force: send 6 \(Police\)/
    );
    const after = await t.db
      .selectFrom('contact')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(
      await t.db
        .selectFrom('api_idempotency')
        .select('contact_id')
        .where('idempotency_key', '=', 'returns-corrupting-01')
        .execute()
    ).toEqual([]);

    const future = await postContact({
      key: apiKey,
      idempotencyKey: 'future-received-01',
      body: contactBody({ receivedAt: '2026-11-20T11:00:00Z' }),
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().issues).toEqual([
      expect.objectContaining({ field: 'receivedAt', message: expect.stringMatching(/in the future/) }),
    ]);
  });

  it('takes the referral source from a police key when none is sent, and keeps the police flag "not for disclosure"', async () => {
    const { referralSource: _left, ...withoutSource } = contactBody();
    const response = await postContact({
      key: apiKey,
      idempotencyKey: 'implied-source-0001',
      body: { ...withoutSource, notForDisclosure: true },
    });
    expect(response.statusCode).toBe(201);
    const contact = await t.db
      .selectFrom('contact')
      .select(['referral_source', 'not_for_disclosure'])
      .where('id', '=', response.json().contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ referral_source: '6', not_for_disclosure: true });
  });

  it('needs at least one child and an Idempotency-Key', async () => {
    const noChildren = await postContact({
      key: apiKey,
      idempotencyKey: 'no-children-00001',
      body: contactBody({ children: [] }),
    });
    expect(noChildren.statusCode).toBe(400);
    expect(noChildren.json().issues).toContainEqual({
      path: '/children',
      message: 'Name at least one child',
    });
    const noIdempotencyKey = await postContact({ key: apiKey });
    expect(noIdempotencyKey.statusCode).toBe(400);
    expect(noIdempotencyKey.json().issues[0].path).toBe('/idempotency-key');
  });

  it('refuses a body that is too large', async () => {
    const response = await postContact({
      key: apiKey,
      idempotencyKey: 'too-large-body-01',
      body: contactBody({ presentingConcerns: 'x'.repeat(300 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
  });

  it('answers 401 without a valid key, even to a signed-in member of staff', async () => {
    expect((await postContact({ idempotencyKey: 'no-key-at-all-01' })).statusCode).toBe(401);
    expect((await postContact({ key: 'not-a-key', idempotencyKey: 'malformed-key-01' })).statusCode).toBe(
      401
    );
    const wrongSecret = `${apiKey.slice(0, 13)}${'A'.repeat(43)}`;
    const refused = await postContact({ key: wrongSecret, idempotencyKey: 'wrong-secret-001' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { cookie: `fd_session=${admin.cookie('fd_session')}`, 'idempotency-key': 'session-not-key-1' },
      payload: contactBody(),
    });
    expect(session.statusCode).toBe(401);
  });

  it('limits how often each key can be used', async () => {
    const key = await createKeyInAdminUi('Busy system');
    const statuses: number[] = [];
    for (let call = 0; call <= PARTNER_API_LIMIT.perMinute; call++) {
      statuses.push((await postContact({ key, body: {} })).statusCode);
    }
    expect(statuses.slice(0, -1).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('revoking a key', () => {
  it('asks for a reason, audits it and stops the key working', async () => {
    const key = await createKeyInAdminUi('Old system');
    const row = await t.db
      .selectFrom('partner_api_key')
      .select('id')
      .where('prefix', '=', key.slice(4, 12))
      .executeTakeFirstOrThrow();
    const confirm = await admin.get(`/admin/api-keys/${row.id}/revoke`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Old system');

    const noReason = await admin.post(`/admin/api-keys/${row.id}/revoke`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter why you are revoking this key');

    const revoked = await admin.post(`/admin/api-keys/${row.id}/revoke`, {
      reason: 'Replaced by a new system',
    });
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/admin/api-keys?revoked=${row.id}`);
    expect((await admin.get(revoked.headers.location as string)).body).toContain('has been revoked');
    const audit = (await auditRows('api_key.revoke')).at(-1)!;
    expect(audit).toMatchObject({ record_id: String(row.id), reason: 'Replaced by a new system' });

    const response = await postContact({ key, idempotencyKey: 'after-revocation-1' });
    expect(response.statusCode).toBe(401);
  });

  it('answers not found for a key that does not exist', async () => {
    expect((await admin.get('/admin/api-keys/999999/revoke')).statusCode).toBe(404);
  });
});

describe('OpenAPI document', () => {
  it('describes POST /api/v1/contacts with its body, headers and responses', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = document.paths['/api/v1/contacts'].post;
    const schema = operation.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(
      expect.arrayContaining(['receivedAt', 'referrer', 'children', 'presentingConcerns', 'consent'])
    );
    expect(schema.properties.children.maxItems).toBe(10);
    expect(schema.properties.referralSource.enum).toContain('6');
    expect(
      operation.requestBody.content['application/json'].examples.policeNotification.value.children[0]
        .givenName
    ).toBeDefined();
    expect(operation.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true })
    );
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '409', '413', '422'])
    );
    expect(schema.required).not.toContain('referralSource');
    expect(schema.properties.referralSource.description).toMatch(/police keys refer as 6/);
    expect(schema.properties.notForDisclosure.type).toBe('boolean');
    expect(operation.description).toMatch(/refused with 422/);
  });
});

describe('adults, police references and the DASH risk level', () => {
  const ADULT_NAME = 'Ottoline';

  it('records the adults named, the police references and the DASH level with its date', async () => {
    const response = await postContact({
      key: apiKey,
      idempotencyKey: 'adults-and-refs-0001',
      body: contactBody({
        otherPeople: [
          { givenName: 'Maud', familyName: 'Testington', role: 'parent_or_carer', relationship: 'Mother' },
          {
            givenName: ADULT_NAME,
            familyName: 'Harmsworth',
            dateOfBirth: '1988-02-29',
            sex: 'M',
            role: 'adult_of_concern',
            relationship: 'Mother’s former partner',
          },
        ],
        familyAware: 'no',
        policeIncidentReference: ' ex-20261120-0456 ',
        crimeReference: 'CR/12345/26',
        dash: { riskLevel: 'high', assessedOn: '2026-11-19' },
        lawfulBasis: 'Children Act 1989 s47',
        lawfulBasisCodes: { personalData: 'ukgdpr-6-1-e', specialCategory: 'ukgdpr-9-2-g-dpa-sch1-18' },
      }),
    });
    expect(response.statusCode).toBe(201);
    const contactId = response.json().contactId;
    const contact = await t.db
      .selectFrom('contact')
      .selectAll()
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({
      police_incident_reference: 'EX-20261120-0456',
      crime_reference: 'CR/12345/26',
      dash_risk_level: 'high',
      dash_assessed_on: '2026-11-19',
      family_aware: 'no',
    });
    expect(contact).toMatchObject({
      lawful_basis: 'Children Act 1989 s47',
      lawful_basis_personal_data: 'ukgdpr-6-1-e',
      lawful_basis_special_category: 'ukgdpr-9-2-g-dpa-sch1-18',
    });
    // A partner cannot see the person index: the adults are held as named, with no person record yet.
    const named = await t.db
      .selectFrom('contact_named_adult')
      .select(['described', 'person_id'])
      .where('contact_id', '=', contactId)
      .orderBy('id')
      .execute();
    expect(named).toEqual([
      {
        described: {
          givenName: 'Maud',
          familyName: 'Testington',
          role: 'parent_or_carer',
          relationship: 'Mother',
        },
        person_id: null,
      },
      {
        described: expect.objectContaining({
          givenName: ADULT_NAME,
          role: 'adult_of_concern',
          dateOfBirth: '1988-02-29',
        }),
        person_id: null,
      },
    ]);
    const people = await t.db
      .selectFrom('contact_person')
      .where('contact_id', '=', contactId)
      .select('person_id')
      .execute();
    expect(people).toEqual([]);
    const audit = (await auditRows('contact.submitted_by_partner')).at(-1)!;
    expect(JSON.stringify(audit)).not.toContain(ADULT_NAME);

    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await practitioner.get(`/contacts/${contactId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('EX-20261120-0456');
    expect(page.body).toContain('CR/12345/26');
    expect(page.body).toMatch(/High risk.*19 November 2026/s);
    expect(page.body).toContain('MARAC');
    expect(page.body).toContain(`href="/contacts/${contactId}/adults"`);
    expect(page.body).toContain('UK GDPR Article 6(1)(e)');
    const adults = await practitioner.get(`/contacts/${contactId}/adults`);
    expect(adults.body).toContain(ADULT_NAME);
    expect(adults.body).toContain('Mother’s former partner');
  });

  it('reports each malformed adult, reference and DASH field with its path', async () => {
    const response = await postContact({
      key: apiKey,
      idempotencyKey: 'bad-adults-refs-0001',
      body: contactBody({
        otherPeople: [{ givenName: 'Maud', familyName: '', role: 'grandparent' }],
        policeIncidentReference: 'not known',
        crimeReference: 'CR<1234>',
        dash: { riskLevel: 'very high', assessedOn: '2026-11-21' },
        lawfulBasisCodes: { personalData: 'consent' },
      }),
    });
    expect(response.statusCode).toBe(400);
    const issues: { path: string; message: string }[] = response.json().issues;
    const message = (path: string) => issues.find((issue) => issue.path === path)?.message;
    expect(message('/otherPeople/0/familyName')).toBe("Enter the person's last name");
    expect(message('/otherPeople/0/role')).toMatch(/parent_or_carer, household_member or adult_of_concern/);
    expect(message('/policeIncidentReference')).toMatch(/at least one digit/);
    expect(message('/crimeReference')).toMatch(/letters, digits, spaces/);
    expect(message('/dash/riskLevel')).toBe('riskLevel must be standard, medium or high');
    expect(message('/dash/assessedOn')).toBe('The DASH assessment date must not be in the future');
    expect(message('/lawfulBasisCodes/personalData')).toMatch(/^personalData must be one of ukgdpr-6-1-e/);
    expect(message('/lawfulBasisCodes/specialCategory')).toMatch(/^specialCategory must be one of/);
  });

  it('still takes the lawful basis as free text alone, and a DASH with no date is refused', async () => {
    const text = await postContact({
      key: apiKey,
      idempotencyKey: 'free-text-basis-0001',
      body: contactBody({ lawfulBasis: 'Children Act 1989 s47' }),
    });
    expect(text.statusCode).toBe(201);
    const contact = await t.db
      .selectFrom('contact')
      .select(['lawful_basis', 'dash_risk_level', 'police_incident_reference'])
      .where('id', '=', text.json().contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({
      lawful_basis: 'Children Act 1989 s47',
      dash_risk_level: null,
      police_incident_reference: null,
    });
    const undated = await postContact({
      key: apiKey,
      idempotencyKey: 'undated-dash-000001',
      body: contactBody({ dash: { riskLevel: 'medium' } }),
    });
    expect(undated.statusCode).toBe(400);
    expect(undated.json().issues.map((issue: { path: string }) => issue.path)).toContain('/dash/assessedOn');
  });

  it('replays a retry of a contact with adults, and refuses the key with other adults', async () => {
    const body = contactBody({
      otherPeople: [{ givenName: 'Maud', familyName: 'Testington', role: 'parent_or_carer' }],
    });
    const first = await postContact({ key: apiKey, idempotencyKey: 'adults-retry-000001', body });
    const retry = await postContact({ key: apiKey, idempotencyKey: 'adults-retry-000001', body });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const other = await postContact({
      key: apiKey,
      idempotencyKey: 'adults-retry-000001',
      body: contactBody({
        otherPeople: [{ givenName: 'Ida', familyName: 'Testington', role: 'household_member' }],
      }),
    });
    expect(other.statusCode).toBe(409);
  });
});

describe('GET /api/v1/contacts/{reference}/outcome', () => {
  let otherAgencyKey: string;

  beforeAll(async () => {
    const health = await t.db
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', 'health')
      .executeTakeFirstOrThrow();
    const page = await admin.post('/admin/api-keys/new', {
      agencyId: String(health.id),
      name: 'Hospital system',
    });
    otherAgencyKey = /data-testid="api-key">(fdk_[^<]+)</.exec(page.body)![1]!;
  });

  function getOutcome(reference: string, key?: string) {
    return t.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${reference}/outcome`,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
  }

  async function sendContact(idempotencyKey: string, overrides: Record<string, unknown> = {}) {
    const response = await postContact({ key: apiKey, idempotencyKey, body: contactBody(overrides) });
    expect(response.statusCode).toBe(201);
    return response.json() as {
      reference: string;
      contactId: number;
      children: { contactChildId: number }[];
    };
  }

  /** A manager's authorised decision, as the decision pages leave it (they are tested in their own module). */
  async function decide(contactChildId: number, outcomes: string[]) {
    await t.db
      .updateTable('contact_child')
      .set({ status: 'completed', completed_at: t.clock.now() })
      .where('id', '=', contactChildId)
      .execute();
    await t.db
      .insertInto('decision')
      .values({
        contact_child_id: contactChildId,
        outcome: outcomes[0]!,
        outcomes,
        threshold_document_id: null,
        indicated_level: null,
        chosen_level: null,
        rationale: 'Synthetic decision for the outcome API test.',
        proposed_by: null,
        proposed_at: t.clock.now(),
        status: 'authorised',
        authorised_by: null,
        authorised_at: t.clock.now(),
        manager_comment: null,
        childs_views: null,
        history_considered: null,
        receiving_team_id: null,
        transfer_to: null,
        decision_due_at: null,
        rag_due_at: null,
      })
      .execute();
  }

  it('answers received, then the coded outcome and date once decided when the family consented, and audits each read', async () => {
    const sent = await sendContact('outcome-consented-01', {
      consent: { status: 'given' },
      familyAware: 'yes',
    });
    const received = await getOutcome(sent.reference, apiKey);
    expect(received.statusCode).toBe(200);
    expect(received.json()).toEqual({
      reference: sent.reference,
      status: 'received',
      outcomeShared: false,
      decidedOn: null,
      children: sent.children.map(({ contactChildId }) => ({ contactChildId, status: 'received' })),
    });
    for (const { contactChildId } of sent.children) await decide(contactChildId, ['early_help']);
    const decided = await getOutcome(sent.reference, apiKey);
    expect(decided.json()).toMatchObject({
      status: 'decided',
      outcomeShared: true,
      decidedOn: '2026-11-20',
      children: [
        { status: 'decided', outcomes: ['early_help'] },
        { status: 'decided', outcomes: ['early_help'] },
      ],
    });
    expect(decided.body).not.toContain(CHILD_NAME);
    const reads = (await auditRows('contact.outcome_read_by_partner')).slice(-2);
    expect(reads.map((row) => [row.record_id, row.actor_agency_id, row.details])).toEqual([
      [
        String(sent.contactId),
        policeAgencyId,
        expect.objectContaining({ status: 'received', outcomeShared: false }),
      ],
      [
        String(sent.contactId),
        policeAgencyId,
        expect.objectContaining({ status: 'decided', outcomeShared: true }),
      ],
    ]);
  });

  it('says only "considered" when consent was not sought', async () => {
    const sent = await sendContact('outcome-not-sought-1');
    for (const { contactChildId } of sent.children) await decide(contactChildId, ['strategy_discussion']);
    const response = await getOutcome(sent.reference, apiKey);
    expect(response.json()).toMatchObject({
      status: 'considered',
      outcomeShared: false,
      decidedOn: '2026-11-20',
    });
    expect(response.body).not.toContain('strategy');
  });

  it('answers 404 to another agency’s key, as for an unknown reference, and audits the refusal', async () => {
    const sent = await sendContact('outcome-wrong-agency1');
    const wrongAgency = await getOutcome(sent.reference, otherAgencyKey);
    const unknown = await getOutcome('CON-2026-999999', otherAgencyKey);
    expect(wrongAgency.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(wrongAgency.body).toBe(unknown.body);
    const denied = (await auditRows('access.denied')).slice(-2);
    expect(denied.map((row) => row.details)).toEqual([
      expect.objectContaining({ reason: 'agency_scope', reference: sent.reference }),
      expect.objectContaining({ reason: 'no_such_record', reference: 'CON-2026-999999' }),
    ]);
    expect(denied[0]!.record_id).toBe(String(sent.contactId));
  });

  it('refuses a malformed reference with 400 and no key with 401', async () => {
    const malformed = await getOutcome('CON-26-1', apiKey);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().issues[0].message).toMatch(/like CON-2026-000123/);
    expect((await getOutcome('CON-2026-000001')).statusCode).toBe(401);
  });
});

// The whole document (validity, examples of every operation): src/platform/http/openapi.test.ts.
describe('the documented contact example', () => {
  it('documents a request example that the API accepts as it stands', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const examples = document.paths['/api/v1/contacts'].post.requestBody.content['application/json'].examples;
    const { value } = examples.policeNotification;
    expect(value.otherPeople).toHaveLength(2);
    const response = await postContact({ key: apiKey, idempotencyKey: 'documented-example-1', body: value });
    expect(response.statusCode, response.body).toBe(201);
  });
});
