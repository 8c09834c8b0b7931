import { parseArgs } from 'node:util';
import type { Db } from '../platform/db/database.ts';
import type { DatabasePool } from '../platform/db/pool.ts';
import { migrateToLatest } from '../platform/db/database.ts';
import { loadConfig } from '../platform/config/config.ts';
import {
  CouncilAlreadySetUpError,
  councilSetUpForm,
  initialiseCouncil,
} from '../modules/administration/set-up/council-initialisation.ts';
import { CommandFailed, UsageError } from './data-protection-commands.ts';
import { asOwner } from './owner-database.ts';

type WithDatabase = (work: (db: Db, pool: DatabasePool) => Promise<void>) => Promise<void>;

export interface InitOptions {
  now?: () => Date;
  print?: (line: string) => void;
}

/**
 * `frontdoor init --council NAME --admin-email EMAIL [--admin-name NAME] [--la-code NNN] [--url URL]`:
 * migrates, then sets up the council in an empty database with the national defaults and a first
 * administrator, and prints the administrator's one-time set-up link. Refuses a database that already
 * has a council, changing nothing.
 */
export async function initCommand(
  args: string[],
  withDatabase: WithDatabase,
  options: InitOptions = {}
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      council: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      'la-code': { type: 'string' },
      url: { type: 'string' },
    },
  });
  const parsed = councilSetUpForm.safeParse({
    councilName: values.council,
    adminEmail: values['admin-email'],
    adminName: values['admin-name'] ?? 'Administrator',
    laCode: values['la-code'],
  });
  if (!parsed.success)
    throw new UsageError(`frontdoor init: ${parsed.error.issues.map((issue) => issue.message).join('; ')}.`);
  const baseUrl = (values.url ?? `http://localhost:${loadConfig().PORT}`).replace(/\/+$/, '');
  const print = options.print ?? console.log;
  await withDatabase(async (db, pool) => {
    await asOwner(loadConfig(), { db, pool }, (ownerDb) => migrateToLatest(ownerDb));
    try {
      const council = await initialiseCouncil(db, parsed.data, (options.now ?? (() => new Date()))());
      print(`${parsed.data.councilName} is set up, with the national defaults to review under /admin.`);
      print(`The administrator signs in as ${council.adminUsername}, after choosing a password here:`);
      print(`  ${baseUrl}${council.link.path}`);
      print(
        `The link works once, until ${council.link.expiresAt.toISOString()}; a second factor is set up at first sign-in.`
      );
    } catch (error) {
      if (error instanceof CouncilAlreadySetUpError) throw new CommandFailed(error.message);
      throw error;
    }
  });
}
