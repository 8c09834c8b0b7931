import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { isPartnerAgency } from './permissions.ts';
import {
  judgeUnusualAccess,
  UNUSUAL_ACCESS_WINDOW_MINUTES,
  unusualAccessWindowStart,
  type AccessTrace,
  type UnusualAccessReason,
} from './unusual-access.ts';

/** More than this many traces in a window is already far past every limit. */
const TRACES_READ = 1000;

const REASON_TEXT: Record<UnusualAccessReason, string> = {
  outside_work: 'opened many children’s records that are not in their or their team’s work',
  sequential_ids: 'opened or tried record ids one after another',
  refused_ids: 'was refused many record ids',
};

/** Whose use is judged: a signed-in member of staff, or a partner system's API key. */
type Subject =
  { kind: 'user'; actor: Actor } | { kind: 'api_key'; apiKeyId: number; agencyId: number; name: string };

/** A trace just written, as the rule tells traces apart (see recentTraces). */
export interface WrittenTrace {
  action: string;
  recordType: string;
  recordId: string | number;
  personIds: number[];
}

/**
 * After each read or refusal through RecordAccess: judges the actor's last hour (judgeUnusualAccess)
 * and, the first time in a window that it looks unusual, tells every administrator and the actor's
 * team managers (an `unusual_access` notification, one per recipient per window by its event key) and
 * writes an `access.unusual` audit row. Ids and counts only: no child is named.
 *
 * A read this process judged within the window, read again, is not judged again (see judgedRecently).
 */
export async function watchForUnusualAccess(
  db: Db,
  actor: Actor,
  now: Date,
  written?: WrittenTrace
): Promise<void> {
  const key = written && traceKey(written);
  if (key && judgedRecently(db, actor.userId, key, now)) return;
  const rows = await recentTraces(db, now, (eb) => eb('actor_user_id', '=', actor.userId));
  await judgeAndRaise(db, { kind: 'user', actor }, rows, now);
  if (key) rememberJudged(db, actor.userId, key, now);
}

/*
 * Why a repeat need not be judged: the rule counts distinct traces, so a trace adds nothing to a window
 * that already holds it. Let t be the latest judgement before now (in any process: every trace not
 * skipped is judged). Each trace written since t was skipped, so its earlier judgement fell within the
 * hour before it, and so after t minus an hour: its key was in t's window. Every trace older than t and
 * still in the window was in t's window too. So the window now holds no key that t's did not, and t
 * raised anything there was to raise. Kept per process and per database (tests open many), for at most
 * the window; a user's memory is bounded, past which every read is judged as before.
 */
export const JUDGED_KEYS_PER_USER = 2000;
const judged = new WeakMap<Db, Map<number, Map<string, number>>>();

function traceKey(trace: WrittenTrace): string {
  return `${trace.action}|${trace.recordType}|${trace.recordId}|${trace.personIds.join(',')}`;
}

export function judgedRecently(db: Db, userId: number, key: string, now: Date): boolean {
  const judgedAt = judged.get(db)?.get(userId)?.get(key);
  const age = judgedAt === undefined ? Infinity : now.getTime() - judgedAt;
  return age >= 0 && age < UNUSUAL_ACCESS_WINDOW_MINUTES * 60_000;
}

export function rememberJudged(db: Db, userId: number, key: string, now: Date): void {
  const users = judged.get(db) ?? new Map<number, Map<string, number>>();
  judged.set(db, users);
  const keys = users.get(userId) ?? new Map<string, number>();
  users.set(userId, keys);
  if (keys.size >= JUDGED_KEYS_PER_USER) {
    const windowStart = now.getTime() - UNUSUAL_ACCESS_WINDOW_MINUTES * 60_000;
    for (const [stale, at] of keys) if (at < windowStart || at > now.getTime()) keys.delete(stale);
    if (keys.size >= JUDGED_KEYS_PER_USER) return;
  }
  keys.set(key, now.getTime());
}

/**
 * The same for a partner system's API key (which acts for no member of staff): its refused and
 * sequential request ids, judged as a partner agency's, told to administrators.
 */
export async function watchApiKeyForUnusualAccess(
  db: Db,
  key: { id: number; agencyId: number },
  now: Date
): Promise<void> {
  const rows = await recentTraces(db, now, (eb) =>
    eb.and([eb('actor_user_id', 'is', null), eb(sql<string>`details ->> 'apiKeyId'`, '=', String(key.id))])
  );
  const named = await db
    .selectFrom('partner_api_key')
    .where('id', '=', key.id)
    .select('name')
    .executeTakeFirst();
  await judgeAndRaise(
    db,
    { kind: 'api_key', apiKeyId: key.id, agencyId: key.agencyId, name: named?.name ?? `key ${key.id}` },
    rows,
    now
  );
}

interface TraceRow {
  action: string;
  record_type: string | null;
  record_id: string | null;
  person_ids: unknown;
}

/**
 * The subject's latest traces in the window, each distinct one once: the rule counts distinct children
 * and ids, so the same record read again adds nothing, and a busy hour's repeats (hundreds of rows, read
 * after every record opened) are folded by the database rather than sent and parsed each time.
 */
