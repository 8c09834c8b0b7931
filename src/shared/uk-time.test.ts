import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatUk, UK_FORMATS, UK_TIME_ZONE } from './uk-time.ts';
import { Random } from './random.ts';

/** What luxon writes (the oracle the fast path must equal), in the en-US month abbreviations the pages use. */
function byLuxon(moment: DateTime, format: string): string {
  return moment
    .setZone(UK_TIME_ZONE)
    .setLocale('en-US')
    .toFormat(format)
    .replace('AM', 'am')
    .replace('PM', 'pm');
}

describe('writing dates and times in UK time', () => {
  const formats = Object.values(UK_FORMATS);

  it('writes every page format as luxon does, for instants across years and both clock changes', () => {
    const random = new Random(20261206);
    const instants = [
      // The clocks going forward and back in 2026, and midnight and noon either side.
      '2026-03-29T00:59:00Z',
      '2026-03-29T01:00:00Z',
      '2026-10-25T00:59:00Z',
      '2026-10-25T01:00:00Z',
      '2026-12-31T23:59:00Z',
      '2026-06-30T23:00:00Z',
      '2026-06-30T11:00:00Z',
      '2026-01-01T12:00:00Z',
      '2026-01-01T00:00:00Z',
    ].map((text) => new Date(text));
    for (let i = 0; i < 3000; i++)
      instants.push(new Date(Date.UTC(2000, 0, 1) + random.next() * 40 * 365 * 86_400_000));
    for (const at of instants)
      for (const format of formats)
        expect(formatUk(at, format)).toBe(byLuxon(DateTime.fromJSDate(at), format));
  });

  it('reads ISO timestamps with and without an offset, and a calendar date as that UK day', () => {
    for (const format of formats) {
      expect(formatUk('2026-07-01T22:30:00Z', format)).toBe(
        byLuxon(DateTime.fromISO('2026-07-01T22:30:00Z'), format)
      );
      expect(formatUk('2026-07-01T22:30:00', format)).toBe(
        byLuxon(DateTime.fromISO('2026-07-01T22:30:00', { zone: 'utc' }), format)
      );
      expect(formatUk('2026-07-01T22:30:00+02:00', format)).toBe(
        byLuxon(DateTime.fromISO('2026-07-01T22:30:00+02:00'), format)
      );
      expect(formatUk('2026-07-01', format)).toBe(
        byLuxon(DateTime.fromISO('2026-07-01', { zone: UK_TIME_ZONE }), format)
      );
    }
    expect(formatUk('2026-11-20T09:05:00Z', UK_FORMATS.dateAtTime)).toBe('20 November 2026 at 9:05am');
    expect(formatUk(new Date('2026-07-01T11:00:00Z'), UK_FORMATS.dateAtTime)).toBe('1 July 2026 at 12:00pm');
    expect(formatUk(null, UK_FORMATS.date)).toBe('');
    expect(formatUk('', UK_FORMATS.date)).toBe('');
  });

  it('still writes any other format through luxon', () => {
    expect(formatUk('2026-11-20T09:05:00Z', 'yyyy-MM-dd HH:mm')).toBe('2026-11-20 09:05');
  });
});
