import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { DutyContact } from '../../../platform/db/schema.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import type { Clock } from '../../../platform/clock.ts';
import { formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { hitRateLimit } from '../../../platform/auth/rate-limit.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { MAX_ADULTS, MAX_CHILDREN } from './answer-schemas.ts';
import * as choices from './choices.ts';
import { readCarriedAnswers, withPostedAnswer, type Answers, type ListGroup } from './carried-answers.ts';
import { answerOf, AUDIENCES, type Journey, type QuestionPage, type SummarySection } from './journey.ts';
import { JOURNEYS } from './journeys.ts';
import { RELATIONSHIP_KINDS } from '../../people/relationships/relationship-kinds.ts';
import { newPublicReference, PUBLIC_REFERENCE } from './public-reference.ts';
import { saveOnlineRequest } from './submit-online-request.ts';

const VIEWS = 'modules/intake/online/views';
const PUBLIC = { config: { public: true } } as const;
const CHECK_PAGE = 'check';
/** A field people never see: only robots fill it in. */
const HONEYPOT = 'website';

/** Generous and per address, so a busy school or hospital network is not shut out; over it, phone instead. */
export const SUBMISSION_LIMIT = { perHour: 20 } as const;

/** Childline is national: the same number whichever council a child lives in. */
const CHILDLINE = '0800 1111';

const whoForm = z.object({ who: z.enum(AUDIENCES, { error: 'Select who you are' }) });

interface Progress {
  journey: Journey;
  answers: Answers;
  /** Came from "Change" on the check page, so Continue goes back there. */
  returnToCheck: boolean;
  today: string;
  phone: PhoneNumbers;
}

type PhoneNumbers = DutyContact & { childline: string };

type Form = Record<string, unknown>;

/** The online request for support: public, no account, GOV.UK question pages that work without JavaScript. */
export function registerOnlineRequestRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const phoneNumbers = async (): Promise<PhoneNumbers> => ({
    ...(await councilSettings(deps.db)).dutyContact,
    childline: CHILDLINE,
  });
  const progressOf = async (journey: Journey, form: Form): Promise<Progress> => ({
    journey,
    answers: readCarriedAnswers(form._answers),
    returnToCheck: form._returnToCheck === '1',
    today: londonDateOf(deps.clock.now()),
    phone: await phoneNumbers(),
  });

  app.get('/request-support', PUBLIC, async (_request, reply) => showStart(reply, await phoneNumbers()));

  app.post('/request-support', PUBLIC, async (request, reply) => {
    const parsed = whoForm.safeParse(request.body ?? {});
    if (!parsed.success) return showStart(reply.code(400), await phoneNumbers(), formErrors(parsed.error));
    return reply.redirect(`/request-support/${parsed.data.who}`, 303);
  });

  app.get('/request-support/:audience', PUBLIC, async (request, reply) => {
    const journey = journeyOf(request);
    if (!journey) return reply.callNotFound();
    return showPage(reply, await progressOf(journey, {}), journey.pages[0]!);
  });

  app.post('/request-support/:audience', PUBLIC, async (request, reply) => {
    const journey = journeyOf(request);
    if (!journey) return reply.callNotFound();
    const form = (request.body ?? {}) as Form;
    const action = typeof form._action === 'string' ? form._action : 'continue';
    const progress = await progressOf(journey, form);
    if (form._page !== CHECK_PAGE) return answerQuestion(reply, progress, form, action);
    if (action !== 'send') return reviewAnswers(reply, progress, action);
    return send(request, reply, progress, form);
  });

  app.get('/request-support/:audience/sent', PUBLIC, async (request, reply) => {
    const journey = journeyOf(request);
    const { reference } = request.query as { reference?: string };
    if (!journey || !reference || !PUBLIC_REFERENCE.test(reference)) return reply.callNotFound();
    return reply.view(`${VIEWS}/sent.njk`, {
      pageTitle: 'Request sent',
      audience: journey.audience,
      reference,
      phone: await phoneNumbers(),
    });
  });

  async function send(request: FastifyRequest, reply: FastifyReply, progress: Progress, form: Form) {
    const read = progress.journey.readAll(progress.answers, progress.today);
    if (!read.ok)
      return showPage(reply.code(400), { ...progress, returnToCheck: true }, read.page, read.errors);
    const now = deps.clock.now();
    const limit = await hitRateLimit(
      deps.db,
      `online-request:${request.ip}`,
      SUBMISSION_LIMIT.perHour,
      3600,
      now
    );
    if (!limit.allowed) return showPhoneInstead(reply, progress, read.sections, limit.retryAfterSeconds);
    const publicReference = newPublicReference();
    // A robot that filled in the honeypot sees the usual confirmation; nothing is saved or audited.
    if (!form[HONEYPOT]) {
      await saveOnlineRequest(
        deps.db,
        { details: read.details, audience: progress.journey.audience, publicReference },
        { ip: request.ip, requestId: request.id },
        now
      );
    }
    return reply.redirect(
      `/request-support/${progress.journey.audience}/sent?reference=${publicReference}`,
      303
    );
  }
}

