import { DateTime } from 'luxon';
import { z } from 'zod';
import { optionalText, requiredText } from '../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import type { AgencyKind, StrategyOutcome } from '../../platform/db/schema.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { UK_TIME_ZONE, ukDateTimeParts } from '../../shared/uk-time.ts';

/** Flat form fields (attendee-police-name, action-0-owner …) so the form works without JavaScript. */
export type FormValues = Record<string, string | undefined>;

/**
 * The agencies a strategy discussion records. Working Together 2023 expects children's social care,
 * the police and health at every strategy discussion; the others join when they know the child.
 */
export const STRATEGY_AGENCIES = [
  { kind: 'council', label: 'Children’s social care', named: 'children’s social care', required: true },
  { kind: 'police', label: 'Police', named: 'the police', required: true },
  { kind: 'health', label: 'Health', named: 'health', required: true },
  { kind: 'education', label: 'Education', named: 'education', required: false },
  { kind: 'probation', label: 'Probation', named: 'probation', required: false },
  { kind: 'housing', label: 'Housing', named: 'housing', required: false },
  { kind: 'other', label: 'Other agency', named: 'the other agency', required: false },
] as const satisfies readonly { kind: AgencyKind; label: string; named: string; required: boolean }[];

export type StrategyAgencyKind = (typeof STRATEGY_AGENCIES)[number]['kind'];

export const REQUIRED_AGENCIES: readonly StrategyAgencyKind[] = STRATEGY_AGENCIES.filter(
  (agency) => agency.required
).map((agency) => agency.kind);

export const STRATEGY_OUTCOMES: Record<StrategyOutcome, string> = {
  single_agency_s47: 'Single-agency section 47 enquiry',
  joint_s47: 'Joint section 47 enquiry (children’s social care and police)',
  no_s47: 'No section 47 enquiry',
};

export type Section47Outcome = 'icpc' | 'cin_plan' | 'no_further_action';

export const SECTION_47_OUTCOMES: Record<Section47Outcome, string> = {
  icpc: 'Initial child protection conference needed',
  cin_plan: 'Child in need plan',
  no_further_action: 'No further action',
};

export function startsSection47(outcome: StrategyOutcome | null): boolean {
  return outcome === 'single_agency_s47' || outcome === 'joint_s47';
}

export function agencyLabel(kind: string): string {
  return STRATEGY_AGENCIES.find((agency) => agency.kind === kind)?.label ?? kind;
}

export interface Attendee {
  agencyKind: StrategyAgencyKind;
  attended: boolean;
  name?: string;
  role?: string;
  absenceReason?: string;
}

export interface StrategyAction {
  action: string;
  owner: string;
  dueOn: string;
}

/**
 * Who owns the discussion and its section 47 enquiry: a team and a worker in it. Ids as chosen on the
 * form; blank means "the default" (see defaultOwner in strategy-discussions.ts).
 */
export interface OwnerChoice {
  teamId?: number;
  workerId?: number;
}

/** Who chaired: a member of staff's id as chosen, and why not a manager when that applies (checked on save). */
export interface ChairChoice {
  chairId: number;
  notManagerReason?: string;
}

export interface NewStrategyDiscussion {
  owner: OwnerChoice;
  chair: ChairChoice;
  convenedAt: Date;
  attendees: Attendee[];
  informationShared: string;
  outcome: StrategyOutcome;
  rationale: string;
  actions: StrategyAction[];
}

