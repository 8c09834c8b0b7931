import { DateTime } from 'luxon';
import { z } from 'zod';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import type { LoadedThresholdDocument, ThresholdDraft } from './threshold-documents.ts';
import { UK_TIME_ZONE } from '../../shared/uk-time.ts';

export type FormValues = Record<string, string | undefined>;

export const LEVELS = [1, 2, 3, 4] as const;
/** Empty rows under the copied descriptors for new ones: the form works without JavaScript. */
export const NEW_DESCRIPTOR_ROWS = 5;
/** Far above any real document; stops a crafted post from making the server loop for long. */
const MAX_DESCRIPTOR_ROWS = 1000;

/** One descriptor row of the form as typed. */
export interface DescriptorRow {
  index: number;
  /** Copied from the version being edited (it can be removed), rather than an empty row for a new one. */
  copied: boolean;
  /** The area it was copied under, so the form keeps its headings while areas are being edited. */
  heading: string;
  text: string;
  area: string;
  level: string;
  remove: boolean;
}

/** The form for a new version, filled in from the version it starts from; the effective date is left to choose. */
export function formFromDocument(source: LoadedThresholdDocument, openedAtVersion: number): FormValues {
  const values: FormValues = { title: source.document.title, openedAtVersion: String(openedAtVersion) };
  for (const level of source.levels) {
    values[`level-${level.level}-name`] = level.name;
    values[`level-${level.level}-summary`] = level.summary;
    values[`level-${level.level}-typicalResponse`] = level.typical_response;
  }
  const descriptors = source.descriptorsByArea.flatMap((group) => group.descriptors);
  descriptors.forEach((descriptor, index) => {
    values[`descriptor-${index}-heading`] = descriptor.area_of_need;
    values[`descriptor-${index}-area`] = descriptor.area_of_need;
    values[`descriptor-${index}-level`] = String(descriptor.level);
    values[`descriptor-${index}-text`] = descriptor.text;
  });
  values.copiedCount = String(descriptors.length);
  values.descriptorCount = String(descriptors.length + NEW_DESCRIPTOR_ROWS);
  return values;
}

/** The descriptor rows as posted (or as first filled in), in form order. */
export function descriptorRows(values: FormValues): DescriptorRow[] {
  const rowCount = countOf(values.descriptorCount, MAX_DESCRIPTOR_ROWS);
  const copiedCount = countOf(values.copiedCount, rowCount);
  return Array.from({ length: rowCount }, (_, index) => {
    const field = (name: string) => textOf(values[`descriptor-${index}-${name}`]);
    return {
      index,
      copied: index < copiedCount,
      heading: field('heading'),
      text: field('text'),
      area: field('area'),
      level: field('level'),
      remove: field('remove') === 'yes',
    };
  });
}

/** The highest version when the form was first opened: publishing checks nobody published since. */
export function openedAtVersionOf(values: FormValues): number {
  return countOf(values.openedAtVersion, Number.MAX_SAFE_INTEGER);
}

/** Asked for more empty rows: the same form again with more of them, nothing checked or saved. */
export function withMoreRows(values: FormValues): FormValues {
  return { ...values, descriptorCount: String(descriptorRows(values).length + NEW_DESCRIPTOR_ROWS) };
}

/** A field as text; a repeated field (a crafted post) counts as empty rather than breaking the page. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function countOf(value: string | undefined, maximum: number): number {
  const count = Number(value);
  return Number.isInteger(count) ? Math.min(Math.max(count, 0), maximum) : 0;
}

/** An empty new row is simply not used; a removed copied row is dropped without checking it. */
function isKept(row: DescriptorRow): boolean {
  if (row.remove) return false;
  return row.copied || [row.text, row.area, row.level].some((typed) => typed.trim() !== '');
}

const levelNumber = (message: string) =>
  z
    .string()
    .refine((value) => /^[1-4]$/.test(value), message)
    .transform(Number);

function descriptorSchema(number: number) {
  return z.object({
    text: requiredText(
      1000,
      `Enter the text of descriptor ${number}, or remove it`,
      `Descriptor ${number} must be 1,000 characters or fewer`
    ),
    level: levelNumber(`Choose the level of descriptor ${number}`),
    area: requiredText(
      100,
      `Enter the area of need of descriptor ${number}`,
      `The area of need of descriptor ${number} must be 100 characters or fewer`
    ),
  });
}

