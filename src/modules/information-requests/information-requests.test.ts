import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { createViewEnvironment } from '../../platform/http/views.ts';
import { recordContact } from '../intake/record-contact.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { loadInformationRequests, recordResponse } from './information-requests.service.ts';

let t: TestApp;
let policeId: number;
let healthId: number;
let practitionerId: number;
let partnerId: number;

/** Made-up names nobody in the demo council has, so pages can be searched for them. */
const QUESTION = 'Do you know Ottilie or anyone at her address? Any incidents in the last year?';

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
  const user = (username: string) =>
    t.db.selectFrom('staff_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  practitionerId = (await user(demoUser('front_door_practitioner'))).id;
  partnerId = (await user(demoUser('partner_agency_practitioner'))).id;
});
afterEach(() => t.clock.set(TEST_NOW));
afterAll(() => t.close());

/** A contact about one new child, recorded as the staff form would, linked to a new person record. */
async function newChild(givenName: string, options: { linked?: boolean } = {}) {
  const recorded = await recordContact(
    t.db,
    {
      receivedAt: t.clock.now(),
      channel: 'phone',
      referralSource: '2A',
      referrer: { name: 'Ms A Teacher', organisation: 'Northmoor Primary', isProfessional: true },
      address: { line1: '14 Quillfeather Row', town: 'Northmoor', postcode: 'NM1 4QR' },
      children: [
        {
          details: { givenName, familyName: 'Zanzibarre', dateOfBirth: '2016-03-09', sex: 'F' },
          resolution: options.linked === false ? { kind: 'unlinked' } : { kind: 'create' },
        },
      ],
      otherPeople: [],
      concernCodes: [],
      presentingConcerns: 'A teacher saw bruising that the child would not explain.',
      consent: { status: 'refused', reason: 'The mother refused' },
      lawfulBasis: 'Children Act 1989 s47',
      immediateRisk: false,
    },
    { recordedBy: practitionerId, now: t.clock.now(), settings: await councilSettings(t.db) }
  );
  const child = await t.db
    .selectFrom('contact_child')
    .selectAll()
    .where('id', '=', recorded.contactChildIds[0]!)
    .executeTakeFirstOrThrow();
  return { ...child, contactId: recorded.contactId };
}

/** Posts the send form with several agencies ticked (repeated fields, as a browser sends them). */
async function send(
  agent: TestAgent,
  contactChildId: number,
  agencyIds: number[],
  fields: Record<string, string> = {}
) {
  const url = `/screening/${contactChildId}/information-requests`;
  const page = await agent.get(url);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const body = new URLSearchParams({
    _csrf: token,
    question: QUESTION,
    consentStatus: 'refused',
    lawfulBasisPersonalData: 'ukgdpr-6-1-e',
    lawfulBasisSpecialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
    lawfulBasis: 'Children Act 1989 s47',
    ...fields,
  });
  for (const id of agencyIds) body.append('agencyIds', String(id));
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: agent.remoteAddress,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `fd_session=${agent.cookie('fd_session')}; fd_csrf=${agent.cookie('fd_csrf')}`,
    },
    payload: body.toString(),
  });
}

function requestsFor(contactChildId: number) {
  return t.db
    .selectFrom('information_request')
    .selectAll()
    .where('contact_child_id', '=', contactChildId)
    .orderBy('id')
    .execute();
}

async function requestTo(contactChildId: number, agencyId: number) {
  const requests = await requestsFor(contactChildId);
  return requests.find((request) => request.agency_id === agencyId)!;
}

async function openRequestToPolice() {
  const child = await newChild('Ottilie');
  await send(await signedIn('front_door_practitioner'), child.id, [policeId]);
  return { child, request: await requestTo(child.id, policeId) };
}

/** The id of one person on a request: the partner's answer about them is saved against it. */
async function askedId(requestId: number, personId: number | null) {
  const row = await t.db
    .selectFrom('information_request_person')
    .select('id')
    .where('information_request_id', '=', requestId)
    .where('person_id', '=', personId!)
    .executeTakeFirstOrThrow();
  return row.id;
}

function auditRows(action: string) {
  return t.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute();
}

const signedIn = (role: 'front_door_practitioner' | 'partner_agency_practitioner') =>
  t.signedIn(demoUser(role));

