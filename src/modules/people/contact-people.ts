import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/select-together.ts';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import { relationshipKindOf, relationshipLabel } from './relationships/relationship-kinds.ts';

/**
 * The adults and other people named on a contact (parents, carers, a person alleged to cause harm),
 * with their relationship to the contact's children and how each was tied to the person index.
 * `restricted` means restricted to this viewer: a restricted record they hold no grant (or running
 * emergency access) to, whose name and date of birth are then left out, so the page says only
 * "a restricted record". Without a viewer every restricted record is withheld.
 */
export async function peopleNamedOnContact(db: Db, contactId: number, viewer?: RecordAccess) {
  return peopleNamedFrom(await peopleNamedQuery(db, contactId, viewer).execute());
}

/** The rows behind peopleNamedOnContact, for a caller sending it with other reads (selectTogether). */
export function peopleNamedQuery(db: Db, contactId: number, viewer?: RecordAccess) {
  return db
    .selectFrom('contact_person')
    .innerJoin('person', 'person.id', 'contact_person.person_id')
    .leftJoin('person_link_decision as link', (join) =>
      join
        .onRef('link.contact_id', '=', 'contact_person.contact_id')
        .onRef('link.person_id', '=', 'contact_person.person_id')
    )
    .where('contact_person.contact_id', '=', contactId)
    .select((eb) => (viewer ? viewer.personFactColumns(eb) : [sql<boolean>`false`.as('granted')]))
    .select([
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.restricted',
      'contact_person.role',
      'contact_person.relationship',
      'contact_person.relationship_kind',
      'link.choice',
      'link.reason as link_reason',
    ])
    .orderBy('person.id');
}

export function peopleNamedFrom(rows: RowOf<ReturnType<typeof peopleNamedQuery>>[]) {
  return rows.map(({ granted, ...row }) => ({
    ...row,
    ...(row.restricted && !granted
      ? { restricted: true, given_name: '', family_name: '', date_of_birth: null }
      : { restricted: false }),
    /** "Mother", "Partner of a parent": what this person is to the contact's children. */
    relationshipLabel: relationshipLabel(
      relationshipKindOf(row.role, row.relationship, row.relationship_kind ?? undefined),
      'to'
    ),
  }));
}
