/*
 * Audit forms as a council changes them (/assurance/forms): forms are created, their title, description
 * and questions changed, and retired. An audit keeps the version of the form it was started on: the
 * first change to a version that a sample or an audit uses adds a new version (the same code, the next
 * number) with a copy of its questions, and the change is made there. Only the newest version of a form
 * changes, and only while it is not retired. Each change is one transaction with its audit row.
 */
import { sql } from 'kysely';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { AgencyKind } from '../../../platform/db/schema.ts';
import { FormProblem } from '../../../platform/http/forms.ts';

export interface FormDetails {
  title: string;
  description: string;
}

export interface QuestionDetails {
  question: string;
  guidance: string;
  part: 'council' | 'partner';
  graded: boolean;
  /** For a partner question: the kind of agency that answers it; null, every partner agency. */
  agencyKind: AgencyKind | null;
}

export interface AuditFormRow {
  id: number;
  code: string;
  title: string;
  version: number;
  retiredAt: Date | null;
  questions: number;
  /** Audits on any version of the form. */
  audits: number;
}

/** A version is the newest of its form when no version of the same code has a higher number. */
const isNewest = sql<boolean>`not exists (select 1 from audit_form newer where newer.code = f.code and newer.version > f.version)`;

/** Each form at its newest version, with how many questions it has and how many audits use any version. */
export async function listAuditForms(db: Db): Promise<AuditFormRow[]> {
  return db
    .selectFrom('audit_form as f')
    .where(isNewest)
    .select([
      'f.id',
      'f.code',
      'f.title',
      'f.version',
      'f.retired_at as retiredAt',
      sql<number>`(select count(*)::int from audit_question q where q.form_id = f.id)`.as('questions'),
      sql<number>`(select count(*)::int from case_audit a join audit_form v on v.id = a.form_id where v.code = f.code)`.as(
        'audits'
      ),
    ])
    .orderBy(sql`f.retired_at is not null`)
    .orderBy('f.title')
    .execute();
}

/** The forms a sample can be drawn for: each form's newest version, unless retired; oldest form first. */
export async function activeAuditForms(db: Db): Promise<{ id: number; title: string }[]> {
  return db
    .selectFrom('audit_form as f')
    .where(isNewest)
    .where('f.retired_at', 'is', null)
    .select(['f.id', 'f.title'])
    .orderBy(sql`(select min(first.id) from audit_form first where first.code = f.code)`)
    .execute();
}

export async function loadAuditForm(db: Db, id: number) {
  const form = await db
    .selectFrom('audit_form as f')
    .leftJoin('staff_user as retirer', 'retirer.id', 'f.retired_by')
    .where('f.id', '=', id)
    .select([
      'f.id',
      'f.code',
      'f.title',
      'f.description',
      'f.version',
      'f.retired_at as retiredAt',
      'retirer.display_name as retiredBy',
      isNewest.as('newest'),
    ])
    .executeTakeFirst();
  if (!form) throw new RecordNotFoundError('Audit form');
  const [questions, versions, used] = await Promise.all([
    db
      .selectFrom('audit_question')
      .where('form_id', '=', id)
      .select(['id', 'position', 'question', 'guidance', 'part', 'graded', 'agency_kind as agencyKind'])
      .orderBy('position')
      .execute(),
    db
      .selectFrom('audit_form as v')
      .where('v.code', '=', form.code)
      .select([
        'v.id',
        'v.version',
        'v.created_at as createdAt',
        sql<number>`(select count(*)::int from case_audit a where a.form_id = v.id)`.as('audits'),
      ])
      .orderBy('v.version', 'desc')
      .execute(),
    versionInUse(db, id),
  ]);
  return { ...form, questions, versions, used };
}

export type AuditFormView = Awaited<ReturnType<typeof loadAuditForm>>;

async function versionInUse(db: Db, formId: number): Promise<boolean> {
  const row = await db
    .selectNoFrom([
      sql<boolean>`exists (select 1 from case_audit where form_id = ${formId})
        or exists (select 1 from dip_sample where form_id = ${formId})`.as('used'),
    ])
    .executeTakeFirstOrThrow();
  return row.used;
}

