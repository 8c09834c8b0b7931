import type { AgencyKind } from '../../platform/db/schema.ts';
import { REFERRAL_SOURCE_OPTIONS } from './concern-codes.ts';

/**
 * The CIN census referral sources (N00152) an agency's contacts can have. A partner system sends
 * with its agency's key, so the key says who referred: police contacts are always 6, a hospital's
 * always one of the health codes. An individual (1A-1D), anonymous (9) or unknown (10) source never
 * comes from an agency's key.
 */
export const AGENCY_REFERRAL_SOURCES: Record<AgencyKind, readonly string[]> = {
  police: ['6'],
  health: ['3A', '3B', '3C', '3D', '3E', '3F'],
  education: ['2A', '2B'],
  housing: ['4'],
  adult_services: ['5A'],
  youth_justice: ['5B'],
  council: ['5A', '5B', '5C', '5D'],
  probation: ['7'],
  other: ['5C', '7', '8'],
};

export type ReferralSourceOfAgency =
  | { ok: true; referralSource: string }
  | { ok: false; problem: 'conflicts' | 'ambiguous'; allowed: readonly string[] };

/**
 * The referral source of a contact an agency sends: the one given when the agency can send it; the
 * agency's own when none is given and it has only one; otherwise a problem naming the codes allowed.
 */
export function referralSourceOfAgency(kind: AgencyKind, given: string | undefined): ReferralSourceOfAgency {
  const allowed = AGENCY_REFERRAL_SOURCES[kind];
  if (given !== undefined) {
    return allowed.includes(given)
      ? { ok: true, referralSource: given }
      : { ok: false, problem: 'conflicts', allowed };
  }
  if (allowed.length === 1) return { ok: true, referralSource: allowed[0]! };
  return { ok: false, problem: 'ambiguous', allowed };
}

/** "6 (Police)", for messages. */
export function describeReferralSources(codes: readonly string[]): string {
  const described = codes.map((code) => {
    const label = REFERRAL_SOURCE_OPTIONS.find((option) => option.code === code)?.label;
    return label ? `${code} (${label})` : code;
  });
  return described.length <= 1
    ? (described[0] ?? '')
    : `${described.slice(0, -1).join(', ')} or ${described.at(-1)}`;
}
