import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ReferrerLetterTable } from '../../platform/db/schema.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { calendarOf, councilCalendar, councilSettings } from '../../platform/council/council-settings.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import type { LetterFacts, LetterOutcome, LetterRecipient } from './letter-content.ts';
import type { LetterWording } from './letter-templates.ts';
import { wordingInForce } from './letter-template-store.ts';
import type { ConsentStatus, DutyContact } from '../../platform/db/schema.ts';
import {
  FAMILY_LETTER_WARNINGS,
  familyLetterSafety,
  type FamilyLetterSafety,
  type FamilyLetterWarning,
} from './family-letter-safety.ts';
import {
  referrerCanBeWritten,
  referrerLetterStatus,
  type ReferrerLetterStatus,
} from './referrer-letter-due.ts';

export type SendMethod = NonNullable<ReferrerLetterTable['sent_method']>;

export const SEND_METHODS: Record<SendMethod, string> = {
  email: 'Email',
  post: 'Post',
  by_hand: 'By hand',
  secure_portal: 'Secure portal',
};

/** Everything a letter says about one decision, read on the child's record-access path. */
export interface DecisionForLetter {
  decisionId: number;
  contactChildId: number;
  contactId: number;
  authorised: boolean;
  councilName: string;
  duty: DutyContact;
  childFirstName: string;
  contactReference: string;
  receivedAt: Date;
  referrer: LetterFacts['referrer'];
  referrerEmail: string | null;
  familyAddress: string[];
  outcomes: LetterOutcome[];
  /** Whether a letter to the family could tip someone off, and why. */
  family: FamilySafetyShown;
  /** The council's letter templates in force as the letter is written. */
  wording: LetterWording;
}

/** The safety check with its warnings in words, for the page. */
export type FamilySafetyShown = FamilyLetterSafety & { warningTexts: string[] };

export async function loadDecisionForLetter(db: Db, decisionId: number): Promise<DecisionForLetter> {
  const row = await db
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .leftJoin('person', 'person.id', 'contact_child.person_id')
    .leftJoin('address', (join) =>
      join.on('address.id', '=', sql<number>`coalesce(person.address_id, contact.address_id)`)
    )
    .leftJoin('team', 'team.id', 'decision.receiving_team_id')
    .where('decision.id', '=', decisionId)
    .select([
      'decision.id',
      'decision.status',
      'decision.outcome',
      'decision.outcomes',
      'decision.transfer_to',
      'contact_child.id as contact_child_id',
      'contact_child.described_child',
      'contact.id as contact_id',
      'contact.reference',
      'contact.received_at',
      'contact.referrer_name',
      'contact.referrer_role',
      'contact.referrer_organisation',
      'contact.referrer_email',
      'contact.referrer_is_professional',
      'contact.referral_source',
      'contact.consent_status',
      'contact.not_for_disclosure',
      'person.given_name',
      'address.line1',
      'address.line2',
      'address.town',
      'address.postcode',
      'team.name as team_name',
    ])
    .executeTakeFirstOrThrow();
  const codes = row.outcomes.length > 0 ? row.outcomes : [row.outcome];
  const options = await db
    .selectFrom('outcome_option')
    .select(['code', 'label'])
    .where('code', 'in', codes)
    .execute();
  const council = await db.selectFrom('council').select(['name', 'settings']).executeTakeFirstOrThrow();
  const family = await familySafetyOf(db, row.contact_child_id, {
    consentStatus: row.consent_status,
    notForDisclosure: row.not_for_disclosure,
    referralSource: row.referral_source,
    outcomes: codes,
  });
  return {
    decisionId: row.id,
    contactChildId: row.contact_child_id,
    contactId: row.contact_id,
    authorised: row.status === 'authorised',
    councilName: council.name,
    duty: council.settings.dutyContact,
    childFirstName: row.given_name ?? row.described_child?.givenName ?? 'the child',
    contactReference: row.reference,
    receivedAt: row.received_at,
    referrer: {
      name: row.referrer_name,
      role: row.referrer_role,
      organisation: row.referrer_organisation,
      isProfessional: row.referrer_is_professional,
    },
    referrerEmail: row.referrer_email,
    familyAddress: [row.line1, row.line2, row.town, row.postcode].filter((line): line is string =>
      Boolean(line)
    ),
    outcomes: codes.map((code) => ({
      code,
      label: options.find((option) => option.code === code)?.label ?? code,
      teamName: row.team_name,
      transferTo: row.transfer_to,
    })),
    family,
    wording: await wordingInForce(db),
  };
}