function recentTraces(
  db: Db,
  now: Date,
  whose: (eb: ExpressionBuilder<Database, 'audit_event'>) => Expression<SqlBool>
): Promise<TraceRow[]> {
  const since = new Date(now.getTime() - UNUSUAL_ACCESS_WINDOW_MINUTES * 60_000);
  const latest = db
    .selectFrom('audit_event')
    .where('at', '>=', since)
    .where('event_class', 'in', ['access', 'denied'])
    .where(whose)
    .select(['action', 'record_type', 'record_id', sql<unknown>`details -> 'personIds'`.as('person_ids')])
    .orderBy('at', 'desc')
    .limit(TRACES_READ);
  return db
    .selectFrom(latest.as('latest'))
    .select(['action', 'record_type', 'record_id', 'person_ids'])
    .groupBy(['action', 'record_type', 'record_id', 'person_ids'])
    .execute();
}

async function judgeAndRaise(db: Db, subject: Subject, rows: TraceRow[], now: Date): Promise<void> {
  const shown = (personIds: unknown): number[] =>
    Array.isArray(personIds) ? personIds.filter((id): id is number => Number.isInteger(id)) : [];
  const personIds = [...new Set(rows.flatMap((row) => shown(row.person_ids)))];
  const inWork =
    subject.kind === 'user' ? await peopleInOwnWork(db, subject.actor, personIds) : new Set<number>();
  const traces: AccessTrace[] = rows
    // Refusals of a whole page (a role without the permission) name no record: not id walking.
    .filter((row) => row.record_id !== null)
    .map((row) => ({
      kind: row.action === 'access.denied' ? 'refused' : 'read',
      recordType: row.record_type ?? '',
      recordId: row.record_id,
      people: shown(row.person_ids).map((personId) => ({ personId, inOwnWork: inWork.has(personId) })),
    }));
  const partnerAgency = subject.kind === 'api_key' || isPartnerAgency(subject.actor.agencyKind);
  const finding = judgeUnusualAccess(traces, { partnerAgency });
  if (finding.reasons.length === 0) return;

  const windowStart = unusualAccessWindowStart(now);
  const [recordType, recordId, who] =
    subject.kind === 'user'
      ? ['staff_user', subject.actor.userId, `${subject.actor.displayName} (${subject.actor.username})`]
      : ['partner_api_key', subject.apiKeyId, `The partner system using API key “${subject.name}”`];
  const already = await db
    .selectFrom('audit_event')
    .where('action', '=', 'access.unusual')
    .where('record_type', '=', recordType)
    .where('record_id', '=', String(recordId))
    .where('at', '>=', windowStart)
    .select('id')
    .executeTakeFirst();
  if (already) return;

  const teamId = subject.kind === 'user' ? subject.actor.teamId : null;
  const recipients = await db
    .selectFrom('staff_user')
    .where('active', '=', true)
    .where('id', '<>', subject.kind === 'user' ? subject.actor.userId : 0)
    .where((eb) =>
      eb.or([
        eb('role', '=', 'administrator'),
        ...(teamId === null
          ? []
          : [eb.and([eb('team_id', '=', teamId), eb('role', 'in', ['team_manager', 'service_manager'])])]),
      ])
    )
    .select('id')
    .execute();
  const message =
    `${who} ${finding.reasons.map((reason) => REASON_TEXT[reason]).join('; and ')} ` +
    `in the last ${UNUSUAL_ACCESS_WINDOW_MINUTES} minutes (${finding.outsideWork} children outside their work, ` +
    `${finding.longestRun} ids in a row, ${finding.refused} refused). Their access is in the audit trail.`;
  if (recipients.length > 0)
    await db
      .insertInto('notification')
      .values(
        recipients.map((recipient) => ({
          event_key: `unusual_access:${recordType}:${recordId}:${windowStart.toISOString()}:user-${recipient.id}`,
          kind: 'unusual_access',
          contact_child_id: null,
          information_request_id: null,
          team_id: null,
          user_id: recipient.id,
          message,
          raised_at: now,
        }))
      )
      .onConflict((conflict) => conflict.column('event_key').doNothing())
      .execute();
  await writeAudit(
    db,
    {
      action: 'access.unusual',
      actorUserId: subject.kind === 'user' ? subject.actor.userId : null,
      actorRole: subject.kind === 'user' ? subject.actor.role : null,
      actorAgencyId: subject.kind === 'user' ? subject.actor.agencyId : subject.agencyId,
      recordType,
      recordId,
      details: { ...finding, windowStart: windowStart.toISOString(), told: recipients.length },
    },
    now
  );
}

/**
 * Of these people, those in the actor's own work: an open child's contact allocated to them, to their
 * team, or still unallocated in the front door's queue (which every front-door worker works from).
 */
async function peopleInOwnWork(db: Db, actor: Actor, personIds: number[]): Promise<Set<number>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('contact_child')
    .where('person_id', 'in', personIds)
    .where('status', '<>', 'completed')
    .where((eb) =>
      eb.or([
        eb('worker_id', '=', actor.userId),
        eb('team_id', 'is', null),
        ...(actor.teamId === null ? [] : [eb('team_id', '=', actor.teamId)]),
      ])
    )
    .select(sql<number>`distinct person_id`.as('person_id'))
    .execute();
  return new Set(rows.map((row) => row.person_id));
}
