import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import { recordTestContact } from '../../../../test/support/contact-fixtures.ts';
import { runDeadlineSweep } from '../../work/deadline-sweep.ts';
import { raiseConsultationFollowUps } from './consultation-follow-up.ts';

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
    expect(saved.headers.location).toMatch(/^\/consultations\?recorded=\d+$/);

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
      follow_up_due_at: null,
      contact_id: null,
    });
    expect(saved.headers.location).toBe(`/consultations?recorded=${row.id}`);
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
    const list = await agent.get(`/consultations?recorded=${row.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/consultations/${row.id}"`);
    expect(list.body).toContain('Consultation recorded');
    expect(list.body.indexOf('Later Caller')).toBeLessThan(list.body.indexOf('Imogen Threlfall'));
    expect(list.body).toContain('None yet');
  });

  it('names the child when opened from their record, and links the consultation to them', async () => {
    const agent = await t.signedIn(demoUser('team_manager'));
    const form = await agent.get(`/consultations/new?personId=${child.id}`);
    expect(form.body).toContain(
      `About <a class="govuk-link" href="/people/${child.id}">${child.given_name} ${child.family_name}</a>`
    );
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
    expect(page.body).toContain('Search for the child again and choose them from the results');
    expect(page.body).not.toContain('Ottoline');
    expect(page.body).toContain('value="Coldbeck Academy"');
    expect((await agent.get(`/consultations/new?personId=${restrictedChildId}`)).statusCode).toBe(404);
  });

  it('is not open to partner agency staff', async () => {
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect((await partner.get('/consultations')).statusCode).toBe(403);
    expect((await partner.get('/consultations/new')).statusCode).toBe(403);
    expect((await partner.post('/consultations/new', CONSULTATION)).statusCode).toBe(403);
  });
});

