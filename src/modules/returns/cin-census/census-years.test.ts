import { describe, expect, it } from 'vitest';
import { censusAsAt, inProgressCensusYear, latestCensusYear } from './census-years.ts';

describe('census years by the London calendar', () => {
  it('starts a new census year at midnight in London, an hour before UTC in summer time', () => {
    // 00:30 on 1 April 2026 in London (BST) is still 31 March in UTC.
    const londonFirstOfApril = new Date('2026-03-31T23:30:00Z');
    expect(latestCensusYear(londonFirstOfApril)).toBe(2026);
    expect(inProgressCensusYear(londonFirstOfApril)).toBe(2027);
    const lastMinuteOfMarch = new Date('2026-03-31T22:59:00Z');
    expect(latestCensusYear(lastMinuteOfMarch)).toBe(2025);
    expect(inProgressCensusYear(lastMinuteOfMarch)).toBe(2026);
  });

  it('counts the new year from January to March in the year it ends', () => {
    expect(latestCensusYear(new Date('2027-01-15T12:00:00Z'))).toBe(2026);
    expect(inProgressCensusYear(new Date('2027-01-15T12:00:00Z'))).toBe(2027);
    expect(latestCensusYear(new Date('2026-11-20T10:00:00Z'))).toBe(2026);
  });

  it('judges a year in progress as at today in London, and a finished one as at its 31 March', () => {
    expect(censusAsAt(2027, new Date('2026-11-20T10:00:00Z'))).toBe('2026-11-20');
    // 00:30 on 1 June in London is 31 May in UTC.
    expect(censusAsAt(2027, new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(censusAsAt(2026, new Date('2026-11-20T10:00:00Z'))).toBe('2026-03-31');
    expect(censusAsAt(2026, new Date('2026-03-31T12:00:00Z'))).toBe('2026-03-31');
  });
});
