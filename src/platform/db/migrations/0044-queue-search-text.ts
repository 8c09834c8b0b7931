import { sql, type Kysely } from 'kysely';

/**
 * What the contacts queue searches, kept lower-cased on each child's part of a contact: the contact's
 * reference, the child's names on their record and as the referrer described them, and the referrer's
 * name and organisation, one to a line. The search was an `ilike` of each of those seven texts for every
 * open child; `ilike` lower-cases its text on every call, and on a council of 2,500 open children that
 * was 20 of a search's 25 ms (the busiest statement of bench:load's mix). `search_text like lower(pattern)`
 * is the same test (ilike is lower(text) like lower(pattern)) with the lower-casing done once, when
 * the texts change. A searched word never holds a line break, so no match spans two texts.
 *
 * Triggers keep it current: a child's part works it out when written (or its person, described child or
 * contact changes), and a change to a person's names or to a contact's reference or referrer's details
 * works it out again for the parts that show them. Redacting a name redacts it here too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact_child add column search_text text;

    create function contact_child_search_text(of_contact integer, of_person integer, described jsonb)
      returns text language sql stable as $fn$
      select lower(concat_ws(E'\n', c.reference, p.given_name, p.family_name,
        described->>'givenName', described->>'familyName', c.referrer_name, c.referrer_organisation))
      from contact c left join person p on p.id = of_person
      where c.id = of_contact
    $fn$;

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
