import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export const ACCESS_LOG_PAGE_SIZE = 50;

/** Record types whose audit rows are about a child through a row naming their person id. */
const BY_CHILD = [
  'contact_child',
  'decision',
  'information_request',
  'strategy_discussion',
  'handover',
] as const;

/** One page of a person's audit rows, newest first, with who acted and through which page. */
export async function accessLogOf(db: Db, personId: number, page: number) {
  const person = await db
    .selectFrom('person')
    .where('id', '=', personId)
    .select(['id', 'given_name', 'family_name'])
    .executeTakeFirst();
  const rows = await db
    .selectFrom('audit_event as e')
    .leftJoin('staff_user as u', 'u.id', 'e.actor_user_id')
    .where('e.event_class', 'in', ['access', 'change', 'denied', 'export'])
    .where((eb) =>
      eb.or([
        sql<boolean>`e.details -> 'personIds' @> ${JSON.stringify([personId])}::jsonb`,
        eb.and([eb('e.record_type', '=', 'person'), eb('e.record_id', '=', String(personId))]),
        eb.and([
          eb('e.record_type', '=', 'contact'),
          eb(
            'e.record_id',
            'in',
            eb
              .selectFrom('contact_child')
              .where('person_id', '=', personId)
              .select(sql<string>`contact_id::text`.as('id'))
              .union(
                eb
                  .selectFrom('contact_person')
                  .where('person_id', '=', personId)
                  .select(sql<string>`contact_id::text`.as('id'))
              )
          ),
        ]),
        ...BY_CHILD.map((recordType) => aboutChild(recordType, personId)),
      ])
    )
    .select([
      'e.id',
      'e.at',
      'e.event_class',
      'e.action',
      'e.record_type',
      'e.record_id',
      sql<string | null>`e.details ->> 'page'`.as('page'),
      'u.username',
      'u.display_name',
      'e.actor_role',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(ACCESS_LOG_PAGE_SIZE + 1)
    .offset((page - 1) * ACCESS_LOG_PAGE_SIZE)
    .execute();
  return { person, rows };
}

/** Audit rows about a record that belongs to one of the child's parts of a contact. */
function aboutChild(recordType: (typeof BY_CHILD)[number], personId: number) {
  const ids =
    recordType === 'contact_child'
      ? sql`select id::text from contact_child where person_id = ${personId}`
      : sql`select about.id::text from ${sql.table(recordType)} about
            join contact_child about_child on about_child.id = about.contact_child_id
            where about_child.person_id = ${personId}`;
  return sql<boolean>`(e.record_type = ${recordType} and e.record_id in (${ids}))`;
}
