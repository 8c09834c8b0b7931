import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../platform/auth/password.ts';
import { createDb, migrateToLatest, type Db } from '../platform/db/database.ts';
import { openPool, type DatabasePool } from '../platform/db/pool.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccountsInDatabase } from './demo-accounts.ts';
import { isDatabaseEmpty, seedDemoCouncil, type SeedSummary } from './seed-demo-council.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const OPTIONS = { seed: 5, children: 2000, contactsPerYear: 1500, years: 2, now: NOW };

/** Seeds a fresh database and checks what a demo user and the rest of the app rely on. */
function describeSeeding(
  name: string,
  open: () => Promise<{ pool: DatabasePool; dispose?: () => Promise<void> }>
) {
  describe(name, () => {
    let db: Db;
    let pool: DatabasePool;
    let dispose: (() => Promise<void>) | undefined;
    let summary: SeedSummary;
    const stages = new Set<string>();

    beforeAll(async () => {
      ({ pool, dispose } = await open());
      db = createDb(pool);
      await migrateToLatest(db);
      expect(await isDatabaseEmpty(db)).toBe(true);
      summary = await seedDemoCouncil(db, { ...OPTIONS, onProgress: (stage) => stages.add(stage) });
    });

    afterAll(async () => {
      await db?.destroy();
      await pool?.close();
      await dispose?.();
    });

    const count = async (
      table: 'person' | 'contact' | 'contact_child' | 'referral' | 'staff_user' | 'decision'
    ) => Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    it('saves what it reports, with every row consistent', async () => {
      expect(await isDatabaseEmpty(db)).toBe(false);
      expect(summary.children).toBe(2000);
      expect(await count('person')).toBe(summary.people);
      expect(await count('contact')).toBe(summary.contacts);
      expect(await count('referral')).toBe(summary.referrals);
      expect(await count('contact_child')).toBeGreaterThanOrEqual(3000);
      expect(await count('decision')).toBeGreaterThan(2900);
      const { rows } = await sql<{ problems: number }>`
        select
          (select count(*) from contact_child cc join contact c on c.id = cc.contact_id
            where cc.completed_at < c.received_at or cc.decision_due_at < c.received_at)
          + (select count(*) from contact where recorded_at < received_at)
          + (select count(*) from decision where authorised_at < proposed_at)
          + (select count(*) from decision where outcomes <> array[outcome])
          + (select count(*) from person where nhs_number is not null and nhs_number not like '999%')
          + (select count(*) from staff_user where not is_demo)
          + (select count(*) from referral r where r.is_rereferral <> exists (
              select 1 from referral p where p.person_id = r.person_id and p.id < r.id
                and p.referral_date >= r.referral_date - interval '1 year'))
          as problems`.execute(db);
      expect(Number(rows[0]?.problems)).toBe(0);
      expect(stages.size).toBeGreaterThan(5);
    });

    it('creates the demo accounts with the demo password, and the manager with a second factor', async () => {
      expect(summary.accounts.map((account) => account.username).sort()).toEqual(
        DEMO_ACCOUNTS.map((account) => account.username).sort()
      );
      const staff = await db
        .selectFrom('staff_user')
        .selectAll()
        .where(
          'username',
          'in',
          DEMO_ACCOUNTS.map((a) => a.username)
        )
        .execute();
      expect(staff).toHaveLength(DEMO_ACCOUNTS.length);
      for (const member of staff) {
        expect(member.is_demo).toBe(true);
        expect(await verifyPassword(member.password_hash!, DEMO_PASSWORD)).toBe(true);
      }
      const manager = staff.find((member) => member.username === 'manager')!;
      expect(manager).toMatchObject({
        role: 'team_manager',
        totp_enabled: true,
        totp_secret: DEMO_TOTP_SECRET,
      });
      const printable = await demoAccountsInDatabase(db);
      expect(printable.find((account) => account.username === 'manager')?.totpSecret).toBe(DEMO_TOTP_SECRET);
      expect(printable.find((account) => account.username === 'partner.police')?.roleLabel).toBe(
        'Partner agency practitioner'
      );
    });

    it('keeps identity sequences after the seeded rows, so the app can add more', async () => {
      const added = await db
        .insertInto('person')
        .values({ given_name: 'Test', family_name: 'Person', sex: 'U' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(added.id).toBe(summary.people + 1);
    });

    it('refuses to seed a second time', async () => {
      await expect(seedDemoCouncil(db, OPTIONS)).rejects.toThrow(/already has a council/);
    });
  });
}

describeSeeding('seeding the demo council into PGlite', async () => ({
  pool: await openPool({ dataDir: 'memory://' }),
}));

const serverUrl = process.env.DATABASE_URL;
describe.runIf(serverUrl)('on a PostgreSQL server', () => {
  describeSeeding('seeding the demo council into PostgreSQL', async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const database = `seed_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${database}`);
    const url = new URL(serverUrl as string);
    url.pathname = `/${database}`;
    const pool = await openPool({ databaseUrl: url.toString(), dataDir: '' });
    return {
      pool,
      dispose: async () => {
        await admin.query(`drop database if exists ${database}`);
        await admin.end();
      },
    };
  });
});
