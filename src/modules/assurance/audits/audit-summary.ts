/**
 * What the rest of the assurance area (the SEF, the quality-and-timeliness matrix, the auditor
 * agreement) reads from completed case audits. The audits part owns the tables and implements these.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Period } from '../../performance/insight-scope.ts';
import { auditTimeliness } from '../../performance/audit-timeliness.ts';
import { decisionInForce } from './decision-in-force.ts';

export const AUDIT_GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type AuditGrade = (typeof AUDIT_GRADES)[number];

export const AUDIT_GRADE_LABELS: Record<AuditGrade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

export type GradeCounts = Record<AuditGrade, number>;

/** Audits whose due date or completion falls in the period (London dates, inclusive). */
export interface AuditSummary {
  /** Audits due in the period. */
  due: number;
  /** Of those, completed (moderated or not). */
  completed: number;
  /** Of those, completed on or before their due date. */
  completedOnTime: number;
  /** Overall grades of the audits completed in the period (the moderated grade where moderated). */
  grades: GradeCounts;
  /** Grades per question of the audit form, in form order. */
  byQuestion: { question: string; grades: GradeCounts }[];
  /** Learning themes recorded on audits completed in the period, most frequent first. */
  themes: { theme: string; count: number }[];
  actionsOpen: number;
  actionsOverdue: number;
}

/** Completed audits' overall grades for the contacts each team or worker decided (for the SEF's matrix). */
export interface AuditGradesByGroup {
  groupId: number;
  groupName: string;
  audits: number;
  grades: GradeCounts;
}

/** One completed audit: the decision made on the contact, and the auditor's view of what it should have been. */
export interface AuditorView {
  contactChildId: number;
  teamId: number | null;
  /** The threshold level chosen at the decision, and the level the auditor says it should have been. */
  decidedLevel: number | null;
  auditorLevel: number | null;
  /** The outcome decided, and the auditor's view of the outcome. */
  decidedOutcome: string | null;
  auditorOutcome: string | null;
}

const noGrades = (): GradeCounts => ({ outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 });

/** The grade that counts: the moderator's where the audit was moderated. */
const countedGrade = sql<AuditGrade>`coalesce(a.moderated_grade, a.grade)`;

/** The London date an instant column falls on. */
const londonDate = (column: string): RawBuilder<string> =>
  sql<string>`(${sql.ref(column)} at time zone 'Europe/London')::date`;

/**
 * Completed audits in the period, leaving out one a later re-audit of the same first audit has
 * completed: the latest re-audit's grade replaces it, so a contact audited again is counted once.
 */
function completedIn(db: Db, period: Period) {
  return db
    .selectFrom('case_audit as a')
    .where('a.status', '=', 'completed')
    .where(londonDate('a.completed_at'), '>=', period.from)
    .where(londonDate('a.completed_at'), '<=', period.to)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_audit as again')
            .where(sql<boolean>`coalesce(again.re_audit_of, again.id) = coalesce(a.re_audit_of, a.id)`)
            .where('again.status', '=', 'completed')
            .whereRef('again.id', '>', 'a.id')
            .select('again.id')
        )
      )
    );
}

function tally(rows: readonly { grade: AuditGrade | null; audits: number | string }[]): GradeCounts {
  const grades = noGrades();
  for (const row of rows) if (row.grade) grades[row.grade] += Number(row.audits);
  return grades;
}

export async function auditSummary(db: Db, period: Period): Promise<AuditSummary> {
  const [timeliness, grades, questions, themes, actions] = await Promise.all([
    auditTimeliness(db, period),
    completedIn(db, period)
      .select([countedGrade.as('grade'), sql<number>`count(*)::int`.as('audits')])
      .groupBy(countedGrade)
      .execute(),
    questionGrades(db, period),
    completedIn(db, period)
      .innerJoin('case_audit_theme as t', 't.audit_id', 'a.id')
      .select(['t.theme', sql<number>`count(*)::int`.as('count')])
      .groupBy('t.theme')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('t.theme')
      .execute(),
    actionsAtEndOf(db, period),
  ]);
  return {
    due: timeliness.due,
    completed: timeliness.completed,
    completedOnTime: timeliness.onTime,
    grades: tally(grades),
    byQuestion: questions,
    themes: themes.map((row) => ({ theme: row.theme, count: row.count })),
    ...actions,
  };
}

