import { dateProblemMessage, parseDateParts } from '../../platform/http/dates.ts';
import { formError, mergeFormErrors, type FormErrors } from '../../platform/http/forms.ts';
import type { AssessmentOutcome, Sex } from '../../platform/db/schema.ts';
import type { WorkingCalendar } from '../../shared/working-time.ts';
import {
  ASSESSMENT_OUTCOMES,
  CATEGORIES_OF_ABUSE,
  ETHNICITY_CODES,
  PRIMARY_NEED_CODES,
  REASONS_FOR_CLOSURE,
  UPN_UNKNOWN_REASONS,
  SECTION_47_OUTCOMES,
  EARLY_HELP_KINDS,
  assessmentDatesProblem,
  conferenceDayProblem,
  disabilitiesProblem,
  factorsProblem,
  formerUpnProblem,
  futureDateProblem,
  identityProblems,
  planEndProblem,
  upnProblem,
} from './onward-rules.ts';

/* The onward forms, read from what was posted: every problem at once, against its field, in form order. */

/** Posted fields: text boxes are strings, a group of checkboxes an array when more than one is ticked. */
export type FormValues = Record<string, string | string[] | undefined>;

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Where a form's dates are judged from: today, and the referral the episode began with. */
export interface DateBounds {
  today: string;
  referralDate: string;
}

export interface EpisodeAnswers {
  /** The front door's referral the episode is for. */
  referralId: number;
  primaryNeedCode: string;
}

export interface AssessmentAnswers {
  version: number | null;
  startedOn: string;
  childSeenOn: string | null;
  authorisedOn: string | null;
  factors: string[];
  outcome: AssessmentOutcome | null;
}

export interface PlanAnswers {
  version: number | null;
  startedOn: string;
  endedOn: string | null;
}

export interface ProtectionPlanAnswers extends PlanAnswers {
  initialCategory: string;
  latestCategory: string;
}

export type Section47Outcome = keyof typeof SECTION_47_OUTCOMES;

export interface EnquiryAnswers {
  version: number | null;
  /** The strategy discussion that started the enquiry, when there was one. */
  strategyDiscussionId: number | null;
  startedOn: string;
  icpcTargetOn: string | null;
  icpcNotRequired: boolean;
  completedOn: string | null;
  outcome: Section47Outcome | null;
}

export type ConferenceAnswers = { heldOn: string } & (
  | { kind: 'initial'; section47EnquiryId: number | null; resultedInPlan: boolean }
  | { kind: 'review'; protectionPlanId: number }
);

export interface EarlyHelpAnswers {
  version: number | null;
  kind: keyof typeof EARLY_HELP_KINDS;
  startedOn: string;
  completedOn: string | null;
  organisation: string;
}

export interface ClosureAnswers {
  version: number;
  closureDate: string;
  reason: string;
}

export interface CharacteristicsAnswers {
  version: number;
  sex: Sex;
  ethnicity: string;
  disabilities: string[];
  upn: string | null;
  upnUnknownReason: string | null;
  formerUpn: string | null;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  dateOfDeath: string | null;
}

/** The problems found so far; only the first for each field is kept. */
class Problems {
  private readonly found: FormErrors[] = [];
  private readonly fields = new Set<string>();

  add(field: string, message: string | null): void {
    if (!message || this.fields.has(field)) return;
    this.fields.add(field);
    this.found.push(formError(field, message));
  }

  has(field: string): boolean {
    return this.fields.has(field);
  }

  result<T>(value: () => T): Parsed<T> {
    return this.found.length === 0
      ? { ok: true, value: value() }
      : { ok: false, errors: mergeFormErrors(this.found) };
  }
}

