import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TestAgent } from '../../../test/support/test-agent.ts';
import { EMAIL_FAILED, EMAIL_NOT_SET_UP } from './letters.routes.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const REFERRER = {
  name: 'Imogen Threlfall',
  role: 'Designated safeguarding lead',
  organisation: 'Coldbeck Academy',
  email: 'imogen.threlfall@coldbeck.example',
};

let t: TestApp;
let practitioner: TestAgent;
/** The same service on the same database, with SMTP configured to the local server below. */
let mailApp: FastifyInstance;
let mailPractitioner: TestAgent;
let smtp: SMTPServer;
const delivered: { to: string[]; raw: string }[] = [];

/** An authorised decision about a child whose contact also names a brother or sister. */
let decision: {
  id: number;
  contactChildId: number;
  reference: string;
  childName: string;
  siblingName: string;
};
let teamName: string;
let proposedDecisionId: number;
let restrictedDecisionId: number;

beforeAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));

  smtp = localMailServer();
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.MAIL_FROM = 'Northmoor front door <frontdoor@northmoor.example>';
  try {
    mailApp = await buildApp({ db: t.db, clock: t.clock });
  } finally {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
  }
  mailPractitioner = new TestAgent(mailApp, t.clock);
  await mailPractitioner.signIn(demoUser('front_door_practitioner'));

  decision = await authorisedDecisionWithSibling();
  const team = await t.db
    .selectFrom('team')
    .select(['id', 'name'])
    .where('kind', '=', 'early_help')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  teamName = team.name;
  await t.db
    .updateTable('decision')
    .set({ outcome: 'early_help', outcomes: ['early_help'], receiving_team_id: team.id })
    .where('id', '=', decision.id)
    .execute();
  await t.db
    .updateTable('contact')
    .set({
      referrer_name: REFERRER.name,
      referrer_role: REFERRER.role,
      referrer_organisation: REFERRER.organisation,
      referrer_email: REFERRER.email,
      referrer_is_professional: true,
      // A school's referral the family agreed to: nothing makes a letter to the family unsafe.
      referral_source: '2A',
      consent_status: 'given',
    })
    .where('reference', '=', decision.reference)
    .execute();

  proposedDecisionId = (
    await t.db
      .insertInto('decision')
      .values({
        contact_child_id: decision.contactChildId,
        outcome: 'assessment',
        outcomes: ['assessment'],
        rationale: 'Proposed, not yet authorised',
        proposed_at: t.clock.now(),
        status: 'proposed',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // Another child, in none of the first decision's contact: restricting them hides only their letters.
  const childrenOfContact = await t.db
    .selectFrom('contact_child')
    .select('person_id')
    .where('contact_id', '=', await contactIdOf(decision.contactChildId))
    .execute();
  const restricted = await t.db
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .where('decision.status', '=', 'authorised')
    .where('contact_child.person_id', 'is not', null)
    .where(
      'contact_child.person_id',
      'not in',
      childrenOfContact.map((child) => child.person_id!)
    )
    .select(['decision.id', 'contact_child.person_id'])
    .orderBy('decision.id', 'desc')
    .executeTakeFirstOrThrow();
  restrictedDecisionId = restricted.id;
  await t.db
    .updateTable('person')
    .set({ restricted: true })
    .where('id', '=', restricted.person_id!)
    .execute();
});

afterAll(async () => {
  await mailApp?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
  await t?.close();
});

/** A real SMTP server on a random port: refuses mail to refuse@…, and keeps everything else it receives. */
function localMailServer(): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!address.address.startsWith('refuse@')) return callback();
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        delivered.push({
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
}

async function contactIdOf(contactChildId: number): Promise<number> {
  const row = await t.db
    .selectFrom('contact_child')
    .select('contact_id')
    .where('id', '=', contactChildId)
    .executeTakeFirstOrThrow();
  return row.contact_id;
}

async function authorisedDecisionWithSibling() {
  const row = await t.db
    .selectFrom('decision')
    .innerJoin('contact_child as child', 'child.id', 'decision.contact_child_id')
    .innerJoin('person', 'person.id', 'child.person_id')
    .innerJoin('contact', 'contact.id', 'child.contact_id')
    .innerJoin('contact_child as sibling', (join) =>
      join.onRef('sibling.contact_id', '=', 'child.contact_id').onRef('sibling.id', '<>', 'child.id')
    )
    .innerJoin('person as sibling_person', 'sibling_person.id', 'sibling.person_id')
    .where('decision.status', '=', 'authorised')
    .where('person.restricted', '=', false)
    .where('sibling_person.restricted', '=', false)
    .whereRef('sibling_person.given_name', '<>', 'person.given_name')
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(selectFrom('strategy_discussion').select('id').whereRef('contact_child_id', '=', 'child.id'))
      )
    )
    .select([
      'decision.id',
      'child.id as contact_child_id',
      'contact.reference',
      'person.given_name',
      'sibling_person.given_name as sibling_name',
    ])
    .orderBy('decision.id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    contactChildId: row.contact_child_id,
    reference: row.reference,
    childName: row.given_name,
    siblingName: row.sibling_name,
  };
}

