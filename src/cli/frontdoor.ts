import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../platform/config/config.ts';
import { openPool, type DatabasePool } from '../platform/db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../platform/db/database.ts';
import { systemClock } from '../platform/clock.ts';
import { loggerOptions } from '../platform/http/logger.ts';
import { buildApp } from '../app.ts';
import { isDatabaseEmpty, seedDemoCouncil, type SeedOptions } from '../demo/seed-demo-council.ts';
import { demoAccountsInDatabase } from '../demo/demo-accounts.ts';
import { terminalProgress } from './progress.ts';
import { runMatchCommand } from './match-command.ts';
import { exportCommand } from './returns-commands.ts';
import { comparatorsCommand } from './comparators-command.ts';
import { duplicatesCommand } from './duplicates-command.ts';
import { initCommand } from './init-command.ts';
import { singleSignOnSettings } from '../platform/auth/single-sign-on.ts';
import { startTableUpkeep, vacuumWhatChanged } from '../platform/db/table-upkeep.ts';
import { importCommand } from './import-command.ts';
import { issueFirstRunCode } from '../modules/administration/set-up/first-run-code.ts';
import { startDeadlineSweep } from '../modules/work/deadline-sweep.ts';
import {
  READINESS_CHECK_INTERVAL_MS,
  startReadinessCheck,
} from '../modules/returns/readiness/readiness-job.ts';
import {
  AUDIT_ACTION_CHASE_INTERVAL_MS,
  startAuditActionChase,
} from '../modules/assurance/audits/audit-actions.ts';
import {
  SEF_PRIORITY_CHASE_INTERVAL_MS,
  startSefPriorityChase,
} from '../modules/assurance/sef/sef-priorities.ts';
import { asOwner } from './owner-database.ts';
import {
  auditCommand,
  backupCommand,
  CommandFailed,
  holdCommand,
  restoreCommand,
  retentionCommand,
  sarCommand,
  UsageError,
} from './data-protection-commands.ts';

/** How often each process sweeps for deadline warnings and breaches. */
const DEADLINE_SWEEP_INTERVAL_MS = 60_000;

const USAGE = `Usage: frontdoor <command> [options]

Commands:
  start     Migrate and serve Front Door. With an empty database: DEMO=1 (as \`npm start\` sets it) seeds
            the demo council; otherwise the first-run page sets up your council (code printed here)
  init --council NAME --admin-email EMAIL [--admin-name NAME] [--la-code NNN] [--url URL]
            Set up your council in an empty database with national defaults and a first administrator;
            prints the administrator's one-time link to choose a password
  migrate   Apply any pending database migrations
  seed      Create the synthetic demo council in an empty database
              --seed N              random seed (default 20261122)
              --children N          children in the person index (default 60000)
              --contacts-per-year N contacts a year (default 20000)
              --years Y             years of history (default 2)
              --audit-rows N        rows of audit history over those years, for benchmarks (default 0)
  match     Match a list of people against an index, with the same engine as the search page
              --index INDEX.csv --queries QUERIES.csv --out OUT.csv
              (header id,given_name,family_name,date_of_birth,sex,postcode,address,nhs_number;
               output query_id,index_id,score,decision with decision match, possible or none)
  match fit [--chart FILE.svg]
            Estimate the matching model from the person index without labels (as Splink does: u from
            random pairs, m by expectation maximisation), store it for searches and print m, u and the
            match weight of each comparison level; --chart writes the match weight chart as SVG
  export cin-census --year YEAR --out FILE.xml
            The DfE children in need census for the year to 31 March YEAR, checked against every DfE rule
            (exit code 1, file still written, when the check finds errors)
  export annex-a --as-at YYYY-MM-DD --out FILE.xlsx
            Ofsted's Annex A lists for an inspection on that date, one sheet per list
  export ssd --out DIR
            The Standard Safeguarding Dataset tables Front Door holds, one CSV per table
  import ssd DIR [--by ADMIN] [--report FILE]
            Bring the history across from a Standard Safeguarding Dataset extract: all or nothing, refusals reported
  comparators import FILE.csv | comparators export FILE.csv
            Replace (or write out) the England and statistical-neighbour figures the performance pages
            compare with; header area,measure,period,value,source (value a percentage)
  duplicates find
            Run the matching engine over the person index and refresh the likely duplicates
            (/people/duplicates); pairs recorded as not the same person are never offered again
  audit verify
            Walk the audit trail's hash chain; report the first row that was changed, removed or slipped in
            (exit code 1 when the chain is broken)
  retention [--dry-run]
            Delete records past their retention date (legal holds and open work excepted), leaving a
            tombstone and an audit row; --dry-run only reports what would be deleted and why
  hold --person ID --reason TEXT --by ADMIN [--release]
            Put a legal hold on a person's record (retention never deletes it), or release it; audited
  sar --person ID --out FILE.json --by ADMIN
            Subject access request: everything held about a person, third parties marked "redact": true
  backup --out FILE
            Back up the embedded database (stop the service first); PostgreSQL: see README
  restore FILE [--force]
            Restore a backup into an empty DATA_DIR (--force moves an existing database aside)
  help      Show this message

Environment: PORT (3000), DATABASE_URL (PostgreSQL; embedded PGlite when unset), MIGRATION_DATABASE_URL
(PostgreSQL as the tables' owner, for migrations), DATA_DIR (./data), LOG_LEVEL, OIDC_ISSUER, OIDC_CLIENT_ID,
OIDC_CLIENT_SECRET (sign-in with the council's identity provider; see README).`;

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'start':
      return start(loadConfig());
    case 'migrate': {
      const config = loadConfig();
      return withDatabase(config, async (db, pool) => {
        const applied = await asOwner(config, { db, pool }, (ownerDb) => migrateToLatest(ownerDb));
        console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
      });
    }
    case 'seed': {
      const config = loadConfig();
      return withDatabase(config, (db, pool) =>
        asOwner(config, { db, pool }, async (ownerDb) => {
          await migrateToLatest(ownerDb);
          await seed(ownerDb, seedOptions(rest));
        })
      );
    }
    case 'audit':
      return auditCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'retention':
      return retentionCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'hold':
      return holdCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'sar':
      return sarCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'backup':
      return backupCommand(rest, loadConfig());
    case 'restore':
      return restoreCommand(rest, loadConfig());
    case 'match':
      return runMatchCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'export':
      return exportCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'comparators':
      return comparatorsCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'init':
      return initCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'import':
      return importCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'duplicates':
      return duplicatesCommand(rest, (work) => withDatabase(loadConfig(), work));
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`Unknown command '${command}'.`);
  }
}

