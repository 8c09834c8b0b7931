import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { requiredText, optionalText } from '../../platform/http/form-fields.ts';
import { describeCode } from '../people/code-labels.ts';
import { childNameOf } from '../people/child-name.ts';
import { calendarOf, councilSettings } from '../../platform/council/council-settings.ts';
import { allocationChoices, listQueue, OPEN_STATUSES, queueFilters } from './queue.ts';
import { allocateContactChild, confirmRating, rateContactChild } from './screening.service.ts';
import { renderScreening, saveScreeningForm, showFormErrors } from './screening-page.ts';
import {
  judgeThreshold,
  latestAssessment,
  saveThresholdAssessment,
  thresholdDocumentFor,
  thresholdForm,
} from './threshold-assessment.ts';
import { indicatedLevel } from '../thresholds/indicated-level.ts';
import type { LoadedThresholdDocument } from '../thresholds/threshold-documents.ts';
import type { Db } from '../../platform/db/database.ts';
import { idParams } from '../../platform/http/params.ts';

const VIEWS = 'modules/screening/views';
const RAGS = ['red', 'amber', 'green'] as const;

const versionField = z.coerce.number({ error: 'Reload the page and try again' }).int().positive();

const ratingForm = z.object({
  version: versionField,
  rag: z.enum(RAGS, { error: 'Select a RAG rating' }),
  rationale: requiredText(
    5000,
    'Explain why you chose this rating',
    'The rationale must be 5,000 characters or fewer'
  ),
});

const confirmationForm = z.object({
  version: versionField,
  rag: z.enum(RAGS, { error: 'Select the rating you agree with' }),
  reason: optionalText(5000, 'The reason must be 5,000 characters or fewer'),
});

const allocationForm = z.object({
  version: versionField,
  team: z.coerce.number({ error: 'Select a team' }).int().positive('Select a team'),
  worker: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().positive().optional()
  ),
});

/** The incoming queue and the screening page: RAG rating, manager confirmation and allocation. */
export function registerScreeningRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/contacts', { config: { permission: 'contact:read' } }, async (request, reply) => {
    const filters = queueFilters.parse(request.query ?? {});
    const now = deps.clock.now();
    const settings = await councilSettings(deps.db);
    const [contacts, choices] = await Promise.all([
      listQueue(request.access, filters, now, calendarOf(settings)),
      allocationChoices(deps.db),
    ]);
    const option = (value: string | number, text: string, current: unknown) => ({
      value: String(value),
      text,
      selected: String(current ?? '') === String(value),
    });
    return reply.view(`${VIEWS}/queue.njk`, {
      pageTitle: 'Incoming contacts',
      contacts,
      now,
      filters,
      filtered: Object.values(filters).some((value) => value !== undefined),
      teamItems: choices.teams.map((team) => option(team.id, team.name, filters.team)),
      workerItems: choices.workers.map((worker) =>
        option(worker.id, `${worker.display_name} (${worker.team_name})`, filters.worker)
      ),
      statusItems: OPEN_STATUSES.map((status) =>
        option(status, describeCode('contactStatus', status), filters.status)
      ),
      ragItems: [...RAGS, 'unrated'].map((rag) =>
        option(rag, rag === 'unrated' ? 'Not rated' : describeCode('rag', rag), filters.rag)
      ),
      describe: describeCode,
    });
  });

  app.get('/screening/:id', { config: { permission: 'contact:read' } }, async (request, reply) =>
    renderScreening(deps, request, reply, contactChildId(request))
  );

  app.post(
    '/screening/:id/rating',
    { config: { permission: 'screening:record' } },
    async (request, reply) => {
      const id = contactChildId(request);
      const form = ratingForm.safeParse(request.body ?? {});
      if (!form.success) return showFormErrors(deps, request, reply, id, 'rating', formErrors(form.error));
      return saveScreeningForm(deps, request, reply, id, 'rating', async () => {
        await rateContactChild(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            rag: form.data.rag,
            rationale: form.data.rationale,
          },
          deps.clock.now(),
          await councilSettings(deps.db)
        );
      });
    }
  );

  app.post(
    '/screening/:id/rating/confirmation',
    { config: { permission: 'decision:authorise' } },
    async (request, reply) => {
      const id = contactChildId(request);
      const form = confirmationForm.safeParse(request.body ?? {});
      if (!form.success)
        return showFormErrors(deps, request, reply, id, 'confirmation', formErrors(form.error));
      // The reason a change or a lower rating asked for needs is checked against what is stored.
      return saveScreeningForm(deps, request, reply, id, 'confirmation', async () => {
        await confirmRating(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            rag: form.data.rag,
            reason: form.data.reason,
          },
          deps.clock.now(),
          await councilSettings(deps.db)
        );
      });
    }
  );

  app.post(
    '/screening/:id/allocation',
    { config: { permission: 'work:allocate' } },
    async (request, reply) => {
      const id = contactChildId(request);
      const form = allocationForm.safeParse(request.body ?? {});
      if (!form.success)
        return showFormErrors(deps, request, reply, id, 'allocation', formErrors(form.error));
      const { workers } = await allocationChoices(deps.db);
      const worker = workers.find((candidate) => candidate.id === form.data.worker);
      if (form.data.worker !== undefined && worker?.team_id !== form.data.team) {
        const errors = formError('allocation-worker', 'Choose a worker from the team you are allocating to');
        return showFormErrors(deps, request, reply, id, 'allocation', errors);
      }
      return saveScreeningForm(deps, request, reply, id, 'allocation', () =>
        allocateContactChild(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            teamId: form.data.team,
            workerId: form.data.worker ?? null,
          },
          deps.clock.now()
        )
      );
    }
  );

  app.get(
    '/screening/:id/threshold',
    { config: { permission: 'screening:record' } },
    async (request, reply) => {
      const id = contactChildId(request);
      const previous = await request.access.readContactChild(id, (db) => latestAssessment(db, id));
      return renderThreshold(request, reply, id, {
        ticked: previous?.descriptor_ids ?? [],
        chosenLevel: previous?.chosen_level,
        differenceReason: previous?.difference_reason ?? undefined,
      });
    }
  );

  app.post(
    '/screening/:id/threshold',
    { config: { permission: 'screening:record' } },
    async (request, reply) => {
      const id = contactChildId(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const document = await request.access.readContactChild(id, (db) =>
        thresholdDocumentFor(db, id, deps.clock.now())
      );
      if (!document) throw new RecordNotFoundError('Threshold document');
      const parsed = thresholdForm.safeParse(body);
      const typed = {
        ticked: thresholdForm.shape.descriptors.parse(body.descriptors),
        chosenLevel: body.chosenLevel,
        differenceReason: body.differenceReason,
      };
      if (body.action === 'check') return renderThreshold(request, reply, id, typed);
      if (!parsed.success)
        return renderThreshold(request, reply.code(400), id, typed, formErrors(parsed.error));
      const judged = judgeThreshold(parsed.data, document);
      if (judged.problems.length > 0) {
        const errors = {
          summary: judged.problems.map((problem) => ({ text: problem.text, href: `#${problem.field}` })),
          fields: Object.fromEntries(
            judged.problems.map((problem) => [problem.field, { text: problem.text }])
          ),
        };
        return renderThreshold(request, reply.code(400), id, typed, errors);
      }
      await saveThresholdAssessment(
        request.access,
        id,
        {
          documentId: document.document.id,
          descriptorIds: judged.ticked.map((descriptor) => descriptor.id),
          indicated: judged.indicated,
          chosen: parsed.data.chosenLevel,
          reason: parsed.data.differenceReason,
        },
        deps.clock.now()
      );
      return reply.redirect(`/screening/${id}#threshold`, 303);
    }
  );

  async function renderThreshold(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: { ticked: number[]; chosenLevel?: unknown; differenceReason?: unknown },
    errors?: FormErrors
  ) {
    const now = deps.clock.now();
    const { document, childName } = await request.access.readContactChild(id, async (db) => ({
      document: await thresholdDocumentFor(db, id, now),
      childName: await childNameFor(db, id),
    }));
    if (!document) throw new RecordNotFoundError('Threshold document');
    return reply.view(`${VIEWS}/threshold.njk`, {
      pageTitle: `Threshold of need: ${childName}`,
      childName,
      contactChildId: id,
      document,
      values,
      errors,
      ...thresholdChoices(document, values),
    });
  }
}

