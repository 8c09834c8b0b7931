/**
 * Workforce rules, no I/O: supervision held against due, time in the team, and a team's posts against the
 * staff in them. Dates are London dates ('YYYY-MM-DD').
 */
import { DateTime } from 'luxon';
import type { EmploymentType } from '../../../platform/db/schema.ts';

/** Supervision is due every four weeks unless the team's establishment says otherwise. */
export const DEFAULT_SUPERVISION_WEEKS = 4;
/** "Held against due" looks back this far: half a year shows a pattern without old history dominating. */
const SUPERVISION_WINDOW_DAYS = 182;

const MS_PER_DAY = 86_400_000;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface SupervisionStatus {
  lastHeld: string | null;
  /** The date the next supervision is due: every N weeks from the last one, or from the start date. */
  nextDue: string | null;
  /** Days past `nextDue`; 0 when not yet due. */
  overdueDays: number;
  /** Over the window (or since the start date, if later): supervisions held and how many were due. */
  heldInWindow: number;
  dueInWindow: number;
}

/**
 * Where a worker stands with supervision. Without a start date the due dates run from the last supervision
 * only, and how many were due in the window is not known (null start: counted from the window's start).
 */
export function supervisionStatus(input: {
  startedOn: string | null;
  held: readonly string[];
  everyWeeks: number;
  today: string;
}): SupervisionStatus {
  const { startedOn, everyWeeks, today } = input;
  const period = everyWeeks * 7;
  const todayDay = dayNumber(today);
  const held = input.held.filter((date) => date <= today).sort();
  const lastHeld = held.at(-1) ?? null;
  const from = lastHeld ?? startedOn;
  const nextDue = from === null ? null : dateOfDay(dayNumber(from) + period);
  const windowStart = Math.max(
    todayDay - SUPERVISION_WINDOW_DAYS,
    startedOn === null ? -Infinity : dayNumber(startedOn)
  );
  return {
    lastHeld,
    nextDue,
    overdueDays: nextDue === null ? 0 : Math.max(0, todayDay - dayNumber(nextDue)),
    heldInWindow: held.filter((date) => dayNumber(date) > windowStart).length,
    dueInWindow: Math.max(0, Math.floor((todayDay - windowStart) / period)),
  };
}

/** How long someone has been in their team, e.g. "2 years 3 months", "5 months", "3 weeks". */
export function timeInTeam(startedOn: string, today: string): string {
  const start = DateTime.fromISO(startedOn, { zone: 'utc' });
  const end = DateTime.fromISO(today, { zone: 'utc' });
  if (end < start) return 'Not started yet';
  const { years, months } = end.diff(start, ['years', 'months']).toObject();
  const wholeYears = Math.floor(years ?? 0);
  const wholeMonths = Math.floor(months ?? 0);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (wholeYears === 0 && wholeMonths === 0)
    return plural(Math.floor(end.diff(start, 'weeks').weeks), 'week');
  return [wholeYears ? plural(wholeYears, 'year') : '', wholeMonths ? plural(wholeMonths, 'month') : '']
    .filter(Boolean)
    .join(' ');
}

export type StaffGroup = 'practitioners' | 'managers';

export interface PostFigures {
  posts: number | null;
  permanent: number;
  agency: number;
  /** Posts not filled by permanent staff; null without an establishment or while anyone's employment is unknown. */
  vacancies: number | null;
  /** Staff with no employment recorded: not counted as permanent or agency. */
  notRecorded: number;
}

/** A team's posts in one group against the full-time equivalents of the staff in them. */
export function postFigures(
  posts: number | null,
  staff: readonly { employment: { type: EmploymentType; fte: number } | null }[]
): PostFigures {
  const fte = (type: EmploymentType) =>
    roundTenth(
      staff.reduce((sum, member) => sum + (member.employment?.type === type ? member.employment.fte : 0), 0)
    );
  const permanent = fte('permanent');
  const notRecorded = staff.filter((member) => member.employment === null).length;
  return {
    posts,
    permanent,
    agency: fte('agency'),
    vacancies: posts === null || notRecorded > 0 ? null : Math.max(0, roundTenth(posts - permanent)),
    notRecorded,
  };
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
