import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { databaseUrlFor } from '../../../test/support/postgres-urls.ts';
import { TEMPLATE_DUMP_ENV } from '../../../test/support/test-fixtures.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { openPool } from '../../platform/db/pool.ts';
import { createDb, type Db } from '../../platform/db/database.ts';
import { verifyAuditChain } from '../../platform/audit/audit-chain.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';
import { backupEmbedded, BackupError, restoreEmbedded, tableRowCounts } from './backup.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

async function withDb<T>(dataDir: string, work: (db: Db) => Promise<T>): Promise<T> {
  const pool = await openPool({ dataDir });
  const db = createDb(pool);
  try {
    return await work(db);
  } finally {
    await db.destroy();
    await pool.close();
  }
}

describe.skipIf(onPostgres)('backup and restore of the embedded database', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-backup-'));
  const original = path.join(root, 'original');
  const restored = path.join(root, 'restored');
  const backupFile = path.join(root, 'frontdoor.tar.gz');
  let originalCounts: Record<string, number>;

  beforeAll(async () => {
    // The test council on disk, as `frontdoor start` would leave it, with some audit trail.
    const pool = await openPool({
      dataDir: original,
      loadDataDir: new Blob([fs.readFileSync(process.env[TEMPLATE_DUMP_ENV]!)]),
    });
    const db = createDb(pool);
    await recordTestContact(db, { receivedAt: TEST_NOW });
    await writeAudit(db, { action: 'audit.search', details: { before: 'backup' } });
    originalCounts = await tableRowCounts(db);
    await db.destroy();
    await pool.close();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('backs up, restores into an empty folder, and finds every record', async () => {
    expect(await backupEmbedded(original, backupFile)).toBeGreaterThan(0);
    await restoreEmbedded(backupFile, restored, { now: TEST_NOW });
    await withDb(restored, async (db) => {
      const counts = await tableRowCounts(db);
      // The restore itself is recorded: one audit row more (and the chain head moves on).
      expect(counts).toEqual({ ...originalCounts, audit_event: originalCounts.audit_event! + 1 });
      expect(originalCounts.person).toBeGreaterThan(1000);
      expect(await verifyAuditChain(db)).toMatchObject({
        intact: true,
        rows: originalCounts.audit_event! + 1,
      });
    });
  }, 180_000);

  it('refuses to restore over a database unless --force, which moves the old one aside', async () => {
    await expect(restoreEmbedded(backupFile, restored, { now: TEST_NOW })).rejects.toThrow(BackupError);
    await expect(restoreEmbedded(backupFile, restored, { now: TEST_NOW })).rejects.toThrow(/--force/);
    const result = await restoreEmbedded(backupFile, restored, { force: true, now: TEST_NOW });
    expect(result.movedAside && fs.existsSync(result.movedAside)).toBe(true);
  }, 180_000);

  it('says there is nothing to back up in an empty folder', async () => {
    await expect(
      backupEmbedded(path.join(root, 'nothing-here'), path.join(root, 'x.tar.gz'))
    ).rejects.toThrow(/no embedded database/);
  });
});

describe.skipIf(!onPostgres)('backup and restore of PostgreSQL with pg_dump and pg_restore (README)', () => {
  let source: TestDatabase;
  const target = `frontdoor_test_restore_${randomBytes(5).toString('hex')}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-pgdump-'));
  let admin: pg.Client;
  beforeAll(async () => {
    source = await openTestDatabase();
    await recordTestContact(source.db, { receivedAt: TEST_NOW });
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await source?.close();
    await admin?.query(`drop database if exists ${target}`);
    await admin?.end();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('restores a dump into an empty database and finds every record', async () => {
    const dump = path.join(root, 'frontdoor.dump');
    execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, `--dbname=${source.url}`]);
    await admin.query(`create database ${target}`);
    const targetUrl = databaseUrlFor(process.env.DATABASE_URL!, target);
    execFileSync('pg_restore', ['--no-owner', `--dbname=${targetUrl}`, dump]);
    const pool = await openPool({ databaseUrl: targetUrl, dataDir: '' });
    const db = createDb(pool);
    try {
      expect(await tableRowCounts(db)).toEqual(await tableRowCounts(source.db));
      expect(await verifyAuditChain(db)).toMatchObject({ intact: true });
    } finally {
      await db.destroy();
      await pool.close();
    }
  }, 180_000);
});
