import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { EMERGENCY_ACCESS_HOURS, emergencyAccessEnds } from '../../../platform/access/record-policy.ts';
import { ROLE_LABELS } from '../../../platform/access/permissions.ts';
import { idParam, idParams } from '../../../platform/http/params.ts';
import { refusalOf } from '../../../platform/http/form-refusal.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { z } from 'zod';
import {
  parseBreakGlassReview,
  parseGrantForm,
  parseGrantReview,
  parseReason,
  parseReviewDate,
  REASON_RULES,
  type FormValues,
} from './restriction-forms.ts';
import {
  emergencyAccessState,
  grantAccess,
  liftRestriction,
  listOpeningsToReview,
  listRestrictedRecords,
  openInEmergency,
  readRestriction,
  restrictRecord,
  reviewGrant,
  reviewOpening,
} from './restriction.service.ts';

const VIEWS = 'modules/people/restriction/views';
const manage = { config: { permission: 'person:restrict' } } as const;
const breakGlass = { config: { permission: 'person:break_glass' } } as const;
const grantParams = z.object({ id: idParam, userId: idParam });

interface PageForm {
  values?: FormValues;
  errors?: FormErrors;
}

/**
 * Restricted records (issue 18): restricting a record and lifting it, named access granted, reviewed
 * and revoked, and break-glass — emergency access by a worker without a grant, told to the record's
 * managers and reviewed by someone other than the worker.
 */
