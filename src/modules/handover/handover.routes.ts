import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formError, formErrors, FormProblem, type FormErrors } from '../../platform/http/forms.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { recordIdOf } from '../../platform/http/params.ts';
import { describeCode } from '../people/code-labels.ts';
import {
  CHOOSE_WORKER,
  ChildNotLinkedError,
  HandoverAlreadyAnsweredError,
  acceptHandover,
  handoverInbox,
  readHandover,
  returnHandover,
  type HandoverPage,
} from './handover.service.ts';
import { INBOX_PAGE_SIZE, type InboxPages } from './handovers.ts';
import { govukPagination } from '../../platform/http/pagination.ts';

const VIEWS = 'modules/handover/views';
const pageTitle = 'Handovers to your team';
const respond = { config: { permission: 'handover:respond' } } as const;

/** The query parameters that say which page of each list in the inbox to show. */
const WAITING = 'waiting-page';
const RECENT = 'recent-page';
/** A page of one of the inbox's lists: anything not a page number is the first. */
const inboxPage = z.coerce.number().int().min(1).max(10_000).catch(1);

/** The inbox's address at these pages of its lists (page 1 left out), at one list when `at` is given. */
function inboxUrl(pages: InboxPages, answered: string | null, at?: 'waiting' | 'recent'): string {
  const query = new URLSearchParams();
  if (answered) query.set('answered', answered);
  if (pages.waiting > 1) query.set(WAITING, String(pages.waiting));
  if (pages.recent > 1) query.set(RECENT, String(pages.recent));
  const text = query.toString();
  return `/handovers${text ? `?${text}` : ''}${at ? `#${at}` : ''}`;
}

const returnForm = z.object({
  reason: requiredText(
    5000,
    'Enter why you are returning the child to the front door',
    'The reason must be 5,000 characters or fewer'
  ),
});

const acceptForm = z.object({
  workerId: z.coerce.number({ error: CHOOSE_WORKER }).int(CHOOSE_WORKER).positive(CHOOSE_WORKER),
});

const NOT_LINKED =
  'This child is not linked to a person record, so their involvement cannot be opened. Ask the front door to link the child to a record on the contact first.';

const ALREADY_ANSWERED =
  'Someone in your team has already answered this handover, so it cannot be answered again.';

/**
 * Handover to the receiving team (early help, assessment): the team's inbox, and accepting or
 * returning each child with a reason. Only members of the receiving team see or answer a handover.
 */
export function registerHandoverRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/handovers', respond, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const answered = query.answered === 'accepted' || query.answered === 'returned' ? query.answered : null;
    const pages = { waiting: inboxPage.parse(query[WAITING]), recent: inboxPage.parse(query[RECENT]) };
    const inbox = await handoverInbox(request.access, deps.db, deps.clock.now(), pages);
    if (!inbox.team) return reply.view(`${VIEWS}/inbox.njk`, { pageTitle, team: null, answered });
    const { waiting, recent } = inbox;
    // A page past the end of its list (handovers answered since the link was made): that list's first page.
    if (waiting.total === null || recent.total === null) {
      const first = {
        waiting: waiting.total === null ? 1 : pages.waiting,
        recent: recent.total === null ? 1 : pages.recent,
      };
      return reply.redirect(inboxUrl(first, answered), 303);
    }
    const pagination = (list: 'waiting' | 'recent', total: number) =>
      govukPagination(pages[list], Math.ceil(total / INBOX_PAGE_SIZE), (page) =>
        inboxUrl({ ...pages, [list]: page }, null, list)
      );
    return reply.view(`${VIEWS}/inbox.njk`, {
      pageTitle,
      team: inbox.team,
      waiting: { ...waiting, pagination: pagination('waiting', waiting.total) },
      recent: { ...recent, pagination: pagination('recent', recent.total) },
      answered,
    });
  });

  app.get('/handovers/:id', respond, async (request, reply) => {
    const page = await readHandover(request.access, recordIdOf(request, 'Handover'), deps.clock.now());
    // The worker list starts at whoever opened the page, when they are in the team; they can change it.
    const values = { workerId: String(signedInActor(request).userId) };
    return renderHandover(reply, page, { values });
  });

  app.post('/handovers/:id/accept', respond, async (request, reply) => {
    const id = recordIdOf(request, 'Handover');
    const page = await readHandover(request.access, id, deps.clock.now());
    if (page.handover.status !== 'offered') return renderAlreadyAnswered(reply, page);
    const values = (request.body ?? {}) as Record<string, string | undefined>;
    if (page.handover.person_id === null) {
      return renderHandover(reply.code(409), page, { values, notice: NOT_LINKED, noticeTitle: 'Not linked' });
    }
    const parsed = acceptForm.safeParse(values);
    if (!parsed.success) {
      return renderHandover(reply.code(400), page, { values, errors: formErrors(parsed.error) });
    }
    try {
      await acceptHandover(request.access, page.handover, parsed.data.workerId, deps.clock.now());
    } catch (error) {
      if (error instanceof FormProblem) {
        return renderHandover(reply.code(400), page, {
          values,
          errors: formError(error.field, error.message),
        });
      }
      if (error instanceof ChildNotLinkedError) {
        return renderHandover(reply.code(409), page, {
          values,
          notice: NOT_LINKED,
          noticeTitle: 'Not linked',
        });
      }
      if (!(error instanceof HandoverAlreadyAnsweredError)) throw error;
      return renderAlreadyAnswered(reply, await readHandover(request.access, id, deps.clock.now()));
    }
    return reply.redirect('/handovers?answered=accepted', 303);
  });

  app.post('/handovers/:id/return', respond, async (request, reply) => {
    const id = recordIdOf(request, 'Handover');
    const page = await readHandover(request.access, id, deps.clock.now());
    if (page.handover.status !== 'offered') return renderAlreadyAnswered(reply, page);
    const values = (request.body ?? {}) as Record<string, string | undefined>;
    const parsed = returnForm.safeParse(values);
    if (!parsed.success) {
      return renderHandover(reply.code(400), page, { values, errors: formErrors(parsed.error) });
    }
    try {
      await returnHandover(request.access, page.handover, parsed.data.reason, deps.clock.now());
    } catch (error) {
      if (!(error instanceof HandoverAlreadyAnsweredError)) throw error;
      return renderAlreadyAnswered(reply, await readHandover(request.access, id, deps.clock.now()));
    }
    return reply.redirect('/handovers?answered=returned', 303);
  });
}

function renderAlreadyAnswered(reply: FastifyReply, page: HandoverPage) {
  return renderHandover(reply.code(409), page, { notice: ALREADY_ANSWERED });
}

function renderHandover(
  reply: FastifyReply,
  page: HandoverPage,
  extra: {
    values?: Record<string, string | undefined>;
    errors?: FormErrors;
    notice?: string;
    noticeTitle?: string;
  }
) {
  return reply.view(`${VIEWS}/handover.njk`, {
    pageTitle: 'Handover',
    ...page,
    describe: describeCode,
    values: extra.values ?? {},
    errors: extra.errors,
    notice: extra.notice,
    noticeTitle: extra.noticeTitle ?? 'Already answered',
  });
}
