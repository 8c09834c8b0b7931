import { describe, expect, it } from 'vitest';
import { ASSUMED_SERVICE_TIMES, MIN_SAMPLES, stepTimesFrom } from './measured-times.ts';
import { parseStaffing, staffingValues } from './staffing-form.ts';
import { ROTAS } from './capacity-fixtures.ts';

const repeat = (values: number[], times: number) => Array.from({ length: times }, () => values).flat();

describe('step times from the history', () => {
  it('fits each rating with enough measurements, pools the rest, assumes without any', () => {
    const { serviceTimes, table } = stepTimesFrom({
      screening: { red: [], amber: repeat([20, 40], MIN_SAMPLES / 2), green: [60, 0] },
      authorisation: { red: [], amber: [], green: [] },
    });
    const source = (step: string, rag: string) => table.find((row) => row.step === step && row.rag === rag);
    expect(source('screening', 'amber')).toMatchObject({ source: 'measured', samples: MIN_SAMPLES });
    expect(serviceTimes.screening.amber).toMatchObject({ meanMinutes: 30 });
    // Red has none of its own: amber's and green's positive times together (the zero is dropped).
    expect(source('screening', 'red')).toMatchObject({
      source: 'measured_all_ratings',
      samples: MIN_SAMPLES + 1,
    });
    expect(source('authorisation', 'red')).toMatchObject({ source: 'assumed', samples: 0 });
    expect(serviceTimes.authorisation.red).toEqual(ASSUMED_SERVICE_TIMES.authorisation.red);
  });
});

describe('the what-if form', () => {
  it('is not sent without its boxes, reads whole numbers and names each problem', () => {
    expect(parseStaffing({ month: '2026-10' })).toBeUndefined();
    expect(parseStaffing(staffingValues(ROTAS.tight))).toEqual({ ok: true, value: ROTAS.tight });
    const typed = {
      ...staffingValues(ROTAS.tight),
      'night-practitioners': '1.5',
      'weekend_day-managers': '',
    };
    const parsed = parseStaffing({ ...typed, 'weekday_day-managers': '100' });
    expect(parsed?.ok).toBe(false);
    if (parsed && !parsed.ok) {
      expect(parsed.errors.summary.map((item) => item.text)).toEqual([
        'Weekday day managers must be 99 or fewer',
        'Night practitioners must be a whole number, like 0, 1 or 4',
        'Enter the number of weekend day managers',
      ]);
      expect(parsed.values['night-practitioners']).toBe('1.5');
    }
  });
});