function text(values: FormValues, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A checkbox group's ticked values (one box posts a string, several an array). */
export function ticked(values: FormValues, name: string): string[] {
  const value = values[name];
  const all = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return all.map((item) => String(item).trim()).filter((item) => item !== '');
}

/**
 * A GOV.UK date input `name-day`, `name-month`, `name-year`: the date, or null when blank (a problem
 * when `missing` says what to enter). A date that may not be in the future is checked against today.
 */
function dateField(
  values: FormValues,
  problems: Problems,
  name: string,
  rule: { label: string; missing?: string; today?: string }
): string | null {
  const result = parseDateParts({
    day: values[`${name}-day`],
    month: values[`${name}-month`],
    year: values[`${name}-year`],
  });
  if (result.outcome === 'empty') {
    problems.add(name, rule.missing ?? null);
    return null;
  }
  if (result.outcome === 'problem') {
    problems.add(name, dateProblemMessage(rule.label, result.problem));
    return null;
  }
  if (rule.today) {
    const future = futureDateProblem(result.date, rule.today, rule.label);
    if (future) {
      problems.add(name, future);
      return null;
    }
  }
  return result.date;
}

function versionOf(values: FormValues, problems: Problems, required: boolean): number | null {
  const typed = text(values, 'version');
  if (typed === '' && !required) return null;
  const version = Number(typed);
  if (Number.isInteger(version) && version > 0 && version < 2 ** 31) return version;
  problems.add('version', 'The form was incomplete. Open the page again and save');
  return null;
}

function choice<T extends string>(
  values: FormValues,
  problems: Problems,
  name: string,
  allowed: readonly T[],
  missing: string
): T | null {
  const typed = text(values, name);
  if ((allowed as readonly string[]).includes(typed)) return typed as T;
  problems.add(name, missing);
  return null;
}

/** An optional choice of one of the child's records by its id: null when `none` ('') is chosen. */
function recordChoice(values: FormValues, problems: Problems, name: string, missing: string): number | null {
  const typed = text(values, name);
  if (typed === '') return null;
  if (/^[1-9][0-9]{0,8}$/.test(typed)) return Number(typed);
  problems.add(name, missing);
  return null;
}

/** A completion or end never before the start. */
function notBeforeStart(
  problems: Problems,
  name: string,
  dates: { start: string | null; later: string | null },
  message: string
): void {
  if (dates.start && dates.later && dates.later < dates.start) problems.add(name, message);
}

function notBeforeReferral(
  problems: Problems,
  name: string,
  date: string | null,
  bounds: DateBounds,
  what: string
): void {
  if (date && date < bounds.referralDate) problems.add(name, `${what} must be on or after the referral date`);
}

/** Opening an episode for one of the child's referrals from the front door, with the primary need (rule 8610). */
export function parseEpisode(values: FormValues): Parsed<EpisodeAnswers> {
  const problems = new Problems();
  const referral = text(values, 'referral');
  const referralId = /^[1-9][0-9]{0,8}$/.test(referral) ? Number(referral) : null;
  if (referralId === null) problems.add('referral', 'Select the referral this episode is for');
  const primaryNeedCode = choice(
    values,
    problems,
    'primaryNeedCode',
    Object.keys(PRIMARY_NEED_CODES),
    'Select the child’s primary need'
  );
  return problems.result(() => ({ referralId: referralId!, primaryNeedCode: primaryNeedCode! }));
}

/**
 * A child and family assessment. Factors and the outcome are recorded when it is authorised, and
 * then must be (census rules 8614 and 8897Q); 21 "no factors identified" stands alone.
 */
export function parseAssessment(values: FormValues, bounds: DateBounds): Parsed<AssessmentAnswers> {
  const problems = new Problems();
  const version = versionOf(values, problems, false);
  const { today } = bounds;
  const startedOn = dateField(values, problems, 'startedOn', {
    label: 'The start date',
    missing: 'Enter the date the assessment started',
    today,
  });
  notBeforeReferral(problems, 'startedOn', startedOn, bounds, 'The start date'); // rule 1103
  const childSeenOn = dateField(values, problems, 'childSeenOn', {
    label: 'The date the child was seen',
    today,
  });
  const authorisedOn = dateField(values, problems, 'authorisedOn', {
    label: 'The authorisation date',
    today,
  });
  if (startedOn) {
    problems.add(
      'childSeenOn',
      assessmentDatesProblem(startedOn, { date: childSeenOn, what: 'The date the child was seen' })
    );
    problems.add(
      'authorisedOn',
      assessmentDatesProblem(startedOn, { date: authorisedOn, what: 'The authorisation date' })
    );
  }
  const factors = ticked(values, 'factors');
  const outcomeTyped = text(values, 'outcome');
  const authorised = authorisedOn !== null || problems.has('authorisedOn');
  if (authorised) {
    if (factors.length === 0)
      problems.add('factors', 'Select the factors identified, or ‘No factors identified’');
    else problems.add('factors', factorsProblem(factors));
  } else if (factors.length > 0) {
    problems.add(
      'factors',
      'Enter the authorisation date: factors are recorded when the assessment is authorised'
    );
  }
  let outcome: AssessmentOutcome | null = null;
  if (authorised)
    outcome = choice(
      values,
      problems,
      'outcome',
      Object.keys(ASSESSMENT_OUTCOMES) as AssessmentOutcome[],
      'Select the outcome of the assessment'
    );
  else if (outcomeTyped)
    problems.add(
      'outcome',
      'Enter the authorisation date: the outcome is recorded when the assessment is authorised'
    );
  return problems.result(() => ({
    version,
    startedOn: startedOn!,
    childSeenOn,
    authorisedOn,
    factors,
    outcome,
  }));
}

function parsePlanDates(
  values: FormValues,
  problems: Problems,
  bounds: DateBounds,
  plan: 'child protection plan' | 'child in need plan'
): PlanAnswers {
  const version = versionOf(values, problems, false);
  const startedOn = dateField(values, problems, 'startedOn', {
    label: 'The start date',
    missing: `Enter the date the ${plan} started`,
    today: bounds.today,
  });
  notBeforeReferral(problems, 'startedOn', startedOn, bounds, 'The start date'); // rules 4015, 1105
  const endedOn = dateField(values, problems, 'endedOn', { label: 'The end date', today: bounds.today });
  if (startedOn && endedOn) problems.add('endedOn', planEndProblem(startedOn, endedOn, plan));
  return { version, startedOn: startedOn!, endedOn };
}

export function parseCinPlan(values: FormValues, bounds: DateBounds): Parsed<PlanAnswers> {
  const problems = new Problems();
  const plan = parsePlanDates(values, problems, bounds, 'child in need plan');
  return problems.result(() => plan);
}

export function parseProtectionPlan(values: FormValues, bounds: DateBounds): Parsed<ProtectionPlanAnswers> {
  const problems = new Problems();
  const plan = parsePlanDates(values, problems, bounds, 'child protection plan');
  const categories = Object.keys(CATEGORIES_OF_ABUSE);
  const initialCategory = choice(
    values,
    problems,
    'initialCategory',
    categories,
    'Select the initial category of abuse'
  );
  // A new plan's latest category is its initial one until a review changes it.
  const latest = text(values, 'latestCategory') === '' && plan.version === null ? initialCategory : null;
  const latestCategory =
    latest ?? choice(values, problems, 'latestCategory', categories, 'Select the latest category of abuse');
  return problems.result(() => ({
    ...plan,
    initialCategory: initialCategory!,
    latestCategory: latestCategory!,
  }));
}

/**
 * A section 47 enquiry: its start, the target date of the initial conference or "no conference
 * needed" (census rule 8868 asks for one of them before the episode closes), and when completed, its
 * outcome. The target is a date ahead, so it may be in the future; the other dates may not.
 */
export function parseEnquiry(values: FormValues, bounds: DateBounds): Parsed<EnquiryAnswers> {
  const problems = new Problems();
  const version = versionOf(values, problems, false);
  const strategyDiscussionId = recordChoice(
    values,
    problems,
    'strategyDiscussion',
    'Select the strategy discussion from the list, or ‘None’'
  );
  const startedOn = dateField(values, problems, 'startedOn', {
    label: 'The start date',
    missing: 'Enter the date the section 47 enquiry started',
    today: bounds.today,
  });
  notBeforeReferral(problems, 'startedOn', startedOn, bounds, 'The start date');
  const icpcTargetOn = dateField(values, problems, 'icpcTargetOn', {
    label: 'The target date of the initial conference',
  });
  notBeforeStart(
    problems,
    'icpcTargetOn',
    { start: startedOn, later: icpcTargetOn },
    'The target date of the initial conference must be on or after the date the enquiry started'
  );
  const icpcNotRequired = text(values, 'icpcNotRequired') === 'yes';
  if (icpcNotRequired && icpcTargetOn)
    problems.add(
      'icpcNotRequired',
      'Either enter the target date of the initial conference or say none is needed, not both'
    );
  const completedOn = dateField(values, problems, 'completedOn', {
    label: 'The completion date',
    today: bounds.today,
  });
  notBeforeStart(
    problems,
    'completedOn',
    { start: startedOn, later: completedOn },
    'The completion date must be on or after the date the enquiry started'
  );
  const completed = completedOn !== null || problems.has('completedOn');
  let outcome: Section47Outcome | null = null;
  if (completed)
    outcome = choice(
      values,
      problems,
      'outcome',
      Object.keys(SECTION_47_OUTCOMES) as Section47Outcome[],
      'Select the outcome of the enquiry'
    );
  else if (text(values, 'outcome'))
    problems.add(
      'outcome',
      'Enter the completion date: the outcome is recorded when the enquiry is completed'
    );
  if (outcome === 'icpc' && icpcNotRequired)
    problems.add('outcome', 'The outcome cannot be a conference when you have said none is needed');
  return problems.result(() => ({
    version,
    strategyDiscussionId,
    startedOn: startedOn!,
    icpcTargetOn,
    icpcNotRequired,
    completedOn,
    outcome,
  }));
}

/**
 * A child protection conference, held on a working day (rule 8875). An initial conference follows a
 * section 47 enquiry (or stands in the episode alone) and says whether the child became subject to a
 * plan; a review conference reviews a child protection plan.
 */
export function parseConference(
  values: FormValues,
  kind: 'initial' | 'review',
  bounds: DateBounds & { calendar: WorkingCalendar }
): Parsed<ConferenceAnswers> {
  const problems = new Problems();
  const heldOn = dateField(values, problems, 'heldOn', {
    label: 'The date of the conference',
    missing: 'Enter the date the conference was held',
    today: bounds.today,
  });
  notBeforeReferral(problems, 'heldOn', heldOn, bounds, 'The date of the conference');
  if (heldOn) problems.add('heldOn', conferenceDayProblem(heldOn, bounds.calendar));
  if (kind === 'review') {
    const protectionPlanId = recordChoice(
      values,
      problems,
      'plan',
      'Select the plan the conference reviewed'
    );
    if (protectionPlanId === null) problems.add('plan', 'Select the plan the conference reviewed');
    return problems.result(() => ({ kind, heldOn: heldOn!, protectionPlanId: protectionPlanId! }));
  }
  const section47EnquiryId = recordChoice(
    values,
    problems,
    'enquiry',
    'Select the section 47 enquiry from the list, or ‘None’'
  );
  const plan = choice(
    values,
    problems,
    'resultedInPlan',
    ['yes', 'no'],
    'Select whether the conference made the child subject to a child protection plan'
  );
  return problems.result(() => ({
    kind,
    heldOn: heldOn!,
    section47EnquiryId,
    resultedInPlan: plan === 'yes',
  }));
}

/** An early help assessment or episode (Ofsted Annex A list 2). */
export function parseEarlyHelp(values: FormValues, today: string): Parsed<EarlyHelpAnswers> {
  const problems = new Problems();
  const version = versionOf(values, problems, false);
  const kind = choice(
    values,
    problems,
    'kind',
    Object.keys(EARLY_HELP_KINDS) as (keyof typeof EARLY_HELP_KINDS)[],
    'Select whether this is an early help assessment or an early help episode'
  );
  const startedOn = dateField(values, problems, 'startedOn', {
    label: 'The start date',
    missing: 'Enter the date the early help started',
    today,
  });
  const completedOn = dateField(values, problems, 'completedOn', { label: 'The completion date', today });
  notBeforeStart(
    problems,
    'completedOn',
    { start: startedOn, later: completedOn },
    'The completion date must be on or after the start date'
  );
  const organisation = text(values, 'organisation');
  if (organisation === '') problems.add('organisation', 'Enter the organisation that gave the early help');
  else if (organisation.length > 200)
    problems.add('organisation', 'The organisation must be 200 characters or fewer');
  return problems.result(() => ({
    version,
    kind: kind!,
    startedOn: startedOn!,
    completedOn,
    organisation,
  }));
}

/** Closing the episode: the date and the census reason (the episode's own rules are checked on save). */
export function parseClosure(values: FormValues, bounds: DateBounds): Parsed<ClosureAnswers> {
  const problems = new Problems();
  const version = versionOf(values, problems, true);
  const closureDate = dateField(values, problems, 'closureDate', {
    label: 'The closure date',
    missing: 'Enter the date the episode closed',
    today: bounds.today,
  });
  const reason = choice(
    values,
    problems,
    'reason',
    Object.keys(REASONS_FOR_CLOSURE),
    'Select the reason the episode closed'
  );
  return problems.result(() => ({ version: version!, closureDate: closureDate!, reason: reason! }));
}

/** The latest expected date of birth accepted: nine months on (census query 8530Q). */
function latestExpectedBirth(today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1 + 9, day));
  return date.toISOString().slice(0, 10);
}

