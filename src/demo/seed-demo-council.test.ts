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

    it('gives every decided child the records a practitioner would have made, each a step of the journey', async () => {
      const { rows } = await sql<Record<string, number>>`
        select
          (select count(*) from contact where presenting_concerns is null or consent_status is null
            or family_aware is null)::int as undescribed,
          (select count(*) from decision d where d.status = 'authorised' and not exists (
            select 1 from rag_rating r where r.contact_child_id = d.contact_child_id))::int as unrated,
          (select count(*) from decision d where d.status = 'authorised' and not exists (
            select 1 from threshold_assessment t where t.contact_child_id = d.contact_child_id))::int as unassessed,
          (select count(*) from decision d where d.status = 'authorised' and not exists (
            select 1 from journey_event j where j.contact_child_id = d.contact_child_id
              and j.kind = 'decision_authorised' and j.at = d.authorised_at))::int as unjourneyed,
          (select count(*) from referral r where exists (select 1 from involvement i where i.referral_id = r.id
            and i.team_id is not null) and not exists (select 1 from involvement i join handover h
            on h.id = i.handover_id where i.referral_id = r.id))::int as without_handover,
          (select count(*) from handover h join involvement i on i.handover_id = h.id
            where h.to_team_id <> i.team_id)::int as wrong_team,
          (select count(*) from referrer_letter where sent_at is not null)::int as letters_sent,
          (select count(*) from information_request where status = 'answered')::int as answered_requests,
          (select count(*) from information_request ir where not exists (select 1 from information_request_person p
            where p.information_request_id = ir.id and p.role = 'parent_or_carer'))::int as requests_without_parents,
          (select count(*) from information_request ir join decision d on d.contact_child_id = ir.contact_child_id
            where ir.responded_at > d.proposed_at or ir.responded_at < ir.requested_at)::int as answered_out_of_order,
          (select count(*) from (select contact_id, agency_id from information_request
            group by 1, 2 having count(*) > 1) twice)::int as asked_twice,
          (select count(*) from strategy_discussion)::int as strategy_discussions,
          (select count(*) from strategy_discussion sd where sd.chair_id is null or (select count(*)
            from strategy_attendee a where a.strategy_discussion_id = sd.id) <> 3)::int as thin_discussions,
          (select count(*) from strategy_discussion sd join contact_child cc on cc.id = sd.contact_child_id
            join contact c on c.id = cc.contact_id where sd.convened_at < c.received_at)::int as discussed_before_received,
          (select count(*) from journey_event j join rag_rating r on r.contact_child_id = j.contact_child_id
            where j.kind = 'rated' and j.at < (select c.received_at from contact c join contact_child cc
              on cc.contact_id = c.id where cc.id = j.contact_child_id))::int as rated_before_received`.execute(
        db
      );
      expect(rows[0]).toMatchObject({
        undescribed: 0,
        unrated: 0,
        unassessed: 0,
        unjourneyed: 0,
        without_handover: 0,
        wrong_team: 0,
        rated_before_received: 0,
        answered_out_of_order: 0,
        asked_twice: 0,
        thin_discussions: 0,
        discussed_before_received: 0,
      });
      expect(rows[0]!.letters_sent).toBeGreaterThan(100);
      expect(rows[0]!.answered_requests).toBeGreaterThan(100);
      // Nearly every family has a parent on record to ask about; a few households have none.
      expect(rows[0]!.requests_without_parents).toBeLessThan(Number(rows[0]!.answered_requests) / 10);
      expect(rows[0]!.strategy_discussions).toBeGreaterThan(20);
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