export function registerRestrictionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());

  app.get('/people/restricted', manage, async (request, reply) => {
    const records = await listRestrictedRecords(request.access, today());
    return reply.view(`${VIEWS}/restricted-records.njk`, {
      pageTitle: 'Restricted records',
      records,
      today: today(),
    });
  });

  app.get('/people/restricted/emergency-access', manage, async (request, reply) =>
    renderQueue(reply, request, {})
  );

  app.post('/people/restricted/emergency-access/:id', manage, async (request, reply) => {
    const openingId = idOf(request.params, 'Emergency access');
    const values = formValues(request);
    const parsed = parseBreakGlassReview(values);
    if (!parsed.ok)
      return renderQueue(reply.code(400), request, { values, errors: parsed.errors }, openingId);
    try {
      await reviewOpening(request.access, openingId, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'review');
      if (!refusal) throw error;
      return renderQueue(reply.code(refusal.status), request, { values, errors: refusal.errors }, openingId);
    }
    return reply.redirect(`/people/restricted/emergency-access?reviewed=${openingId}`, 303);
  });

  app.get('/people/:id/restriction', manage, async (request, reply) =>
    renderRestriction(reply, request, idOf(request.params), {})
  );

  app.post('/people/:id/restriction', manage, async (request, reply) => {
    const personId = idOf(request.params);
    const values = formValues(request);
    const now = deps.clock.now();
    const lifting = values.action === 'lift';
    const reason = lifting
      ? parseReason(values, 'liftReason', REASON_RULES.lift)
      : parseReason(values, 'reason', REASON_RULES.restrict);
    const review = lifting ? undefined : parseReviewDate(values, 'ownReviewDue', today());
    const problem = !reason.ok ? reason.errors : review && !review.ok ? review.errors : undefined;
    return saveOrShow(reply, request, personId, values, problem, async () => {
      if (!reason.ok) return;
      if (lifting) await liftRestriction(request.access, personId, reason.value);
      else if (review?.ok)
        await restrictRecord(
          request.access,
          personId,
          { reason: reason.value, reviewDueOn: review.value },
          now
        );
      return lifting ? 'lifted' : 'restricted';
    });
  });

  app.post('/people/:id/restriction/grants', manage, async (request, reply) => {
    const personId = idOf(request.params);
    const values = formValues(request);
    const parsed = parseGrantForm(values, today());
    return saveOrShow(reply, request, personId, values, parsed.ok ? undefined : parsed.errors, async () => {
      if (parsed.ok) await grantAccess(request.access, personId, parsed.value, deps.clock.now());
      return 'granted';
    });
  });

  app.post('/people/:id/restriction/grants/:userId', manage, async (request, reply) => {
    const params = grantParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Person');
    const { id: personId, userId } = params.data;
    const values = formValues(request);
    const parsed = parseGrantReview(values, `grant-${userId}-`, today());
    return saveOrShow(reply, request, personId, values, parsed.ok ? undefined : parsed.errors, async () => {
      if (!parsed.ok) return;
      await reviewGrant(request.access, personId, userId, parsed.value, deps.clock.now());
      return parsed.value.decision === 'keep' ? 'kept' : 'revoked';
    });
  });

  app.get('/people/:id/emergency-access', breakGlass, async (request, reply) => {
    const personId = idOf(request.params);
    if ((await emergencyAccessState(request.access, personId)) === 'already_open')
      return reply.redirect(`/people/${personId}`, 303);
    return renderEmergency(reply, personId, {});
  });

  app.post('/people/:id/emergency-access', breakGlass, async (request, reply) => {
    const personId = idOf(request.params);
    const values = formValues(request);
    // Refused (as "not found") before the reason is judged, for anyone who may not break glass here.
    if ((await emergencyAccessState(request.access, personId)) === 'already_open')
      return reply.redirect(`/people/${personId}`, 303);
    const reason = parseReason(values, 'reason', REASON_RULES.emergency);
    if (!reason.ok) return renderEmergency(reply.code(400), personId, { values, errors: reason.errors });
    await openInEmergency(request.access, personId, reason.value, deps.clock.now());
    return reply.redirect(`/people/${personId}`, 303);
  });

  function renderEmergency(reply: FastifyReply, personId: number, form: PageForm) {
    return reply.view(`${VIEWS}/emergency-access.njk`, {
      pageTitle: 'This record is restricted',
      personId,
      hours: EMERGENCY_ACCESS_HOURS,
      until: emergencyAccessEnds(deps.clock.now()),
      values: form.values ?? {},
      errors: form.errors,
    });
  }

  /** Runs a change when the form parsed; shows the page again, with what was typed, when it did not or was refused. */
  async function saveOrShow(
    reply: FastifyReply,
    request: FastifyRequest,
    personId: number,
    values: FormValues,
    problem: FormErrors | undefined,
    save: () => Promise<string | undefined>
  ) {
    if (problem) return renderRestriction(reply.code(400), request, personId, { values, errors: problem });
    let done: string | undefined;
    try {
      done = await save();
    } catch (error) {
      const refusal = refusalOf(error, 'restriction');
      if (!refusal) throw error;
      return renderRestriction(reply.code(refusal.status), request, personId, {
        values,
        errors: refusal.errors,
      });
    }
    return reply.redirect(`/people/${personId}/restriction?done=${done ?? ''}`, 303);
  }

  async function renderRestriction(
    reply: FastifyReply,
    request: FastifyRequest,
    personId: number,
    form: PageForm
  ) {
    const record = await readRestriction(request.access, personId, deps.clock.now());
    return reply.view(`${VIEWS}/restriction.njk`, {
      pageTitle: record.childShown
        ? `Restriction: ${record.person.given_name} ${record.person.family_name}`
        : `Restriction: record ${personId}`,
      ...record,
      roleLabels: ROLE_LABELS,
      me: request.access.actor.userId,
      today: today(),
      done: (request.query as { done?: string }).done,
      values: form.values ?? {},
      errors: form.errors,
    });
  }

  async function renderQueue(
    reply: FastifyReply,
    request: FastifyRequest,
    form: PageForm,
    openingId?: number
  ) {
    const openings = await listOpeningsToReview(request.access, deps.clock.now());
    return reply.view(`${VIEWS}/emergency-access-review.njk`, {
      pageTitle: 'Emergency access to review',
      openings,
      openingId,
      reviewed: (request.query as { reviewed?: string }).reviewed,
      values: form.values ?? {},
      errors: form.errors,
    });
  }
}

function idOf(params: unknown, record = 'Person'): number {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError(record);
  return parsed.data.id;
}

function formValues(request: FastifyRequest): FormValues {
  return (request.body ?? {}) as FormValues;
}
