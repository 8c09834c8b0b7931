import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { InsightScope } from '../../performance/insight-scope.ts';
import type { LevelChoice } from '../consistency/agreement.ts';
import {
  WEEKDAYS,
  type ConsistencyDecision,
  type IndicatedLevel,
  type Rag,
  type TimeBand,
} from '../consistency/consistency-model.ts';

/*
 * The decisions the threshold-consistency analysis compares, read in one set-based statement from the
 * performance facts (insight_fact: levels, team, agency, times) and the decision itself (the rating it
 * was proposed on, who proposed and who authorised it). The period rule is the decision measures' own:
 * by the date the manager authorised the decision (UK time).
 */

/** What "escalated" means here, shown on the page. */
export const ESCALATION_RULE =
  'Decided a referral to children’s social care: a child and family assessment, a section 47 strategy discussion or a private fostering assessment (the outcomes the council marks as referrals).';

/** The time-of-day bands, by the hour the contact was received (UK time). */
export const TIME_BAND_HOURS: Record<TimeBand, string> = {
  night: '10pm to 8am',
  morning: '8am to midday',
  afternoon: 'midday to 5pm',
  evening: '5pm to 10pm',
};

export const NO_AGENCY = 'No referring agency (public, family, anonymous)';
export const NOT_RECORDED = 'Not recorded';

export interface ExtractedDecision extends ConsistencyDecision, LevelChoice {}

interface DecisionRow {
  escalated: boolean;
  indicated_level: number | null;
  chosen_level: number | null;
  rag: Rag | null;
  team: string | null;
  worker: string | null;
  manager: string | null;
  weekday: number;
  hour: number;
  out_of_hours: boolean;
  agency: string | null;
}

/** The scope's filters on the facts `f`, as the performance pages apply them. */
function scopeConditions(scope: InsightScope): RawBuilder<unknown> {
  const conditions = [
    sql`f.decision_date between ${scope.period.from}::date and ${scope.period.to}::date`,
    sql`f.decision_id is not null`,
  ];
  const equal = (column: string, value: string | number | undefined) => {
    if (value !== undefined) conditions.push(sql`${sql.ref(column)} = ${value}`);
  };
  equal('f.locality_id', scope.localityId);
  equal('f.team_id', scope.teamId);
  equal('f.referrer_agency_id', scope.agencyId);
  equal('f.age_band', scope.ageBand);
  equal('f.sex', scope.sex);
  equal('f.ethnic_group', scope.ethnicGroup);
  equal('f.disability', scope.disability);
  return sql.join(conditions, sql` and `);
}

/** The authorised decisions of the period and filters, one per child per contact. Call refreshInsightFacts first. */
export async function consistencyDecisions(db: Db, scope: InsightScope): Promise<ExtractedDecision[]> {
  const { rows } = await sql<DecisionRow>`
    select coalesce(o.is_referral, false) as escalated, f.indicated_level, f.chosen_level,
      coalesce(d.rag, cc.rag) as rag, t.name as team, w.display_name as worker,
      m.display_name as manager,
      extract(isodow from f.received_at at time zone 'Europe/London')::int as weekday,
      extract(hour from f.received_at at time zone 'Europe/London')::int as hour,
      f.out_of_hours, a.name as agency
    from insight_fact f
    join decision d on d.id = f.decision_id
    join contact_child cc on cc.id = f.contact_child_id
    left join outcome_option o on o.code = f.outcome
    left join team t on t.id = f.team_id
    left join staff_user w on w.id = d.proposed_by
    left join staff_user m on m.id = d.authorised_by
    left join agency a on a.id = f.referrer_agency_id
    where ${scopeConditions(scope)}
    order by f.contact_child_id`.execute(db);
  return rows.map(decisionOf);
}

function decisionOf(row: DecisionRow): ExtractedDecision {
  return {
    escalated: row.escalated,
    indicatedLevel: levelOf(row.indicated_level),
    chosenLevel: levelOf(row.chosen_level),
    rag: row.rag,
    team: row.team ?? NOT_RECORDED,
    worker: row.worker ?? NOT_RECORDED,
    manager: row.manager ?? NOT_RECORDED,
    weekday: WEEKDAYS[row.weekday - 1]!,
    timeBand: timeBandOf(row.hour),
    outOfHours: row.out_of_hours,
    agency: row.agency ?? NO_AGENCY,
  };
}

/** Levels of the continuum of need are 1 to 4; anything else is treated as not recorded. */
function levelOf(level: number | null): IndicatedLevel | null {
  return level === 1 || level === 2 || level === 3 || level === 4 ? level : null;
}

export function timeBandOf(hour: number): TimeBand {
  if (hour < 8 || hour >= 22) return 'night';
  if (hour < 12) return 'morning';
  if (hour < 17) return 'afternoon';
  return 'evening';
}
