import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { latestByArea, parseComparators, type ComparatorFigure } from './comparators.ts';

const HEADER = 'area,measure,period,value,source';

describe('the comparators file', () => {
  it('reads the national figures Front Door ships with', () => {
    const parsed = parseComparators(
      readFileSync(new URL('./reference/comparators.csv', import.meta.url), 'utf8')
    );
    expect('figures' in parsed && parsed.figures).toContainEqual(
      expect.objectContaining({ area: 'England', measure: 'rereferrals_12m', period: '2024-25', value: 22.6 })
    );
  });

  it('says exactly which line is wrong and why, and accepts nothing from a wrong file', () => {
    const parsed = parseComparators(
      [
        HEADER,
        'England,rereferrals_12m,2024-25,22.6,DfE',
        'England,referrals_per_day,2024-25,3,DfE',
        'Statistical neighbours,rereferrals_12m,last year,20,Council',
        'Statistical neighbours,icpc_within_15_days,2024-25,140,Council',
        'Statistical neighbours,icpc_within_15_days,2024-25,80,',
        'England,rereferrals_12m,2024-25,22.6,DfE again',
        'England,rereferrals_12m',
      ].join('\n')
    );
    expect(parsed).toEqual({
      problems: [
        expect.stringMatching(/^Line 3: "referrals_per_day" is not a measure that can be compared/),
        'Line 4: the period "last year" must look like 2024-25 or 2025',
        'Line 5: the value "140" must be a percentage from 0 to 100',
        'Line 6: say where the figure was published (the source is empty)',
        'Line 7: England, rereferrals_12m, 2024-25 is given twice',
        'Line 8: expected 5 fields, found 2',
      ],
    });
  });

  it('refuses a file without the header', () => {
    expect(parseComparators('England,rereferrals_12m,2024-25,22.6,DfE')).toEqual({
      problems: [`The first line must be the header: ${HEADER}`],
    });
  });

  it('keeps the latest figure for each area, England first', () => {
    const figure = (area: string, period: string, value: number): ComparatorFigure => ({
      area,
      measure: 'rereferrals_12m',
      period,
      value,
      source: 'test',
    });
    const latest = latestByArea(
      [
        figure('Statistical neighbours', '2024-25', 20),
        figure('England', '2023-24', 22.4),
        figure('England', '2024-25', 22.6),
      ],
      'rereferrals_12m'
    );
    expect(latest.map((f) => [f.area, f.period])).toEqual([
      ['England', '2024-25'],
      ['Statistical neighbours', '2024-25'],
    ]);
  });
});
