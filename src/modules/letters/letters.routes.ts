import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { SOURCE_ROOT } from '../../platform/paths.ts';
import { blankOr, emailField } from '../intake/contact-fields.ts';
import { coveringEmail, letterContent, letterText, type LetterFacts } from './letter-content.ts';
import { overrideReasonProblem } from './family-letter-safety.ts';
import { letterDocx } from './letter-docx.ts';
import { mailerFromEnvironment, type LetterMailer } from './letter-mail.ts';
import {
  contactChildOfDecision,
  createLetter,
  letterFacts,
  loadDecisionForLetter,
  loadLetters,
  markLetterSent,
  recordFamilyLetterWithheld,
  SEND_METHODS,
  type DecisionForLetter,
  type LettersOfChild,
  type SendMethod,
} from './letters.ts';
import { idParams } from '../../platform/http/params.ts';

const VIEWS = 'modules/letters/views';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const RECIPIENTS = ['referrer', 'family'] as const;
const METHODS = Object.keys(SEND_METHODS) as [SendMethod, ...SendMethod[]];

export const EMAIL_NOT_SET_UP = 'Email is not set up for this council; choose post, by hand or secure portal';
export const EMAIL_FAILED =
  'The email could not be sent, so nothing has been recorded as sent. Try again, or choose post, by hand or secure portal';
export const SAY_IF_SAFE = 'Select whether it is safe to send this letter to the family';
export const NOT_SAFE_FOR_PRACTITIONER =
  'This letter cannot be sent to the family: the warnings below say it may tip someone off. Only a manager can decide it is safe to send, with a reason';
export const FAMILY_LETTER_NEEDS_MANAGER =
  'The letter to the family may not be safe to send, so only a manager can see, print or download it';

const recipientQuery = z.object({ to: z.enum(RECIPIENTS).default('referrer') });

const sendForm = z
  .object({
    to: z.enum(RECIPIENTS, { error: 'Select who the letter is for' }),
    recipientName: requiredText(
      200,
      'Enter the name of the person you are sending the letter to',
      'The name must be 200 characters or fewer'
    ),
    recipientEmail: blankOr(
      emailField('Enter an email address in the correct format, like name@example.com')
    ),
    method: z.enum(METHODS, { error: 'Select how you are sending the letter' }),
    familySafe: z.enum(['yes', 'no']).optional(),
    overrideReason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer').optional(),
  })
  .refine((form) => form.method !== 'email' || Boolean(form.recipientEmail), {
    path: ['recipientEmail'],
    message: 'Enter the email address to send the letter to',
    // Checked even when other answers are missing, so every problem shows at once.
    when: () => true,
  });
type SendForm = z.infer<typeof sendForm>;
type FormValues = Record<string, string | undefined>;

interface LetterPage {
  decision: DecisionForLetter;
  letters: LettersOfChild;
  to: LetterFacts['to'];
  values: FormValues;
  errors?: FormErrors;
  sent?: boolean;
  withheld?: boolean;
}

/**
 * Feedback to the referrer, and where appropriate the family: the letter built from an authorised
 * decision, shown for printing, downloaded as a Word document, and recorded as sent (emailed when
 * the council has set up SMTP).
 */