/** Each council question's grades on the audits completed in the period, in form order (by its words). */
async function questionGrades(db: Db, period: Period): Promise<AuditSummary['byQuestion']> {
  const rows = await completedIn(db, period)
    .innerJoin('case_audit_part as p', (join) =>
      join.onRef('p.audit_id', '=', 'a.id').on('p.agency_id', 'is', null)
    )
    .innerJoin('case_audit_answer as ans', 'ans.part_id', 'p.id')
    .innerJoin('audit_question as q', 'q.id', 'ans.question_id')
    .where('ans.grade', 'is not', null)
    .select([
      'q.id',
      'q.form_id',
      'q.position',
      'q.question',
      'ans.grade',
      sql<number>`count(*)::int`.as('audits'),
    ])
    .groupBy(['q.id', 'q.form_id', 'q.position', 'q.question', 'ans.grade'])
    .orderBy('q.form_id')
    .orderBy('q.position')
    .execute();
  // A question asked in the same words on several versions of a form is one question.
  const byQuestion = new Map<string, { question: string; grades: GradeCounts }>();
  for (const row of rows) {
    const entry = byQuestion.get(row.question) ?? { question: row.question, grades: noGrades() };
    entry.grades[row.grade!] += row.audits;
    byQuestion.set(row.question, entry);
  }
  return [...byQuestion.values()];
}

/** Actions as they stood at the end of the period: raised by then and not done by then; overdue if due before it ended. */
async function actionsAtEndOf(
  db: Db,
  period: Period
): Promise<{ actionsOpen: number; actionsOverdue: number }> {
  const row = await db
    .selectFrom('case_audit_action as x')
    .where(londonDate('x.created_at'), '<=', period.to)
    .where((eb) => eb.or([eb('x.done_at', 'is', null), eb(londonDate('x.done_at'), '>', period.to)]))
    .select([
      sql<number>`count(*)::int`.as('open'),
      sql<number>`count(*) filter (where x.due_on < ${period.to})::int`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { actionsOpen: row.open, actionsOverdue: row.overdue };
}

export async function auditGradesBy(
  db: Db,
  group: 'team' | 'worker',
  period: Period
): Promise<AuditGradesByGroup[]> {
  const grouped =
    group === 'team'
      ? completedIn(db, period)
          .innerJoin('contact_child as cc', 'cc.id', 'a.contact_child_id')
          .innerJoin('team as g', 'g.id', 'cc.team_id')
          .select(['g.id as groupId', 'g.name as groupName'])
      : completedIn(db, period)
          .innerJoin('contact_child as cc', 'cc.id', 'a.contact_child_id')
          .innerJoin('staff_user as g', 'g.id', 'cc.worker_id')
          .select(['g.id as groupId', 'g.display_name as groupName']);
  const rows = await grouped
    .select([countedGrade.as('grade'), sql<number>`count(*)::int`.as('audits')])
    .groupBy(['g.id', 'groupName', countedGrade])
    .orderBy('groupName')
    .execute();
  const groups = new Map<number, AuditGradesByGroup>();
  for (const row of rows) {
    const entry = groups.get(row.groupId) ?? {
      groupId: row.groupId,
      groupName: row.groupName,
      audits: 0,
      grades: noGrades(),
    };
    entry.audits += row.audits;
    entry.grades[row.grade] += row.audits;
    groups.set(row.groupId, entry);
  }
  return [...groups.values()];
}

export async function auditorViews(db: Db, period: Period): Promise<AuditorView[]> {
  const rows = await completedIn(db, period)
    .innerJoin('contact_child as cc', 'cc.id', 'a.contact_child_id')
    .leftJoinLateral(decisionInForce, (join) => join.onTrue())
    .select([
      'a.contact_child_id as contactChildId',
      'cc.team_id as teamId',
      'd.chosen_level as decidedLevel',
      'a.auditor_level as auditorLevel',
      'd.outcome as decidedOutcome',
      'a.auditor_outcome as auditorOutcome',
    ])
    .orderBy('a.id')
    .execute();
  return rows.map((row) => ({
    ...row,
    decidedLevel: row.decidedLevel ?? null,
    decidedOutcome: row.decidedOutcome ?? null,
  }));
}
