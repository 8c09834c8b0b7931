/*
 * Dip samples: the decided contacts of a period, drawn by the pure sampler (dip-sample.ts), recorded
 * with who drew them, when, the seed and the criteria, each one an audit assigned to an auditor.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { contactChildIdVisibleTo, type RecordAccess } from '../../../platform/access/record-access.ts';
import { hasPermission, isPartnerAgency } from '../../../platform/access/permissions.ts';
import { councilCalendar } from '../../../platform/council/council-settings.ts';
import { FormProblem } from '../../../platform/http/forms.ts';
import { ukInstant } from '../../../shared/uk-time.ts';
import { addDays } from '../../returns/cin-census/census-dates.ts';
import type { Period } from '../../performance/insight-scope.ts';
import { listOutcomeOptions } from '../../decisions/outcome-options.service.ts';
import { insertAudit } from './new-audit.ts';
import { decisionInForce } from './decision-in-force.ts';
import { lockFormForSampling } from './audit-form-editor.ts';
import {
  STRATUM_LABELS,
  TIME_OF_DAY_LABELS,
  WEEKDAY_LABELS,
  assignAuditors,
  candidateOf,
  drawSample,
  sampleCoverage,
  sizeSureToCoverAll,
  STRATA,
  type CoverageRow,
  type DecidedContact,
} from './dip-sample.ts';

export interface SampleRequest {
  period: Period;
  size: number;
  seed: number;
  formId: number;
  auditorIds: number[];
  dueOn: string;
}

/** What a sample records about how it was drawn, shown on its page as it was when drawn. */
export interface SampleCriteria {
  strata: readonly string[];
  auditorIds: number[];
  sizeSureToCoverAll: number;
  coverage: CoverageRow[];
}

/**
 * The contacts a sample is drawn from: each child's part of a contact received in the period with an
 * authorised decision (the latest), that the actor may see (a restricted child without a grant is
 * never sampled by someone who could not open it).
 */
export async function decidedContacts(db: Db, actor: Actor, period: Period): Promise<DecidedContact[]> {
  const rows = await db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .innerJoinLateral(decisionInForce, (join) => join.onTrue())
    .where('c.received_at', '>=', ukInstant(period.from, '00:00'))
    .where('c.received_at', '<', ukInstant(addDays(period.to, 1), '00:00'))
    .where(contactChildIdVisibleTo(actor, 'cc.id'))
    .select(['cc.id', 'c.received_at', 'cc.team_id', 'd.authorised_by', 'd.outcome'])
    .execute();
  return rows.map((row) => ({
    contactChildId: row.id,
    receivedAt: row.received_at,
    teamId: row.team_id,
    authorisedBy: row.authorised_by,
    outcome: row.outcome,
  }));
}

/** Staff who can carry out a council audit: active, in the council, with assurance:audit. */
export async function auditorChoices(db: Db): Promise<{ id: number; name: string }[]> {
  const rows = await db
    .selectFrom('staff_user as u')
    .innerJoin('agency as ag', 'ag.id', 'u.agency_id')
    .where('u.active', '=', true)
    .select(['u.id', 'u.display_name', 'u.role', 'ag.kind'])
    .orderBy('u.display_name')
    .execute();
  return rows
    .filter((row) => hasPermission(row.role, 'assurance:audit') && !isPartnerAgency(row.kind))
    .map((row) => ({ id: row.id, name: row.display_name }));
}

/** Refuses anyone who is not (or no longer) able to carry out a council audit. */
export async function assertAuditors(
  db: Db,
  auditorIds: readonly number[],
  field = 'auditorIds'
): Promise<void> {
  const allowed = new Set((await auditorChoices(db)).map((auditor) => auditor.id));
  if (!auditorIds.every((id) => allowed.has(id)))
    throw new FormProblem(field, 'Choose auditors from the list');
}

