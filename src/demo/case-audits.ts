/**
 * Demo: the front-door audit form, and last month's dip sample of about 20 decided contacts drawn
 * by the QA officer and audited by her and the front-door team manager: most completed (mixed grades,
 * some moderated by the service manager, one with the police's part), a few still in progress, actions
 * done, open and overdue, and learning themes. So the SEF and the quality-and-timeliness matrix have
 * evidence. Call after the seed transaction, like the other demo cases; deterministic for a seed, and
 * it does nothing when the council already has a sample.
 */
import type { Db } from '../platform/db/database.ts';
import { actorOfStaff, type Actor } from '../platform/access/actor.ts';
import { councilCalendar } from '../platform/council/council-settings.ts';
import { londonDateOf } from '../shared/working-time.ts';
import { ukInstant } from '../shared/uk-time.ts';
import { Random, weightedTable } from '../shared/random.ts';
import { addDays } from '../modules/returns/cin-census/census-dates.ts';
import {
  ensureAuditForm,
  FRONT_DOOR_AUDIT,
  LEARNING_THEMES,
} from '../modules/assurance/audits/audit-forms.ts';
import { AUDIT_GRADES, type AuditGrade } from '../modules/assurance/audits/audit-summary.ts';
import {
  assignAuditors,
  candidateOf,
  drawSample,
  sampleCoverage,
  sizeSureToCoverAll,
  STRATA,
} from '../modules/assurance/audits/dip-sample.ts';
import { decidedContacts } from '../modules/assurance/audits/samples.service.ts';

/** Its own stream of the seed, so the audits never disturb the rest of the council. */
const AUDIT_STREAM = 0x5eed0017;
const SAMPLE_SIZE = 20;
const GRADES = weightedTable<AuditGrade>([
  ['outstanding', 1],
  ['good', 4.5],
  ['requires_improvement', 3],
  ['inadequate', 1.5],
]);
const COMMENTS: Record<AuditGrade, string> = {
  outstanding: 'Thorough and well evidenced; the child’s experience is at the centre of the analysis.',
  good: 'Sound work: the reasoning is clear and the record supports the decision.',
  requires_improvement:
    'Some gaps: the reasoning is thin in places and the record does not show all that was weighed.',
  inadequate: 'Important information was missed and the decision is not supported by the record.',
};

