import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { OVERRIDE_REASON_MESSAGE } from './family-letter-safety.ts';
import { chaseOverdueReferrerLetters, REFERRER_LETTER_OVERDUE } from './letter-chase.ts';
import { FAMILY_LETTER_NEEDS_MANAGER, NOT_SAFE_FOR_PRACTITIONER, SAY_IF_SAFE } from './letters.routes.ts';

/*
 * The family letter that could tip someone off, closed: a practitioner cannot see, download or send
 * it; a manager can send it only with a reason that says something, kept with the letter, audited and
 * on the journey. And the referrer's letter: due one working day after authorisation, shown due and
 * overdue, and chased once.
 */

let t: TestApp;
let practitioner: TestAgent;
let manager: TestAgent;
/** Domestic abuse, consent not sought, the police said "not for disclosure". */
let unsafe: { id: number; contactChildId: number; childName: string; reference: string };
/** A school's referral the family agreed to, authorised on Thursday 19 November 2026 at 10:00. */
let chased: { id: number; contactChildId: number; reference: string };

/** Both decisions were authorised a day before the tests' "now", so their referrer letters fall due at it. */
const THURSDAY_TEN = new Date('2026-11-19T10:00:00Z');
const FRIDAY = (time: string) => new Date(`2026-11-20T${time}:00Z`);
const REASON =
  'I spoke to DC Example, the officer in the case: the partner is in custody and the mother asked for this letter.';

async function authorisedDecisions(count: number) {
  const rows = await t.db
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .innerJoin('person', 'person.id', 'contact_child.person_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('decision.status', '=', 'authorised')
    .where('person.restricted', '=', false)
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('strategy_discussion')
            .select('id')
            .whereRef('strategy_discussion.contact_child_id', '=', 'contact_child.id')
        )
      )
    )
    .select([
      'decision.id',
      'contact_child.id as contact_child_id',
      'person.given_name',
      'contact.id as contact_id',
      'contact.reference',
    ])
    .orderBy('decision.id', 'desc')
    .limit(count * 5)
    .execute();
  // One child per contact, so changing one contact never touches another's decision.
  const seen = new Set<number>();
  return rows.filter((row) => !seen.has(row.contact_id) && seen.add(row.contact_id)).slice(0, count);
}

async function makeContact(
  contactChildId: number,
  contactId: number,
  contact: { consent: 'given' | 'not_sought'; source: string; notForDisclosure: boolean; concerns: string[] }
) {
  await t.db
    .updateTable('contact')
    .set({
      consent_status: contact.consent,
      referral_source: contact.source,
      not_for_disclosure: contact.notForDisclosure,
      referrer_name: 'A Referrer',
      referrer_organisation: 'Northmoor Academy',
      referrer_is_professional: true,
    })
    .where('id', '=', contactId)
    .execute();
  await t.db.deleteFrom('contact_concern').where('contact_child_id', '=', contactChildId).execute();
  await t.db
    .insertInto('contact_concern')
    .values(contact.concerns.map((factor_code) => ({ contact_child_id: contactChildId, factor_code })))
    .execute();
}

async function familyLettersOf(decisionId: number) {
  return t.db
    .selectFrom('referrer_letter')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .where('recipient', '=', 'family')
    .execute();
}

async function journeyKinds(contactChildId: number) {
  const rows = await t.db
    .selectFrom('journey_event')
    .select('kind')
    .where('contact_child_id', '=', contactChildId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.kind);
}

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  manager = await t.signedIn(demoUser('team_manager'));
  const [first, second] = await authorisedDecisions(2);
  unsafe = {
    id: first!.id,
    contactChildId: first!.contact_child_id,
    childName: first!.given_name,
    reference: first!.reference,
  };
  chased = { id: second!.id, contactChildId: second!.contact_child_id, reference: second!.reference };
  for (const decision of [first!, second!]) {
    await t.db
      .updateTable('decision')
      .set({ outcome: 'information_advice', outcomes: ['information_advice'], authorised_at: THURSDAY_TEN })
      .where('id', '=', decision.id)
      .execute();
    await t.db.deleteFrom('referrer_letter').where('decision_id', '=', decision.id).execute();
  }
  await makeContact(first!.contact_child_id, first!.contact_id, {
    consent: 'not_sought',
    source: '6',
    notForDisclosure: true,
    concerns: ['3B'],
  });
  await makeContact(second!.contact_child_id, second!.contact_id, {
    consent: 'given',
    source: '2A',
    notForDisclosure: false,
    concerns: ['16A'],
  });
});
afterAll(() => t.close());

