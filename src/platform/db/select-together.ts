import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from './database.ts';

/** A select to send with others, and which of its columns are timestamps (JSON carries them as text). */
export interface TogetherQuery<Row> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any tables: only the row type matters here
  query: SelectQueryBuilder<any, any, Row>;
  timestamps?: readonly (keyof Row & string)[];
}

type RowsOf<Together> = Together extends { query: infer Query } ? RowOf<Query>[] : never;

/** The columns of a row that hold timestamps. */
type TimestampColumns<Row> = {
  [Column in keyof Row]-?: [Extract<Row[Column], Date>] extends [never] ? never : Column;
}[keyof Row] &
  string;

/** A query's timestamp columns that its `timestamps` leaves out. */
type Unnamed<Together> = Together extends { query: infer Query; timestamps?: infer Named }
  ? Exclude<TimestampColumns<RowOf<Query>>, Named extends readonly (infer Column)[] ? Column : never>
  : never;

/**
 * Every query names exactly its timestamp columns: one left out, or a column that is not a timestamp (a date
 * would become a Date), is a type error that names it.
 */
type EveryTimestampNamed<Queries> = {
  [Name in keyof Queries]: Queries[Name] extends { query: infer Query }
    ? { query: Query; timestamps?: readonly TimestampColumns<RowOf<Query>>[] } & ([
        Unnamed<Queries[Name]>,
      ] extends [never]
        ? unknown
        : { unnamedTimestamps: Unnamed<Queries[Name]> })
    : never;
};

/** The row type of a select, for the function that makes its rows into what a page shows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any tables: only the row type matters here
export type RowOf<Query> = Query extends SelectQueryBuilder<any, any, infer Row> ? Row : never;

/**
 * Independent selects sent to the database as one statement, each one's rows gathered into a JSON array.
 * Every statement costs the service and PostgreSQL about 0.2 ms of CPU between them however little it
 * reads (building, sending, binding, answering), more than most of a record page's small reads cost to run,
 * so a page that needs several of them at once pays that once.
 *
 * The rows are what pg would have returned, but for one thing: JSON has no timestamp type, so the columns
 * named in `timestamps` are made Dates again (leaving one out is a type error that names it). Dates without a time stay 'YYYY-MM-DD' text and integers
 * numbers, as pg returns them here; booleans, arrays and json are alike either way. Each query's own
 * `order by` is kept: PostgreSQL aggregates a sorted subquery's rows in its order.
 */
export async function selectTogether<
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each query keeps its own row type
  const Queries extends Record<string, TogetherQuery<any>>,
>(
  db: Db,
  queries: Queries & EveryTimestampNamed<Queries>
): Promise<{ [Name in keyof Queries]: RowsOf<Queries[Name]> }> {
  const names = Object.keys(queries) as (keyof Queries & string)[];
  const row = await db
    .selectNoFrom(
      names.map((name) =>
        sql<
          unknown[]
        >`(select coalesce(json_agg(found), '[]'::json) from (${queries[name]!.query}) as found)`.as(name)
      )
    )
    .executeTakeFirstOrThrow();
  const answers = row as Record<string, Record<string, unknown>[]>;
  for (const name of names) {
    const timestamps = new Set<string>(queries[name]!.timestamps ?? []);
    for (const found of answers[name]!) {
      for (const column of timestamps) {
        const value = found[column];
        if (typeof value === 'string') found[column] = new Date(value);
      }
      if (CHECKING) refuseUnnamedTimestamps(name, found, timestamps);
    }
  }
  return answers as { [Name in keyof Queries]: RowsOf<Queries[Name]> };
}

/**
 * Under the tests, a timestamp column left out of `timestamps` (it would reach the page as text) is an
 * error that names it. Never in service: a note someone typed could look like a timestamp.
 */
const CHECKING = process.env.VITEST !== undefined;
const TIMESTAMP_JSON = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/;

function refuseUnnamedTimestamps(name: string, found: Record<string, unknown>, timestamps: Set<string>) {
  for (const [column, value] of Object.entries(found)) {
    if (typeof value === 'string' && !timestamps.has(column) && TIMESTAMP_JSON.test(value))
      throw new Error(`selectTogether: ${name}.${column} is a timestamp: name it in the query's timestamps`);
  }
}