function seedOptions(args: string[]): Omit<SeedOptions, 'now'> {
  const { values } = parseArgs({
    args,
    options: {
      seed: { type: 'string' },
      children: { type: 'string' },
      'contacts-per-year': { type: 'string' },
      years: { type: 'string' },
      'audit-rows': { type: 'string' },
    },
  });
  const number = (name: keyof typeof values) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new UsageError(`--${name} must be a whole number, not '${raw}'.`);
    return parsed;
  };
  return {
    seed: number('seed'),
    children: number('children'),
    contactsPerYear: number('contacts-per-year'),
    years: number('years'),
    auditRows: number('audit-rows'),
  };
}

async function withDatabase(
  config: Config,
  work: (db: Db, pool: DatabasePool) => Promise<void>
): Promise<void> {
  const pool = await openPool({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const db = createDb(pool);
  try {
    await work(db, pool);
  } finally {
    await db.destroy();
    await pool.close();
  }
}

async function seed(db: Db, options: Omit<SeedOptions, 'now'>): Promise<void> {
  const progress = terminalProgress();
  const began = Date.now();
  console.log('Creating the synthetic demo council (no real people, ever)…');
  const summary = await seedDemoCouncil(db, { ...options, now: new Date(), onProgress: progress.update });
  progress.finish();
  console.log(
    `Demo council ready in ${((Date.now() - began) / 1000).toFixed(1)} s: ${summary.children.toLocaleString('en-GB')} children, ` +
      `${summary.people.toLocaleString('en-GB')} people, ${summary.contacts.toLocaleString('en-GB')} contacts, ` +
      `${summary.referrals.toLocaleString('en-GB')} referrals.`
  );
}

async function start(config: Config): Promise<void> {
  let opened = await openForService(config);
  if (opened.seeding) {
    // The demo council is written by a process of its own: seeding leaves the service holding hundreds of
    // megabytes it would never give back. The embedded database allows one process, so this one lets go.
    await opened.db.destroy();
    await opened.pool.close();
    await seedInItsOwnProcess();
    opened = await openForService(config);
  }
  const { pool, db } = opened;
  // An empty database without DEMO is a council setting up: only whoever sees this terminal may.
  const firstRunCode = (await isDatabaseEmpty(db)) ? await issueFirstRunCode(db, systemClock.now()) : null;
  const app = await buildApp({
    db,
    clock: systemClock,
    secureCookies: config.SECURE_COOKIES,
    trustProxy: config.TRUST_PROXY,
    logger: loggerOptions(config.LOG_LEVEL),
    councilLogoFile: config.COUNCIL_LOGO,
    singleSignOn: singleSignOnSettings(config),
  });
  let stopDeadlineSweep = async () => {};
  let stopReadinessCheck = async () => {};
  let stopAuditActionChase = async () => {};
  let stopSefPriorityChase = async () => {};
  let stopTableUpkeep = async () => {};
  const shutdown = async () => {
    await stopDeadlineSweep();
    await stopReadinessCheck();
    await stopAuditActionChase();
    await stopSefPriorityChase();
    await stopTableUpkeep();
    await app.close();
    await db.destroy();
    await pool.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.PORT, host: config.HOST });
  // Every process sweeps; the sweep is safe with several on one database (see deadline-sweep.ts).
  stopDeadlineSweep = startDeadlineSweep({
    db,
    clock: systemClock,
    intervalMs: DEADLINE_SWEEP_INTERVAL_MS,
    logger: app.log,
  });
  // Every process looks for today's census check; exactly one runs it (see readiness.service.ts).
  stopReadinessCheck = startReadinessCheck({
    db,
    clock: systemClock,
    intervalMs: READINESS_CHECK_INTERVAL_MS,
    logger: app.log,
  });
  // Overdue audit actions are chased like other deadlines, each once (see audit-actions.ts).
  stopAuditActionChase = startAuditActionChase({
    db,
    clock: systemClock,
    intervalMs: AUDIT_ACTION_CHASE_INTERVAL_MS,
    logger: app.log,
  });
  // Overdue SEF priorities likewise, each once for each due date it misses (see sef-priorities.ts).
  stopSefPriorityChase = startSefPriorityChase({
    db,
    clock: systemClock,
    intervalMs: SEF_PRIORITY_CHASE_INTERVAL_MS,
    logger: app.log,
  });
  if (pool.kind === 'pglite') stopTableUpkeep = startTableUpkeep(db, app.log);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  console.log(
    `\nFront Door is running at http://localhost:${port}  (${pool.kind === 'pglite' ? `embedded database in ${config.DATA_DIR}` : 'PostgreSQL'})`
  );
  if (firstRunCode)
    console.log(
      `\nNo council is set up yet. Open http://localhost:${port}/set-up and enter this code: ${firstRunCode}\n` +
        '(it works for 24 hours; or run `frontdoor init`; or start with DEMO=1 for the demo council).\n'
    );
  else if (await isDatabaseEmpty(db))
    console.log(
      `\nNo council is set up yet. The set-up code was printed by the first Front Door process started on this database: open http://localhost:${port}/set-up and enter it.\n`
    );
  await printDemoAccounts(db);
}

/** `npm start` sets DEMO=1 so a newcomer sees the demo council; a council going live leaves it unset. */
/** Opens and migrates the database; `seeding` when it is empty and the demo council is wanted. */
async function openForService(config: Config): Promise<{ pool: DatabasePool; db: Db; seeding: boolean }> {
  const pool = await openPool({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const db = createDb(pool);
  const seeding = await asOwner(config, { db, pool }, async (ownerDb) => {
    await migrateToLatest(ownerDb);
    if ((await isDatabaseEmpty(ownerDb)) && wantsDemo()) return true;
    // The embedded database has no autovacuum: vacuum and analyse what changed since the last run (on a
    // quiet restart, nothing), and keep doing so while it runs (below).
    if (pool.kind === 'pglite') await vacuumWhatChanged(ownerDb);
    return false;
  });
  return { pool, db, seeding };
}

/** Runs `frontdoor seed` as this command was run (the same Node, loader and environment) and waits for it. */
async function seedInItsOwnProcess(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'seed'], {
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new CommandFailed(`Seeding the demo council failed (exit code ${code}).`);
}

function wantsDemo(): boolean {
  return Boolean(process.env.DEMO) && process.env.DEMO !== '0' && process.env.DEMO !== 'false';
}

async function printDemoAccounts(db: Db): Promise<void> {
  const accounts = await demoAccountsInDatabase(db);
  if (accounts.length === 0) return;
  console.log('\nDemo accounts (synthetic demo data only):');
  for (const account of accounts) {
    const secondFactor = account.totpSecret ? `  second factor: TOTP secret ${account.totpSecret}` : '';
    console.log(`  ${account.username.padEnd(18)} ${account.password}  ${account.roleLabel}${secondFactor}`);
  }
  console.log('');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof CommandFailed) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
