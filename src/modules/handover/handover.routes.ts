import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import {
  HandoverAlreadyAnsweredError,
  acceptHandover,
  findHandover,
  loadHandover,
  loadTeamInbox,
  returnHandover,
} from './handovers.ts';

const VIEWS = 'modules/handover/views';
const idParams = z.object({ id: z.coerce.number().int().positive() });
const respond = { config: { permission: 'handover:respond' } } as const;

const returnForm = z.object({
  reason: requiredText(
    5000,
    'Enter why you are returning the child to the front door',
    'The reason must be 5,000 characters or fewer'
  ),
});

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
    return renderHandover(reply, handover, {});
  });

  app.post('/handovers/:id/accept', respond, async (request, reply) => {
    const handover = await readHandover(request, deps);
    if (handover.status !== 'offered') return renderAlreadyAnswered(reply, handover);
    try {
      await request.access.recordChange('handover:respond', 'handover.accept', async (trx) => {
        await acceptHandover(trx, subjectOf(handover), {
          actorId: signedInActor(request).userId,
          at: deps.clock.now(),
        });
        return {
          recordType: 'handover',
          recordId: handover.id,
          result: null,
          details: { contactChildId: handover.contact_child_id, teamId: handover.to_team_id },
        };
      });
    } catch (error) {
      if (!(error instanceof HandoverAlreadyAnsweredError)) throw error;
      return renderAlreadyAnswered(reply, await readHandover(request, deps));
    }
    return reply.redirect('/handovers?answered=accepted', 303);
  });

  app.post('/handovers/:id/return', respond, async (request, reply) => {
    const handover = await readHandover(request, deps);
    if (handover.status !== 'offered') return renderAlreadyAnswered(reply, handover);
    const values = (request.body ?? {}) as Record<string, string | undefined>;
    const parsed = returnForm.safeParse(values);
    if (!parsed.success) {
      return renderHandover(reply.code(400), handover, { values, errors: formErrors(parsed.error) });
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
      return renderAlreadyAnswered(reply, await readHandover(request, deps));
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

function renderAlreadyAnswered(reply: FastifyReply, handover: Handover) {
  return renderHandover(reply.code(409), handover, { notice: ALREADY_ANSWERED });
}

function renderHandover(
  reply: FastifyReply,
  handover: Handover,
  extra: { values?: Record<string, string | undefined>; errors?: FormErrors; notice?: string }
) {
  return reply.view(`${VIEWS}/handover.njk`, {
    pageTitle: 'Handover',
    handover,
    values: extra.values ?? {},
    errors: extra.errors,
    notice: extra.notice,
  });
}
