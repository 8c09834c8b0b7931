import { sql, type Kysely } from 'kysely';

/**
 * Information requests per family and the coded lawful basis (issue 15, items 8, 12 and 13).
 *
 * A request now belongs to its contact (one per agency per contact) and names every person it asks
 * about in information_request_person, where the partner's answer about each person is kept; the
 * request keeps the overall summary. contact_child_id stays: it is the child whose screening the
 * request was sent from, which owns it for the access layer's scope checks.
 *
 * Existing per-child rows are kept as they are, not merged: each was sent, chased and answered on its
 * own (its journey steps and notifications name it), so merging siblings' rows would rewrite what a
 * partner was asked and said. Each gets its one child as the person it asks about; its answer stays
 * the request's overall answer.
 *
 * The lawful basis becomes two codes (UK GDPR Article 6, and Article 9 with the DPA 2018 Schedule 1
 * condition) in new columns; the old free-text column keeps older records' text and now holds the
 * detail typed with the codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact
      add column lawful_basis_personal_data text,
      add column lawful_basis_special_category text
  `.execute(db);
  await sql`
    alter table information_request
      add column contact_id integer references contact(id),
      add column lawful_basis_personal_data text,
      add column lawful_basis_special_category text
  `.execute(db);
  await sql`
    update information_request set contact_id = contact_child.contact_id
    from contact_child where contact_child.id = information_request.contact_child_id
  `.execute(db);
  await sql`alter table information_request alter column contact_id set not null`.execute(db);
  await sql`
    create index information_request_contact on information_request (contact_id, agency_id, status)
  `.execute(db);
  await sql`
    create table information_request_person (
      id serial primary key,
      information_request_id integer not null references information_request(id) on delete cascade,
      person_id integer not null references person(id) on delete cascade,
      contact_child_id integer references contact_child(id) on delete cascade,
      role text not null check (role in
        ('child', 'parent_or_carer', 'household_member', 'adult_of_concern', 'sibling')),
      relationship text,
      known_involvement text,
      risks text,
      strengths text,
      unique (information_request_id, person_id)
    )
  `.execute(db);
  await sql`
    create index information_request_person_child on information_request_person (contact_child_id)
  `.execute(db);
  await sql`
    create index information_request_person_person on information_request_person (person_id)
  `.execute(db);
  await sql`
    insert into information_request_person (information_request_id, person_id, contact_child_id, role)
    select ir.id, cc.person_id, cc.id, 'child'
    from information_request ir join contact_child cc on cc.id = ir.contact_child_id
    where cc.person_id is not null
  `.execute(db);
  // Whatever writes a request (a service, an import, a test), it belongs to its child's contact and asks
  // at least about that child: the database keeps both true.
  await sql`
    create function information_request_of_contact() returns trigger language plpgsql as $fn$
    begin
      if new.contact_id is null then
        select contact_id into new.contact_id from contact_child where id = new.contact_child_id;
      end if;
      return new;
    end
    $fn$
  `.execute(db);
  await sql`
    create trigger information_request_of_contact before insert on information_request
    for each row execute function information_request_of_contact()
  `.execute(db);
  await sql`
    create function information_request_asks_about_its_child() returns trigger language plpgsql as $fn$
    begin
      insert into information_request_person (information_request_id, person_id, contact_child_id, role)
      select new.id, cc.person_id, cc.id, 'child' from contact_child cc
      where cc.id = new.contact_child_id and cc.person_id is not null
      on conflict (information_request_id, person_id) do nothing;
      return null;
    end
    $fn$
  `.execute(db);
  await sql`
    create trigger information_request_asks_about_its_child after insert on information_request
    for each row execute function information_request_asks_about_its_child()
  `.execute(db);
}
