/**
 * The product's own pre-submission check of a CIN census: every DfE rule over every child and over the
 * return as a whole, answered as findings per child (in the order of the return) and for the return,
 * errors before queries and by rule code within each.
 */
import type { CinCensus } from './census-model.ts';
import { censusContext, type CensusRule, type ContextOptions, type Finding } from './rule-types.ts';
import { CENSUS_RULES } from './rules.ts';

export interface ChildFindings {
  /** Position of the child in the return (zero-based). */
  childIndex: number;
  laChildId?: string;
  findings: Finding[];
}

export interface CensusCheck {
  referenceDate: string;
  /** The day the return was judged as at (the reference date, or today while the year is in progress). */
  asAt: string;
  /** Rules about the return as a whole (the header, LA-wide counts). */
  returnFindings: Finding[];
  /** Only the children with at least one finding. */
  children: ChildFindings[];
  errors: number;
  queries: number;
}

export interface CheckOptions extends ContextOptions {
  /** The rules to run; all of them unless given (tests run one at a time). */
  rules?: readonly CensusRule[];
}

export function checkCensus(census: CinCensus, options: CheckOptions = {}): CensusCheck {
  const context = censusContext(census, options);
  const rules = options.rules ?? CENSUS_RULES;
  const returnFindings: Finding[] = [];
  const children: ChildFindings[] = census.Children.map((child, childIndex) => ({
    childIndex,
    ...(child.ChildIdentifiers.LAchildID !== undefined && { laChildId: child.ChildIdentifiers.LAchildID }),
    findings: [],
  }));

  for (const rule of rules) {
    const base = { code: rule.code, severity: rule.severity, level: rule.level };
    if (rule.level === 'return') {
      for (const hit of rule.check(context)) {
        returnFindings.push({ ...base, message: rule.description, ...hit });
      }
      continue;
    }
    census.Children.forEach((child, childIndex) => {
      const entry = children[childIndex]!;
      for (const hit of rule.check(child, context)) {
        entry.findings.push({
          ...base,
          message: rule.description,
          ...hit,
          childIndex,
          ...(entry.laChildId !== undefined && { laChildId: entry.laChildId }),
        });
      }
    });
  }

  const withFindings = children.filter((entry) => entry.findings.length > 0);
  for (const entry of withFindings) entry.findings.sort(byPriority);
  returnFindings.sort(byPriority);
  const all = [...returnFindings, ...withFindings.flatMap((entry) => entry.findings)];
  return {
    referenceDate: context.referenceDate,
    asAt: context.asAt,
    returnFindings,
    children: withFindings,
    errors: all.filter((finding) => finding.severity === 'error').length,
    queries: all.filter((finding) => finding.severity === 'query').length,
  };
}

/** Errors before queries, then by rule number, then by where in the child's entry. */
function byPriority(a: Finding, b: Finding): number {
  return (
    Number(a.severity === 'query') - Number(b.severity === 'query') ||
    parseInt(a.code, 10) - parseInt(b.code, 10) ||
    (a.at?.episode ?? -1) - (b.at?.episode ?? -1) ||
    (a.at?.group ?? '').localeCompare(b.at?.group ?? '') ||
    (a.at?.index ?? -1) - (b.at?.index ?? -1)
  );
}

/** Every finding of a check, the return's first and then each child's, in order. */
export function allFindings(check: CensusCheck): Finding[] {
  return [...check.returnFindings, ...check.children.flatMap((entry) => entry.findings)];
}
