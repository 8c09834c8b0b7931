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

/** Accepts the current code or one 30-second step either side, to allow for clock drift. */
export function isValidTotpCode(secretBase32: string, username: string, code: string, now: Date): boolean {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return false;
  return (
    totpFor(secretBase32, username).validate({ token: digits, timestamp: now.getTime(), window: 1 }) !== null
  );
}

/** The code for a moment in time: used by tests and the demo instructions. */
export function totpCodeAt(secretBase32: string, now: Date): string {
  return totpFor(secretBase32, 'code').generate({ timestamp: now.getTime() });
}
