import { sql, type Kysely } from 'kysely';

/**
 * Candidate retrieval for person matching. `person_name_keys` gives the double metaphone codes
 * (primary and alternate) of every word of a person's given, family and previous family names,
 * accents folded, in one array with a GIN index: a query finds people whose names sound like its
 * own, whichever way round they were written and whichever half of a double-barrelled name was used.
 * Plain lower-case indexes count how common a name is, so common names weigh less.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Index builds run with a safe search_path (PostgreSQL 17): keep the one fuzzystrmatch was installed on.
    create function person_name_keys(given text, family text, previous text[]) returns text[]
    language sql immutable parallel safe set search_path from current as $$
      select coalesce(array_agg(distinct code) filter (where code <> ''), '{}')
      from regexp_split_to_table(
        translate(
          lower(concat_ws(' ', given, family, array_to_string(previous, ' '))),
          'áàâäãåāăąçćčďđéèêëēėęěğíìîïīįıłńňñóòôöõøōőśšşșťțúùûüūůűųýÿźżž''’.',
          'aaaaaaaaacccddeeeeeeeegiiiiiiilnnnoooooooossssttuuuuuuuuyyzzz'
        ),
        '[^a-z]+'
      ) as word,
      lateral (values (dmetaphone(word)), (dmetaphone_alt(word))) as codes(code)
      where word <> ''
    $$;

    create index person_name_keys on person
      using gin (person_name_keys(given_name, family_name, previous_family_names));
    create index person_family_name_lower on person (lower(family_name));
    create index person_given_name_lower on person (lower(given_name));
  `.execute(db);
}