export function registerLetterRoutes(app: FastifyInstance, deps: AppDeps): void {
  const send = { config: { permission: 'letter:send' } } as const;
  const mailer = mailerFromEnvironment(process.env);
  // The page's own stylesheet: the content security policy allows no inline styles.
  const stylesheet = readFileSync(path.join(SOURCE_ROOT, 'modules/letters/letter.css'), 'utf8');

  app.get(
    '/letters/letter.css',
    { config: { public: true }, schema: { hide: true } },
    async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(stylesheet)
  );

  app.get('/decisions/:id/letter', send, async (request, reply) => {
    const { decision, letters } = await readDecision(request, deps);
    if (!decision.authorised) return notAuthorised(reply, decision);
    const to = recipientOf(request);
    const query = request.query as { sent?: string; withheld?: string };
    // An unsafe family letter is not shown to those who cannot decide to send it: printing it would bypass the check.
    if (!mayHandleFamilyLetter(request, decision, to)) {
      return renderLetterPage(reply, request, deps, mailer, {
        decision,
        letters,
        to,
        values: { to },
        withheld: query.withheld === '1',
      });
    }
    await auditView(request, decision, to, 'html');
    return renderLetterPage(reply, request, deps, mailer, {
      decision,
      letters,
      to,
      values: startingValues(decision, to),
      sent: query.sent === '1',
      withheld: query.withheld === '1',
    });
  });

  app.get('/decisions/:id/letter.docx', send, async (request, reply) => {
    const { decision } = await readDecision(request, deps);
    if (!decision.authorised) return notAuthorised(reply, decision);
    const to = recipientOf(request);
    if (!mayHandleFamilyLetter(request, decision, to)) {
      return reply.code(403).view(`${VIEWS}/not-authorised.njk`, {
        pageTitle: 'Only a manager can download this letter',
        decision,
        message: FAMILY_LETTER_NEEDS_MANAGER,
      });
    }
    const letter = letterContent(factsFor(request, deps, decision, to, null));
    await auditView(request, decision, to, 'docx');
    return reply
      .type(DOCX)
      .header('content-disposition', `attachment; filename="${docxFilename(decision, to)}"`)
      .send(await letterDocx(letter));
  });

  app.post('/decisions/:id/letter/send', send, async (request, reply) => {
    const { decision, letters } = await readDecision(request, deps);
    if (!decision.authorised) return notAuthorised(reply, decision);
    const values = (request.body ?? {}) as FormValues;
    const parsed = sendForm.safeParse(values);
    const to = parsed.success
      ? parsed.data.to
      : (RECIPIENTS.find((value) => value === values.to) ?? 'referrer');
    const page: LetterPage = { decision, letters, to, values };
    const refuse = (code: number, errors: FormErrors) =>
      renderLetterPage(reply.code(code), request, deps, mailer, { ...page, errors });

    if (to === 'family' && values.familySafe === 'no') {
      await withholdFamilyLetter(request, deps, decision);
      return reply.redirect(`/decisions/${decision.decisionId}/letter?to=family&withheld=1`, 303);
    }
    if (to === 'family' && !mayHandleFamilyLetter(request, decision, to)) {
      return refuse(403, formError('familySafe', NOT_SAFE_FOR_PRACTITIONER));
    }
    const family = to === 'family' ? familyProblems(request, decision, values) : [];
    if (!parsed.success || family.length > 0) {
      return refuse(400, mergeErrors(parsed.success ? [] : formErrors(parsed.error), family));
    }
    const form = parsed.data;
    if (form.method === 'email') {
      if (!mailer) return refuse(400, formError('method', EMAIL_NOT_SET_UP));
      const emailed = await emailLetter(request, deps, mailer, decision, form);
      if (!emailed) return refuse(502, formError('method', EMAIL_FAILED));
    } else {
      await recordLetterSent(request, deps, decision, form);
    }
    return reply.redirect(`/decisions/${decision.decisionId}/letter?to=${to}&sent=1`, 303);
  });
}

/** The decision and the letters already sent for its child, read through the child's access check. */
async function readDecision(request: FastifyRequest, deps: AppDeps) {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError('Decision');
  const decisionId = params.data.id;
  const contactChildId = await contactChildOfDecision(deps.db, decisionId);
  if (contactChildId === undefined) throw new RecordNotFoundError('Decision');
  return request.access.readContactChild(contactChildId, async (db) => ({
    decision: await loadDecisionForLetter(db, decisionId),
    letters: await loadLetters(db, contactChildId, deps.clock.now()),
  }));
}

/** Anyone with the letters permission handles a safe family letter; an unsafe one only a manager. */
function mayHandleFamilyLetter(request: FastifyRequest, decision: DecisionForLetter, to: LetterFacts['to']) {
  return to !== 'family' || decision.family.safe || request.access.can('decision:authorise');
}

/**
 * The family letter's own questions: is it safe to send, and, when the safety check warned against
 * it and a manager sends it anyway, why.
 */
function familyProblems(request: FastifyRequest, decision: DecisionForLetter, values: FormValues) {
  const problems: [string, string][] = [];
  if (values.familySafe !== 'yes' && values.familySafe !== 'no') problems.push(['familySafe', SAY_IF_SAFE]);
  if (values.familySafe === 'yes' && !decision.family.safe && request.access.can('decision:authorise')) {
    const problem = overrideReasonProblem(values.overrideReason);
    if (problem) problems.push(['overrideReason', problem]);
  }
  return problems;
}

function mergeErrors(errors: FormErrors | [], more: [string, string][]): FormErrors {
  const merged: FormErrors = Array.isArray(errors) ? { summary: [], fields: {} } : errors;
  for (const [field, text] of more) {
    if (merged.fields[field]) continue;
    merged.fields[field] = { text };
    merged.summary.push({ text, href: `#${field}` });
  }
  return merged;
}

/** "No, it is not safe": nothing is written; the journey and the audit say the family was not written to. */
async function withholdFamilyLetter(request: FastifyRequest, deps: AppDeps, decision: DecisionForLetter) {
  const actor = signedInActor(request);
  await request.access.recordChange('letter:send', 'letter.family_withheld', async (trx) => {
    await recordFamilyLetterWithheld(trx, {
      decisionId: decision.decisionId,
      contactChildId: decision.contactChildId,
      warnings: decision.family.warnings,
      by: actor.userId,
      at: deps.clock.now(),
    });
    return {
      recordType: 'contact_child',
      recordId: decision.contactChildId,
      result: undefined,
      details: { decisionId: decision.decisionId, warnings: decision.family.warnings },
    };
  });
}

function recipientOf(request: FastifyRequest): LetterFacts['to'] {
  const query = recipientQuery.safeParse(request.query ?? {});
  if (!query.success) throw new RecordNotFoundError('Letter');
  return query.data.to;
}

/** A letter reports a decision a manager has agreed, so there is none to write before that. */
function notAuthorised(reply: FastifyReply, decision: DecisionForLetter) {
  return reply.code(404).view(`${VIEWS}/not-authorised.njk`, {
    pageTitle: 'There is no letter to send yet',
    decision,
  });
}