describe('a letter to the family that could tip someone off', () => {
  const letterUrl = (suffix = '') => `/decisions/${unsafe.id}/letter${suffix}`;
  const sendAnyway = (agent: TestAgent, extra: Record<string, string> = {}) =>
    agent.post(letterUrl('/send'), {
      to: 'family',
      familySafe: 'yes',
      recipientName: 'Ms Parent',
      method: 'post',
      ...extra,
    });

  it('tells the practitioner why it may not be safe and does not show, print or download it', async () => {
    const page = await practitioner.get(letterUrl('?to=family'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('It may not be safe to send this letter to the family');
    expect(page.body).toContain('Domestic abuse was reported and the family’s consent was not sought');
    expect(page.body).toContain('said the information is not for disclosure to the family');
    expect(page.body).toContain('Is it safe to send this letter to the family?');
    expect(page.body).not.toContain(`About ${unsafe.childName} (our reference`);
    expect(page.body).not.toContain('id="recipientName"');

    const download = await practitioner.get(letterUrl('.docx?to=family'));
    expect(download.statusCode).toBe(403);
    expect(download.body).toContain(FAMILY_LETTER_NEEDS_MANAGER);
    // The referrer's letter is not affected.
    expect((await practitioner.get(letterUrl('.docx?to=referrer'))).statusCode).toBe(200);
  });

  it('refuses to send it for a practitioner who says it is safe, and records nothing', async () => {
    const refused = await sendAnyway(practitioner, { overrideReason: REASON });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain(NOT_SAFE_FOR_PRACTITIONER);
    expect(await familyLettersOf(unsafe.id)).toEqual([]);
  });

  it('asks whether it is safe, and a manager for a reason that says something', async () => {
    const unanswered = await manager.post(letterUrl('/send'), {
      to: 'family',
      recipientName: 'Ms Parent',
      method: 'post',
    });
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain(SAY_IF_SAFE);
    for (const overrideReason of ['', 'ok', 'x']) {
      const page = await sendAnyway(manager, { overrideReason });
      expect(page.statusCode, overrideReason).toBe(400);
      expect(page.body).toContain(OVERRIDE_REASON_MESSAGE);
      expect(page.body).toMatch(/id="familySafe"[^>]*value="yes"[^>]*checked/);
    }
    expect(await familyLettersOf(unsafe.id)).toEqual([]);
  });

  it('records a practitioner’s "not safe" on the journey without writing a letter', async () => {
    const withheld = await practitioner.post(letterUrl('/send'), { to: 'family', familySafe: 'no' });
    expect(withheld.statusCode).toBe(303);
    expect(withheld.headers.location).toBe(`${letterUrl()}?to=family&withheld=1`);
    expect((await practitioner.get(withheld.headers.location as string)).body).toContain(
      'The letter to the family has not been sent'
    );
    expect(await familyLettersOf(unsafe.id)).toEqual([]);
    expect(await journeyKinds(unsafe.contactChildId)).toContain('family_letter_withheld');
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['record_id', 'details'])
      .where('action', '=', 'letter.family_withheld')
      .execute();
    expect(audit.at(-1)).toMatchObject({
      record_id: String(unsafe.contactChildId),
      details: { decisionId: unsafe.id, warnings: ['domestic_abuse_without_consent', 'not_for_disclosure'] },
    });
  });

  it('lets a manager send it with a reason: kept with the letter, audited and on the journey', async () => {
    const sent = await sendAnyway(manager, { overrideReason: REASON });
    expect(sent.statusCode).toBe(303);
    const managerId = (
      await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', demoUser('team_manager'))
        .executeTakeFirstOrThrow()
    ).id;
    const [letter, ...others] = await familyLettersOf(unsafe.id);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      safety_override_reason: REASON,
      safety_override_by: managerId,
      safety_warnings: ['domestic_abuse_without_consent', 'not_for_disclosure'],
      sent_method: 'post',
    });
    expect(await journeyKinds(unsafe.contactChildId)).toEqual(
      expect.arrayContaining(['letter_created', 'family_letter_override', 'letter_sent'])
    );
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'letter.send')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ letterId: letter!.id, safetyOverride: true, recipient: 'family' });
    expect(JSON.stringify(audit.details)).not.toContain('custody');
    const page = await manager.get(letterUrl('?to=family'));
    expect(page.body).toContain(`Sent despite the safety warnings by`);
    expect(page.body).toContain(REASON);
  });

  it('warns on the screening page, and when a partner’s answer said "not for disclosure"', async () => {
    const screening = await practitioner.get(`/screening/${unsafe.contactChildId}`);
    expect(screening.body).toContain('It may not be safe to write to the family');
    expect(screening.body).toContain('Decide whether it is safe to write to the family');

    const familyPage = () => practitioner.get(`/decisions/${chased.id}/letter?to=family`);
    expect((await familyPage()).body).not.toContain('It may not be safe');
    const agency = await t.db
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', 'police')
      .executeTakeFirstOrThrow();
    const requestedBy = await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('front_door_practitioner'))
      .executeTakeFirstOrThrow();
    const request = await t.db
      .insertInto('information_request')
      .values({
        contact_child_id: chased.contactChildId,
        agency_id: agency.id,
        question: 'What do you know?',
        consent_status: 'given',
        due_at: TEST_NOW,
        requested_by: requestedBy.id,
        requested_at: THURSDAY_TEN,
        not_for_disclosure: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await familyPage()).body).toContain('said the information is not for disclosure to the family');
    await t.db.deleteFrom('information_request').where('id', '=', request.id).execute();
    expect((await familyPage()).body).not.toContain('It may not be safe');
  });
});

