import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { recordContact } from '../record-contact.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';

let t: TestApp;
let practitioner: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
});
afterAll(() => t.close());

/** A complete, valid contact form about made-up children nobody in the index resembles. */
function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'received-day': '20',
    'received-month': '11',
    'received-year': '2026',
    'received-time': '09:15',
    channel: 'phone',
    referralSource: '2A',
    referrerName: 'Ms A Teacher',
    referrerOrganisation: 'Northmoor Primary',
    childCount: '2',
    personCount: '1',
    'child-0-givenName': 'Quorra',
    'child-0-familyName': 'Vantablack',
    'child-0-dob-day': '3',
    'child-0-dob-month': '4',
    'child-0-dob-year': '2017',
    'child-0-sex': 'F',
    'child-1-givenName': 'Tiberius',
    'child-1-familyName': 'Vantablack',
    'child-1-sex': 'M',
    'person-0-givenName': 'Morwenna',
    'person-0-familyName': 'Vantablack',
    'person-0-role': 'parent_or_carer',
    'person-0-relationship': 'mother',
    presentingConcerns: 'Quorra arrived at school with bruising to her arm and said her mother hit her.',
    concerns: '18C',
    consentStatus: 'not_sought',
    familyAware: 'no',
    // Ends with a full stop, as people type it: the page must not show two.
    consentReason: 'Seeking consent could increase the risk to the children.',
    lawfulBasisPersonalData: 'ukgdpr-6-1-e',
    lawfulBasisSpecialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
    lawfulBasis: 'Children Act 1989 s47',
    action: 'record',
    ...overrides,
  };
}

