import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { generateApiKey } from '../../platform/auth/api-key.ts';
import { recordContact } from '../intake/record-contact.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { sendInformationRequests } from './information-requests.service.ts';

let t: TestApp;
let policeId: number;
let healthId: number;
let policeKey: string;
let policeKeyId: number;
let child: { contactChildId: number; personId: number };

async function createKey(agencyId: number, createdBy: number) {
  const generated = generateApiKey();
  const row = await t.db
    .insertInto('partner_api_key')
    .values({
      agency_id: agencyId,
      name: 'Case system',
      prefix: generated.prefix,
      key_hash: generated.keyHash,
      created_by: createdBy,
      created_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { key: generated.key, id: row.id };
}

beforeAll(async () => {
  t = await createTestApp();
  // The demo council's own open requests are set aside: the lists here show this file's requests only.
  await t.db
    .updateTable('information_request')
    .set({ status: 'withdrawn' })
    .where('status', '=', 'open')
    .execute();
  const agency = (kind: 'police' | 'health') =>
    t.db.selectFrom('agency').select('id').where('kind', '=', kind).orderBy('name').executeTakeFirstOrThrow();
  policeId = (await agency('police')).id;
  healthId = (await agency('health')).id;
  const practitionerId = (
    await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('front_door_practitioner'))
      .executeTakeFirstOrThrow()
  ).id;
  ({ key: policeKey, id: policeKeyId } = await createKey(policeId, practitionerId));

  const recorded = await recordContact(
    t.db,
    {
      receivedAt: t.clock.now(),
      channel: 'phone',
      referralSource: '2A',
      referrer: { name: 'Ms A Teacher', isProfessional: true },
      address: { line1: '3 Larkspur Yard', town: 'Northmoor', postcode: 'NM2 7LY' },
      children: [
        {
          details: { givenName: 'Wenceslas', familyName: 'Quarrington', dateOfBirth: '2018-07-01', sex: 'M' },
          resolution: { kind: 'create' },
        },
      ],
      otherPeople: [],
      concernCodes: [],
      presentingConcerns: 'Neglect concerns raised by school.',
      consent: { status: 'given' },
      immediateRisk: false,
    },
    { recordedBy: practitionerId, now: t.clock.now(), settings: await councilSettings(t.db) }
  );
  const contactChildId = recorded.contactChildIds[0]!;
  await t.db.transaction().execute((trx) =>
    sendInformationRequests(
      trx,
      {
        contactChildId,
        agencyIds: [policeId, healthId],
        question: 'Is the family known to you?',
        consentStatus: 'given',
      },
      { userId: practitionerId, now: t.clock.now() }
    )
  );
  child = { contactChildId, personId: recorded.createdPersonIds[0]! };
});
afterAll(() => t.close());

function call(method: 'GET' | 'POST', url: string, payload?: object, key = policeKey) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, payload });
}

function requestTo(agencyId: number) {
  return t.db
    .selectFrom('information_request')
    .selectAll()
    .where('contact_child_id', '=', child.contactChildId)
    .where('agency_id', '=', agencyId)
    .executeTakeFirstOrThrow();
}

