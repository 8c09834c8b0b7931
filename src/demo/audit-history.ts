import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { auditRowHash, type ChainedRow } from '../platform/audit/audit-chain.ts';
import { auditClassOf, type AuditAction } from '../platform/audit/audit-events.ts';
import { Random, weightedTable, zipfTable } from '../shared/random.ts';
import {
  insertRows,
  maxId,
  withIndexesAndForeignKeysDeferred,
  type ColumnSpec,
} from '../platform/db/bulk-insert.ts';

export interface AuditHistoryOptions {
  rows: number;
  years: number;
  now: Date;
  seed: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** What staff do all day, roughly as often as they do it. */
const ACTIONS = weightedTable<AuditAction>([
  ['person.view', 30],
  ['contact.queue_view', 12],
  ['person.search', 10],
  ['contact.view', 10],
  ['screening.view', 8],
  ['work.queue_view', 5],
  ['auth.sign_in', 5],
  ['auth.sign_out', 3],
  ['contact.record', 4],
  ['screening.rate', 3],
  ['performance.view', 2],
  ['information_request.view', 2],
  ['api_key.used', 2],
  ['auth.second_factor_passed', 2],
  ['auth.sign_in_failed', 0.5],
  ['access.denied', 0.3],
  ['person.details_change', 0.5],
  ['audit.search', 0.1],
]);

/** Rows built in memory at a time: the chain is hashed as they go, so memory stays flat at any size. */
const CHUNK = 50_000;

interface HistoryRow extends ChainedRow {
  atDate: Date;
}

const COLUMNS: ColumnSpec<HistoryRow>[] = [
  { name: 'id', type: 'int', value: (r) => Number(r.id) },
  { name: 'at', type: 'timestamptz', value: (r) => r.atDate },
  { name: 'event_class', type: 'text', value: (r) => r.event_class },
  { name: 'action', type: 'text', value: (r) => r.action },
  {
    name: 'actor_user_id',
    type: 'int',
    value: (r) => (r.actor_user_id === null ? null : Number(r.actor_user_id)),
  },
  { name: 'actor_role', type: 'text', value: (r) => r.actor_role },
  {
    name: 'actor_agency_id',
    type: 'int',
    value: (r) => (r.actor_agency_id === null ? null : Number(r.actor_agency_id)),
  },
  { name: 'record_type', type: 'text', value: (r) => r.record_type },
  { name: 'record_id', type: 'text', value: (r) => r.record_id },
  { name: 'ip', type: 'text', value: (r) => r.ip },
  { name: 'chain_seq', type: 'int', value: (r) => Number(r.chain_seq) },
  { name: 'prev_hash', type: 'text', value: (r) => r.prev_hash },
  { name: 'hash', type: 'text', value: (r) => r.hash },
];

/**
 * Years of audit history for benchmarks (`frontdoor seed --audit-rows N`): what a council's trail looks
 * like after years of use, spread over every member of staff (a few far busier than the rest), the
 * actions they take and the records they touch, evenly over the years before now.
 *
 * The rows join the hash chain exactly as sealed rows do (verifyAuditChain passes), continuing from the
 * chain head. Sealing row by row through the database's trigger would update the head millions of times
 * in one transaction, so instead the chain is hashed here (the same canonical text as the database's),
 * the rows are inserted with the sealing triggers off for this one transaction, and the head is moved to
 * the last row. This needs the table's owner, as seeding does. Details are `{}`: no personal data.
 */
export async function seedAuditHistory(db: Db, options: AuditHistoryOptions): Promise<void> {
  if (options.rows <= 0) return;
  const random = new Random(options.seed ^ 0x5eed00a7);
  await db.transaction().execute(async (trx) => {
    const head = await trx
      .selectFrom('audit_chain_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const staff = await trx
      .selectFrom('staff_user')
      .select(['id', 'role', 'agency_id'])
      .orderBy('id')
      .execute();
    const people = await highest(trx, 'person');
    const contacts = await highest(trx, 'contact');
    // Most events come from a few busy people; the tail did little.
    const actors = zipfTable(random.shuffle(staff), 1.1, 2);
    let id = (await maxId(trx, 'audit_event')) + 1;
    let seq = Number(head.seq) + 1;
    let previous = head.hash;
    const start = options.now.getTime() - options.years * 365.25 * 86_400_000;
    const step = (options.now.getTime() - 3_600_000 - start) / options.rows;
    await sql`alter table audit_event disable trigger audit_event_unsealed`.execute(trx);
    await sql`alter table audit_event disable trigger audit_event_seal`.execute(trx);
    await withIndexesAndForeignKeysDeferred(trx, ['audit_event'], async () => {
      for (let done = 0; done < options.rows; done += CHUNK) {
        const rows: HistoryRow[] = [];
        for (let i = done; i < Math.min(done + CHUNK, options.rows); i++) {
          const action = random.weighted(ACTIONS);
          const actor = random.weighted(actors);
          const record = recordOf(action, random, people, contacts);
          const atDate = new Date(Math.round(start + (i + random.next()) * step));
          const row: HistoryRow = {
            atDate,
            chain_seq: String(seq++),
            id: String(id++),
            at: atDate.toISOString().replace('Z', '000Z'),
            event_class: auditClassOf(action),
            action,
            actor_user_id: String(actor.id),
            actor_role: actor.role,
            actor_agency_id: actor.agency_id === null ? null : String(actor.agency_id),
            record_type: record?.[0] ?? null,
            record_id: record?.[1] ?? null,
            reason: null,
            ip: `10.${random.int(0, 3)}.${random.int(0, 255)}.${random.int(1, 254)}`,
            request_id: null,
            details: '{}',
            prev_hash: previous,
            hash: null,
          };
          row.hash = auditRowHash(row);
          previous = row.hash;
          rows.push(row);
        }
        await insertRows(trx, 'audit_event', COLUMNS, rows, { explicitIds: true });
        options.onProgress?.('Writing audit history', done + rows.length, options.rows);
      }
    });
    await trx
      .updateTable('audit_chain_head')
      .set({ seq: seq - 1, hash: previous })
      .where('id', '=', 1)
      .execute();
    await sql`alter table audit_event enable trigger audit_event_unsealed`.execute(trx);
    await sql`alter table audit_event enable trigger audit_event_seal`.execute(trx);
  });
}

async function highest(db: Db, table: 'person' | 'contact'): Promise<number> {
  return Math.max(1, await maxId(db, table));
}

function recordOf(
  action: AuditAction,
  random: Random,
  people: number,
  contacts: number
): [string, string] | null {
  if (action.startsWith('person.') && action !== 'person.search')
    return ['person', String(random.int(1, people))];
  if ((action.startsWith('contact.') && action !== 'contact.queue_view') || action.startsWith('screening.'))
    return ['contact', String(random.int(1, contacts))];
  return null;
}