/** A code for a new form from its title: 'multi-agency-audit', or with a number if that is taken. */
async function freshCode(trx: Db, title: string): Promise<string> {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'audit-form';
  const taken = new Set(
    (await trx.selectFrom('audit_form').where('code', 'like', `${base}%`).select('code').execute()).map(
      (row) => row.code
    )
  );
  for (let n = 1; ; n++) {
    const code = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(code)) return code;
  }
}

export async function createAuditForm(
  access: RecordAccess,
  details: FormDetails,
  now: Date
): Promise<number> {
  return access.recordChange('assurance:manage', 'assurance.form_save', async (trx) => {
    // One form created at a time, so two with the same title get different codes.
    await sql`lock table audit_form in share row exclusive mode`.execute(trx);
    const code = await freshCode(trx, details.title);
    const { id } = await trx
      .insertInto('audit_form')
      .values({ code, ...details, created_by: access.actor.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { recordType: 'audit_form', recordId: id, result: id, details: { change: 'created', code } };
  });
}

/**
 * The version a change is made to, locked: the form asked for if no sample or audit uses it, else a new
 * version with a copy of its questions (`questionIds` maps each question to its copy). Refused for a
 * version that is not the newest (someone changed the form meanwhile) or a retired form.
 */
async function editableVersion(
  trx: Db,
  formId: number,
  access: RecordAccess,
  now: Date
): Promise<{ formId: number; newVersion: boolean; questionIds: Map<number, number> }> {
  const form = await trx
    .selectFrom('audit_form as f')
    .where('f.id', '=', formId)
    .select([
      'f.id',
      'f.code',
      'f.title',
      'f.description',
      'f.version',
      'f.retired_at',
      isNewest.as('newest'),
    ])
    .forUpdate()
    .executeTakeFirst();
  if (!form) throw new RecordNotFoundError('Audit form');
  if (!form.newest)
    throw new FormProblem(
      'form',
      'This is not the newest version of the form: someone has changed it since. Open the newest version to change it.'
    );
  if (form.retired_at) throw new FormProblem('form', 'This form is retired, so it can no longer be changed.');
  const questions = await trx
    .selectFrom('audit_question')
    .where('form_id', '=', formId)
    .select(['id', 'position', 'part', 'question', 'guidance', 'graded', 'agency_kind'])
    .orderBy('position')
    .execute();
  if (!(await versionInUse(trx, formId)))
    return { formId, newVersion: false, questionIds: new Map(questions.map((q) => [q.id, q.id])) };
  const { id } = await trx
    .insertInto('audit_form')
    .values({
      code: form.code,
      title: form.title,
      description: form.description,
      version: form.version + 1,
      created_by: access.actor.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const questionIds = new Map<number, number>();
  for (const { id: oldId, ...question } of questions) {
    const copy = await trx
      .insertInto('audit_question')
      .values({ ...question, form_id: id })
      .returning('id')
      .executeTakeFirstOrThrow();
    questionIds.set(oldId, copy.id);
  }
  return { formId: id, newVersion: true, questionIds };
}

/** Runs a change on the version that may be changed; answers that version's id (the page to go back to). */
function changeForm(
  access: RecordAccess,
  formId: number,
  now: Date,
  change: string,
  work: (trx: Db, version: { formId: number; questionIds: Map<number, number> }) => Promise<unknown>
): Promise<number> {
  return access.recordChange('assurance:manage', 'assurance.form_save', async (trx) => {
    const version = await editableVersion(trx, formId, access, now);
    await work(trx, version);
    return {
      recordType: 'audit_form',
      recordId: version.formId,
      result: version.formId,
      details: { change, from: formId, newVersion: version.newVersion },
    };
  });
}

function questionIn(version: { questionIds: Map<number, number> }, questionId: number): number {
  const id = version.questionIds.get(questionId);
  if (id === undefined) throw new RecordNotFoundError('Question');
  return id;
}

const questionValues = (details: QuestionDetails) => ({
  question: details.question,
  guidance: details.guidance,
  part: details.part,
  graded: details.graded,
  agency_kind: details.part === 'partner' ? details.agencyKind : null,
});

export function saveFormDetails(access: RecordAccess, formId: number, details: FormDetails, now: Date) {
  return changeForm(access, formId, now, 'details', async (trx, version) => {
    await trx.updateTable('audit_form').set(details).where('id', '=', version.formId).execute();
  });
}

export function addQuestion(access: RecordAccess, formId: number, details: QuestionDetails, now: Date) {
  return changeForm(access, formId, now, 'question_added', async (trx, version) => {
    const last = await trx
      .selectFrom('audit_question')
      .where('form_id', '=', version.formId)
      .select(sql<number>`coalesce(max(position), 0)::int`.as('position'))
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('audit_question')
      .values({ ...questionValues(details), form_id: version.formId, position: last.position + 1 })
      .execute();
  });
}

export function editQuestion(
  access: RecordAccess,
  formId: number,
  questionId: number,
  details: QuestionDetails,
  now: Date
) {
  return changeForm(access, formId, now, 'question_changed', async (trx, version) => {
    await trx
      .updateTable('audit_question')
      .set(questionValues(details))
      .where('id', '=', questionIn(version, questionId))
      .execute();
  });
}

export function removeQuestion(access: RecordAccess, formId: number, questionId: number, now: Date) {
  return changeForm(access, formId, now, 'question_removed', async (trx, version) => {
    await trx.deleteFrom('audit_question').where('id', '=', questionIn(version, questionId)).execute();
  });
}

/** Moves a question one place up or down the form (no change at either end). */
export function moveQuestion(
  access: RecordAccess,
  formId: number,
  questionId: number,
  direction: 'up' | 'down',
  now: Date
) {
  return changeForm(access, formId, now, `question_moved_${direction}`, async (trx, version) => {
    const id = questionIn(version, questionId);
    const ordered = await trx
      .selectFrom('audit_question')
      .where('form_id', '=', version.formId)
      .select(['id', 'position'])
      .orderBy('position')
      .execute();
    const index = ordered.findIndex((question) => question.id === id);
    const other = ordered[direction === 'up' ? index - 1 : index + 1];
    if (!other) return;
    const moving = ordered[index]!;
    // (form_id, position) is unique: park the moving question while the other takes its place.
    const place = (questionId: number, position: number) =>
      trx.updateTable('audit_question').set({ position }).where('id', '=', questionId).execute();
    await place(moving.id, -1);
    await place(other.id, moving.position);
    await place(moving.id, other.position);
  });
}

/** Retires a form: no new sample is drawn on it; audits already on it carry on. */
export async function retireAuditForm(access: RecordAccess, formId: number, now: Date): Promise<void> {
  await access.recordChange('assurance:manage', 'assurance.form_save', async (trx) => {
    const retired = await trx
      .updateTable('audit_form as f')
      .set({ retired_at: now, retired_by: access.actor.userId })
      .where('f.id', '=', formId)
      .where('f.retired_at', 'is', null)
      .where(isNewest)
      .returning('f.id')
      .executeTakeFirst();
    if (!retired)
      throw new FormProblem(
        'form',
        'Only the newest version of a form that is not already retired can be retired.'
      );
    return { recordType: 'audit_form', recordId: formId, result: undefined, details: { change: 'retired' } };
  });
}

/**
 * For drawing a sample: the form version, locked against changes until the sample is saved (so no
 * audit starts on a version being changed), refused unless it is the newest version of a form that is not retired.
 */
export async function lockFormForSampling(trx: Db, formId: number): Promise<void> {
  const form = await trx
    .selectFrom('audit_form as f')
    .where('f.id', '=', formId)
    .where('f.retired_at', 'is', null)
    .where(isNewest)
    .select('f.id')
    .forShare()
    .executeTakeFirst();
  if (!form)
    throw new FormProblem(
      'formId',
      'Choose an audit form from the list: that one has changed or been retired'
    );
}
