import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Front Door';

function totpFor(secretBase32: string, username: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

/** A code's 30-second time step: a code is accepted once, so the step used is recorded. */
export const TOTP_PERIOD_SECONDS = 30;

export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step a code belongs to, or null when it is not right: the current step or one either side,
 * to allow for clock drift.
 */
export function matchingTotpStep(
  secretBase32: string,
  username: string,
  code: string,
  now: Date
): number | null {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const delta = totpFor(secretBase32, username).validate({
    token: digits,
    timestamp: now.getTime(),
    window: 1,
  });
  return delta === null ? null : totpStepAt(now) + delta;
}

export function isValidTotpCode(secretBase32: string, username: string, code: string, now: Date): boolean {
  return matchingTotpStep(secretBase32, username, code, now) !== null;
}

/** The code for a moment in time: used by tests and the demo instructions. */
export function totpCodeAt(secretBase32: string, now: Date): string {
  return totpFor(secretBase32, 'code').generate({ timestamp: now.getTime() });
}
