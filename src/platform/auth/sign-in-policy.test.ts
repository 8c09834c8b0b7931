import { describe, expect, it } from 'vitest';
import { isLocked, lockUntilAfterFailures, sessionState } from './sign-in-policy.ts';

const now = new Date('2026-11-20T10:00:00Z');
const minutesLater = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('sessionState', () => {
  it('is active until 30 minutes without activity', () => {
    expect(sessionState({ createdAt: now, lastSeenAt: now }, minutesLater(29))).toBe('active');
    expect(sessionState({ createdAt: now, lastSeenAt: now }, minutesLater(30))).toBe('idle_timeout');
  });

  it('ends after 12 hours however active the user is', () => {
    expect(sessionState({ createdAt: now, lastSeenAt: minutesLater(715) }, minutesLater(719))).toBe('active');
    expect(sessionState({ createdAt: now, lastSeenAt: minutesLater(719) }, minutesLater(720))).toBe(
      'absolute_timeout'
    );
  });
});

describe('lockout back-off', () => {
  it('allows four failures without a lock', () => {
    for (let failures = 0; failures < 5; failures++) expect(lockUntilAfterFailures(failures, now)).toBeNull();
  });

  it('locks for 1 minute at the fifth failure, doubling each time up to an hour', () => {
    const lockMinutes = [5, 6, 7, 8, 9, 10, 11, 12, 20].map(
      (failures) => (lockUntilAfterFailures(failures, now)!.getTime() - now.getTime()) / 60_000
    );
    expect(lockMinutes).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('treats a lock as over once its time has passed', () => {
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked(minutesLater(1), now)).toBe(true);
    expect(isLocked(now, now)).toBe(false);
  });
});
