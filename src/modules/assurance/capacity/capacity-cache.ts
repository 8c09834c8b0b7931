/*
 * The capacity page's computed figures kept in the process, so a repeat view of a month (or of a what-if
 * already asked) does not measure the history and run the model and the replay again. Each entry is
 * used only while the month's data and the council's settings are as they were when it was computed:
 * a fingerprint of both, read in one cheap query, is compared on every view. Several processes each keep
 * their own; none can serve another's stale figures, because each checks the fingerprint itself.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Period } from './arrivals.ts';

/** A day before the period, as history.ts reads the work just before it (steps started the day before). */
const DAY_MS = 86_400_000;
/** Months and what-ifs kept at once; the oldest used goes first. */
const MAX_ENTRIES = 48;

/**
 * What the figures for a period are computed from, as one string: the children's contacts received in
 * it (their RAG ratings and due times), the ratings, threshold assessments and decisions whose times the
 * step times are measured from, and the decisions on those contacts (their timeliness), with the
 * council's settings (RAG timescales, working hours, bank holidays). Any change to these changes it.
 */
export async function capacityFingerprint(db: Db, period: Period, settings: unknown): Promise<string> {
  const from = new Date(period.from.getTime() - DAY_MS);
  const { rows } = await sql<{ fingerprint: string }>`
    with arrivals as (
      select cc.id, cc.rag, cc.rag_due_at from contact_child cc join contact c on c.id = cc.contact_id
      where c.received_at >= ${period.from} and c.received_at < ${period.to}
    ), decisions as (
      select d.id, d.status, d.proposed_at, d.authorised_at from decision d
      where d.contact_child_id in (select id from arrivals)
        or (d.proposed_at >= ${from} and d.proposed_at < ${period.to})
        or (d.authorised_at >= ${from} and d.authorised_at < ${period.to})
    )
    select concat_ws('|',
      (select md5(coalesce(string_agg(concat_ws(',', id, rag, rag_due_at), ';' order by id), '')) from arrivals),
      (select md5(coalesce(string_agg(concat_ws(',', id, status, proposed_at, authorised_at), ';' order by id), '')) from decisions),
      (select concat_ws(',', count(*), max(id)) from rag_rating where rated_at >= ${from} and rated_at < ${period.to}),
      (select concat_ws(',', count(*), max(id)) from threshold_assessment where assessed_at >= ${from} and assessed_at < ${period.to})
    ) as fingerprint
  `.execute(db);
  return `${rows[0]!.fingerprint}|${JSON.stringify(settings)}`;
}

/** A small least-recently-used store of computed values, each valid for one fingerprint. */
export class FingerprintedCache<T> {
  private readonly entries = new Map<string, { fingerprint: string; value: T }>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /** The value for `key` computed from data with this fingerprint, computing it if there is none. */
  async get(key: string, fingerprint: string, compute: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry && entry.fingerprint === fingerprint) {
      this.entries.set(key, entry);
      return entry.value;
    }
    const value = await compute();
    this.entries.set(key, { fingerprint, value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
