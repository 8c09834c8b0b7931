import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { SUBMISSION_LIMIT } from './online-request.routes.ts';
import { PUBLIC_REFERENCE } from './public-reference.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function hiddenField(page: LightMyRequestResponse, name: string): string | undefined {
  const found = new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body)?.[1];
  return found === undefined ? undefined : unescapeHtml(found);
}

/** Someone filling in the online request: each post carries the answers the last page held. */
class Requester {
  page!: LightMyRequestResponse;
  constructor(
    readonly agent: TestAgent,
    readonly audience: string
  ) {}

  async start(): Promise<this> {
    this.page = await this.agent.get(`/request-support/${this.audience}`);
    expect(this.page.statusCode).toBe(200);
    return this;
  }

  async answer(fields: Record<string, string>, action = 'continue'): Promise<LightMyRequestResponse> {
    const carried: Record<string, string> = {
      _answers: hiddenField(this.page, '_answers') ?? '',
      _page: hiddenField(this.page, '_page') ?? '',
    };
    const returnToCheck = hiddenField(this.page, '_returnToCheck');
    if (returnToCheck) carried._returnToCheck = returnToCheck;
    this.page = await this.agent.post(`/request-support/${this.audience}`, {
      ...carried,
      _action: action,
      ...fields,
    });
    return this.page;
  }

  get onPage(): string | undefined {
    return hiddenField(this.page, '_page');
  }
}

const PROFESSIONAL = {
  'referrer-name': 'Dana Whitlock',
  'referrer-role': 'Designated safeguarding lead',
  'referrer-organisation': 'Aldersby Primary School',
  'referrer-agencyType': '2A',
  'referrer-email': 'd.whitlock@aldersby-primary.example',
  'referrer-phone': '01632 960 555',
};
const FIRST_CHILD = {
  'children-0-givenName': 'Tamsin',
  'children-0-familyName': 'Orrell',
  'children-0-dateOfBirth-day': '4',
  'children-0-dateOfBirth-month': '9',
  'children-0-dateOfBirth-year': '2016',
  'children-0-school': 'Aldersby Primary School',
};
const SECOND_CHILD = {
  'children-1-givenName': 'Rowan',
  'children-1-familyName': 'Orrell',
  'children-1-age': '4',
};
const ADDRESS = {
  'address-line1': '12 Heron Close',
  'address-town': 'Aldersby',
  'address-postcode': 'nm4 2qd',
};
const WORRIES = {
  'concerns-details': 'Tamsin has come to school hungry every day this week and has bruises on her arm.',
  'concerns-codes': '16A',
};
const VOICE = {
  'voice-childSaid': 'She said mum sleeps all day.',
  'voice-strengths': 'Her nan collects her.',
};
const CONSENT = { 'consent-status': 'given', 'consent-familyKnows': 'yes' };

async function professionalAtCheck(
  agent: TestAgent,
  adults: Record<string, string> = {}
): Promise<Requester> {
  const requester = await new Requester(agent, 'professional').start();
  await requester.answer(PROFESSIONAL);
  await requester.answer(FIRST_CHILD, 'add-child');
  await requester.answer({ ...FIRST_CHILD, ...SECOND_CHILD });
  await requester.answer(adults);
  await requester.answer(ADDRESS);
  await requester.answer(WORRIES);
  await requester.answer(VOICE);
  await requester.answer(CONSENT);
  expect(requester.onPage).toBe('check');
  return requester;
}

function referenceOf(response: LightMyRequestResponse): string {
  const location = response.headers.location as string;
  return new URL(location, 'http://front.door').searchParams.get('reference')!;
}

function contactWithReference(reference: string) {
  return t.db.selectFrom('contact').selectAll().where('public_reference', '=', reference).executeTakeFirst();
}

function childrenOf(contactId: number) {
  return t.db
    .selectFrom('contact_child')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('id')
    .execute();
}

