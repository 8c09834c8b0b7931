import type { CensusRule } from './rule-types.ts';
import { RULES_A } from './rules-a.ts';
import { RULES_B } from './rules-b.ts';

/** Every rule of the 2025-26 CIN census ruleset (cin2025_26), the product's pre-submission check. */
export const CENSUS_RULES: readonly CensusRule[] = [...RULES_A, ...RULES_B];
