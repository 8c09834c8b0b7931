import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit row as text, exactly as the database's audit_event_canonical (migrations 0011 and 0043) reads it. */
export interface ChainedRow {
  chain_seq: string | null;
  id: string;
  at: string;
  event_class: string;
  action: string;
  actor_user_id: string | null;
  actor_role: string | null;
  actor_agency_id: string | null;
  record_type: string | null;
  record_id: string | null;
  reason: string | null;
  ip: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string | null;
  hash: string | null;
}

/**
 * The text a row's hash covers: each field as its length in characters, ':' and the text, or '-' for
 * null, joined by '|' after a version tag. Mirrors audit_event_canonical (migration 0043), so a row
 * edited by anyone (even a database administrator with the triggers off) no longer matches its hash.
 */
export function canonicalAuditText(row: ChainedRow): string {
  const fields = [
    row.chain_seq,
    row.id,
    row.at,
    row.event_class,
    row.action,
    row.actor_user_id,
    row.actor_role,
    row.actor_agency_id,
    row.record_type,
    row.record_id,
    row.reason,
    row.ip,
    row.request_id,
    row.details,
    row.prev_hash,
  ];
  return `v1|${fields.map((field) => (field === null ? '-' : `${[...field].length}:${field}`)).join('|')}`;
}

export function auditRowHash(row: ChainedRow): string {
  return createHash('sha256').update(canonicalAuditText(row), 'utf8').digest('hex');
}

export type ChainVerdict =
  | { intact: true; rows: number; headHash: string }
  | {
      intact: false;
      rows: number;
      /** The first row that does not fit the chain (null when the break is after the last row). */
      brokenRowId: number | null;
      chainSeq: number | null;
      problem: string;
    };

const BATCH = 2000;

/**
 * Walks the audit chain in order, in batches (never the whole table in memory), and reports the first
 * row whose hash, predecessor or position is wrong; then checks the chain head matches the last row,
 * so rows removed from the end are noticed too. Rows are sealed in the transaction that adds them, so
 * a committed row with no hash was slipped in with the triggers off. The head hash it returns can be
 * recorded elsewhere: a later run that ends in a different hash at that position shows a rewrite.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerdict> {
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const batch = await sql<ChainedRow>`
      select chain_seq::text, id::text,
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
        event_class, action, actor_user_id::text, actor_role, actor_agency_id::text,
        record_type, record_id, reason, ip, request_id, details::text as details, prev_hash, hash
      from audit_event
      where chain_seq >= ${expectedSeq}
      order by audit_event.chain_seq
      limit ${BATCH}`.execute(db);
    for (const row of batch.rows) {
      const seq = Number(row.chain_seq);
      const broken = (problem: string): ChainVerdict => ({
        intact: false,
        rows,
        brokenRowId: Number(row.id),
        chainSeq: seq,
        problem,
      });
      if (seq !== expectedSeq)
        return broken(
          `rows ${expectedSeq}${seq - 1 > expectedSeq ? `–${seq - 1}` : ''} of the chain are missing before it`
        );
      if (row.prev_hash !== previousHash) return broken('it does not carry the hash of the row before it');
      if (row.hash !== auditRowHash(row)) return broken('its contents no longer match its hash');
      previousHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (batch.rows.length < BATCH) break;
  }
  const outside = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('hash', 'is', null)
    .executeTakeFirst();
  if (outside?.id != null)
    return {
      intact: false,
      rows,
      brokenRowId: Number(outside.id),
      chainSeq: null,
      problem: 'it was added outside the chain (with the database triggers turned off)',
    };
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!head || Number(head.seq) !== rows || head.hash !== previousHash)
    return {
      intact: false,
      rows,
      brokenRowId: null,
      chainSeq: rows + 1,
      problem: `the chain ends at row ${rows} but its head says ${head ? Number(head.seq) : 'nothing'}: rows were removed from the end`,
    };
  return { intact: true, rows, headHash: previousHash };
}
