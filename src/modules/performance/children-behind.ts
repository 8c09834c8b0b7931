import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/*
 * The children behind any number on the performance pages (a measure, a month of its trend, a cell of
 * a breakdown or of the workload): the cases that number counts, counted and paged in SQL.
 */

type Sql = RawBuilder<unknown>;

/** The cases behind one number, as SQL. */
export interface ChildListing {
  /** `from … where …` selecting exactly the cases the number counts (more conditions may be ANDed on). */
  from: Sql;
  /** The child's record after merges; null for a child not yet linked to a record. */
  person: Sql;
  /** The date that placed the case in the number, as a date. */
  day: Sql;
  /** A short fact in words, e.g. 'No further action', '52 working days'. */
  fact: Sql;
  /** Orders cases of the same day, so that pages never overlap or skip. */
  key: Sql;
}

export interface ListedChild {
  personId: number;
  /** 'YYYY-MM-DD' */
  date: string;
  fact: string;
}

export interface ChildrenCounted {
  /** Every case the number counts: the number itself. */
  total: number;
  /** Those linked to a record, which are the ones listed. */
  linked: number;
  /** One page of the linked cases, oldest first. */
  rows: ListedChild[];
}

/** Counts the cases behind a number and reads one page (from 1) of those linked to a record. */
export async function pageOfChildren(
  db: Db,
  listing: ChildListing,
  page: number,
  pageSize: number
): Promise<ChildrenCounted> {
  const [counts, rows] = await Promise.all([
    sql<{ total: number; linked: number }>`
      select count(*)::int as total, count(${listing.person})::int as linked ${listing.from}`.execute(db),
    sql<ListedChild>`
      select ${listing.person} as "personId", ${listing.day}::text as date, ${listing.fact} as fact
      ${listing.from} and ${listing.person} is not null
      order by ${listing.day}, ${listing.key}
      limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db),
  ]);
  const { total, linked } = counts.rows[0]!;
  return { total, linked, rows: rows.rows };
}
