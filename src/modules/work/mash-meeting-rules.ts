import { DateTime } from 'luxon';
import type { Rag } from '../../platform/db/schema.ts';
import { UK_TIME_ZONE, formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import { formError, mergeFormErrors, type FormErrors } from '../../platform/http/forms.ts';

/*
 * Pure rules for the daily MASH meeting: which children may wait for it, and the forms that record who
 * attended and what was agreed for each child.
 */

/**
 * A red contact (immediate or same-day risk) or one with an immediate risk not yet cleared cannot be
 * parked for the next meeting: it is decided now, by the front door and a manager.
 */
export function mustBeDecidedNow(child: { rag: Rag | null; immediateRisk: boolean }): boolean {
  return child.rag === 'red' || child.immediateRisk;
}

/** Why a red contact is refused a place on the agenda, in the words the form shows. */
export function redCannotWaitMessage(meetingDate: string): string {
  return (
    'This child is rated red: the decision must be made now, not at the next MASH meeting on ' +
    `${formatUk(meetingDate, UK_FORMATS.date)}. Ask the partners for what you need today, hold a strategy ` +
    'discussion if there is reasonable cause to suspect significant harm, and propose a decision to a manager.'
  );
}

type Values = Record<string, string | string[] | undefined>;
export type FieldProblem = { field: string; message: string };

/** A form's problems as its errors, each against its field, in the form's order. */
export function formErrorsOf(problems: readonly FieldProblem[]): FormErrors {
  return mergeFormErrors(problems.map((problem) => formError(problem.field, problem.message)));
}

/** Blank rows shown at first; "Add another" adds one, up to the maximum. */
export const MIN_ROWS = 3;
const MAX_ROWS = 40;

export function rowCount(values: Values, name: string, filled = 0): number {
  const count = Number(text(values, name));
  const wanted = Number.isInteger(count) ? count : filled + MIN_ROWS;
  return Math.min(Math.max(wanted, MIN_ROWS, filled), MAX_ROWS);
}

export interface AttendeeInput {
  /** A member of staff with an account, whose name and agency are theirs; else name and agency as typed. */
  staffUserId: number | null;
  name: string | null;
  agencyId: number | null;
  role: string | null;
}

/**
 * The attendee rows: each row names a member of staff, or a person and their agency. Blank rows are
 * skipped; at least one person must be named. Staff are checked against the database on save.
 */
export function parseAttendees(
  values: Values
): { ok: true; value: AttendeeInput[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const attendees: AttendeeInput[] = [];
  for (let index = 0; index < rowCount(values, 'attendeeCount'); index++) {
    const prefix = `attendee-${index}`;
    const number = index + 1;
    const staff = idOf(text(values, `${prefix}-staff`));
    const name = text(values, `${prefix}-name`);
    const agency = idOf(text(values, `${prefix}-agency`));
    const role = text(values, `${prefix}-role`);
    if (staff === null && !name && agency === null && !role) continue;
    if (name.length > 200 || role.length > 200)
      problems.push({
        field: `${prefix}-${name.length > 200 ? 'name' : 'role'}`,
        message: `Attendee ${number}: must be 200 characters or fewer`,
      });
    if (staff === null && !name)
      problems.push({
        field: `${prefix}-staff`,
        message: `Attendee ${number}: choose a member of staff, or enter the person’s name`,
      });
    if (staff === null && agency === null)
      problems.push({
        field: `${prefix}-agency`,
        message: `Attendee ${number}: select the agency ${name || 'they'} represented`,
      });
    attendees.push({ staffUserId: staff, name: name || null, agencyId: agency, role: role || null });
  }
  if (attendees.length === 0 && problems.length === 0)
    problems.push({
      field: 'attendee-0-staff',
      message: 'Name at least one person who attended the meeting',
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: attendees };
}

export interface MashActionInput {
  action: string;
  owner: string;
  agencyId: number | null;
  dueOn: string;
}

export interface MinutesInput {
  minutes: string;
  outcome: string;
  agreedLevel: number;
  agencyIds: number[];
  actions: MashActionInput[];
}

/**
 * What the meeting discussed and agreed for one child: the minutes, the decision and level, the
 * agencies involved (whose staff may then open this part of the meeting) and the actions, each with
 * an owner and a due date not before the meeting.
 */
export function parseMinutes(
  values: Values,
  meetingDate: string
): { ok: true; value: MinutesInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const minutes = text(values, 'minutes');
  if (!minutes)
    problems.push({
      field: 'minutes',
      message: 'Enter the minutes: what each agency shared and what was discussed',
    });
  else if (minutes.length > 20_000)
    problems.push({ field: 'minutes', message: 'The minutes must be 20,000 characters or fewer' });
  const outcome = text(values, 'outcome');
  if (!outcome) problems.push({ field: 'outcome', message: 'Enter what the meeting agreed' });
  else if (outcome.length > 5_000)
    problems.push({ field: 'outcome', message: 'The outcome must be 5,000 characters or fewer' });
  const agreedLevel = Number(text(values, 'agreedLevel'));
  if (!Number.isInteger(agreedLevel) || agreedLevel < 1 || agreedLevel > 4)
    problems.push({ field: 'agreedLevel', message: 'Select the threshold level the meeting agreed' });
  const agencyIds = [values.agencies ?? []].flat().map((value) => idOf(String(value).trim()));
  if (agencyIds.some((id) => id === null))
    problems.push({ field: 'agencies', message: 'Select the agencies involved from the list' });
  const actions = parseActions(values, meetingDate, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { minutes, outcome, agreedLevel, agencyIds: [...new Set(agencyIds as number[])], actions },
  };
}

function parseActions(values: Values, meetingDate: string, problems: FieldProblem[]): MashActionInput[] {
  const actions: MashActionInput[] = [];
  for (let index = 0; index < rowCount(values, 'actionCount'); index++) {
    const prefix = `action-${index}`;
    const number = index + 1;
    const action = text(values, `${prefix}-action`);
    const owner = text(values, `${prefix}-owner`);
    const agency = text(values, `${prefix}-agency`);
    const due = ['day', 'month', 'year'].map((part) => text(values, `${prefix}-due-${part}`));
    if (!action && !owner && !agency && due.every((part) => part === '')) continue;
    if (!action)
      problems.push({
        field: `${prefix}-action`,
        message: `Enter what needs to be done in action ${number}`,
      });
    else if (action.length > 2_000)
      problems.push({
        field: `${prefix}-action`,
        message: `Action ${number} must be 2,000 characters or fewer`,
      });
    if (!owner) problems.push({ field: `${prefix}-owner`, message: `Enter who owns action ${number}` });
    else if (owner.length > 200)
      problems.push({
        field: `${prefix}-owner`,
        message: `The owner of action ${number} must be 200 characters or fewer`,
      });
    const agencyId = agency === '' ? null : idOf(agency);
    if (agency !== '' && agencyId === null)
      problems.push({
        field: `${prefix}-agency`,
        message: `Select the agency of action ${number} from the list`,
      });
    const date = DateTime.fromFormat(due.join(' '), 'd M yyyy', { zone: UK_TIME_ZONE });
    const dueOn = date.isValid ? date.toISODate() : null;
    if (due.every((part) => part === ''))
      problems.push({ field: `${prefix}-due`, message: `Enter when action ${number} is due` });
    else if (!dueOn)
      problems.push({
        field: `${prefix}-due`,
        message: `The due date of action ${number} must be a real date, like 27 11 2026`,
      });
    else if (dueOn < meetingDate)
      problems.push({
        field: `${prefix}-due`,
        message: `The due date of action ${number} must be on or after the meeting`,
      });
    if (action && owner && dueOn && dueOn >= meetingDate) actions.push({ action, owner, agencyId, dueOn });
  }
  return actions;
}

function text(values: Values, name: string): string {
  const value = values[name];
  return String((Array.isArray(value) ? value[0] : value) ?? '').trim();
}

function idOf(value: string): number | null {
  return /^[1-9][0-9]{0,9}$/.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : null;
}
