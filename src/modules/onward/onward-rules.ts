import { DateTime } from 'luxon';
import { bankHolidays, type WorkingCalendar } from '../../shared/working-time.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import type { AssessmentOutcome } from '../../platform/db/schema.ts';
import { describeCode } from '../people/code-labels.ts';

// The census code lists and the UPN check are the person's characteristics: kept once, in people.
export {
  DISABILITIES,
  disabilitiesProblem,
  ETHNICITY_CODES,
  NO_DISABILITY,
  upnProblem,
} from '../people/details/person-characteristics.ts';

/*
 * The onward record's code lists and the checks its forms make, pure. The codes are the DfE children in
 * need census 2025-26 lists (CIN_schema_2026.xsd, see the reference cin-census.md); a rule number in a
 * comment is the census validation rule the check keeps the record clear of.
 */

/** Assessment factors (AssessmentFactors). 18A and 19A are refused: the census asks for the split codes. */
export const FACTOR_CODES = [
  '1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C', '6A', '6B', '6C',
  '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A', '15A', '16A', '17A',
  '18B', '18C', '19B', '19C', '20', '21', '22A', '23A', '24A',
] as const; // prettier-ignore

/** "No factors identified": only on its own (rule 8869). */
export const NO_FACTORS = '21';

const SPLIT_FACTORS: Record<string, string> = {
  '18A': '18B (physical abuse, child on child) or 18C (adult on child)',
  '19A': '19B (sexual abuse, child on child) or 19C (adult on child)',
};

export const CATEGORIES_OF_ABUSE: Record<string, string> = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  EMO: 'Emotional abuse',
  MUL: 'Multiple or not recommended',
};

export const REASONS_FOR_CLOSURE: Record<string, string> = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to services of another local authority',
  RC6: 'Transferred to adult social care services',
  RC7: 'Services ceased for any other reason, including child no longer in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
};

/** Closed after assessment: needs an assessment, and no plan, enquiry or conference (rules 8825Q, 2990). */
const CLOSED_AFTER_ASSESSMENT = ['RC8', 'RC9'];

export const PRIMARY_NEED_CODES: Record<string, string> = {
  N1: 'Abuse, neglect and exploitation',
  N2: 'Child’s disability',
  N3: 'Parental disability or illness',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
  N0: 'Not stated',
};

/**
 * Why a child has no UPN (UPNunknown). The census confirms UN1 and UN7 only; UN2–UN5 follow the DfE
 * looked-after return's meanings, and UN6 is left as its code until the DfE guide is checked.
 */
export const UPN_UNKNOWN_REASONS: Record<string, string> = {
  UN1: 'Child not of school age',
  UN2: 'Never attended a maintained school in England',
  UN3: 'Educated outside England',
  UN4: 'Newly referred: UPN not yet known',
  UN5: 'Sources disagree on the child’s name or date of birth',
  UN6: 'Other reason (UN6)',
  UN7: 'Referral with no further action',
};

export const ASSESSMENT_OUTCOMES: Record<AssessmentOutcome, string> = {
  no_further_action: 'No further action',
  early_help: 'Step down to early help',
  cin_plan: 'Child in need plan',
  strategy_discussion: 'Strategy discussion (section 47)',
  other_services: 'Other children’s social care services',
};

/** A section 47 enquiry's outcome (labels in people/code-labels.ts, which the strategy pages share). */
export const SECTION_47_OUTCOMES = {
  icpc: describeCode('section47Outcome', 'icpc'),
  cin_plan: describeCode('section47Outcome', 'cin_plan'),
  no_further_action: describeCode('section47Outcome', 'no_further_action'),
} as const;

export const EARLY_HELP_KINDS = {
  assessment: describeCode('earlyHelpKind', 'assessment'),
  episode: describeCode('earlyHelpKind', 'episode'),
} as const;

/** Outcomes that mean the child was assessed as needing children's social care (Annex A list 4). */
export function needsSocialCare(outcome: AssessmentOutcome): boolean {
  return outcome !== 'no_further_action' && outcome !== 'early_help';
}

export function factorLabel(code: string): string {
  return describeCode('assessmentFactor', code);
}

export function ethnicityLabel(code: string): string {
  return describeCode('ethnicity', code);
}

/** What is wrong with the factors chosen for an assessment, or null. */
export function factorsProblem(codes: readonly string[]): string | null {
  for (const code of codes) {
    if (SPLIT_FACTORS[code]) return `Factor ${code} is no longer used: choose ${SPLIT_FACTORS[code]}`;
    if (!(FACTOR_CODES as readonly string[]).includes(code))
      return `‘${code}’ is not an assessment factor code. Choose the factors from the list`;
  }
  if (new Set(codes).size !== codes.length) return 'Choose each factor only once'; // rule 8898
  if (codes.includes(NO_FACTORS) && codes.length > 1)
    return 'You cannot choose ‘No factors identified’ (21) together with other factors';
  return null;
}

/** A date that must not be after today; `what` completes "… must be today or in the past". */
export function futureDateProblem(date: string, today: string, what: string): string | null {
  return date > today ? `${what} must be today or in the past` : null;
}

/** An assessment authorised before it started (rule 8608), or a child seen before it started. */
export function assessmentDatesProblem(
  startedOn: string,
  later: { date: string | null; what: string }
): string | null {
  if (later.date !== null && later.date < startedOn)
    return `${later.what} must be on or after the date the assessment started`;
  return null;
}