describe('the letter to the referrer, due within one working day', () => {
  it('shows it due, then overdue', async () => {
    const url = `/decisions/${chased.id}/letter?to=referrer`;
    try {
      t.clock.set(FRIDAY('09:59'));
      const due = await practitioner.get(url);
      expect(due.body).toMatch(/Due[\s\S]*The letter to the referrer is due by 20 November 2026 at 10:00am/);
      t.clock.set(FRIDAY('10:01'));
      const overdue = await practitioner.get(url);
      expect(overdue.body).toMatch(
        /Overdue[\s\S]*was due by 20 November 2026 at 10:00am and has not been sent/
      );
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('is chased once when overdue and not sent, and not at all once sent', async () => {
    const chases = () =>
      t.db
        .selectFrom('notification')
        .selectAll()
        .where('kind', '=', REFERRER_LETTER_OVERDUE)
        .where('contact_child_id', 'in', [chased.contactChildId, unsafe.contactChildId])
        .execute();
    await chaseOverdueReferrerLetters(t.db, FRIDAY('09:59'));
    expect(await chases()).toEqual([]);

    // Two sweeps at once raise it once.
    await Promise.all([
      chaseOverdueReferrerLetters(t.db, FRIDAY('10:01')),
      chaseOverdueReferrerLetters(t.db, FRIDAY('10:01')),
    ]);
    await chaseOverdueReferrerLetters(t.db, FRIDAY('11:00'));
    const raised = await chases();
    expect(raised.map((row) => row.contact_child_id).sort()).toEqual(
      [chased.contactChildId, unsafe.contactChildId].sort()
    );
    const forChased = raised.find((row) => row.contact_child_id === chased.contactChildId)!;
    expect(forChased.event_key).toBe(`${REFERRER_LETTER_OVERDUE}:${chased.id}`);
    expect(forChased.message).toBe(
      `${chased.reference}: the letter to the referrer was due by 10:00 on 20 November 2026 and has not been sent.`
    );
    expect(forChased.user_id ?? forChased.team_id).not.toBeNull();
  });

  it('is not chased once the referrer has been written to', async () => {
    await t.db.deleteFrom('notification').where('kind', '=', REFERRER_LETTER_OVERDUE).execute();
    const sent = await practitioner.post(`/decisions/${chased.id}/letter/send`, {
      to: 'referrer',
      recipientName: 'A Referrer',
      method: 'post',
    });
    expect(sent.statusCode).toBe(303);
    await chaseOverdueReferrerLetters(t.db, FRIDAY('12:00'));
    const raised = await t.db
      .selectFrom('notification')
      .select('contact_child_id')
      .where('kind', '=', REFERRER_LETTER_OVERDUE)
      .where('contact_child_id', '=', chased.contactChildId)
      .execute();
    expect(raised).toEqual([]);
  });
});

describe('the demo council', () => {
  it('shows one family letter blocked and one sent by a manager despite the warnings', async () => {
    // A fresh copy of the demo council: the tests above send letters of their own.
    const demo = await createTestApp();
    const marked = await demo.db
      .selectFrom('decision')
      .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('referrer_letter', (join) =>
        join
          .onRef('referrer_letter.decision_id', '=', 'decision.id')
          .on('referrer_letter.recipient', '=', 'family')
      )
      .where('contact.not_for_disclosure', '=', true)
      .where('decision.status', '=', 'authorised')
      .select(['decision.id', 'referrer_letter.safety_override_reason'])
      .execute();
    expect(marked.some((row) => row.safety_override_reason === null)).toBe(true);
    const overridden = marked.find((row) => row.safety_override_reason !== null)!;
    expect(overridden.safety_override_reason).toMatch(/officer in the case/);
    const blocked = marked.find((row) => row.safety_override_reason === null)!;
    const demoPractitioner = await demo.signedIn(demoUser('front_door_practitioner'));
    const page = await demoPractitioner.get(`/decisions/${blocked.id}/letter?to=family`);
    expect(page.body).toContain('said the information is not for disclosure to the family');
    await demo.close();
  });
});
