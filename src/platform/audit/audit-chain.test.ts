import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { databaseUrlFor } from '../../../test/support/postgres-urls.ts';
import { openPool } from '../db/pool.ts';
import { createDb, migrateToLatest, type Db } from '../db/database.ts';
import { migrations } from '../db/migrations/index.ts';
import { writeAudit } from './audit-log.ts';
import { auditRowHash, canonicalAuditText, verifyAuditChain, type ChainedRow } from './audit-chain.ts';
import { auditCommand, CommandFailed } from '../../cli/data-protection-commands.ts';

/** As a database administrator would: the append-only triggers off, one statement, triggers back on. */
async function asAdministratorWithTriggersOff(db: Db, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger audit_event_no_update_delete`.execute(trx);
    await statement.execute(trx);
    await sql`alter table audit_event enable trigger audit_event_no_update_delete`.execute(trx);
  });
}

async function lastAuditIds(db: Db, count: number): Promise<number[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select('id')
    .orderBy('chain_seq', 'desc')
    .limit(count)
    .execute();
  return rows.map((row) => row.id).reverse();
}

describe('the audit trail is a hash chain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.signedIn('admin');
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++)
        await writeAudit(trx, {
          action: 'audit.search',
          recordType: 'audit_event',
          details: { page: i, note: 'naïve "quoted" | text' },
        });
    });
  });
  afterAll(() => t?.close());

  it('seals every row at commit with the hash of the one before, and the chain verifies', async () => {
    const verdict = await verifyAuditChain(t.db);
    const { count } = await t.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(verdict).toMatchObject({ intact: true, rows: Number(count) });
    expect(Number(count)).toBeGreaterThan(5);
    const unsealed = await t.db.selectFrom('audit_event').select('id').where('hash', 'is', null).execute();
    expect(unsealed).toEqual([]);
  });

  it('computes the same hash in the database and in the verifier', async () => {
    const { rows } = await sql<ChainedRow & { db_canonical: string }>`
      select chain_seq::text, id::text,
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
        event_class, action, actor_user_id::text, actor_role, actor_agency_id::text,
        record_type, record_id, reason, ip, request_id, details::text as details, prev_hash, hash,
        audit_event_canonical(e) as db_canonical
      from audit_event e order by chain_seq desc limit 3`.execute(t.db);
    for (const row of rows) {
      expect(canonicalAuditText(row)).toBe(row.db_canonical);
      expect(auditRowHash(row)).toBe(row.hash);
    }
  });

  it('keeps one unbroken chain when many transactions write at once', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.db.transaction().execute(async (trx) => {
          await writeAudit(trx, { action: 'audit.search', details: { writer: i, row: 1 } });
          await writeAudit(trx, { action: 'audit.search', details: { writer: i, row: 2 } });
        })
      )
    );
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true });
  });

  it('refuses a chain position or hash supplied by the writer', async () => {
    await sql`insert into audit_event (event_class, action, chain_seq, prev_hash, hash)
      values ('admin', 'audit.search', 1, 'forged', 'forged')`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true });
  });

  it('reports the row whose details an administrator edited, and `audit verify` fails naming it', async () => {
    const [edited] = await lastAuditIds(t.db, 3);
    await asAdministratorWithTriggersOff(
      t.db,
      sql`update audit_event set details = '{"page": 99}' where id = ${edited}`
    );
    const verdict = await verifyAuditChain(t.db);
    expect(verdict).toMatchObject({ intact: false, brokenRowId: edited });
    expect(verdict.intact === false && verdict.problem).toMatch(/no longer match its hash/);
    await expect(auditCommand(['verify'], (work) => work(t.db))).rejects.toThrow(
      new RegExp(`broken at audit row ${edited} `)
    );
    await expect(auditCommand(['verify'], (work) => work(t.db))).rejects.toBeInstanceOf(CommandFailed);
  });
});

describe('the chain notices rows removed or slipped in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.signedIn('admin');
    for (let i = 0; i < 3; i++) await writeAudit(t.db, { action: 'audit.search', details: { i } });
  });
  afterAll(() => t?.close());

  it('reports the row after one removed from the middle', async () => {
    const [, removed, after] = await lastAuditIds(t.db, 3);
    await asAdministratorWithTriggersOff(t.db, sql`delete from audit_event where id = ${removed}`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: false, brokenRowId: after });
  });
});

describe('the chain notices rows removed from the end or added outside it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.signedIn('admin');
  });
  afterAll(() => t?.close());

  it('reports rows removed from the end against the chain head', async () => {
    const [last] = await lastAuditIds(t.db, 1);
    await asAdministratorWithTriggersOff(t.db, sql`delete from audit_event where id = ${last}`);
    const verdict = await verifyAuditChain(t.db);
    expect(verdict).toMatchObject({ intact: false, brokenRowId: null });
    expect(verdict.intact === false && verdict.problem).toMatch(/removed from the end/);
  });

  it('reports a row inserted with every trigger off', async () => {
    const id = await t.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      const { rows } = await sql<{ id: number }>`insert into audit_event (event_class, action)
        values ('admin', 'audit.search') returning id`.execute(trx);
      return rows[0]!.id;
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ intact: false, brokenRowId: Number(id) });
  });
});

describe('migration 0011 on a database that already has an audit trail', () => {
  it('chains the existing rows in order', async () => {
    const fresh = await freshDatabase();
    try {
      await migrateToJustBefore(fresh.db, '0011-audit-chain-and-retention');
      for (let i = 0; i < 30; i++)
        await writeAudit(
          fresh.db,
          { action: 'audit.search', details: { i } },
          new Date(Date.UTC(2026, 0, 1, 0, 0, i))
        );
      await migrateToLatest(fresh.db);
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ intact: true, rows: 30 });
      const first = await fresh.db
        .selectFrom('audit_event')
        .select(['chain_seq', 'prev_hash'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      expect(first).toEqual({ chain_seq: 1, prev_hash: '0'.repeat(64) });
    } finally {
      await fresh.close();
    }
  }, 180_000);
});

describe('migration 0043 (the canonical text as one expression)', () => {
  it('continues a chain sealed before it, with the same text for every row', async () => {
    const fresh = await freshDatabase();
    try {
      await migrateToJustBefore(fresh.db, '0043-audit-canonical-text-kept-planned');
      const write = (i: number) =>
        writeAudit(fresh.db, {
          action: 'audit.search',
          reason: i % 2 ? 'naïve | "quoted": text' : undefined,
          details: { i, note: 'ünïcode | : text' },
        });
      for (let i = 0; i < 10; i++) await write(i);
      const sealedBefore = await sql<{ canonical: string }>`
        select audit_event_canonical(e) as canonical from audit_event e order by chain_seq`.execute(fresh.db);
      await migrateToLatest(fresh.db);
      for (let i = 10; i < 20; i++) await write(i);
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ intact: true, rows: 20 });
      const sealedAfter = await sql<{ canonical: string }>`
        select audit_event_canonical(e) as canonical from audit_event e order by chain_seq limit 10`.execute(
        fresh.db
      );
      expect(sealedAfter.rows).toEqual(sealedBefore.rows);
    } finally {
      await fresh.close();
    }
  }, 180_000);
});

async function migrateToJustBefore(db: Db, migration: string): Promise<void> {
  const names = Object.keys(migrations);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(names[names.indexOf(migration) - 1]!);
  expect(error).toBeUndefined();
}

/** An empty database (no migrations), in memory or on the PostgreSQL test server. */
async function freshDatabase(): Promise<{ db: Db; close(): Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pool = await openPool({ dataDir: 'memory://' });
    const db = createDb(pool);
    return { db, close: () => db.destroy().then(() => pool.close()) };
  }
  const name = `frontdoor_test_fresh_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const pool = await openPool({ databaseUrl: databaseUrlFor(databaseUrl, name), dataDir: '' });
  const db = createDb(pool);
  return {
    db,
    close: async () => {
      await db.destroy();
      await pool.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}
