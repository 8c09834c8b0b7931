/**
 * What the capacity model needs, measured from the front door's history for a period, each in one
 * set-based query: the children's contacts that arrived (with their RAG rating), how long each step took,
 * and how many actually met their RAG timescale.
 *
 * Step times come from timestamps, which record when work ended, not when it began. A step's time is
 * therefore measured only where the worker went straight from one piece of work to the next: the contact
 * was already waiting when they finished their previous one, on the same London day and within four hours.
 * Then the gap between their two finishes is the time this one took (breaks included, as they are in a
 * shift). Screening is a practitioner's run of recorded actions on one child's contact (RAG rating,
 * threshold assessment) ending in a proposed decision; authorisation is a manager's, from the proposal.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Rag } from '../../../platform/db/schema.ts';
import type { Arrival, Period } from './arrivals.ts';
import { RAGS, type Step } from './service-times.ts';

/** A gap longer than this between two finishes is not one piece of work (a meeting, a visit, a shift's end). */
const LONGEST_STEP_HOURS = 4;

export type StepSamples = Record<Step, Record<Rag, number[]>>;

export interface MeasuredHistory {
  readonly arrivals: Arrival[];
  /** Children's contacts received in the period with no RAG rating (not in the model). */
  readonly unrated: number;
  /** Minutes each measured step took, by RAG. */
  readonly samples: StepSamples;
  /** Children's contacts received in the period whose decision was authorised by their RAG due time. */
  readonly actual: { readonly met: Record<Rag, number>; readonly all: Record<Rag, number> };
}

const DAY_MS = 86_400_000;

export async function measureHistory(db: Db, period: Period): Promise<MeasuredHistory> {
  const [arrivals, unrated, screening, authorisation, actual] = await Promise.all([
    arrivalsIn(db, period),
    unratedIn(db, period),
    screeningMinutes(db, period),
    authorisationMinutes(db, period),
    actualTimeliness(db, period),
  ]);
  return {
    arrivals,
    unrated,
    samples: { screening: byRag(screening), authorisation: byRag(authorisation) },
    actual,
  };
}

async function arrivalsIn(db: Db, period: Period): Promise<Arrival[]> {
  const rows = await db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .where('c.received_at', '>=', period.from)
    .where('c.received_at', '<', period.to)
    .where('cc.rag', 'is not', null)
    .select(['cc.id', 'c.received_at as at', 'cc.rag'])
    .orderBy('c.received_at')
    .orderBy('cc.id')
    .execute();
  return rows.map((row) => ({ id: row.id, at: row.at, rag: row.rag! }));
}

async function unratedIn(db: Db, period: Period): Promise<number> {
  const row = await db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .where('c.received_at', '>=', period.from)
    .where('c.received_at', '<', period.to)
    .where('cc.rag', 'is', null)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

interface Sample {
  rag: Rag;
  minutes: number;
}

/** The back-to-back rule shared by both steps: same London day, within the longest a step can take. */
function backToBack(freeFrom: string, finished: string) {
  return sql<boolean>`(${sql.ref(freeFrom)} at time zone 'Europe/London')::date
      = (${sql.ref(finished)} at time zone 'Europe/London')::date
    and ${sql.ref(finished)} - ${sql.ref(freeFrom)} <= make_interval(hours => ${LONGEST_STEP_HOURS})`;
}

/** Practitioners' screening: from finishing work on another child's contact to proposing this one's decision. */
async function screeningMinutes(db: Db, period: Period): Promise<Sample[]> {
  // A day before the period, so the first decisions in it have the work before them.
  const from = new Date(period.from.getTime() - DAY_MS);
  const { rows } = await sql<Sample>`
    with actions as (
      select g.rated_by as worker, g.rated_at as at, g.contact_child_id as child, null::int as decision
      from rag_rating g where g.rated_by is not null and g.rated_at >= ${from} and g.rated_at < ${period.to}
      union all
      select a.assessed_by, a.assessed_at, a.contact_child_id, null
      from threshold_assessment a where a.assessed_at >= ${from} and a.assessed_at < ${period.to}
      union all
      select d.proposed_by, d.proposed_at, d.contact_child_id, d.id
      from decision d where d.proposed_by is not null and d.proposed_at >= ${from} and d.proposed_at < ${period.to}
    ), ordered as (
      select *, lag(at) over w as previous_at, lag(child) over w as previous_child
      from actions window w as (partition by worker order by at, child, decision nulls first)
    ), runs as (
      -- Consecutive actions on one child's contact are one piece of work.
      select *, sum(case when previous_child is distinct from child then 1 else 0 end)
        over (partition by worker order by at, child, decision nulls first rows unbounded preceding) as run
      from ordered
    ), started as (
      select *, first_value(previous_at) over (partition by worker, run order by at, child, decision nulls first) as free_from
      from runs
    )
    select cc.rag, extract(epoch from s.at - s.free_from)::float8 / 60 as minutes
    from started s
    join contact_child cc on cc.id = s.child
    join contact c on c.id = cc.contact_id
    where s.decision is not null and cc.rag is not null
      and s.at >= ${period.from} and s.at < ${period.to}
      and s.free_from >= c.recorded_at
      and ${backToBack('s.free_from', 's.at')}
  `.execute(db);
  return rows;
}

/** Managers' authorisation: from their previous authorisation to this one, the decision already proposed. */
async function authorisationMinutes(db: Db, period: Period): Promise<Sample[]> {
  const from = new Date(period.from.getTime() - DAY_MS);
  const { rows } = await sql<Sample>`
    with authorised as (
      select cc.rag, d.proposed_at, d.authorised_at as at,
        lag(d.authorised_at) over (partition by d.authorised_by order by d.authorised_at, d.id) as free_from
      from decision d join contact_child cc on cc.id = d.contact_child_id
      where d.authorised_by is not null and d.authorised_at >= ${from} and d.authorised_at < ${period.to}
    )
    select a.rag, extract(epoch from a.at - a.free_from)::float8 / 60 as minutes
    from authorised a
    where a.rag is not null and a.at >= ${period.from} and a.free_from >= a.proposed_at
      and ${backToBack('a.free_from', 'a.at')}
  `.execute(db);
  return rows;
}

async function actualTimeliness(db: Db, period: Period): Promise<MeasuredHistory['actual']> {
  const rows = await db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .where('c.received_at', '>=', period.from)
    .where('c.received_at', '<', period.to)
    .where('cc.rag', 'is not', null)
    .groupBy('cc.rag')
    .select([
      'cc.rag',
      sql<number>`count(*)::int`.as('all'),
      sql<number>`count(*) filter (where exists (
        select 1 from decision d where d.contact_child_id = cc.id and d.authorised_at <= cc.rag_due_at))::int`.as(
        'met'
      ),
    ])
    .execute();
  const zero = () => ({ red: 0, amber: 0, green: 0 });
  const actual = { met: zero(), all: zero() };
  for (const row of rows) {
    actual.met[row.rag!] = row.met;
    actual.all[row.rag!] = row.all;
  }
  return actual;
}

function byRag(samples: readonly Sample[]): Record<Rag, number[]> {
  const grouped = Object.fromEntries(RAGS.map((rag) => [rag, [] as number[]])) as Record<Rag, number[]>;
  for (const sample of samples) grouped[sample.rag].push(sample.minutes);
  return grouped;
}
