import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../platform/db/database.ts';
import { administratorNamed } from '../modules/data-protection/legal-hold.ts';
import { importSsd, readSsdFiles, refusalReport } from '../modules/returns/ssd-import/ssd-import.ts';
import { CommandFailed, UsageError } from './data-protection-commands.ts';
import { terminalProgress } from './progress.ts';

type WithDatabase = (work: (db: Db) => Promise<void>) => Promise<void>;

export interface ImportCommandOptions {
  now?: () => Date;
  print?: (line: string) => void;
  progress?: ReturnType<typeof terminalProgress>;
}

/** How many refusals the command prints; the report file holds them all. */
const REFUSALS_SHOWN = 20;

/**
 * `frontdoor import ssd DIR [--by ADMIN] [--report FILE]`: brings the history across from a Standard
 * Safeguarding Dataset extract (one CSV per table). All or nothing: when any row is refused, nothing is
 * imported and the refusals (file, row, column, reason) are printed and written to the report file
 * (DIR/ssd-import-refusals.csv by default), exit code 1. Imported records are recorded by the named
 * administrator, or the council's first administrator.
 */
export async function importCommand(
  args: string[],
  withDatabase: WithDatabase,
  options: ImportCommandOptions = {}
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { by: { type: 'string' }, report: { type: 'string' } },
  });
  const [kind, dir] = positionals;
  if (kind !== 'ssd') throw new UsageError("import needs 'ssd' and the extract's directory.");
  if (!dir) throw new UsageError('import ssd needs the directory holding the ssd_*.csv files.');
  const reportFile = values.report ?? path.join(dir, 'ssd-import-refusals.csv');
  const print = options.print ?? console.log;
  const progress = options.progress ?? terminalProgress();
  let files;
  try {
    files = readSsdFiles(dir);
  } catch (error) {
    throw new CommandFailed((error as Error).message);
  }
  await withDatabase(async (db) => {
    const admin = await responsibleAdministrator(db, values.by);
    const began = Date.now();
    const result = await importSsd(db, files, {
      byUserId: admin.id,
      now: (options.now ?? (() => new Date()))(),
      onProgress: progress.update,
    });
    progress.finish();
    if (result.outcome === 'refused') {
      fs.writeFileSync(reportFile, refusalReport(result.refusals), { mode: 0o600 });
      print(`Nothing was imported: ${result.refusals.length} problems in the extract.`);
      for (const refusal of result.refusals.slice(0, REFUSALS_SHOWN))
        print(`  ${refusal.file} row ${refusal.row}, ${refusal.column}: ${refusal.reason}`);
      throw new CommandFailed(
        `Every problem is listed in ${reportFile}: correct the extract and import again.`
      );
    }
    const rows = Object.values(result.rowsPerTable).reduce((sum, count) => sum + count, 0);
    print(
      rows === 0
        ? 'Nothing new to import: every row of the extract was imported before.'
        : `Imported ${rows.toLocaleString('en-GB')} records in ${((Date.now() - began) / 1000).toFixed(1)} s: ` +
            Object.entries(result.rowsPerTable)
              .filter(([, count]) => count > 0)
              .map(([table, count]) => `${table} ${count.toLocaleString('en-GB')}`)
              .join(', ') +
            '.'
    );
    if (result.duplicatesOffered > 0)
      print(
        `${result.duplicatesOffered} imported people may already be in the index: review them at /people/duplicates (nothing was merged).`
      );
  });
}

async function responsibleAdministrator(db: Db, username: string | undefined) {
  if (username) {
    try {
      return await administratorNamed(db, username);
    } catch (error) {
      throw new CommandFailed((error as Error).message);
    }
  }
  const first = await db
    .selectFrom('staff_user')
    .where('role', '=', 'administrator')
    .where('active', '=', true)
    .select('id')
    .orderBy('id')
    .executeTakeFirst();
  if (!first) throw new CommandFailed('The council has no administrator yet: run `frontdoor init` first.');
  return first;
}
