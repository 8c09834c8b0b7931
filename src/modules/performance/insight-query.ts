import { z } from 'zod';
import { dateProblemMessage, parseDateParts } from '../../platform/http/dates.ts';
import { formError, mergeFormErrors, type FormErrors } from '../../platform/http/forms.ts';
import {
  AGE_BANDS,
  DISABILITY_FILTERS,
  ETHNIC_GROUPS,
  type InsightFilters,
  type InsightScope,
  type Period,
} from './insight-scope.ts';

/*
 * A performance page's query string, read strictly: a period typed as two GOV.UK dates and the filters
 * chosen from lists. Anything wrong is said precisely and everything typed is kept on the page.
 */

/** A box left out or repeated counts as empty, so the page asks again instead of failing. */
const box = z.string().optional().catch(undefined);
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);
/** A record id chosen from a list, as digits only: `1e3` or `0x10` is no choice at all. */
export const idChoice = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .refine((value) => value <= 2_147_483_647)
  .optional()
  .catch(undefined);

const querySchema = z.object({
  'from-day': box,
  'from-month': box,
  'from-year': box,
  'to-day': box,
  'to-month': box,
  'to-year': box,
  locality: idChoice,
  team: idChoice,
  agency: idChoice,
  ageBand: choice(AGE_BANDS),
  sex: choice(['M', 'F', 'U'] as const),
  ethnicGroup: choice(ETHNIC_GROUPS),
  disability: choice(DISABILITY_FILTERS),
});

/** What the filter form shows: the boxes as typed and the options as chosen. */
export type InsightForm = z.infer<typeof querySchema>;

export type InsightQuery =
  { ok: true; scope: InsightScope; form: InsightForm } | { ok: false; errors: FormErrors; form: InsightForm };

/** The longest period a page is asked about: five years is as far back as the council's history goes. */
const MAX_PERIOD_DAYS = 366 * 5;

/**
 * The default period: the last 12 complete months before `today` ('YYYY-MM-DD', UK date), so no
 * part-month makes a month look quiet.
 */
export function defaultPeriod(today: string): Period {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const firstOfThisMonth = new Date(Date.UTC(year, month - 1, 1));
  const to = new Date(firstOfThisMonth.getTime() - 86_400_000);
  const from = new Date(Date.UTC(year - 1, month - 1, 1));
  return { from: isoDay(from), to: isoDay(to) };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateParts(date: string) {
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}

/** Reads the query; an empty period means the default one. */
export function readInsightQuery(query: unknown, today: string): InsightQuery {
  const form = querySchema.parse(query ?? {});
  const filters: InsightFilters = {
    localityId: form.locality,
    teamId: form.team,
    agencyId: form.agency,
    ageBand: form.ageBand,
    sex: form.sex,
    ethnicGroup: form.ethnicGroup,
    disability: form.disability,
  };
  const from = parseDateParts({ day: form['from-day'], month: form['from-month'], year: form['from-year'] });
  const to = parseDateParts({ day: form['to-day'], month: form['to-month'], year: form['to-year'] });
  if (from.outcome === 'empty' && to.outcome === 'empty') {
    const period = defaultPeriod(today);
    return { ok: true, scope: { ...filters, period }, form: withPeriod(form, period) };
  }
  const problems: FormErrors[] = [];
  if (from.outcome !== 'date')
    problems.push(
      formError(
        'from',
        from.outcome === 'empty'
          ? 'Enter the first day of the period'
          : dateProblemMessage('The first day of the period', from.problem)
      )
    );
  if (to.outcome !== 'date')
    problems.push(
      formError(
        'to',
        to.outcome === 'empty'
          ? 'Enter the last day of the period'
          : dateProblemMessage('The last day of the period', to.problem)
      )
    );
  if (from.outcome === 'date' && to.outcome === 'date') {
    const days = (Date.parse(to.date) - Date.parse(from.date)) / 86_400_000;
    if (days < 0)
      problems.push(formError('to', 'The last day of the period must be on or after the first day'));
    else if (to.date > today)
      problems.push(formError('to', 'The last day of the period must be today or earlier'));
    else if (days > MAX_PERIOD_DAYS)
      problems.push(formError('from', 'The period must be five years or shorter'));
    else return { ok: true, scope: { ...filters, period: { from: from.date, to: to.date } }, form };
  }
  return { ok: false, errors: mergeFormErrors(problems), form };
}

/** The period as the six date boxes of the filter form. */
function periodBoxes(period: Period) {
  const from = dateParts(period.from);
  const to = dateParts(period.to);
  return {
    'from-day': from.day,
    'from-month': from.month,
    'from-year': from.year,
    'to-day': to.day,
    'to-month': to.month,
    'to-year': to.year,
  };
}

function withPeriod(form: InsightForm, period: Period): InsightForm {
  return { ...form, ...periodBoxes(period) };
}

/** The query string that asks for the same period and filters, for links (CSV, drill-down). */
export function queryStringOf(scope: InsightScope): string {
  const params = new URLSearchParams(periodBoxes(scope.period));
  const optional: [string, string | number | undefined][] = [
    ['locality', scope.localityId],
    ['team', scope.teamId],
    ['agency', scope.agencyId],
    ['ageBand', scope.ageBand],
    ['sex', scope.sex],
    ['ethnicGroup', scope.ethnicGroup],
    ['disability', scope.disability],
  ];
  for (const [name, value] of optional) if (value !== undefined) params.set(name, String(value));
  return params.toString();
}