/** A made-up child in the person index, found by the consultation form's search. */
async function insertChild(givenName: string, familyName: string, dateOfBirth: string) {
  const row = await t.db
    .insertInto('person')
    .values({ given_name: givenName, family_name: familyName, date_of_birth: dateOfBirth, sex: 'F' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function consultationOf(professionalName: string) {
  return t.db
    .selectFrom('consultation')
    .selectAll()
    .where('professional_name', '=', professionalName)
    .executeTakeFirstOrThrow();
}

describe('finding the child in the person index (item 14)', () => {
  it('searches by name and date of birth, keeps everything typed, and saves the child chosen', async () => {
    const personId = await insertChild('Perpetua', 'Quennell', '2014-06-02');
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const typed = {
      ...CONSULTATION,
      professionalName: 'Searching Caller',
      childGivenName: 'Perpetua',
      childFamilyName: 'Quenell',
      'childDateOfBirth-day': '2',
      'childDateOfBirth-month': '6',
      'childDateOfBirth-year': '2014',
      concernCodes: ['16A', '4B'],
    };
    const found = await agent.post('/consultations/new', { ...typed, action: 'search' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toMatch(new RegExp(`name="personId" type="radio" value="${personId}"`));
    expect(found.body).toContain('Perpetua Quennell');
    expect(found.body).toContain('Born 2 June 2014');
    expect(found.body).toContain('value="Searching Caller"');
    expect(found.body).toMatch(/value="16A" checked/);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'person.search')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).not.toContain('Quenell');

    const saved = await agent.post('/consultations/new', {
      ...typed,
      referralExpected: 'yes',
      personId: String(personId),
    });
    expect(saved.statusCode).toBe(303);
    const row = await consultationOf('Searching Caller');
    expect(row).toMatchObject({ person_id: personId, child_name: null, concern_codes: ['16A', '4B'] });
    // Friday 09:40: a contact is expected by Tuesday 09:40.
    expect(row.follow_up_due_at).toEqual(new Date('2026-11-24T09:40:00Z'));
  });

  it('says so when no one matches, and records a child not known to us by the name and age given', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const typed = {
      ...CONSULTATION,
      professionalName: 'Unknown Child Caller',
      childGivenName: 'Zebedee',
      childFamilyName: 'Xanthopoulos',
    };
    const none = await agent.post('/consultations/new', { ...typed, action: 'search' });
    expect(none.body).toContain('No one in the person index matches');
    const saved = await agent.post('/consultations/new', { ...typed, personId: 'unknown', childAge: '7' });
    expect(saved.statusCode).toBe(303);
    expect(await consultationOf('Unknown Child Caller')).toMatchObject({
      person_id: null,
      child_name: 'Zebedee Xanthopoulos',
      child_age_years: 7,
    });
    const list = await agent.get('/consultations');
    expect(list.body).toContain('Zebedee Xanthopoulos, 7');
  });

  it('never drops a typed name: a child must be chosen, and one not known to us must be named', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const unchosen = await agent.post('/consultations/new', { ...CONSULTATION, childFamilyName: 'Quennell' });
    expect(unchosen.statusCode).toBe(400);
    expect(unchosen.body).toContain('Choose the child from the search results');
    expect(unchosen.body).toContain('value="Quennell"');
    const unnamed = await agent.post('/consultations/new', {
      ...CONSULTATION,
      personId: 'unknown',
      childAge: '40',
    });
    expect(unnamed.body).toContain('Enter the child’s name as the professional gave it');
    expect(unnamed.body).toContain('Enter the child’s age in whole years, like 9');
    const empty = await agent.post('/consultations/new', { ...CONSULTATION, action: 'search' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the child’s name or date of birth to search for them');
    const forged = await agent.post('/consultations/new', { ...CONSULTATION, personId: '1; drop table' });
    expect(forged.statusCode).toBe(400);
  });
});

describe('consultations on the child’s record (item 14)', () => {
  it('shows the consultation on the child’s timeline, linked to its page, and in the family’s themes', async () => {
    const personId = await insertChild('Marigold', 'Penhallow', '2013-01-15');
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    for (const [time, name] of [
      ['09:00', 'Theme Caller One'],
      ['09:10', 'Theme Caller Two'],
    ] as const)
      await agent.post('/consultations/new', {
        ...CONSULTATION,
        'consultedAt-time': time,
        professionalName: name,
        personId: String(personId),
        concernCodes: '16A',
      });
    const row = await consultationOf('Theme Caller Two');
    const record = await agent.get(`/people/${personId}`);
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain(`href="/consultations/${row.id}"`);
    expect(record.body).toContain('Professional consultation with Coldbeck Academy');
    expect(record.body).toContain('Neglect raised 2 times in 12 months');
    expect(record.body).toContain('Includes 2 professional consultations.');

    const page = await agent.get(`/consultations/${row.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Marigold Penhallow');
    expect(page.body).toContain('Neglect');
    const viewed = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', 'in', [String(row.id), String(personId)])
      .where('action', 'in', ['consultation.view', 'person.view'])
      .execute();
    expect(viewed.map((audit) => audit.action)).toEqual(
      expect.arrayContaining(['consultation.view', 'person.view'])
    );
  });

  it('answers "not found" for a consultation about a child the viewer may not see', async () => {
    const id = (
      await t.db
        .insertInto('consultation')
        .values({
          consulted_at: new Date('2026-11-20T09:00:00Z'),
          advised_by: (await t.db.selectFrom('staff_user').select('id').executeTakeFirstOrThrow()).id,
          professional_name: 'Restricted Caller',
          organisation: 'Coldbeck Academy',
          person_id: restrictedChildId,
          concerns: 'Worry',
          advice: 'Advice',
          referral_expected: false,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const page = await agent.get(`/consultations/${id}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Ottoline');
    expect((await agent.get('/consultations/abc')).statusCode).toBe(404);
  });
});

describe('following up an advised referral (item 14)', () => {
  const tuesdayMorning = new Date('2026-11-24T10:00:00Z');

  it('tells the consultant once when no contact arrives within 2 working days; a contact closes it', async () => {
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    // The demo council's own advised referrals that never came are followed up first.
    await raiseConsultationFollowUps(t.db, new Date('2026-11-24T09:39:00Z'));
    const quietChild = await insertChild('Sorrel', 'Tregothnan', '2015-09-09');
    const contact = await recordTestContact(t.db, { receivedAt: t.clock.now(), givenName: 'Briony' });
    for (const [name, personId] of [
      ['Quiet Caller', quietChild],
      ['Answered Caller', contact.personId],
    ] as const)
      await agent.post('/consultations/new', {
        ...CONSULTATION,
        professionalName: name,
        personId: String(personId),
        referralExpected: 'yes',
      });
    const quiet = await consultationOf('Quiet Caller');
    const answered = await consultationOf('Answered Caller');

    // Before the due time nothing is raised; the list shows both waiting or arrived.
    expect(await raiseConsultationFollowUps(t.db, new Date('2026-11-24T09:39:00Z'))).toBe(0);
    const sweeps = await Promise.all([
      runDeadlineSweep(t.db, { now: () => tuesdayMorning }),
      raiseConsultationFollowUps(t.db, tuesdayMorning),
    ]);
    const notifications = await t.db
      .selectFrom('notification')
      .selectAll()
      .where('kind', '=', 'consultation_follow_up')
      .execute();
    const keys = notifications.map((row) => row.event_key);
    expect(keys).toContain(`consultation_follow_up:${quiet.id}`);
    expect(keys).not.toContain(`consultation_follow_up:${answered.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(sweeps[0].notificationsRaised + sweeps[1]).toBeGreaterThanOrEqual(1);
    const mine = notifications.find((row) => row.event_key === `consultation_follow_up:${quiet.id}`)!;
    const practitioner = await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('front_door_practitioner'))
      .executeTakeFirstOrThrow();
    expect(mine.user_id).toBe(practitioner.id);
    expect(mine.message).not.toContain('Sorrel');
    expect(await raiseConsultationFollowUps(t.db, tuesdayMorning)).toBe(0);

    const list = await agent.get('/consultations/follow-ups');
    expect(list.statusCode).toBe(200);
    expect(list.body.indexOf(`/people/${quietChild}"`)).toBeGreaterThan(-1);
    expect(list.body).toContain(`/contacts/${contact.contactId}`);
    const inbox = await agent.get('/notifications');
    expect(inbox.body).toContain('Advised referral not received');
    expect(inbox.body).toContain('href="/consultations/follow-ups"');
  });
});

describe('the follow-up list on a busy month', () => {
  it('pages through the advised referrals, fifty at a time, overdue first, each once', async () => {
    const now = t.clock.now();
    const adviser = await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('front_door_practitioner'))
      .executeTakeFirstOrThrow();
    // Sixty advised referrals of the last fortnight, none followed: half overdue, half still waiting.
    const ids: number[] = [];
    for (let n = 0; n < 60; n++) {
      const consultedAt = new Date(now.getTime() - (n + 1) * 3_600_000 * 5);
      const dueAt = new Date(now.getTime() + (n % 2 === 0 ? -1 : 1) * (n + 1) * 60_000);
      const row = await t.db
        .insertInto('consultation')
        .values({
          consulted_at: consultedAt,
          advised_by: adviser.id,
          professional_name: `Paging Professional ${n}`,
          organisation: 'Northmoor Paging School',
          concerns: 'Synthetic concern for paging.',
          concern_codes: [],
          advice: 'Make a referral.',
          referral_expected: true,
          follow_up_due_at: dueAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const agent = await t.signedIn(demoUser('front_door_practitioner'));
    const first = await agent.get('/consultations/follow-ups');
    expect(first.statusCode).toBe(200);
    const total = Number(
      /([\d,]+) consultations: not arrived first \(showing 1 to 50\)/.exec(first.body)?.[1]
    );
    expect(total).toBeGreaterThanOrEqual(60);
    expect(first.body).toContain('href="/consultations/follow-ups?page=2"');
    const seen: number[] = [];
    const states: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 50); page++) {
      const body = (await agent.get(`/consultations/follow-ups?page=${page}`)).body;
      const rows = [...body.matchAll(/href="\/consultations\/(\d+)"[\s\S]*?<\/tr>/g)];
      expect(rows.length, `page ${page}`).toBeLessThanOrEqual(50);
      seen.push(...rows.map((match) => Number(match[1])));
      states.push(...rows.map((match) => (match[0].includes('Not arrived: due') ? 'overdue' : 'other')));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids));
    // Every overdue one comes before any that is not.
    expect(states.lastIndexOf('overdue')).toBeLessThan(states.indexOf('other'));
    const beyond = await agent.get(`/consultations/follow-ups?page=${Math.ceil(total / 50) + 1}`);
    expect(beyond.statusCode).toBe(303);
  });
});
