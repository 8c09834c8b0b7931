import { sql, type Kysely } from 'kysely';

/**
 * Immediate risk runs on real time, and no section 47 enquiry is left without an owner.
 * - A red timescale counted in working hours becomes the same number of clock hours (day and night),
 *   and the RAG due times of open red children are recomputed from when their contact was received,
 *   with the open information requests that were due by the old red time, so a running council is
 *   corrected at once (a red contact received at 06:30 on a Sunday is due at 10:30, not on Monday).
 * - Every strategy discussion has an owning team and worker. Existing ones are given the child's team
 *   and worker, else the recorder (and their team), else the front door.
 * - A notification can point at the strategy discussion whose conference date it chases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update council set settings = jsonb_set(settings, '{ragTimescales,red,unit}', '"hours"')
    where settings -> 'ragTimescales' -> 'red' ->> 'unit' = 'working_hours';

    create temporary table red_due_moves as
    select contact_child.id, contact_child.rag_due_at as old_due,
      contact.received_at + ((red.settings -> 'ragTimescales' -> 'red' ->> 'amount')::numeric
        * interval '1 hour') as new_due
    from contact_child
    join contact on contact.id = contact_child.contact_id
    cross join (select settings from council order by id limit 1) as red
    where red.settings -> 'ragTimescales' -> 'red' ->> 'unit' = 'hours'
      and contact_child.rag = 'red'
      and contact_child.rag_due_at is not null
      and contact_child.status <> 'completed';

    update information_request set due_at = red_due_moves.new_due
    from red_due_moves
    where information_request.contact_child_id = red_due_moves.id
      and information_request.status = 'open'
      and information_request.due_at = red_due_moves.old_due;

    update contact_child set rag_due_at = red_due_moves.new_due
    from red_due_moves
    where contact_child.id = red_due_moves.id;

    drop table red_due_moves;

    alter table strategy_discussion
      add column team_id integer references team(id),
      add column worker_id integer references staff_user(id);

    update strategy_discussion set
      worker_id = coalesce(contact_child.worker_id, strategy_discussion.recorded_by),
      team_id = coalesce(
        contact_child.team_id,
        (select team_id from staff_user where staff_user.id = contact_child.worker_id),
        (select team_id from staff_user where staff_user.id = strategy_discussion.recorded_by),
        (select id from team where kind = 'front_door' order by id limit 1),
        (select id from team order by id limit 1))
    from contact_child
    where contact_child.id = strategy_discussion.contact_child_id;

    alter table strategy_discussion
      alter column team_id set not null,
      alter column worker_id set not null;
    create index strategy_discussion_owner on strategy_discussion (team_id, worker_id);

    alter table notification add column strategy_discussion_id integer references strategy_discussion(id);
  `.execute(db);
}
