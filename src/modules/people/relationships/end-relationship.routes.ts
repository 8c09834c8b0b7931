import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { dateProblemMessage, parseDateParts } from '../../../platform/http/dates.ts';
import { formError, mergeFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/params.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { endRelationship, readRelationshipToEnd, type Relationship } from './relationships.ts';

const VIEWS = 'modules/people/relationships/views';
const params = z.object({ id: idParam, relationshipId: idParam });

/** Ending a relationship from either person's record: it stays on both, as ended, with the reason. */
export function registerEndRelationshipRoutes(app: FastifyInstance, deps: { clock: Clock }): void {
  const change = { config: { permission: 'contact:record' } } as const;

  app.get('/people/:id/relationships/:relationshipId/end', change, async (request, reply) => {
    const ids = idsOf(request.params);
    const found = await readRelationshipToEnd(request.access, ids);
    return render(reply, ids.id, found, {});
  });

  app.post('/people/:id/relationships/:relationshipId/end', change, async (request, reply) => {
    const ids = idsOf(request.params);
    const found = await readRelationshipToEnd(request.access, ids);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = endForm(values, found.relationship, londonDateOf(deps.clock.now()));
    if ('errors' in parsed) return render(reply.code(400), ids.id, found, values, parsed.errors);
    await endRelationship(request.access, {
      personId: ids.id,
      relationshipId: ids.relationshipId,
      ...parsed,
    });
    return reply.redirect(`/people/${ids.id}?ended=relationship#relationships`, 303);
  });
}

function idsOf(raw: unknown) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw new RecordNotFoundError('Person');
  return parsed.data;
}

/** The end date (today or earlier, not before it was recorded) and the reason, or every problem at once. */
function endForm(
  values: Record<string, string>,
  relationship: Relationship,
  today: string
): { endedOn: string; reason: string } | { errors: FormErrors } {
  const problems: FormErrors[] = [];
  const date = parseDateParts({
    day: values['endedOn-day'],
    month: values['endedOn-month'],
    year: values['endedOn-year'],
  });
  const recordedOn = londonDateOf(relationship.recordedAt);
  if (date.outcome === 'empty') problems.push(formError('endedOn', 'Enter the date the relationship ended'));
  else if (date.outcome === 'problem')
    problems.push(formError('endedOn', dateProblemMessage('The date the relationship ended', date.problem)));
  else if (date.date > today)
    problems.push(formError('endedOn', 'The date the relationship ended must be today or in the past'));
  else if (date.date < recordedOn)
    problems.push(
      formError('endedOn', 'The date the relationship ended must be on or after the day it was recorded')
    );
  const reason = (values.reason ?? '').trim();
  if (!reason) problems.push(formError('reason', 'Say how you know the relationship has ended'));
  else if (reason.length > 2_000)
    problems.push(formError('reason', 'The reason must be 2,000 characters or fewer'));
  if (problems.length > 0 || date.outcome !== 'date') return { errors: mergeFormErrors(problems) };
  return { endedOn: date.date, reason };
}

function render(
  reply: FastifyReply,
  personId: number,
  found: Awaited<ReturnType<typeof readRelationshipToEnd>>,
  values: Record<string, string>,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/end-relationship.njk`, {
    pageTitle: 'End a relationship',
    personId,
    person: found.person,
    relationship: found.relationship,
    values,
    errors,
  });
}
