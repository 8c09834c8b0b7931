import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPartnerAgency } from '../../platform/access/permissions.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { csvRow } from '../../shared/csv.ts';
import { filterSelects } from './filter-options.ts';
import {
  defaultPeriod,
  idChoice,
  readInsightQuery,
  queryStringOf,
  type InsightQuery,
} from './insight-query.ts';
import { auditTimeliness } from './audit-timeliness.ts';
import type { InsightScope } from './insight-scope.ts';
import { BREAKDOWN_IDS } from './measure-queries.ts';
import { MEASURE_IDS, MEASURES, type MeasureSection } from './measures.ts';
import {
  breakdownChildrenOf,
  childrenPage,
  measureChildrenOf,
  measureCsvRows,
  sectionPage,
  workloadCellOf,
  workloadChildrenOf,
  workloadPage,
  WORKLOAD_TABLE_IDS,
} from './performance-pages.ts';
import {
  breakdownTable,
  childrenBehindCell,
  childrenBehindFigure,
  childrenBehindWorkload,
  measureTrend,
  sectionFigures,
  workloadFigures,
  CHILDREN_PAGE_SIZE,
  SECTION_BREAKDOWNS,
} from './performance.service.ts';

const VIEWS = 'modules/performance/views';
const view = { config: { permission: 'performance:view' as const } };
const drill = { config: { permission: 'performance:drill' as const } };

const SECTIONS = ['demand', 'decisions', 'timeliness'] as const satisfies readonly MeasureSection[];
const sectionParams = z.object({ section: z.enum(SECTIONS) });
const breakdownParams = z.object({ section: z.enum(SECTIONS), breakdown: z.enum(BREAKDOWN_IDS) });
const measureParams = z.object({ measure: z.enum(MEASURE_IDS) });
const page = z.coerce.number().int().min(1).max(100_000).catch(1);
const drillQuery = z.object({
  month: z
    .string()
    .regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  page,
});
/** A cell of a table: its column and the row's group; whether the table has it is checked against the table. */
const cellQuery = z.object({ column: z.string().max(40), group: z.string().max(200), page });
const workloadCellQuery = cellQuery.extend({ table: z.enum(WORKLOAD_TABLE_IDS), team: idChoice });
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
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send([headers, ...rows].map((cells) => `${csvRow(cells)}\r\n`).join(''));
}

/** A breakdown asked for under its own section only. */
function sectionBreakdown(params: unknown, what: string) {
  const { section, breakdown } = paramsOf(breakdownParams, params, what);
  if (!SECTION_BREAKDOWNS[section].includes(breakdown)) throw new RecordNotFoundError(what);
  return { section, breakdown };
}

/**
 * The performance area: demand, decisions and timeliness for any period and filters, each measure a
 * control chart with its data table and CSV; workload as it stands; the children behind a figure.
 */
export function registerPerformanceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());

  app.get('/performance', view, async (request, reply) => {
    const actor = signedInActor(request);
    const partner = isPartnerAgency(actor.agencyKind);
    const period = defaultPeriod(today());
    return reply.view(`${VIEWS}/index.njk`, {
      pageTitle: 'Performance',
      partner,
      canDrill: request.access.can('performance:drill'),
      // The council's own quality assurance: not part of a partner agency's figures.
      audits: partner ? null : { period, ...(await auditTimeliness(deps.db, period)) },
      canOpenAssurance: request.access.can('assurance:view'),
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
    const { section, breakdown } = sectionBreakdown(request.params, 'Download');
    const query = scopedQuery(request, today());
    if (!query.ok) throw new RecordNotFoundError('Download');
    const table = await breakdownTable(request.access, section, breakdown, query.scope, deps.clock.now());
    return sendCsv(reply, `${breakdown}-${fileSuffix(query.scope)}`, table.headers, table.rows);
  });

  app.get('/performance/measures/:measure.csv', view, async (request, reply) => {
    const { measure } = paramsOf(measureParams, request.params, 'Download');
    const query = scopedQuery(request, today());
    if (!query.ok) throw new RecordNotFoundError('Download');
    const trend = await measureTrend(request.access, MEASURES[measure], query.scope, deps.clock.now());
    const { headers, rows } = measureCsvRows(trend);
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
      ...childrenPage(measureChildrenOf(definition, query.scope, month), page, children, CHILDREN_PAGE_SIZE),
    });
  });

  app.get('/performance/:section/:breakdown/children', drill, async (request, reply) => {
    const { section, breakdown } = sectionBreakdown(request.params, 'Page');
    const cell = cellQuery.safeParse(request.query ?? {});
    const query = scopedQuery(request, today());
    if (!cell.success || !query.ok) throw new RecordNotFoundError('Page');
    const { column, group, page } = cell.data;
    const found = await childrenBehindCell(
      request.access,
      deps.db,
      { breakdown, column, group, scope: query.scope, page },
      deps.clock.now()
    );
    if (!found) throw new RecordNotFoundError('Page');
    return reply.view(`${VIEWS}/children.njk`, {
      pageTitle: `${found.table.title}: the children`,
      ...childrenPage(
        breakdownChildrenOf(found.table, section, query.scope, { column, group }),
        page,
        found.children,
        CHILDREN_PAGE_SIZE
      ),
    });
  });

  app.get('/performance/workload/children', drill, async (request, reply) => {
    const address = workloadCellQuery.safeParse(request.query ?? {});
    if (!address.success) throw new RecordNotFoundError('Page');
    const { team, page } = address.data;
    const found = await childrenBehindWorkload(
      request.access,
      deps.db,
      { cellOf: (figures) => workloadCellOf(figures, address.data), teamId: team, page },
      deps.clock.now()
    );
    if (!found) throw new RecordNotFoundError('Page');
    return reply.view(`${VIEWS}/children.njk`, {
      pageTitle: `${found.cell.caption}: the children`,
      ...childrenPage(
        workloadChildrenOf(address.data, found.cell, team),
        page,
        found.children,
        CHILDREN_PAGE_SIZE
      ),
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
      tables: workloadPage(figures, team),
    });
  });
}

function sectionTitle(section: MeasureSection): string {
  return { demand: 'Demand', decisions: 'Decisions', timeliness: 'Timeliness' }[section];
}

function fileSuffix(scope: InsightScope): string {
  return `${scope.period.from}-to-${scope.period.to}`;
}
