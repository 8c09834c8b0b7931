import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { recordIdOf } from '../../platform/http/params.ts';
import { describeCode } from '../people/code-labels.ts';
import {
  allocationChoices,
  listQueue,
  OPEN_STATUSES,
  QUEUE_PAGE_SIZE,
  queueFilters,
  queuePage,
  type QueueFilters,
} from './queue.ts';
import { loadThresholdForm, readLatestAssessment, readThresholdDocument } from './screening.service.ts';
import { judgeThreshold, saveThresholdAssessment, thresholdForm } from './threshold-assessment.ts';
import { indicatedLevel } from '../thresholds/indicated-level.ts';
import type { LoadedThresholdDocument } from '../thresholds/threshold-documents.ts';
import { govukPagination } from '../../platform/http/pagination.ts';
import { councilSettingsOf } from '../../platform/http/request-context.ts';

const VIEWS = 'modules/screening/views';
const RAGS = ['red', 'amber', 'green'] as const;

/** The incoming queue and the threshold of need; the child's case page is in modules/case. */
export function registerScreeningRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/contacts', { config: { permission: 'contact:read' } }, async (request, reply) => {
    const filters = queueFilters.parse(request.query ?? {});
    const page = queuePage.parse((request.query as { page?: unknown } | undefined)?.page);
    const now = deps.clock.now();
    const settings = await councilSettingsOf(request, deps.db);
    const [{ contacts, total }, choices] = await Promise.all([
      listQueue(request.access, filters, page, now, settings),
      allocationChoices(deps.db),
    ]);
    // A page past the end (the queue shrank since the link was made): back to the first.
    if (total === null && page > 1) return reply.redirect(queueUrl(filters, 1), 303);
    const option = (value: string | number, text: string, current: unknown) => ({
      value: String(value),
      text,
      selected: String(current ?? '') === String(value),
    });
    return reply.view(`${VIEWS}/queue.njk`, {
      pageTitle: 'Incoming contacts',
      contacts,
      total: total ?? 0,
      first: (page - 1) * QUEUE_PAGE_SIZE + 1,
      pagination: pagination(filters, page, total ?? 0),
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

  app.get(
    '/screening/:id/threshold',
    { config: { permission: 'screening:record' } },
    async (request, reply) => {
      const id = recordIdOf(request, 'Contact');
      const previous = await readLatestAssessment(request.access, id);
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
      const id = recordIdOf(request, 'Contact');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const document = await readThresholdDocument(request.access, id, deps.clock.now());
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

  /** The queue's address for these filters and page: a view anyone can share. */
  function queueUrl(filters: QueueFilters, page: number): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters))
      if (value !== undefined) query.set(name, String(value));
    if (page > 1) query.set('page', String(page));
    const text = query.toString();
    return text ? `/contacts?${text}` : '/contacts';
  }

  /** The queue's pages, each address keeping the filters. */
  function pagination(filters: QueueFilters, page: number, total: number) {
    return govukPagination(page, Math.ceil(total / QUEUE_PAGE_SIZE), (number) => queueUrl(filters, number));
  }

  async function renderThreshold(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: { ticked: number[]; chosenLevel?: unknown; differenceReason?: unknown },
    errors?: FormErrors
  ) {
    const { document, childName } = await loadThresholdForm(request.access, id, deps.clock.now());
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
