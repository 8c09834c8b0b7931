/** Session lifetimes from OWASP ASVS L2: 30 minutes idle, 12 hours absolute. */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** Touch the session at most this often, so each request is not a write. */
export const SESSION_TOUCH_SECONDS = 60;

export type SessionState = 'active' | 'idle_timeout' | 'absolute_timeout';

export function sessionState(session: { createdAt: Date; lastSeenAt: Date }, now: Date): SessionState {
  if (now.getTime() - session.createdAt.getTime() >= SESSION_ABSOLUTE_HOURS * 3_600_000)
    return 'absolute_timeout';
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MINUTES * 60_000) return 'idle_timeout';
  return 'active';
}

export const LOCKOUT = { freeAttempts: 5, firstLockMinutes: 1, maxLockMinutes: 60 } as const;

/**
 * Back-off after repeated failures: the 5th failure locks the account for 1 minute, and each
 * further failure doubles it, up to an hour. Slows guessing without locking staff out for a day.
 */
export function lockUntilAfterFailures(failures: number, now: Date): Date | null {
  if (failures < LOCKOUT.freeAttempts) return null;
  const minutes = Math.min(
    LOCKOUT.firstLockMinutes * 2 ** (failures - LOCKOUT.freeAttempts),
    LOCKOUT.maxLockMinutes
  );
  return new Date(now.getTime() + minutes * 60_000);
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}