describe('recording a contact', () => {
  it('shows every problem at once, keeps what was typed, and keeps it as a draft', async () => {
    const response = await practitioner.post(
      '/contacts/new',
      form({
        presentingConcerns: '',
        'child-0-dob-day': '31',
        'child-0-dob-month': '2',
        consentStatus: 'refused',
        consentReason: '',
      })
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter what the referrer is worried about');
    expect(response.body).toContain('Date of birth of the child must be a real date');
    expect(response.body).toContain('Say why information is being shared without consent');
    expect(response.body).toContain('value="Quorra"');
    const again = await practitioner.get('/contacts/new');
    expect(again.body).toContain('value="Quorra"');
    expect(again.body).toContain('has been kept');
  });

  it('asks whether the family knows about the contact', async () => {
    const response = await practitioner.post('/contacts/new', form({ familyAware: '' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select whether the family knows about this contact');
    expect(response.body).toContain('value="Quorra"');
  });

  it('asks for the coded lawful basis when sharing without consent, keeping what was chosen and typed', async () => {
    const response = await practitioner.post(
      '/contacts/new',
      form({ lawfulBasisSpecialCategory: '', lawfulBasis: 'Section 47 enquiry' })
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<a href="#lawfulBasisSpecialCategory">Select the UK GDPR Article 9 condition for sharing without consent</a>'
    );
    expect(response.body).toMatch(/value="ukgdpr-6-1-e" checked/);
    expect(response.body).toContain('value="Section 47 enquiry"');
    expect(response.body).toContain('value="Quorra"');
    const unlisted = await practitioner.post('/contacts/new', form({ lawfulBasisPersonalData: 'made-up' }));
    expect(unlisted.body).toContain('Select a lawful basis from the list');
    // With consent given, no basis is needed.
    const consented = await practitioner.post(
      '/contacts/new',
      // Left invalid otherwise, so nothing is recorded.
      form({
        consentStatus: 'given',
        lawfulBasisPersonalData: '',
        lawfulBasisSpecialCategory: '',
        familyAware: '',
      })
    );
    expect(consented.statusCode).toBe(400);
    expect(consented.body).not.toContain('for sharing without consent</a>');
  });

  it('records one contact with a record per child, due times, concerns and other people, and audits it', async () => {
    const response = await practitioner.post('/contacts/new', form());
    expect(response.statusCode).toBe(303);
    const contactId = Number(/\/contacts\/(\d+)/.exec(response.headers.location as string)![1]);
    const children = await t.db
      .selectFrom('contact_child')
      .selectAll()
      .where('contact_id', '=', contactId)
      .orderBy('id')
      .execute();
    expect(children).toHaveLength(2);
    expect(children.every((child) => child.status === 'new' && child.person_id !== null)).toBe(true);
    // Received Friday 20 November 2026 09:15: one working day later is Monday 23 November 09:15 (GMT).
    expect(children[0]!.decision_due_at.toISOString()).toBe('2026-11-23T09:15:00.000Z');
    const concerns = await t.db
      .selectFrom('contact_concern')
      .select('factor_code')
      .where('contact_child_id', '=', children[0]!.id)
      .execute();
    expect(concerns.map((row) => row.factor_code)).toEqual(['18C']);
    const contact = await t.db
      .selectFrom('contact')
      .selectAll()
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact.reference).toMatch(/^CON-2026-\d{6}$/);
    expect(contact.consent_status).toBe('not_sought');
    expect(contact.family_aware).toBe('no');
    const others = await t.db
      .selectFrom('contact_person')
      .selectAll()
      .where('contact_id', '=', contactId)
      .execute();
    expect(others).toEqual([expect.objectContaining({ role: 'parent_or_carer', relationship: 'mother' })]);
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'contact.record')
      .where('record_id', '=', String(contactId))
      .execute();
    expect(audit).toHaveLength(1);
    const page = await practitioner.get(response.headers.location as string);
    expect(page.body).toContain('Contact recorded');
    expect(page.body).toContain(contact.reference);
    // Where to go next: each child's screening, another contact; and what was asked, as it was answered.
    for (const child of children) expect(page.body).toContain(`href="/screening/${child.id}"`);
    expect(page.body).toContain('href="/contacts/new">Record another contact</a>');
    expect(page.body).toMatch(/Does the family know\?[\s\S]*?<dd[^>]*>\s*No\s*<\/dd>/);
    expect(page.body).toContain(
      'Not sought: Seeking consent could increase the risk to the children. Lawful basis'
    );
    // Each child's case page has the whole picture: consent, what the family knows, the adults named.
    const screening = (await practitioner.get(`/screening/${children[0]!.id}`)).body;
    expect(screening).toContain(
      'Not sought: Seeking consent could increase the risk to the children. Lawful basis'
    );
    expect(screening).toMatch(/Does the family know\?[\s\S]*?<dd[^>]*>\s*No\s*<\/dd>/);
    const mother = others[0]!.person_id;
    expect(screening).toContain(`<a class="govuk-link" href="/people/${mother}">Morwenna Vantablack</a>`);
    const queue = await practitioner.get('/contacts');
    expect(queue.body).toContain(contact.reference);
    expect((await practitioner.get('/contacts/new')).body).not.toContain('has been kept');
  });

  it('makes the practitioner choose when the child may already be known, and asks why a new record is needed', async () => {
    const known = await t.db
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'date_of_birth'])
      .where('date_of_birth', 'is not', null)
      .where('restricted', '=', false)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const [year, month, day] = known.date_of_birth!.split('-');
    const child = {
      childCount: '1',
      // The adults named are another test's concern (they would be offered as already known too).
      personCount: '0',
      'child-0-givenName': known.given_name,
      'child-0-familyName': known.family_name,
      'child-0-dob-day': day!,
      'child-0-dob-month': month!,
      'child-0-dob-year': year!,
    };
    const choose = await practitioner.post('/contacts/new', form(child));
    expect(choose.statusCode).toBe(400);
    expect(choose.body).toContain('is someone already known, or a new record');
    expect(choose.body).toContain(`value="${known.id}"`);
    const noReason = await practitioner.post('/contacts/new', form({ ...child, 'child-0-match': 'new' }));
    expect(noReason.body).toContain('needs a new record when a close match is already known');
    const linked = await practitioner.post(
      '/contacts/new',
      form({ ...child, 'child-0-match': String(known.id) })
    );
    expect(linked.statusCode).toBe(303);
    const contactId = Number(/\/contacts\/(\d+)/.exec(linked.headers.location as string)![1]);
    const decision = await t.db
      .selectFrom('person_link_decision')
      .innerJoin('contact_child', 'contact_child.id', 'person_link_decision.contact_child_id')
      .where('contact_child.contact_id', '=', contactId)
      .select(['person_link_decision.choice', 'person_link_decision.person_id'])
      .executeTakeFirstOrThrow();
    expect(decision).toEqual({ choice: 'linked_existing', person_id: known.id });
    const page = await practitioner.get(`/contacts/${contactId}`);
    expect(page.body).toContain('data-testid="history-panel"');
    expect(page.body).toContain('Recurring themes in this family');
  });

  it('refuses an adult as a child, factor 21 and a backdated received date, each against its field', async () => {
    const page = await practitioner.post(
      '/contacts/new',
      form({ 'child-0-dob-year': '1980', concerns: '21' })
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('href="#child-0-dob"');
    expect(page.body).toContain('makes them 46 on the date received: a child must be under 18');
    expect(page.body).toContain('href="#concerns"');
    const backdated = await practitioner.post('/contacts/new', form({ 'received-year': '2024' }));
    expect(backdated.statusCode).toBe(400);
    expect(backdated.body).toContain('href="#received"');
    expect(backdated.body).toContain('within the last 7 days');
  });

  it('keeps a partner’s "not for disclosure" on the contact', async () => {
    const response = await practitioner.post(
      '/contacts/new',
      form({
        notForDisclosure: 'yes',
        'child-0-givenName': 'Perpetua',
        'child-0-familyName': 'Zephyrine-Oakes',
        'child-0-dob-year': '2015',
        'child-1-familyName': 'Zephyrine-Oakes',
        'person-0-familyName': 'Zephyrine-Oakes',
      })
    );
    expect(response.statusCode).toBe(303);
    const contactId = Number(/\/contacts\/(\d+)/.exec(response.headers.location as string)![1]);
    const contact = await t.db
      .selectFrom('contact')
      .select([
        'not_for_disclosure',
        'lawful_basis_personal_data',
        'lawful_basis_special_category',
        'lawful_basis',
      ])
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({
      not_for_disclosure: true,
      lawful_basis_personal_data: 'ukgdpr-6-1-e',
      lawful_basis_special_category: 'ukgdpr-9-2-g-dpa-sch1-18',
      lawful_basis: 'Children Act 1989 s47',
    });
  });

  it('rates immediate risk red at once and raises an alert for the duty manager', async () => {
    const response = await practitioner.post(
      '/contacts/new',
      form({
        immediateRisk: 'yes',
        childCount: '1',
        personCount: '0',
        'child-0-givenName': 'Ysolde',
        'child-0-familyName': 'Marchbanks',
      })
    );
    const contactId = Number(/\/contacts\/(\d+)/.exec(response.headers.location as string)![1]);
    const child = await t.db
      .selectFrom('contact_child')
      .selectAll()
      .where('contact_id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(child.rag).toBe('red');
    // 4 working hours from Friday 09:15 is Friday 13:15.
    expect(child.rag_due_at?.toISOString()).toBe('2026-11-20T13:15:00.000Z');
    const alerts = await t.db.selectFrom('alert').selectAll().where('contact_id', '=', contactId).execute();
    expect(alerts).toHaveLength(1);
    const manager = await t.signedIn(demoUser('team_manager'));
    const home = await manager.get('/');
    expect(home.body).toContain('an immediate risk of significant harm and has not been picked up');
    const picked = await manager.post(`/alerts/${alerts[0]!.id}/acknowledge`, {});
    expect(picked.headers.location).toBe(`/contacts/${contactId}`);
    expect((await manager.get('/')).body).not.toContain('not been picked up');
    expect((await manager.get('/alerts')).body).toContain('Helen Marsh');
  });

  it('refuses a contact about a restricted child the practitioner cannot see, as "not found"', async () => {
    const hidden = await t.db
      .insertInto('person')
      .values({ given_name: 'Hidden', family_name: 'Child', sex: 'U', restricted: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const response = await practitioner.post(
      '/contacts/new',
      form({ childCount: '1', 'child-0-match': String(hidden.id) })
    );
    expect(response.statusCode).toBe(404);
  });

  it('keeps partner agencies and analysts away from contacts', async () => {
    for (const role of ['partner_agency_practitioner', 'performance_analyst'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get('/contacts')).statusCode).toBe(403);
      expect((await agent.get('/contacts/new')).statusCode).toBe(403);
    }
  });
});

describe('linking a child from an online or partner contact', () => {
  it('asks who the child is, then links them with a recorded decision', async () => {
    const settings = await councilSettings(t.db);
    const recorded = await recordContact(
      t.db,
      {
        receivedAt: t.clock.now(),
        channel: 'online_form',
        referralSource: '1A',
        referrer: { isProfessional: false },
        children: [
          {
            details: { givenName: 'Wilhelmina', familyName: 'Ostrowska-Reed', age: 6 },
            resolution: { kind: 'unlinked' },
          },
        ],
        otherPeople: [],
        concernCodes: [],
        presentingConcerns: 'Worried about her',
        consent: { status: 'not_sought', reason: 'Member of the public' },
        immediateRisk: false,
      },
      { recordedBy: null, now: t.clock.now(), settings }
    );
    const childId = recorded.contactChildIds[0]!;
    const contactPage = await practitioner.get(`/contacts/${recorded.contactId}`);
    expect(contactPage.body).toContain(`/contacts/${recorded.contactId}/children/${childId}/link`);
    const url = `/contacts/${recorded.contactId}/children/${childId}/link`;
    const page = await practitioner.get(url);
    expect(page.body).toContain('Wilhelmina Ostrowska-Reed');
    expect((await practitioner.post(url, {})).body).toContain(
      'Confirm that a new person record should be created'
    );
    const linked = await practitioner.post(url, { match: 'new' });
    expect(linked.headers.location).toBe(`/contacts/${recorded.contactId}`);
    const child = await t.db
      .selectFrom('contact_child')
      .select('person_id')
      .where('id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(child.person_id).not.toBeNull();
    const decision = await t.db
      .selectFrom('person_link_decision')
      .select('choice')
      .where('contact_child_id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(decision.choice).toBe('created_new');
    expect((await practitioner.get(url)).statusCode).toBe(404);
  });
});