describe('the start page', () => {
  it('says when to phone 999 or the duty line instead, then asks who is asking', async () => {
    const page = await t.agent().get('/request-support');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('If a child is in immediate danger, call 999');
    expect(page.body).toContain('01632 960 100');
    expect(page.body).toContain('01632 960 200');
    expect(page.body).toContain('Who are you?');
  });

  it('asks again, GOV.UK style, when nobody is chosen, and goes on to the chosen questions', async () => {
    const agent = t.agent();
    const unanswered = await agent.post('/request-support', {});
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('govuk-error-summary');
    expect(unanswered.body).toContain('Select who you are');
    const chosen = await agent.post('/request-support', { who: 'young-person' });
    expect(chosen.headers.location).toBe('/request-support/young-person');
  });

  it('knows only its own audiences and references', async () => {
    const agent = t.agent();
    expect((await agent.get('/request-support/robots')).statusCode).toBe(404);
    expect((await agent.get('/request-support/professional/sent?reference=<script>')).statusCode).toBe(404);
  });
});

describe('a professional’s request', () => {
  it('lands in the incoming queue as one contact with a new, unlinked contact_child per child', async () => {
    const agent = t.agent();
    const requester = await professionalAtCheck(agent);
    expect(requester.page.body).toContain('Tamsin Orrell');
    expect(requester.page.body).toContain('Born 4 September 2016');
    expect(requester.page.body).toContain('Age 4');
    expect(requester.page.headers['cache-control']).toBe('no-store');

    const sent = await requester.answer({}, 'send');
    expect(sent.statusCode).toBe(303);
    const reference = referenceOf(sent);
    expect(reference).toMatch(PUBLIC_REFERENCE);
    const confirmation = await agent.get(sent.headers.location as string);
    expect(confirmation.body).toContain(reference);
    expect(confirmation.body).toContain('What happens next');

    const contact = (await contactWithReference(reference))!;
    expect(contact).toMatchObject({
      channel: 'online_form',
      referral_source: '2A',
      referrer_name: 'Dana Whitlock',
      referrer_organisation: 'Aldersby Primary School',
      referrer_is_professional: true,
      recorded_by: null,
      consent_status: 'given',
      presenting_concerns: WORRIES['concerns-details'],
      childs_lived_experience: VOICE['voice-childSaid'],
      strengths: VOICE['voice-strengths'],
    });
    expect(contact.received_at).toEqual(t.clock.now());
    const address = await t.db
      .selectFrom('address')
      .selectAll()
      .where('id', '=', contact.address_id!)
      .executeTakeFirstOrThrow();
    expect(address.postcode).toBe('NM4 2QD');

    const children = await childrenOf(contact.id);
    expect(children.map((child) => [child.status, child.person_id])).toEqual([
      ['new', null],
      ['new', null],
    ]);
    expect(children[0]!.described_child).toMatchObject({
      givenName: 'Tamsin',
      familyName: 'Orrell',
      dateOfBirth: '2016-09-04',
      school: 'Aldersby Primary School',
    });
    expect(children[1]!.described_child).toMatchObject({ givenName: 'Rowan', age: 4 });
    const concerns = await t.db
      .selectFrom('contact_concern')
      .select('factor_code')
      .where(
        'contact_child_id',
        'in',
        children.map((child) => child.id)
      )
      .execute();
    expect(concerns.map((concern) => concern.factor_code)).toEqual(['16A', '16A']);
  });

  it('audits the submission with the channel and audience only, never a name', async () => {
    const sent = await (await professionalAtCheck(t.agent())).answer({}, 'send');
    const contact = (await contactWithReference(referenceOf(sent)))!;
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'contact.submitted_online')
      .where('record_id', '=', String(contact.id))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: null, record_type: 'contact', event_class: 'change' });
    expect(audit.ip).toBeTruthy();
    expect(audit.details).toEqual({ channel: 'online_form', audience: 'professional' });
  });

  it('shows GOV.UK errors and keeps what was typed when an answer is wrong', async () => {
    const requester = await new Requester(t.agent(), 'professional').start();
    const page = await requester.answer({
      ...PROFESSIONAL,
      'referrer-name': '',
      'referrer-email': 'not-an-email',
      'referrer-phone': '',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('Enter your full name');
    expect(page.body).toContain('Enter an email address in the correct format');
    expect(page.body).toContain('href="#referrer-name"');
    expect(page.body).toContain('value="Aldersby Primary School"');
    expect(page.body).toContain('value="not-an-email"');

    await requester.answer(PROFESSIONAL);
    const children = await requester.answer({
      'children-0-givenName': 'Tamsin',
      'children-0-dateOfBirth-day': '31',
      'children-0-dateOfBirth-month': '2',
      'children-0-dateOfBirth-year': '2016',
    });
    expect(children.statusCode).toBe(400);
    expect(children.body).toContain('Enter the last name');
    expect(children.body).toContain('Date of birth must be a real date');
    expect(children.body).toContain('value="Tamsin"');
  });

  it('keeps every answer going back, and returns to the check page after a change', async () => {
    const requester = await professionalAtCheck(t.agent());
    const back = await requester.answer({}, 'back');
    expect(requester.onPage).toBe('consent');
    expect(back.body).toContain('value="given" checked');
    await requester.answer(CONSENT);
    expect(requester.onPage).toBe('check');

    await requester.answer({}, 'change-referrer');
    expect(requester.onPage).toBe('referrer');
    expect(requester.page.body).toContain('value="Dana Whitlock"');
    const checked = await requester.answer({ ...PROFESSIONAL, 'referrer-name': 'Dana Whitlock-Hale' });
    expect(requester.onPage).toBe('check');
    expect(checked.body).toContain('Dana Whitlock-Hale');
    expect(checked.body).toContain('Tamsin Orrell');
  });
});

