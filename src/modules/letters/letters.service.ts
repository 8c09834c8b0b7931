import type { FastifyBaseLogger } from 'fastify';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Clock } from '../../platform/clock.ts';
import {
  coveringEmail,
  letterContent,
  letterText,
  templateVersionsOf,
  type LetterFacts,
} from './letter-content.ts';
import { DOCX_TYPE, docxFilename, letterDocx } from './letter-docx.ts';
import type { LetterMailer } from './letter-mail.ts';
import {
  createLetter,
  letterFacts,
  loadDecisionForLetter,
  loadLetters,
  markLetterSent,
  recordFamilyLetterWithheld,
  type DecisionForLetter,
  type SendMethod,
} from './letters.ts';

/** What the sender chose on the letter page, checked by the route's form. */
export interface LetterToSend {
  to: LetterFacts['to'];
  recipientName: string;
  recipientEmail?: string;
  method: SendMethod;
  /** A manager's reason for sending a family letter the safety check warned against. */
  overrideReason?: string;
}

/** The decision and the letters already sent for its child, read through the child's access check. */
export function readDecisionForLetter(access: RecordAccess, decisionId: number, now: Date) {
  return access.readVia('decision', decisionId, async (db, owner) => ({
    decision: await loadDecisionForLetter(db, decisionId),
    letters: await loadLetters(db, owner.contactChildId, now),
  }));
}

/** The facts a letter is written from, signed by the actor. */
export function letterFactsFor(
  access: RecordAccess,
  decision: DecisionForLetter,
  to: LetterFacts['to'],
  recipientName: string | null,
  now: Date
): LetterFacts {
  return letterFacts(decision, { to, recipientName, writtenAt: now, signedBy: access.actor.displayName });
}

/** Seeing or downloading a letter discloses the child's details, so it is audited like a read. */
export function auditLetterView(
  access: RecordAccess,
  decision: DecisionForLetter,
  to: LetterFacts['to'],
  format: 'html' | 'docx'
): Promise<void> {
  return access.withPermission(
    'letter:send',
    {
      action: 'letter.view',
      recordType: 'contact_child',
      recordId: decision.contactChildId,
      details: { decisionId: decision.decisionId, recipient: to, format },
    },
    async () => undefined
  );
}

/** "No, it is not safe": nothing is written; the journey and the audit say the family was not written to. */
export function withholdFamilyLetter(access: RecordAccess, decision: DecisionForLetter, now: Date) {
  return access.recordChange('letter:send', 'letter.family_withheld', async (trx) => {
    await recordFamilyLetterWithheld(trx, {
      decisionId: decision.decisionId,
      contactChildId: decision.contactChildId,
      warnings: decision.family.warnings,
      by: access.actor.userId,
      at: now,
    });
    return {
      recordType: 'contact_child',
      recordId: decision.contactChildId,
      result: undefined,
      details: { decisionId: decision.decisionId, warnings: decision.family.warnings },
    };
  });
}

/** Post, by hand or a secure portal: the sender says it has gone, so it is written and sent at once. */
export async function recordLetterSent(
  access: RecordAccess,
  decision: DecisionForLetter,
  form: LetterToSend,
  now: Date
): Promise<void> {
  const { written, sent, audited } = prepareLetter(access, decision, form, now);
  await access.recordChange('letter:send', 'letter.send', async (trx) => {
    const letterId = await createLetter(trx, written);
    await markLetterSent(trx, sent(letterId, null, now));
    return audited(letterId);
  });
}

/**
 * Email: the letter is kept first, then emailed with the Word document attached, then recorded as
 * sent. A letter the mail server refused stays written but is never recorded as sent: answers false.
 */
export async function emailLetter(
  access: RecordAccess,
  mailer: LetterMailer,
  decision: DecisionForLetter,
  form: LetterToSend,
  context: { clock: Clock; log: FastifyBaseLogger }
): Promise<boolean> {
  const { facts, letter, written, sent, audited } = prepareLetter(
    access,
    decision,
    form,
    context.clock.now()
  );
  const letterId = await access.recordChange('letter:send', 'letter.create', async (trx) =>
    audited(await createLetter(trx, written))
  );
  const email = coveringEmail(facts);
  const attachment = {
    filename: docxFilename(decision, form.to),
    content: await letterDocx(letter),
    contentType: DOCX_TYPE,
  };
  let messageId: string;
  try {
    // The form asks for an address whenever the method is email.
    messageId = await mailer.send({ to: form.recipientEmail!, ...email, attachment });
  } catch (error) {
    // The error names the address the server refused, so only its codes are logged.
    const { code, responseCode } = error as { code?: string; responseCode?: number };
    context.log.warn({ code, responseCode }, 'letter email was not sent');
    return false;
  }
  await access.recordChange('letter:send', 'letter.send', async (trx) => {
    // Sent when the mail server took it, which may be a while after it was written.
    await markLetterSent(trx, sent(letterId, messageId, context.clock.now()));
    return audited(letterId);
  });
  return true;
}

/** The letter as it will be kept, and the audit and journey facts its saving shares. */
function prepareLetter(
  access: RecordAccess,
  decision: DecisionForLetter,
  form: LetterToSend,
  writtenAt: Date
) {
  const by = access.actor.userId;
  const facts = letterFactsFor(access, decision, form.to, form.recipientName, writtenAt);
  const letter = letterContent(facts);
  const override = overrideOf(decision, form);
  return {
    facts,
    letter,
    written: {
      decisionId: decision.decisionId,
      contactChildId: decision.contactChildId,
      recipient: form.to,
      recipientName: form.recipientName,
      recipientEmail: form.recipientEmail ?? null,
      body: letterText(letter),
      by,
      at: writtenAt,
      override,
    },
    sent: (letterId: number, emailMessageId: string | null, at: Date) => ({
      letterId,
      contactChildId: decision.contactChildId,
      method: form.method,
      emailMessageId,
      by,
      at,
    }),
    audited: (letterId: number) => ({
      recordType: 'contact_child',
      recordId: decision.contactChildId,
      result: letterId,
      details: {
        decisionId: decision.decisionId,
        letterId,
        recipient: form.to,
        method: form.method,
        // The wording it was written with: the letter's text is kept, so a later change never alters it.
        templateVersions: templateVersionsOf(facts),
        ...(override ? { safetyOverride: true, warnings: decision.family.warnings } : {}),
      },
    }),
  };
}

/** A family letter sent although the safety check warned against it: the manager's reason (checked already). */
function overrideOf(decision: DecisionForLetter, form: LetterToSend) {
  if (form.to !== 'family' || decision.family.safe || !form.overrideReason) return undefined;
  return { reason: form.overrideReason, warnings: decision.family.warnings };
}
