import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import { formError, FormProblem, type FormErrors } from '../../platform/http/forms.ts';
import {
  SECTION_47_OUTCOMES,
  STRATEGY_AGENCIES,
  STRATEGY_OUTCOMES,
  actionRowCount,
  blankStrategyForm,
  parseOwnerForm,
  parseSection47Form,
  parseStrategyForm,
  section47FormOf,
  type FormValues,
} from './strategy-form.ts';
import { ESCALATION_OUTCOMES, parseEscalationClose } from './strategy-rules.ts';
import { idParam } from '../../platform/http/params.ts';
import {
  acknowledgeEscalation,
  closeEscalation,
  changeDiscussionOwner,
  readDiscussion,
  readNewDiscussionForm,
  recordEnquiryOutcome,
  recordStrategyDiscussion,
  type DiscussionPage,
  type NewDiscussionForm,
} from './strategy.service.ts';
import { recordIdOf } from '../../platform/http/params.ts';

const VIEWS = 'modules/strategy/views';
const record = { config: { permission: 'strategy:record' } } as const;
const allocate = { config: { permission: 'work:allocate' } } as const;

const CONFLICT_MESSAGE =
  'Someone else saved the section 47 outcome since you opened this page. The page now shows what they ' +
  'saved; your answers are still in the form. Check them and save again.';

/**
 * Strategy discussions (Working Together 2023): who took part for each agency, what was shared, the
 * decision about a section 47 enquiry and its actions, then the enquiry's outcome and the initial
 * child protection conference against its 15 working days.
 */
export function registerStrategyRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/screening/:id/strategy-discussions', record, async (request, reply) => {
    const id = recordIdOf(request, 'Strategy discussion');
    const form = await readNewDiscussionForm(request.access, id);
    return renderNewForm(reply, form, {
      ...blankStrategyForm(deps.clock.now()),
      ownerTeam: form.owner.teamId === null ? '' : String(form.owner.teamId),
      ownerWorker: form.owner.workerId === null ? '' : String(form.owner.workerId),
    });
  });

  app.post('/screening/:id/strategy-discussions', record, async (request, reply) => {
    const id = recordIdOf(request, 'Strategy discussion');
    const form = await readNewDiscussionForm(request.access, id);
    const values = (request.body ?? {}) as FormValues;
    // Without JavaScript, "Add another action" posts the form back with one more blank row.
    if (values.intent === 'addAction') {
      return renderNewForm(reply, form, { ...values, actionCount: String(actionRowCount(values) + 1) });
    }
    const now = deps.clock.now();
    const parsed = parseStrategyForm(values, now);
    if (!parsed.ok) return renderNewForm(reply.code(400), form, values, parsed.errors);
    let saved;
    try {
      saved = await recordStrategyDiscussion(request.access, id, parsed.value, form.owner, now);
    } catch (error) {
      if (!(error instanceof FormProblem)) throw error;
      return renderNewForm(reply.code(400), form, values, formError(error.field, error.message));
    }
    return reply.redirect(`/strategy-discussions/${saved.id}`, 303);
  });

  // Giving the enquiry to another team and worker (e.g. the day team after an out-of-hours discussion).
  app.post('/strategy-discussions/:id/owner', allocate, async (request, reply) => {
    const id = recordIdOf(request, 'Strategy discussion');
    const page = await readDiscussion(request.access, id, deps.clock.now());
    const values = (request.body ?? {}) as FormValues;
    const parsed = parseOwnerForm(values);
    if (!parsed.ok)
      return renderDiscussion(reply.code(400), page, section47FormOf(page.discussion), undefined, {
        values,
        errors: parsed.errors,
      });
    try {
      await changeDiscussionOwner(request.access, page.discussion, parsed.value);
    } catch (error) {
      if (!(error instanceof FormProblem)) throw error;
      const errors = formError(error.field, error.message);
      return renderDiscussion(reply.code(400), page, section47FormOf(page.discussion), undefined, {
        values,
        errors,
      });
    }
    return reply.redirect(`/strategy-discussions/${id}?owner=1`, 303);
  });

  // A statutory agency's absence, escalated to managers: acknowledged, then closed with what was done.
  app.post(
    '/strategy-discussions/:id/escalations/:escalation/acknowledge',
    allocate,
    async (request, reply) => {
      const id = recordIdOf(request, 'Strategy discussion');
      const escalationId = escalationIdOf(request.params);
      const page = await readDiscussion(request.access, id, deps.clock.now());
      await acknowledgeEscalation(request.access, page.discussion, escalationId, deps.clock.now());
      return reply.redirect(`/strategy-discussions/${id}#escalation-${escalationId}`, 303);
    }
  );

  app.post('/strategy-discussions/:id/escalations/:escalation/close', allocate, async (request, reply) => {
    const id = recordIdOf(request, 'Strategy discussion');
    const escalationId = escalationIdOf(request.params);
    const page = await readDiscussion(request.access, id, deps.clock.now());
    if (!page.escalations.some((escalation) => escalation.id === escalationId))
      throw new RecordNotFoundError('Escalation');
    const values = (request.body ?? {}) as FormValues;
    const parsed = parseEscalationClose(values);
    const prefix = `escalation-${escalationId}`;
    const closeForm = (errors: FormErrors) => ({ escalationId, values, errors });
    if (!parsed.ok) {
      const errors = formError(`${prefix}-${parsed.field}`, parsed.message);
      return renderDiscussion(
        reply.code(400),
        page,
        section47FormOf(page.discussion),
        undefined,
        undefined,
        closeForm(errors)
      );
    }
    try {
      await closeEscalation(request.access, page.discussion, escalationId, parsed.value, deps.clock.now());
    } catch (error) {
      if (!(error instanceof FormProblem)) throw error;
      const latest = await readDiscussion(request.access, id, deps.clock.now());
      const errors = formError(error.field, error.message);
      return renderDiscussion(
        reply.code(409),
        latest,
        section47FormOf(latest.discussion),
        undefined,
        undefined,
        closeForm(errors)
      );
    }
    return reply.redirect(`/strategy-discussions/${id}?closed=1#escalation-${escalationId}`, 303);
  });

  app.get('/strategy-discussions/:id', record, async (request, reply) => {
    const page = await readDiscussion(
      request.access,
      recordIdOf(request, 'Strategy discussion'),
      deps.clock.now()
    );
    return renderDiscussion(reply, page, section47FormOf(page.discussion));
  });

  app.post('/strategy-discussions/:id/section-47', record, async (request, reply) => {
    const id = recordIdOf(request, 'Strategy discussion');
    const page = await readDiscussion(request.access, id, deps.clock.now());
    // Only a discussion that started a section 47 enquiry has an enquiry outcome to record.
    if (!page.discussion.startsSection47) throw new RecordNotFoundError('Section 47 enquiry');
    const values = (request.body ?? {}) as FormValues;
    const now = deps.clock.now();
    const parsed = parseSection47Form(values, page.discussion.convened_at, now);
    if (!parsed.ok) return renderDiscussion(reply.code(400), page, values, parsed.errors);
    try {
      await recordEnquiryOutcome(request.access, page.discussion, parsed.value, now);
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error;
      const latest = await readDiscussion(request.access, id, deps.clock.now());
      // The hidden version moves on to what is saved now, so saving again deliberately replaces it.
      const kept = { ...values, version: String(latest.discussion.version) };
      const conflict = { summary: [{ text: CONFLICT_MESSAGE, href: '#s47Outcome' }], fields: {} };
      return renderDiscussion(reply.code(409), latest, kept, conflict);
    }
    return reply.redirect(`/strategy-discussions/${id}?saved=1`, 303);
  });
}

