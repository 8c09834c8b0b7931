import { isValidNhsNumber, normaliseNhsNumber } from '../../../shared/nhs-number.ts';
import { upnProblem } from '../../people/details/person-characteristics.ts';

/*
 * Pure readers of the values a Standard Safeguarding Dataset extract holds. data-to-insight's extracts
 * come from SQL Server, Oracle and PostgreSQL, so a date may arrive as 'YYYY-MM-DD', with a time after it,
 * or as 'DD/MM/YYYY'; a flag as Y/N, 1/0 or true/false. Each reader answers the value, or a reason it
 * cannot be read (never a guess).
 */

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/* A reason never repeats the value: the report and the terminal carry no personal data, only where to look. */
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const refused = (reason: string): Read<never> => ({ ok: false, reason });

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const UK_DATE = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A calendar date as 'YYYY-MM-DD' (any time of day after it is dropped). */
export function readDate(text: string): Read<string> {
  const iso = ISO_DATE.exec(text);
  const uk = iso ? null : UK_DATE.exec(text);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : uk
      ? [Number(uk[3]), Number(uk[2]), Number(uk[1])]
      : [NaN, NaN, NaN];
  if (!Number.isFinite(year)) return refused(`is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
  if (!realDate(year, month, day)) return refused(`is not a real date`);
  if (year < 1900 || year > 2100) return refused(`is outside 1900 to 2100`);
  return ok(`${pad(year, 4)}-${pad(month)}-${pad(day)}`);
}

/** An instant: an ISO timestamp with its offset, or a date or local time (read as UTC, as SQL Server writes it). */
export function readInstant(text: string): Read<Date> {
  const date = readDate(text);
  if (!date.ok) return date;
  const iso = ISO_DATE.exec(text);
  const uk = iso ? null : UK_DATE.exec(text);
  const [hours, minutes, seconds] = iso ? [iso[4], iso[5], iso[6]] : [uk?.[4], uk?.[5], uk?.[6]];
  if (hours === undefined) return ok(new Date(`${date.value}T00:00:00Z`));
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59)
    return refused(`is not a real time`);
  const instant = iso?.[7]
    ? new Date(text.replace(' ', 'T'))
    : new Date(`${date.value}T${hours}:${minutes}:${seconds ?? '00'}Z`);
  return Number.isNaN(instant.getTime()) ? refused(`is not a time`) : ok(instant);
}

/** A yes/no flag. */
export function readFlag(text: string): Read<boolean> {
  const upper = text.trim().toUpperCase();
  if (['Y', 'YES', '1', 'TRUE'].includes(upper)) return ok(true);
  if (['N', 'NO', '0', 'FALSE'].includes(upper)) return ok(false);
  return refused(`is not a flag (Y or N)`);
}

const SEX_WORDS: Record<string, 'M' | 'F' | 'U'> = {
  M: 'M',
  MALE: 'M',
  F: 'F',
  FEMALE: 'F',
  U: 'U',
  UNKNOWN: 'U',
  I: 'U',
  INDETERMINATE: 'U',
};

/** Sex as the CIN census records it: M, F or U (not known or indeterminate). */
export function readSex(text: string): Read<'M' | 'F' | 'U'> {
  const sex = SEX_WORDS[text.trim().toUpperCase()];
  return sex ? ok(sex) : refused(`is not a sex code (M, F or U)`);
}

/** A code from a list, compared without regard to case or surrounding spaces. */
export function readCode(text: string, codes: ReadonlySet<string>, list: string): Read<string> {
  const code = text.trim().toUpperCase();
  return codes.has(code) ? ok(code) : refused(`is not one of the ${list} codes`);
}

/**
 * A list of codes: a JSON array (as data-to-insight's *_json fields hold them) or codes separated by
 * commas or spaces. Every one must be on the list.
 */
export function readCodes(text: string, codes: ReadonlySet<string>, list: string): Read<string[]> {
  let items: unknown[];
  if (text.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) return refused(`is not a list of ${list} codes`);
      items = parsed;
    } catch {
      return refused(`is not a list of ${list} codes`);
    }
  } else items = text.split(/[\s,]+/).filter(Boolean);
  const read: string[] = [];
  for (const item of items) {
    const code = readCode(String(item), codes, list);
    if (!code.ok) return code;
    if (!read.includes(code.value)) read.push(code.value);
  }
  return ok(read);
}

/** The Y/N flags of an outcome JSON field (data-to-insight's *_outcome_json), by key. */
export function readOutcomeFlags(text: string): Read<Record<string, boolean>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refused('is not an outcome in JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return refused('the outcome is not a JSON object of flags');
  const flags: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || value === '') continue;
    const flag = readFlag(value);
    if (flag.ok) flags[key.toUpperCase()] = flag.value;
  }
  return ok(flags);
}

/** An NHS number: ten digits (spaces allowed) with a valid check digit. */
export function readNhsNumber(text: string): Read<string> {
  return isValidNhsNumber(text) ? ok(normaliseNhsNumber(text)) : refused(`is not a valid NHS number`);
}

/** A unique pupil number as the census checks it. */
export function readUpn(text: string): Read<string> {
  const upn = text.trim().toUpperCase();
  const problem = upnProblem(upn);
  return problem ? refused(problem) : ok(upn);
}
