import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';

let t: TestApp;
let child: { id: number; given_name: string; family_name: string };
let restrictedChildId: number;
let policeAgencyId: number;

beforeAll(async () => {
  t = await createTestApp();
  child = await t.db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name'])
    .where('restricted', '=', false)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  restrictedChildId = (
    await t.db
      .insertInto('person')
      .values({ given_name: 'Ottoline', family_name: 'Brackwater', sex: 'F', restricted: true })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  policeAgencyId = (
    await t.db.selectFrom('agency').select('id').where('kind', '=', 'police').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

/** 20 November 2026, 10:00 in London (GMT), 20 minutes before the test clock. */
const CONSULTATION = {
  'consultedAt-day': '20',
  'consultedAt-month': '11',
  'consultedAt-year': '2026',
  'consultedAt-time': '09:40',
  professionalName: 'Imogen Threlfall',
  professionalRole: 'Designated safeguarding lead',
  organisation: 'Coldbeck Academy',
  phone: '01632 960 777',
  email: 'i.threlfall@coldbeck.example',
  childDescription: '',
  concerns: 'A year 9 pupil has missed 12 days this term and seems withdrawn.',
  advice: 'Early help assessment with the school; call back if the pupil discloses harm.',
  referralExpected: 'no',
};

describe('recording a professional consultation', () => {
  it('saves the advice with who gave it, audits it, and lists it newest first', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const form = await agent.get('/consultations/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/id="consultedAt-time"[^>]*value="10:00"/);

    const saved = await agent.post('/consultations/new', {
      ...CONSULTATION,
      agencyId: String(policeAgencyId),
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/consultations?recorded=1');

    const row = await t.db
      .selectFrom('consultation')
      .innerJoin('staff_user', 'staff_user.id', 'consultation.advised_by')
      .selectAll('consultation')
      .select('staff_user.username')
      .where('professional_name', '=', 'Imogen Threlfall')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      username: demoUser('front_door_practitioner'),
      organisation: 'Coldbeck Academy',
      agency_id: policeAgencyId,
      person_id: null,
      child_description: null,
      referral_expected: false,
      contact_id: null,
    });
    expect(row.consulted_at).toEqual(new Date('2026-11-20T09:40:00Z'));
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'consultation.record')
      .where('record_id', '=', String(row.id))
      .executeTakeFirstOrThrow();
    expect(audit.record_type).toBe('consultation');
    expect(JSON.stringify(audit.details)).not.toContain('Imogen');

    await agent.post('/consultations/new', {
      ...CONSULTATION,
      'consultedAt-time': '09:50',
      professionalName: 'Later Caller',
    });
    const list = await agent.get('/consultations?recorded=1');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Consultation recorded');
    expect(list.body.indexOf('Later Caller')).toBeLessThan(list.body.indexOf('Imogen Threlfall'));
    expect(list.body).toContain('None yet');
  });

  it('names the child when opened from their record, and links the consultation to them', async () => {
    const agent = await t.signedIn(demoUser('team_manager'));
    const form = await agent.get(`/consultations/new?personId=${child.id}`);
    expect(form.body).toContain(`About ${child.given_name} ${child.family_name}`);
    await agent.post('/consultations/new', {
      ...CONSULTATION,
      professionalName: 'Named Child Caller',
      personId: String(child.id),
      referralExpected: 'yes',
    });
    const row = await t.db
      .selectFrom('consultation')
      .selectAll()
      .where('professional_name', '=', 'Named Child Caller')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ person_id: child.id, referral_expected: true });
    const list = await agent.get('/consultations');
    expect(list.body).toContain(`href="/people/${child.id}"`);
  });

  it('shows the contact that followed, linked from either side', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    await agent.post('/consultations/new', { ...CONSULTATION, professionalName: 'Followed Up Caller' });
    const consultation = await t.db
      .selectFrom('consultation')
      .select('id')
      .where('professional_name', '=', 'Followed Up Caller')
      .executeTakeFirstOrThrow();
    const contact = await t.db
      .selectFrom('contact')
      .select(['id', 'reference'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('contact')
      .set({ consultation_id: consultation.id })
      .where('id', '=', contact.id)
      .execute();
    const list = await agent.get('/consultations');
    expect(list.body).toContain(
      `<a class="govuk-link" href="/contacts/${contact.id}">${contact.reference}</a>`
    );
  });

  it('explains missing or wrong answers GOV.UK style and keeps what was typed', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.post('/consultations/new', {
      ...CONSULTATION,
      professionalName: '',
      advice: '',
      referralExpected: '',
      'consultedAt-day': '31',
      'consultedAt-month': '2',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('govuk-error-summary');
    for (const message of [
      'Enter the professional’s name',
      'Enter the advice you gave',
      'Select whether a referral is expected',
      'Enter a real date, and a time like 14:05, for the consultation',
    ]) {
      expect(page.body).toContain(message);
    }
    expect(page.body).toContain('value="Coldbeck Academy"');

    const future = await agent.post('/consultations/new', { ...CONSULTATION, 'consultedAt-time': '10:30' });
    expect(future.body).toContain('must be now or in the past');
  });

  it('will not link a consultation to a child the practitioner may not see', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.post('/consultations/new', {
      ...CONSULTATION,
      personId: String(restrictedChildId),
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter the person ID of a child you can find in the person index');
    expect(page.body).not.toContain('Ottoline');
  });

  it('is not open to partner agency staff', async () => {
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect((await partner.get('/consultations')).statusCode).toBe(403);
    expect((await partner.get('/consultations/new')).statusCode).toBe(403);
    expect((await partner.post('/consultations/new', CONSULTATION)).statusCode).toBe(403);
  });
});