describe('a member of the public’s request', () => {
  it('can stay anonymous by leaving their details blank: source 9, nothing that identifies them', async () => {
    const requester = await new Requester(t.agent(), 'member-of-the-public').start();
    const unanswered = await requester.answer({ 'referrer-name': 'Pat Neighbour' });
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('Select how you know the child');
    expect(unanswered.body).toContain('value="Pat Neighbour"');
    await requester.answer({ 'referrer-relationship': '1B', 'referrer-name': '', 'referrer-email': '' });
    await requester.answer({
      'children-0-givenName': 'Kit',
      'children-0-familyName': '',
      'children-0-age': '',
    });
    await requester.answer({});
    await requester.answer({ 'address-line1': '3 Wren Fold', 'address-town': '', 'address-postcode': '' });
    await requester.answer({ 'concerns-details': 'I hear shouting and crying next door most nights.' });
    await requester.answer({});
    const check = await requester.answer({ 'consent-familyKnows': 'no' });
    expect(check.body).toContain('You chose to stay anonymous');
    expect(check.body).not.toContain('Pat Neighbour');

    const contact = (await contactWithReference(referenceOf(await requester.answer({}, 'send'))))!;
    expect(contact).toMatchObject({
      referral_source: '9',
      referrer_name: null,
      referrer_role: 'Neighbour, friend or someone who knows the family',
      referrer_is_professional: false,
      consent_status: 'not_sought',
      family_aware: 'no',
    });
    const [child] = await childrenOf(contact.id);
    expect(child).toMatchObject({ status: 'new', person_id: null });
    expect(child!.described_child).toMatchObject({ givenName: 'Kit', familyName: '' });
  });

  it('records a named family member as source 1A', async () => {
    const requester = await new Requester(t.agent(), 'member-of-the-public').start();
    await requester.answer({ 'referrer-relationship': '1A', 'referrer-name': 'Gran Orrell' });
    await requester.answer({ 'children-0-givenName': 'Tamsin' });
    await requester.answer({});
    await requester.answer({});
    await requester.answer({ 'concerns-details': 'Tamsin told me she is often left alone overnight.' });
    await requester.answer({});
    await requester.answer({ 'consent-familyKnows': 'not_sure' });
    const contact = (await contactWithReference(referenceOf(await requester.answer({}, 'send'))))!;
    expect(contact).toMatchObject({ referral_source: '1A', referrer_name: 'Gran Orrell' });
  });
});

