import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';
import { collectDependents, deleteGraph, foreignKeys } from './record-graph.ts';
import { retentionVerdict, type ChildRetentionFacts, type RetentionVerdict } from './retention-rules.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What one run found (and, unless it was a dry run, deleted). */
export interface RetentionReport {
  dryRun: boolean;
  today: string;
  /** Children's records looked at. */
  evaluated: number;
  /** Records past their retention date that will be (or were) deleted, with the rule. */
  due: RetentionVerdict[];
  /** Records past their retention date kept by a legal hold or open work. */
  heldBack: RetentionVerdict[];
  /** Rows deleted, by table (real runs only). */
  deleted?: Record<string, number>;
  /** Adults named only in contacts that were deleted, deleted with them (real runs only). */
  adultsDeleted?: number[];
  contactsDeleted?: number[];
}

/** The facts each rule needs, for every child (a person a contact was about) not merged into another record. */
export async function childRetentionFacts(db: Db): Promise<ChildRetentionFacts[]> {
  const { rows } = await sql<{
    id: number;
    dob: string | null;
    last_activity: string;
    open_work: boolean;
    kinds: string[];
    lado: boolean;
    held: boolean;
  }>`
    select p.id, coalesce(p.date_of_birth, p.expected_date_of_birth)::text as dob,
      greatest(
        (select max(c.received_at at time zone 'UTC')::date from contact_child cc
           join contact c on c.id = cc.contact_id where cc.person_id = p.id),
        (select max(cc.completed_at at time zone 'UTC')::date from contact_child cc where cc.person_id = p.id),
        (select max(je.at at time zone 'UTC')::date from journey_event je
           join contact_child cc on cc.id = je.contact_child_id where cc.person_id = p.id),
        (select max(greatest(r.referral_date, r.closed_date)) from referral r where r.person_id = p.id),
        (select max(greatest(i.started_on, i.ended_on)) from involvement i where i.person_id = p.id)
      )::text as last_activity,
      (exists (select 1 from contact_child cc where cc.person_id = p.id and cc.status <> 'completed')
        or exists (select 1 from referral r where r.person_id = p.id and r.closed_date is null)
        or exists (select 1 from involvement i where i.person_id = p.id and i.ended_on is null)) as open_work,
      array(select distinct i.kind from involvement i where i.person_id = p.id order by 1) as kinds,
      exists (select 1 from decision d join contact_child cc on cc.id = d.contact_child_id
        where cc.person_id = p.id and 'lado' = any(d.outcomes)) as lado,
      exists (select 1 from legal_hold h where h.person_id = p.id and h.released_at is null) as held
    from person p
    where p.merged_into_id is null and exists (select 1 from contact_child cc where cc.person_id = p.id)
    order by p.id`.execute(db);
  return rows.map((row) => ({
    personId: row.id,
    dateOfBirth: row.dob,
    lastActivityOn: row.last_activity,
    involvementKinds: row.kinds,
    ladoReferral: row.lado,
    openWork: row.open_work,
    legalHold: row.held,
  }));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** What a run would delete today, and why: nothing is changed. */
export async function retentionDryRun(db: Db, now: Date): Promise<RetentionReport> {
  const today = isoDay(now);
  const verdicts = (await childRetentionFacts(db)).map((facts) => retentionVerdict(facts, today));
  return {
    dryRun: true,
    today,
    evaluated: verdicts.length,
    due: verdicts.filter((verdict) => verdict.due),
    heldBack: verdicts.filter(
      (verdict) => verdict.keptBecause === 'legal_hold' || verdict.keptBecause === 'open_work'
    ),
  };
}

/**
 * Deletes, in one transaction, every child's record past its retention date (and not held), with
 * everything that depends on it; then contacts left with no child, and adults named only in those
 * contacts. Each deleted person and contact leaves a tombstone (type, id, rule, when: no personal
 * data) and the run leaves one audit row. Running it again deletes nothing more.
 */
export async function purgeExpiredRecords(
  db: Kysely<Database>,
  options: { now: Date; actorUserId?: number | null }
): Promise<RetentionReport> {
  return db.transaction().execute(async (trx) => {
    // One purge at a time, so two runs never race over the same rows.
    await sql`select pg_advisory_xact_lock(hashtext('frontdoor.retention'))`.execute(trx);
    const report = await retentionDryRun(trx, options.now);
    const dueIds = report.due.map((verdict) => verdict.personId);
    const keys = await foreignKeys(trx);
    const contactIds = dueIds.length
      ? (
          await trx
            .selectFrom('contact_child')
            .select('contact_id')
            .distinct()
            .where('person_id', 'in', dueIds)
            .execute()
        ).map((row) => row.contact_id)
      : [];
    const namedAdults = contactIds.length
      ? (
          await trx
            .selectFrom('contact_person')
            .select('person_id')
            .distinct()
            .where('contact_id', 'in', contactIds)
            .execute()
        ).map((row) => row.person_id)
      : [];

    const deleted: Record<string, number> = {};
    const add = (counts: Record<string, number>) => {
      for (const [table, count] of Object.entries(counts)) deleted[table] = (deleted[table] ?? 0) + count;
    };
    add(
      await deleteGraph(
        trx,
        await collectDependents(trx, [{ table: 'person', column: 'id', values: dueIds }], {
          lock: true,
          foreignKeys: keys,
        })
      )
    );

    const emptied = contactIds.length
      ? (
          await trx
            .selectFrom('contact as c')
            .select('c.id')
            .where('c.id', 'in', contactIds)
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb.selectFrom('contact_child as cc').select('cc.id').whereRef('cc.contact_id', '=', 'c.id')
                )
              )
            )
            .execute()
        ).map((row) => row.id)
      : [];
    add(
      await deleteGraph(
        trx,
        await collectDependents(trx, [{ table: 'contact', column: 'id', values: emptied }], {
          lock: true,
          foreignKeys: keys,
        })
      )
    );

    const orphans = namedAdults.length
      ? (
          await sql<{ id: number }>`
            select p.id from person p
            where p.id = any(${namedAdults})
              and not exists (select 1 from contact_person cp where cp.person_id = p.id)
              and not exists (select 1 from contact_child cc where cc.person_id = p.id)
              and not exists (select 1 from referral r where r.person_id = p.id)
              and not exists (select 1 from involvement i where i.person_id = p.id)
              and not exists (select 1 from legal_hold h where h.person_id = p.id and h.released_at is null)
            order by p.id`.execute(trx)
        ).rows.map((row) => row.id)
      : [];
    add(
      await deleteGraph(
        trx,
        await collectDependents(trx, [{ table: 'person', column: 'id', values: orphans }], {
          lock: true,
          foreignKeys: keys,
        })
      )
    );

    const tombstones = [
      ...report.due.map((verdict) => ({
        record_type: 'person',
        record_id: String(verdict.personId),
        rule: verdict.rule,
      })),
      ...emptied.map((id) => ({
        record_type: 'contact',
        record_id: String(id),
        rule: 'every_child_deleted',
      })),
      ...orphans.map((id) => ({
        record_type: 'person',
        record_id: String(id),
        rule: 'named_only_in_deleted_contacts',
      })),
    ].map((tombstone) => ({ ...tombstone, deleted_at: options.now }));
    for (let i = 0; i < tombstones.length; i += 1000)
      await trx
        .insertInto('retention_tombstone')
        .values(tombstones.slice(i, i + 1000))
        .execute();
    if (tombstones.length > 0)
      await writeAudit(
        trx,
        {
          action: 'retention.purge',
          actorUserId: options.actorUserId ?? null,
          recordType: 'retention',
          details: {
            children: dueIds.length,
            contacts: emptied.length,
            adults: orphans.length,
            heldBack: report.heldBack.length,
            rows: deleted,
          },
        },
        options.now
      );
    return { ...report, dryRun: false, deleted, contactsDeleted: emptied, adultsDeleted: orphans };
  });
}