function lastAudit(action: string) {
  return t.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

describe('the information-request API for partner systems', () => {
  it('lists the key’s agency’s open requests with the minimum about each child, and audits it', async () => {
    const response = await call('GET', '/api/v1/information-requests');
    expect(response.statusCode).toBe(200);
    const police = await requestTo(policeId);
    expect(response.json().requests).toEqual([
      {
        id: police.id,
        version: 1,
        question: 'Is the family known to you?',
        consentStatus: 'given',
        lawfulBasis: null,
        lawfulBasisCodes: null,
        requestedAt: '2026-11-20T10:00:00.000Z',
        requestedBy: { name: 'Jordan Ellis', email: expect.stringContaining('@') },
        dueAt: police.due_at.toISOString(),
        late: false,
        child: {
          givenName: 'Wenceslas',
          familyName: 'Quarrington',
          dateOfBirth: '2018-07-01',
          address: { line1: '3 Larkspur Yard', line2: null, town: 'Northmoor', postcode: 'NM2 7LY' },
        },
        people: [
          {
            id: expect.any(Number),
            role: 'child',
            relationship: null,
            givenName: 'Wenceslas',
            familyName: 'Quarrington',
            dateOfBirth: '2018-07-01',
            address: { line1: '3 Larkspur Yard', line2: null, town: 'Northmoor', postcode: 'NM2 7LY' },
          },
        ],
      },
    ]);
    const audit = await lastAudit('information_request.list');
    expect(audit).toMatchObject({ actor_user_id: null, actor_agency_id: policeId });
    expect(audit.details).toEqual({ apiKeyId: policeKeyId, results: 1, personIds: [expect.any(Number)] });
  });

  it('refuses a body without a summary, with the field’s path', async () => {
    const police = await requestTo(policeId);
    const response = await call('POST', `/api/v1/information-requests/${police.id}/response`, {
      version: 1,
      risks: 'Some risks',
      summary: ' ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toContainEqual({
      path: '/summary',
      message: 'Enter a summary of what your agency knows',
    });
    const unknownField = await call('POST', `/api/v1/information-requests/${police.id}/response`, {
      summary: 'Fine',
      notes: 'A misspelt field',
    });
    expect(unknownField.statusCode).toBe(400);
    expect((await requestTo(policeId)).status).toBe('open');
  });

  it('answers another agency’s request with not found, and audits the refusal', async () => {
    const health = await requestTo(healthId);
    const response = await call('POST', `/api/v1/information-requests/${health.id}/response`, {
      summary: 'Not ours to answer',
    });
    expect(response.statusCode).toBe(404);
    expect((await requestTo(healthId)).status).toBe('open');
    const audit = await lastAudit('access.denied');
    expect(audit).toMatchObject({
      actor_agency_id: policeId,
      record_type: 'information_request',
      record_id: String(health.id),
    });
    expect(audit.details).toEqual({
      apiKeyId: policeKeyId,
      attempted: 'information_request.respond',
      reason: 'agency_scope',
    });
  });

  it('answers per person, and refuses a person the request does not ask about', async () => {
    const health = await requestTo(healthId);
    const healthKey = (await createKey(healthId, health.requested_by)).key;
    const listed = await call('GET', '/api/v1/information-requests', undefined, healthKey);
    const [asked] = listed.json().requests.find((request: { id: number }) => request.id === health.id).people;
    const stranger = await call(
      'POST',
      `/api/v1/information-requests/${health.id}/response`,
      { version: 1, summary: 'Registered with the GP.', people: [{ id: asked.id + 100_000, risks: 'x' }] },
      healthKey
    );
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().error).toContain('is not a person this request asks about');
    expect((await requestTo(healthId)).status).toBe('open');

    const answered = await call(
      'POST',
      `/api/v1/information-requests/${health.id}/response`,
      {
        version: 1,
        summary: 'Registered with the GP.',
        people: [{ id: asked.id, knownInvolvement: 'Seen by the health visitor in May.' }],
      },
      healthKey
    );
    expect(answered.statusCode).toBe(200);
    expect(
      await t.db
        .selectFrom('information_request_person')
        .select(['known_involvement', 'risks'])
        .where('id', '=', asked.id)
        .executeTakeFirstOrThrow()
    ).toEqual({ known_involvement: 'Seen by the health visitor in May.', risks: null });
  });

  it('records the answer once, with the journey and audit', async () => {
    const police = await requestTo(policeId);
    const response = await call('POST', `/api/v1/information-requests/${police.id}/response`, {
      version: 1,
      knownInvolvement: 'Attended the address in March.',
      summary: 'Known to police; no concerns since March.',
      notForDisclosure: true,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: police.id,
      status: 'answered',
      respondedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(await requestTo(policeId)).toMatchObject({
      status: 'answered',
      known_involvement: 'Attended the address in March.',
      risks: null,
      summary: 'Known to police; no concerns since March.',
      not_for_disclosure: true,
      responded_by: null,
      version: 2,
    });
    const journey = await t.db
      .selectFrom('journey_event')
      .selectAll()
      .where('contact_child_id', '=', child.contactChildId)
      .where('kind', '=', 'information_received')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(journey).toMatchObject({
      actor_id: null,
      details: { informationRequestId: police.id, agencyId: policeId },
    });
    const audit = await lastAudit('information_request.respond');
    expect(audit).toMatchObject({
      actor_user_id: null,
      actor_agency_id: policeId,
      record_id: String(police.id),
    });
    expect(audit.details).toEqual({
      apiKeyId: policeKeyId,
      contactChildId: child.contactChildId,
      agencyId: policeId,
    });

    const again = await call('POST', `/api/v1/information-requests/${police.id}/response`, {
      summary: 'A second answer',
    });
    expect(again.statusCode).toBe(409);
    expect((await requestTo(policeId)).summary).toBe('Known to police; no concerns since March.');
    expect((await call('GET', '/api/v1/information-requests')).json().requests).toEqual([]);
  });

  it('needs a key', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/information-requests' });
    expect(response.statusCode).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const list = document.paths['/api/v1/information-requests'].get;
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '401']));
    const answer = document.paths['/api/v1/information-requests/{id}/response'].post;
    const body = answer.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['summary']);
    expect(body.properties.summary.description).toMatch(/Required/);
    expect(body.properties.risks.description).toMatch(/^Risks your agency knows of/);
    const listed = list.responses['200'].content['application/json'].schema;
    expect(listed.properties.requests.items.properties.people.description).toMatch(
      /Everyone the request asks about/
    );
    expect(Object.keys(answer.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', '409'])
    );
  });
});

