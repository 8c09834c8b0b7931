import { Random, weightedTable } from '../../../shared/random.ts';
import {
  WEEKDAYS,
  type ConsistencyDecision,
  type IndicatedLevel,
  type Rag,
  type TimeBand,
  type Weekday,
} from './consistency-model.ts';

/**
 * Seeded synthetic front-door decisions for checking the consistency analysis: the same seed gives the
 * same decisions on every machine. The case mix is realistic and differs by team (a team serving a
 * needier area sees more level 3–4 and red contacts), so a crude comparison of rates would mislead and
 * the adjustment has work to do. Escalation depends only on indicated level and RAG, unless an effect is
 * planted: "team X escalates less on Fridays for the same level of need", with a chosen odds ratio.
 */

export interface PlantedEffect {
  readonly team: string;
  readonly weekday: Weekday;
  /** Multiplies the odds of escalation for that team on that day, e.g. 0.6. */
  readonly oddsRatio: number;
}

export interface SyntheticOptions {
  readonly seed: number;
  readonly decisions: number;
  readonly teams?: number;
  readonly workersPerTeam?: number;
  readonly managersPerTeam?: number;
  readonly planted?: PlantedEffect;
}

export function teamName(index: number): string {
  return `Team ${String.fromCharCode(65 + index)}`;
}

/** Weekends bring about a third of a weekday's contacts (police notifications, out-of-hours). */
const WEEKDAY_TABLE = weightedTable(
  WEEKDAYS.map((day) => [day, day === 'Sat' || day === 'Sun' ? 0.35 : 1] as const)
);
const WEEKDAY_TIME_TABLE = weightedTable<TimeBand>([
  ['night', 0.05],
  ['morning', 0.45],
  ['afternoon', 0.4],
  ['evening', 0.1],
]);
const WEEKEND_TIME_TABLE = weightedTable<TimeBand>([
  ['night', 0.25],
  ['morning', 0.25],
  ['afternoon', 0.25],
  ['evening', 0.25],
]);
const AGENCY_TABLE = weightedTable([
  ['Police', 0.3],
  ['School', 0.18],
  ['Health', 0.15],
  ['Local authority', 0.1],
  ['Member of the public', 0.08],
  ['Family or self', 0.07],
  ['Housing', 0.05],
  ['Other', 0.07],
] as const);

/** RAG given indicated level: the more serious the level, the more often red. */
const RAG_BY_LEVEL: Record<IndicatedLevel, ReturnType<typeof weightedTable<Rag>>> = {
  1: weightedTable<Rag>([
    ['green', 0.85],
    ['amber', 0.13],
    ['red', 0.02],
  ]),
  2: weightedTable<Rag>([
    ['green', 0.6],
    ['amber', 0.33],
    ['red', 0.07],
  ]),
  3: weightedTable<Rag>([
    ['green', 0.2],
    ['amber', 0.55],
    ['red', 0.25],
  ]),
  4: weightedTable<Rag>([
    ['green', 0.05],
    ['amber', 0.35],
    ['red', 0.6],
  ]),
};

/** The true model: log-odds of escalation by indicated level and RAG. */
const LEVEL_LOG_ODDS: Record<IndicatedLevel, number> = { 1: -3, 2: -1.4, 3: 0.4, 4: 2.2 };
const UNRECORDED_LEVEL_LOG_ODDS = -0.8;
const RAG_LOG_ODDS: Record<Rag, number> = { green: -0.4, amber: 0, red: 0.9 };

/** Team i's level mix tilts towards level 3–4 as i grows: from 35% to about 55% of contacts. */
function levelTable(teamIndex: number, teams: number) {
  const tilt = teams > 1 ? teamIndex / (teams - 1) : 0;
  return weightedTable<IndicatedLevel | null>([
    [1, 0.25 - 0.1 * tilt],
    [2, 0.37 - 0.1 * tilt],
    [3, 0.23 + 0.12 * tilt],
    [4, 0.12 + 0.08 * tilt],
    [null, 0.03],
  ]);
}

function escalationLogOdds(level: IndicatedLevel | null, rag: Rag | null): number {
  const levelPart = level === null ? UNRECORDED_LEVEL_LOG_ODDS : LEVEL_LOG_ODDS[level];
  return levelPart + (rag === null ? 0 : RAG_LOG_ODDS[rag]);
}

export function generateDecisions(options: SyntheticOptions): ConsistencyDecision[] {
  const teams = options.teams ?? 6;
  const workersPerTeam = options.workersPerTeam ?? 8;
  const managersPerTeam = options.managersPerTeam ?? 2;
  const random = new Random(options.seed);
  const levelTables = Array.from({ length: teams }, (_, index) => levelTable(index, teams));
  const decisions: ConsistencyDecision[] = [];
  for (let index = 0; index < options.decisions; index++) {
    const teamIndex = random.int(0, teams - 1);
    const team = teamName(teamIndex);
    const weekday = random.weighted(WEEKDAY_TABLE);
    const weekend = weekday === 'Sat' || weekday === 'Sun';
    const timeBand = random.weighted(weekend ? WEEKEND_TIME_TABLE : WEEKDAY_TIME_TABLE);
    const indicatedLevel = random.weighted(levelTables[teamIndex]!);
    const rag = random.chance(0.02) ? null : random.weighted(RAG_BY_LEVEL[indicatedLevel ?? 2]);
    const planted = options.planted;
    const plantedLogOdds =
      planted && planted.team === team && planted.weekday === weekday ? Math.log(planted.oddsRatio) : 0;
    const probability = 1 / (1 + Math.exp(-(escalationLogOdds(indicatedLevel, rag) + plantedLogOdds)));
    decisions.push({
      escalated: random.chance(probability),
      indicatedLevel,
      rag,
      team,
      worker: `${team} worker ${random.int(1, workersPerTeam)}`,
      manager: `${team} manager ${random.int(1, managersPerTeam)}`,
      weekday,
      timeBand,
      outOfHours: weekend || timeBand === 'night' || timeBand === 'evening',
      agency: random.weighted(AGENCY_TABLE),
    });
  }
  return decisions;
}
