import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { describeCode } from '../people/code-labels.ts';
import { calendarOf, councilSettings } from '../../platform/council/council-settings.ts';
import { STRATEGY_OUTCOMES } from '../strategy/strategy-form.ts';
import {
  listHandover,
  listOutOfHoursWork,
  loadChildForAction,
  pickUpForDayTeam,
  recordOutOfHoursAction,
} from './out-of-hours.ts';
import { idParams } from '../../platform/http/params.ts';

const VIEWS = 'modules/work/views';
const actionForm = z.object({
  action: requiredText(5000, 'Describe what you did', 'The action must be 5,000 characters or fewer'),
});

/**
 * The out-of-hours service: tonight's list of what needs attention, the actions taken, and the day
 * team's next-working-day handover list.
 */
export function registerOutOfHoursRoutes(app: FastifyInstance, deps: AppDeps): void {
  const read = { config: { permission: 'contact:read' } } as const;
  const record = { config: { permission: 'screening:record' } } as const;
  const calendar = async () => calendarOf(await councilSettings(deps.db));

  app.get('/out-of-hours', read, async (request, reply) => {
    const now = deps.clock.now();
    const cal = await calendar();
    return reply.view(`${VIEWS}/out-of-hours.njk`, {
      pageTitle: 'Out of hours',
      children: await listOutOfHoursWork(request.access, now, cal),
      now,
      outOfHoursNow: isOutOfHours(now, cal),
      canRecord: request.access.can('screening:record'),
      describe: describeCode,
    });
  });

  app.get('/out-of-hours/handover', read, async (request, reply) => {
    const now = deps.clock.now();
    return reply.view(`${VIEWS}/handover.njk`, {
      pageTitle: 'Out-of-hours handover',
      children: await listHandover(request.access, now, await calendar()),
      now,
      strategyOutcomes: STRATEGY_OUTCOMES,
      pickedUp: (request.query as { 'picked-up'?: string })['picked-up'] === '1',
      canRecord: request.access.can('screening:record'),
      describe: describeCode,
    });
  });

  app.get('/out-of-hours/:id/actions', record, async (request, reply) => {
    const id = contactChildId(request);
    const recorded = (request.query as { recorded?: string }).recorded === '1';
    return renderActionForm(reply, await loadChildForAction(request.access, id), { values: {}, recorded });
  });

  app.post('/out-of-hours/:id/actions', record, async (request, reply) => {
    const id = contactChildId(request);
    const child = await loadChildForAction(request.access, id);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = actionForm.safeParse(values);
    if (!parsed.success)
      return renderActionForm(reply.code(400), child, { values, errors: formErrors(parsed.error) });
    const now = deps.clock.now();
    const cal = await calendar();
    await request.access.recordChange('screening:record', 'out_of_hours.action', async (trx) => {
      const caseNoteId = await recordOutOfHoursAction(trx, {
        contactChildId: id,
        text: parsed.data.action,
        recordedBy: signedInActor(request).userId,
        now,
        cal,
      });
      return {
        recordType: 'contact_child',
        recordId: id,
        result: caseNoteId,
        details: { caseNoteId, outOfHours: isOutOfHours(now, cal) },
      };
    });
    return reply.redirect(`/out-of-hours/${id}/actions?recorded=1`, 303);
  });

  app.post('/out-of-hours/handover/:id/pick-up', record, async (request, reply) => {
    const id = contactChildId(request);
    await request.access.readContactChild(id, async () => null);
    const now = deps.clock.now();
    const outOfHours = isOutOfHours(now, await calendar());
    await request.access.recordChange('screening:record', 'out_of_hours.pick_up', async (trx) => {
      const pickedUp = await pickUpForDayTeam(trx, {
        contactChildId: id,
        pickedUpBy: signedInActor(request).userId,
        now,
        outOfHours,
      });
      return { recordType: 'contact_child', recordId: id, result: pickedUp, details: { pickedUp } };
    });
    return reply.redirect('/out-of-hours/handover?picked-up=1', 303);
  });
}

function contactChildId(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError('Contact');
  return params.data.id;
}

function renderActionForm(
  reply: FastifyReply,
  child: Awaited<ReturnType<typeof loadChildForAction>>,
  extra: { values: Record<string, string>; errors?: FormErrors; recorded?: boolean }
) {
  return reply.view(`${VIEWS}/out-of-hours-action.njk`, {
    pageTitle: `Record an out-of-hours action – ${child.reference}`,
    child,
    ...extra,
  });
}
