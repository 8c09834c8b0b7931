import type { Db } from '../../../platform/db/database.ts';

/** A new audit, assigned and not yet started, with the council's part for the auditor to answer. */
export async function insertAudit(
  trx: Db,
  values: {
    formId: number;
    contactChildId: number;
    sampleId?: number;
    reAuditOf: number | null;
    auditorId: number;
    assignedBy: number;
    now: Date;
    dueOn: string;
  }
): Promise<number> {
  const { id } = await trx
    .insertInto('case_audit')
    .values({
      form_id: values.formId,
      contact_child_id: values.contactChildId,
      sample_id: values.sampleId ?? null,
      re_audit_of: values.reAuditOf,
      auditor_id: values.auditorId,
      assigned_by: values.assignedBy,
      assigned_at: values.now,
      due_on: values.dueOn,
      grade: null,
      comment: null,
      auditor_level: null,
      auditor_outcome: null,
      completed_at: null,
      moderated_grade: null,
      moderation_reason: null,
      moderated_by: null,
      moderated_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('case_audit_part')
    .values({ audit_id: id, agency_id: null, completed_by: null, completed_at: null })
    .execute();
  return id;
}
