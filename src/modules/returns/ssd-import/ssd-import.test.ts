import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../test/support/test-database.ts';
import { openEmptyDatabase, type EmptyDatabase } from '../../../../test/support/empty-app.ts';
import { TEST_NOW } from '../../../../test/support/test-fixtures.ts';
import type { Db } from '../../../platform/db/database.ts';
import { initialiseCouncil } from '../../administration/set-up/council-initialisation.ts';
import { buildCensus } from '../returns.service.ts';
import { exportSsd } from '../ssd/ssd-export.ts';
import { importSsd, readSsdFiles } from './ssd-import.ts';

/*
 * The round trip of issue 18: the demo council exported as the Standard Safeguarding Dataset and
 * imported into a newly set-up council gives the same person index, history and CIN census.
 */

let demo: TestDatabase;
let council: EmptyDatabase;
let extract: string;
let adminId: number;

async function setUpCouncil(db: Db): Promise<number> {
  await initialiseCouncil(
    db,
    {
      councilName: 'Westshire Council',
      adminEmail: 'ada.admin@westshire.example',
      adminName: 'Ada Admin',
      laCode: '999',
    },
    TEST_NOW
  );
  return (await db.selectFrom('staff_user').select('id').executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  [demo, council] = await Promise.all([openTestDatabase(), openEmptyDatabase()]);
  extract = fs.mkdtempSync(path.join(os.tmpdir(), 'ssd-import-'));
  await exportSsd(demo.db, extract);
  adminId = await setUpCouncil(council.db);
}, 120_000);

afterAll(async () => {
  fs.rmSync(extract, { recursive: true, force: true });
  await Promise.all([demo?.close(), council?.close()]);
});

/** Front Door id to source (demo) id, for one kind of record. */
async function sourceIdsOf(db: Db, sourceTable: string): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('imported_record')
    .where('source_table', '=', sourceTable)
    .select(['source_id', 'record_id'])
    .execute();
  return new Map(rows.map((row) => [row.record_id, row.source_id]));
}

/** The person index as the round trip compares it, by the id in the demo council. */
async function personIndex(db: Db, idOf: (id: number) => string, onlyIds?: Set<string>) {
  const rows = await db
    .selectFrom('person')
    .where('merged_into_id', 'is', null)
    .select([
      'id',
      'given_name',
      'family_name',
      'date_of_birth',
      'expected_date_of_birth',
      'sex',
      'ethnicity',
      'nhs_number',
      'upn',
      'former_upn',
      'upn_unknown_reason',
      'date_of_death',
      'disabilities',
    ])
    .execute();
  return rows
    .map(({ id, ...person }) => ({ ...person, id: idOf(id), disabilities: person.disabilities ?? [] }))
    .filter((person) => !onlyIds || onlyIds.has(person.id))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Contacts, referrals, assessments, enquiries and plans, as tuples keyed by the child's demo id. */
async function history(db: Db, idOf: (id: number) => string) {
  const rows = await sql<{ kind: string; person_id: number; facts: string }>`
    select 'contact' as kind, cc.person_id, concat_ws('|', c.received_at, c.referral_source) as facts
      from contact_child cc join contact c on c.id = cc.contact_id
      join person p on p.id = cc.person_id where p.merged_into_id is null
    union all select 'referral', e.person_id, concat_ws('|', e.referral_date, e.referral_source, e.primary_need_code,
      e.referral_nfa, e.closure_date, e.closure_reason) from cin_episode e
    union all select 'assessment', e.person_id, concat_ws('|', e.referral_date, a.started_on, a.authorised_on,
      a.outcome, a.factors::text) from cin_assessment a join cin_episode e on e.id = a.episode_id
    union all select 's47', e.person_id, concat_ws('|', e.referral_date, s.started_on, s.completed_on, s.outcome)
      from section_47_enquiry s join cin_episode e on e.id = s.episode_id
    union all select 'cin plan', e.person_id, concat_ws('|', e.referral_date, p.started_on, p.ended_on)
      from cin_plan p join cin_episode e on e.id = p.episode_id
    union all select 'cp plan', e.person_id, concat_ws('|', e.referral_date, p.started_on, p.ended_on,
      p.initial_category, p.latest_category) from child_protection_plan p join cin_episode e on e.id = p.episode_id
    union all select 'conference', e.person_id, concat_ws('|', e.referral_date, c.kind, c.held_on, c.resulted_in_plan)
      from child_protection_conference c join cin_episode e on e.id = c.episode_id`.execute(db);
  return rows.rows.map((row) => `${row.kind}|${idOf(row.person_id)}|${row.facts}`).sort();
}

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = [
    'person',
    'contact',
    'cin_episode',
    'cin_assessment',
    'section_47_enquiry',
    'child_protection_plan',
    'child_protection_conference',
    'cin_plan',
    'involvement',
    'household_member',
    'imported_record',
    'audit_event',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables)
    counts[table] = Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n
    );
  return counts;
}