/** Draws and records a sample; each sampled contact becomes an audit with its council part. Answers the sample's id. */
export async function drawDipSample(
  db: Db,
  access: RecordAccess,
  now: Date,
  request: SampleRequest
): Promise<number> {
  await assertAuditors(db, request.auditorIds);
  const calendar = await councilCalendar(db);
  const population = (await decidedContacts(db, access.actor, request.period)).map((contact) =>
    candidateOf(contact, calendar)
  );
  const sample = drawSample(population, request.size, request.seed);
  const criteria: SampleCriteria = {
    strata: STRATA,
    auditorIds: request.auditorIds,
    sizeSureToCoverAll: sizeSureToCoverAll(population),
    coverage: sampleCoverage(population, sample),
  };
  return access.recordChange('assurance:manage', 'assurance.sample_draw', async (trx) => {
    await lockFormForSampling(trx, request.formId);
    const { id } = await trx
      .insertInto('dip_sample')
      .values({
        form_id: request.formId,
        drawn_by: access.actor.userId,
        drawn_at: now,
        seed: request.seed,
        period_from: request.period.from,
        period_to: request.period.to,
        size: sample.length,
        population: population.length,
        due_on: request.dueOn,
        criteria: JSON.stringify(criteria),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const { contactChildId, auditorId } of assignAuditors(sample, request.auditorIds)) {
      await insertAudit(trx, {
        formId: request.formId,
        contactChildId,
        sampleId: id,
        reAuditOf: null,
        auditorId,
        assignedBy: access.actor.userId,
        now,
        dueOn: request.dueOn,
      });
    }
    return {
      recordType: 'dip_sample',
      recordId: id,
      result: id,
      details: {
        seed: request.seed,
        period: request.period,
        size: sample.length,
        population: population.length,
        auditors: request.auditorIds.length,
      },
    };
  });
}

export interface SampleRow {
  id: number;
  drawnAt: Date;
  drawnBy: string;
  seed: number;
  periodFrom: string;
  periodTo: string;
  size: number;
  population: number;
  dueOn: string;
  completed: number;
}

const sampleColumns = [
  'ds.id',
  'ds.drawn_at as drawnAt',
  'u.display_name as drawnBy',
  'ds.seed',
  'ds.period_from as periodFrom',
  'ds.period_to as periodTo',
  'ds.size',
  'ds.population',
  'ds.due_on as dueOn',
  sql<number>`(select count(*)::int from case_audit a where a.sample_id = ds.id and a.status = 'completed')`.as(
    'completed'
  ),
] as const;

export async function listSamples(db: Db): Promise<SampleRow[]> {
  const rows = await db
    .selectFrom('dip_sample as ds')
    .innerJoin('staff_user as u', 'u.id', 'ds.drawn_by')
    .select(sampleColumns)
    .orderBy('ds.drawn_at', 'desc')
    .orderBy('ds.id', 'desc')
    .execute();
  return rows.map((row) => ({ ...row, seed: Number(row.seed) }));
}

export interface SampleAuditRow {
  id: number;
  contactChildId: number;
  reference: string;
  teamName: string | null;
  auditor: string;
  auditorId: number;
  dueOn: string;
  status: 'assigned' | 'draft' | 'completed';
  grade: string | null;
  moderated: boolean;
}

/**
 * A sample as drawn, with its audits' progress. Audits about a child the actor may not see are
 * counted but not listed.
 */
export async function loadSample(
  db: Db,
  actor: Actor,
  id: number
): Promise<{
  sample: SampleRow & { criteria: SampleCriteria };
  audits: SampleAuditRow[];
  withheld: number;
} | null> {
  const sample = await db
    .selectFrom('dip_sample as ds')
    .innerJoin('staff_user as u', 'u.id', 'ds.drawn_by')
    .where('ds.id', '=', id)
    .select([...sampleColumns, 'ds.criteria'])
    .executeTakeFirst();
  if (!sample) return null;
  const audits = await db
    .selectFrom('case_audit as a')
    .innerJoin('contact_child as cc', 'cc.id', 'a.contact_child_id')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .innerJoin('staff_user as u', 'u.id', 'a.auditor_id')
    .leftJoin('team as t', 't.id', 'cc.team_id')
    .where('a.sample_id', '=', id)
    .select([
      'a.id',
      'a.contact_child_id as contactChildId',
      'c.reference',
      't.name as teamName',
      'u.display_name as auditor',
      'a.auditor_id as auditorId',
      'a.due_on as dueOn',
      'a.status',
      sql<string | null>`coalesce(a.moderated_grade, a.grade)`.as('grade'),
      sql<boolean>`a.moderated_grade is not null`.as('moderated'),
      sql<boolean>`${contactChildIdVisibleTo(actor, 'a.contact_child_id')}`.as('visible'),
    ])
    .orderBy('a.id')
    .execute();
  const shown = audits.filter((audit) => audit.visible).map(({ visible: _visible, ...audit }) => audit);
  return {
    // Only drawDipSample writes the criteria, as a SampleCriteria.
    sample: { ...sample, seed: Number(sample.seed), criteria: sample.criteria as unknown as SampleCriteria },
    audits: shown,
    withheld: audits.length - shown.length,
  };
}

/** The coverage table by stratum, each value labelled: team and manager names, days, times, outcome labels. */
export async function coverageLabels(db: Db, rows: readonly CoverageRow[]) {
  const [teams, staff, outcomes] = await Promise.all([
    db.selectFrom('team').select(['id', 'name']).execute(),
    db.selectFrom('staff_user').select(['id', 'display_name']).execute(),
    listOutcomeOptions(db),
  ]);
  const team = new Map(teams.map((row) => [String(row.id), row.name]));
  const person = new Map(staff.map((row) => [String(row.id), row.display_name]));
  const outcome = new Map(outcomes.map((row) => [row.code, row.label]));
  const label = (row: CoverageRow): string => {
    if (row.value === 'none') return row.stratum === 'team' ? 'No team' : 'Not recorded';
    switch (row.stratum) {
      case 'team':
        return team.get(row.value) ?? row.value;
      case 'manager':
        return person.get(row.value) ?? row.value;
      case 'weekday':
        return WEEKDAY_LABELS[Number(row.value)] ?? row.value;
      case 'timeOfDay':
        return TIME_OF_DAY_LABELS[row.value as keyof typeof TIME_OF_DAY_LABELS] ?? row.value;
      case 'outcome':
        return outcome.get(row.value) ?? row.value;
    }
  };
  return Object.entries(STRATUM_LABELS).map(([stratum, title]) => ({
    title,
    rows: rows.filter((row) => row.stratum === stratum).map((row) => ({ ...row, label: label(row) })),
  }));
}
