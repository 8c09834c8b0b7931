import { describe, expect, it } from 'vitest';
import { defaultPeriod, queryStringOf, readInsightQuery } from './insight-query.ts';
import { lastWholeMonth } from './performance.service.ts';
import { controlChartOf, formatValue } from './figures.ts';
import { MEASURES } from './measures.ts';

const TODAY = '2026-11-20';

describe('the period and filters of a performance page', () => {
  it('defaults to the last 12 whole months', () => {
    expect(defaultPeriod(TODAY)).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(defaultPeriod('2026-01-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('reads a period and filters, and writes the same query back', () => {
    const query = readInsightQuery(
      {
        'from-day': '1',
        'from-month': '4',
        'from-year': '2026',
        'to-day': '30',
        'to-month': '9',
        'to-year': '2026',
        locality: '3',
        sex: 'F',
        ageBand: '10_to_15',
      },
      TODAY
    );
    expect(query.ok && query.scope).toEqual({
      period: { from: '2026-04-01', to: '2026-09-30' },
      localityId: 3,
      sex: 'F',
      ageBand: '10_to_15',
      teamId: undefined,
      agencyId: undefined,
      ethnicGroup: undefined,
      disability: undefined,
    });
    const again = readInsightQuery(
      Object.fromEntries(new URLSearchParams(queryStringOf(query.ok ? query.scope : never()))),
      TODAY
    );
    expect(again).toEqual(query);
  });

  it('ignores a filter that is not one of the choices, rather than failing', () => {
    const query = readInsightQuery({ sex: 'X', ageBand: 'old', team: '-1', locality: '1e3' }, TODAY);
    expect(
      query.ok && [query.scope.sex, query.scope.ageBand, query.scope.teamId, query.scope.localityId]
    ).toEqual([undefined, undefined, undefined, undefined]);
  });

  it.each([
    [{ 'from-day': '1', 'from-month': '6', 'from-year': '2026' }, 'to', 'Enter the last day of the period'],
    [
      {
        'from-day': '31',
        'from-month': '2',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '3',
        'to-year': '2026',
      },
      'from',
      'The first day of the period must be a real date, for example 27 3 2015',
    ],
    [
      {
        'from-day': '1',
        'from-month': '6',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '5',
        'to-year': '2026',
      },
      'to',
      'The last day of the period must be on or after the first day',
    ],
    [
      {
        'from-day': '1',
        'from-month': '6',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '12',
        'to-year': '2026',
      },
      'to',
      'The last day of the period must be today or earlier',
    ],
    [
      {
        'from-day': '1',
        'from-month': '1',
        'from-year': '2019',
        'to-day': '1',
        'to-month': '1',
        'to-year': '2026',
      },
      'from',
      'The period must be five years or shorter',
    ],
  ])('refuses %j with a specific message, keeping what was typed', (typed, field, message) => {
    const query = readInsightQuery(typed, TODAY);
    expect(query.ok).toBe(false);
    expect(!query.ok && query.errors.fields[field]).toEqual({ text: message });
    expect(query.form['from-day']).toBe(typed['from-day']);
  });
});

describe('figures', () => {
  it('ends a trend with the last whole month of the period', () => {
    expect(lastWholeMonth('2026-10-31')).toBe('2026-10');
    expect(lastWholeMonth('2026-11-20')).toBe('2026-10');
    expect(lastWholeMonth('2026-01-15')).toBe('2025-12');
    expect(lastWholeMonth('2024-02-29')).toBe('2024-02');
  });

  it('writes each unit as the page shows it', () => {
    expect(formatValue(1234.4, 'count')).toBe('1,234');
    expect(formatValue(22.649, 'percent')).toBe('22.6%');
    expect(formatValue(531.25, 'per_10k')).toBe('531.3');
    expect(formatValue(4.46, 'hours')).toBe('4.5 hours');
    expect(formatValue(null, 'percent')).toBe('');
  });

  it('starts a control chart at the first month with any case', () => {
    const month = (m: string, numerator: number, denominator: number | null, value: number | null) => ({
      month: m,
      numerator,
      denominator,
      value,
    });
    const chart = controlChartOf(MEASURES.rereferrals_12m, [
      month('2025-01', 0, 0, null),
      month('2025-02', 0, 0, null),
      month('2025-03', 2, 10, 20),
      month('2025-04', 0, 0, null),
      month('2025-05', 3, 12, 25),
    ]);
    expect(chart.points.map((point) => point.period)).toEqual(['2025-03', '2025-04', '2025-05']);
    expect(chart.points[1]!.value).toBeNull();
  });
});

function never(): never {
  throw new Error('unreachable');
}
