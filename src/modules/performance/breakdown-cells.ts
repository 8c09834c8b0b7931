import { sql, type RawBuilder } from 'kysely';
import type { ChildListing } from './children-behind.ts';
import type { InsightScope } from './insight-scope.ts';
import {
  ASSESSMENT_DAY_BIN,
  AUTHORISED,
  HANDOVER_COLUMNS,
  HANDOVERS_FROM,
  inPeriod,
  OUTCOME,
  REFERRAL,
  REQUEST_COLUMNS,
  REQUESTS_FROM,
  whereFilters,
  WORKING_DAYS,
  type BreakdownId,
  type CountedColumn,
} from './measure-queries.ts';

/*
 * The children behind one cell of a breakdown: the same cases its count counts (the breakdown's own
 * conditions from measure-queries.ts, in the scope's period and filters), narrowed to the cell's row.
 * The cell's column is named as breakdown-tables.ts names it; its row by the values it is grouped by.
 */

type Sql = RawBuilder<unknown>;

/** A counted column's cases in one row: the row's group values, as groupKey split them ('' for none). */
type CellListing = (scope: InsightScope, group: string[], now: Date) => ChildListing;

/** The column equals the group's value, or is null when the value is ''. */
const sameText = (column: Sql, value: string | undefined) =>
  sql`${column} is not distinct from nullif(${value ?? ''}, '')`;
const sameNumber = (column: Sql, value: string | undefined) =>
  sql`${column} is not distinct from nullif(${value ?? ''}, '')::int`;

/** Facts placed in the period by `day`, in the row. */
function facts(scope: InsightScope, day: Sql, row: Sql, fact: Sql): ChildListing {
  return {
    from: sql`from insight_fact f where ${inPeriod(day, scope.period)} and ${whereFilters(scope)} and ${row}`,
    person: sql`f.person_id`,
    day,
    fact,
    key: sql`f.contact_child_id`,
  };
}

const RECEIVED = sql`f.received_date`;
const DECIDED = sql`f.decision_date`;

const REQUEST_FACT = sql`a.name || ': ' || case ir.status
  when 'answered' then 'answered ' || to_char(ir.responded_on, 'FMDD FMMonth YYYY')
  when 'open' then 'not answered yet'
  else 'withdrawn' end`;

/** Information requests to the row's agency, counted by the column. */
function requests(column: keyof ReturnType<typeof REQUEST_COLUMNS>): CellListing {
  return (scope, [agencyId], now) =>
    joined(REQUESTS_FROM, REQUEST_COLUMNS(scope.period, now)[column], {
      row: sql`ir.agency_id = ${Number(agencyId)} and ${whereFilters(scope, 'ir')}`,
      person: sql`ir.person_id`,
      fact: REQUEST_FACT,
      key: sql`ir.id`,
    });
}

const HANDOVER_FACT = sql`case h.status when 'accepted' then 'Accepted by ' when 'returned' then 'Returned by '
  else 'Offered to ' end || t.name`;

/** Handovers to the row's team, counted by the column. */
function handovers(column: keyof ReturnType<typeof HANDOVER_COLUMNS>): CellListing {
  return (scope, [teamId]) =>
    joined(HANDOVERS_FROM, HANDOVER_COLUMNS(scope.period)[column], {
      row: sql`h.to_team_id = ${Number(teamId)} and ${whereFilters(scope, 'h')}`,
      person: sql`h.person_id`,
      fact: HANDOVER_FACT,
      key: sql`h.id`,
    });
}

function joined(
  from: Sql,
  column: CountedColumn,
  rest: { row: Sql; person: Sql; fact: Sql; key: Sql }
): ChildListing {
  return {
    from: sql`${from} where ${column.where} and ${rest.row}`,
    person: rest.person,
    day: column.day,
    fact: rest.fact,
    key: rest.key,
  };
}

const CELLS: { [B in BreakdownId]: Record<string, CellListing> } = {
  contacts_by_source: {
    contacts: (scope, [source]) => facts(scope, RECEIVED, sameText(sql`f.referral_source`, source), OUTCOME),
    referrals: (scope, [source]) =>
      facts(scope, sql`f.referral_date`, sameText(sql`f.referral_source`, source), REFERRAL),
  },
  contacts_by_need: {
    contacts: (scope, [factorCode]) => facts(scope, RECEIVED, sql`${factorCode} = any(f.concerns)`, OUTCOME),
  },
  out_of_hours_by_outcome: {
    contacts: (scope, [outcome]) =>
      facts(scope, RECEIVED, sql`f.out_of_hours and ${sameText(sql`f.outcome`, outcome)}`, OUTCOME),
  },
  decisions_by_outcome: {
    decisions: (scope, [outcome]) => facts(scope, DECIDED, sameText(sql`f.outcome`, outcome), AUTHORISED),
  },
  outcome_by_route: {
    decisions: (scope, [channel, outcome]) =>
      facts(
        scope,
        DECIDED,
        sql`${sameText(sql`f.channel`, channel)} and ${sameText(sql`f.outcome`, outcome)}`,
        AUTHORISED
      ),
  },
  nfa_by_agency: {
    decisions: (scope, [agencyId]) =>
      facts(scope, DECIDED, sameNumber(sql`f.referrer_agency_id`, agencyId), OUTCOME),
    nfa: (scope, [agencyId]) =>
      facts(
        scope,
        DECIDED,
        sql`${sameNumber(sql`f.referrer_agency_id`, agencyId)} and f.outcome = 'no_further_action'`,
        AUTHORISED
      ),
  },
  level_matrix: {
    decisions: (scope, [indicated, chosen]) =>
      facts(
        scope,
        DECIDED,
        sql`${sameNumber(sql`f.indicated_level`, indicated)} and ${sameNumber(sql`f.chosen_level`, chosen)}`,
        OUTCOME
      ),
  },
  information_requests_by_agency: {
    sent: requests('sent'),
    answered: requests('answered'),
    onTime: requests('onTime'),
    onTimeOf: requests('onTimeOf'),
    openOverdue: requests('openOverdue'),
  },
  handovers_by_team: {
    offered: handovers('offered'),
    accepted: handovers('accepted'),
    returned: handovers('returned'),
  },
  assessment_days_distribution: {
    assessments: (scope, [bin]) =>
      facts(
        scope,
        sql`f.assessment_authorised_on`,
        sql`f.assessment_working_days is not null and ${ASSESSMENT_DAY_BIN} = ${bin}`,
        WORKING_DAYS(sql`f.assessment_working_days`)
      ),
  },
};

/**
 * The cases behind one cell: `column` as breakdown-tables.ts names it, `group` as groupKey wrote the
 * row's. Null for a column that counts no cases (a percentage, a median).
 */
export function cellListing(
  by: BreakdownId,
  column: string,
  group: string,
  scope: InsightScope,
  now: Date
): ChildListing | null {
  const cell = Object.hasOwn(CELLS[by], column) ? CELLS[by][column] : undefined;
  return cell ? cell(scope, group.split('|'), now) : null;
}
