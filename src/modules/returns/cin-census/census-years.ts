/**
 * Which CIN census collection year a moment falls in, by the council's calendar (England's, where the
 * day after 31 March starts an hour before UTC's in summer time). Year 2026 is 1 April 2025 to
 * 31 March 2026 (its reference date).
 */
import { londonDateOf } from '../../../shared/working-time.ts';

/** The collection year whose reference date (31 March) has passed: 2026 from 1 April 2026. */
export function latestCensusYear(now: Date): number {
  const [year, month] = londonDateOf(now).split('-').map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}

/** The collection year in progress: the one whose 31 March is today or still to come. */
export function inProgressCensusYear(now: Date): number {
  return latestCensusYear(now) + 1;
}

/**
 * The day a year's return is judged as at: its reference date once the year is over, else today, so a
 * child still open today counts as open rather than as overdue against a 31 March to come.
 */
export function censusAsAt(year: number, now: Date): string {
  const today = londonDateOf(now);
  const referenceDate = `${year}-03-31`;
  return today < referenceDate ? today : referenceDate;
}
