import { DateTime } from 'luxon';
import type { OutOfHoursAccommodation } from '../../platform/db/schema.ts';
import { UK_TIME_ZONE } from '../../shared/uk-time.ts';
import type { FieldProblem } from './mash-meeting-rules.ts';

/*
 * Pure rules for an out-of-hours action: beside what the worker did in words, the coded answers an
 * inspector looks for. Was the child seen (when, by whom)? Were police protection powers used
 * (Children Act 1989 s46: at most 72 hours)? Was an emergency protection order (s44) applied for? Was
 * a safety plan agreed? Where is the child now? Is it handed to the day team, and for what?
 */

/** Police protection lasts at most 72 hours (Children Act 1989, section 46(6)). */
export const POLICE_PROTECTION_HOURS = 72;

export const ACCOMMODATION: Record<OutOfHoursAccommodation, string> = {
  at_home: 'At home',
  family_or_friends: 'With family or friends',
  section_20: 'Accommodated by the council with parental agreement (section 20)',
  police_protection: 'In accommodation under police protection (section 46)',
  hospital: 'In hospital',
  other: 'Somewhere else (say where in what you did)',
};

export interface OutOfHoursCodes {
  childSeen: boolean;
  childSeenAt: Date | null;
  childSeenBy: string | null;
  childNotSeenReason: string | null;
  policeProtection: boolean;
  policeProtectionAt: Date | null;
  epoSought: boolean;
  epoSoughtAt: Date | null;
  safetyPlanAgreed: boolean;
  accommodation: OutOfHoursAccommodation;
  handedToDayTeam: boolean;
  dayTeamNextSteps: string | null;
}

export interface OutOfHoursAction {
  text: string;
  codes: OutOfHoursCodes;
}

type Values = Record<string, string | undefined>;

/** When police protection ends at the latest. */
export function policeProtectionEndsAt(startedAt: Date): Date {
  return new Date(startedAt.getTime() + POLICE_PROTECTION_HOURS * 3_600_000);
}

/** Validates the whole action; every problem is reported at once, against its field. */
export function parseOutOfHoursAction(
  values: Values,
  now: Date
): { ok: true; value: OutOfHoursAction } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = field(values, 'action');
  if (!text) problems.push({ field: 'action', message: 'Describe what you did' });
  else if (text.length > 5_000)
    problems.push({ field: 'action', message: 'The action must be 5,000 characters or fewer' });

  const childSeen = yesNo(values, 'childSeen', 'Select whether the child was seen', problems);
  const childSeenAt = childSeen
    ? momentOf(values, 'childSeenAt', now, problems, 'when the child was seen')
    : null;
  const childSeenBy = childSeen ? limited(values, 'childSeenBy', 200, problems) : null;
  if (childSeen && !childSeenBy) problems.push({ field: 'childSeenBy', message: 'Enter who saw the child' });
  const childNotSeenReason =
    childSeen === false ? limited(values, 'childNotSeenReason', 2_000, problems) : null;

  const policeProtection = yesNo(
    values,
    'policeProtection',
    'Select whether police protection powers (section 46) were used',
    problems
  );
  const policeProtectionAt = policeProtection
    ? momentOf(values, 'policeProtectionAt', now, problems, 'when police protection started')
    : null;
  const epoSought = yesNo(
    values,
    'epoSought',
    'Select whether an emergency protection order was applied for',
    problems
  );
  const epoSoughtAt = epoSought
    ? momentOf(values, 'epoSoughtAt', now, problems, 'when it was applied for', true)
    : null;
  const safetyPlanAgreed = yesNo(values, 'safetyPlan', 'Select whether a safety plan was agreed', problems);

  const accommodation = field(values, 'accommodation') as OutOfHoursAccommodation;
  if (!(accommodation in ACCOMMODATION))
    problems.push({ field: 'accommodation', message: 'Select where the child is now' });
  else if (accommodation === 'police_protection' && policeProtection === false)
    problems.push({
      field: 'accommodation',
      message:
        'The child is under police protection: answer yes to police protection powers being used, with the time',
    });

  const handedToDayTeam = yesNo(
    values,
    'dayTeam',
    'Select whether the day team needs to act on this',
    problems
  );
  const dayTeamNextSteps = handedToDayTeam ? limited(values, 'dayTeamNextSteps', 2_000, problems) : null;
  if (handedToDayTeam && !dayTeamNextSteps)
    problems.push({ field: 'dayTeamNextSteps', message: 'Enter what the day team needs to do next' });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      text,
      codes: {
        childSeen: childSeen!,
        childSeenAt,
        childSeenBy,
        childNotSeenReason,
        policeProtection: policeProtection!,
        policeProtectionAt,
        epoSought: epoSought!,
        epoSoughtAt,
        safetyPlanAgreed: safetyPlanAgreed!,
        accommodation,
        handedToDayTeam: handedToDayTeam!,
        dayTeamNextSteps,
      },
    },
  };
}

function yesNo(values: Values, name: string, message: string, problems: FieldProblem[]): boolean | undefined {
  const answer = field(values, name);
  if (answer === 'yes') return true;
  if (answer === 'no') return false;
  problems.push({ field: name, message });
  return undefined;
}

/** A date and time in England from day, month, year and time boxes: now or earlier. */
function momentOf(
  values: Values,
  prefix: string,
  now: Date,
  problems: FieldProblem[],
  what: string,
  optional = false
): Date | null {
  const parts = ['day', 'month', 'year', 'time'].map((part) => field(values, `${prefix}-${part}`));
  if (optional && parts.every((part) => part === '')) return null;
  const moment = DateTime.fromFormat(parts.join(' '), 'd M yyyy H:mm', { zone: UK_TIME_ZONE });
  if (!moment.isValid) {
    problems.push({ field: prefix, message: `Enter ${what} as a real date, and a time like 02:15` });
    return null;
  }
  if (moment.toJSDate() > now) {
    problems.push({ field: prefix, message: `Enter ${what}: it must be now or in the past` });
    return null;
  }
  return moment.toJSDate();
}

function limited(values: Values, name: string, max: number, problems: FieldProblem[]): string | null {
  const text = field(values, name);
  if (text.length > max)
    problems.push({ field: name, message: `Must be ${max.toLocaleString('en-GB')} characters or fewer` });
  return text || null;
}

function field(values: Values, name: string): string {
  return String(values[name] ?? '').trim();
}
