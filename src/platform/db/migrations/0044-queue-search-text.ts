import { sql, type Kysely } from 'kysely';

/**
 * What the contacts queue searches, kept lower-cased on each child's part of a contact, one text to a line:
 * the contact's reference, the referrer's name and organisation, and the child's names on their record and
 * as the referrer described them. The search was an `ilike` of each of those seven texts for every open
 * child; `ilike` lower-cases its text on every call, and on a council of 2,500 open children that was 20 of
 * a search's 25 ms (the busiest statement of bench:load's mix). `search_text like lower(pattern)` is the
 * same test (ilike is lower(text) like lower(pattern)) with the lower-casing done once, when the texts
 * change. A searched word never holds a line break, so no match spans two texts.
 *
 * All of it is on the child's part, so a search reads no other table for the rows it filters: split
 * between the part and its contact, the search's `or` across two tables made PostgreSQL read every
 * contact to join them (15 ms with 2,500 open children). Triggers keep it current: the part works it out
 * when written, or when its contact, person or described child changes; a change to a person's names or
 * to a contact's reference or referrer works it out again for the parts that show them. Assigning the
 * reference, a new contact's last write, is such a change. Redacting a name redacts it here too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact_child add column search_text text;

    create function contact_child_search_text(of_contact integer, of_person integer, described jsonb)
      returns text language plpgsql stable as $fn$
    declare
      contact_texts text;
      person_names text;
    begin
      select concat_ws(E'\n', reference, referrer_name, referrer_organisation) into contact_texts
        from contact where id = of_contact;
      select concat_ws(E'\n', given_name, family_name) into person_names from person where id = of_person;
      return lower(concat_ws(E'\n', contact_texts, person_names, described->>'givenName', described->>'familyName'));
    end $fn$;

    create function contact_child_search_text_on_write() returns trigger language plpgsql as $fn$
    begin
      new.search_text := contact_child_search_text(new.contact_id, new.person_id, new.described_child);
      return new;
    end $fn$;
    create trigger contact_child_search_text before insert or update of contact_id, person_id, described_child
      on contact_child for each row execute function contact_child_search_text_on_write();

    create function contact_child_search_text_of_person() returns trigger language plpgsql
      security definer set search_path = public, pg_temp as $fn$
    begin
      update contact_child set search_text = contact_child_search_text(contact_id, person_id, described_child)
        where person_id = new.id;
      return null;
    end $fn$;
    create trigger person_search_text after update of given_name, family_name on person for each row
      when (old.given_name is distinct from new.given_name or old.family_name is distinct from new.family_name)
      execute function contact_child_search_text_of_person();

    create function contact_child_search_text_of_contact() returns trigger language plpgsql
      security definer set search_path = public, pg_temp as $fn$
    begin
      update contact_child set search_text = contact_child_search_text(contact_id, person_id, described_child)
        where contact_id = new.id;
      return null;
    end $fn$;
    create trigger contact_search_text after update of reference, referrer_name, referrer_organisation on contact
      for each row
      when (old.reference is distinct from new.reference or old.referrer_name is distinct from new.referrer_name
        or old.referrer_organisation is distinct from new.referrer_organisation)
      execute function contact_child_search_text_of_contact();

    update contact_child set search_text = contact_child_search_text(contact_id, person_id, described_child);
  `.execute(db);
}
