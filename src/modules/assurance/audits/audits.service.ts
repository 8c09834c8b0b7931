/*
 * Case audits: opening one (as its auditor, a manager of assurance, or a partner agency for its part),
 * saving drafts, completing, moderating, re-auditing and inviting partner agencies. Every change runs
 * in one transaction with its audit row (RecordAccess.recordChange); the contact's record is read
 * through RecordAccess, so reading it for an audit is on the child's access log like any other read.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import type { AgencyKind } from '../../../platform/db/schema.ts';
import { isPartnerAgency } from '../../../platform/access/permissions.ts';
import { requestedChildIdVisibleTo, type RecordAccess } from '../../../platform/access/record-access.ts';
import { FormProblem } from '../../../platform/http/forms.ts';
import { EditConflictError } from '../../../platform/db/versioned-update.ts';
import { assertAuditors } from './samples.service.ts';
import { insertAudit } from './new-audit.ts';
import { auditRoleOf, type AuditInput, type AuditQuestion, type AuditRole } from './audit-rules.ts';
import type { AuditGrade } from './audit-summary.ts';

export interface AuditHeader {
  id: number;
  formId: number;
  formTitle: string;
  contactChildId: number;
  reference: string;
  sampleId: number | null;
  reAuditOf: number | null;
  auditorId: number;
  auditorName: string;
  dueOn: string;
  status: 'assigned' | 'draft' | 'completed';
  grade: AuditGrade | null;
  comment: string | null;
  auditorLevel: number | null;
  auditorOutcome: string | null;
  completedAt: Date | null;
  moderatedGrade: AuditGrade | null;
  moderationReason: string | null;
  moderatorName: string | null;
  moderatedAt: Date | null;
  version: number;
}

async function auditHeader(db: Db, id: number): Promise<AuditHeader | undefined> {
  return db
    .selectFrom('case_audit as a')
    .innerJoin('audit_form as f', 'f.id', 'a.form_id')
    .innerJoin('contact_child as cc', 'cc.id', 'a.contact_child_id')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .innerJoin('staff_user as auditor', 'auditor.id', 'a.auditor_id')
    .leftJoin('staff_user as moderator', 'moderator.id', 'a.moderated_by')
    .where('a.id', '=', id)
    .select([
      'a.id',
      'a.form_id as formId',
      'f.title as formTitle',
      'a.contact_child_id as contactChildId',
      'c.reference',
      'a.sample_id as sampleId',
      'a.re_audit_of as reAuditOf',
      'a.auditor_id as auditorId',
      'auditor.display_name as auditorName',
      'a.due_on as dueOn',
      'a.status',
      'a.grade',
      'a.comment',
      'a.auditor_level as auditorLevel',
      'a.auditor_outcome as auditorOutcome',
      'a.completed_at as completedAt',
      'a.moderated_grade as moderatedGrade',
      'a.moderation_reason as moderationReason',
      'moderator.display_name as moderatorName',
      'a.moderated_at as moderatedAt',
      'a.version',
    ])
    .executeTakeFirst();
}

async function partnerAgencyIds(db: Db, auditId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('case_audit_part')
    .where('audit_id', '=', auditId)
    .where('agency_id', 'is not', null)
    .select('agency_id')
    .execute();
  return rows.map((row) => row.agency_id!);
}

/**
 * The audit and how the actor may open it; "not found" (audited as a refusal) for an audit that does
 * not exist or is not theirs to open: another auditor's, unless they manage assurance; a partner's
 * only when their agency takes part.
 */
export async function openAudit(
  db: Db,
  access: RecordAccess,
  id: number
): Promise<{ audit: AuditHeader; role: AuditRole }> {
  const audit = await auditHeader(db, id);
  const role = audit
    ? auditRoleOf(
        {
          userId: access.actor.userId,
          agencyId: access.actor.agencyId,
          partner: isPartnerAgency(access.actor.agencyKind),
          manages: access.can('assurance:manage'),
        },
        { auditorId: audit.auditorId, partnerAgencyIds: await partnerAgencyIds(db, id) }
      )
    : null;
  const hidden = role === 'partner' && !(await partnerMayBeTold(db, access.actor, id));
  if (!audit || !role || hidden)
    return access.refuse(
      'case_audit',
      id,
      {
        attempted: 'assurance.audit_view',
        reason: !audit ? 'no_such_record' : hidden ? 'restricted' : 'not_your_audit',
      },
      'Audit'
    );
  return { audit, role };
}