/** The escalation id in the path; one that is not an id answers "not found". */
function escalationIdOf(params: unknown): number {
  const parsed = idParam.safeParse((params as { escalation?: string }).escalation);
  if (!parsed.success) throw new RecordNotFoundError('Escalation');
  return parsed.data;
}

type OwnerChoices = NewDiscussionForm['choices'];

/** Select items for the owning team and worker, the chosen one selected; workers grouped by team in their text. */
function ownerItems(choices: OwnerChoices, values: FormValues) {
  const none = { value: '', text: 'Choose…' };
  return {
    teamItems: [
      none,
      ...choices.teams.map((team) => ({
        value: String(team.id),
        text: team.name,
        selected: String(team.id) === values.ownerTeam,
      })),
    ],
    workerItems: [
      none,
      ...choices.workers.map((worker) => ({
        value: String(worker.id),
        text: `${worker.display_name} (${worker.team_name})`,
        selected: String(worker.id) === values.ownerWorker,
      })),
    ],
  };
}

function renderNewForm(
  reply: FastifyReply,
  form: NewDiscussionForm,
  values: FormValues,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/new.njk`, {
    pageTitle: 'Record a strategy discussion',
    child: form.child,
    ...ownerItems(form.choices, values),
    chairItems: [
      { value: '', text: 'Choose…' },
      ...form.chairs.map((chair) => ({
        value: String(chair.id),
        text: chair.text,
        selected: String(chair.id) === values.chair,
      })),
    ],
    values,
    errors,
    agencies: STRATEGY_AGENCIES,
    outcomes: radioItems(STRATEGY_OUTCOMES, values.outcome),
    actionRows: Array.from({ length: actionRowCount(values) }, (_, index) => index),
  });
}

function renderDiscussion(
  reply: FastifyReply,
  page: DiscussionPage,
  values: FormValues,
  errors?: FormErrors,
  ownerForm?: { values: FormValues; errors?: FormErrors },
  closeForm?: { escalationId: number; values: FormValues; errors: FormErrors }
) {
  const query = reply.request.query as { saved?: string; owner?: string; closed?: string } | undefined;
  const ownerValues = ownerForm?.values ?? {
    ownerTeam: String(page.discussion.team_id),
    ownerWorker: String(page.discussion.worker_id),
  };
  return reply.view(`${VIEWS}/discussion.njk`, {
    pageTitle: 'Strategy discussion',
    ...page,
    values,
    errors: errors ?? ownerForm?.errors ?? closeForm?.errors,
    closeForm,
    escalationClosed: query?.closed === '1' && !closeForm,
    escalationOutcomes: ESCALATION_OUTCOMES,
    ownerErrors: ownerForm?.errors,
    ownerValues,
    ...ownerItems(page.ownerChoices, ownerValues),
    canChangeOwner: reply.request.access.can('work:allocate'),
    ownerChanged: query?.owner === '1' && !ownerForm?.errors,
    saved: query?.saved === '1' && !errors,
    s47Outcomes: radioItems(SECTION_47_OUTCOMES, values.s47Outcome),
  });
}

function radioItems(labels: Record<string, string>, chosen: string | undefined) {
  return Object.entries(labels).map(([value, text]) => ({ value, text, checked: value === chosen }));
}
