import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { WEEKDAYS, type ConsistencyDecision, type TimeBand } from '../consistency/consistency-model.ts';

/*
 * For tests: writes the synthetic decisions (synthetic.ts) into the records as contacts, children and
 * authorised decisions, so the consistency pages can be checked end to end against a planted effect.
 * Names get a prefix so they never meet the seeded council's; each decision is received on its weekday
 * of one of 50 weeks from `firstMonday`, at an hour in its time band, allocated to the worker who
 * proposes the decision, and authorised an hour later: within the RAG time, but for a red rating (due
 * in 45 minutes).
 */

const HOUR_OF_BAND: Record<TimeBand, number> = { night: 2, morning: 9, afternoon: 14, evening: 19 };
const WEEKS = 50;

export interface PlantOptions {
  /** 'YYYY-MM-DD', a Monday. */
  firstMonday: string;
  /** Put before every team, worker, manager and agency name, and every contact reference. */
  prefix: string;
}

/** The decisions as the extraction should read them back: the same, with the names prefixed. */
export function asRecorded(decisions: readonly ConsistencyDecision[], prefix: string): ConsistencyDecision[] {
  return decisions.map((decision) => ({
    ...decision,
    team: `${prefix}${decision.team}`,
    worker: `${prefix}${decision.worker}`,
    manager: `${prefix}${decision.manager}`,
    agency: `${prefix}${decision.agency}`,
  }));
}

export async function plantDecisions(
  db: Db,
  decisions: readonly ConsistencyDecision[],
  options: PlantOptions
): Promise<void> {
  const recorded = asRecorded(decisions, options.prefix);
  const council = await db
    .selectFrom('agency')
    .where('kind', '=', 'council')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const teams = await idsByName(db, 'team', unique(recorded.map((d) => d.team)), (name) => ({
    name,
    kind: 'front_door' as const,
    agency_id: council.id,
  }));
  const staffNames = unique(recorded.flatMap((d) => [d.worker, d.manager]));
  const staff = await idsByName(db, 'staff_user', staffNames, (name, index) => ({
    username: `${options.prefix.toLowerCase().replace(/[^a-z]/g, '')}.${index}`,
    display_name: name,
    email: `${options.prefix.toLowerCase().replace(/[^a-z]/g, '')}.${index}@example.invalid`,
    role: 'front_door_practitioner' as const,
    agency_id: council.id,
  }));
  const agencies = await idsByName(db, 'agency', unique(recorded.map((d) => d.agency)), (name) => ({
    name,
    kind: 'other' as const,
  }));
  const first = Date.parse(`${options.firstMonday}T00:00:00Z`);
  const days = recorded.map((decision, index) => {
    const offset = (index % WEEKS) * 7 + WEEKDAYS.indexOf(decision.weekday);
    return new Date(first + offset * 86_400_000).toISOString().slice(0, 10);
  });
  const reference = `${options.prefix}`;
  await sql`
    insert into contact (reference, received_at, recorded_at, channel, referral_source, referrer_agency_id,
      out_of_hours, consent_status)
    select ${reference} || u.n, (u.d + make_interval(hours => u.h)) at time zone 'Europe/London',
      (u.d + make_interval(hours => u.h)) at time zone 'Europe/London', 'phone', '5A', u.a, u.o, 'given'
    from unnest(${days}::date[], ${recorded.map((d) => HOUR_OF_BAND[d.timeBand])}::int[],
      ${recorded.map((d) => agencies.get(d.agency)!)}::int[], ${recorded.map((d) => d.outOfHours)}::boolean[])
      with ordinality as u(d, h, a, o, n)
    order by u.n`.execute(db);
  await sql`
    insert into contact_child (contact_id, status, team_id, worker_id, decision_due_at, rag, rag_due_at)
    select c.id, 'completed', u.t, u.w, c.received_at + interval '1 day', u.r,
      c.received_at + case when u.r = 'red' then interval '45 minutes' else interval '1 day' end
    from unnest(${recorded.map((d) => teams.get(d.team)!)}::int[], ${recorded.map((d) => staff.get(d.worker)!)}::int[],
      ${recorded.map((d) => d.rag)}::text[]) with ordinality as u(t, w, r, n)
    join contact c on c.reference = ${reference} || u.n
    order by u.n`.execute(db);
  await sql`
    insert into decision (contact_child_id, outcome, indicated_level, chosen_level, rationale, proposed_by,
      proposed_at, status, authorised_by, authorised_at, rag)
    select cc.id, case when u.e then 'assessment' else 'no_further_action' end, u.l, u.l, 'Planted', u.w,
      c.received_at + interval '30 minutes', 'authorised', u.m, c.received_at + interval '1 hour', u.r
    from unnest(${recorded.map((d) => d.escalated)}::boolean[], ${recorded.map((d) => d.indicatedLevel)}::int[],
      ${recorded.map((d) => staff.get(d.worker)!)}::int[], ${recorded.map((d) => staff.get(d.manager)!)}::int[],
      ${recorded.map((d) => d.rag)}::text[]) with ordinality as u(e, l, w, m, r, n)
    join contact c on c.reference = ${reference} || u.n
    join contact_child cc on cc.contact_id = c.id
    order by u.n`.execute(db);
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

async function idsByName<T extends 'team' | 'staff_user' | 'agency'>(
  db: Db,
  table: T,
  names: readonly string[],
  row: (name: string, index: number) => Record<string, unknown>
): Promise<Map<string, number>> {
  const inserted = await db
    .insertInto(table as 'agency')
    .values(names.map((name, index) => row(name, index)) as never)
    .returning('id')
    .execute();
  return new Map(names.map((name, index) => [name, inserted[index]!.id]));
}