/**
 * A plan's end against its start: never before it (rules 4011, 8925); a child protection plan never
 * on the same day either (rule 8840).
 */
export function planEndProblem(
  startedOn: string,
  endedOn: string,
  plan: 'child protection plan' | 'child in need plan'
): string | null {
  if (endedOn < startedOn) return `The ${plan} cannot end before it starts`;
  if (plan === 'child protection plan' && endedOn === startedOn)
    return 'A child protection plan cannot end on the day it starts';
  return null;
}

/**
 * A conference is held on a working day: never at a weekend (rule 8875), on a bank holiday or on a
 * day the council is closed.
 */
export function conferenceDayProblem(date: string, calendar: WorkingCalendar): string | null {
  const day = DateTime.fromISO(date);
  const written = formatUk(date, UK_FORMATS.date);
  if (day.weekday >= 6) return `The conference cannot be on a weekend: ${written} is a ${day.weekdayLong}`;
  const holiday = bankHolidays(day.year).find((candidate) => candidate.date === date);
  if (holiday) return `The conference cannot be on a bank holiday: ${written} is ${holiday.name}`;
  if (calendar.closures.includes(date))
    return `The conference cannot be on a day the council is closed: ${written}`;
  return null;
}

/** A former UPN is the same shape as a UPN (rule 1560Q). */
export function formerUpnProblem(formerUpn: string): string | null {
  return /^[A-Z][0-9]{11}[0-9A-Z]$/.test(formerUpn)
    ? null
    : 'Enter a former UPN of 13 characters: a capital letter, 11 numbers, then a number or a capital letter';
}

export interface ChildIdentity {
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: 'M' | 'F' | 'U';
  dateOfDeath: string | null;
}

/**
 * The child's identity as the census needs it, with the field each problem is against: a date of
 * birth or, for an unborn child, the expected date, not both (rule 8525Q); an unborn child's sex is
 * U (rule 8750); a death not before the birth (rule 8535Q).
 */
export function identityProblems(child: ChildIdentity): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (child.dateOfBirth && child.expectedDateOfBirth)
    problems.push({
      field: 'expectedDateOfBirth',
      message: 'Enter the date of birth or, for an unborn child, the expected date of birth, not both',
    });
  if (!child.dateOfBirth && !child.expectedDateOfBirth)
    problems.push({
      field: 'dateOfBirth',
      message: 'Enter the date of birth or, for an unborn child, the expected date of birth',
    });
  if (!child.dateOfBirth && child.expectedDateOfBirth && child.sex !== 'U')
    problems.push({ field: 'sex', message: 'Select ‘Not known or unborn’ as the sex of an unborn child' });
  if (child.dateOfDeath && !child.dateOfBirth)
    problems.push({ field: 'dateOfDeath', message: 'Enter the date of birth of a child who has died' });
  else if (child.dateOfDeath && child.dateOfBirth && child.dateOfDeath < child.dateOfBirth)
    problems.push({
      field: 'dateOfDeath',
      message: 'The date of death must be on or after the date of birth',
    });
  return problems;
}

/** What an episode holds, as closing it needs to know. */
export interface EpisodeActivity {
  referralDate: string;
  /** Every date recorded in the episode: assessments, enquiries, conferences, plan starts and ends. */
  activityDates: string[];
  assessments: number;
  unauthorisedAssessments: number;
  /** Section 47 enquiries with neither a conference nor "conference not required" (rule 8868). */
  undecidedEnquiries: number;
  /** Child in need plans, child protection plans, enquiries or conferences in the episode. */
  planEnquiryOrConference: boolean;
  openPlans: number;
  dateOfDeath: string | null;
}

/** Why an episode cannot be closed on `closureDate` with `reason`, against its field, or null. */
export function closureProblem(
  episode: EpisodeActivity,
  closureDate: string,
  reason: string
): { field: 'closureDate' | 'reason'; message: string } | null {
  if (closureDate < episode.referralDate)
    return { field: 'closureDate', message: 'The episode cannot close before the referral date' }; // 8630
  const latest = [...episode.activityDates].sort().at(-1);
  if (latest && closureDate < latest)
    return {
      field: 'closureDate',
      message: `The episode cannot close before the last thing recorded in it, on ${formatUk(latest, UK_FORMATS.date)}`,
    }; // 8565
  if (episode.unauthorisedAssessments > 0)
    return { field: 'closureDate', message: 'Record the authorisation of every assessment before closing' }; // 8867
  if (episode.undecidedEnquiries > 0)
    return {
      field: 'closureDate',
      message:
        'Record the initial conference, or that none is needed, for every section 47 enquiry before closing',
    }; // 8868
  if (episode.openPlans > 0)
    return { field: 'closureDate', message: 'End the child’s plans before closing the episode' };
  if (CLOSED_AFTER_ASSESSMENT.includes(reason)) {
    if (episode.assessments === 0)
      return { field: 'reason', message: 'Only close ‘after assessment’ when an assessment is recorded' }; // 8825Q
    if (episode.planEnquiryOrConference)
      return {
        field: 'reason',
        message:
          'An episode with a plan, a section 47 enquiry or a conference was not closed after assessment',
      }; // 2990
  }
  if (reason === 'RC2' && !episode.dateOfDeath)
    return { field: 'reason', message: 'Record the child’s date of death in their characteristics first' }; // 8585Q
  return null;
}