describe('importing the Standard Safeguarding Dataset', () => {
  let first: Awaited<ReturnType<typeof importSsd>>;

  beforeAll(async () => {
    first = await importSsd(council.db, readSsdFiles(extract), { byUserId: adminId, now: TEST_NOW });
  }, 120_000);

  it('imports the demo council with nothing refused', () => {
    expect(first.outcome === 'refused' ? first.refusals.slice(0, 5) : []).toEqual([]);
    expect(first.outcome).toBe('imported');
  });

  it('gives the same person index: names, dates of birth, sex and identifiers', async () => {
    const imported = await sourceIdsOf(council.db, 'ssd_person');
    const after = await personIndex(council.db, (id) => imported.get(id)!);
    const before = await personIndex(demo.db, String, new Set(imported.values()));
    expect(after.length).toBeGreaterThan(100);
    expect(after.length).toBe(imported.size);
    expect(after).toEqual(before);
  });

  it('gives the same history: contacts, referrals, assessments, enquiries, plans and conferences', async () => {
    const imported = await sourceIdsOf(council.db, 'ssd_person');
    const exported = new Set(imported.values());
    const before = (await history(demo.db, String)).filter((row) => exported.has(row.split('|')[1]!));
    const after = await history(council.db, (id) => imported.get(id)!);
    expect(after.length).toBeGreaterThan(1000);
    expect(after).toEqual(before);
  });

  it('gives the same CIN census', async () => {
    const imported = await sourceIdsOf(council.db, 'ssd_person');
    for (const year of [2025, 2026]) {
      const before = await buildCensus(demo.db, year, TEST_NOW);
      const after = await buildCensus(council.db, year, TEST_NOW);
      for (const child of after.Children)
        child.ChildIdentifiers.LAchildID = imported.get(Number(child.ChildIdentifiers.LAchildID))!;
      const byId = (census: typeof before) =>
        [...census.Children].sort((a, b) =>
          String(a.ChildIdentifiers.LAchildID).localeCompare(String(b.ChildIdentifiers.LAchildID))
        );
      expect(before.Children.length).toBeGreaterThan(50);
      expect(after.Header).toEqual(before.Header);
      expect(byId(after)).toEqual(byId(before));
    }
  });

  it('records one audit row for the import, with counts and no personal data', async () => {
    const rows = await council.db
      .selectFrom('audit_event')
      .where('action', '=', 'history.import')
      .select(['actor_user_id', 'details'])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_user_id).toBe(adminId);
    const details = rows[0]!.details as { rowsPerTable: Record<string, number> };
    expect(details.rowsPerTable.person).toBeGreaterThan(100);
    const someone = await council.db.selectFrom('person').select('family_name').executeTakeFirstOrThrow();
    expect(JSON.stringify(details)).not.toContain(someone.family_name);
  });

  it('changes nothing when the same extract is imported again', async () => {
    const before = await tableCounts(council.db);
    const again = await importSsd(council.db, readSsdFiles(extract), { byUserId: adminId, now: TEST_NOW });
    expect(again.outcome).toBe('imported');
    if (again.outcome === 'imported')
      expect(Object.values(again.rowsPerTable).every((n) => n === 0)).toBe(true);
    const after = await tableCounts(council.db);
    expect({ ...after, audit_event: 0 }).toEqual({ ...before, audit_event: 0 });
  });

  it('adds a later extract’s new rows only, without repeating a family membership already held', async () => {
    const families = readSsdFiles(extract).ssd_family!;
    const [header, member] = [families[0]!, families[1]!];
    const renamed = header.map((field, index) => (field === 'fami_table_id' ? 'later-1' : member[index]!));
    const result = await importSsd(
      council.db,
      { ssd_person: [readSsdFiles(extract).ssd_person![0]!], ssd_family: [header, renamed] },
      { byUserId: adminId, now: TEST_NOW }
    );
    expect(result).toMatchObject({
      outcome: 'imported',
      rowsPerTable: { household: 0, household_member: 0 },
    });
    const mapped = await sourceIdsOf(council.db, 'ssd_family');
    expect([...mapped.values()]).toContain('later-1');
  });

  it('refuses a whole extract with one bad row, changing nothing, and says where the row is', async () => {
    const empty = await openEmptyDatabase();
    try {
      const admin = await setUpCouncil(empty.db);
      const files = readSsdFiles(extract);
      const episodes = files.ssd_cin_episodes!;
      const dateAt = episodes[0]!.indexOf('cine_referral_date');
      episodes[3] = episodes[3]!.map((value, index) => (index === dateAt ? '2025-02-30' : value));
      const before = await tableCounts(empty.db);
      const result = await importSsd(empty.db, files, { byUserId: admin, now: TEST_NOW });
      expect(result).toEqual({
        outcome: 'refused',
        refusals: [
          {
            file: 'ssd_cin_episodes.csv',
            row: 4,
            column: 'cine_referral_date',
            reason: 'is not a real date',
          },
        ],
      });
      expect(await tableCounts(empty.db)).toEqual(before);
    } finally {
      await empty.close();
    }
  }, 120_000);

  it('offers imported people who may already be in the index as likely duplicates, merging none', async () => {
    const files = readSsdFiles(extract);
    const few = new Set(files.ssd_person!.slice(1, 6).map((row) => row[0]!));
    const people = [files.ssd_person![0]!, ...files.ssd_person!.slice(1).filter((row) => few.has(row[0]!))];
    const renumbered = people.map((row, index) => (index === 0 ? row : [`old-${row[0]}`, ...row.slice(1)]));
    const pairsBefore = await demo.db.selectFrom('duplicate_pair').select('id').execute();
    const result = await importSsd(
      demo.db,
      { ssd_person: renumbered },
      { byUserId: await firstAdmin(demo.db), now: TEST_NOW }
    );
    expect(result.outcome).toBe('imported');
    if (result.outcome !== 'imported') return;
    expect(result.duplicatesOffered).toBeGreaterThanOrEqual(few.size);
    const imported = await sourceIdsOf(demo.db, 'ssd_person');
    const pairs = await demo.db
      .selectFrom('duplicate_pair')
      .where('id', 'not in', pairsBefore.length ? pairsBefore.map((pair) => pair.id) : [0])
      .select(['first_person_id', 'second_person_id'])
      .execute();
    for (const id of few)
      expect(pairs).toContainEqual({
        first_person_id: Number(id),
        second_person_id: [...imported].find(([, source]) => source === `old-${id}`)![0],
      });
    const merged = await demo.db
      .selectFrom('person')
      .where('merged_into_id', 'is not', null)
      .select('id')
      .execute();
    expect(merged.every((person) => !imported.has(person.id))).toBe(true);
  });
});

async function firstAdmin(db: Db): Promise<number> {
  return (
    await db
      .selectFrom('staff_user')
      .where('role', '=', 'administrator')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
}
