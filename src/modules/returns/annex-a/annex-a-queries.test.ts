import ExcelJS from 'exceljs';
import { sql, type Insertable } from 'kysely';
import type { CinEpisodeTable } from '../../../platform/db/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../test/support/test-database.ts';
import { annexARows, annexAWindow, referralRows } from './annex-a-queries.ts';
import { annexASheets } from './annex-a-workbook.ts';
import { annexACellProblems } from './annex-a-check.ts';
import { buildAnnexA } from './annex-a-export.ts';

// The seeded test council's history ends on 20 November 2026.
const AS_AT = '2026-11-20';
const FROM = '2026-05-20';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Children per contact received in the window, counted on the contact's day in England. */
async function contactsInWindow(): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(distinct (c.id, coalesce(p.merged_into_id, p.id, -cc.id)))::int as count
    from contact_child cc join contact c on c.id = cc.contact_id left join person p on p.id = cc.person_id
    where (c.received_at at time zone 'Europe/London')::date between ${FROM}::date and ${AS_AT}::date`.execute(
    database.db
  );
  return rows[0]!.count;
}

describe('Annex A from the database', () => {
  it('takes the six months before the as-at date', () => {
    expect(annexAWindow(AS_AT)).toEqual({ from: FROM, asAt: AS_AT });
    expect(() => annexAWindow('2026-02-30')).toThrow(RangeError);
  });

  it('lists one contact row per child per contact, and every referral, in the window', async () => {
    const rows = await annexARows(database.db, AS_AT);
    const referrals = await database.db
      .selectFrom('referral')
      .where('referral_date', '>=', FROM)
      .where('referral_date', '<=', AS_AT)
      .select([
        sql<number>`count(*)::int`.as('all'),
        sql<number>`count(*) filter (where is_rereferral)::int`.as('rereferrals'),
      ])
      .executeTakeFirstOrThrow();
    expect(rows.list1.length).toBeGreaterThan(100);
    expect(rows.list1).toHaveLength(await contactsInWindow());
    expect(rows.list3.length).toBeGreaterThan(10);
    expect(rows.list3).toHaveLength(referrals.all);
    // A re-referral is a referral with another in the 12 months before it.
    expect(rows.list3.filter((row) => row.referralsInLast12Months > 0)).toHaveLength(referrals.rereferrals);
    expect(rows.list1.every((row) => row.contactDate >= FROM && row.contactDate <= AS_AT)).toBe(true);
    expect(rows.list1.every((row) => row.age === null || (row.age >= 0 && row.age < 26))).toBe(true);
    expect(rows.list3.every((row) => row.team !== null)).toBe(true);
  });

  it('writes only values the Annex A rules allow: no blank required cell, every code from its list', async () => {
    const sheets = annexASheets(await annexARows(database.db, AS_AT));
    expect(annexACellProblems(sheets)).toEqual([]);
    const sources = new Set(sheets[0]!.rows.map((cells) => cells[6]));
    expect(sources.size).toBeGreaterThan(5);
  });

  it('lists a child not yet linked to a record as described, and a merged record as the child it was merged into', async () => {
    const { db } = database;
    const contact = await db
      .insertInto('contact')
      .values({
        reference: 'ANNEXA-TEST-1',
        received_at: new Date('2026-11-19T09:30:00Z'),
        channel: 'phone',
        referral_source: '3B',
        recorded_at: new Date('2026-11-19T09:40:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const unlinked = await db
      .insertInto('contact_child')
      .values({
        contact_id: contact.id,
        status: 'new',
        decision_due_at: new Date('2026-11-20T09:30:00Z'),
        described_child: JSON.stringify({
          givenName: 'Test',
          familyName: 'Child',
          dateOfBirth: '2024-06-01',
          sex: 'M',
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [duplicate, survivor] = await db
      .selectFrom('contact_child as cc')
      .innerJoin('contact as c', 'c.id', 'cc.contact_id')
      .innerJoin('person as p', 'p.id', 'cc.person_id')
      .where('c.received_at', '>=', new Date('2026-08-01T00:00:00Z'))
      .select(['p.id', 'p.sex'])
      .distinct()
      .orderBy('p.id')
      .limit(2)
      .execute();
    await db
      .updateTable('person')
      .set({ merged_into_id: survivor!.id })
      .where('id', '=', duplicate!.id)
      .execute();

    const rows = await annexARows(db, AS_AT);
    expect(rows.list1).toContainEqual({
      childId: `CC${unlinked.id}`,
      sex: 'M',
      ethnicity: null,
      dateOfBirth: '2024-06-01',
      age: 2,
      contactDate: '2026-11-19',
      source: '3B',
    });
    const ids = new Set(rows.list1.map((row) => row.childId));
    expect(ids.has(String(duplicate!.id))).toBe(false);
    expect(ids.has(String(survivor!.id))).toBe(true);
  });

  it('builds the workbook and counts the rows on each sheet', async () => {
    const { workbook, rowsPerList } = await buildAnnexA(database.db, AS_AT);
    const rows = await annexARows(database.db, AS_AT);
    expect(rowsPerList).toMatchObject({
      'List 1': rows.list1.length,
      'List 3': rows.list3.length,
      'List 8': 0,
    });
    expect(Object.keys(rowsPerList)).toHaveLength(11);
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(workbook as unknown as ArrayBuffer);
    expect(read.getWorksheet('List 1')!.rowCount).toBe(rows.list1.length + 1);
    expect(read.getWorksheet('List 3')!.getRow(2).getCell(6).value).toBeInstanceOf(Date);
  });

  it('lists the onward records open in the window (lists 2 and 4–7), coded, and leaves out those before it', async () => {
    const { db } = database;
    const staff = await db
      .selectFrom('staff_user as s')
      .innerJoin('team as t', 't.id', 's.team_id')
      .select(['s.id', 's.display_name', 't.name as team'])
      .orderBy('s.id')
      .executeTakeFirstOrThrow();
    const recorded = { recorded_by: staff.id, recorded_at: new Date('2026-11-01T10:00:00Z') };
    const newChild = (givenName: string, disabilities: string[] | null) =>
      db
        .insertInto('person')
        .values({
          given_name: givenName,
          family_name: 'Annexa',
          sex: 'F',
          ethnicity: 'WBRI',
          date_of_birth: '2016-04-02',
          disabilities,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    const [child, planned] = [await newChild('Onward', ['HAND']), await newChild('Planned', null)];
    const episode = (
      personId: number,
      values: Omit<
        Insertable<CinEpisodeTable>,
        'person_id' | 'referral_source' | 'recorded_by' | 'recorded_at'
      >
    ) =>
      db
        .insertInto('cin_episode')
        .values({ person_id: personId, referral_source: '6', ...recorded, ...values })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);

    // Last year's episode, closed before the window: its enquiry, conference and plan only count as earlier ones.
    const before = await episode(child, {
      referral_date: '2025-09-01',
      primary_need_code: 'N1',
      closure_date: '2025-10-15',
      closure_reason: 'RC7',
    });
    await db
      .insertInto('cin_assessment')
      .values({
        episode_id: before,
        started_on: '2025-09-01',
        child_seen_on: '2025-09-03',
        authorised_on: '2025-09-19',
        factors: ['2B'],
        outcome: 'strategy_discussion',
        ...recorded,
      })
      .execute();
    const earlierEnquiry = await db
      .insertInto('section_47_enquiry')
      .values({
        episode_id: before,
        started_on: '2025-09-22',
        completed_on: '2025-09-24',
        outcome: 'icpc',
        ...recorded,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('child_protection_conference')
      .values({
        episode_id: before,
        kind: 'initial',
        held_on: '2025-09-24',
        section_47_enquiry_id: earlierEnquiry.id,
        resulted_in_plan: true,
        ...recorded,
      })
      .execute();
    await db
      .insertInto('child_protection_plan')
      .values({
        episode_id: before,
        started_on: '2025-09-24',
        ended_on: '2025-10-14',
        initial_category: 'PHY',
        latest_category: 'PHY',
        ...recorded,
      })
      .execute();

    // This year's episode: an assessment, an enquiry with its initial conference, a plan and its review.
    const current = await episode(child, { referral_date: '2026-06-01', primary_need_code: 'N1' });
    await db
      .insertInto('cin_assessment')
      .values({
        episode_id: current,
        started_on: '2026-06-02',
        child_seen_on: '2026-06-05',
        authorised_on: '2026-07-10',
        factors: ['2B', '3A'],
        outcome: 'strategy_discussion',
        ...recorded,
      })
      .execute();
    const enquiry = await db
      .insertInto('section_47_enquiry')
      .values({
        episode_id: current,
        started_on: '2026-07-13',
        icpc_target_on: '2026-07-24',
        completed_on: '2026-07-24',
        outcome: 'icpc',
        ...recorded,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('child_protection_conference')
      .values({
        episode_id: current,
        kind: 'initial',
        held_on: '2026-07-24',
        section_47_enquiry_id: enquiry.id,
        resulted_in_plan: true,
        ...recorded,
      })
      .execute();
    const plan = await db
      .insertInto('child_protection_plan')
      .values({
        episode_id: current,
        started_on: '2026-07-24',
        initial_category: 'NEG',
        latest_category: 'EMO',
        ...recorded,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('child_protection_conference')
      .values({
        episode_id: current,
        kind: 'review',
        held_on: '2026-10-16',
        child_protection_plan_id: plan.id,
        ...recorded,
      })
      .execute();

    // Another child: a child in need plan, and a later referral on which no further action was taken.
    const inNeed = await episode(planned, { referral_date: '2026-08-03', primary_need_code: 'N4' });
    await db
      .insertInto('cin_plan')
      .values({ episode_id: inNeed, started_on: '2026-08-20', ...recorded })
      .execute();
    await episode(planned, {
      referral_date: '2026-09-10',
      referral_nfa: true,
      closure_date: '2026-09-10',
      closure_reason: 'RC8',
    });

    // Early help: an assessment before the window, one in it, and an intervention still open.
    await db
      .insertInto('early_help_record')
      .values(
        [
          { kind: 'assessment' as const, started_on: '2026-03-02', completed_on: '2026-04-01' },
          { kind: 'assessment' as const, started_on: '2026-09-01', completed_on: '2026-09-21' },
          { kind: 'episode' as const, started_on: '2026-09-01', completed_on: null },
        ].map((record) => ({ person_id: child, organisation: 'Early Help Service', ...recorded, ...record }))
      )
      .execute();

    const rows = await annexARows(db, AS_AT);
    const of = <Row extends { childId: string }>(list: Row[], personId: number) =>
      list.filter((row) => row.childId === String(personId));
    const facts = { childId: String(child), sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2016-04-02', age: 10 };
    const allocated = { disabled: 'yes', team: staff.team, worker: staff.display_name };

    expect(of(rows.list2, child)).toEqual([
      { ...facts, startDate: '2026-09-01', completionDate: '2026-09-21', organisation: 'Early Help Service' },
      { ...facts, startDate: '2026-09-01', completionDate: null, organisation: 'Early Help Service' },
    ]);
    expect(of(rows.list4, child)).toEqual([
      {
        ...facts,
        ...allocated,
        startDate: '2026-06-02',
        childSeen: 'yes',
        authorisedDate: '2026-07-10',
        needsSocialCareSupport: 'yes',
      },
    ]);
    expect(of(rows.list5, child)).toEqual([
      {
        ...facts,
        ...allocated,
        strategyDiscussionDate: '2026-07-13',
        conferenceNotRequired: 'no',
        conferenceDate: '2026-07-24',
        conferenceLedToPlan: 'yes',
        section47sInLast12Months: 1,
        conferencesInLast12Months: 1,
      },
    ]);
    expect(of(rows.list6, child)).toEqual([
      {
        ...facts,
        ...allocated,
        startDate: '2026-06-01',
        primaryNeed: 'N1',
        lastSeenDate: '2026-06-05',
        closureDate: null,
        closureReason: null,
        caseStatus: 'child_protection_plan',
      },
    ]);
    expect(of(rows.list6, planned)).toMatchObject([
      { disabled: 'unknown', startDate: '2026-08-03', primaryNeed: 'N4', caseStatus: 'child_in_need_plan' },
    ]);
    expect(of(rows.list7, child)).toEqual([
      {
        ...facts,
        ...allocated,
        planStartDate: '2026-07-24',
        initialCategory: 'NEG',
        latestCategory: 'EMO',
        lastStatutoryVisitDate: null,
        seenAlone: null,
        latestReviewDate: '2026-10-16',
        planEndDate: null,
        emergencyProtection: 'unknown',
        previousPlans: 1,
      },
    ]);

    // The cells, as the template codes them, and every required cell filled.
    const sheets = annexASheets(rows);
    expect(annexACellProblems(sheets)).toEqual([]);
    const cellsOf = (sheet: string) =>
      sheets.find((candidate) => candidate.name === sheet)!.rows.find((cells) => cells[0] === String(child));
    expect(cellsOf('List 5')!.slice(5, 9)).toEqual(['a) Yes', '2026-07-13', 'b) No', '2026-07-24']);
    expect(cellsOf('List 6')!.slice(7, 13)).toEqual([
      'N1 - Abuse or neglect',
      '2026-06-05',
      null,
      null,
      'b) Child Protection plan',
      staff.team,
    ]);
    expect(cellsOf('List 7')!.slice(7, 9)).toEqual(['a) Neglect', 'd) Emotional abuse']);
    expect(cellsOf('List 7')![13]).toBe('c) Unknown');

    // As the lists stood before the plan: the enquiry still open, no plan yet.
    const earlier = await annexARows(db, '2026-07-20');
    expect(of(earlier.list5, child)).toMatchObject([
      { conferenceNotRequired: null, conferenceDate: null, conferenceLedToPlan: null },
    ]);
    expect(of(earlier.list6, child)).toMatchObject([{ caseStatus: 'open_assessment' }]);
    expect(of(earlier.list7, child)).toEqual([]);
  });

  it('says a referral was taken no further exactly when its episode says so', async () => {
    const { db } = database;
    const window = annexAWindow(AS_AT);
    const referral = await db
      .selectFrom('referral as r')
      .innerJoin('involvement as i', 'i.referral_id', 'r.id')
      .where('r.referral_date', '>=', FROM)
      .select(['r.id', 'r.person_id', 'r.referral_date', 'r.referral_source'])
      .orderBy('r.id')
      .executeTakeFirstOrThrow();
    const rowOf = async () =>
      (await referralRows(db, window)).filter(
        (row) => row.childId === String(referral.person_id) && row.referralDate === referral.referral_date
      );
    expect(await rowOf()).toMatchObject([{ noFurtherAction: 'no' }]);
    // The demo seed made the referral's episode; the receiving team now records it as taken no further.
    const marked = await db
      .updateTable('cin_episode')
      .set({ referral_nfa: true })
      .where('referral_id', '=', referral.id)
      .executeTakeFirst();
    expect(marked.numUpdatedRows).toBe(1n);
    expect(await rowOf()).toMatchObject([{ noFurtherAction: 'yes' }]);
  });
});
