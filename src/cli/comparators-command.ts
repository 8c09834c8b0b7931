import fs from 'node:fs';
import type { Db } from '../platform/db/database.ts';
import {
  COMPARATOR_HEADER,
  comparatorFigures,
  parseComparators,
  replaceComparators,
} from '../modules/performance/comparators.ts';
import { csvRecord } from '../shared/csv.ts';
import { CommandFailed, UsageError } from './data-protection-commands.ts';

type WithDatabase = (work: (db: Db) => Promise<void>) => Promise<void>;

/**
 * `frontdoor comparators import FILE.csv` replaces the England and statistical-neighbour figures the
 * performance pages compare with; `frontdoor comparators export FILE.csv` writes the ones in use, as a
 * starting point to edit. A file with any wrong line changes nothing and says which lines are wrong.
 */
export async function comparatorsCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  const [action, file] = args;
  if (!file || (action !== 'import' && action !== 'export'))
    throw new UsageError("comparators needs 'import FILE.csv' or 'export FILE.csv'.");
  if (action === 'export')
    return withDatabase(async (db) => {
      const figures = await comparatorFigures(db);
      const header: Record<string, string> = Object.fromEntries(
        COMPARATOR_HEADER.map((field) => [field, field])
      );
      const text = [header, ...figures.map((figure) => ({ ...figure }))]
        .map((row) => csvRecord(COMPARATOR_HEADER, row))
        .join('');
      fs.writeFileSync(file, text);
      console.log(`Wrote ${file}: ${figures.length} figures.`);
    });
  const parsed = parseComparators(fs.readFileSync(file, 'utf8'));
  if ('problems' in parsed)
    throw new CommandFailed(`Nothing was changed. ${file} has problems:\n  ${parsed.problems.join('\n  ')}`);
  return withDatabase(async (db) => {
    await replaceComparators(db, parsed.figures);
    console.log(`Imported ${parsed.figures.length} figures from ${file}.`);
  });
}
