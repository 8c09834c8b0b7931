import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPartnerAgency } from '../../platform/access/permissions.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { csvRecord } from '../returns/ssd/ssd-csv.ts';
import { figureTable } from './breakdown-tables.ts';
import { filterSelects } from './filter-options.ts';
import { idChoice, readInsightQuery, queryStringOf, type InsightQuery } from './insight-query.ts';
import type { InsightScope } from './insight-scope.ts';
import { BREAKDOWN_IDS, type BreakdownId } from './measure-queries.ts';
import { MEASURE_IDS, MEASURES, type MeasureSection } from './measures.ts';
import { sectionPage, measureCsvRows, childrenPage } from './performance-pages.ts';
import {
  sectionFigures,
  workloadFigures,
  childrenBehindFigure,
  CHILDREN_PAGE_SIZE,
} from './performance.service.ts';

const VIEWS = 'modules/performance/views';
const view = { config: { permission: 'performance:view' as const } };
const drill = { config: { permission: 'performance:drill' as const } };

const SECTIONS = ['demand', 'decisions', 'timeliness'] as const satisfies readonly MeasureSection[];
const sectionParams = z.object({ section: z.enum(SECTIONS) });
const breakdownParams = z.object({ section: z.enum(SECTIONS), breakdown: z.enum(BREAKDOWN_IDS) });
const measureParams = z.object({ measure: z.enum(MEASURE_IDS) });
const drillQuery = z.object({
  month: z
    .string()
    .regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
const teamQuery = z.object({ team: idChoice });

function paramsOf<T>(schema: z.ZodType<T>, params: unknown, what: string): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError(what);
  return parsed.data;
}

/**
 * The query as this actor may ask it: a partner agency's staff always see only their own agency's
 * contacts and requests, whatever the address says.
 */
function scopedQuery(request: FastifyRequest, today: string): InsightQuery {
  const actor = signedInActor(request);
  const query = readInsightQuery(request.query, today);
  if (!isPartnerAgency(actor.agencyKind)) return query;
  const form = { ...query.form, agency: actor.agencyId };
  return query.ok
    ? { ok: true, scope: { ...query.scope, agencyId: actor.agencyId }, form }
    : { ...query, form };
}

function sendCsv(reply: FastifyReply, name: string, headers: readonly string[], rows: readonly string[][]) {
  const record = (cells: readonly string[]) =>
    csvRecord(
      headers.map((_, index) => String(index)),
      Object.fromEntries(cells.map((cell, index) => [String(index), cell]))
    );
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send([headers, ...rows].map(record).join(''));
}

/**
 * The performance area: demand, decisions and timeliness for any period and filters, each measure a
 * control chart with its data table and CSV; workload as it stands; the children behind a figure.
 */
export function registerPerformanceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());

  app.get('/performance', view, async (request, reply) => {
    const actor = signedInActor(request);
    return reply.view(`${VIEWS}/index.njk`, {
      pageTitle: 'Performance',
      partner: isPartnerAgency(actor.agencyKind),
      canDrill: request.access.can('performance:drill'),
    });
  });

  app.get('/performance/definitions', view, async (request, reply) =>
    reply.view(`${VIEWS}/definitions.njk`, {
      pageTitle: 'How each figure is counted',
      canDrill: request.access.can('performance:drill'),
      measures: MEASURE_IDS.map((id) => MEASURES[id]),
    })
  );

  app.get('/performance/:section', view, async (request, reply) => {
    const { section } = paramsOf(sectionParams, request.params, 'Page');
    const query = scopedQuery(request, today());
    const selects = await filterSelects(deps.db, signedInActor(request), query.form);
    if (!query.ok)
      return reply.code(400).view(`${VIEWS}/section.njk`, {
        pageTitle: sectionTitle(section),
        section,
        selects,
        canDrill: request.access.can('performance:drill'),
        ...query,
      });
    const figures = await sectionFigures(request.access, section, query.scope, deps.clock.now());
    const page = await sectionPage(figures, query.scope, request.access.can('performance:drill'));
    return reply.view(`${VIEWS}/section.njk`, {
      pageTitle: sectionTitle(section),
      section,
      selects,
      canDrill: request.access.can('performance:drill'),
      form: query.form,
      query: queryStringOf(query.scope),
      ...page,
    });
  });

  app.get('/performance/:section/:breakdown.csv', view, async (request, reply) => {
    const { section, breakdown } = paramsOf(breakdownParams, request.params, 'Download');
    const query = scopedQuery(request, today());
    if (!query.ok) throw new RecordNotFoundError('Download');
    const figures = await sectionFigures(request.access, section, query.scope, deps.clock.now());
    const rows = figures.breakdowns[breakdown as BreakdownId];
    if (!rows) throw new RecordNotFoundError('Download');
    const table = figureTable(breakdown, rows);
    return sendCsv(reply, `${breakdown}-${fileSuffix(query.scope)}`, table.headers, table.rows);
  });

  app.get('/performance/measures/:measure.csv', view, async (request, reply) => {
    const { measure } = paramsOf(measureParams, request.params, 'Download');
    const query = scopedQuery(request, today());
    if (!query.ok) throw new RecordNotFoundError('Download');
    const definition = MEASURES[measure];
    const figures = await sectionFigures(request.access, definition.section, query.scope, deps.clock.now());
    const { headers, rows } = measureCsvRows(figures, measure);
    return sendCsv(reply, `${measure}-${fileSuffix(query.scope)}`, headers, rows);
  });

  app.get('/performance/measures/:measure/children', drill, async (request, reply) => {
    const { measure } = paramsOf(measureParams, request.params, 'Page');
    const definition = MEASURES[measure];
    if (!definition.drill) throw new RecordNotFoundError('Page');
    const { month, page } = drillQuery.parse(request.query ?? {});
    const query = scopedQuery(request, today());
    if (!query.ok) throw new RecordNotFoundError('Page');
    const children = await childrenBehindFigure(
      request.access,
      deps.db,
      { measure: definition, scope: query.scope, month, page },
      deps.clock.now()
    );
    return reply.view(`${VIEWS}/children.njk`, {
      pageTitle: `${definition.title}: the children`,
      ...childrenPage(definition, query.scope, month, page, children, CHILDREN_PAGE_SIZE),
    });
  });

  app.get('/performance/workload', drill, async (request, reply) => {
    const { team } = teamQuery.parse(request.query ?? {});
    const selects = await filterSelects(deps.db, signedInActor(request), { team });
    const figures = await workloadFigures(request.access, deps.clock.now(), team);
    return reply.view(`${VIEWS}/workload.njk`, {
      pageTitle: 'Workload',
      teams: selects.team,
      now: deps.clock.now(),
      team,
      ...figures,
    });
  });
}

function sectionTitle(section: MeasureSection): string {
  return { demand: 'Demand', decisions: 'Decisions', timeliness: 'Timeliness' }[section];
}

function fileSuffix(scope: InsightScope): string {
  return `${scope.period.from}-to-${scope.period.to}`;
}
