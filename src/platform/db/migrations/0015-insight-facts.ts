import { sql, type Kysely } from 'kysely';

/**
 * The performance pages' facts (src/modules/performance/insight-facts.ts), kept current by the writes:
 * - insight_fact: one row per child per contact (contact_child) with the dimensions the pages filter by,
 *   worked out as they were at the contact (age band on the contact date, the locality of the contact's
 *   address), and the facts each measure counts (the authorised decision, the referral, the first
 *   assessment, enquiry, initial conference and plan that followed, working days already counted);
 * - insight_fact_queue: contact-children whose facts are stale. Statement-level triggers on every table a
 *   fact is read from add to it in the writer's own transaction; the next page folds it in. No unique key,
 *   so a writer never waits on a refresh that is deleting the same id (a duplicate is harmless);
 * - insight_working_day: the council's working calendar (weekdays, bank holidays, closures) as a running
 *   count, so "working days after a, up to and including b" is index(b) - index(a). Filled from
 *   src/shared/working-time.ts by the refresh, which refills it and rebuilds the facts whenever the
 *   council's calendar changes (insight_state 'calendar' holds the calendar it was filled from);
 * - insight_month_version: a version per basis and month, moved on whenever a fact placed in that month
 *   changes, so a trend's settled months need not be counted again (insight_month_stale: the months of
 *   facts deleted with their contact-child, for the next refresh to move on);
 * - locality.child_population: children aged 0 to 17 living there (council configuration), for rates.
 * Derived data: no foreign keys, so retention and merges never trip over it; deleting a contact-child
 * deletes its fact at once (no personal data lingers until the next refresh).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table locality add column child_population integer check (child_population >= 0);

    create table insight_state (key text primary key, value text not null);

    create table insight_working_day (
      day date primary key,
      working_index integer not null
    );

    create table insight_fact_queue (contact_child_id integer not null);
    create index insight_fact_queue_child on insight_fact_queue (contact_child_id);

    -- Every refresh gives a new version to the months (per basis: the date that places a case in a
    -- period) of the facts it changes, as they were and as they are; a trend keeps the months it has
    -- counted while their version holds.
    create sequence insight_version;
    create table insight_month_version (
      basis text not null,
      month date not null,
      version bigint not null,
      primary key (basis, month)
    );
    -- Months whose facts a deleted contact-child took with it, for the next refresh to give new versions
    -- (append-only, so a deletion never waits on a refresh).
    create table insight_month_stale (basis text not null, month date not null);

    -- Fixed-width columns first, the dates a period is chosen by at the front and text at the end: a scan
    -- reads each row's columns in order, so this order keeps the pages' scans cheap.
    create table insight_fact (
      contact_child_id integer primary key,
      received_date date not null,
      decision_date date,
      referral_date date,
      assessment_authorised_on date,
      icpc_held_on date,
      locality_id integer,
      team_id integer,
      referrer_agency_id integer,
      out_of_hours boolean not null,
      -- Another contact about the same child in the 12 months before this one.
      repeat_contact boolean not null,
      -- The child's record after merges; null while the child is not linked to a record.
      person_id integer,
      decision_id integer,
      referral_id integer,
      is_rereferral boolean,
      indicated_level integer,
      chosen_level integer,
      -- When the decision took effect: the (last) manager's authorisation.
      decided_at timestamptz,
      proposed_at timestamptz,
      -- One working day from receipt, as first set: an extension does not move it.
      decision_due_at timestamptz not null,
      rag_due_at timestamptz,
      assessment_started_on date,
      assessment_working_days integer,
      -- The working-day index of the referral date, which assessments are measured from.
      referral_day integer,
      s47_started_on date,
      icpc_working_days integer,
      cp_plan_started_on date,
      received_at timestamptz not null,
      contact_id integer not null,
      age_band text,
      sex text,
      ethnic_group text not null,
      disability text not null check (disability in ('yes', 'no', 'not_recorded')),
      channel text not null,
      referral_source text not null,
      outcome text,
      -- The presenting needs (contact_concern factor codes).
      concerns text[] not null
    );
    create index insight_fact_received on insight_fact (received_date);
    create index insight_fact_decided on insight_fact (decision_date) where decision_date is not null;
    create index insight_fact_referred on insight_fact (referral_date) where referral_date is not null;
    create index insight_fact_assessed on insight_fact (assessment_authorised_on)
      where assessment_authorised_on is not null;
    create index insight_fact_conference on insight_fact (icpc_held_on) where icpc_held_on is not null;
    -- Assessments that were (or are) open past 45 working days: the only ones an as-at count can find.
    create index insight_fact_late_assessment on insight_fact (assessment_started_on)
      where assessment_started_on is not null and (assessment_working_days is null or assessment_working_days > 45);

    -- The queue and the triggers find a child's other contacts, and an episode's contact, by these.
    create index insight_cin_episode_contact_child on cin_episode (contact_child_id) where contact_child_id is not null;

    create function insight_queue(ids integer[]) returns void language sql as $fn$
      insert into insight_fact_queue (contact_child_id)
      select distinct t.id from unnest(ids) as t(id)
      where t.id is not null
        and not exists (select 1 from insight_fact_queue q where q.contact_child_id = t.id)
    $fn$;

    -- Every contact-child of the same children (after merges) as these records: a change to one contact
    -- can make another contact about the child a repeat contact, or stop it being one. Written as joins
    -- from the given ids so that each step is an index lookup whatever the plan.
    create function insight_family_contact_children(person_ids integer[]) returns table (id integer)
    language sql stable as $fn$
      select cc.id
      from unnest(person_ids) as given(id)
      join person p on p.id = given.id
      cross join lateral (
        select coalesce(p.merged_into_id, p.id) as id
        union
        select m.id from person m where m.merged_into_id = coalesce(p.merged_into_id, p.id)
      ) as family
      join contact_child cc on cc.person_id = family.id
    $fn$;

    create function insight_episode_contact_children(episode_ids integer[]) returns table (id integer)
    language sql stable as $fn$
      select coalesce(e.contact_child_id, r.contact_child_id)
      from unnest(episode_ids) as given(id)
      join cin_episode e on e.id = given.id
      left join referral r on r.id = e.referral_id
    $fn$;
  `.execute(db);

  for (const trigger of TRIGGERS) await createQueueTrigger(db, trigger);
}

/**
 * What a change to a table makes stale: per event, SQL over the statement's transition tables
 * (new_rows, old_rows) returning contact_child ids. Updates that leave the columns a fact reads as they
 * were queue nothing.
 */
