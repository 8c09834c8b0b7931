import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { auditClassOf, type AuditAction } from './audit-events.ts';

export interface AuditEntry {
  action: AuditAction;
  actorUserId?: number | null;
  actorRole?: string | null;
  actorAgencyId?: number | null;
  recordType?: string;
  recordId?: string | number;
  reason?: string;
  ip?: string;
  requestId?: string;
  /** Facts about the event (criteria, counts): never a person's name, date of birth or address. */
  details?: Record<string, unknown>;
}

/** Appends one row to the audit trail; pass the transaction handle when inside one. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry, at?: Date): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      ...(at ? { at } : {}),
      event_class: auditClassOf(entry.action),
      action: entry.action,
      actor_user_id: entry.actorUserId ?? null,
      actor_role: entry.actorRole ?? null,
      actor_agency_id: entry.actorAgencyId ?? null,
      record_type: entry.recordType ?? null,
      record_id: entry.recordId === undefined ? null : String(entry.recordId),
      reason: entry.reason ?? null,
      ip: entry.ip ?? null,
      request_id: entry.requestId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