function letterUrl(decisionId: number, suffix = '') {
  return `/decisions/${decisionId}/letter${suffix}`;
}

async function lettersFor(contactChildId: number) {
  return t.db
    .selectFrom('referrer_letter')
    .innerJoin('decision', 'decision.id', 'referrer_letter.decision_id')
    .where('decision.contact_child_id', '=', contactChildId)
    .selectAll('referrer_letter')
    .orderBy('referrer_letter.id')
    .execute();
}

async function journeyFor(letterId: number) {
  const rows = await t.db
    .selectFrom('journey_event')
    .select(['kind', 'at', 'actor_id', 'details', 'contact_child_id'])
    .where('kind', 'in', ['letter_created', 'letter_sent'])
    .execute();
  return rows.filter((row) => (row.details as { letterId?: number }).letterId === letterId);
}

async function auditFor(letterId: number) {
  const rows = await t.db
    .selectFrom('audit_event')
    .select(['action', 'record_type', 'record_id', 'details'])
    .where('action', 'in', ['letter.create', 'letter.send'])
    .execute();
  return rows.filter((row) => (row.details as { letterId?: number }).letterId === letterId);
}

async function practitionerId(): Promise<number> {
  const row = await t.db
    .selectFrom('staff_user')
    .select('id')
    .where('username', '=', demoUser('front_door_practitioner'))
    .executeTakeFirstOrThrow();
  return row.id;
}

async function documentXml(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  return zip.file('word/document.xml')!.async('string');
}

/** The attachments of a raw MIME message, decoded. */
function attachmentsOf(raw: string): { filename: string; contentType: string; content: Buffer }[] {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .filter((part) => /Content-Disposition: attachment/i.test(part))
    .map((part) => {
      const [headers = '', body = ''] = part.split('\r\n\r\n');
      const unfolded = headers.replace(/\r\n\s+/g, ' ');
      return {
        filename: /filename="?([^";\r\n]+)"?/.exec(unfolded)?.[1] ?? '',
        contentType: /Content-Type: ([^;\r\n]+)/i.exec(unfolded)?.[1] ?? '',
        content: Buffer.from(body.replace(/\s+/g, ''), 'base64'),
      };
    });
}

