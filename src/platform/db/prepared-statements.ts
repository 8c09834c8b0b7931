import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * The service's repeated statements, run as prepared statements: PostgreSQL parses and plans a statement
 * sent unnamed every time, and on the service's mixed traffic that was most of the database's work (in
 * bench:load, parsing and planning took nearly four times as long as running). A statement's text is given a
 * name once it has been seen a few times; pg then parses it once per connection, and PostgreSQL plans it
 * afresh for its first five runs and afterwards keeps a generic plan when that is no dearer.
 *
 * Only single data statements are named (select, insert, update, delete, with): transaction control, SET,
 * VACUUM and schema changes are sent as they are. The names are bounded, so statements whose text varies
 * (a list of ids of every length) cannot grow the server's memory without end.
 */
export function preparingPool(pool: pg.Pool, atMost: number): PostgresPool {
  // One set of names per pool: every Kysely over it sends its statements on the same connections.
  const names = namesOf.get(pool) ?? namesOf.set(pool, new StatementNames(atMost)).get(pool)!;
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrapped.get(client);
      if (!wrapper) {
        wrapper = preparingClient(client, names);
        wrapped.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

const namesOf = new WeakMap<pg.Pool, StatementNames>();

function preparingClient(client: pg.PoolClient, names: StatementNames): PostgresPoolClient {
  const run = async (text: string, values: unknown[]) => {
    const name = names.nameOf(text);
    if (!name) return client.query(text, values);
    try {
      return await client.query({ name, text, values });
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      // A table it reads changed shape (a newer process migrated it): sent unnamed from now on.
      names.refuse(text);
      return client.query(text, values);
    }
  };
  const query = (text: unknown, values?: readonly unknown[]) =>
    typeof text === 'string' ? run(text, [...(values ?? [])]) : client.query(text as pg.Submittable);
  return { query, release: () => client.release() } as unknown as PostgresPoolClient;
}

/** PostgreSQL's refusal to run a prepared statement whose result columns a schema change altered. */
function isStalePlan(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

/** Times a text is sent unnamed before it is named: a statement run once is not worth keeping. */
const SEEN_BEFORE_NAMING = 2;
/** Texts counted at most while waiting to be named; past it the count starts again. */
const COUNTED_AT_MOST = 10_000;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

class StatementNames {
  private readonly named = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private readonly refused = new Set<string>();
  private issued = 0;

  /** `atMost`: statements named at most, per process (each connection keeps those it has run). */
  constructor(private readonly atMost: number) {}

  nameOf(text: string): string | undefined {
    const name = this.named.get(text);
    if (name !== undefined) return name;
    if (this.refused.has(text)) return undefined;
    if (this.issued >= this.atMost || !DATA_STATEMENT.test(text) || text.includes(';')) return undefined;
    const times = (this.seen.get(text) ?? 0) + 1;
    if (times < SEEN_BEFORE_NAMING) {
      if (this.seen.size >= COUNTED_AT_MOST) this.seen.clear();
      this.seen.set(text, times);
      return undefined;
    }
    this.seen.delete(text);
    this.issued += 1;
    const fresh = `frontdoor_${this.issued}`;
    this.named.set(text, fresh);
    return fresh;
  }

  /** Never names `text` again (and never reuses its name for another). */
  refuse(text: string): void {
    this.named.delete(text);
    this.refused.add(text);
  }
}