interface QueueTrigger {
  table: string;
  insert?: string;
  update?: string;
  delete?: string;
}

/** The rows of an update (new_rows or old_rows) in which any of the columns changed. */
const changed = (side: 'new' | 'old', columns: string[]) =>
  `(select ${side === 'new' ? 'n' : 'o'}.* from new_rows n join old_rows o on o.id = n.id
    where (${columns.map((column) => `n.${column}`).join(', ')})
      is distinct from (${columns.map((column) => `o.${column}`).join(', ')}))`;

const childIds = (rows: string) => `select contact_child_id from ${rows}`;
const episodeIds = (rows: string) =>
  `select coalesce(e.contact_child_id, r.contact_child_id) from ${rows} e left join referral r on r.id = e.referral_id`;
const viaEpisode = (rows: string) =>
  `select id from insight_episode_contact_children(array(select episode_id from ${rows}))`;
const family = (personIds: string) => `select id from insight_family_contact_children(array(${personIds}))`;
/** Inserted, updated (old and new rows) and deleted rows all queue the same way. */
const everyChange = (ids: (rows: string) => string) => ({
  insert: ids('new_rows'),
  update: `${ids('new_rows')} union all ${ids('old_rows')}`,
  delete: ids('old_rows'),
});

const PERSON_FACTS = [
  'sex',
  'date_of_birth',
  'expected_date_of_birth',
  'ethnicity',
  'disabilities',
  'address_id',
  'merged_into_id',
];
const CONTACT_FACTS = [
  'received_at',
  'channel',
  'out_of_hours',
  'referral_source',
  'referrer_agency_id',
  'address_id',
];

