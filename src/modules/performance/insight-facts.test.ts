import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { ETHNICITY_CODES } from '../returns/cin-census/code-lists.ts';
import { ETHNIC_GROUP_SQL, rebuildInsightFacts, refreshInsightFacts } from './insight-facts.ts';
import { ethnicGroupOf, trendMonths } from './insight-scope.ts';
import { monthlyValues } from './measure-queries.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

/** Every fact, in order: what the pages read. */
async function facts() {
  return database.db.selectFrom('insight_fact').selectAll().orderBy('contact_child_id').execute();
}

async function factOf(contactChildId: number) {
  return database.db
    .selectFrom('insight_fact')
    .selectAll()
    .where('contact_child_id', '=', contactChildId)
    .executeTakeFirst();
}

/** The summaries of requests and handovers, in order: what the timeliness measures read. */
async function summaries() {
  return Promise.all([
    database.db.selectFrom('insight_request').selectAll().orderBy('id').execute(),
    database.db.selectFrom('insight_handover').selectAll().orderBy('id').execute(),
  ]);
}

/** After a refresh, the facts and the summaries are exactly what a rebuild from scratch gives. */
async function expectRefreshedLikeRebuilt() {
  await refreshInsightFacts(database.db);
  const refreshed = await facts();
  const summarised = await summaries();
  await rebuildInsightFacts(database.db);
  expect(refreshed).toEqual(await facts());
  expect(summarised).toEqual(await summaries());
}

async function one<Row>(query: ReturnType<typeof sql<Row>>): Promise<Row> {
  const { rows } = await query.execute(database.db);
  if (!rows[0]) throw new Error('The test council has no such row');
  return rows[0];
}