describe('the documented examples of the information-request API', () => {
  interface Documented {
    id: number;
    role: string;
    [field: string]: unknown;
  }

  /** The list and answer examples of /api/openapi.json, as a partner system's developer reads them. */
  async function documentedExamples() {
    const { paths } = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const [listed] = paths['/api/v1/information-requests'].get.responses['200'].content['application/json']
      .example.requests as { people: Documented[]; [field: string]: unknown }[];
    const answers = paths['/api/v1/information-requests/{id}/response'].post.requestBody.content[
      'application/json'
    ].examples as Record<string, { value: { version: number; people: Documented[] } }>;
    return { listed: listed!, answer: Object.values(answers)[0]!.value };
  }

  it('lists a family like the documented one as documented, and accepts the documented answer', async () => {
    const { listed, answer } = await documentedExamples();
    const asked = (role: string) => listed.people.find((person) => person.role === role)!;
    const [child, mother, former] = [asked('child'), asked('parent_or_carer'), asked('adult_of_concern')];
    const practitionerId = (
      await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', demoUser('front_door_practitioner'))
        .executeTakeFirstOrThrow()
    ).id;
    const address = listed.child as { address: { line1: string; town: string; postcode: string } };
    const recorded = await recordContact(
      t.db,
      {
        receivedAt: t.clock.now(),
        channel: 'phone',
        referralSource: '6',
        referrer: { name: 'PC Sam Example', isProfessional: true },
        address: {
          line1: address.address.line1,
          town: address.address.town,
          postcode: address.address.postcode,
        },
        children: [
          {
            details: {
              givenName: child.givenName as string,
              familyName: child.familyName as string,
              dateOfBirth: child.dateOfBirth as string,
              sex: 'U',
            },
            resolution: { kind: 'create' },
          },
        ],
        otherPeople: [
          {
            givenName: mother.givenName as string,
            familyName: mother.familyName as string,
            role: 'parent_or_carer',
            relationship: mother.relationship as string,
          },
          {
            givenName: former.givenName as string,
            familyName: former.familyName as string,
            dateOfBirth: former.dateOfBirth as string,
            role: 'adult_of_concern',
            relationship: former.relationship as string,
          },
        ],
        concernCodes: [],
        presentingConcerns: 'Police attended a domestic incident at the home overnight.',
        consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
        immediateRisk: false,
      },
      { recordedBy: practitionerId, now: t.clock.now(), settings: await councilSettings(t.db) }
    );
    const codes = listed.lawfulBasisCodes as { personalData: 'ukgdpr-6-1-e'; specialCategory: never };
    const {
      ids: [requestId],
    } = await t.db.transaction().execute((trx) =>
      sendInformationRequests(
        trx,
        {
          contactChildId: recorded.contactChildIds[0]!,
          agencyIds: [policeId],
          question: listed.question as string,
          consentStatus: 'not_sought',
          lawfulBasis: { ...codes, detail: 'Children Act 1989 section 47' },
        },
        { userId: practitionerId, now: t.clock.now() }
      )
    );

    const response = await call('GET', '/api/v1/information-requests');
    const real = response.json().requests.find((request: { id: number }) => request.id === requestId);
    expect(real).toEqual({
      ...listed,
      id: requestId,
      requestedAt: t.clock.now().toISOString(),
      requestedBy: real.requestedBy,
      dueAt: real.dueAt,
      people: listed.people.map((person) => ({ ...person, id: expect.any(Number) })),
    });

    // The documented answer, as it stands but for the ids this request gave its people.
    const realId = (id: number) =>
      real.people.find((person: Documented) => person.role === listed.people.find((p) => p.id === id)!.role)
        .id;
    const answered = await call('POST', `/api/v1/information-requests/${requestId}/response`, {
      ...answer,
      people: answer.people.map((person) => ({ ...person, id: realId(person.id) })),
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answer.people.map((person) => person.id)).toEqual([mother.id, former.id]);
    expect(
      await t.db
        .selectFrom('information_request_person')
        .select(['role', 'known_involvement'])
        .where('information_request_id', '=', requestId!)
        .where('known_involvement', 'is not', null)
        .orderBy('id')
        .execute()
    ).toEqual([
      { role: 'parent_or_carer', known_involvement: answer.people[0]!.knownInvolvement },
      { role: 'adult_of_concern', known_involvement: answer.people[1]!.knownInvolvement },
    ]);
  });
});
