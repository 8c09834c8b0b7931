import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/**
 * Everything that hangs off a set of rows, found from the database's own foreign keys, so a table added
 * by a later migration is covered without a change here. Used to export everything about a person
 * and to delete a record with everything that depends on it.
 */

export interface ForeignKey {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
  /** A key over several columns: never followed; reaching its table is an error. */
  composite?: boolean;
}

/** Tables never followed: evidence and retention's own records. */
const NOT_FOLLOWED = new Set(['audit_event', 'audit_chain_head', 'retention_tombstone']);

/**
 * References followed the other way: a contact points at the consultation it came from, but deleting
 * or exporting a consultation about one child must not take in the whole contact (and every other child
 * in it). Deleting the consultation clears the contact's reference instead.
 */
const CLEARED_NOT_FOLLOWED = new Set(['contact.consultation_id']);

export async function foreignKeys(db: Kysely<Database>): Promise<ForeignKey[]> {
  const { rows } = await sql<ForeignKey & { columns: number }>`
    select cl.relname as "table", a.attname as "column", rcl.relname as "refTable", ra.attname as "refColumn",
      array_length(c.conkey, 1) as columns
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_namespace n on n.oid = cl.relnamespace
    join pg_class rcl on rcl.oid = c.confrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[1]
    where c.contype = 'f' and n.nspname = current_schema()
    order by 1, 2`.execute(db);
  return rows
    .filter((row) => !NOT_FOLLOWED.has(row.table))
    .map(({ table, column, refTable, refColumn, columns }) => ({
      table,
      column,
      refTable,
      refColumn,
      ...(Number(columns) !== 1 ? { composite: true } : {}),
    }));
}

export type Row = Record<string, unknown> & { ctid: string };

/** The rows found, by table, each with its ctid (unique within the transaction that found it). */
export type RecordGraph = Map<string, Row[]>;

/**
 * Collects the rows of `table` whose `column` is one of `values`, then every row that refers to a row
 * collected (following foreign keys downwards), breadth-first, each row once. With `lock`, every row
 * is locked FOR UPDATE so it cannot change before it is deleted.
 */
export async function collectDependents(
  db: Kysely<Database> | Transaction<Database>,
  roots: { table: string; column: string; values: unknown[] }[],
  options: { lock?: boolean; foreignKeys?: ForeignKey[] } = {}
): Promise<RecordGraph> {
  const keys = options.foreignKeys ?? (await foreignKeys(db));
  const graph: RecordGraph = new Map();
  const seen = new Map<string, Set<string>>();
  const queue = roots.filter((root) => root.values.length > 0);
  while (queue.length > 0) {
    const { table, column, values } = queue.shift()!;
    const lock = options.lock ? sql`for update` : sql``;
    const { rows } = await sql<Row>`
      select ctid::text as ctid, * from ${sql.table(table)}
      where ${sql.ref(column)} = any(${unique(values)}) ${lock}`.execute(db);
    const tableSeen = seen.get(table) ?? new Set<string>();
    seen.set(table, tableSeen);
    const fresh = rows.filter((row) => !tableSeen.has(row.ctid));
    if (fresh.length === 0) continue;
    for (const row of fresh) tableSeen.add(row.ctid);
    graph.set(table, [...(graph.get(table) ?? []), ...fresh]);
    for (const key of keys.filter(
      (fk) => fk.refTable === table && !CLEARED_NOT_FOLLOWED.has(`${fk.table}.${fk.column}`)
    )) {
      if (key.composite)
        throw new Error(
          `${key.table} refers to ${table} by several columns: record-graph.ts cannot follow it.`
        );
      const refs = unique(
        fresh.map((row) => row[key.refColumn]).filter((v) => v !== null && v !== undefined)
      );
      if (refs.length > 0) queue.push({ table: key.table, column: key.column, values: refs });
    }
  }
  return graph;
}

/**
 * Deletes every row of the graph in one statement. The foreign keys are checked at the end of the
 * statement, so the order within it does not matter (a contact and its consultation refer to each other).
 */
export async function deleteGraph(
  trx: Transaction<Database>,
  graph: RecordGraph
): Promise<Record<string, number>> {
  const tables = [...graph.keys()];
  if (tables.length === 0) return {};
  for (const key of await foreignKeys(trx)) {
    const parents = graph.get(key.refTable);
    if (!parents || !CLEARED_NOT_FOLLOWED.has(`${key.table}.${key.column}`)) continue;
    const deletedToo = (graph.get(key.table) ?? []).map((row) => row.ctid);
    await sql`update ${sql.table(key.table)} set ${sql.ref(key.column)} = null
      where ${sql.ref(key.column)} = any(${unique(parents.map((row) => row[key.refColumn]))})
        and ctid <> all(${deletedToo}::tid[])`.execute(trx);
  }
  const ctes = tables.map(
    (table, i) =>
      sql`${sql.id(`d${i}`)} as (delete from ${sql.table(table)} where ctid = any(${graph
        .get(table)!
        .map((row) => row.ctid)}::tid[]) returning 1)`
  );
  const counts = tables.map(
    (table, i) => sql`(select count(*) from ${sql.id(`d${i}`)})::int as ${sql.id(table)}`
  );
  const { rows } = await sql<
    Record<string, number>
  >`with ${sql.join(ctes)} select ${sql.join(counts)}`.execute(trx);
  return rows[0] ?? {};
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
