import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import {
  SECTION_47_OUTCOMES,
  STRATEGY_AGENCIES,
  STRATEGY_OUTCOMES,
  actionRowCount,
  blankStrategyForm,
  parseSection47Form,
  parseStrategyForm,
  section47FormOf,
  type FormValues,
} from './strategy-form.ts';
import {
  discussionChildId,
  insertStrategyDiscussion,
  loadChild,
  loadStrategyDiscussion,
  recordSection47Outcome,
} from './strategy-discussions.ts';

const VIEWS = 'modules/strategy/views';
const idParams = z.object({ id: z.coerce.number().int().positive() });
const record = { config: { permission: 'strategy:record' } } as const;

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
    const id = idOf(request);
    const child = await request.access.readContactChild(id, (db) => loadChild(db, id));
    return renderNewForm(reply, child, blankStrategyForm(deps.clock.now()));
  });

  app.post('/screening/:id/strategy-discussions', record, async (request, reply) => {
    const id = idOf(request);
    const child = await request.access.readContactChild(id, (db) => loadChild(db, id));
    const values = (request.body ?? {}) as FormValues;
    // Without JavaScript, "Add another action" posts the form back with one more blank row.
    if (values.intent === 'addAction') {
      return renderNewForm(reply, child, { ...values, actionCount: String(actionRowCount(values) + 1) });
    }
    const now = deps.clock.now();
    const parsed = parseStrategyForm(values, now);
    if (!parsed.ok) return renderNewForm(reply.code(400), child, values, parsed.errors);
    const calendar = await councilCalendar(deps.db);
    const recordedBy = signedInActor(request).userId;
    const saved = await request.access.recordChange('strategy:record', 'strategy.record', async (trx) => {
      const result = await insertStrategyDiscussion(trx, id, parsed.value, { recordedBy, now, calendar });
      return {
        recordType: 'strategy_discussion',
        recordId: result.id,
        result,
        details: {
          contactChildId: id,
          outcome: parsed.value.outcome,
          missingAgencies: result.missingAgencies,
          actions: parsed.value.actions.length,
          outOfHours: result.outOfHours,
        },
      };
    });
    return reply.redirect(`/strategy-discussions/${saved.id}`, 303);
  });

  app.get('/strategy-discussions/:id', record, async (request, reply) => {
    const page = await readDiscussion(request, deps, idOf(request));
    return renderDiscussion(reply, page, section47FormOf(page.discussion));
  });

  app.post('/strategy-discussions/:id/section-47', record, async (request, reply) => {
    const id = idOf(request);
    const page = await readDiscussion(request, deps, id);
    // Only a discussion that started a section 47 enquiry has an enquiry outcome to record.
    if (!page.discussion.startsSection47) throw new RecordNotFoundError('Section 47 enquiry');
    const values = (request.body ?? {}) as FormValues;
    const now = deps.clock.now();
    const parsed = parseSection47Form(values, page.discussion.convened_at, now);
    if (!parsed.ok) return renderDiscussion(reply.code(400), page, values, parsed.errors);
    const update = parsed.value;
    try {
      await request.access.recordChange('strategy:record', 'strategy.update', async (trx) => {
        const discussion = {
          id,
          contactChildId: page.discussion.contact_child_id,
          icpcDueOn: page.discussion.icpc_due_on,
        };
        const { withinTimescale } = await recordSection47Outcome(trx, discussion, update, {
          actorId: signedInActor(request).userId,
          now,
        });
        return {
          recordType: 'strategy_discussion',
          recordId: id,
          result: null,
          details: {
            contactChildId: discussion.contactChildId,
            s47Outcome: update.s47Outcome,
            icpcHeld: update.icpcHeldOn !== null,
            icpcWithinTimescale: withinTimescale,
          },
        };
      });
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error;
      const latest = await readDiscussion(request, deps, id);
      // The hidden version moves on to what is saved now, so saving again deliberately replaces it.
      const kept = { ...values, version: String(latest.discussion.version) };
      const conflict = { summary: [{ text: CONFLICT_MESSAGE, href: '#s47Outcome' }], fields: {} };
      return renderDiscussion(reply.code(409), latest, kept, conflict);
    }
    return reply.redirect(`/strategy-discussions/${id}?saved=1`, 303);
  });
}

type DiscussionPage = Awaited<ReturnType<typeof readDiscussion>>;

/** Reads a discussion under the same access rule as the child it is about. */
async function readDiscussion(request: FastifyRequest, deps: AppDeps, id: number) {
  const contactChildId = await discussionChildId(deps.db, id);
  if (contactChildId === undefined) throw new RecordNotFoundError('Strategy discussion');
  const now = deps.clock.now();
  const calendar = await councilCalendar(deps.db);
  return request.access.readContactChild(contactChildId, async (db) => ({
    child: await loadChild(db, contactChildId),
    ...(await loadStrategyDiscussion(db, id, now, calendar)),
  }));
}

function renderNewForm(
  reply: FastifyReply,
  child: Awaited<ReturnType<typeof loadChild>>,
  values: FormValues,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/new.njk`, {
    pageTitle: 'Record a strategy discussion',
    child,
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
  errors?: FormErrors
) {
  const query = reply.request.query as { saved?: string } | undefined;
  return reply.view(`${VIEWS}/discussion.njk`, {
    pageTitle: 'Strategy discussion',
    ...page,
    values,
    errors,
    saved: query?.saved === '1' && !errors,
    s47Outcomes: radioItems(SECTION_47_OUTCOMES, values.s47Outcome),
  });
}

function radioItems(labels: Record<string, string>, chosen: string | undefined) {
  return Object.entries(labels).map(([value, text]) => ({ value, text, checked: value === chosen }));
}

function idOf(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError('Strategy discussion');
  return params.data.id;
}
