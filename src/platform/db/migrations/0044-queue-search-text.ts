import { sql, type Kysely } from 'kysely';

/**
 * What the contacts queue searches, kept lower-cased, one text to a line: on each contact its reference
 * and the referrer's name and organisation; on each child's part of a contact the child's names on their
 * record and as the referrer described them. The search was an `ilike` of each of those seven texts for
 * every open child; `ilike` lower-cases its text on every call, and on a council of 2,500 open children
 * that was 20 of a search's 25 ms (the busiest statement of bench:load's mix). `search_text like
 * lower(pattern)` is the same test (ilike is lower(text) like lower(pattern)) with the lower-casing done
 * once, when the texts change. A searched word never holds a line break, so no match spans two texts.
 *
 * The contact's is a generated column. The child's part's is set by a trigger when the part is written
 * or its person or described child changes, and again for every part that shows a person whose names
 * change. Redacting a name redacts it here too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact add column search_text text generated always as (lower(
      coalesce(reference, '') || E'\n' || coalesce(referrer_name, '') || E'\n' || coalesce(referrer_organisation, '')
    )) stored;

    alter table contact_child add column search_text text;

    create function contact_child_search_text(of_person integer, described jsonb) returns text
      language plpgsql stable as $fn$
    declare
      names text;
    begin
      select concat_ws(E'\n', given_name, family_name) into names from person where id = of_person;
      return lower(concat_ws(E'\n', names, described->>'givenName', described->>'familyName'));
    end $fn$;

    create function contact_child_search_text_on_write() returns trigger language plpgsql as $fn$
    begin
      new.search_text := contact_child_search_text(new.person_id, new.described_child);
      return new;
    end $fn$;
    create trigger contact_child_search_text before insert or update of person_id, described_child
      on contact_child for each row execute function contact_child_search_text_on_write();

    create function contact_child_search_text_of_person() returns trigger language plpgsql
      security definer set search_path = public, pg_temp as $fn$
    begin
      update contact_child set search_text = contact_child_search_text(person_id, described_child)
        where person_id = new.id;
      return null;
    end $fn$;
    create trigger person_search_text after update of given_name, family_name on person for each row
      when (old.given_name is distinct from new.given_name or old.family_name is distinct from new.family_name)
      execute function contact_child_search_text_of_person();

    update contact_child set search_text = contact_child_search_text(person_id, described_child);
  `.execute(db);
}
