import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { censusYear } from '../cin-census/census-extract.ts';
import { errorBars } from './readiness-findings.ts';
import { readinessOverview, runReadinessCheckNow, teamFixQueue } from './readiness.service.ts';

const VIEWS = 'modules/returns/views';
/** The errors chart's drawing box, in SVG units. */
const CHART = { width: 600, height: 120 } as const;

const overviewQuery = z.object({ ran: z.literal('1').optional().catch(undefined) });

/**
 * Return readiness: analysts see how ready the census of the year in progress is, team by team and day
 * by day, and can run the check now; each receiving team sees its own children's fixes.
 */
export function registerReadinessRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/returns/readiness', { config: { permission: 'returns:export' } }, async (request, reply) => {
    const { ran } = overviewQuery.parse(request.query ?? {});
    const overview = await readinessOverview(request.access, deps.clock.now());
    const days = overview.days.map((day) => ({ ...day, date: day.run_date }));
    const year = censusYear(overview.year);
    return reply.view(`${VIEWS}/readiness.njk`, {
      pageTitle: 'Return readiness',
      ...overview,
      days,
      chart: {
        ...CHART,
        ...year,
        bars: errorBars(days, CHART, { start: year.start, end: year.referenceDate }),
      },
      ran: ran === '1',
    });
  });

  app.post('/returns/readiness/run', { config: { permission: 'returns:export' } }, async (request, reply) => {
    await runReadinessCheckNow(request.access, deps.clock.now());
    return reply.redirect('/returns/readiness?ran=1', 303);
  });

  app.get('/returns/readiness/team', { config: { permission: 'onward:record' } }, async (request, reply) => {
    const queue = await teamFixQueue(request.access, deps.db, deps.clock.now());
    return reply.view(`${VIEWS}/readiness-team.njk`, {
      pageTitle: 'Census fixes for your team',
      ...queue,
      errors: queue.children.reduce((sum, child) => sum + child.errors, 0),
      queries: queue.children.reduce((sum, child) => sum + child.queries, 0),
    });
  });
}
