import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { DOCX_TYPE } from '../../../platform/http/docx.ts';
import { refusalOf } from '../../../platform/http/form-refusal.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/params.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import {
  datePartsOf,
  parseChecklist,
  parseDetails,
  parseEntry,
  parsePriority,
  parsePriorityClosing,
  type FormValues,
} from './sef-forms.ts';
import { CHECKLIST, SEF_AREA_IDS, SEF_AREAS, areaOf, areaName, type SefAreaId } from './sef-framework.ts';
import { financialYearOf, runsTheSef } from './sef-rules.ts';
import { areaPage, sefPage } from './sef-pages.ts';
import { reportFilename, sefReportDocx } from './sef-report-docx.ts';
import { addPriority, closePriority, editPriority, priorityOwnerChoices } from './sef-priorities.ts';
import {
  addEntry,
  createSef,
  editEntry,
  leadChoices,
  listSefs,
  loadSef,
  saveChecklist,
  sefEvidence,
  sefForExport,
  updateSef,
  type SefPriority,
  type SefRecord,
} from './sef.service.ts';

const VIEWS = 'modules/assurance/sef/views';
const view = { config: { permission: 'assurance:view' as const } };
const write = { config: { permission: 'sef:write' as const } };
/** What the council's staff who run the SEF do: never a partner agency's staff. */
const lead = { config: { permission: 'sef:lead' as const } };

const sefParams = z.object({ id: idParam });
const areaParams = z.object({ id: idParam, area: z.enum(SEF_AREA_IDS) });
const entryParams = z.object({ id: idParam, entryId: idParam });
const priorityParams = z.object({ id: idParam, priorityId: idParam });

function paramsOf<T>(request: FastifyRequest, schema: z.ZodType<T>, what = 'Self-evaluation'): T {
  const parsed = schema.safeParse(request.params);
  if (!parsed.success) throw new RecordNotFoundError(what);
  return parsed.data;
}

function formValues(request: FastifyRequest): FormValues {
  return (request.body ?? {}) as FormValues;
}

/**
 * The self-evaluation (SEF) workspace: SEFs per period, each area's narrative written by the council and
 * its partners, the checklist, priorities, the live evidence, and the Appendix C report as DOCX.
 */
