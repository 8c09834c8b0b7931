import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../platform/db/database.ts';
import { parseCsv } from '../../shared/csv.ts';
import { COMPARABLE_MEASURES, type ComparableMeasure } from './measures.ts';

/*
 * England and statistical neighbours: published figures a council compares itself with. They come from
 * a CSV file the council keeps up to date (`frontdoor comparators import FILE`); until one is imported
 * the latest national figures Front Door ships with are used.
 */

export interface ComparatorFigure {
  /** "England", "Statistical neighbours", or a named council. */
  area: string;
  measure: ComparableMeasure;
  /** The year the figure is for, as published (e.g. "2024-25"). */
  period: string;
  value: number;
  source: string;
}

export const COMPARATOR_HEADER = ['area', 'measure', 'period', 'value', 'source'] as const;

const BUNDLED = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'comparators.csv');

export type ComparatorParse = { figures: ComparatorFigure[] } | { problems: string[] };

/** Reads a comparators file, saying exactly which line is wrong and why; a wrong file changes nothing. */
export function parseComparators(text: string): ComparatorParse {
  const [header, ...rows] = parseCsv(text);
  if (!header || header.join(',') !== COMPARATOR_HEADER.join(','))
    return { problems: [`The first line must be the header: ${COMPARATOR_HEADER.join(',')}`] };
  const problems: string[] = [];
  const figures: ComparatorFigure[] = [];
  const seen = new Set<string>();
  rows.forEach((fields, index) => {
    const line = index + 2;
    const problem = rowProblem(fields);
    if (problem) return problems.push(`Line ${line}: ${problem}`);
    const [area, measure, period, value, source] = fields as [
      string,
      ComparableMeasure,
      string,
      string,
      string,
    ];
    const key = `${area}|${measure}|${period}`;
    if (seen.has(key)) return problems.push(`Line ${line}: ${area}, ${measure}, ${period} is given twice`);
    seen.add(key);
    figures.push({
      area: area.trim(),
      measure,
      period: period.trim(),
      value: Number(value),
      source: source.trim(),
    });
  });
  return problems.length ? { problems } : { figures };
}

function rowProblem(fields: string[]): string | null {
  if (fields.length !== COMPARATOR_HEADER.length)
    return `expected ${COMPARATOR_HEADER.length} fields, found ${fields.length}`;
  const [area, measure, period, value, source] = fields as [string, string, string, string, string];
  if (!area.trim()) return 'the area is empty';
  if (!(COMPARABLE_MEASURES as readonly string[]).includes(measure))
    return `"${measure}" is not a measure that can be compared (use one of ${COMPARABLE_MEASURES.join(', ')})`;
  if (!/^\d{4}(-\d{2})?$/.test(period.trim())) return `the period "${period}" must look like 2024-25 or 2025`;
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || Number(value) > 100)
    return `the value "${value}" must be a percentage from 0 to 100`;
  if (!source.trim()) return 'say where the figure was published (the source is empty)';
  return null;
}

/** The figures in use: the council's imported file, or the bundled national figures until there is one. */
export async function comparatorFigures(db: Db): Promise<ComparatorFigure[]> {
  const stored = await db
    .selectFrom('comparator_figure')
    .select(['area', 'measure', 'period', 'value', 'source'])
    .orderBy('area')
    .orderBy('period', 'desc')
    .execute();
  if (stored.length > 0)
    return stored.map((row) => ({
      ...row,
      measure: row.measure as ComparableMeasure,
      value: Number(row.value),
    }));
  const bundled = parseComparators(readFileSync(BUNDLED, 'utf8'));
  if ('problems' in bundled) throw new Error(`The bundled comparators file is wrong: ${bundled.problems[0]}`);
  return bundled.figures;
}

/** Replaces the council's figures with a file's, all or nothing. */
export async function replaceComparators(db: Db, figures: readonly ComparatorFigure[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('comparator_figure').execute();
    if (figures.length)
      await trx
        .insertInto('comparator_figure')
        .values(figures.map((f) => ({ ...f })))
        .execute();
  });
}

/** The latest figure for each area, for one measure: England first. */
export function latestByArea(
  figures: readonly ComparatorFigure[],
  measure: ComparableMeasure
): ComparatorFigure[] {
  const latest = new Map<string, ComparatorFigure>();
  for (const figure of figures.filter((f) => f.measure === measure)) {
    const held = latest.get(figure.area);
    if (!held || figure.period > held.period) latest.set(figure.area, figure);
  }
  return [...latest.values()].sort((a, b) =>
    a.area === 'England' ? -1 : b.area === 'England' ? 1 : a.area.localeCompare(b.area)
  );
}
