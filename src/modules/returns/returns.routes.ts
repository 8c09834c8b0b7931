import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { dateProblemMessage, parseDateParts } from '../../platform/http/dates.ts';
import { formError } from '../../platform/http/forms.ts';
import { ukDateTimeParts } from '../../shared/uk-time.ts';
import { checkCinCensus, exportAnnexA, exportCinCensus, latestCensusYear } from './returns.service.ts';
import { registerReadinessRoutes } from './readiness/readiness.routes.ts';

const VIEWS = 'modules/returns/views';
const exportOnly = { config: { permission: 'returns:export' as const } };

/** A census collection year Front Door can build; any other year is a page that does not exist. */
const yearParams = z.object({
  year: z
    .string()
    .regex(/^20[2-9][0-9]$/)
    .transform(Number),
});
/** A repeated or missing box counts as empty, so the page asks again instead of failing. */
const dateBox = z.string().optional().catch(undefined);
const annexAQuery = z.object({ 'asAt-day': dateBox, 'asAt-month': dateBox, 'asAt-year': dateBox });

function censusYearOf(params: unknown): number {
  const parsed = yearParams.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError('Census year');
  return parsed.data.year;
}

/**
 * The returns page: the DfE children in need census (download, and the check that says what to fix before
 * it is due, and its daily run as each team's list of fixes) and Ofsted's Annex A as at a date.
 */
export function registerReturnsRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerReadinessRoutes(app, deps);

  app.get('/returns', exportOnly, async (_request, reply) => {
    const now = deps.clock.now();
    return renderReturns(reply, now, {});
  });

  app.get('/returns/cin-census/:year/check', exportOnly, async (request, reply) => {
    const year = censusYearOf(request.params);
    const page = request.routeOptions.url ?? '';
    const { check, children, shown } = await checkCinCensus(request.access, year, deps.clock.now(), page);
    return reply.view(`${VIEWS}/cin-census-check.njk`, {
      pageTitle: `Children in need census ${year - 1} to ${year}: the check`,
      year,
      check,
      children,
      shown,
    });
  });

  app.get('/returns/cin-census/:year/census.xml', exportOnly, async (request, reply) => {
    const year = censusYearOf(request.params);
    const { xml } = await exportCinCensus(request.access, year, deps.clock.now());
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="cin-census-${year}.xml"`)
      .send(xml);
  });

  app.get('/returns/annex-a.xlsx', exportOnly, async (request, reply) => {
    const now = deps.clock.now();
    const typed = annexAQuery.parse(request.query ?? {});
    const parsed = parseDateParts({
      day: typed['asAt-day'],
      month: typed['asAt-month'],
      year: typed['asAt-year'],
    });
    if (parsed.outcome !== 'date') {
      const message =
        parsed.outcome === 'empty'
          ? 'Enter the date of the inspection, for example 27 3 2026'
          : dateProblemMessage('The date of the inspection', parsed.problem);
      return renderReturns(reply.code(400), now, { asAt: typed, errors: formError('asAt', message) });
    }
    const { workbook } = await exportAnnexA(request.access, parsed.date);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="annex-a-${parsed.date}.xlsx"`)
      .send(workbook);
  });
}

function renderReturns(
  reply: FastifyReply,
  now: Date,
  form: { asAt?: Record<string, string | undefined>; errors?: ReturnType<typeof formError> }
) {
  const latest = latestCensusYear(now);
  const today = ukDateTimeParts(now);
  return reply.view(`${VIEWS}/returns.njk`, {
    pageTitle: 'Returns',
    censusYears: [latest + 1, latest, latest - 1],
    latest,
    asAt: form.asAt ?? { 'asAt-day': today.day, 'asAt-month': today.month, 'asAt-year': today.year },
    errors: form.errors,
  });
}
