import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../test/support/test-database.ts';
import { exportSsd } from './ssd-export.ts';
import { SSD_TABLES } from './ssd-tables.ts';

let database: TestDatabase;
let outDir: string;
beforeAll(async () => {
  database = await openTestDatabase();
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssd-'));
});
afterAll(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  await database.close();
});

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  return records;
}

function readTable(name: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(outDir, `${name}.csv`), 'utf8'));
  return rows.map((row) => Object.fromEntries(header!.map((field, index) => [field, row[index]!])));
}

/** A child of the test council with a contact, and its onward records: one of each kind. */
async function recordOnwardWork(): Promise<{ personId: number; episodeId: number }> {
  const { db } = database;
  const child = await db
    .selectFrom('contact_child')
    .where('person_id', 'is not', null)
    .select(['id', 'person_id', 'worker_id'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const worker = await db.selectFrom('staff_user').select('id').orderBy('id').executeTakeFirstOrThrow();
  const recorded = { recorded_by: worker.id, recorded_at: new Date('2026-01-05T10:00:00Z') };
  const personId = child.person_id!;
  await db
    .updateTable('person')
    .set({ disabilities: ['HAND', 'VIS'] })
    .where('id', '=', personId)
    .execute();
  const episode = await db
    .insertInto('cin_episode')
    .values({
      person_id: personId,
      contact_child_id: child.id,
      referral_date: '2026-01-05',
      referral_source: '2A',
      primary_need_code: 'N1',
      ...recorded,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const episodeId = episode.id;
  await db
    .insertInto('cin_assessment')
    .values([
      {
        episode_id: episodeId,
        started_on: '2026-01-05',
        child_seen_on: '2026-01-07',
        authorised_on: '2026-02-10',
        factors: ['3B', '4B'],
        outcome: 'strategy_discussion',
        ...recorded,
      },
      { episode_id: episodeId, started_on: '2026-03-01', ...recorded },
    ])
    .execute();
  const enquiry = await db
    .insertInto('section_47_enquiry')
    .values({
      episode_id: episodeId,
      started_on: '2026-02-11',
      icpc_target_on: '2026-03-04',
      completed_on: '2026-02-25',
      outcome: 'icpc',
      ...recorded,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const plan = await db
    .insertInto('child_protection_plan')
    .values({
      episode_id: episodeId,
      started_on: '2026-03-03',
      initial_category: 'EMO',
      latest_category: 'NEG',
      ...recorded,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('child_protection_conference')
    .values([
      {
        episode_id: episodeId,
        kind: 'initial',
        held_on: '2026-03-03',
        section_47_enquiry_id: enquiry.id,
        resulted_in_plan: true,
        ...recorded,
      },
      {
        episode_id: episodeId,
        kind: 'review',
        held_on: '2026-06-02',
        child_protection_plan_id: plan.id,
        ...recorded,
      },
    ])
    .execute();
  await db
    .insertInto('cin_plan')
    .values({ episode_id: episodeId, started_on: '2026-02-12', ended_on: '2026-03-03', ...recorded })
    .execute();
  await db
    .insertInto('early_help_record')
    .values({
      person_id: personId,
      kind: 'episode',
      started_on: '2025-11-03',
      organisation: 'Family Hub, "North", Ward 3',
      ...recorded,
    })
    .execute();
  return { personId, episodeId };
}

async function count(query: ReturnType<typeof sql<{ count: number }>>): Promise<number> {
  const { rows } = await query.execute(database.db);
  return rows[0]!.count;
}

describe('exportSsd', () => {
  it('writes each table with the exact header and one row per record', async () => {
    const { personId, episodeId } = await recordOnwardWork();
    const written = await exportSsd(database.db, outDir);

    for (const table of SSD_TABLES) {
      const [header] = parseCsv(fs.readFileSync(path.join(outDir, `${table.name}.csv`), 'utf8'));
      expect(header).toEqual(table.fields);
      expect(readTable(table.name)).toHaveLength(written[table.name]!);
    }
    const direct = {
      ssd_person:
        await count(sql`select count(distinct coalesce(p.merged_into_id, p.id))::int as count from person p
        where exists (select 1 from contact_child cc where cc.person_id = p.id)
           or exists (select 1 from cin_episode e where e.person_id = p.id)
           or exists (select 1 from early_help_record h where h.person_id = p.id)
           or exists (select 1 from involvement i where i.person_id = p.id)`),
      ssd_contacts: await count(
        sql`select count(*)::int as count from contact_child where person_id is not null`
      ),
      ssd_cin_episodes: await count(sql`select count(*)::int as count from cin_episode`),
      ssd_cin_assessments: await count(sql`select count(*)::int as count from cin_assessment`),
      ssd_assessment_factors: await count(
        sql`select count(*)::int as count from cin_assessment where cardinality(factors) > 0`
      ),
      ssd_s47_enquiry: await count(sql`select count(*)::int as count from section_47_enquiry`),
      ssd_initial_cp_conference: await count(
        sql`select count(*)::int as count from child_protection_conference where kind = 'initial'`
      ),
      ssd_cp_plans: await count(sql`select count(*)::int as count from child_protection_plan`),
      ssd_cp_reviews: await count(
        sql`select count(*)::int as count from child_protection_conference where kind = 'review'`
      ),
      ssd_cin_plans: await count(sql`select count(*)::int as count from cin_plan`),
      ssd_early_help_episodes: await count(sql`select count(*)::int as count from early_help_record`),
      ssd_involvements: await count(sql`select count(*)::int as count from involvement`),
      ssd_department: await count(
        sql`select count(*)::int as count from team t join agency a on a.id = t.agency_id where a.kind = 'council'`
      ),
    };
    for (const [name, rows] of Object.entries(direct))
      expect({ name, rows: written[name] }).toEqual({ name, rows });
    expect(written.ssd_person).toBeGreaterThan(0);
    expect(written.ssd_contacts).toBeGreaterThan(0);

    const id = String(personId);
    const person = readTable('ssd_person').find((row) => row.pers_person_id === id)!;
    expect(person.pers_dob).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
    expect(person.pers_gender).toBe('');
    expect(
      readTable('ssd_disability')
        .filter((row) => row.disa_person_id === id)
        .map((row) => row.disa_disability_code)
    ).toEqual(['HAND', 'VIS']);

    const ours = (rows: Record<string, string>[], field: string) =>
      rows.filter((row) => row[field] === String(episodeId));
    const [episode] = ours(readTable('ssd_cin_episodes'), 'cine_referral_id');
    expect(episode).toMatchObject({
      cine_person_id: id,
      cine_referral_date: '2026-01-05',
      cine_referral_source_code: '2A',
      cine_referral_source_desc: 'School',
      cine_cin_primary_need_code: 'N1',
      cine_referral_nfa: 'N',
      cine_close_date: '',
    });
    const [authorised, open] = ours(readTable('ssd_cin_assessments'), 'cina_referral_id');
    expect(authorised).toMatchObject({
      cina_referral_id: episode!.cine_referral_id,
      cina_assessment_child_seen: 'Y',
      cina_assessment_auth_date: '2026-02-10',
      cina_assessment_outcome_nfa: 'N',
    });
    expect(JSON.parse(authorised!.cina_assessment_outcome_json!)).toMatchObject({
      NFA_FLAG: 'N',
      STRATEGY_DISCUSSION_FLAG: 'Y',
    });
    expect(open).toMatchObject({
      cina_assessment_child_seen: '',
      cina_assessment_outcome_json: '',
      cina_assessment_outcome_nfa: '',
    });
    expect(
      readTable('ssd_assessment_factors').find(
        (row) => row.cinf_assessment_id === authorised!.cina_assessment_id
      )!.cinf_assessment_factors_json
    ).toBe('["3B","4B"]');
    const [conference] = ours(readTable('ssd_initial_cp_conference'), 'icpc_referral_id');
    const [plan] = ours(readTable('ssd_cp_plans'), 'cppl_referral_id');
    expect(conference).toMatchObject({
      icpc_cp_plan_id: plan!.cppl_cp_plan_id,
      icpc_icpc_date: '2026-03-03',
      icpc_icpc_target_date: '2026-03-04',
      icpc_icpc_outcome_cp_flag: 'Y',
    });
    expect(plan).toMatchObject({
      cppl_icpc_id: conference!.icpc_icpc_id,
      cppl_cp_plan_initial_category: 'EMO',
      cppl_cp_plan_latest_category: 'NEG',
      cppl_cp_plan_end_date: '',
    });
    expect(
      readTable('ssd_cp_reviews').find((row) => row.cppr_cp_plan_id === plan!.cppl_cp_plan_id)
    ).toMatchObject({
      cppr_cp_plan_id: plan!.cppl_cp_plan_id,
      cppr_cp_review_date: '2026-06-02',
    });
    expect(readTable('ssd_early_help_episodes').map((row) => row.earl_episode_organisation)).toContain(
      'Family Hub, "North", Ward 3'
    );
    const contact = readTable('ssd_contacts')[0]!;
    expect(contact.cont_contact_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
