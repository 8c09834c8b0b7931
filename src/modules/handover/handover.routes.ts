import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { describeCode } from '../people/code-labels.ts';
import {
  ChildNotLinkedError,
  HandoverAlreadyAnsweredError,
  acceptHandover,
  findHandover,
  loadHandover,
  loadTeamInbox,
  returnHandover,
  teamMembers,
} from './handovers.ts';
import { idParams } from '../../platform/http/params.ts';

const VIEWS = 'modules/handover/views';
const respond = { config: { permission: 'handover:respond' } } as const;

const returnForm = z.object({
  reason: requiredText(
    5000,
    'Enter why you are returning the child to the front door',
    'The reason must be 5,000 characters or fewer'
  ),
});

const CHOOSE_WORKER = 'Choose the worker in your team who will take the child on';
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
    const { teamId } = signedInActor(request);
    const answered = (request.query as { answered?: string } | undefined)?.answered;
    if (teamId === null) {
      return reply.view(`${VIEWS}/inbox.njk`, { pageTitle: 'Handovers to your team', team: null });
    }
    const team = await deps.db
      .selectFrom('team')
      .select(['id', 'name', 'kind'])
      .where('id', '=', teamId)
      .executeTakeFirstOrThrow();
    return reply.view(`${VIEWS}/inbox.njk`, {
      pageTitle: 'Handovers to your team',
      team,
      ...(await loadTeamInbox(request.access, teamId, deps.clock.now())),
      answered: answered === 'accepted' || answered === 'returned' ? answered : null,
    });
  });

  app.get('/handovers/:id', respond, async (request, reply) => {
    const handover = await readHandover(request, deps);
    // The worker list starts at whoever opened the page, when they are in the team; they can change it.
    const values = { workerId: String(signedInActor(request).userId) };
    return renderHandover(reply, deps, handover, { values });
  });

  app.post('/handovers/:id/accept', respond, async (request, reply) => {
    const handover = await readHandover(request, deps);
    if (handover.status !== 'offered') return renderAlreadyAnswered(reply, deps, handover);
    const values = (request.body ?? {}) as Record<string, string | undefined>;
    if (handover.person_id === null) {
      return renderHandover(reply.code(409), deps, handover, {
        values,
        notice: NOT_LINKED,
        noticeTitle: 'Not linked',
      });
    }
    const parsed = acceptForm.safeParse(values);
    const members = await teamMembers(deps.db, handover.to_team_id);
    const worker = parsed.success ? members.find((member) => member.id === parsed.data.workerId) : undefined;
    if (!worker) {
      const errors = parsed.success ? formError('workerId', CHOOSE_WORKER) : formErrors(parsed.error);
      return renderHandover(reply.code(400), deps, handover, { values, errors });
    }
    try {
      await request.access.recordChange('handover:respond', 'handover.accept', async (trx) => {
        const { involvementId } = await acceptHandover(trx, subjectOf(handover), {
          actorId: signedInActor(request).userId,
          at: deps.clock.now(),
          workerId: worker.id,
        });
        return {
          recordType: 'handover',
          recordId: handover.id,
          result: null,
          details: {
            contactChildId: handover.contact_child_id,
            teamId: handover.to_team_id,
            workerId: worker.id,
            involvementId,
          },
        };
      });
    } catch (error) {
      if (error instanceof ChildNotLinkedError) {
        return renderHandover(reply.code(409), deps, handover, {
          values,
          notice: NOT_LINKED,
          noticeTitle: 'Not linked',
        });
      }
      if (!(error instanceof HandoverAlreadyAnsweredError)) throw error;
      return renderAlreadyAnswered(reply, deps, await readHandover(request, deps));
    }
    return reply.redirect('/handovers?answered=accepted', 303);
  });

  app.post('/handovers/:id/return', respond, async (request, reply) => {
    const handover = await readHandover(request, deps);
    if (handover.status !== 'offered') return renderAlreadyAnswered(reply, deps, handover);
    const values = (request.body ?? {}) as Record<string, string | undefined>;
    const parsed = returnForm.safeParse(values);
    if (!parsed.success) {
      return renderHandover(reply.code(400), deps, handover, { values, errors: formErrors(parsed.error) });
    }
    try {
      await request.access.recordChange('handover:respond', 'handover.return', async (trx) => {
        const { frontDoorTeamId } = await returnHandover(trx, subjectOf(handover), {
          actorId: signedInActor(request).userId,
          at: deps.clock.now(),
          reason: parsed.data.reason,
        });
        return {
          recordType: 'handover',
          recordId: handover.id,
          result: null,
          details: {
            contactChildId: handover.contact_child_id,
            teamId: handover.to_team_id,
            frontDoorTeamId,
          },
        };
      });
    } catch (error) {
      if (!(error instanceof HandoverAlreadyAnsweredError)) throw error;
      return renderAlreadyAnswered(reply, deps, await readHandover(request, deps));
    }
    return reply.redirect('/handovers?answered=returned', 303);
  });
}

type Handover = Awaited<ReturnType<typeof loadHandover>>;

/**
 * A handover only its receiving team may open, read through the access check of the child it is
 * about; anyone else is told it does not exist.
 */
async function readHandover(request: FastifyRequest, deps: AppDeps): Promise<Handover> {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError('Handover');
  const found = await findHandover(deps.db, params.data.id);
  if (!found || found.to_team_id !== signedInActor(request).teamId) throw new RecordNotFoundError('Handover');
  const now = deps.clock.now();
  return request.access.readContactChild(found.contact_child_id, (db) => loadHandover(db, found.id, now));
}

function subjectOf(handover: Handover) {
  return { id: handover.id, contactChildId: handover.contact_child_id, teamId: handover.to_team_id };
}

function renderAlreadyAnswered(reply: FastifyReply, deps: AppDeps, handover: Handover) {
  return renderHandover(reply.code(409), deps, handover, { notice: ALREADY_ANSWERED });
}

async function renderHandover(
  reply: FastifyReply,
  deps: AppDeps,
  handover: Handover,
  extra: {
    values?: Record<string, string | undefined>;
    errors?: FormErrors;
    notice?: string;
    noticeTitle?: string;
  }
) {
  const members = handover.status === 'offered' ? await teamMembers(deps.db, handover.to_team_id) : [];
  return reply.view(`${VIEWS}/handover.njk`, {
    pageTitle: 'Handover',
    handover,
    members,
    describe: describeCode,
    values: extra.values ?? {},
    errors: extra.errors,
    notice: extra.notice,
    noticeTitle: extra.noticeTitle ?? 'Already answered',
  });
}
