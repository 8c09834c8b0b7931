import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Db } from '../platform/db/database.ts';
import { writeAudit } from '../platform/audit/audit-log.ts';
import { parseIsoDate } from '../platform/http/dates.ts';
import { buildCensus } from '../modules/returns/returns.service.ts';
import { writeCensusXml } from '../modules/returns/cin-census/census-xml.ts';
import { allFindings, checkCensus } from '../modules/returns/cin-census/check-census.ts';
import { censusAsAt } from '../modules/returns/cin-census/census-years.ts';
import { buildAnnexA } from '../modules/returns/annex-a/annex-a-export.ts';
import { exportSsd } from '../modules/returns/ssd/ssd-export.ts';
import { CommandFailed, UsageError } from './data-protection-commands.ts';

type WithDatabase = (work: (db: Db) => Promise<void>) => Promise<void>;

/** How many of a check's findings the command prints before pointing at the check page. */
const FINDINGS_SHOWN = 20;

/**
 * `frontdoor export cin-census --year 2026 --out FILE.xml`, `frontdoor export annex-a --as-at
 * 2026-03-27 --out FILE.xlsx` and `frontdoor export ssd --out DIR`. Each writes the file, prints what it holds and is audited; the census
 * is checked first and the command fails (exit code 1, file still written) when the check finds errors.
 */
export async function exportCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  const [kind, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { year: { type: 'string' }, 'as-at': { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.out) throw new UsageError('--out FILE is required.');
  const out = values.out;
  if (kind === 'cin-census') return withDatabase((db) => exportCensus(db, censusYearOf(values.year), out));
  if (kind === 'annex-a') return withDatabase((db) => exportAnnexA(db, asAtOf(values['as-at']), out));
  if (kind === 'ssd') return withDatabase((db) => exportStandardDataset(db, out));
  throw new UsageError("export needs 'cin-census', 'annex-a' or 'ssd'.");
}

async function exportCensus(db: Db, year: number, out: string): Promise<void> {
  const now = new Date();
  const census = await buildCensus(db, year, now);
  const check = checkCensus(census, { asAt: censusAsAt(year, now) });
  fs.writeFileSync(out, writeCensusXml(census), { mode: 0o600 });
  const rows = census.Children.length;
  await audit(db, { return: 'cin_census', year, rows, errors: check.errors, queries: check.queries }, now);
  console.log(
    `Wrote ${out}: ${rows} children; the check found ${check.errors} errors and ${check.queries} queries.`
  );
  for (const finding of allFindings(check).slice(0, FINDINGS_SHOWN))
    console.log(
      `  ${finding.severity} ${finding.code}${finding.laChildId ? ` child ${finding.laChildId}` : ''}: ${finding.message}`
    );
  if (check.errors > 0)
    throw new CommandFailed(
      'The Department for Education would refuse this return: fix the errors and export again.'
    );
}

async function exportAnnexA(db: Db, asAt: string, out: string): Promise<void> {
  const { workbook, rowsPerList } = await buildAnnexA(db, asAt);
  fs.writeFileSync(out, workbook, { mode: 0o600 });
  await audit(db, { return: 'annex_a', asAt, rowsPerList }, new Date());
  const counts = Object.entries(rowsPerList).map(([list, rows]) => `${list}: ${rows}`);
  console.log(`Wrote ${out} as at ${asAt}. ${counts.join('; ')}.`);
}

async function exportStandardDataset(db: Db, outDir: string): Promise<void> {
  const rowsPerTable = await exportSsd(db, outDir);
  await audit(db, { return: 'ssd', rowsPerTable }, new Date());
  const tables = Object.keys(rowsPerTable).length;
  const rows = Object.values(rowsPerTable).reduce((sum, count) => sum + count, 0);
  console.log(`Wrote ${tables} Standard Safeguarding Dataset tables (${rows} rows) as CSV in ${outDir}.`);
}

/** A download from the command line: no signed-in actor, so the row says where it came from. */
function audit(db: Db, details: Record<string, unknown>, now: Date): Promise<void> {
  return writeAudit(
    db,
    { action: 'returns.export', recordType: 'return', details: { ...details, via: 'command_line' } },
    now
  );
}

function censusYearOf(value: string | undefined): number {
  const year = Number(value);
  if (!value || !Number.isInteger(year) || year < 2020 || year > 2100)
    throw new UsageError('--year must be the collection year, e.g. 2026 for the census to 31 March 2026.');
  return year;
}

function asAtOf(value: string | undefined): string {
  const parsed = parseIsoDate(value);
  if (parsed.outcome !== 'date') throw new UsageError('--as-at must be a date in the format YYYY-MM-DD.');
  return parsed.date;
}