/** A partner is never told about an audit of a restricted child (the access layer's rule for partners). */
async function partnerMayBeTold(db: Db, actor: Actor, auditId: number): Promise<boolean> {
  const row = await db
    .selectFrom('case_audit')
    .where('id', '=', auditId)
    .where(requestedChildIdVisibleTo(actor, 'case_audit.contact_child_id'))
    .select('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A form version's questions for one part, in order; for a partner agency's part, given its kind, only
 * the questions its kind of agency answers.
 */
export async function formQuestions(
  db: Db,
  formId: number,
  part: 'council' | 'partner',
  agencyKind?: AgencyKind
): Promise<AuditQuestion[]> {
  return db
    .selectFrom('audit_question')
    .where('form_id', '=', formId)
    .where('part', '=', part)
    .$if(agencyKind !== undefined, (query) =>
      query.where((eb) => eb.or([eb('agency_kind', 'is', null), eb('agency_kind', '=', agencyKind!)]))
    )
    .select(['id', 'question', 'guidance', 'part', 'graded'])
    .orderBy('position')
    .execute();
}

export interface PartView {
  partId: number;
  agencyId: number | null;
  agencyName: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  /** By question id. */
  answers: Record<number, { grade: AuditGrade | null; comment: string }>;
}

/** The audit's parts with their answers: the council's and each partner agency's. */
export async function auditParts(db: Db, auditId: number): Promise<PartView[]> {
  const parts = await db
    .selectFrom('case_audit_part as p')
    .leftJoin('agency as ag', 'ag.id', 'p.agency_id')
    .leftJoin('staff_user as u', 'u.id', 'p.completed_by')
    .where('p.audit_id', '=', auditId)
    .select([
      'p.id',
      'p.agency_id',
      'ag.name as agencyName',
      'p.completed_at',
      'u.display_name as completedBy',
    ])
    .orderBy(sql`p.agency_id nulls first`)
    .orderBy('ag.name')
    .execute();
  const answers = parts.length
    ? await db
        .selectFrom('case_audit_answer')
        .where(
          'part_id',
          'in',
          parts.map((part) => part.id)
        )
        .selectAll()
        .execute()
    : [];
  return parts.map((part) => ({
    partId: part.id,
    agencyId: part.agency_id,
    agencyName: part.agencyName,
    completedAt: part.completed_at,
    completedBy: part.completedBy,
    answers: Object.fromEntries(
      answers
        .filter((answer) => answer.part_id === part.id)
        .map((answer) => [answer.question_id, { grade: answer.grade, comment: answer.comment }])
    ),
  }));
}

export async function auditThemes(db: Db, auditId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('case_audit_theme')
    .where('audit_id', '=', auditId)
    .select('theme')
    .orderBy('theme')
    .execute();
  return rows.map((row) => row.theme);
}

/** Other audits of the same contact (the one re-audited, and its re-audits), for the audit page. */
export async function relatedAudits(db: Db, audit: AuditHeader) {
  const rootId = audit.reAuditOf ?? audit.id;
  return db
    .selectFrom('case_audit as a')
    .innerJoin('staff_user as u', 'u.id', 'a.auditor_id')
    .where((eb) => eb.or([eb('a.id', '=', rootId), eb('a.re_audit_of', '=', rootId)]))
    .where('a.id', '<>', audit.id)
    .select([
      'a.id',
      'a.status',
      'u.display_name as auditor',
      sql<AuditGrade | null>`coalesce(a.moderated_grade, a.grade)`.as('grade'),
      'a.re_audit_of as reAuditOf',
    ])
    .orderBy('a.id')
    .execute();
}

/** Moves the audit on from the version the form was opened at, or refuses: someone saved it meanwhile. */
async function claimAuditVersion(trx: Db, id: number, openedVersion: number): Promise<void> {
  const claimed = await trx
    .updateTable('case_audit')
    .set({ version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', openedVersion)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) throw new EditConflictError('case_audit');
}

async function saveAnswers(trx: Db, partId: number, answers: AuditInput['answers']): Promise<void> {
  for (const answer of answers)
    await trx
      .insertInto('case_audit_answer')
      .values({
        part_id: partId,
        question_id: answer.questionId,
        grade: answer.grade,
        comment: answer.comment,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['part_id', 'question_id'])
          .doUpdateSet({ grade: answer.grade, comment: answer.comment })
      )
      .execute();
}

/** Marks a part (the council's or a partner agency's) completed, by whom and when. */
async function completePart(trx: Db, partId: number, userId: number, now: Date): Promise<void> {
  await trx
    .updateTable('case_audit_part')
    .set({ completed_at: now, completed_by: userId })
    .where('id', '=', partId)
    .execute();
}

function assertOpenForChanges(audit: AuditHeader): void {
  if (audit.status === 'completed')
    throw new FormProblem(
      'form',
      'This audit has been completed, so it can no longer be changed. A manager of assurance can ask for a re-audit.'
    );
}

/**
 * Saves the auditor's draft, or completes the audit (the caller has checked completionProblems). Only
 * the audit's own auditor writes it; a manager reads it and moderates once it is complete.
 */
export async function saveCouncilPart(
  db: Db,
  access: RecordAccess,
  now: Date,
  id: number,
  input: AuditInput
): Promise<void> {
  const { audit, role } = await openAudit(db, access, id);
  if (role !== 'auditor')
    throw new FormProblem('form', 'Only the auditor this audit is assigned to can write it.');
  assertOpenForChanges(audit);
  await access.assertContactChildVisible(audit.contactChildId);
  const complete = input.intent === 'complete';
  await access.recordChange(
    'assurance:audit',
    complete ? 'assurance.audit_complete' : 'assurance.audit_save',
    async (trx) => {
      await claimAuditVersion(trx, id, input.version);
      const part = await trx
        .selectFrom('case_audit_part')
        .where('audit_id', '=', id)
        .where('agency_id', 'is', null)
        .select('id')
        .executeTakeFirstOrThrow();
      await saveAnswers(trx, part.id, input.answers);
      await trx.deleteFrom('case_audit_theme').where('audit_id', '=', id).execute();
      if (input.themes.length)
        await trx
          .insertInto('case_audit_theme')
          .values(input.themes.map((theme) => ({ audit_id: id, theme })))
          .execute();
      await trx
        .updateTable('case_audit')
        .set({
          status: complete ? 'completed' : 'draft',
          grade: input.grade,
          comment: input.comment || null,
          auditor_level: input.auditorLevel,
          auditor_outcome: input.auditorOutcome,
          completed_at: complete ? now : null,
        })
        .where('id', '=', id)
        .execute();
      if (complete) await completePart(trx, part.id, access.actor.userId, now);
      return {
        recordType: 'case_audit',
        recordId: id,
        result: undefined,
        details: { grade: input.grade, themes: input.themes.length },
      };
    }
  );
}

/** Saves or completes a partner agency's part; the rest of the audit is not theirs to change. */
export async function savePartnerPart(
  db: Db,
  access: RecordAccess,
  now: Date,
  id: number,
  input: AuditInput
): Promise<void> {
  const { role } = await openAudit(db, access, id);
  if (role !== 'partner') throw new FormProblem('form', 'Only a partner agency taking part writes its part.');
  const complete = input.intent === 'complete';
  await access.recordChange(
    'assurance:audit',
    complete ? 'assurance.audit_complete' : 'assurance.audit_save',
    async (trx) => {
      const part = await trx
        .selectFrom('case_audit_part')
        .where('audit_id', '=', id)
        .where('agency_id', '=', access.actor.agencyId)
        .select(['id', 'completed_at'])
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (part.completed_at)
        throw new FormProblem(
          'form',
          'Your agency’s part of this audit has been completed, so it can no longer be changed.'
        );
      await saveAnswers(trx, part.id, input.answers);
      if (complete) await completePart(trx, part.id, access.actor.userId, now);
      return {
        recordType: 'case_audit_part',
        recordId: part.id,
        result: undefined,
        details: { auditId: id },
      };
    }
  );
}

/** A senior moderator agrees or changes the grade, with reasons; their grade is the one that counts. */
export async function moderateAudit(
  db: Db,
  access: RecordAccess,
  now: Date,
  id: number,
  moderation: { moderatedGrade: AuditGrade; reason: string }
): Promise<void> {
  const { audit } = await openAudit(db, access, id);
  if (audit.status !== 'completed')
    throw new FormProblem('moderatedGrade', 'An audit is moderated once it is completed.');
  if (audit.auditorId === access.actor.userId)
    throw new FormProblem('moderatedGrade', 'A second person moderates an audit: you carried out this one.');
  await access.recordChange('assurance:manage', 'assurance.audit_moderate', async (trx) => {
    await trx
      .updateTable('case_audit')
      .set({
        moderated_grade: moderation.moderatedGrade,
        moderation_reason: moderation.reason,
        moderated_by: access.actor.userId,
        moderated_at: now,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .execute();
    return {
      recordType: 'case_audit',
      recordId: id,
      result: undefined,
      details: { auditorGrade: audit.grade, moderatedGrade: moderation.moderatedGrade },
    };
  });
}

/** A re-audit of a completed audit, by another auditor; once completed, its grade replaces the first's. */
export async function reAudit(
  db: Db,
  access: RecordAccess,
  now: Date,
  id: number,
  assignment: { auditorId: number; dueOn: string }
): Promise<number> {
  const { audit } = await openAudit(db, access, id);
  if (audit.status !== 'completed')
    throw new FormProblem('auditorId', 'An audit is re-audited once it is completed.');
  if (audit.auditorId === assignment.auditorId)
    throw new FormProblem('auditorId', 'Choose a different auditor from the one who carried out this audit.');
  await assertAuditors(db, [assignment.auditorId], 'auditorId');
  return access.recordChange('assurance:manage', 'assurance.audit_assign', async (trx) => {
    const reAuditId = await insertAudit(trx, {
      formId: audit.formId,
      contactChildId: audit.contactChildId,
      reAuditOf: audit.reAuditOf ?? audit.id,
      auditorId: assignment.auditorId,
      assignedBy: access.actor.userId,
      now,
      dueOn: assignment.dueOn,
    });
    return { recordType: 'case_audit', recordId: reAuditId, result: reAuditId, details: { reAuditOf: id } };
  });
}

/** Asks a partner agency to contribute its part to the audit. */
export async function invitePartner(
  db: Db,
  access: RecordAccess,
  id: number,
  agencyId: number
): Promise<void> {
  const { audit, role } = await openAudit(db, access, id);
  if (role === 'partner') throw new FormProblem('agencyId', 'Only the council invites partner agencies.');
  assertOpenForChanges(audit);
  const agency = await db.selectFrom('agency').where('id', '=', agencyId).select('kind').executeTakeFirst();
  if (!agency || !isPartnerAgency(agency.kind)) throw new FormProblem('agencyId', 'Choose a partner agency');
  await access.recordChange('assurance:audit', 'assurance.audit_assign', async (trx) => {
    const added = await trx
      .insertInto('case_audit_part')
      .values({ audit_id: id, agency_id: agencyId, completed_by: null, completed_at: null })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!added) throw new FormProblem('agencyId', 'That agency is already taking part in this audit.');
    return { recordType: 'case_audit', recordId: id, result: undefined, details: { agencyId } };
  });
}

export async function partnerAgencies(db: Db): Promise<{ id: number; name: string }[]> {
  const rows = await db.selectFrom('agency').select(['id', 'name', 'kind']).orderBy('name').execute();
  return rows.filter((row) => isPartnerAgency(row.kind)).map(({ id, name }) => ({ id, name }));
}

export interface MyAuditRow {
  id: number;
  reference: string;
  dueOn: string;
  status: string;
  partDone: boolean;
  sampleId: number | null;
  reAudit: boolean;
}

/**
 * The actor's audits, open ones first by due date: staff, the audits assigned to them; a partner
 * agency's staff, the audits their agency takes part in (never about a restricted child).
 */
export async function myAudits(db: Db, actor: Actor): Promise<MyAuditRow[]> {
  const base = db
    .selectFrom('case_audit as a')
    .innerJoin('contact_child as cc', 'cc.id', 'a.contact_child_id')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id');
  const rows = isPartnerAgency(actor.agencyKind)
    ? await base
        .innerJoin('case_audit_part as p', (join) =>
          join.onRef('p.audit_id', '=', 'a.id').on('p.agency_id', '=', actor.agencyId)
        )
        .where(requestedChildIdVisibleTo(actor, 'a.contact_child_id'))
        .select([
          'a.id',
          'c.reference',
          'a.due_on',
          'a.status',
          sql<boolean>`p.completed_at is not null`.as('partDone'),
          'a.sample_id',
          'a.re_audit_of',
        ])
        .orderBy(sql`p.completed_at is not null`)
        .orderBy('a.due_on')
        .execute()
    : await base
        .where('a.auditor_id', '=', actor.userId)
        .select([
          'a.id',
          'c.reference',
          'a.due_on',
          'a.status',
          sql<boolean>`a.status = 'completed'`.as('partDone'),
          'a.sample_id',
          'a.re_audit_of',
        ])
        .orderBy(sql`a.status = 'completed'`)
        .orderBy('a.due_on')
        .execute();
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    dueOn: row.due_on,
    status: row.status,
    partDone: row.partDone,
    sampleId: row.sample_id,
    reAudit: row.re_audit_of !== null,
  }));
}

/**
 * The least of the record a partner's questions need: when the contact came and from which kind of
 * referrer, the consent recorded, the RAG and outcome, and the requests put to their agency with when
 * they were answered. No name, date of birth, address or narrative. Audited as a read of the audit.
 */
export async function partnerRecordMinimum(db: Db, access: RecordAccess, audit: AuditHeader) {
  const agencyId = access.actor.agencyId;
  return access.withPermission(
    'assurance:audit',
    {
      action: 'assurance.partner_part_view',
      recordType: 'case_audit',
      recordId: audit.id,
      details: { agencyId },
    },
    async () => {
      const contact = await db
        .selectFrom('contact_child as cc')
        .innerJoin('contact as c', 'c.id', 'cc.contact_id')
        .where('cc.id', '=', audit.contactChildId)
        .select([
          'c.reference',
          'c.received_at as receivedAt',
          sql<boolean>`c.referrer_agency_id = ${agencyId}`.as('referredByYou'),
          'c.consent_status as consentStatus',
          'cc.rag',
        ])
        .executeTakeFirstOrThrow();
      const requests = await db
        .selectFrom('information_request')
        // A family's request may have been sent from a sibling's screening: it counts if it asked about this child.
        .where((eb) =>
          eb.or([
            eb('contact_child_id', '=', audit.contactChildId),
            eb.exists(
              eb
                .selectFrom('information_request_person as asked')
                .whereRef('asked.information_request_id', '=', 'information_request.id')
                .where('asked.contact_child_id', '=', audit.contactChildId)
                .select('asked.id')
            ),
          ])
        )
        .where('agency_id', '=', agencyId)
        .select(['requested_at as requestedAt', 'due_at as dueAt', 'responded_at as respondedAt', 'status'])
        .orderBy('requested_at')
        .execute();
      return { ...contact, requests };
    }
  );
}
