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

const VIEWS = 'modules/handover/views';
const respond = { config: { permission: 'handover:respond' } } as const;

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
    const answered = (request.query as { answered?: string } | undefined)?.answered;
    return reply.view(`${VIEWS}/inbox.njk`, {
      pageTitle: 'Handovers to your team',
      ...(await handoverInbox(request.access, deps.db, deps.clock.now())),
      answered: answered === 'accepted' || answered === 'returned' ? answered : null,
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
