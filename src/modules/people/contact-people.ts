import type { Db } from '../../platform/db/database.ts';

/** The adults and other people named on a contact (parents, carers, a person alleged to cause harm). */
export function peopleNamedOnContact(db: Db, contactId: number) {
  return db
    .selectFrom('contact_person')
    .innerJoin('person', 'person.id', 'contact_person.person_id')
    .where('contact_person.contact_id', '=', contactId)
    .select([
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'contact_person.role',
      'contact_person.relationship',
    ])
    .orderBy('person.id')
    .execute();
}
