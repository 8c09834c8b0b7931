import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../platform/config/config.ts';
import type { Db } from '../platform/db/database.ts';
import { verifyAuditChain } from '../platform/audit/audit-chain.ts';
import {
  purgeExpiredRecords,
  retentionDryRun,
  type RetentionReport,
} from '../modules/data-protection/retention.ts';
import { ruleByCode } from '../modules/data-protection/retention-rules.ts';
import { administratorNamed, releaseLegalHold, setLegalHold } from '../modules/data-protection/legal-hold.ts';
import { subjectAccessExport } from '../modules/data-protection/subject-access.ts';
import { backupEmbedded, restoreEmbedded } from '../modules/data-protection/backup.ts';

/** A mistake in the command line: shown with the usage, exit code 2. */
export class UsageError extends Error {}
/** The command ran and found a problem (e.g. a broken audit chain): exit code 1. */
export class CommandFailed extends Error {}

type WithDatabase = (work: (db: Db) => Promise<void>) => Promise<void>;

export async function auditCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  if (args[0] !== 'verify')
    throw new UsageError(`Unknown audit command '${args[0] ?? ''}': use 'audit verify'.`);
  await withDatabase(async (db) => {
    const verdict = await verifyAuditChain(db);
    if (verdict.intact) {
      console.log(
        `The audit trail is intact: ${verdict.rows.toLocaleString('en-GB')} rows chained; last hash ${verdict.headHash}.`
      );
      return;
    }
    throw new CommandFailed(
      verdict.brokenRowId === null
        ? `The audit trail is broken after ${verdict.rows} intact rows: ${verdict.problem}.`
        : `The audit trail is broken at audit row ${verdict.brokenRowId}` +
            `${verdict.chainSeq === null ? '' : ` (position ${verdict.chainSeq} in the chain)`}: ${verdict.problem}. ` +
            `The ${verdict.rows} ${verdict.rows === 1 ? 'row' : 'rows'} before it ${verdict.rows === 1 ? 'is' : 'are'} intact.`
    );
  });
}

export async function retentionCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } } });
  await withDatabase(async (db) => {
    const now = new Date();
    const report = values['dry-run']
      ? await retentionDryRun(db, now)
      : await purgeExpiredRecords(db, { now });
    printRetentionReport(report);
  });
}

function printRetentionReport(report: RetentionReport): void {
  const verb = report.dryRun ? 'would be deleted' : 'deleted';
  console.log(
    `${report.dryRun ? 'Dry run: nothing was changed. ' : ''}${report.evaluated.toLocaleString('en-GB')} children's records looked at on ${report.today}; ${report.due.length} ${verb}.`
  );
  for (const verdict of report.due) {
    const rule = ruleByCode(verdict.rule);
    console.log(
      `  person ${verdict.personId}: ${rule.recordType}, kept ${rule.period} (until ${verdict.keepUntil}): ${verb}`
    );
  }
  for (const verdict of report.heldBack)
    console.log(
      `  person ${verdict.personId}: past its retention date (${verdict.keepUntil}) but kept: ${verdict.keptBecause === 'legal_hold' ? 'legal hold' : 'work still open'}`
    );
  if (!report.dryRun)
    console.log(
      `Also deleted: ${report.contactsDeleted?.length ?? 0} contacts with no child left, ${report.adultsDeleted?.length ?? 0} adults named only in them. Tombstones and an audit row record each.`
    );
}

export async function holdCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      person: { type: 'string' },
      reason: { type: 'string' },
      by: { type: 'string' },
      release: { type: 'boolean' },
    },
  });
  const personId = wholeNumber('person', values.person);
  if (!values.reason) throw new UsageError('--reason is required: why the hold is set (or released).');
  if (!values.by) throw new UsageError('--by is required: the username of the administrator responsible.');
  await withDatabase(async (db) => {
    const admin = await administratorNamed(db, values.by!);
    const input = { personId, reason: values.reason!, byUserId: admin.id, now: new Date() };
    if (values.release) {
      await releaseLegalHold(db, input);
      console.log(`The legal hold on person ${personId} is released; retention rules apply again.`);
    } else {
      const holdId = await setLegalHold(db, input);
      console.log(
        `Person ${personId} is on legal hold (hold ${holdId}): retention will not delete their record.`
      );
    }
  });
}

export async function sarCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { person: { type: 'string' }, out: { type: 'string' }, by: { type: 'string' } },
  });
  const personId = wholeNumber('person', values.person);
  if (!values.out) throw new UsageError('--out FILE.json is required.');
  if (!values.by) throw new UsageError('--by is required: the username of the administrator responsible.');
  await withDatabase(async (db) => {
    const admin = await administratorNamed(db, values.by!);
    const exported = await subjectAccessExport(db, { personId, byUserId: admin.id, now: new Date() });
    fs.writeFileSync(values.out!, JSON.stringify(exported, null, 2), { mode: 0o600 });
    const rows = Object.values(exported.records).reduce((sum, table) => sum + table.length, 0);
    console.log(
      `Wrote ${values.out}: ${rows} records about person ${personId}; third parties' details are marked "redact": true for review.`
    );
  });
}

export async function backupCommand(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new UsageError('--out FILE is required, e.g. --out frontdoor-2026-11-20.tar.gz');
  if (config.DATABASE_URL)
    throw new CommandFailed(
      'DATABASE_URL is set: back up PostgreSQL with pg_dump and WAL archiving (README, "Backup and restore").'
    );
  const bytes = await backupEmbedded(config.DATA_DIR, values.out);
  console.log(
    `Backed up the embedded database in ${config.DATA_DIR} to ${values.out} (${bytes.toLocaleString('en-GB')} bytes).`
  );
}

export async function restoreCommand(args: string[], config: Config): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('Name the backup file: frontdoor restore FILE [--force]');
  if (config.DATABASE_URL)
    throw new CommandFailed(
      'DATABASE_URL is set: restore PostgreSQL with pg_restore or point-in-time recovery (README, "Backup and restore").'
    );
  const result = await restoreEmbedded(file, config.DATA_DIR, { force: values.force, now: new Date() });
  console.log(
    `Restored ${file} into ${config.DATA_DIR}${result.movedAside ? `; the previous database was moved to ${result.movedAside}` : ''}.`
  );
}

function wholeNumber(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value <= 0 || value > 2_147_483_647)
    throw new UsageError(`--${name} must be a record id (a whole number), not '${raw ?? ''}'.`);
  return value;
}