/** The calendar month before the one `today` falls in. */
function lastMonth(today: string): { from: string; to: string } {
  const to = addDays(`${today.slice(0, 7)}-01`, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

export async function seedCaseAudits(db: Db, context: { now: Date; seed?: number }): Promise<number | null> {
  const formId = await ensureAuditForm(db, FRONT_DOOR_AUDIT);
  if (await db.selectFrom('dip_sample').select('id').executeTakeFirst()) return null;
  const [qa, manager, serviceManager, police] = await Promise.all(
    ['qa', 'manager', 'servicemanager', 'partner.police'].map((username) => actorOfStaff(db, username))
  );
  if (!qa || !manager || !serviceManager) return null;
  const random = new Random((context.seed ?? 0) ^ AUDIT_STREAM);
  const today = londonDateOf(context.now);
  const period = lastMonth(today);
  const calendar = await councilCalendar(db);
  const population = (await decidedContacts(db, qa, period)).map((contact) => candidateOf(contact, calendar));
  if (population.length === 0) return null;
  const sample = drawSample(population, SAMPLE_SIZE, random.int(0, 2 ** 31));
  const drawnAt = ukInstant(addDays(period.to, 1), '09:30');
  const dueOn = addDays(period.to, 21);
  const questions = await db
    .selectFrom('audit_question')
    .where('form_id', '=', formId)
    .select(['id', 'part'])
    .orderBy('position')
    .execute();
  const outcomes = (await db.selectFrom('outcome_option').select('code').execute()).map((row) => row.code);
  return db.transaction().execute(async (trx) => {
    const { id: sampleId } = await trx
      .insertInto('dip_sample')
      .values({
        form_id: formId,
        drawn_by: qa.userId,
        drawn_at: drawnAt,
        seed: 20261101,
        period_from: period.from,
        period_to: period.to,
        size: sample.length,
        population: population.length,
        due_on: dueOn,
        criteria: JSON.stringify({
          strata: STRATA,
          auditorIds: [qa.userId, manager.userId],
          sizeSureToCoverAll: sizeSureToCoverAll(population),
          coverage: sampleCoverage(population, sample),
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const assignments = assignAuditors(sample, [qa.userId, manager.userId]);
    for (const [index, { contactChildId, auditorId }] of assignments.entries()) {
      const decision = await trx
        .selectFrom('decision')
        .where('contact_child_id', '=', contactChildId)
        .where('status', '=', 'authorised')
        .select(['chosen_level', 'outcome'])
        .orderBy('authorised_at', 'desc')
        .executeTakeFirstOrThrow();
      const completed = index < sample.length - 4;
      const grade = completed ? random.weighted(GRADES) : null;
      const completedAt = completed
        ? new Date(
            Math.min(drawnAt.getTime() + random.int(2, 20) * 86_400_000, context.now.getTime() - 3_600_000)
          )
        : null;
      const agrees = random.chance(0.8);
      const { id: auditId } = await trx
        .insertInto('case_audit')
        .values({
          form_id: formId,
          contact_child_id: contactChildId,
          sample_id: sampleId,
          re_audit_of: null,
          auditor_id: auditorId,
          assigned_by: qa.userId,
          assigned_at: drawnAt,
          due_on: dueOn,
          status: completed ? 'completed' : index === sample.length - 1 ? 'assigned' : 'draft',
          grade,
          comment: grade && COMMENTS[grade],
          auditor_level: completed
            ? agrees
              ? decision.chosen_level
              : Math.min(4, (decision.chosen_level ?? 2) + 1)
            : null,
          auditor_outcome: completed ? (agrees ? decision.outcome : random.pick(outcomes)) : null,
          completed_at: completedAt,
          moderated_grade: null,
          moderation_reason: null,
          moderated_by: null,
          moderated_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: partId } = await trx
        .insertInto('case_audit_part')
        .values({
          audit_id: auditId,
          agency_id: null,
          completed_by: completed ? auditorId : null,
          completed_at: completedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (!grade || !completedAt) continue;
      await trx
        .insertInto('case_audit_answer')
        .values(
          questions
            .filter((question) => question.part === 'council')
            .map((question) => {
              const near = AUDIT_GRADES.indexOf(grade) + random.pick([-1, 0, 0, 0, 1]);
              const answer = AUDIT_GRADES[Math.max(0, Math.min(3, near))]!;
              return { part_id: partId, question_id: question.id, grade: answer, comment: COMMENTS[answer] };
            })
        )
        .execute();
      const themes = random.shuffle(LEARNING_THEMES).slice(0, random.int(1, 3));
      await trx
        .insertInto('case_audit_theme')
        .values(themes.map((theme) => ({ audit_id: auditId, theme })))
        .execute();
      if (index % 4 === 1) await moderate(trx, auditId, grade, serviceManager.userId, completedAt, random);
      if (index === 2 && police) await policePart(trx, auditId, police, completedAt, questions);
      if (index % 3 === 0 && grade !== 'outstanding')
        await raiseAction(trx, auditId, index, completedAt, [manager.userId, qa.userId], context.now);
    }
    return sampleId;
  });
}

async function moderate(
  trx: Db,
  auditId: number,
  grade: AuditGrade,
  moderatorId: number,
  after: Date,
  random: Random
) {
  const changed = random.chance(0.4) ? AUDIT_GRADES[Math.min(3, AUDIT_GRADES.indexOf(grade) + 1)]! : grade;
  await trx
    .updateTable('case_audit')
    .set({
      moderated_grade: changed,
      moderation_reason:
        changed === grade
          ? 'Agreed: the evidence in the record supports the auditor’s judgement.'
          : 'The gaps in management oversight weigh more than the audit allowed for.',
      moderated_by: moderatorId,
      moderated_at: new Date(after.getTime() + 2 * 86_400_000),
    })
    .where('id', '=', auditId)
    .execute();
}

async function policePart(
  trx: Db,
  auditId: number,
  police: Actor,
  after: Date,
  questions: { id: number; part: string }[]
) {
  const completedAt = new Date(after.getTime() - 86_400_000);
  const { id } = await trx
    .insertInto('case_audit_part')
    .values({
      audit_id: auditId,
      agency_id: police.agencyId,
      completed_by: police.userId,
      completed_at: completedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('case_audit_answer')
    .values(
      questions
        .filter((question) => question.part === 'partner')
        .map((question) => ({
          part_id: id,
          question_id: question.id,
          grade: 'good' as const,
          comment: 'Our notification was shared the same day, with the history of call-outs to the address.',
        }))
    )
    .execute();
}

/** Actions by their place in the sample: one done, the others open; those due before today are overdue. */
async function raiseAction(
  trx: Db,
  auditId: number,
  index: number,
  raisedAt: Date,
  owners: number[],
  now: Date
) {
  const done = index === 0;
  await trx
    .insertInto('case_audit_action')
    .values({
      audit_id: auditId,
      description: [
        'Team meeting on recording the child’s voice for pre-verbal children',
        'Supervision to go over the use of the continuum of need for step-downs',
        'Remind managers to record their direction, not only their agreement',
        'Check history searches include siblings’ and adults’ previous contacts',
      ][index % 4]!,
      owner_id: owners[index % owners.length]!,
      due_on: addDays(londonDateOf(raisedAt), index < 9 ? 7 : 60),
      status: done ? 'done' : 'open',
      created_by: owners[1]!,
      created_at: raisedAt,
      done_at: done ? new Date(Math.min(raisedAt.getTime() + 5 * 86_400_000, now.getTime())) : null,
      chased_at: null,
    })
    .execute();
}