function factsFor(
  request: FastifyRequest,
  deps: AppDeps,
  decision: DecisionForLetter,
  to: LetterFacts['to'],
  recipientName: string | null
): LetterFacts {
  return letterFacts(decision, {
    to,
    recipientName,
    writtenAt: deps.clock.now(),
    signedBy: signedInActor(request).displayName,
  });
}

/** Seeing or downloading a letter discloses the child's details, so it is audited like a read. */
function auditView(
  request: FastifyRequest,
  decision: DecisionForLetter,
  to: LetterFacts['to'],
  format: 'html' | 'docx'
) {
  return request.access.withPermission(
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

function startingValues(decision: DecisionForLetter, to: LetterFacts['to']): FormValues {
  if (to === 'family') return { to };
  return {
    to,
    recipientName: decision.referrer.name ?? undefined,
    recipientEmail: decision.referrerEmail ?? undefined,
  };
}

/** Names the file by the contact reference only: a downloaded file's name is seen by many. */
function docxFilename(decision: DecisionForLetter, to: LetterFacts['to']): string {
  return `letter-to-${to}-${decision.contactReference.replace(/[^A-Za-z0-9-]/g, '')}.docx`;
}

/** The letter as it will be kept, and the audit and journey facts its saving shares. */
function prepareLetter(request: FastifyRequest, deps: AppDeps, decision: DecisionForLetter, form: SendForm) {
  const actor = signedInActor(request);
  const facts = factsFor(request, deps, decision, form.to, form.recipientName);
  const letter = letterContent(facts);
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
      by: actor.userId,
      at: deps.clock.now(),
      override: overrideOf(decision, form),
    },
    sent: (letterId: number, emailMessageId: string | null) => ({
      letterId,
      contactChildId: decision.contactChildId,
      method: form.method,
      emailMessageId,
      by: actor.userId,
      at: deps.clock.now(),
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
        ...(overrideOf(decision, form) ? { safetyOverride: true, warnings: decision.family.warnings } : {}),
      },
    }),
  };
}

/** A family letter sent although the safety check warned against it: the manager's reason (checked already). */
function overrideOf(decision: DecisionForLetter, form: SendForm) {
  if (form.to !== 'family' || decision.family.safe || !form.overrideReason) return undefined;
  return { reason: form.overrideReason, warnings: decision.family.warnings };
}

/** Post, by hand or a secure portal: the sender says it has gone, so it is written and sent at once. */
async function recordLetterSent(
  request: FastifyRequest,
  deps: AppDeps,
  decision: DecisionForLetter,
  form: SendForm
): Promise<void> {
  const { written, sent, audited } = prepareLetter(request, deps, decision, form);
  await request.access.recordChange('letter:send', 'letter.send', async (trx) => {
    const letterId = await createLetter(trx, written);
    await markLetterSent(trx, sent(letterId, null));
    return audited(letterId);
  });
}

/**
 * Email: the letter is kept first, then emailed with the Word document attached, then recorded as
 * sent. A letter the mail server refused stays written but is never recorded as sent: answers false.
 */
async function emailLetter(
  request: FastifyRequest,
  deps: AppDeps,
  mailer: LetterMailer,
  decision: DecisionForLetter,
  form: SendForm
): Promise<boolean> {
  const { facts, letter, written, sent, audited } = prepareLetter(request, deps, decision, form);
  const letterId = await request.access.recordChange('letter:send', 'letter.create', async (trx) =>
    audited(await createLetter(trx, written))
  );
  const email = coveringEmail(facts);
  const attachment = {
    filename: docxFilename(decision, form.to),
    content: await letterDocx(letter),
    contentType: DOCX,
  };
  let messageId: string;
  try {
    // The form asks for an address whenever the method is email.
    messageId = await mailer.send({ to: form.recipientEmail!, ...email, attachment });
  } catch (error) {
    // The error names the address the server refused, so only its codes are logged.
    const { code, responseCode } = error as { code?: string; responseCode?: number };
    request.log.warn({ code, responseCode }, 'letter email was not sent');
    return false;
  }
  await request.access.recordChange('letter:send', 'letter.send', async (trx) => {
    await markLetterSent(trx, sent(letterId, messageId));
    return audited(letterId);
  });
  return true;
}

async function renderLetterPage(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: AppDeps,
  mailer: LetterMailer | null,
  page: LetterPage
) {
  const letter = letterContent(factsFor(request, deps, page.decision, page.to, null));
  return reply.view(`${VIEWS}/letter.njk`, {
    pageTitle: page.to === 'referrer' ? 'Letter to the referrer' : 'Letter to the family',
    ...page,
    letter,
    authorisedDecisionId: page.decision.decisionId,
    canOverride: request.access.can('decision:authorise'),
    showLetter: mayHandleFamilyLetter(request, page.decision, page.to),
    methods: Object.entries(SEND_METHODS).map(([value, text]) => ({
      value,
      text,
      checked: page.values.method === value,
      hint: value === 'email' && !mailer ? { text: 'Email is not set up for this council' } : undefined,
    })),
  });
}
