/**
 * The shape of a CIN census validation rule and of what it finds. Rules are data: each is a plain object
 * with the DfE code, its severity and a pure `check`, listed in rules-a.ts / rules-b.ts and run by
 * check-census.ts. A rule returns hits (where and what); the runner adds the rule's code, severity and the
 * child, so a rule only says what is wrong.
 */
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../../shared/working-time.ts';
import { addDays, addMonths, censusDate } from './census-dates.ts';
import type { CensusChild, CinCensus } from './census-model.ts';

/** ERROR: DfE rejects the return until it is fixed. QUERY: fix it or explain it in writing. */
export type Severity = 'error' | 'query';

/** Where in a child's entry a finding is (all zero-based); absent parts mean "the child as a whole". */
export interface FindingLocation {
  /** Index of the CINdetails episode. */
  episode?: number;
  /** The repeating group inside the episode, and its index there. */
  group?: 'Assessments' | 'CINPlanDates' | 'Section47' | 'ChildProtectionPlans';
  index?: number;
}

/** What a rule reports: the element names involved and, when one value is at fault, that value. */
export interface RuleHit {
  /** XML element names, e.g. ['CINPlanStartDate', 'CINreferralDate']. */
  fields: string[];
  value?: string;
  /** Overrides the rule's description when the hit needs a more specific message. */
  message?: string;
  at?: FindingLocation;
}

/** A hit as the check reports it: with the rule and, for a child-level rule, the child. */
export interface Finding extends RuleHit {
  code: string;
  severity: Severity;
  level: 'child' | 'return';
  message: string;
  /** Position of the child in the return (zero-based): LAchildID may be missing or shared. */
  childIndex?: number;
  laChildId?: string;
}

/** What every rule can see besides the child: the return, its census year and working days. */
export interface CensusContext {
  census: CinCensus;
  /** The ReferenceDate, e.g. '2026-03-31'; the census year ends on it. */
  referenceDate: string;
  /** The day after ReferenceDate minus one year, e.g. '2025-04-01'. */
  yearStart: string;
  /**
   * The day the return is judged as at: the ReferenceDate, or an earlier day (today) while the census
   * year is in progress. Rules that measure time up to the end of the year (how long an assessment or
   * enquiry has been open, an expected birth, a child's age) measure it to this day, so what is still
   * open today counts as open, not as overdue against a 31 March that has not come yet.
   */
  asAt: string;
  /** Mon–Fri with England bank holidays, for working-day rules (use with workingDaysBetween). */
  calendar: WorkingCalendar;
  /**
   * Computes a value once per check and shares it between children, for rules that compare a child
   * with the whole return (e.g. 1520: no UPN shared by two children) without a pass over every child.
   */
  once<T>(key: string, compute: () => T): T;
}

interface RuleBase {
  /** The DfE code, e.g. '8525Q' (queries keep their Q). */
  code: string;
  severity: Severity;
  /** One line, in the DfE's terms. */
  description: string;
}

/** A rule about one child's entry. */
export interface ChildRule extends RuleBase {
  level: 'child';
  check(child: CensusChild, context: CensusContext): RuleHit[];
}

/** A rule about the return as a whole (the header, or LA-wide counts). */
export interface ReturnRule extends RuleBase {
  level: 'return';
  check(context: CensusContext): RuleHit[];
}

export type CensusRule = ChildRule | ReturnRule;

/** What a check may be told besides the return itself. */
export interface ContextOptions {
  /** The census year's reference date, when the return's header does not give it. */
  referenceDate?: string;
  /** Judge the return as at this day when it is before the reference date (see CensusContext.asAt). */
  asAt?: string;
}

/**
 * The context for a return. The reference date is the one given, else the header's ReferenceDate, else
 * 31 March of its Year when ReferenceDate is missing or not a date (rule 100 reports that).
 */
export function censusContext(census: CinCensus, options: ContextOptions = {}): CensusContext {
  const details = census.Header?.CollectionDetails;
  const resolved =
    options.referenceDate ??
    censusDate(details?.ReferenceDate) ??
    censusDate(`${details?.Year?.trim() ?? ''}-03-31`);
  if (resolved === undefined) {
    throw new RangeError(
      'The return has no usable ReferenceDate or Year: give the reference date to check it'
    );
  }
  const cache = new Map<string, unknown>();
  return {
    census,
    referenceDate: resolved,
    yearStart: addDays(addMonths(resolved, -12), 1),
    asAt: options.asAt !== undefined && options.asAt < resolved ? options.asAt : resolved,
    calendar: DEFAULT_CALENDAR,
    once<T>(key: string, compute: () => T): T {
      if (!cache.has(key)) cache.set(key, compute());
      return cache.get(key) as T;
    },
  };
}

/** The severity a DfE code carries: queries end in Q (e.g. 2887Q). */
function severityOf(code: string): Severity {
  return code.endsWith('Q') ? 'query' : 'error';
}

/** A rule about one child; its severity follows from the code. */
export function childRule(code: string, description: string, check: ChildRule['check']): ChildRule {
  return { code, severity: severityOf(code), level: 'child', description, check };
}

/** A rule about the return as a whole; its severity follows from the code. */
export function returnRule(code: string, description: string, check: ReturnRule['check']): ReturnRule {
  return { code, severity: severityOf(code), level: 'return', description, check };
}
