/**
 * How long a child's record is kept: one rule per record type, from
 * ../shared/reference/security-and-reliability.md row 11 and its "Retention errors" row:
 * - looked-after children: 75 years from the date of birth (Care Planning, Placement and Case Review
 *   (England) Regulations 2010 reg. 50, as quoted in local authority schedules);
 * - child protection (a plan or a section 47 enquiry): 35 years after the last contact (Blackpool schedule);
 * - child in need (and assessments): to age 18 plus 3 years' inactivity (Devon schedule), read here as
 *   3 years after the later of the 18th birthday and the last activity;
 * - LADO referrals: 100 years (Devon, substantiated and unsubstantiated; unfounded or malicious would be
 *   10 years, but the system does not record which, so the longer period applies);
 * - every other front-door record (a contact that went no further): until the later of the 25th
 *   birthday (the NHS Records Management Code's rule for children's records) and 6 years after the last
 *   contact. Assumption: the council confirms it against its own schedule.
 * A record is kept until the latest date any of its rules gives. Pure: no I/O, no clock.
 */

export type RetentionRuleCode =
  'front_door_contact' | 'child_in_need' | 'child_protection' | 'looked_after' | 'lado';

export interface ChildRetentionFacts {
  personId: number;
  /** Date of birth, or the expected date for an unborn child; null when unknown. */
  dateOfBirth: string | null;
  /** The last thing that happened on the record (YYYY-MM-DD). */
  lastActivityOn: string;
  involvementKinds: string[];
  ladoReferral: boolean;
  /** A contact not yet completed, an open referral or an open involvement. */
  openWork: boolean;
  legalHold: boolean;
}

export interface RetentionRule {
  code: RetentionRuleCode;
  recordType: string;
  period: string;
  applies(facts: ChildRetentionFacts): boolean;
  /** The last day the record must be kept; null when it cannot be worked out (e.g. no date of birth). */
  keepUntil(facts: ChildRetentionFacts): string | null;
}

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    code: 'front_door_contact',
    recordType: 'Front-door contact',
    period: 'until the later of the 25th birthday and 6 years after the last contact',
    applies: () => true,
    keepUntil: (f) =>
      f.dateOfBirth ? later(addYears(f.dateOfBirth, 25), addYears(f.lastActivityOn, 6)) : null,
  },
  {
    code: 'child_in_need',
    recordType: 'Child in need or assessment',
    period: '3 years after the later of the 18th birthday and the last activity',
    applies: (f) => f.involvementKinds.some((kind) => kind === 'child_in_need' || kind === 'assessment'),
    keepUntil: (f) =>
      f.dateOfBirth ? addYears(later(addYears(f.dateOfBirth, 18), f.lastActivityOn), 3) : null,
  },
  {
    code: 'child_protection',
    recordType: 'Child protection (plan or section 47 enquiry)',
    period: '35 years after the last contact',
    applies: (f) =>
      f.involvementKinds.some((kind) => kind === 'child_protection_plan' || kind === 'section_47'),
    keepUntil: (f) => addYears(f.lastActivityOn, 35),
  },
  {
    code: 'looked_after',
    recordType: 'Looked-after child',
    period: '75 years from the date of birth',
    applies: (f) => f.involvementKinds.includes('looked_after'),
    keepUntil: (f) => (f.dateOfBirth ? addYears(f.dateOfBirth, 75) : null),
  },
  {
    code: 'lado',
    recordType: 'LADO referral',
    period: '100 years after the last activity',
    applies: (f) => f.ladoReferral,
    keepUntil: (f) => addYears(f.lastActivityOn, 100),
  },
];

export type KeptBecause = 'within_retention' | 'legal_hold' | 'open_work' | 'date_of_birth_unknown';

export interface RetentionVerdict {
  personId: number;
  /** The rule that keeps the record longest. */
  rule: RetentionRuleCode;
  /** Null when a rule that applies cannot be worked out. */
  keepUntil: string | null;
  due: boolean;
  /** Why a record is kept (absent when it is due for deletion). */
  keptBecause?: KeptBecause;
}

/** Whether the child's record is due for deletion on `today` (YYYY-MM-DD), and under which rule. */
export function retentionVerdict(facts: ChildRetentionFacts, today: string): RetentionVerdict {
  const applicable = RETENTION_RULES.filter((rule) => rule.applies(facts));
  let governing = applicable[0]!;
  let keepUntil: string | null = governing.keepUntil(facts);
  for (const rule of applicable.slice(1)) {
    const until = rule.keepUntil(facts);
    if (until === null || keepUntil === null) {
      if (keepUntil !== null) governing = rule;
      keepUntil = null;
    } else if (until > keepUntil) {
      governing = rule;
      keepUntil = until;
    }
  }
  const verdict = { personId: facts.personId, rule: governing.code, keepUntil };
  if (keepUntil === null) return { ...verdict, due: false, keptBecause: 'date_of_birth_unknown' };
  if (today <= keepUntil) return { ...verdict, due: false, keptBecause: 'within_retention' };
  if (facts.openWork) return { ...verdict, due: false, keptBecause: 'open_work' };
  if (facts.legalHold) return { ...verdict, due: false, keptBecause: 'legal_hold' };
  return { ...verdict, due: true };
}

/**
 * The same day `years` later. 29 February becomes 1 March in a year without one (the later of the
 * two possible days, so a record is never deleted a day early).
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (m === 2 && d === 29 && !leap) return `${String(year).padStart(4, '0')}-03-01`;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

export function ruleByCode(code: RetentionRuleCode): RetentionRule {
  return RETENTION_RULES.find((rule) => rule.code === code)!;
}