export interface Section47Update {
  version: number;
  s47Outcome: Section47Outcome;
  completedOn: string;
  icpcHeldOn: string | null;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Blank action rows shown at first; "Add another action" adds one, up to the maximum. */
export const MIN_ACTION_ROWS = 3;
const MAX_ACTION_ROWS = 20;

export function actionRowCount(values: FormValues): number {
  const count = Number(values.actionCount);
  if (!Number.isInteger(count)) return MIN_ACTION_ROWS;
  return Math.min(Math.max(count, MIN_ACTION_ROWS), MAX_ACTION_ROWS);
}

/** A new form starts at the current time in England: discussions are usually recorded as they end. */
export function blankStrategyForm(now: Date): FormValues {
  const at = ukDateTimeParts(now);
  return {
    'convenedAt-day': at.day,
    'convenedAt-month': at.month,
    'convenedAt-year': at.year,
    'convenedAt-time': at.time,
    actionCount: String(MIN_ACTION_ROWS),
  };
}

/** The section 47 form as last saved, so a later visit adds the conference date to what is there. */
export function section47FormOf(saved: {
  version: number;
  s47_outcome: string | null;
  s47_completed_on: string | null;
  icpc_held_on: string | null;
}): FormValues {
  return {
    version: String(saved.version),
    s47Outcome: saved.s47_outcome ?? undefined,
    ...datePartsOf('s47CompletedOn', saved.s47_completed_on),
    ...datePartsOf('icpcHeldOn', saved.icpc_held_on),
  };
}

/** Validates the whole discussion; every problem is reported at once, against its field. */
export function parseStrategyForm(values: FormValues, now: Date): Parsed<NewStrategyDiscussion> {
  const issues: z.core.$ZodIssue[] = [];
  const convenedAt = parseConvenedAt(values, now, issues);
  const attendees = parseAttendees(values, issues);
  const informationShared = check(
    values,
    'informationShared',
    requiredText(
      20_000,
      'Enter the information each agency shared',
      'The information shared must be 20,000 characters or fewer'
    ),
    issues
  );
  const outcome = check(
    values,
    'outcome',
    z.enum(Object.keys(STRATEGY_OUTCOMES) as [StrategyOutcome, ...StrategyOutcome[]], {
      error: 'Select the decision about a section 47 enquiry',
    }),
    issues
  );
  const rationale = check(
    values,
    'rationale',
    requiredText(
      10_000,
      'Enter the reasons for the decision',
      'The reasons must be 10,000 characters or fewer'
    ),
    issues
  );
  const actions = parseActions(values, convenedAt, issues);
  const owner = parseOwner(values, issues);
  const chair = parseChair(values, issues);
  if (issues.length > 0 || !convenedAt || !informationShared || !outcome || !rationale || !chair) {
    return { ok: false, errors: formErrors(new z.ZodError(issues)) };
  }
  return {
    ok: true,
    value: { owner, chair, convenedAt, attendees, informationShared, outcome, rationale, actions },
  };
}

/** The chair's id from its select, and the reason a manager did not chair; the rule is checked on save. */
function parseChair(values: FormValues, issues: z.core.$ZodIssue[]): ChairChoice | undefined {
  const notManagerReason = check(
    values,
    'chairReason',
    optionalText(2_000, 'The reason must be 2,000 characters or fewer'),
    issues
  );
  const chairId = Number(field(values, 'chair'));
  if (Number.isInteger(chairId) && chairId > 0 && chairId <= 2_147_483_647)
    return { chairId, notManagerReason };
  issues.push(issue('chair', 'Select who chaired the strategy discussion'));
  return undefined;
}

/** The owning team and worker ids from their selects; blank is left to the default. */
export function parseOwner(values: FormValues, issues: z.core.$ZodIssue[]): OwnerChoice {
  const id = (name: string, message: string) => {
    const text = field(values, name);
    if (text === '') return undefined;
    const number = Number(text);
    if (Number.isInteger(number) && number > 0) return number;
    issues.push(issue(name, message));
    return undefined;
  };
  return {
    teamId: id('ownerTeam', 'Select the team that owns the section 47 enquiry'),
    workerId: id('ownerWorker', 'Select the worker who owns the section 47 enquiry'),
  };
}

/** The owner form on a discussion's page: both must be chosen. */
export function parseOwnerForm(values: FormValues): Parsed<Required<OwnerChoice>> {
  const issues: z.core.$ZodIssue[] = [];
  const owner = parseOwner(values, issues);
  if (!owner.teamId && !issues.some((problem) => problem.path[0] === 'ownerTeam'))
    issues.push(issue('ownerTeam', 'Select the team that owns the section 47 enquiry'));
  if (!owner.workerId && !issues.some((problem) => problem.path[0] === 'ownerWorker'))
    issues.push(issue('ownerWorker', 'Select the worker who owns the section 47 enquiry'));
  if (issues.length > 0 || !owner.teamId || !owner.workerId)
    return { ok: false, errors: formErrors(new z.ZodError(issues)) };
  return { ok: true, value: { teamId: owner.teamId, workerId: owner.workerId } };
}

/** The section 47 enquiry's outcome, checked against the discussion that started it and today. */
export function parseSection47Form(values: FormValues, convenedAt: Date, now: Date): Parsed<Section47Update> {
  const issues: z.core.$ZodIssue[] = [];
  const version = Number(values.version);
  if (!Number.isInteger(version) || version < 1) {
    issues.push(issue('s47Outcome', 'The form was incomplete. Open the strategy discussion again and save.'));
  }
  const s47Outcome = check(
    values,
    's47Outcome',
    z.enum(Object.keys(SECTION_47_OUTCOMES) as [Section47Outcome, ...Section47Outcome[]], {
      error: 'Select the outcome of the section 47 enquiry',
    }),
    issues
  );
  const bounds = { discussedOn: londonDateOf(convenedAt), today: londonDateOf(now), issues };
  const completedOn = pastDate(values, 's47CompletedOn', 'the date the enquiry was completed', {
    ...bounds,
    missing: 'Enter the date the section 47 enquiry was completed',
  });
  const icpcHeldOn = pastDate(values, 'icpcHeldOn', 'the date of the conference', bounds);
  if (icpcHeldOn && s47Outcome && s47Outcome !== 'icpc') {
    issues.push(
      issue(
        'icpcHeldOn',
        'Only enter a conference date when the outcome is an initial child protection conference'
      )
    );
  }
  if (issues.length > 0 || !s47Outcome || !completedOn) {
    return { ok: false, errors: formErrors(new z.ZodError(issues)) };
  }
  return { ok: true, value: { version, s47Outcome, completedOn, icpcHeldOn: icpcHeldOn ?? null } };
}

function parseConvenedAt(values: FormValues, now: Date, issues: z.core.$ZodIssue[]): Date | undefined {
  const parts = ['day', 'month', 'year', 'time'].map((part) => field(values, `convenedAt-${part}`));
  const moment = DateTime.fromFormat(parts.join(' '), 'd M yyyy H:mm', { zone: UK_TIME_ZONE });
  if (moment.isValid && moment.toJSDate() <= now) return moment.toJSDate();
  issues.push(
    issue(
      'convenedAt',
      moment.isValid
        ? 'The date and time of the strategy discussion must be now or in the past'
        : 'Enter a real date, and a time like 14:05, for the strategy discussion'
    )
  );
  return undefined;
}

function parseAttendees(values: FormValues, issues: z.core.$ZodIssue[]): Attendee[] {
  const attendees: Attendee[] = [];
  for (const agency of STRATEGY_AGENCIES) {
    const prefix = `attendee-${agency.kind}`;
    const attended = field(values, `${prefix}-attended`);
    const name = check(
      values,
      `${prefix}-name`,
      optionalText(200, 'The name must be 200 characters or fewer'),
      issues
    );
    const role = check(
      values,
      `${prefix}-role`,
      optionalText(200, 'The role must be 200 characters or fewer'),
      issues
    );
    const reason = check(
      values,
      `${prefix}-reason`,
      optionalText(2_000, 'The reason must be 2,000 characters or fewer'),
      issues
    );
    if (attended === 'yes') {
      if (!name) issues.push(issue(`${prefix}-name`, `Enter the name of the person from ${agency.named}`));
      attendees.push({ agencyKind: agency.kind, attended: true, name, role });
    } else if (attended === 'no') {
      if (agency.required && !reason) {
        issues.push(issue(`${prefix}-reason`, `Enter why ${agency.named} did not take part`));
      }
      // An optional agency that did not take part is recorded only when the reason matters enough to write.
      if (agency.required || reason) {
        attendees.push({ agencyKind: agency.kind, attended: false, name, role, absenceReason: reason });
      }
    } else if (agency.required || name || role || reason) {
      issues.push(issue(`${prefix}-attended`, `Select whether ${agency.named} took part`));
    }
  }
  return attendees;
}

function parseActions(values: FormValues, convenedAt: Date | undefined, issues: z.core.$ZodIssue[]) {
  const actions: StrategyAction[] = [];
  for (let index = 0; index < actionRowCount(values); index++) {
    const prefix = `action-${index}`;
    const number = index + 1;
    const action = field(values, `${prefix}-action`);
    const owner = field(values, `${prefix}-owner`);
    const dueParts = ['day', 'month', 'year'].map((part) => field(values, `${prefix}-due-${part}`));
    if (!action && !owner && dueParts.every((part) => part === '')) continue;
    if (!action) issues.push(issue(`${prefix}-action`, `Enter what needs to be done in action ${number}`));
    else if (action.length > 2_000)
      issues.push(issue(`${prefix}-action`, `Action ${number} must be 2,000 characters or fewer`));
    if (!owner) issues.push(issue(`${prefix}-owner`, `Enter who owns action ${number}`));
    else if (owner.length > 200)
      issues.push(issue(`${prefix}-owner`, `The owner of action ${number} must be 200 characters or fewer`));
    const dueOn = dateOf(values, `${prefix}-due`);
    if (dueOn === undefined) {
      issues.push(issue(`${prefix}-due`, `Enter when action ${number} is due`));
    } else if (dueOn === null) {
      issues.push(
        issue(`${prefix}-due`, `The due date of action ${number} must be a real date, like 27 11 2026`)
      );
    } else if (convenedAt && dueOn < londonDateOf(convenedAt)) {
      issues.push(
        issue(`${prefix}-due`, `The due date of action ${number} must be on or after the discussion`)
      );
    } else if (action && owner) {
      actions.push({ action, owner, dueOn });
    }
  }
  return actions;
}

/**
 * A date that, when given, must be real, not before the discussion and not in the future; blank is
 * an error only when the caller says what is `missing`.
 */
function pastDate(
  values: FormValues,
  prefix: string,
  what: string,
  rules: { discussedOn: string; today: string; issues: z.core.$ZodIssue[]; missing?: string }
): string | undefined {
  const { discussedOn, today, issues, missing } = rules;
  const date = dateOf(values, prefix);
  if (date === undefined) {
    if (missing) issues.push(issue(prefix, missing));
    return undefined;
  }
  const problem =
    date === null
      ? `Enter ${what} as a real date, like 27 11 2026`
      : date < discussedOn
        ? `${capitalise(what)} must be on or after the strategy discussion`
        : date > today
          ? `${capitalise(what)} must be today or in the past`
          : undefined;
  if (!problem) return date!;
  issues.push(issue(prefix, problem));
  return undefined;
}

/** 'YYYY-MM-DD' from day, month and year boxes; undefined when all are blank, null when not a real date. */
function dateOf(values: FormValues, prefix: string): string | null | undefined {
  const parts = ['day', 'month', 'year'].map((part) => field(values, `${prefix}-${part}`));
  if (parts.every((part) => part === '')) return undefined;
  const date = DateTime.fromFormat(parts.join(' '), 'd M yyyy', { zone: UK_TIME_ZONE });
  return date.isValid ? date.toISODate() : null;
}

function datePartsOf(prefix: string, date: string | null): FormValues {
  if (!date) return {};
  const [year, month, day] = date.split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year,
  };
}

function check<T>(values: FormValues, name: string, schema: z.ZodType<T>, issues: z.core.$ZodIssue[]) {
  const result = schema.safeParse(values[name] ?? '');
  if (result.success) return result.data;
  issues.push(issue(name, result.error.issues[0]!.message));
  return undefined;
}

function field(values: FormValues, name: string): string {
  return String(values[name] ?? '').trim();
}

function issue(name: string, message: string): z.core.$ZodIssue {
  return { code: 'custom', path: [name], message, input: undefined } as z.core.$ZodIssue;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
