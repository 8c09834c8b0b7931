/*
 * Police incident (log) numbers and crime reference numbers. Each of the 43 forces writes its own
 * (for example "WY-20261120-0456", "Log 123 of 20/11/2026", "13/123456/26", "CRI/1234/26"), so the
 * check is loose: what a person could read out over the phone and type into the force's system.
 */

export const POLICE_REFERENCE_LENGTH = { min: 4, max: 40 } as const;

/** Letters, digits, spaces and the separators forces use: / - . _ : */
const ALLOWED = /^[A-Za-z0-9 /\-._:]+$/;

/** The reference tidied (spaces collapsed, letters in capitals), or null when it cannot be one. */
export function normalisePoliceReference(value: string): string | null {
  const tidy = value.trim().replace(/\s+/g, ' ').toUpperCase();
  if (tidy.length < POLICE_REFERENCE_LENGTH.min || tidy.length > POLICE_REFERENCE_LENGTH.max) return null;
  if (!ALLOWED.test(tidy) || !/\d/.test(tidy)) return null;
  return tidy;
}
