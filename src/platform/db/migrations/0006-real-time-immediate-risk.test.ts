import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDb, type Db } from '../database.ts';
import { openPool } from '../pool.ts';
import { databaseUrlFor } from '../../../../test/support/postgres-urls.ts';
import { migrations } from './index.ts';

describe('migration 0006 on a running council', () => {
  it('puts red on real time, corrects open red due times and requests, and gives every discussion an owner', async () => {
    const fresh = await freshDatabase();
    try {
      const migrator = new Migrator({ db: fresh.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0005-contact-to-decision')).error).toBeUndefined();
      const settings = {
        ragTimescales: {
          red: { unit: 'working_hours', amount: 4 },
          amber: { unit: 'working_days', amount: 1 },
          green: { unit: 'working_days', amount: 3 },
        },
        decisionTimescale: { unit: 'working_days', amount: 1 },
        serviceHours: { weekdays: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' },
        closures: [],
        secondFactorRequiredRoles: [],
      };
      const db = fresh.db;
      await sql`insert into council (name, la_code, settings)
        values ('Test Council', '999', ${JSON.stringify(settings)}::jsonb)`.execute(db);
      await sql`insert into agency (name, kind) values ('Test Council', 'council'), ('Test Police', 'police')`.execute(
        db
      );
      await sql`insert into team (name, kind, agency_id) values ('Front Door', 'front_door', 1)`.execute(db);
      await sql`insert into staff_user (username, display_name, email, role, agency_id, team_id)
        values ('worker', 'A Worker', 'worker@test.example', 'front_door_practitioner', 1, 1)`.execute(db);
      // Received 06:30 on Sunday 6 December 2026: stored as due at noon on Monday (4 working hours).
      await sql`insert into contact (reference, received_at, channel, referral_source, recorded_at)
        values ('CON-1', '2026-12-06T06:30:00Z', 'phone', '2A', '2026-12-06T06:35:00Z'),
               ('CON-2', '2026-12-06T06:30:00Z', 'phone', '2A', '2026-12-06T06:35:00Z')`.execute(db);
      await sql`insert into contact_child (contact_id, status, rag, rag_due_at, decision_due_at)
        values (1, 'screening', 'red', '2026-12-07T12:00:00Z', '2026-12-08T08:00:00Z'),
               (2, 'completed', 'red', '2026-12-07T12:00:00Z', '2026-12-08T08:00:00Z')`.execute(db);
      await sql`insert into information_request (contact_child_id, agency_id, question, consent_status, due_at,
          requested_by, requested_at)
        values (1, 2, 'Known to police?', 'not_sought', '2026-12-07T12:00:00Z', 1, '2026-12-06T07:00:00Z')`.execute(
        db
      );
      await sql`insert into strategy_discussion (contact_child_id, convened_at, outcome, recorded_by, recorded_at)
        values (1, '2026-12-06T09:00:00Z', 'joint_s47', 1, '2026-12-06T09:30:00Z')`.execute(db);

      expect((await migrator.migrateTo('0006-real-time-immediate-risk')).error).toBeUndefined();

      const council = await fresh.db.selectFrom('council').select('settings').executeTakeFirstOrThrow();
      expect(council.settings.ragTimescales.red).toEqual({ unit: 'hours', amount: 4 });
      const children = await fresh.db
        .selectFrom('contact_child')
        .select(['status', 'rag_due_at'])
        .orderBy('id')
        .execute();
      expect(children.map((child) => child.rag_due_at?.toISOString())).toEqual([
        '2026-12-06T10:30:00.000Z', // open: 4 real hours after receipt
        '2026-12-07T12:00:00.000Z', // completed: history left as it was
      ]);
      const request = await fresh.db
        .selectFrom('information_request')
        .select('due_at')
        .executeTakeFirstOrThrow();
      expect(request.due_at.toISOString()).toBe('2026-12-06T10:30:00.000Z');
      const discussion = await fresh.db
        .selectFrom('strategy_discussion')
        .select(['team_id', 'worker_id'])
        .executeTakeFirstOrThrow();
      expect(discussion).toEqual({ team_id: 1, worker_id: 1 });
    } finally {
      await fresh.close();
    }
  }, 180_000);
});

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
