import type { Db } from '../platform/db/database.ts';
import { systemClock } from '../platform/clock.ts';
import { findDuplicatesInIndex } from '../modules/people/merge/duplicates-finder.ts';
import { UsageError } from './data-protection-commands.ts';

type WithDatabase = (work: (db: Db) => Promise<void>) => Promise<void>;

/**
 * `frontdoor duplicates find` runs the matching engine over the whole person index and replaces the
 * open pairs on the likely-duplicates list (/people/duplicates); pairs recorded as not the same person
 * stay so. Prints counts only, never a person's details.
 */
export async function duplicatesCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  const [action] = args;
  if (action !== 'find') throw new UsageError("duplicates needs 'find'.");
  return withDatabase(async (db) => {
    const { peopleCompared, pairsFound } = await findDuplicatesInIndex(db, () => systemClock.now());
    console.log(`Compared ${peopleCompared} records: ${pairsFound} likely duplicate pairs.`);
  });
}