function levelSchema(level: number) {
  return z.object({
    name: requiredText(
      100,
      `Enter the name of level ${level}`,
      `The name of level ${level} must be 100 characters or fewer`
    ),
    summary: requiredText(
      2000,
      `Enter the summary of level ${level}`,
      `The summary of level ${level} must be 2,000 characters or fewer`
    ),
    typicalResponse: requiredText(
      2000,
      `Enter the typical response at level ${level}`,
      `The typical response at level ${level} must be 2,000 characters or fewer`
    ),
  });
}

/**
 * The date a version takes effect: not in the past, and not before the latest version already published
 * takes effect, so versions come into force in the order they were published and "the version in force
 * on a day" has one answer.
 */
function effectiveFromSchema(earliest: { date: string; reason: string }) {
  return z.object({ day: z.string(), month: z.string(), year: z.string() }).transform((typed, ctx) => {
    const [day, month, year] = [typed.day, typed.month, typed.year].map((part) => Number(part.trim()));
    const date = DateTime.fromObject({ day, month, year }, { zone: UK_TIME_ZONE });
    if ([typed.day, typed.month, typed.year].every((part) => part.trim() === '')) {
      ctx.addIssue({ code: 'custom', message: 'Enter the date this version takes effect' });
    } else if (!date.isValid) {
      ctx.addIssue({
        code: 'custom',
        message: 'The date it takes effect must be a real date, for example 1 4 2027',
      });
    } else if (date.toISODate()! < earliest.date) {
      ctx.addIssue({ code: 'custom', message: `The date it takes effect must be ${earliest.reason}` });
    }
    return date.toISODate() ?? '';
  });
}

export type ParsedThresholdForm =
  { ok: true; draft: ThresholdDraft; openedAtVersion: number } | { ok: false; errors: FormErrors };

/**
 * Reads the form into a draft of the next version. `earliest` is the first day it may take effect, with
 * the reason in words ("today or later", "on or after 1 December 2026, when version 2 takes effect").
 */
export function parseThresholdForm(
  values: FormValues,
  earliest: { date: string; reason: string }
): ParsedThresholdForm {
  const typed = (name: string) => textOf(values[name]);
  const rows = descriptorRows(values);
  const kept = rows.filter(isKept);
  const schema = z.object({
    title: requiredText(300, 'Enter the title of the document', 'The title must be 300 characters or fewer'),
    effectiveFrom: effectiveFromSchema(earliest),
    level: z.object(Object.fromEntries(LEVELS.map((level) => [level, levelSchema(level)]))),
    descriptor: z.object(Object.fromEntries(kept.map((row) => [row.index, descriptorSchema(row.index + 1)]))),
    descriptors: z.number().min(1, 'Keep at least one descriptor'),
  });
  const parsed = schema.safeParse({
    title: typed('title'),
    effectiveFrom: {
      day: typed('effectiveFrom-day'),
      month: typed('effectiveFrom-month'),
      year: typed('effectiveFrom-year'),
    },
    level: Object.fromEntries(
      LEVELS.map((level) => [
        level,
        {
          name: typed(`level-${level}-name`),
          summary: typed(`level-${level}-summary`),
          typicalResponse: typed(`level-${level}-typicalResponse`),
        },
      ])
    ),
    descriptor: Object.fromEntries(
      kept.map((row) => [row.index, { text: row.text, level: row.level, area: row.area }])
    ),
    descriptors: kept.length,
  });
  if (!parsed.success) return { ok: false, errors: formErrors(parsed.error) };
  const { title, effectiveFrom, level, descriptor } = parsed.data;
  const sameArea = areaSpelling(rows);
  return {
    ok: true,
    openedAtVersion: openedAtVersionOf(values),
    draft: {
      title,
      effectiveFrom,
      levels: LEVELS.map((number) => ({ level: number, ...level[number]! })),
      descriptors: kept.map((row) => {
        const { text, level: rowLevel, area } = descriptor[row.index]!;
        return { text, level: rowLevel, area: sameArea(area) };
      }),
    },
  };
}

/**
 * "health " and "Health" are one area. The areas the copied descriptors came under keep their spelling;
 * any other area takes the first spelling typed.
 */
function areaSpelling(rows: DescriptorRow[]): (area: string) => string {
  const seen = new Map<string, string>();
  const spelling = (area: string) => {
    const tidy = area.trim().replace(/\s+/g, ' ');
    const key = tidy.toLowerCase();
    if (!seen.has(key)) seen.set(key, tidy);
    return seen.get(key)!;
  };
  for (const row of rows) if (row.copied && row.heading) spelling(row.heading);
  return spelling;
}
