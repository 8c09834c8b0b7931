import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isPartnerAgency } from '../../../platform/access/permissions.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { SOURCE_ROOT } from '../../../platform/paths.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { filterSelects } from '../../performance/filter-options.ts';
import { queryStringOf, readInsightQuery } from '../../performance/insight-query.ts';
import {
  consistencyPage,
  GROUPING_IDS,
  GROUPINGS,
  partnerReport,
  partnersPage,
  qualityTimelinessPage,
} from './analysis-pages.ts';
import { consistencyFigures, partnerFigures, qualityTimeliness } from './analysis.service.ts';
import { ESCALATION_RULE, TIME_BAND_HOURS } from './consistency-decisions.ts';
import { emptyPartner } from './partner-queries.ts';

const VIEWS = 'modules/assurance/analysis/views';
const view = { config: { permission: 'assurance:view' as const } };
/** The council's own analysis names workers, managers and teams: never a partner agency's staff. */
const staff = { config: { permission: 'assurance:staff' as const } };

const groupingQuery = z.object({ by: z.enum(GROUPING_IDS).catch('team') });
const groupQuery = z.object({ group: z.enum(['team', 'worker']).catch('team') });

/** `agency-12`, or `agency-12-organisation-<the organisation's name, lower case>`. */
const partnerParams = z.object({
  partner: z
    .string()
    .regex(/^agency-[1-9][0-9]{0,9}(-organisation-.+)?$/)
    .transform((value) => {
      const [, id, organisation] = /^agency-([0-9]+)(?:-organisation-(.+))?$/.exec(value)!;
      return { agencyId: Number(id), organisationKey: organisation ?? null };
    }),
});

/**
 * Threshold consistency, partner feedback (with a printable report per partner) and the quality and
 * timeliness matrix: explainable statistics about groups of decisions, never a score for a child.
 */
export function registerAnalysisRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());
  // The report's own stylesheet: the content security policy allows no inline styles.
  const stylesheet = readFileSync(
    path.join(SOURCE_ROOT, 'modules/assurance/analysis/partner-report.css'),
    'utf8'
  );

  app.get(
    '/assurance/partner-report.css',
    { config: { public: true }, schema: { hide: true } },
    async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(stylesheet)
  );

  app.get('/assurance/consistency', staff, async (request, reply) => {
    const query = readInsightQuery(request.query, today());
    const { by } = groupingQuery.parse(request.query ?? {});
    const selects = await filterSelects(deps.db, signedInActor(request), query.form);
    const common = {
      pageTitle: 'Threshold consistency',
      selects,
      groupings: GROUPING_IDS.map((id) => ({ value: id, text: GROUPINGS[id].label, selected: id === by })),
      escalationRule: ESCALATION_RULE,
      timeBands: TIME_BAND_HOURS,
    };
    if (!query.ok) return reply.code(400).view(`${VIEWS}/consistency.njk`, { ...common, ...query });
    const figures = await consistencyFigures(request.access, query.scope, GROUPINGS[by].groupBy);
    return reply.view(`${VIEWS}/consistency.njk`, {
      ...common,
      form: query.form,
      period: query.scope.period,
      ...(await consistencyPage(figures, by)),
    });
  });

  app.get('/assurance/partners', view, async (request, reply) => {
    const actor = signedInActor(request);
    const query = readInsightQuery(request.query, today());
    const partner = isPartnerAgency(actor.agencyKind) ? actor.agencyId : undefined;
    const common = { pageTitle: 'Partner feedback', partnerAgencyName: partner ? actor.agencyName : null };
    if (!query.ok) return reply.code(400).view(`${VIEWS}/partners.njk`, { ...common, ...query });
    const figures = await partnerFigures(request.access, query.scope.period, deps.clock.now(), partner);
    return reply.view(`${VIEWS}/partners.njk`, {
      ...common,
      form: query.form,
      period: query.scope.period,
      query: periodQuery(query.scope.period),
      ...partnersPage(figures),
    });
  });

  app.get('/assurance/partners/:partner', view, async (request, reply) => {
    const parsed = partnerParams.safeParse(request.params);
    if (!parsed.success) throw new RecordNotFoundError('Page');
    const { agencyId, organisationKey } = parsed.data.partner;
    const actor = signedInActor(request);
    if (isPartnerAgency(actor.agencyKind) && actor.agencyId !== agencyId)
      throw new RecordNotFoundError('Page');
    const query = readInsightQuery(request.query, today());
    if (!query.ok)
      return reply.code(400).view(`${VIEWS}/partners.njk`, { pageTitle: 'Partner feedback', ...query });
    const figures = await partnerFigures(request.access, query.scope.period, deps.clock.now(), agencyId);
    const partner =
      figures.partners.find((row) => row.agencyId === agencyId && row.organisationKey === organisationKey) ??
      (organisationKey === null && figures.agency ? emptyPartner(figures.agency) : undefined);
    if (!partner) throw new RecordNotFoundError('Page');
    const report = partnerReport(figures, partner);
    return reply.view(`${VIEWS}/partner-report.njk`, {
      pageTitle: `Feedback for ${report.name}`,
      period: query.scope.period,
      query: periodQuery(query.scope.period),
      councilOnlyLinks: !isPartnerAgency(actor.agencyKind),
      ...report,
    });
  });

  app.get('/assurance/quality-timeliness', staff, async (request, reply) => {
    const query = readInsightQuery(request.query, today());
    const { group } = groupQuery.parse(request.query ?? {});
    const common = { pageTitle: 'Quality and timeliness', group };
    if (!query.ok) return reply.code(400).view(`${VIEWS}/quality-timeliness.njk`, { ...common, ...query });
    const rows = await qualityTimeliness(request.access, group, query.scope.period);
    return reply.view(`${VIEWS}/quality-timeliness.njk`, {
      ...common,
      form: query.form,
      period: query.scope.period,
      ...(await qualityTimelinessPage(rows, group)),
    });
  });
}

/** The period alone as a query string, for links between the partner pages. */
function periodQuery(period: { from: string; to: string }): string {
  return queryStringOf({ period });
}
