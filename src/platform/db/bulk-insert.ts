import { sql, type QueryExecutorProvider } from 'kysely';

type Value = string | number | boolean | Date | readonly string[] | null;

/** One column of a bulk insert: its SQL name, its SQL element type and how to read it from a row. */
export interface ColumnSpec<Row> {
  readonly name: string;
  readonly type: 'int' | 'text' | 'date' | 'timestamptz' | 'boolean' | 'text[]';
  readonly value: (row: Row) => Value;
}

/** Rows per statement: big enough that per-statement costs vanish, small enough to report progress. */
const CHUNK_ROWS = 10_000;

export interface BulkInsertOptions {
  /** Set when the rows carry precomputed ids (`overriding system value`); the sequence is moved past them after. */
  explicitIds?: boolean;
  onChunk?: (done: number, total: number) => void;
}

/**
 * Inserts rows with one `insert … select … from unnest($1::int[], $2::text[], …)` per chunk: one array
 * parameter per column, so a chunk of thousands of rows is a single round trip with a handful of
 * parameters. Works the same on PGlite and PostgreSQL.
 */
export async function insertRows<Row>(
  db: QueryExecutorProvider,
  table: string,
  columns: readonly ColumnSpec<Row>[],
  rows: readonly Row[],
  options: BulkInsertOptions = {}
): Promise<void> {
  const names = sql.raw(columns.map((column) => column.name).join(', '));
  // unnest cannot yield arrays (a text[][] parameter would be flattened), so a text[] column travels as
  // its array literal in a text[] parameter and is cast back per row.
  const selected = sql.raw(
    columns.map((column) => (column.type === 'text[]' ? `${column.name}::text[]` : column.name)).join(', ')
  );
  const overriding = sql.raw(options.explicitIds ? 'overriding system value' : '');
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    const arrays = columns.map(
      (column) =>
        sql`${chunk.map((row) => toParameter(column.value(row)))}::${sql.raw(elementType(column))}[]`
    );
    await sql`insert into ${sql.table(table)} (${names}) ${overriding}
      select ${selected} from unnest(${sql.join(arrays)}) as row_values (${names})`.execute(db);
    options.onChunk?.(Math.min(start + CHUNK_ROWS, rows.length), rows.length);
  }
  if (options.explicitIds && rows.length > 0) await moveIdentityPastMax(db, table);
}

/** After inserting explicit ids, the identity sequence must continue after the largest one. */
async function moveIdentityPastMax(db: QueryExecutorProvider, table: string): Promise<void> {
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
    db
  );
}

/** The largest id already in a table (0 when empty), so precomputed ids never collide with existing rows. */
export async function maxId(db: QueryExecutorProvider, table: string): Promise<number> {
  const { rows } = await sql<{ max: number | null }>`select max(id) as max from ${sql.table(table)}`.execute(
    db
  );
  return Number(rows[0]?.max ?? 0);
}

function elementType<Row>(column: ColumnSpec<Row>): string {
  return column.type === 'text[]' ? 'text' : column.type;
}

function toParameter(value: Value): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return value as string | number | boolean | null;
}

function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * Runs a bulk load with the tables' plain (non-unique) indexes and foreign keys taken off, then puts
 * them back exactly as they were, from definitions read out of the catalog. This is PostgreSQL's own
 * advice for populating a database: one index build and one foreign-key check per table rather than
 * one per row. Inside a transaction, nobody ever sees the tables without them.
 */
export async function withIndexesAndForeignKeysDeferred<Result>(
  db: QueryExecutorProvider,
  tables: readonly string[],
  load: () => Promise<Result>
): Promise<Result> {
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select i.relname as name, pg_get_indexdef(i.oid) as definition
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    where t.relname = any(${tables}) and t.relnamespace = current_schema()::regnamespace
      and not x.indisunique and not x.indisprimary and not x.indisexclusion`.execute(db);
  const { rows: foreignKeys } = await sql<{ table: string; name: string; definition: string }>`
    select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    where c.contype = 'f' and t.relname = any(${tables}) and t.relnamespace = current_schema()::regnamespace`.execute(
    db
  );
  for (const key of foreignKeys) {
    await sql`alter table ${sql.table(key.table)} drop constraint ${sql.id(key.name)}`.execute(db);
  }
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  const result = await load();
  for (const index of indexes) await sql.raw(index.definition).execute(db);
  for (const key of foreignKeys) {
    await sql`alter table ${sql.table(key.table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(
      db
    );
  }
  return result;
}