function journeyOf(request: FastifyRequest): Journey | undefined {
  const { audience } = request.params as { audience: string };
  return Object.hasOwn(JOURNEYS, audience) ? JOURNEYS[audience as keyof typeof JOURNEYS] : undefined;
}

function answerQuestion(reply: FastifyReply, progress: Progress, form: Form, action: string) {
  const { pages } = progress.journey;
  const page = pages.find((candidate) => candidate.group === form._page) ?? pages[0]!;
  const answered = { ...progress, answers: withPostedAnswer(progress.answers, page.group, form) };
  if (action === 'back') {
    return answered.returnToCheck
      ? showCheck(reply, answered)
      : showPage(reply, answered, pages[pages.indexOf(page) - 1] ?? page);
  }
  const changed = changeList(answered.answers, action);
  if (changed) return showPage(reply, { ...answered, answers: changed }, page);
  const errors = progress.journey.checkPage(page.group, answered.answers, progress.today);
  if (errors) return showPage(reply.code(400), answered, page, errors);
  const next = answered.returnToCheck ? undefined : pages[pages.indexOf(page) + 1];
  return next ? showPage(reply, answered, next) : showCheck(reply, answered);
}

const LISTS: Record<string, { group: ListGroup; max: number }> = {
  child: { group: 'children', max: MAX_CHILDREN },
  adult: { group: 'adults', max: MAX_ADULTS },
};

/**
 * "Add another" (`add-child`) adds a blank person, "Remove" (`remove-adult-1`) removes one: the page
 * shows again without checking, as nothing was sent. Undefined for any other action.
 */
function changeList(answers: Answers, action: string): Answers | undefined {
  const [, change, noun, index] = /^(add|remove)-(child|adult)(?:-(\d+))?$/.exec(action) ?? [];
  const list = noun === undefined ? undefined : LISTS[noun];
  if (!list) return undefined;
  const people = [...(answers[list.group] ?? [])];
  if (change === 'add' && people.length < list.max) people.push({});
  if (change === 'remove' && index !== undefined) people.splice(Number(index), 1);
  return { ...answers, [list.group]: people.length > 0 ? people : [{}] };
}

function reviewAnswers(reply: FastifyReply, progress: Progress, action: string) {
  const { pages } = progress.journey;
  if (action === 'back') return showPage(reply, progress, pages[pages.length - 1]!);
  const changing = pages.find((page) => action === `change-${page.group}`);
  if (changing) return showPage(reply, { ...progress, returnToCheck: true }, changing);
  return showCheck(reply, progress);
}

function showStart(reply: FastifyReply, phone: PhoneNumbers, errors?: FormErrors) {
  return reply.view(`${VIEWS}/start.njk`, {
    pageTitle: 'Ask children’s services for help',
    phone,
    errors,
  });
}

/** The answers are in the page, so it must not be kept in a shared computer's cache. */
function journeyView(
  reply: FastifyReply,
  template: string,
  progress: Progress,
  context: Record<string, unknown>
) {
  return reply.header('cache-control', 'no-store').view(template, {
    audience: progress.journey.audience,
    professional: progress.journey.audience === 'professional',
    youngPerson: progress.journey.audience === 'young-person',
    answersJson: JSON.stringify(progress.answers),
    returnToCheck: progress.returnToCheck,
    phone: progress.phone,
    ...context,
  });
}

function showPage(reply: FastifyReply, progress: Progress, page: QuestionPage, errors?: FormErrors) {
  return journeyView(reply, page.template, progress, {
    pageTitle: page.title,
    page: page.group,
    firstPage: page === progress.journey.pages[0],
    values: answerOf(progress.answers, page.group),
    choices,
    maxChildren: MAX_CHILDREN,
    maxAdults: MAX_ADULTS,
    relationshipKinds: RELATIONSHIP_KINDS,
    errors,
  });
}

function showCheck(reply: FastifyReply, progress: Progress) {
  const read = progress.journey.readAll(progress.answers, progress.today);
  if (!read.ok)
    return showPage(reply.code(400), { ...progress, returnToCheck: true }, read.page, read.errors);
  return journeyView(reply, `${VIEWS}/check.njk`, progress, {
    pageTitle: 'Check your answers before sending',
    sections: read.sections,
    honeypot: HONEYPOT,
  });
}

/** Over the limit: phone instead, with every answer shown so nothing typed is lost. */
function showPhoneInstead(
  reply: FastifyReply,
  progress: Progress,
  sections: SummarySection[],
  retryAfterSeconds: number
) {
  reply.code(429).header('retry-after', String(retryAfterSeconds));
  return journeyView(reply, `${VIEWS}/phone-instead.njk`, progress, {
    pageTitle: 'Please phone us instead',
    sections,
    retryAfterMinutes: Math.ceil(retryAfterSeconds / 60),
  });
}