describe('sending information requests', () => {
  it('starts from the consent position on the contact and says when answers are due', async () => {
    const child = await newChild('Ottilie');
    const page = await (
      await signedIn('front_door_practitioner')
    ).get(`/screening/${child.id}/information-requests`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Northmoor and Dales Police');
    expect(page.body).not.toMatch(
      new RegExp(`name="agencyIds" type="checkbox" value="${await councilAgencyId()}"`)
    );
    expect(page.body).toMatch(/name="consentStatus" type="radio" value="refused" checked/);
    expect(page.body).toContain('value="Children Act 1989 s47"');
    expect(page.body).toContain('23 November 2026 at 10:00am');
  });

  it("creates a request per agency without sharing the child's record, and records the journey and audit", async () => {
    const child = await newChild('Ottilie');
    // An old share that has lapsed stays lapsed.
    await t.db
      .insertInto('record_share')
      .values({
        person_id: child.person_id!,
        agency_id: policeId,
        shared_at: new Date('2025-01-01T00:00:00Z'),
        expires_at: new Date('2025-06-01T00:00:00Z'),
        reason: 'Strategy discussion',
      })
      .execute();
    const response = await send(await signedIn('front_door_practitioner'), child.id, [policeId, healthId]);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/screening/${child.id}`);

    const requests = await requestsFor(child.id);
    expect(requests.map((request) => request.agency_id)).toEqual([policeId, healthId]);
    for (const request of requests) {
      expect(request).toMatchObject({
        question: QUESTION,
        consent_status: 'refused',
        lawful_basis: 'Children Act 1989 s47',
        due_at: child.decision_due_at,
        requested_by: practitionerId,
        requested_at: TEST_NOW,
        status: 'open',
        version: 1,
      });
    }
    const shares = await t.db
      .selectFrom('record_share')
      .select(['agency_id', 'expires_at'])
      .where('person_id', '=', child.person_id!)
      .execute();
    // Only the lapsed share from before: asking does not open the record.
    expect(shares).toEqual([{ agency_id: policeId, expires_at: new Date('2025-06-01T00:00:00Z') }]);
    const status = await t.db
      .selectFrom('contact_child')
      .select('status')
      .where('id', '=', child.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('awaiting_information');

    const journey = await t.db
      .selectFrom('journey_event')
      .selectAll()
      .where('contact_child_id', '=', child.id)
      .where('kind', '=', 'information_requested')
      .orderBy('id')
      .execute();
    expect(journey.map((event) => event.details)).toEqual(
      requests.map((request) => ({ informationRequestId: request.id, agencyId: request.agency_id }))
    );
    expect(journey.every((event) => event.actor_id === practitionerId && !event.out_of_hours)).toBe(true);

    const audit = (await auditRows('information_request.send')).at(-1)!;
    expect(audit).toMatchObject({
      record_type: 'contact_child',
      record_id: String(child.id),
      actor_user_id: practitionerId,
    });
    expect(audit.details).toEqual({
      informationRequestIds: requests.map((request) => request.id),
      agencyIds: [policeId, healthId],
      personIds: [child.person_id],
      consentStatus: 'refused',
      lawfulBasis: ['ukgdpr-6-1-e', 'ukgdpr-9-2-g-dpa-sch1-18'],
    });
    expect(JSON.stringify(audit.details)).not.toContain('Ottilie');
  });

  it('makes answers due by the RAG time once the child is rated', async () => {
    const child = await newChild('Ottilie');
    const ragDueAt = new Date('2026-11-20T14:00:00Z');
    await t.db
      .updateTable('contact_child')
      .set({ rag: 'red', rag_due_at: ragDueAt, status: 'screening' })
      .where('id', '=', child.id)
      .execute();
    await send(await signedIn('front_door_practitioner'), child.id, [policeId]);
    expect((await requestTo(child.id, policeId)).due_at).toEqual(ragDueAt);
  });

  it('asks for the child to be linked to a person record first', async () => {
    const child = await newChild('Ottilie', { linked: false });
    const practitioner = await signedIn('front_door_practitioner');
    const page = await practitioner.get(`/screening/${child.id}/information-requests`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Link Ottilie Zanzibarre to a person record before asking partner agencies');
    expect(page.body).toContain(`href="/contacts/${child.contactId}"`);
    expect(page.body).not.toContain('Send requests');
    const refused = await send(practitioner, child.id, [policeId]);
    expect(refused.statusCode).toBe(400);
    expect(await requestsFor(child.id)).toEqual([]);
  });

  it('explains missing answers GOV.UK style and keeps what was typed', async () => {
    const child = await newChild('Ottilie');
    const practitioner = await signedIn('front_door_practitioner');
    const page = await send(practitioner, child.id, [], {
      question: 'Anything about the family?',
      consentStatus: 'not_sought',
      lawfulBasisPersonalData: 'ukgdpr-6-1-c',
      lawfulBasisSpecialCategory: '',
      lawfulBasis: 'Section 47 enquiry under way',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('<a href="#agencyIds">Select at least one partner agency to ask</a>');
    expect(page.body).toContain(
      '<a href="#lawfulBasisSpecialCategory">Select the UK GDPR Article 9 condition for sharing without consent</a>'
    );
    expect(page.body).not.toContain('Select the UK GDPR Article 6 basis');
    expect(page.body).toContain('Anything about the family?</textarea>');
    expect(page.body).toMatch(/value="not_sought" checked/);
    // Nothing typed is lost: the chosen Article 6 basis and the detail come back.
    expect(page.body).toMatch(/value="ukgdpr-6-1-c" checked/);
    expect(page.body).toContain('value="Section 47 enquiry under way"');

    const madeUp = await send(practitioner, child.id, [policeId], {
      lawfulBasisPersonalData: 'because-we-said-so',
    });
    expect(madeUp.statusCode).toBe(400);
    expect(madeUp.body).toContain('Select a lawful basis from the list');

    const noQuestion = await send(practitioner, child.id, [policeId], {
      question: '',
      consentStatus: 'given',
      lawfulBasisPersonalData: '',
      lawfulBasisSpecialCategory: '',
      lawfulBasis: '',
    });
    expect(noQuestion.statusCode).toBe(400);
    expect(noQuestion.body).toContain('Enter the question for the partner agencies');
    expect(noQuestion.body).not.toContain('for sharing without consent</a>');
    expect(noQuestion.body).toMatch(new RegExp(`value="${policeId}" checked`));

    const notAPartner = await send(practitioner, child.id, [await councilAgencyId()]);
    expect(notAPartner.statusCode).toBe(400);
    expect(notAPartner.body).toContain('Select partner agencies from the list');
    expect(await requestsFor(child.id)).toEqual([]);
  });
});

describe('a partner agency answering', () => {
  it('lists only its own agency’s requests, open first, and highlights late ones', async () => {
    const practitioner = await signedIn('front_door_practitioner');
    const late = await newChild('Marisol');
    await t.db
      .updateTable('contact_child')
      .set({ rag: 'red', rag_due_at: new Date('2026-11-20T12:00:00Z') })
      .where('id', '=', late.id)
      .execute();
    const onTime = await newChild('Ottilie');
    const healthOnly = await newChild('Beatrix');
    await send(practitioner, late.id, [policeId]);
    await send(practitioner, onTime.id, [policeId]);
    await send(practitioner, healthOnly.id, [healthId]);

    const before = await (await signedIn('partner_agency_practitioner')).get('/information-requests');
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Marisol Zanzibarre');
    expect(before.body).toContain('Ottilie Zanzibarre');
    expect(before.body).not.toContain('Beatrix');
    expect(before.body).not.toContain('Late');
    expect(before.body.indexOf('Marisol')).toBeLessThan(before.body.indexOf('Ottilie'));

    t.clock.set(new Date('2026-11-20T15:20:00Z'));
    const after = await (await signedIn('partner_agency_practitioner')).get('/information-requests');
    const lateId = (await requestTo(late.id, policeId)).id;
    const lateRow = new RegExp(
      `data-request-id="${lateId}">[\\s\\S]*?govuk-tag--red">\\s*Late\\s*</strong>\\s*<br>3 hours 20 minutes late`
    );
    expect(after.body).toMatch(lateRow);
    const onTimeId = (await requestTo(onTime.id, policeId)).id;
    expect(after.body).toMatch(new RegExp(`data-request-id="${onTimeId}">[\\s\\S]*?>\\s*Open\\s*<`));
    const listed = (await auditRows('information_request.list')).at(-1)!;
    expect(listed).toMatchObject({ actor_user_id: partnerId, actor_agency_id: policeId });
  });

  it('answers another agency’s request, or one that does not exist, with not found', async () => {
    const child = await newChild('Ottilie');
    await send(await signedIn('front_door_practitioner'), child.id, [healthId]);
    const healthRequest = await requestTo(child.id, healthId);
    const partner = await signedIn('partner_agency_practitioner');
    expect((await partner.get(`/information-requests/${healthRequest.id}`)).statusCode).toBe(404);
    const post = await partner.post(`/information-requests/${healthRequest.id}`, {
      version: '1',
      summary: 'Trying to answer for another agency',
    });
    expect(post.statusCode).toBe(404);
    expect((await requestTo(child.id, healthId)).status).toBe('open');
    expect((await partner.get('/information-requests/99999999')).statusCode).toBe(404);
    expect((await partner.get('/information-requests/not-a-number')).statusCode).toBe(404);

    const refusals = (await auditRows('access.denied')).filter((row) => row.actor_user_id === partnerId);
    expect(refusals.map((row) => [row.record_type, row.record_id, row.details])).toEqual(
      expect.arrayContaining([
        [
          'information_request',
          String(healthRequest.id),
          { attempted: 'information_request.view', reason: 'agency_scope' },
        ],
        [
          'information_request',
          String(healthRequest.id),
          { attempted: 'information_request.respond', reason: 'agency_scope' },
        ],
        [
          'information_request',
          '99999999',
          { attempted: 'information_request.view', reason: 'no_such_record' },
        ],
      ])
    );
  });

  it('answers "not found" about a child restricted since the request was sent, and audits the refusal', async () => {
    const { child, request } = await openRequestToPolice();
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', child.person_id!).execute();
    const partner = await signedIn('partner_agency_practitioner');
    expect((await partner.get(`/information-requests/${request.id}`)).statusCode).toBe(404);
    const answer = await partner.post(`/information-requests/${request.id}`, {
      version: String(request.version),
      summary: 'Known to police.',
    });
    expect(answer.statusCode).toBe(404);
    expect((await partner.get('/information-requests')).body).not.toContain(
      `/information-requests/${request.id}"`
    );
    const refusal = (await auditRows('access.denied')).at(-1)!;
    expect(refusal).toMatchObject({ record_type: 'information_request', details: { reason: 'restricted' } });
    const saved = await requestTo(child.id, policeId);
    expect(saved.status).toBe('open');
  });

  it('shows the minimum about the child, saves the answer once and resumes screening', async () => {
    const child = await newChild('Ottilie');
    const practitioner = await signedIn('front_door_practitioner');
    await send(practitioner, child.id, [policeId, healthId]);
    const request = await requestTo(child.id, policeId);
    const partner = await signedIn('partner_agency_practitioner');

    const page = await partner.get(`/information-requests/${request.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ottilie Zanzibarre');
    expect(page.body).toContain('9 March 2016');
    expect(page.body).toContain('14 Quillfeather Row, Northmoor, NM1 4QR');
    expect(page.body).toContain(QUESTION);
    expect(page.body).toContain('Refused');
    expect(page.body).toContain('Children Act 1989 s47');
    expect(page.body).toContain('Jordan Ellis');
    expect(page.body).toContain('23 November 2026 at 10:00am');
    expect(page.body).not.toContain('bruising');
    expect(page.body).toContain('name="version" value="1"');
    const viewed = (await auditRows('information_request.view')).at(-1)!;
    expect(viewed).toMatchObject({
      record_type: 'information_request',
      record_id: String(request.id),
      details: { personId: child.person_id },
    });
    // The request shows the minimum; the child's record itself stays closed to the agency.
    expect((await partner.get(`/people/${child.person_id}`)).statusCode).toBe(404);

    const asked = await askedId(request.id, child.person_id);
    const saved = await partner.post(`/information-requests/${request.id}`, {
      version: '1',
      [`knownInvolvement-${asked}`]: 'Two call-outs to the address this year.',
      [`risks-${asked}`]: 'Former partner with a history of violence.',
      [`strengths-${asked}`]: '',
      summary: 'Known to police; no current investigation.',
      notForDisclosure: 'yes',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/information-requests?answered=1');
    expect((await partner.get('/information-requests?answered=1')).body).toContain(
      'Your answer has been sent to the front door'
    );

    const answered = await requestTo(child.id, policeId);
    expect(
      await t.db
        .selectFrom('information_request_person')
        .select(['known_involvement', 'risks', 'strengths'])
        .where('id', '=', asked)
        .executeTakeFirstOrThrow()
    ).toEqual({
      known_involvement: 'Two call-outs to the address this year.',
      risks: 'Former partner with a history of violence.',
      strengths: null,
    });
    expect(answered).toMatchObject({
      status: 'answered',
      known_involvement: null,
      summary: 'Known to police; no current investigation.',
      not_for_disclosure: true,
      responded_by: partnerId,
      responded_at: TEST_NOW,
      version: 2,
    });
    const journey = await t.db
      .selectFrom('journey_event')
      .selectAll()
      .where('contact_child_id', '=', child.id)
      .where('kind', '=', 'information_received')
      .executeTakeFirstOrThrow();
    expect(journey).toMatchObject({
      actor_id: partnerId,
      details: { informationRequestId: request.id, agencyId: policeId },
    });
    const audit = (await auditRows('information_request.respond')).at(-1)!;
    expect(audit).toMatchObject({ record_type: 'information_request', record_id: String(request.id) });
    expect(audit.details).toEqual({ contactChildId: child.id, agencyId: policeId, answeredAbout: [asked] });
    const statusOf = async () =>
      (
        await t.db
          .selectFrom('contact_child')
          .select('status')
          .where('id', '=', child.id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await statusOf()).toBe('awaiting_information');

    const readOnly = await partner.get(`/information-requests/${request.id}`);
    expect(readOnly.body).toContain('Your agency’s answer');
    expect(readOnly.body).toContain('Known to police; no current investigation.');
    expect(readOnly.body).not.toContain('Send answer');
    // Closed: the agency keeps its own answer but no longer sees where the child lives or their birthday.
    expect(readOnly.body).not.toContain('9 March 2016');
    expect(readOnly.body).not.toContain('Quillfeather Row');
    expect(readOnly.body).toContain('dates of birth and addresses are no longer shown');

    // The last open request answered: the child goes back to screening.
    const health = await requestTo(child.id, healthId);
    await t.db
      .transaction()
      .execute((trx) =>
        recordResponse(
          trx,
          health,
          1,
          { summary: 'Not known to health', people: [] },
          { userId: null, now: TEST_NOW }
        )
      );
    expect(await statusOf()).toBe('screening');

    const screener = await practitioner.get(`/screening/${child.id}/information-requests`);
    expect(screener.body).toContain('Information from partner agencies');
    expect(screener.body).toContain('Known to police; no current investigation.');
    expect(screener.body).toContain('Not known to health');
    expect(screener.body).toContain('Tom Rowe');
    expect(screener.body).toContain('Not for disclosure');
  });

  it('keeps what was typed when the summary is missing', async () => {
    const { child, request } = await openRequestToPolice();
    const page = await (
      await signedIn('partner_agency_practitioner')
    ).post(`/information-requests/${request.id}`, {
      version: '1',
      [`risks-${await askedId(request.id, child.person_id)}`]: 'Weapons were found at the address in May.',
      summary: '  ',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('<a href="#summary">Enter a summary of what your agency knows</a>');
    expect(page.body).toContain('Weapons were found at the address in May.</textarea>');
    expect(page.body).toContain('name="version" value="1"');
    expect((await requestTo(child.id, policeId)).status).toBe('open');
  });

  it('never overwrites a colleague’s answer, and keeps what the second person typed', async () => {
    const { child, request } = await openRequestToPolice();
    const first = await signedIn('partner_agency_practitioner');
    const second = await signedIn('partner_agency_practitioner');
    await first.get(`/information-requests/${request.id}`);
    await second.get(`/information-requests/${request.id}`);

    const firstSave = await first.post(`/information-requests/${request.id}`, {
      version: '1',
      summary: 'First answer: known to police.',
    });
    expect(firstSave.statusCode).toBe(303);
    const secondSave = await second.post(`/information-requests/${request.id}`, {
      version: '1',
      summary: 'Second answer: typed at the same time.',
    });
    expect(secondSave.statusCode).toBe(409);
    expect(secondSave.body).toContain('Someone else answered this request since you opened it');
    expect(secondSave.body).toContain('First answer: known to police.');
    expect(secondSave.body).toContain('Second answer: typed at the same time.');
    expect((await requestTo(child.id, policeId)).summary).toBe('First answer: known to police.');
  });

  it('asks to save again when the request changed but is still open', async () => {
    const { request } = await openRequestToPolice();
    const partner = await signedIn('partner_agency_practitioner');
    await t.db
      .updateTable('information_request')
      .set({ version: 2, chase_count: 1, chased_at: TEST_NOW })
      .where('id', '=', request.id)
      .execute();
    const stale = await partner.post(`/information-requests/${request.id}`, {
      version: '1',
      summary: 'Typed before the chase arrived.',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this request since you opened it');
    expect(stale.body).toContain('Typed before the chase arrived.</textarea>');
    expect(stale.body).toContain('name="version" value="2"');
    const again = await partner.post(`/information-requests/${request.id}`, {
      version: '2',
      summary: 'Typed before the chase arrived.',
    });
    expect(again.statusCode).toBe(303);
  });
});

describe('the screener’s responses panel', () => {
  it('shows each agency’s state and answer side by side, with a link to ask more', async () => {
    const child = await newChild('Ottilie');
    await send(await signedIn('front_door_practitioner'), child.id, [policeId, healthId]);
    const police = await requestTo(child.id, policeId);
    await t.db
      .updateTable('information_request')
      .set({
        status: 'answered',
        summary: 'Known to police <script>',
        risks: 'Line one\nLine two',
        responded_by: partnerId,
        responded_at: TEST_NOW,
      })
      .where('id', '=', police.id)
      .execute();
    const now = new Date(child.decision_due_at.getTime() + 90 * 60_000);
    const informationRequests = await loadInformationRequests(t.db, child.id, now);
    expect(informationRequests.map((request) => request.state)).toEqual(['answered', 'late']);
    const html = createViewEnvironment().render('modules/information-requests/views/responses-panel.njk', {
      informationRequests,
      contactChildId: child.id,
      now,
    });
    expect(html.match(/govuk-summary-card"/g)).toHaveLength(2);
    expect(html).toContain('Northmoor and Dales Police');
    expect(html).toMatch(/govuk-tag--green">\s*Answered/);
    expect(html).toMatch(/govuk-tag--red">\s*Late\s*<\/strong>\s*1 hour 30 minutes late/);
    expect(html).toContain('Known to police &lt;script&gt;');
    expect(html).toMatch(/Line one<br \/>\s*Line two/);
    expect(html).toContain('Tom Rowe');
    expect(html).toContain(`href="/screening/${child.id}/information-requests">Ask partner agencies</a>`);
  });
});

describe('one request per agency per family', () => {
  /** Two siblings and the person alleged to cause harm, as the police named them. */
  async function family() {
    const recorded = await recordContact(
      t.db,
      {
        receivedAt: t.clock.now(),
        channel: 'police_notification',
        referralSource: '5A',
        referrer: { name: 'PC Example', organisation: 'Northmoor Police', isProfessional: true },
        address: { line1: '7 Gorsebrook Close', town: 'Northmoor', postcode: 'NM3 2GB' },
        children: [
          {
            details: { givenName: 'Peregrine', familyName: 'Vasquell', dateOfBirth: '2015-02-11', sex: 'M' },
            resolution: { kind: 'create' },
          },
          {
            details: { givenName: 'Clementine', familyName: 'Vasquell', dateOfBirth: '2019-06-30', sex: 'F' },
            resolution: { kind: 'create' },
          },
        ],
        otherPeople: [
          {
            givenName: 'Dorian',
            familyName: 'Blackwater',
            dateOfBirth: '1988-01-05',
            role: 'adult_of_concern',
            relationship: 'Mother’s former partner',
          },
        ],
        concernCodes: [],
        presentingConcerns: 'Domestic abuse incident at the home.',
        consent: { status: 'not_sought', reason: 'Would increase the risk' },
        immediateRisk: false,
      },
      { recordedBy: practitionerId, now: t.clock.now(), settings: await councilSettings(t.db) }
    );
    const children = await t.db
      .selectFrom('contact_child')
      .select(['id', 'person_id'])
      .where('contact_id', '=', recorded.contactId)
      .orderBy('id')
      .execute();
    return { contactId: recorded.contactId, children, adultId: recorded.createdPersonIds.at(-1)! };
  }

  it('asks each agency once about both children and the adult, and the partner answers per person', async () => {
    const { contactId, children, adultId } = await family();
    const [older, younger] = children as [(typeof children)[0], (typeof children)[0]];
    const practitioner = await signedIn('front_door_practitioner');
    const form = await practitioner.get(`/screening/${older.id}/information-requests`);
    expect(form.body).toContain('Dorian Blackwater (person alleged to cause harm, Mother’s former partner)');
    expect((await send(practitioner, older.id, [policeId, healthId])).statusCode).toBe(303);

    const sent = await t.db
      .selectFrom('information_request')
      .selectAll()
      .where('contact_id', '=', contactId)
      .execute();
    expect(sent.map((request) => request.agency_id).sort()).toEqual([policeId, healthId].sort());
    const police = sent.find((request) => request.agency_id === policeId)!;
    expect(police.lawful_basis_personal_data).toBe('ukgdpr-6-1-e');
    const asked = await t.db
      .selectFrom('information_request_person')
      .select(['id', 'person_id', 'role'])
      .where('information_request_id', '=', police.id)
      .orderBy('id')
      .execute();
    expect(asked.map((person) => [person.person_id, person.role])).toEqual([
      [older.person_id, 'child'],
      [younger.person_id, 'child'],
      [adultId, 'adult_of_concern'],
    ]);
    // Asked from the younger child's screening too, police are not asked the same question twice.
    const again = await send(practitioner, younger.id, [policeId]);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already has an open request about this family');

    const partner = await signedIn('partner_agency_practitioner');
    const page = await partner.get(`/information-requests/${police.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/data-testid="asked-person"/g)).toHaveLength(3);
    for (const text of ['Peregrine Vasquell', 'Clementine Vasquell', 'Dorian Blackwater', '5 January 1988'])
      expect(page.body).toContain(text);
    expect(page.body).not.toContain('Domestic abuse incident');
    expect(page.body).toContain('UK GDPR Article 6(1)(e): public task');
    const viewed = (await auditRows('information_request.view')).slice(-3);
    expect(viewed.map((row) => (row.details as { personId: number }).personId).sort()).toEqual(
      [older.person_id, younger.person_id, adultId].sort()
    );

    const [olderAsked, , adultAsked] = asked as [(typeof asked)[0], (typeof asked)[0], (typeof asked)[0]];
    const saved = await partner.post(`/information-requests/${police.id}`, {
      version: '1',
      [`knownInvolvement-${olderAsked.id}`]: 'Present at both call-outs.',
      [`risks-${adultAsked.id}`]: 'Two assaults on former partners.',
      summary: 'Known to police; we support a joint visit.',
    });
    expect(saved.statusCode).toBe(303);
    const screening = await practitioner.get(`/screening/${younger.id}`);
    expect(screening.body).toContain('Present at both call-outs.');
    expect(screening.body).toContain('Two assaults on former partners.');
    expect(screening.body).toContain('Known to police; we support a joint visit.');
  });

  it('adds a person named after the contact was recorded, audited, and asks about them', async () => {
    const { contactId, children } = await family();
    const practitioner = await signedIn('front_door_practitioner');
    const missing = await practitioner.post(`/contacts/${contactId}/people/new`, {
      givenName: 'Ignatius',
      familyName: '',
      child: String(children[0]!.id),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the person’s last name, or “Unknown”');
    expect(missing.body).toContain('Select the person’s part in the family');
    expect(missing.body).toContain('value="Ignatius"');
    const added = await practitioner.post(`/contacts/${contactId}/people/new`, {
      givenName: 'Ignatius',
      familyName: 'Fairweather',
      role: 'parent_or_carer',
      relationship: 'Father',
      child: String(children[0]!.id),
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/screening/${children[0]!.id}`);
    const audit = (await auditRows('contact.person_added')).at(-1)!;
    expect(audit).toMatchObject({ record_type: 'contact', record_id: String(contactId) });
    expect(JSON.stringify(audit.details)).not.toContain('Ignatius');

    await send(practitioner, children[0]!.id, [policeId]);
    const request = await t.db
      .selectFrom('information_request')
      .select('id')
      .where('contact_id', '=', contactId)
      .executeTakeFirstOrThrow();
    const page = await (
      await signedIn('partner_agency_practitioner')
    ).get(`/information-requests/${request.id}`);
    expect(page.body).toContain('Ignatius Fairweather (Parent or carer)');
  });
});

async function councilAgencyId() {
  return (
    await t.db.selectFrom('agency').select('id').where('kind', '=', 'council').executeTakeFirstOrThrow()
  ).id;
}

describe('a partner’s lists, a page at a time (issue 17)', () => {
  /** The requests listed in one of the partner's tables, in the order shown. */
  function requestIdsIn(html: string, testId: string): number[] {
    const start = html.indexOf(`data-testid="${testId}"`);
    if (start < 0) return [];
    const table = html.slice(start, html.indexOf('</table>', start));
    return [...table.matchAll(/data-request-id="(\d+)"/g)].map((match) => Number(match[1]));
  }
  /** The count a list's heading gives ("To answer (53)"), 0 when it gives none. */
  const countIn = (html: string, heading: string) =>
    Number(new RegExp(`${heading} \\(([\\d,]+)\\)`).exec(html)?.[1]?.replace(/,/g, '') ?? 0);

  /** In bulk, requests to the police about a child: `answered` ones all answered at one moment. */
  async function insertRequests(contactChildId: number, count: number, answered: boolean) {
    const at = new Date(TEST_NOW.getTime() - 86_400_000);
    const rows = await t.db
      .insertInto('information_request')
      .values(
        Array.from({ length: count }, () => ({
          contact_child_id: contactChildId,
          agency_id: policeId,
          question: QUESTION,
          consent_status: 'refused' as const,
          lawful_basis: 'Children Act 1989 s47',
          // Due before anything else this file sends, so these head the open list.
          due_at: new Date('2026-01-05T12:00:00Z'),
          requested_by: practitionerId,
          requested_at: at,
          ...(answered
            ? {
                status: 'answered' as const,
                summary: 'Not known to police.',
                responded_by: partnerId,
                // Answered after anything else this file answers, so these head the answered list.
                responded_at: new Date(TEST_NOW.getTime() + 86_400_000),
              }
            : {}),
        }))
      )
      .returning('id')
      .execute();
    return rows.map((row) => row.id).sort((a, b) => a - b);
  }

  it('pages open and answered requests 50 at a time with exact counts, and sends a page past the end back to the first', async () => {
    const partner = await signedIn('partner_agency_practitioner');
    const before = (await partner.get('/information-requests')).body;
    const [openBefore, answeredBefore] = [countIn(before, 'To answer'), countIn(before, 'Answered')];
    const seen = await newChild('Paginetta');
    const hidden = await newChild('Restrictia');
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', hidden.person_id!).execute();
    const open = await insertRequests(seen.id, 53, false);
    const answered = await insertRequests(seen.id, 55, true);
    await insertRequests(hidden.id, 2, false);
    await insertRequests(hidden.id, 2, true);

    const first = (await partner.get('/information-requests')).body;
    expect(countIn(first, 'To answer')).toBe(openBefore + 53);
    expect(countIn(first, 'Answered')).toBe(answeredBefore + 55);
    expect(requestIdsIn(first, 'requests-open')).toEqual(open.slice(0, 50));
    // The latest answered first; answered at one moment, the newest request first.
    expect(requestIdsIn(first, 'requests-answered')).toEqual(answered.toReversed().slice(0, 50));
    expect(first).toContain(`Showing 1 to 50 of ${openBefore + 53}.`);
    expect(first).toContain('href="/information-requests?open-page=2#open"');
    expect(first).toContain('href="/information-requests?answered-page=2#answered"');
    expect(first).not.toContain('Restrictia');

    const second = (await partner.get('/information-requests?open-page=2&answered-page=2')).body;
    expect(requestIdsIn(second, 'requests-open').slice(0, 3)).toEqual(open.slice(50));
    expect(requestIdsIn(second, 'requests-answered').slice(0, 5)).toEqual(answered.toReversed().slice(50));
    expect(second).toContain('Showing 51 to');
    // Each list's links keep the other list's page.
    expect(second).toContain('href="/information-requests?answered-page=2#open"');
    expect(second).toContain('href="/information-requests?open-page=2#answered"');

    const past = await partner.get('/information-requests?answered=1&open-page=9&answered-page=2');
    expect(past.statusCode).toBe(303);
    expect(past.headers.location).toBe('/information-requests?answered=1&answered-page=2');
    const listed = (await auditRows('information_request.list')).at(-1)!;
    expect(listed).toMatchObject({ actor_user_id: partnerId, actor_agency_id: policeId });
  });

  it('counts answered requests as far as 1,000, says "more than" beyond, and still pages on', async () => {
    const seen = await newChild('Paginetta');
    await insertRequests(seen.id, 1001, true);
    const partner = await signedIn('partner_agency_practitioner');
    const first = (await partner.get('/information-requests')).body;
    expect(first).toContain('Answered (more than 1,000)');
    expect(first).toContain('Showing 1 to 50 of more than 1,000.');
    expect(first).toContain('href="/information-requests?answered-page=2#answered"');
    const farther = await partner.get('/information-requests?answered-page=21');
    expect(farther.statusCode).toBe(200);
    expect(requestIdsIn(farther.body, 'requests-answered')).toHaveLength(50);
    expect(farther.body).toContain('Showing 1,001 to 1,050 of more than 1,050.');
    expect(farther.body).toContain('href="/information-requests?answered-page=22#answered"');
  });
});
