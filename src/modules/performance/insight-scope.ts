import type { Sex } from '../../platform/db/schema.ts';

/*
 * What a performance page is asked about: a period and the filters that narrow the children counted.
 * Pure: the routes parse a query string into a scope, the queries turn a scope into WHERE clauses.
 */

/** The DfE children in need publication's age bands, by age on the day of the contact. */
export const AGE_BANDS = ['unborn', 'under_1', '1_to_4', '5_to_9', '10_to_15', '16_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  unborn: 'Unborn',
  under_1: 'Under 1',
  '1_to_4': '1 to 4',
  '5_to_9': '5 to 9',
  '10_to_15': '10 to 15',
  '16_plus': '16 and over',
};

/** The census ethnicity codes grouped as the DfE publishes them. */
export const ETHNIC_GROUPS = ['white', 'mixed', 'asian', 'black', 'other', 'not_known'] as const;
export type EthnicGroup = (typeof ETHNIC_GROUPS)[number];

export const ETHNIC_GROUP_LABELS: Record<EthnicGroup, string> = {
  white: 'White',
  mixed: 'Mixed or multiple',
  asian: 'Asian or Asian British',
  black: 'Black, Black British, Caribbean or African',
  other: 'Other ethnic group',
  not_known: 'Refused, not obtained or not recorded',
};

/** The group of a CIN census ethnicity code (N00177), e.g. 'WBRI' → white; null or unknown → not_known. */
export function ethnicGroupOf(code: string | null): EthnicGroup {
  if (code === null) return 'not_known';
  if (code === 'CHNE') return 'asian';
  if (code === 'OOTH') return 'other';
  const group: Record<string, EthnicGroup> = { W: 'white', M: 'mixed', A: 'asian', B: 'black' };
  return group[code.charAt(0)] ?? 'not_known';
}

export const DISABILITY_FILTERS = ['yes', 'no', 'not_recorded'] as const;
export type DisabilityFilter = (typeof DISABILITY_FILTERS)[number];

/** The filters a page can be narrowed by; absent means everyone. */
export interface InsightFilters {
  localityId?: number;
  teamId?: number;
  /** The referring agency. A partner agency's staff always have their own agency here. */
  agencyId?: number;
  ageBand?: AgeBand;
  sex?: Sex;
  ethnicGroup?: EthnicGroup;
  disability?: DisabilityFilter;
}

/** A period of whole days, both ends included, as UK dates ('YYYY-MM-DD'). */
export interface Period {
  from: string;
  to: string;
}

export interface InsightScope extends InsightFilters {
  period: Period;
}

/** The calendar months ('YYYY-MM') a trend shows: `count` months ending with the month `to` falls in. */
export function trendMonths(to: string, count: number): string[] {
  const [year, month] = to.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const index = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}
