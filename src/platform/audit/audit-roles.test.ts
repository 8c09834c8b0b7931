import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { TestAgent } from '../../../test/support/test-agent.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../clock.ts';
import { openPool, type DatabasePool } from '../db/pool.ts';
import { createDb, type Db } from '../db/database.ts';
import { grantServiceRole } from '../db/db-roles.ts';
import { verifyAuditChain } from './audit-chain.ts';
import { writeAudit } from './audit-log.ts';

/**
 * The service's own database role cannot rewrite the audit trail. PostgreSQL only: the embedded
 * database (PGlite) has a single role, which owns everything, so there is no separate service role to
 * test there; the hash chain (audit-chain.test.ts) detects edits on both.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('the service role on PostgreSQL (skipped on PGlite: it has one role)', () => {
  const role = `frontdoor_service_${randomBytes(5).toString('hex')}`;
  let owner: TestDatabase;
  let servicePool: DatabasePool;
  let service: Db;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create role ${role} login`);
    // The copy is made and migrated by the owner (postgres), as `frontdoor migrate` with MIGRATION_DATABASE_URL.
    owner = await openTestDatabase();
    await grantServiceRole(owner.db, role);
    await grantServiceRole(owner.db, role); // idempotent: migrate and start run it every time
    const url = new URL(owner.url!);
    url.username = role;
    servicePool = await openPool({ databaseUrl: url.toString(), dataDir: '' });
    service = createDb(servicePool);
  });

  afterAll(async () => {
    await service?.destroy();
    await servicePool?.close();
    await owner?.close();
    await admin?.query(`drop role if exists ${role}`);
    await admin?.end();
  });

  it('connects as the service role, which owns nothing', async () => {
    const { rows } = await sql<{ user: string; owned: number }>`
      select current_user as user,
        (select count(*)::int from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = current_user) as owned`.execute(
      service
    );
    expect(rows[0]).toEqual({ user: role, owned: 0 });
  });

  it.each([
    ['delete every audit row', sql`delete from audit_event`],
    [
      'change an audit row',
      sql`update audit_event set details = '{}' where id = (select min(id) from audit_event)`,
    ],
    [
      'turn off the append-only trigger',
      sql`alter table audit_event disable trigger audit_event_no_update_delete`,
    ],
    ['turn off every trigger', sql`alter table audit_event disable trigger all`],
    ['truncate the audit trail', sql`truncate audit_event`],
    ['move the chain head', sql`update audit_chain_head set seq = 0`],
    ['drop the audit trail', sql`drop table audit_event`],
    ['skip triggers for the session', sql`set session_replication_role = replica`],
  ])('is refused when it tries to %s', async (_what, statement) => {
    await expect(statement.execute(service)).rejects.toThrow(
      /permission denied|must be owner|must be superuser/
    );
  });

  it('still does the app’s normal work: sign-in, a contact recorded, audit rows written and read', async () => {
    const clock = new ManualClock(TEST_NOW);
    const app = await buildApp({ db: service, clock });
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      const agent = new TestAgent(app, clock);
      await agent.signIn('admin');
      const audit = await agent.get('/admin/audit?action=auth.sign_in');
      expect(audit.statusCode).toBe(200);
      const { contactId } = await recordTestContact(service, { receivedAt: TEST_NOW });
      expect(contactId).toBeGreaterThan(0);
      await writeAudit(service, { action: 'audit.search', details: { asService: true } });
    } finally {
      await app.close();
    }
    expect(await verifyAuditChain(service)).toMatchObject({ intact: true });
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_event where details->>'asService' = 'true'`.execute(service);
    expect(rows[0]!.n).toBe(1);
  });
});
