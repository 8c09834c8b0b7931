import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { formError, type FormErrors } from '../../../platform/http/forms.ts';
import { RESTRICTED_MAY_MATCH } from '../../people/matching/restricted-matches.ts';
import { idParam } from '../../../platform/http/params.ts';
import { childToLink, linkChild, type ChildToLink } from './link-child.service.ts';
import type { Offered } from './link-choice.ts';

const VIEWS = 'modules/intake/staff/views';
const params = z.object({ id: idParam, childId: idParam });

/** Tying a described child to the person index, when screening (see link-child.service.ts). */
export function registerLinkChildRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const record = { config: { permission: 'contact:record' } } as const;

  app.get('/contacts/:id/children/:childId/link', record, async (request, reply) => {
    const { child, offered } = await childToLink(request.access, childIds(request.params));
    return render(reply, child, offered, {});
  });

  app.post('/contacts/:id/children/:childId/link', record, async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, string>;
    const linked = await linkChild(
      request.access,
      { ...childIds(request.params), match: values.match, newReason: values.newReason },
      deps.clock.now()
    );
    if (linked.outcome === 'linked') return reply.redirect(`/contacts/${linked.contactId}`, 303);
    const { child, offered, problem } = linked;
    return render(reply.code(400), child, offered, values, formError(problem.field, problem.text));
  });
}

function childIds(raw: unknown): { contactId: number; childId: number } {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw new RecordNotFoundError('Contact');
  return { contactId: parsed.data.id, childId: parsed.data.childId };
}

function render(
  reply: FastifyReply,
  child: ChildToLink,
  offered: Offered,
  values: Record<string, string>,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/link-child.njk`, {
    pageTitle: 'Link the child to a person record',
    child,
    candidates: offered.candidates,
    restrictedMayMatch: offered.restrictedMayMatch,
    restrictedMayMatchText: RESTRICTED_MAY_MATCH,
    values,
    errors,
  });
}