describe('refreshInsightFacts', () => {
  it('finds every fact built by the seed, and does nothing while nothing changes', async () => {
    const children = await one(sql<{ n: number }>`select count(*)::int as n from contact_child`);
    const facts = await one(sql<{ n: number }>`select count(*)::int as n from insight_fact`);
    expect(facts.n).toBe(children.n);
    expect(await refreshInsightFacts(database.db)).toEqual({ refreshed: 0, rebuilt: false });
    expect(await refreshInsightFacts(database.db)).toEqual({ refreshed: 0, rebuilt: false });
  });

  it("follows a child's characteristics, address and locality", async () => {
    const child = await one(sql<{
      id: number;
      person_id: number;
      contact_id: number;
      contact_address: number;
    }>`
      select cc.id, cc.person_id, cc.contact_id, c.address_id as contact_address
      from contact_child cc join person p on p.id = cc.person_id
      join contact c on c.id = cc.contact_id
      where c.address_id is not null and p.merged_into_id is null
        and (select count(*) from contact_child o where o.contact_id = cc.contact_id) = 1
      order by cc.id limit 1`);
    await database.db
      .updateTable('person')
      .set({ sex: 'U', ethnicity: 'CHNE', disabilities: ['VIS'], date_of_birth: '2010-01-01' })
      .where('id', '=', child.person_id)
      .execute();
    const [first, last] = await database.db.selectFrom('locality').select('id').orderBy('id').execute();
    const elsewhere = async (addressId: number) => {
      const { locality_id } = await database.db
        .selectFrom('address')
        .select('locality_id')
        .where('id', '=', addressId)
        .executeTakeFirstOrThrow();
      const moved = locality_id === first!.id ? last!.id : first!.id;
      await database.db
        .updateTable('address')
        .set({ locality_id: moved })
        .where('id', '=', addressId)
        .execute();
      return moved;
    };
    // The contact's address gives the locality.
    const contactLocality = await elsewhere(child.contact_address);
    await refreshInsightFacts(database.db);
    expect(await factOf(child.id)).toMatchObject({
      sex: 'U',
      ethnic_group: 'asian',
      disability: 'yes',
      locality_id: contactLocality,
    });
    // Without one, the child's own address does.
    await database.db
      .updateTable('contact')
      .set({ address_id: null })
      .where('id', '=', child.contact_id)
      .execute();
    const home = await database.db
      .insertInto('address')
      .values({ line1: '2 Test Road', town: 'Northmoor', postcode: 'NM1 2AB', locality_id: first!.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('person')
      .set({ address_id: home.id })
      .where('id', '=', child.person_id)
      .execute();
    await refreshInsightFacts(database.db);
    expect((await factOf(child.id))?.locality_id).toBe(first!.id);
    const homeLocality = await elsewhere(home.id);
    await refreshInsightFacts(database.db);
    expect((await factOf(child.id))?.locality_id).toBe(homeLocality);
    await expectRefreshedLikeRebuilt();
  });

  it('counts a merged record as the child it was merged into, and undoes it', async () => {
    // Two children each with a contact: after the merge, the later contact is a repeat contact.
    const pair = await one(sql<{ survivor: number; duplicate: number; later: number }>`
      select a.person_id as survivor, b.person_id as duplicate, b.id as later
      from contact_child a join contact ca on ca.id = a.contact_id
      join contact_child b on b.person_id <> a.person_id
      join contact cb on cb.id = b.contact_id
      join person pa on pa.id = a.person_id and pa.merged_into_id is null
      join person pb on pb.id = b.person_id and pb.merged_into_id is null
      where cb.received_at between ca.received_at + interval '1 day' and ca.received_at + interval '6 months'
        and not exists (select 1 from contact_child x join contact cx on cx.id = x.contact_id
          where x.person_id = b.person_id and x.id <> b.id)
      order by a.id limit 1`);
    expect((await factOf(pair.later))?.repeat_contact).toBe(false);
    await database.db
      .updateTable('person')
      .set({ merged_into_id: pair.survivor })
      .where('id', '=', pair.duplicate)
      .execute();
    await refreshInsightFacts(database.db);
    expect(await factOf(pair.later)).toMatchObject({ person_id: pair.survivor, repeat_contact: true });
    await expectRefreshedLikeRebuilt();
    await database.db
      .updateTable('person')
      .set({ merged_into_id: null })
      .where('id', '=', pair.duplicate)
      .execute();
    await refreshInsightFacts(database.db);
    expect(await factOf(pair.later)).toMatchObject({ person_id: pair.duplicate, repeat_contact: false });
    await expectRefreshedLikeRebuilt();
  }, 120_000);

  it('follows contacts: a new one, a moved one, one relinked to another child, one deleted', async () => {
    const earliest = await one(sql<{ id: number; person_id: number; contact_id: number; received_at: Date }>`
      select distinct on (cc.person_id) cc.id, cc.person_id, cc.contact_id, c.received_at
      from contact_child cc join contact c on c.id = cc.contact_id
      join person p on p.id = cc.person_id and p.merged_into_id is null
      order by cc.person_id, c.received_at limit 1`);
    // A contact about the same child a month earlier makes the earliest one a repeat.
    const earlier = new Date(earliest.received_at.getTime() - 30 * 86_400_000);
    const { id: contactId } = await database.db
      .insertInto('contact')
      .values({
        reference: 'INSIGHT-1',
        received_at: earlier,
        recorded_at: earlier,
        channel: 'phone',
        referral_source: '1A',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: added } = await database.db
      .insertInto('contact_child')
      .values({
        contact_id: contactId,
        person_id: earliest.person_id,
        status: 'new',
        decision_due_at: earlier,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('contact_concern')
      .values([
        { contact_child_id: added, factor_code: '3B' },
        { contact_child_id: added, factor_code: '1B' },
      ])
      .execute();
    await refreshInsightFacts(database.db);
    expect(await factOf(earliest.id)).toMatchObject({ repeat_contact: true });
    expect(await factOf(added)).toMatchObject({ concerns: ['1B', '3B'], repeat_contact: false });
    await expectRefreshedLikeRebuilt();

    // Moved two years back, it no longer counts.
    const longBefore = new Date(earliest.received_at.getTime() - 730 * 86_400_000);
    await database.db
      .updateTable('contact')
      .set({ received_at: longBefore })
      .where('id', '=', contactId)
      .execute();
    await refreshInsightFacts(database.db);
    expect((await factOf(earliest.id))?.repeat_contact).toBe(false);
    await expectRefreshedLikeRebuilt();

    // Relinked to another child and back: the first child's contact follows each time.
    await database.db
      .updateTable('contact')
      .set({ received_at: earlier })
      .where('id', '=', contactId)
      .execute();
    const stranger = await one(sql<{ id: number }>`select id from person where id <> ${earliest.person_id}
      and merged_into_id is null order by id limit 1`);
    await database.db
      .updateTable('contact_child')
      .set({ person_id: stranger.id })
      .where('id', '=', added)
      .execute();
    await refreshInsightFacts(database.db);
    expect((await factOf(earliest.id))?.repeat_contact).toBe(false);
    await expectRefreshedLikeRebuilt();
    await database.db
      .updateTable('contact_child')
      .set({ person_id: earliest.person_id })
      .where('id', '=', added)
      .execute();
    await refreshInsightFacts(database.db);
    expect((await factOf(earliest.id))?.repeat_contact).toBe(true);

    // Deleted (as retention does): its fact goes at once; the other contact is no longer a repeat.
    await database.db.deleteFrom('contact_concern').where('contact_child_id', '=', added).execute();
    await database.db.deleteFrom('contact_child').where('id', '=', added).execute();
    expect(await factOf(added)).toBeUndefined();
    await refreshInsightFacts(database.db);
    expect((await factOf(earliest.id))?.repeat_contact).toBe(false);
    await expectRefreshedLikeRebuilt();
  }, 120_000);

  it('follows decisions, referrals and the onward records', async () => {
    const undecided = await one(sql<{ id: number; person_id: number }>`
      select cc.id, cc.person_id from contact_child cc
      where cc.person_id is not null and not exists (select 1 from decision d where d.contact_child_id = cc.id)
      order by cc.id limit 1`);
    const staff = await one(sql<{ id: number; team_id: number }>`
      select id, team_id from staff_user where team_id is not null order by id limit 1`);
    await database.db
      .insertInto('decision')
      .values({
        contact_child_id: undecided.id,
        outcome: 'assessment',
        rationale: 'Test',
        proposed_at: '2026-10-05T09:00:00Z',
        status: 'authorised',
        authorised_at: '2026-10-05T10:00:00Z',
      })
      .execute();
    const { id: referralId } = await database.db
      .insertInto('referral')
      .values({
        contact_child_id: undecided.id,
        person_id: undecided.person_id,
        referral_date: '2026-10-05',
        referral_source: '1A',
        is_rereferral: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recorded = { recorded_by: staff.id, recorded_at: '2026-10-05T12:00:00Z' };
    const { id: episodeId } = await database.db
      .insertInto('cin_episode')
      .values({
        person_id: undecided.person_id,
        referral_id: referralId,
        referral_date: '2026-10-05',
        referral_source: '1A',
        ...recorded,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: assessmentId } = await database.db
      .insertInto('cin_assessment')
      .values({ episode_id: episodeId, started_on: '2026-10-06', ...recorded })
      .returning('id')
      .executeTakeFirstOrThrow();
    await refreshInsightFacts(database.db);
    expect(await factOf(undecided.id)).toMatchObject({
      outcome: 'assessment',
      decision_date: '2026-10-05',
      referral_id: referralId,
      is_rereferral: true,
      assessment_started_on: '2026-10-06',
      assessment_working_days: null,
    });

    // Monday 5 October to Friday 16 October 2026: 9 working days.
    await database.db
      .updateTable('cin_assessment')
      .set({ authorised_on: '2026-10-16' })
      .where('id', '=', assessmentId)
      .execute();
    const { id: discussionId } = await database.db
      .insertInto('strategy_discussion')
      .values({
        contact_child_id: undecided.id,
        convened_at: '2026-10-07T10:00:00Z',
        team_id: staff.team_id,
        worker_id: staff.id,
        ...recorded,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: enquiryId } = await database.db
      .insertInto('section_47_enquiry')
      .values({
        episode_id: episodeId,
        strategy_discussion_id: discussionId,
        started_on: '2026-10-07',
        ...recorded,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('child_protection_conference')
      .values({
        episode_id: episodeId,
        kind: 'initial',
        held_on: '2026-10-21',
        section_47_enquiry_id: enquiryId,
        resulted_in_plan: true,
        ...recorded,
      })
      .execute();
    await database.db
      .insertInto('child_protection_plan')
      .values({
        episode_id: episodeId,
        started_on: '2026-10-21',
        initial_category: 'NEG',
        latest_category: 'NEG',
        ...recorded,
      })
      .execute();
    await refreshInsightFacts(database.db);
    // 7 October to 21 October 2026: 10 working days.
    expect(await factOf(undecided.id)).toMatchObject({
      assessment_working_days: 9,
      s47_started_on: '2026-10-07',
      icpc_held_on: '2026-10-21',
      icpc_working_days: 10,
      cp_plan_started_on: '2026-10-21',
    });

    // The strategy discussion was a day earlier than recorded.
    await database.db
      .updateTable('strategy_discussion')
      .set({ convened_at: '2026-10-06T10:00:00Z' })
      .where('id', '=', discussionId)
      .execute();
    await refreshInsightFacts(database.db);
    expect((await factOf(undecided.id))?.icpc_working_days).toBe(11);
    await expectRefreshedLikeRebuilt();
  });

  it("follows requests and handovers, and their child's filters, in their summaries", async () => {
    const request = await one(sql<{ id: number; contact_child_id: number; person_id: number }>`
      select ir.id, ir.contact_child_id, cc.person_id from information_request ir
      join contact_child cc on cc.id = ir.contact_child_id
      join person p on p.id = cc.person_id and p.merged_into_id is null
      where ir.status = 'open' order by ir.id limit 1`);
    const handover = await one(sql<{ id: number; to_team_id: number; other_team: number }>`
      select h.id, h.to_team_id, (select t.id from team t where t.id <> h.to_team_id order by t.id limit 1)
        as other_team
      from handover h order by h.id limit 1`);
    const summaryOf = (id: number) =>
      database.db.selectFrom('insight_request').selectAll().where('id', '=', id).executeTakeFirst();
    expect(await summaryOf(request.id)).toMatchObject({ status: 'open', responded_on: null });

    // Answered, and the child's sex corrected: the request's summary follows both.
    await database.db
      .updateTable('information_request')
      .set({ status: 'answered', responded_at: '2026-10-05T11:00:00Z' })
      .where('id', '=', request.id)
      .execute();
    await database.db.updateTable('person').set({ sex: 'U' }).where('id', '=', request.person_id).execute();
    await refreshInsightFacts(database.db);
    expect(await summaryOf(request.id)).toMatchObject({
      status: 'answered',
      responded_on: '2026-10-05',
      sex: 'U',
      person_id: request.person_id,
    });

    // Moved to another child's contact, and a handover passed to another team.
    const other = await one(sql<{ id: number; sex: string | null }>`
      select cc.id, f.sex from contact_child cc join insight_fact f on f.contact_child_id = cc.id
      where cc.id <> ${request.contact_child_id} and cc.person_id <> ${request.person_id}
      order by cc.id limit 1`);
    await database.db
      .updateTable('information_request')
      .set({ contact_child_id: other.id })
      .where('id', '=', request.id)
      .execute();
    await database.db
      .updateTable('handover')
      .set({ to_team_id: handover.other_team })
      .where('id', '=', handover.id)
      .execute();
    await refreshInsightFacts(database.db);
    expect(await summaryOf(request.id)).toMatchObject({ contact_child_id: other.id, sex: other.sex });
    expect(
      await database.db
        .selectFrom('insight_handover')
        .select('to_team_id')
        .where('id', '=', handover.id)
        .executeTakeFirst()
    ).toEqual({ to_team_id: handover.other_team });

    // A request deleted leaves its summary at once, before any refresh.
    const { id: added } = await database.db
      .insertInto('information_request')
      .values({
        contact_child_id: request.contact_child_id,
        agency_id: (await one(sql<{ id: number }>`select id from agency order by id limit 1`)).id,
        question: 'Test',
        consent_status: 'not_sought',
        due_at: '2026-10-07T10:00:00Z',
        requested_by: (await one(sql<{ id: number }>`select id from staff_user order by id limit 1`)).id,
        requested_at: '2026-10-05T10:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await refreshInsightFacts(database.db);
    expect(await summaryOf(added)).toMatchObject({ due_on: '2026-10-07', status: 'open' });
    await database.db.deleteFrom('information_request').where('id', '=', added).execute();
    expect(await summaryOf(added)).toBeUndefined();
    await expectRefreshedLikeRebuilt();
  }, 120_000);

  it("rebuilds the working days when the council's calendar changes", async () => {
    const child = await one(sql<{
      contact_child_id: number;
      assessment_working_days: number;
      assessment_authorised_on: string;
    }>`
      select contact_child_id, assessment_working_days, assessment_authorised_on::text from insight_fact
      where assessment_working_days > 0 and assessment_authorised_on in (
        select w.day from insight_working_day w join insight_working_day before on before.day = w.day - 1
        where w.working_index > before.working_index)
      order by contact_child_id limit 1`);
    const settings = await database.db
      .selectFrom('council')
      .select(['id', 'settings'])
      .executeTakeFirstOrThrow();
    const closures = [...settings.settings.closures, child.assessment_authorised_on];
    await database.db
      .updateTable('council')
      .set({ settings: JSON.stringify({ ...settings.settings, closures }) })
      .where('id', '=', settings.id)
      .execute();
    expect((await refreshInsightFacts(database.db)).rebuilt).toBe(true);
    expect((await factOf(child.contact_child_id))?.assessment_working_days).toBe(
      child.assessment_working_days - 1
    );
    await database.db
      .updateTable('council')
      .set({ settings: JSON.stringify(settings.settings) })
      .where('id', '=', settings.id)
      .execute();
    expect((await refreshInsightFacts(database.db)).rebuilt).toBe(true);
  });

  it('lets several refreshes run at once: each finds the facts current', async () => {
    await sql`update person set sex = 'F' where id in (
      select person_id from contact_child where person_id is not null order by id limit 50)`.execute(
      database.db
    );
    const results = await Promise.all([1, 2, 3].map(() => refreshInsightFacts(database.db)));
    expect(results.map((result) => result.refreshed).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(
      50
    );
    expect(await refreshInsightFacts(database.db)).toEqual({ refreshed: 0, rebuilt: false });
    await expectRefreshedLikeRebuilt();
  });
});

describe('trends after a refresh', () => {
  it('count a changed month again and keep the others', async () => {
    const months = trendMonths('2026-10', 24);
    const trend = async () =>
      (await monthlyValues(database.db, {}, months, ['contacts', 'nfa_rate'])).contacts.map(
        (month) => month.value
      );
    const counted = async () => {
      const { rows } = await sql<{ month: string; n: number }>`
        select to_char(received_date, 'YYYY-MM') as month, count(*)::int as n from insight_fact
        where received_date between '2024-11-01' and '2026-10-31' group by 1`.execute(database.db);
      return months.map((month) => rows.find((row) => row.month === month)?.n ?? 0);
    };
    await refreshInsightFacts(database.db);
    const before = await trend();
    expect(before).toEqual(await counted());
    // A contact recorded in the wrong month is moved a year back.
    const moved = await one(sql<{ id: number; received_at: Date }>`
      select c.id, c.received_at from contact c join contact_child cc on cc.contact_id = c.id
      where c.received_at between '2026-06-01' and '2026-06-28' order by c.id limit 1`);
    await database.db
      .updateTable('contact')
      .set({ received_at: new Date(moved.received_at.getTime() - 365 * 86_400_000) })
      .where('id', '=', moved.id)
      .execute();
    await refreshInsightFacts(database.db);
    const after = await trend();
    expect(after).toEqual(await counted());
    expect(after[months.indexOf('2026-06')]).toBeLessThan(before[months.indexOf('2026-06')]!);
    expect(after[months.indexOf('2025-06')]).toBeGreaterThan(before[months.indexOf('2025-06')]!);

    // A contact-child deleted (as retention does) leaves its months.
    const march = new Date('2026-03-10T10:00:00Z');
    const { id: contactId } = await database.db
      .insertInto('contact')
      .values({
        reference: 'INSIGHT-2',
        received_at: march,
        recorded_at: march,
        channel: 'email',
        referral_source: '1A',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: gone } = await database.db
      .insertInto('contact_child')
      .values({ contact_id: contactId, status: 'new', decision_due_at: march })
      .returning('id')
      .executeTakeFirstOrThrow();
    await refreshInsightFacts(database.db);
    expect((await trend())[months.indexOf('2026-03')]).toBe(after[months.indexOf('2026-03')]! + 1);
    await database.db.deleteFrom('contact_child').where('id', '=', gone).execute();
    await refreshInsightFacts(database.db);
    const afterDeletion = await trend();
    expect(afterDeletion).toEqual(await counted());
    expect(afterDeletion).toEqual(after);
  });
});

describe('ETHNIC_GROUP_SQL', () => {
  it('groups every census code as ethnicGroupOf does', async () => {
    const codes = [...ETHNICITY_CODES, 'XXXX', null];
    const { rows } = await sql<{ code: string | null; group: string }>`
      select code, ${ETHNIC_GROUP_SQL(sql.ref('code'))} as group
      from unnest(${codes}::text[]) as t(code)`.execute(database.db);
    expect(rows).toEqual(codes.map((code) => ({ code, group: ethnicGroupOf(code) })));
  });
});