/** Gathers what the family-letter safety rule needs about a child's contact and judges it. */
async function familySafetyOf(
  db: Db,
  contactChildId: number,
  contact: {
    consentStatus: ConsentStatus | null;
    notForDisclosure: boolean;
    referralSource: string;
    outcomes: string[];
  }
): Promise<FamilySafetyShown> {
  const [concerns, partnerSaidSo, strategy] = await Promise.all([
    db
      .selectFrom('contact_concern')
      .select('factor_code')
      .where('contact_child_id', '=', contactChildId)
      .execute(),
    db
      .selectFrom('information_request')
      .select('id')
      // Said of a request about the family, it holds for every child on the contact.
      .where('contact_id', '=', (eb) =>
        eb.selectFrom('contact_child').select('contact_id').where('id', '=', contactChildId)
      )
      .where('not_for_disclosure', '=', true)
      .executeTakeFirst(),
    db
      .selectFrom('strategy_discussion')
      .select('id')
      .where('contact_child_id', '=', contactChildId)
      .executeTakeFirst(),
  ]);
  const safety = familyLetterSafety({
    concernCodes: concerns.map((concern) => concern.factor_code),
    consentStatus: contact.consentStatus,
    notForDisclosure: contact.notForDisclosure || partnerSaidSo !== undefined,
    strategyDiscussion: strategy !== undefined,
    outcomes: contact.outcomes,
    referralSource: contact.referralSource,
  });
  return { ...safety, warningTexts: warningTexts(safety.warnings) };
}

export function warningTexts(warnings: readonly FamilyLetterWarning[]): string[] {
  return warnings.map((warning) => FAMILY_LETTER_WARNINGS[warning]);
}

export function letterFacts(
  decision: DecisionForLetter,
  letter: { to: LetterRecipient; recipientName: string | null; writtenAt: Date; signedBy: string }
): LetterFacts {
  return {
    ...letter,
    councilName: decision.councilName,
    childFirstName: decision.childFirstName,
    contactReference: decision.contactReference,
    receivedAt: decision.receivedAt,
    referrer: decision.referrer,
    familyAddress: decision.familyAddress,
    outcomes: decision.outcomes,
    duty: decision.duty,
    wording: decision.wording,
  };
}

export interface NewLetter {
  decisionId: number;
  contactChildId: number;
  recipient: LetterRecipient;
  recipientName: string;
  recipientEmail: string | null;
  body: string;
  by: number;
  at: Date;
  /** A manager sending a family letter the safety check warned against: their reason and the warnings. */
  override?: { reason: string; warnings: FamilyLetterWarning[] };
}