describe('the printable letter', () => {
  it('shows the letter to the referrer: council, date, referrer, the child and what happens next', async () => {
    const page = await practitioner.get(letterUrl(decision.id, '?to=referrer'));
    expect(page.statusCode).toBe(200);
    const council = await t.db.selectFrom('council').select('name').executeTakeFirstOrThrow();
    expect(page.body).toContain(council.name);
    expect(page.body).toContain('20 November 2026');
    for (const detail of [REFERRER.name, REFERRER.role, REFERRER.organisation])
      expect(page.body).toContain(detail);
    expect(page.body).toContain(
      `Re: ${decision.childName} (contact reference ${decision.reference}, received`
    );
    expect(page.body).toContain(
      `${decision.childName} and their family will be offered early help from ${teamName}.`
    );
    expect(page.body).toContain('01632 960 100');
    expect(page.body).toContain('make a new referral');
    expect(page.body).not.toContain(decision.siblingName);
    // Print styles come from the module's own stylesheet: the CSP forbids inline styles.
    expect(page.body).toContain('<link rel="stylesheet" href="/letters/letter.css">');
    expect(page.body).toContain('govuk-!-display-none-print');
    expect(page.body).toMatch(/id="recipientName"[^>]*value="Imogen Threlfall"/);
  });

  it('shows the family a plainer letter that never says who referred', async () => {
    const page = await practitioner.get(letterUrl(decision.id, '?to=family'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`About ${decision.childName} (our reference ${decision.reference})`);
    expect(page.body).toContain(`We would like to offer your family early help from ${teamName}.`);
    for (const detail of [REFERRER.name, REFERRER.role, REFERRER.organisation, REFERRER.email]) {
      expect(page.body).not.toContain(detail);
    }
    expect(page.body).not.toContain(decision.siblingName);
  });

  it('serves the print stylesheet that hides the service header and footer on paper', async () => {
    const css = await practitioner.get('/letters/letter.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toMatch(/@media print[\s\S]*\.govuk-template__header/);
  });

  it('audits each time a letter is seen or downloaded', async () => {
    await practitioner.get(letterUrl(decision.id, '?to=family'));
    const views = await t.db
      .selectFrom('audit_event')
      .select(['record_type', 'record_id', 'details'])
      .where('action', '=', 'letter.view')
      .execute();
    expect(views.at(-1)).toMatchObject({
      record_type: 'contact_child',
      record_id: String(decision.contactChildId),
      details: { decisionId: decision.id, recipient: 'family', format: 'html' },
    });
  });
});

describe('the Word document', () => {
  it('downloads the same letter as a DOCX named by the contact reference only', async () => {
    const download = await practitioner.get(letterUrl(decision.id, '.docx?to=referrer'));
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe(DOCX);
    const disposition = String(download.headers['content-disposition']);
    expect(disposition).toBe(`attachment; filename="letter-to-referrer-${decision.reference}.docx"`);
    expect(disposition).not.toContain(decision.childName);
    expect(download.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const xml = await documentXml(download.rawPayload);
    expect(xml).toContain(`Re: ${decision.childName} (contact reference ${decision.reference}`);
    expect(xml).toContain(REFERRER.organisation);
    expect(xml).toContain('What we decided');
    expect(xml).toContain(`offered early help from ${teamName}`);
    expect(xml).not.toContain(decision.siblingName);
  });

  it('leaves the referrer out of the family’s document', async () => {
    const download = await practitioner.get(letterUrl(decision.id, '.docx?to=family'));
    const xml = await documentXml(download.rawPayload);
    expect(xml).toContain(`About ${decision.childName}`);
    expect(xml).not.toContain(REFERRER.name);
    expect(xml).not.toContain(REFERRER.organisation);
  });
});

describe('sending the letter', () => {
  it('records a letter sent by post: the letter as written, the journey and the audit', async () => {
    const saved = await practitioner.post(letterUrl(decision.id, '/send'), {
      to: 'referrer',
      recipientName: 'Ms I Threlfall',
      recipientEmail: '',
      method: 'post',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${letterUrl(decision.id)}?to=referrer&sent=1`);

    const letter = (await lettersFor(decision.contactChildId)).at(-1)!;
    const by = await practitionerId();
    expect(letter).toMatchObject({
      decision_id: decision.id,
      recipient: 'referrer',
      recipient_name: 'Ms I Threlfall',
      recipient_email: null,
      created_by: by,
      sent_by: by,
      sent_method: 'post',
      email_message_id: null,
    });
    expect(letter.sent_at).toEqual(t.clock.now());
    expect(letter.body).toContain('Dear Ms I Threlfall,');
    expect(letter.body).toContain(`early help from ${teamName}`);

    const journey = await journeyFor(letter.id);
    expect(journey.map((event) => event.kind).sort()).toEqual(['letter_created', 'letter_sent']);
    expect(journey.every((event) => event.contact_child_id === decision.contactChildId)).toBe(true);
    expect(journey.every((event) => event.actor_id === by)).toBe(true);

    const audit = await auditFor(letter.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'letter.send',
      record_type: 'contact_child',
      record_id: String(decision.contactChildId),
      details: { decisionId: decision.id, letterId: letter.id, recipient: 'referrer', method: 'post' },
    });
    expect(JSON.stringify(audit[0]!.details)).not.toContain('Threlfall');

    const page = await practitioner.get(saved.headers.location as string);
    expect(page.body).toContain('Letter to Ms I Threlfall recorded as sent (post)');
    expect(page.body).toMatch(/Ms I Threlfall[\s\S]*Referrer[\s\S]*Post/);
  });

  it('emails the letter with the Word document attached when SMTP is set up', async () => {
    const before = delivered.length;
    const sent = await mailPractitioner.post(letterUrl(decision.id, '/send'), {
      to: 'family',
      familySafe: 'yes',
      recipientName: 'Ms Parent',
      recipientEmail: 'parent@family.example',
      method: 'email',
    });
    expect(sent.statusCode).toBe(303);

    expect(delivered).toHaveLength(before + 1);
    const message = delivered.at(-1)!;
    expect(message.to).toEqual(['parent@family.example']);
    expect(message.raw).toContain('From: Northmoor front door <frontdoor@northmoor.example>');
    expect(message.raw).not.toContain(decision.childName);
    const [attachment, ...others] = attachmentsOf(message.raw);
    expect(others).toHaveLength(0);
    expect(attachment).toMatchObject({
      filename: `letter-to-family-${decision.reference}.docx`,
      contentType: DOCX,
    });
    const xml = await documentXml(attachment!.content);
    expect(xml).toContain('Dear Ms Parent,');
    expect(xml).toContain(`About ${decision.childName}`);

    const letter = (await lettersFor(decision.contactChildId)).at(-1)!;
    expect(letter).toMatchObject({
      recipient: 'family',
      recipient_email: 'parent@family.example',
      sent_method: 'email',
    });
    expect(letter.email_message_id).toMatch(/^<.+@.+>$/);
    expect(message.raw).toContain(`Message-ID: ${letter.email_message_id}`);
    expect((await journeyFor(letter.id)).map((event) => event.kind).sort()).toEqual([
      'letter_created',
      'letter_sent',
    ]);
    expect((await auditFor(letter.id)).map((row) => row.action).sort()).toEqual([
      'letter.create',
      'letter.send',
    ]);
  });

  it('records nothing as sent when the mail server refuses the email, and says so', async () => {
    const page = await mailPractitioner.post(letterUrl(decision.id, '/send'), {
      to: 'referrer',
      recipientName: 'Someone',
      recipientEmail: 'refuse@coldbeck.example',
      method: 'email',
    });
    expect(page.statusCode).toBe(502);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain(EMAIL_FAILED);
    expect(page.body).toContain('value="refuse@coldbeck.example"');

    const letter = (await lettersFor(decision.contactChildId)).at(-1)!;
    expect(letter).toMatchObject({
      recipient_email: 'refuse@coldbeck.example',
      sent_at: null,
      sent_method: null,
    });
    expect((await journeyFor(letter.id)).map((event) => event.kind)).toEqual(['letter_created']);
    expect((await auditFor(letter.id)).map((row) => row.action)).toEqual(['letter.create']);
  });

  it('refuses email where SMTP is not set up, keeping what was chosen', async () => {
    const before = (await lettersFor(decision.contactChildId)).length;
    const page = await practitioner.post(letterUrl(decision.id, '/send'), {
      to: 'referrer',
      recipientName: 'Ms I Threlfall',
      recipientEmail: REFERRER.email,
      method: 'email',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain(EMAIL_NOT_SET_UP);
    expect(page.body).toMatch(/id="method"[^>]*value="email"[^>]*checked/);
    expect(page.body).toContain('Email is not set up for this council');
    expect(await lettersFor(decision.contactChildId)).toHaveLength(before);
  });

  it('explains what is missing GOV.UK style', async () => {
    const empty = await practitioner.post(letterUrl(decision.id, '/send'), { to: 'family' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the name of the person you are sending the letter to');
    expect(empty.body).toContain('Select how you are sending the letter');
    expect(empty.body).toContain('Letter to the family');

    const noAddress = await practitioner.post(letterUrl(decision.id, '/send'), {
      to: 'referrer',
      recipientName: 'Ms I Threlfall',
      recipientEmail: 'not an address',
      method: 'post',
    });
    expect(noAddress.body).toContain('Enter an email address in the correct format');

    const emailWithout = await mailPractitioner.post(letterUrl(decision.id, '/send'), {
      to: 'referrer',
      method: 'email',
    });
    expect(emailWithout.statusCode).toBe(400);
    expect(emailWithout.body).toContain('Enter the email address to send the letter to');
    expect(emailWithout.body).toContain('Enter the name of the person you are sending the letter to');
  });
});

describe('letters that cannot be written or seen', () => {
  it('answers not found for a decision that does not exist', async () => {
    for (const url of [letterUrl(99_999_999), letterUrl(99_999_999, '.docx'), letterUrl(0)]) {
      expect((await practitioner.get(url)).statusCode).toBe(404);
    }
    expect((await practitioner.post(letterUrl(99_999_999, '/send'), {})).statusCode).toBe(404);
  });

  it('explains there is no letter before a manager has authorised the decision', async () => {
    const page = await practitioner.get(letterUrl(proposedDecisionId));
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('There is no letter to send yet');
    expect((await practitioner.get(letterUrl(proposedDecisionId, '.docx'))).statusCode).toBe(404);
    const post = await practitioner.post(letterUrl(proposedDecisionId, '/send'), {
      to: 'referrer',
      recipientName: 'X',
      method: 'post',
    });
    expect(post.statusCode).toBe(404);
  });

  it('answers not found for a restricted child, without a word about them', async () => {
    for (const url of [letterUrl(restrictedDecisionId), letterUrl(restrictedDecisionId, '.docx?to=family')]) {
      const page = await practitioner.get(url);
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('Page not found');
    }
    const post = await practitioner.post(letterUrl(restrictedDecisionId, '/send'), {
      to: 'referrer',
      recipientName: 'X',
      method: 'post',
    });
    expect(post.statusCode).toBe(404);
  });

  it('is for front-door practitioners and managers only', async () => {
    const manager = await t.signedIn(demoUser('team_manager'));
    expect((await manager.get(letterUrl(decision.id))).statusCode).toBe(200);
    for (const role of ['partner_agency_practitioner', 'out_of_hours_worker', 'qa_officer'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get(letterUrl(decision.id))).statusCode, role).toBe(403);
    }
  });
});