describe('a young person asking for themselves', () => {
  it('needs no name or contact details, and lands as a self-referral with one child', async () => {
    const agent = t.agent();
    const requester = await new Requester(agent, 'young-person').start();
    expect(requester.page.body).toContain('You can stay anonymous');
    await requester.answer({ 'children-0-givenName': '', 'children-0-age': '14', 'children-0-school': '' });
    const empty = await requester.answer({ 'concerns-details': '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Tell us what is happening, in your own words');
    await requester.answer({ 'concerns-details': 'My stepdad shouts at me and I don’t want to go home.' });
    await requester.answer({});
    await requester.answer({ 'voice-childSaid': 'Talk to my teacher', 'voice-strengths': '' });
    await requester.answer({ 'consent-familyKnows': 'no' });
    const contactPage = await requester.answer({});
    expect(contactPage.body).toContain('You can leave these blank and stay anonymous');
    expect(contactPage.body).toContain('0800 1111');
    await requester.answer({ 'referrer-phone': '', 'referrer-email': '' });
    expect(requester.onPage).toBe('check');

    const sent = await requester.answer({}, 'send');
    const confirmation = await agent.get(sent.headers.location as string);
    expect(confirmation.body).toContain('Childline');
    const contact = (await contactWithReference(referenceOf(sent)))!;
    expect(contact).toMatchObject({
      referral_source: '1C',
      referrer_name: null,
      referrer_phone: null,
      referrer_is_professional: false,
      address_id: null,
      childs_lived_experience: 'Talk to my teacher',
    });
    const children = await childrenOf(contact.id);
    expect(children).toHaveLength(1);
    expect(children[0]!.described_child).toEqual({ givenName: '', familyName: '', age: 14 });
  });
});

describe('protection against abuse', () => {
  it('shows a robot that fills in the honeypot the usual confirmation, and saves and audits nothing', async () => {
    const countAudits = async () =>
      (
        await t.db
          .selectFrom('audit_event')
          .select('id')
          .where('action', '=', 'contact.submitted_online')
          .execute()
      ).length;
    const contactsBefore = await t.db.selectFrom('contact').select('id').execute();
    const auditsBefore = await countAudits();
    const requester = await professionalAtCheck(t.agent());
    const sent = await requester.answer({ website: 'http://cheap-pills.example' }, 'send');
    expect(sent.statusCode).toBe(303);
    expect(referenceOf(sent)).toMatch(PUBLIC_REFERENCE);
    expect(await contactWithReference(referenceOf(sent))).toBeUndefined();
    expect(await t.db.selectFrom('contact').select('id').execute()).toHaveLength(contactsBefore.length);
    expect(await countAudits()).toBe(auditsBefore);
  });

  it('over the limit from one address, asks them to phone instead and loses nothing they typed', async () => {
    const agent = t.agent();
    const requester = await professionalAtCheck(agent);
    const checkPage = requester.page;
    for (let sent = 0; sent < SUBMISSION_LIMIT.perHour; sent++) {
      requester.page = checkPage;
      expect((await requester.answer({}, 'send')).statusCode).toBe(303);
    }
    requester.page = checkPage;
    const refused = await requester.answer({}, 'send');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toContain('Please phone us instead');
    expect(refused.body).toContain('01632 960 100');
    expect(refused.body).toContain('Tamsin Orrell');
    expect(refused.body).toContain(WORRIES['concerns-details']);

    const review = await requester.answer({}, 'review');
    expect(requester.onPage).toBe('check');
    expect(review.body).toContain('Dana Whitlock');

    const elsewhere = await professionalAtCheck(t.agent());
    expect((await elsewhere.answer({}, 'send')).statusCode).toBe(303);
  });

  it('refuses answers longer than the limits, with a GOV.UK message', async () => {
    const requester = await new Requester(t.agent(), 'young-person').start();
    await requester.answer({});
    const page = await requester.answer({ 'concerns-details': 'x'.repeat(5001) });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('What is happening must be 5,000 characters or fewer');
  });
});

/** The children's mother, and a man the worry is about who does not live with them: made up. */
const MOTHER = {
  'adults-0-givenName': 'Jolene',
  'adults-0-familyName': 'Orrell',
  'adults-0-relationship': 'mother',
  'adults-0-dateOfBirth-day': '12',
  'adults-0-dateOfBirth-month': '5',
  'adults-0-dateOfBirth-year': '1991',
  'adults-0-livesWithChild': 'yes',
  'adults-0-worriedAbout': 'no',
};
const MAN = {
  'adults-1-givenName': 'Craig',
  'adults-1-familyName': 'Dunmore',
  'adults-1-relationship': 'other',
  'adults-1-relationshipOther': 'Mum’s ex-boyfriend',
  'adults-1-age': '40',
  'adults-1-livesWithChild': 'no',
  'adults-1-worriedAbout': 'yes',
};

describe('the adults around the children', () => {
  it('are held as named for a practitioner to link, and the contact page counts those not yet linked', async () => {
    const requester = await new Requester(t.agent(), 'professional').start();
    await requester.answer(PROFESSIONAL);
    const adultsPage = await requester.answer(FIRST_CHILD);
    expect(adultsPage.body).toContain('Adults around the children');
    await requester.answer(MOTHER, 'add-adult');
    expect(requester.page.body).toContain('id="adults-1-givenName"');
    expect(requester.page.body).toContain('value="Jolene"');
    await requester.answer({ ...MOTHER, ...MAN });
    expect(requester.onPage).toBe('address');
    await requester.answer(ADDRESS);
    await requester.answer(WORRIES);
    await requester.answer(VOICE);
    const check = await requester.answer(CONSENT);
    expect(check.body).toContain('Jolene Orrell');
    expect(check.body).toContain('Related to the child: Mother');
    expect(check.body).toContain('Born 12 May 1991');
    expect(check.body).toContain('About 40 years old');
    expect(check.body).toContain('You are worried about them');

    const contact = (await contactWithReference(referenceOf(await requester.answer({}, 'send'))))!;
    const held = await t.db
      .selectFrom('contact_named_adult')
      .where('contact_id', '=', contact.id)
      .select(['id', 'described', 'person_id'])
      .orderBy('id')
      .execute();
    expect(held.map((adult) => adult.person_id)).toEqual([null, null]);
    expect(held[0]!.described).toMatchObject({
      givenName: 'Jolene',
      dateOfBirth: '1991-05-12',
      role: 'parent_or_carer',
      relationship: 'Mother',
      livesWithChild: 'yes',
      worriedAbout: false,
    });
    expect(held[1]!.described).toMatchObject({
      givenName: 'Craig',
      role: 'adult_of_concern',
      relationship: 'Mum’s ex-boyfriend',
      approximateAge: 40,
      worriedAbout: true,
    });

    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const list = await practitioner.get(`/contacts/${contact.id}/adults`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Jolene Orrell');
    expect(list.body).toContain('Craig Dunmore');
    expect(list.body.match(/Not yet linked/g)).toHaveLength(2);
    expect(list.body).toContain('The referrer is worried about this adult');
    expect(list.body).toContain('about 40 years old');
    const notLinked = async () =>
      /data-testid="adults-not-linked">([^<]*)</.exec(
        (await practitioner.get(`/contacts/${contact.id}`)).body
      )?.[1];
    expect(await notLinked()).toBe('2 adults named by the referrer not yet linked');

    const [child] = await childrenOf(contact.id);
    const linkedChild = await practitioner.post(`/contacts/${contact.id}/children/${child!.id}/link`, {
      match: 'new',
    });
    expect(linkedChild.statusCode, linkedChild.body).toBe(303);
    const link = (adultId: number, details: Record<string, string>) =>
      practitioner.post(`/contacts/${contact.id}/adults/${adultId}/link`, { match: 'new', ...details });
    expect((await link(held[0]!.id, { role: 'parent_or_carer', kind: 'mother' })).statusCode).toBe(303);
    expect(await notLinked()).toBe('1 adult named by the referrer not yet linked');
    expect((await link(held[1]!.id, { role: 'adult_of_concern', kind: 'other' })).statusCode).toBe(303);
    const linked = await practitioner.get(`/contacts/${contact.id}`);
    expect(linked.body).not.toContain('not yet linked');
    expect(linked.body).toContain('Every adult named by the referrer is linked');
  });

  it('keeps what was typed, with a specific message for each problem, and can remove an adult', async () => {
    const requester = await new Requester(t.agent(), 'member-of-the-public').start();
    await requester.answer({ 'referrer-relationship': '1B' });
    await requester.answer({ 'children-0-givenName': 'Kit' });
    const page = await requester.answer({
      ...MAN,
      'adults-0-givenName': '',
      'adults-0-relationship': 'other',
      'adults-0-dateOfBirth-day': '31',
      'adults-0-dateOfBirth-month': '2',
      'adults-0-dateOfBirth-year': '1990',
      'adults-0-age': 'forty',
      'adults-0-livesWithChild': 'not_sure',
      'adults-1-relationshipOther': '',
      'adults-1-age': '',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('Tell us how adult 1 is related to the child');
    expect(page.body).toContain('Date of birth of adult 1 must be a real date');
    expect(page.body).toContain('Enter the age of adult 1 in years, as a number, like 35');
    expect(page.body).toContain('Tell us how adult 2 is related to the child');
    expect(page.body).toContain('href="#adults-0-relationshipOther"');
    expect(page.body).toContain('value="forty"');
    expect(page.body).toContain('value="31"');
    expect(page.body).toContain('value="Craig"');
    expect(page.body).toContain('value="not_sure" checked');

    const removed = await requester.answer(
      { ...MAN, 'adults-0-age': 'forty', 'adults-0-relationship': 'other' },
      'remove-adult-0'
    );
    expect(removed.statusCode).toBe(200);
    expect(removed.body).not.toContain('value="forty"');
    expect(removed.body).toContain(
      'id="adults-0-givenName" name="adults-0-givenName" type="text" spellcheck="false" value="Craig"'
    );
    const unnamed = await requester.answer({ 'adults-0-livesWithChild': 'yes' });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.body).toContain('Enter the name, or how they are related to the child');
    expect(unnamed.body).toContain('value="yes" checked');
    const future = await requester.answer({
      'adults-0-givenName': 'Craig',
      'adults-0-dateOfBirth-day': '1',
      'adults-0-dateOfBirth-month': '1',
      'adults-0-dateOfBirth-year': '2090',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Date of birth must be in the past');
    expect(future.body).toContain('value="2090"');
  });

  it('asks a young person gently, and lets them skip it', async () => {
    const requester = await new Requester(t.agent(), 'young-person').start();
    await requester.answer({ 'children-0-age': '13' });
    const adults = await requester.answer({ 'concerns-details': 'Things at home are hard.' });
    expect(adults.body).toContain('The adults in your life');
    expect(adults.body).toContain('You do not have to answer this');
    expect(adults.body).toContain('Who are they to you?');
    await requester.answer({});
    expect(requester.onPage).toBe('voice');
  });
});