const TRIGGERS: QueueTrigger[] = [
  {
    table: 'contact_child',
    // The row itself; when it leaves a record (relinked or deleted), the child's other contacts too.
    insert: 'select id from new_rows',
    update: `select id from new_rows union all
      ${family(`select person_id from ${changed('old', ['person_id'])} as moved where person_id is not null`)}`,
    delete: `select id from old_rows union all
      ${family('select person_id from old_rows where person_id is not null')}`,
  },
  {
    table: 'contact',
    update: `select cc.id from contact_child cc
      where cc.contact_id in (select id from ${changed('new', CONTACT_FACTS)} as c)`,
  },
  {
    table: 'person',
    // The record's contacts and, across a merge or unmerge, those of the record it was and is merged into.
    update: family(`select id from ${changed('new', PERSON_FACTS)} as p
      union all select merged_into_id from ${changed('new', PERSON_FACTS)} as p where merged_into_id is not null
      union all select merged_into_id from ${changed('old', PERSON_FACTS)} as p where merged_into_id is not null`),
  },
  {
    table: 'address',
    update: `select cc.id from contact_child cc join contact c on c.id = cc.contact_id
        where c.address_id in (select id from ${changed('new', ['locality_id'])} as a)
      union all
      ${family(`select p.id from person p
        where p.address_id in (select id from ${changed('new', ['locality_id'])} as a)`)}`,
  },
  { table: 'contact_concern', ...everyChange(childIds) },
  { table: 'decision', ...everyChange(childIds) },
  { table: 'referral', ...everyChange(childIds) },
  { table: 'cin_episode', ...everyChange(episodeIds) },
  { table: 'cin_assessment', ...everyChange(viaEpisode) },
  { table: 'section_47_enquiry', ...everyChange(viaEpisode) },
  { table: 'child_protection_conference', ...everyChange(viaEpisode) },
  { table: 'child_protection_plan', ...everyChange(viaEpisode) },
  {
    table: 'strategy_discussion',
    update: `select id from insight_episode_contact_children(array(
      select s.episode_id from section_47_enquiry s
      where s.strategy_discussion_id in (select id from ${changed('new', ['convened_at'])} as sd)))`,
  },
];

/**
 * A deleted contact-child's fact goes at once (no personal data waits for a page to be viewed); the
 * months it was counted in are noted for the next refresh. The bases are MONTH_BASES in insight-facts.ts.
 */
const DELETE_FACTS = `if tg_op = 'DELETE' then
    execute $q$with gone as (
      delete from insight_fact where contact_child_id in (select id from old_rows)
      returning received_date, referral_date, decision_date, assessment_authorised_on, icpc_held_on
    )
    insert into insight_month_stale (basis, month)
    select v.basis, date_trunc('month', v.day)::date
    from gone cross join lateral (values ('contact', gone.received_date), ('referral', gone.referral_date),
      ('decision', gone.decision_date), ('assessment', gone.assessment_authorised_on),
      ('conference', gone.icpc_held_on)) as v(basis, day)
    where v.day is not null$q$;
  end if;`;

const REFERENCING = {
  insert: 'referencing new table as new_rows',
  update: 'referencing new table as new_rows old table as old_rows',
  delete: 'referencing old table as old_rows',
} as const;

/**
 * One statement-level trigger per event (each event has only its own transition tables), all calling
 * one function per table that queues the ids its event's SQL finds. Deleting a contact-child deletes its
 * fact straight away as well. Each statement is EXECUTEd, so it is planned for the rows this statement
 * changed: a plan PL/pgSQL cached for a one-row update would join the transition tables of a bulk
 * update of 40,000 people row by row.
 */
async function createQueueTrigger(db: Kysely<unknown>, trigger: QueueTrigger): Promise<void> {
  const fn = `insight_queue_${trigger.table}`;
  const events = (['insert', 'update', 'delete'] as const).filter((event) => trigger[event] !== undefined);
  const branches = events
    .map(
      (event) =>
        `if tg_op = '${event.toUpperCase()}' then
          execute $q$select insight_queue(array(${trigger[event]}))$q$;
        end if;`
    )
    .join('\n');
  const deleteFact = trigger.table === 'contact_child' ? DELETE_FACTS : '';
  await sql
    .raw(
      `create function ${fn}() returns trigger language plpgsql as $fn$
      begin
        ${branches}
        ${deleteFact}
        return null;
      end $fn$`
    )
    .execute(db);
  for (const event of events) {
    await sql
      .raw(
        `create trigger ${fn}_${event} after ${event} on ${trigger.table} ${REFERENCING[event]}
         for each statement execute function ${fn}()`
      )
      .execute(db);
  }
}