export function registerSefRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());
  const mayRun = (request: FastifyRequest) => request.access.can('sef:lead');

  app.get('/assurance/sef', view, async (request, reply) =>
    reply.view(`${VIEWS}/list.njk`, {
      pageTitle: 'Self-evaluation',
      sefs: await listSefs(deps.db),
      canStart: mayRun(request),
    })
  );

  async function renderDetails(
    reply: FastifyReply,
    sef: SefRecord | null,
    values: FormValues,
    errors?: FormErrors
  ) {
    return reply.view(`${VIEWS}/details.njk`, {
      pageTitle: sef ? `Change the details of the ${sef.label} self-evaluation` : 'Start a self-evaluation',
      sef,
      values,
      errors,
      leads: await leadChoices(deps.db),
    });
  }

  app.get('/assurance/sef/new', lead, async (request, reply) => {
    const year = financialYearOf(today());
    return renderDetails(reply, null, {
      label: year.label,
      lead: String(signedInActor(request).userId),
      ...datePartsOf('from', year.from),
      ...datePartsOf('to', year.to),
    });
  });

  app.post('/assurance/sef', lead, async (request, reply) => {
    const values = formValues(request);
    const parsed = parseDetails(values);
    if (!parsed.ok) return renderDetails(reply.code(400), null, values, parsed.errors);
    try {
      const id = await createSef(request.access, parsed.value, deps.clock.now());
      return reply.redirect(`/assurance/sef/${id}`, 303);
    } catch (error) {
      const refusal = refusalOf(error, 'self-evaluation');
      if (!refusal) throw error;
      return renderDetails(reply.code(refusal.status), null, values, refusal.errors);
    }
  });

  app.get('/assurance/sef/:id', view, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    const sef = await loadSef(deps.db, id);
    const evidence = await sefEvidence(request.access, sef, deps.clock.now());
    return reply.view(`${VIEWS}/sef.njk`, {
      pageTitle: `Self-evaluation ${sef.label}`,
      ...sefPage(sef, evidence, today()),
      canRun: mayRun(request),
      partner: !runsTheSef(signedInActor(request)),
      saved: (request.query as { saved?: string }).saved,
    });
  });

  app.get('/assurance/sef/:id/details', lead, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    const sef = await loadSef(deps.db, id);
    return renderDetails(reply, sef, detailsValues(sef));
  });

  app.post('/assurance/sef/:id/details', lead, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    const values = formValues(request);
    const parsed = parseDetails(values);
    if (!parsed.ok) return renderDetails(reply.code(400), await loadSef(deps.db, id), values, parsed.errors);
    try {
      await updateSef(request.access, id, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'self-evaluation');
      if (!refusal) throw error;
      const sef = await loadSef(deps.db, id);
      return renderDetails(
        reply.code(refusal.status),
        sef,
        { ...values, version: String(sef.version) },
        refusal.errors
      );
    }
    return reply.redirect(`/assurance/sef/${id}?saved=details`, 303);
  });

  async function renderArea(
    request: FastifyRequest,
    reply: FastifyReply,
    sefId: number,
    area: SefAreaId,
    values: FormValues = {},
    errors?: FormErrors
  ) {
    const sef = await loadSef(deps.db, sefId);
    return reply.view(`${VIEWS}/area.njk`, {
      pageTitle: areaName(areaOf(area)),
      ...areaPage(sef, area, signedInActor(request), request.access.can('sef:write')),
      values,
      errors,
      saved: (request.query as { saved?: string }).saved,
    });
  }

  app.get('/assurance/sef/:id/areas/:area', view, async (request, reply) => {
    const { id, area } = paramsOf(request, areaParams);
    return renderArea(request, reply, id, area);
  });

  app.post('/assurance/sef/:id/areas/:area', write, async (request, reply) => {
    const { id, area } = paramsOf(request, areaParams);
    const values = formValues(request);
    const parsed = parseEntry(values);
    if (!parsed.ok) return renderArea(request, reply.code(400), id, area, values, parsed.errors);
    try {
      await addEntry(request.access, id, area, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'area');
      if (!refusal) throw error;
      return renderArea(request, reply.code(refusal.status), id, area, values, refusal.errors);
    }
    return reply.redirect(`/assurance/sef/${id}/areas/${area}?saved=entry`, 303);
  });

  async function renderEntry(
    request: FastifyRequest,
    reply: FastifyReply,
    sefId: number,
    entryId: number,
    values?: FormValues,
    errors?: FormErrors
  ) {
    const sef = await loadSef(deps.db, sefId);
    const entry = sef.entries.find((candidate) => candidate.id === entryId);
    if (!entry) throw new RecordNotFoundError('Entry');
    const page = areaPage(sef, entry.area, signedInActor(request), true);
    const shown = page.entries.find((candidate) => candidate.id === entryId)!;
    if (!shown.editable) throw new RecordNotFoundError('Entry');
    return reply.view(`${VIEWS}/entry.njk`, {
      pageTitle: `Change your entry: ${areaName(areaOf(entry.area))}`,
      sef: page.sef,
      area: page.area,
      entry: shown,
      // After a conflict the form keeps what was typed, against the version now saved.
      values: { text: entry.versions[0]!.text, ...values, version: String(entry.version) },
      errors,
    });
  }

  app.get('/assurance/sef/:id/entries/:entryId', write, async (request, reply) => {
    const { id, entryId } = paramsOf(request, entryParams, 'Entry');
    return renderEntry(request, reply, id, entryId);
  });

  app.post('/assurance/sef/:id/entries/:entryId', write, async (request, reply) => {
    const { id, entryId } = paramsOf(request, entryParams, 'Entry');
    const values = formValues(request);
    const parsed = parseEntry(values);
    if (!parsed.ok) return renderEntry(request, reply.code(400), id, entryId, values, parsed.errors);
    try {
      await editEntry(request.access, id, entryId, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'entry');
      if (!refusal) throw error;
      return renderEntry(request, reply.code(refusal.status), id, entryId, values, refusal.errors);
    }
    const sef = await loadSef(deps.db, id);
    const area = sef.entries.find((entry) => entry.id === entryId)!.area;
    return reply.redirect(`/assurance/sef/${id}/areas/${area}?saved=entry`, 303);
  });

  async function renderChecklist(
    reply: FastifyReply,
    sef: SefRecord,
    values: FormValues,
    errors?: FormErrors
  ) {
    return reply.view(`${VIEWS}/checklist.njk`, {
      pageTitle: 'Checklist of a good self-evaluation',
      sef,
      checklist: CHECKLIST,
      values,
      errors,
    });
  }

  app.get('/assurance/sef/:id/checklist', lead, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    const sef = await loadSef(deps.db, id);
    const values: FormValues = { version: String(sef.version) };
    for (const [letter, answer] of Object.entries(sef.checklist)) {
      values[`met-${letter}`] = answer.met ? 'yes' : 'no';
      values[`note-${letter}`] = answer.note ?? '';
    }
    return renderChecklist(reply, sef, values);
  });

  app.post('/assurance/sef/:id/checklist', lead, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    const values = formValues(request);
    const parsed = parseChecklist(values);
    if (!parsed.ok)
      return renderChecklist(reply.code(400), await loadSef(deps.db, id), values, parsed.errors);
    try {
      await saveChecklist(request.access, id, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'checklist');
      if (!refusal) throw error;
      const sef = await loadSef(deps.db, id);
      return renderChecklist(
        reply.code(refusal.status),
        sef,
        { ...values, version: String(sef.version) },
        refusal.errors
      );
    }
    return reply.redirect(`/assurance/sef/${id}?saved=checklist#checklist`, 303);
  });

  async function renderPriority(
    reply: FastifyReply,
    sef: SefRecord,
    priorityId: number | null,
    values: FormValues,
    errors?: FormErrors
  ) {
    const priority = priorityId === null ? null : sef.priorities.find((item) => item.id === priorityId);
    if (priority === undefined) throw new RecordNotFoundError('Priority');
    return reply.view(`${VIEWS}/priority.njk`, {
      pageTitle: priority ? 'Change a priority for improvement' : 'Add a priority for improvement',
      sef: { ...sef, open: sef.status === 'draft' },
      priority,
      areas: SEF_AREAS.map((area) => ({
        value: area.id,
        text: areaName(area),
        selected: values.area === area.id,
      })),
      owners: (await priorityOwnerChoices(deps.db)).map((owner) => ({
        value: String(owner.id),
        text: owner.name,
        selected: values.owner === String(owner.id),
      })),
      values,
      errors,
    });
  }

  /** Runs a priority change, or shows its form again with what was typed and why it was refused. */
  async function savePriority(
    reply: FastifyReply,
    sefId: number,
    priorityId: number | null,
    values: FormValues,
    save: () => Promise<unknown>
  ) {
    try {
      await save();
    } catch (error) {
      const refusal = refusalOf(error, 'priority');
      if (!refusal) throw error;
      const sef = await loadSef(deps.db, sefId);
      const current = sef.priorities.find((item) => item.id === priorityId);
      // After a conflict the form keeps what was typed, against the version now saved.
      const typed = current ? { ...values, version: String(current.version) } : values;
      return renderPriority(reply.code(refusal.status), sef, priorityId, typed, refusal.errors);
    }
    return reply.redirect(`/assurance/sef/${sefId}?saved=priority#priorities`, 303);
  }

  app.get('/assurance/sef/:id/priorities', lead, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    return renderPriority(reply, await loadSef(deps.db, id), null, {});
  });

  app.post('/assurance/sef/:id/priorities', lead, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    const values = formValues(request);
    const parsed = parsePriority(values);
    if (!parsed.ok)
      return renderPriority(reply.code(400), await loadSef(deps.db, id), null, values, parsed.errors);
    return savePriority(reply, id, null, values, () =>
      addPriority(request.access, id, parsed.value, deps.clock.now())
    );
  });

  app.get('/assurance/sef/:id/priorities/:priorityId', lead, async (request, reply) => {
    const { id, priorityId } = paramsOf(request, priorityParams, 'Priority');
    const sef = await loadSef(deps.db, id);
    const priority = sef.priorities.find((item) => item.id === priorityId);
    if (!priority) throw new RecordNotFoundError('Priority');
    return renderPriority(reply, sef, priorityId, priorityValues(priority));
  });

  app.post('/assurance/sef/:id/priorities/:priorityId', lead, async (request, reply) => {
    const { id, priorityId } = paramsOf(request, priorityParams, 'Priority');
    const values = formValues(request);
    const parsed = parsePriority(values);
    if (!parsed.ok)
      return renderPriority(reply.code(400), await loadSef(deps.db, id), priorityId, values, parsed.errors);
    return savePriority(reply, id, priorityId, values, () =>
      editPriority(request.access, id, priorityId, parsed.value)
    );
  });

  app.post('/assurance/sef/:id/priorities/:priorityId/close', lead, async (request, reply) => {
    const { id, priorityId } = paramsOf(request, priorityParams, 'Priority');
    const values = formValues(request);
    const parsed = parsePriorityClosing(values);
    if (!parsed.ok) {
      const sef = await loadSef(deps.db, id);
      const priority = sef.priorities.find((item) => item.id === priorityId);
      if (!priority) throw new RecordNotFoundError('Priority');
      const shown = { ...priorityValues(priority), outcome: values.outcome };
      return renderPriority(reply.code(400), sef, priorityId, shown, parsed.errors);
    }
    return savePriority(reply, id, priorityId, values, () =>
      closePriority(request.access, id, priorityId, parsed.value, deps.clock.now())
    );
  });

  app.get('/assurance/sef/:id/report.docx', lead, async (request, reply) => {
    const { id } = paramsOf(request, sefParams);
    const { sef, evidence, councilName } = await sefForExport(request.access, id, deps.clock.now());
    const docx = await sefReportDocx(sef, evidence, { councilName, today: today() });
    return reply
      .type(DOCX_TYPE)
      .header('content-disposition', `attachment; filename="${reportFilename(sef)}"`)
      .send(docx);
  });
}

function priorityValues(priority: SefPriority): FormValues {
  return {
    text: priority.text,
    area: priority.area ?? '',
    owner: priority.ownerId === null ? '' : String(priority.ownerId),
    version: String(priority.version),
    ...datePartsOf('due', priority.dueOn),
  };
}

function detailsValues(sef: SefRecord): FormValues {
  return {
    label: sef.label,
    lead: String(sef.lead.userId),
    status: sef.status,
    version: String(sef.version),
    ...datePartsOf('from', sef.period.from),
    ...datePartsOf('to', sef.period.to),
  };
}