/** Checkbox and radio items for the threshold form, and the level the ticked descriptors point to. */
function thresholdChoices(
  document: LoadedThresholdDocument,
  values: { ticked: number[]; chosenLevel?: unknown }
) {
  const levelNames = Object.fromEntries(document.levels.map((level) => [level.level, level.name]));
  const ticked = new Set(values.ticked);
  const tickedDescriptors = document.descriptorsByArea
    .flatMap((area) => area.descriptors)
    .filter((descriptor) => ticked.has(descriptor.id));
  const indicated = indicatedLevel(tickedDescriptors);
  return {
    levelNames,
    indicatedText:
      indicated === null
        ? 'Tick descriptors to see the level they point to'
        : `The descriptors ticked point to level ${indicated}: ${levelNames[indicated]}`,
    areas: document.descriptorsByArea.map((area) => ({
      legend: area.area,
      items: area.descriptors.map((descriptor) => ({
        value: String(descriptor.id),
        text: descriptor.text,
        hint: { text: `Level ${descriptor.level}: ${levelNames[descriptor.level]}` },
        checked: ticked.has(descriptor.id),
        attributes: { 'data-level': String(descriptor.level) },
      })),
    })),
    levelItems: document.levels.map((level) => ({
      value: String(level.level),
      text: `Level ${level.level}: ${level.name}`,
      hint: { text: level.typical_response },
      checked: String(values.chosenLevel ?? '') === String(level.level),
    })),
  };
}

/** The child's name as linked, or as the referrer described them. */
async function childNameFor(db: Db, contactChildId: number): Promise<string> {
  const row = await db
    .selectFrom('contact_child')
    .leftJoin('person', 'person.id', 'contact_child.person_id')
    .where('contact_child.id', '=', contactChildId)
    .select(['person.given_name', 'person.family_name', 'contact_child.described_child'])
    .executeTakeFirstOrThrow();
  return childNameOf(row);
}

function contactChildId(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError('Contact');
  return params.data.id;
}