/** The child's characteristics the returns need. */
export function parseCharacteristics(values: FormValues, today: string): Parsed<CharacteristicsAnswers> {
  const problems = new Problems();
  const version = versionOf(values, problems, true);
  const sex = choice<Sex>(values, problems, 'sex', ['M', 'F', 'U'], 'Select the child’s sex');
  const ethnicity = choice(values, problems, 'ethnicity', ETHNICITY_CODES, 'Select the child’s ethnicity');
  const disabilities = ticked(values, 'disabilities');
  if (disabilities.length === 0)
    problems.add('disabilities', 'Select the child’s disabilities, or ‘No disability’');
  else problems.add('disabilities', disabilitiesProblem(disabilities));
  const upn = text(values, 'upn').toUpperCase() || null;
  const upnUnknownReason = text(values, 'upnUnknownReason') || null;
  if (upn && upnUnknownReason)
    problems.add('upnUnknownReason', 'Enter the UPN or select why it is not known, not both');
  else if (!upn && !upnUnknownReason)
    problems.add('upn', 'Enter the child’s UPN, or select why it is not known');
  if (upn) problems.add('upn', upnProblem(upn));
  if (upnUnknownReason && !(upnUnknownReason in UPN_UNKNOWN_REASONS))
    problems.add('upnUnknownReason', 'Select why the UPN is not known from the list');
  const formerUpn = text(values, 'formerUpn').toUpperCase() || null;
  if (formerUpn) problems.add('formerUpn', formerUpnProblem(formerUpn));
  const dateOfBirth = dateField(values, problems, 'dateOfBirth', { label: 'The date of birth', today });
  const expectedDateOfBirth = dateField(values, problems, 'expectedDateOfBirth', {
    label: 'The expected date of birth',
  });
  if (expectedDateOfBirth && expectedDateOfBirth > latestExpectedBirth(today))
    problems.add('expectedDateOfBirth', 'The expected date of birth must be within 9 months from today');
  const dateOfDeath = dateField(values, problems, 'dateOfDeath', { label: 'The date of death', today });
  if (sex && !['dateOfBirth', 'expectedDateOfBirth', 'dateOfDeath'].some((field) => problems.has(field)))
    for (const problem of identityProblems({ dateOfBirth, expectedDateOfBirth, sex, dateOfDeath }))
      problems.add(problem.field, problem.message);
  return problems.result(() => ({
    version: version!,
    sex: sex!,
    ethnicity: ethnicity!,
    disabilities,
    upn,
    upnUnknownReason,
    formerUpn,
    dateOfBirth,
    expectedDateOfBirth,
    dateOfDeath,
  }));
}

/** A saved date as the day, month and year boxes of its GOV.UK date input. */
export function datePartsOf(name: string, date: string | null): FormValues {
  if (!date) return {};
  const [year, month, day] = date.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  };
}
