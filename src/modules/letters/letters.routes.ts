import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { SOURCE_ROOT } from '../../platform/paths.ts';
import { blankOr, emailField } from '../intake/contact-fields.ts';
import { letterContent, type LetterFacts } from './letter-content.ts';
import { overrideReasonProblem } from './family-letter-safety.ts';
import { DOCX_TYPE, docxFilename, letterDocx } from './letter-docx.ts';
import { mailerFromEnvironment, type LetterMailer } from './letter-mail.ts';
import { SEND_METHODS, type DecisionForLetter, type LettersOfChild, type SendMethod } from './letters.ts';
import {
  auditLetterView,
  emailLetter,
  letterFactsFor,
  readDecisionForLetter,
  recordLetterSent,
  withholdFamilyLetter,
} from './letters.service.ts';
import { recordIdOf } from '../../platform/http/params.ts';

const VIEWS = 'modules/letters/views';
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
    await auditLetterView(request.access, decision, to, 'html');
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
    const letter = letterContent(letterFactsFor(request.access, decision, to, null, deps.clock.now()));
    await auditLetterView(request.access, decision, to, 'docx');
    return reply
      .type(DOCX_TYPE)
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
      await withholdFamilyLetter(request.access, decision, deps.clock.now());
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
      const emailed = await emailLetter(request.access, mailer, decision, form, {
        clock: deps.clock,
        log: request.log,
      });
      if (!emailed) return refuse(502, formError('method', EMAIL_FAILED));
    } else {
      await recordLetterSent(request.access, decision, form, deps.clock.now());
    }
    return reply.redirect(`/decisions/${decision.decisionId}/letter?to=${to}&sent=1`, 303);
  });
}

/** The decision whose letter this is, from the route's id. */
function readDecision(request: FastifyRequest, deps: AppDeps) {
  const id = recordIdOf(request, 'Decision');
  return readDecisionForLetter(request.access, id, deps.clock.now());
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

function startingValues(decision: DecisionForLetter, to: LetterFacts['to']): FormValues {
  if (to === 'family') return { to };
  return {
    to,
    recipientName: decision.referrer.name ?? undefined,
    recipientEmail: decision.referrerEmail ?? undefined,
  };
}

async function renderLetterPage(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: AppDeps,
  mailer: LetterMailer | null,
  page: LetterPage
) {
  const letter = letterContent(
    letterFactsFor(request.access, page.decision, page.to, null, deps.clock.now())
  );
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