/** Keeps the letter as written (its text is the record of what was said) and notes the step. */
export async function createLetter(trx: Db, letter: NewLetter): Promise<number> {
  const { id } = await trx
    .insertInto('referrer_letter')
    .values({
      decision_id: letter.decisionId,
      recipient: letter.recipient,
      recipient_name: letter.recipientName,
      recipient_email: letter.recipientEmail,
      body: letter.body,
      created_by: letter.by,
      created_at: letter.at,
      safety_override_reason: letter.override?.reason ?? null,
      safety_override_by: letter.override ? letter.by : null,
      safety_warnings: letter.override?.warnings ?? [],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordJourneyEvent(trx, {
    contactChildId: letter.contactChildId,
    step: 'letter_created',
    at: letter.at,
    actorId: letter.by,
    outOfHours: await outOfHours(trx, letter.at),
    details: { letterId: id, decisionId: letter.decisionId, recipient: letter.recipient },
  });
  if (letter.override) {
    await recordJourneyEvent(trx, {
      contactChildId: letter.contactChildId,
      step: 'family_letter_override',
      at: letter.at,
      actorId: letter.by,
      outOfHours: await outOfHours(trx, letter.at),
      details: { letterId: id, decisionId: letter.decisionId, warnings: letter.override.warnings },
    });
  }
  return id;
}

/** The sender said a family letter is not safe to send: nothing is written, and the journey says so. */
export async function recordFamilyLetterWithheld(
  trx: Db,
  withheld: {
    decisionId: number;
    contactChildId: number;
    warnings: FamilyLetterWarning[];
    by: number;
    at: Date;
  }
): Promise<void> {
  await recordJourneyEvent(trx, {
    contactChildId: withheld.contactChildId,
    step: 'family_letter_withheld',
    at: withheld.at,
    actorId: withheld.by,
    outOfHours: await outOfHours(trx, withheld.at),
    details: { decisionId: withheld.decisionId, warnings: withheld.warnings },
  });
}

export interface LetterSent {
  letterId: number;
  contactChildId: number;
  method: SendMethod;
  emailMessageId: string | null;
  by: number;
  at: Date;
}

export async function markLetterSent(trx: Db, sent: LetterSent): Promise<void> {
  await trx
    .updateTable('referrer_letter')
    .set({
      sent_at: sent.at,
      sent_by: sent.by,
      sent_method: sent.method,
      email_message_id: sent.emailMessageId,
    })
    .where('id', '=', sent.letterId)
    .execute();
  await recordJourneyEvent(trx, {
    contactChildId: sent.contactChildId,
    step: 'letter_sent',
    at: sent.at,
    actorId: sent.by,
    outOfHours: await outOfHours(trx, sent.at),
    details: { letterId: sent.letterId, method: sent.method },
  });
}

async function outOfHours(trx: Db, at: Date): Promise<boolean> {
  return isOutOfHours(at, calendarOf(await councilSettings(trx)));
}

/** The letters sent about a child's contact, newest first, for the letters panel. */
async function sentLetters(db: Db, contactChildId: number) {
  const rows = await db
    .selectFrom('referrer_letter')
    .innerJoin('decision', 'decision.id', 'referrer_letter.decision_id')
    .leftJoin('staff_user', 'staff_user.id', 'referrer_letter.sent_by')
    .leftJoin('staff_user as overrider', 'overrider.id', 'referrer_letter.safety_override_by')
    .where('decision.contact_child_id', '=', contactChildId)
    .where('referrer_letter.sent_at', 'is not', null)
    .select([
      'referrer_letter.id',
      'referrer_letter.decision_id',
      'referrer_letter.recipient',
      'referrer_letter.recipient_name',
      'referrer_letter.sent_method',
      'referrer_letter.sent_at',
      'referrer_letter.safety_override_reason',
      'overrider.display_name as safety_override_by',
      'staff_user.display_name as sent_by',
    ])
    .orderBy('referrer_letter.sent_at', 'desc')
    .orderBy('referrer_letter.id', 'desc')
    .execute();
  return rows.map((row) => ({
    ...row,
    methodLabel: row.sent_method ? SEND_METHODS[row.sent_method] : '',
  }));
}

export type SentLetter = Awaited<ReturnType<typeof sentLetters>>[number];

/**
 * The letters panel: the letters sent (the list itself, newest first), and for the authorised
 * decision whether the referrer's letter is due, overdue or sent, and whether writing to the family
 * is safe. Without `now` the referrer's letter is "not sent yet, due by …" rather than due or overdue.
 */
export type LettersOfChild = SentLetter[] & {
  authorisedDecisionId: number | null;
  referrerLetter: ReferrerLetterStatus | { state: 'awaiting'; dueAt: Date } | null;
  familyLetter: FamilySafetyShown | null;
};

/** When a decision became final: the second sign-off where one was needed, else the manager's. */
export const decisionFinalAt = sql<Date>`coalesce(decision.second_authorised_at, decision.authorised_at)`;

export async function loadLetters(db: Db, contactChildId: number, now?: Date): Promise<LettersOfChild> {
  const letters = await sentLetters(db, contactChildId);
  const decision = await db
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('decision.contact_child_id', '=', contactChildId)
    .where('decision.status', '=', 'authorised')
    .where('decision.authorised_at', 'is not', null)
    .select([
      'decision.id',
      decisionFinalAt.as('authorised_at'),
      'decision.outcome',
      'decision.outcomes',
      'contact.referral_source',
      'contact.referrer_name',
      'contact.referrer_email',
      'contact.referrer_phone',
      'contact.referrer_organisation',
      'contact.consent_status',
      'contact.not_for_disclosure',
    ])
    .orderBy(decisionFinalAt, 'desc')
    .orderBy('decision.id', 'desc')
    .executeTakeFirst();
  if (!decision)
    return Object.assign(letters, { authorisedDecisionId: null, referrerLetter: null, familyLetter: null });
  const firstSent = letters
    .filter(
      (letter) => letter.decision_id === decision.id && letter.recipient === 'referrer' && letter.sent_at
    )
    .map((letter) => letter.sent_at!)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const calendar = await councilCalendar(db);
  const status = referrerLetterStatus(
    {
      authorisedAt: decision.authorised_at!,
      firstSentAt: firstSent ?? null,
      needed: referrerCanBeWritten({
        referralSource: decision.referral_source,
        name: decision.referrer_name,
        email: decision.referrer_email,
        phone: decision.referrer_phone,
        organisation: decision.referrer_organisation,
      }),
    },
    now ?? decision.authorised_at!,
    calendar
  );
  const outcomes = decision.outcomes.length > 0 ? decision.outcomes : [decision.outcome];
  return Object.assign(letters, {
    authorisedDecisionId: decision.id,
    referrerLetter:
      now === undefined && status.state === 'due'
        ? { state: 'awaiting' as const, dueAt: status.dueAt }
        : status,
    familyLetter: await familySafetyOf(db, contactChildId, {
      consentStatus: decision.consent_status,
      notForDisclosure: decision.not_for_disclosure,
      referralSource: decision.referral_source,
      outcomes,
    }),
  });
}
