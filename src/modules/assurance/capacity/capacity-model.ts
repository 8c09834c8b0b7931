/**
 * The capacity model: from arrivals by hour of the week and how long each step takes, predicts the share
 * of contacts meeting their RAG timescale under a rota, and the least staffing per shift that meets a target.
 *
 * How it predicts (explainable, no simulation): time runs in 15-minute blocks over the period. Each block,
 * the expected arrivals of each RAG (rate × 15 min) join the screening queue as a "piece" of contacts with
 * their due time (dueAt of the block's middle, so working-day timescales follow the calendar). Staff on
 * duty give minutes of work per block (people × 15); the queue is worked as a fluid, most urgent first (red,
 * then earliest due), and whatever is not done carries over as backlog to the next block. A piece that is
 * started goes on to the managers' queue after its mean screening time plus the short random wait that even
 * an unsaturated team has: Allen–Cunneen's M/G/c approximation of Erlang C, split between red and the rest
 * with the Bondi–Buzen priority correction. A contact meets its timescale if the screening and
 * authorisation times (a lognormal with their summed mean and variance) fit between the authorisation
 * start and the due time, so the prediction is the expected share of contacts doing so.
 */
import type { Rag } from '../../../platform/db/schema.ts';
import { dueAt, type Timescale, type WorkingCalendar } from '../../../shared/working-time.ts';
import { hoursIn, type ArrivalRates, type Period } from './arrivals.ts';
import {
  MS_PER_HOUR,
  rotaFromShifts,
  rotaHourOf,
  SHIFTS,
  shiftHoursPerWeek,
  shiftOf,
  type Rota,
  type Shift,
  type ShiftStaffing,
  type Staffing,
} from './rota.ts';
import type { Timeliness } from './queue-simulation.ts';
import { lognormalCdf, momentsOf, RAGS, type ServiceTimes, type Step } from './service-times.ts';

export interface CapacityInputs {
  readonly period: Period;
  readonly rates: ArrivalRates;
  readonly serviceTimes: ServiceTimes;
  readonly ragTimescales: Readonly<Record<Rag, Timescale>>;
  readonly calendar: WorkingCalendar;
}

/** What has to reach the target: all contacts together, or each RAG on its own. */
export type TargetScope = 'overall' | 'every_rag';

export interface StaffingTarget {
  /** Share of contacts that must meet their RAG timescale, 0–1. */
  readonly share: number;
  readonly scope: TargetScope;
  /**
   * Head-room a recommendation keeps above `share`: the model is within about a point of the simulation
   * near the target and a real month varies, so planning for exactly 95% would miss it half the time.
   */
  readonly margin: number;
  /** Staff every shift keeps whatever the model says; by default someone of each role while the front door is open. */
  readonly minimums: Partial<ShiftStaffing>;
}

export const DEFAULT_TARGET: StaffingTarget = {
  share: 0.95,
  scope: 'overall',
  margin: 0.01,
  minimums: {
    weekday_day: { practitioners: 1, managers: 1 },
    weekday_evening: { practitioners: 1, managers: 1 },
  },
};

const BLOCK_MINUTES = 15;
const BLOCK_MS = BLOCK_MINUTES * 60_000;
const MS_PER_MINUTE = 60_000;
/** Backlog still there this long after the period is counted as missed (nobody on duty for a step). */
const DRAIN_LIMIT_MS = 8 * 7 * 24 * MS_PER_HOUR;
/** Above this utilisation the Erlang wait is left to the fluid backlog, which is what a busy hour really builds. */
const MAX_STATIONARY_UTILISATION = 0.95;

/** Probability that an arrival waits in an M/M/c queue with `servers` and offered load `load` (Erlang C). */
export function erlangC(servers: number, load: number): number {
  if (!Number.isInteger(servers) || servers < 0 || !(load >= 0)) {
    throw new RangeError('Erlang C needs whole servers >= 0 and a load >= 0');
  }
  if (load === 0) return 0;
  if (load >= servers) return 1;
  let erlangB = 1;
  for (let k = 1; k <= servers; k++) erlangB = (load * erlangB) / (k + load * erlangB);
  return erlangB / (1 - (load / servers) * (1 - erlangB));
}

/**
 * Mean wait in queue of an M/G/c (GI/G/c) queue by Allen–Cunneen: the M/M/c wait scaled by (ca² + cs²)/2.
 * Rates and times in one unit; Infinity when the servers cannot keep up.
 */
export function allenCunneenWait(
  servers: number,
  arrivalRate: number,
  meanService: number,
  serviceScv: number,
  arrivalScv = 1
): number {
  const load = arrivalRate * meanService;
  if (load === 0) return 0;
  if (load >= servers) return Infinity;
  const mmcWait = erlangC(servers, load) / (servers / meanService - arrivalRate);
  return (mmcWait * (arrivalScv + serviceScv)) / 2;
}

interface Piece {
  readonly rag: Rag;
  mass: number;
  readonly due: number;
  /** When the piece can be started (arrival, or screening done). */
  readonly ready: number;
}

interface Block {
  readonly start: number;
  readonly arrivals: readonly Piece[];
}

/** The calendar work done once per period and rates, so staffing searches only rerun the queue. */
export interface PreparedModel {
  readonly inputs: CapacityInputs;
  readonly blocks: readonly Block[];
  readonly moments: Record<Step, Record<Rag, { mean: number; variance: number }>>;
  readonly rotaHours: Map<number, number>;
}

export function prepareModel(inputs: CapacityInputs): PreparedModel {
  const { period, rates, ragTimescales, calendar } = inputs;
  if (rates.length !== 168)
    throw new RangeError(`Arrival rates need 168 hours of the week, got ${rates.length}`);
  const rotaHours = new Map<number, number>();
  const blockCount = (hoursIn(period) * MS_PER_HOUR) / BLOCK_MS;
  const blocks: Block[] = [];
  for (let index = 0; index < blockCount; index++) {
    const start = period.from.getTime() + index * BLOCK_MS;
    const middle = new Date(start + BLOCK_MS / 2);
    const hourRates = rates[rotaHourAt(start, calendar, rotaHours)]!;
    const arrivals = RAGS.filter((rag) => hourRates[rag] > 0).map((rag) => ({
      rag,
      mass: (hourRates[rag] * BLOCK_MINUTES) / 60,
      due: dueAt(middle, ragTimescales[rag], calendar).getTime(),
      ready: middle.getTime(),
    }));
    blocks.push({ start, arrivals });
  }
  const momentsByRag = (step: Step) =>
    Object.fromEntries(RAGS.map((rag) => [rag, momentsOf(inputs.serviceTimes[step][rag])])) as Record<
      Rag,
      { mean: number; variance: number }
    >;
  return {
    inputs,
    blocks,
    moments: { screening: momentsByRag('screening'), authorisation: momentsByRag('authorisation') },
    rotaHours,
  };
}

/** The predicted share of contacts meeting their RAG timescale under a rota. */
export function predictTimeliness(model: PreparedModel, rota: Rota): Timeliness {
  const { moments, blocks, inputs } = model;
  const queues: Record<Step, Piece[]> = { screening: [], authorisation: [] };
  const expected = { red: 0, amber: 0, green: 0 };
  const met = { red: 0, amber: 0, green: 0 };
  const end = inputs.period.to.getTime();
  for (let index = 0; ; index++) {
    const start = inputs.period.from.getTime() + index * BLOCK_MS;
    const block = blocks[index];
    if (
      !block &&
      (start > end + DRAIN_LIMIT_MS || queues.screening.length + queues.authorisation.length === 0)
    )
      break;
    for (const piece of block?.arrivals ?? []) {
      expected[piece.rag] += piece.mass;
      insertByUrgency(queues.screening, { ...piece });
    }
    const staffing = rota[rotaHourAt(start, inputs.calendar, model.rotaHours)]!;
    const hourRates = inputs.rates[rotaHourAt(start, inputs.calendar, model.rotaHours)]!;
    const next = rota[rotaHourAt(start + BLOCK_MS, inputs.calendar, model.rotaHours)]!;
    const overtime = (step: Step, role: keyof Staffing) =>
      Math.max(0, staffing[role] - next[role]) * meanResidual(hourRates, moments[step]);
    const screened = workBlock(
      queues.screening,
      staffing.practitioners,
      start,
      moments.screening,
      overtime('screening', 'practitioners')
    );
    const screeningWaits = stationaryWaits(
      staffing.practitioners,
      hourRates,
      moments.screening,
      screened.saturated
    );
    for (const piece of screened.started) {
      const ready =
        piece.ready + screeningWaits[piece.rag] + moments.screening[piece.rag].mean * MS_PER_MINUTE;
      insertByUrgency(queues.authorisation, { ...piece, ready });
    }
    const authorised = workBlock(
      queues.authorisation,
      staffing.managers,
      start,
      moments.authorisation,
      overtime('authorisation', 'managers')
    );
    const authorisationWaits = stationaryWaits(
      staffing.managers,
      hourRates,
      moments.authorisation,
      authorised.saturated
    );
    for (const piece of authorised.started) {
      met[piece.rag] += piece.mass * chanceOfMeeting(piece, authorisationWaits[piece.rag], model);
    }
  }
  const total = expected.red + expected.amber + expected.green;
  const byRag = Object.fromEntries(
    RAGS.map((rag) => [rag, expected[rag] > 0 ? met[rag] / expected[rag] : null])
  );
  return {
    overall: total > 0 ? (met.red + met.amber + met.green) / total : 1,
    byRag: byRag as Record<Rag, number | null>,
    contacts: total,
  };
}

/** Whether a prediction reaches the target's share (without its planning margin). */
export function meetsTarget(
  timeliness: Timeliness,
  target: Pick<StaffingTarget, 'share' | 'scope'> = DEFAULT_TARGET
): boolean {
  return shortfall(timeliness, target) === 0;
}

export interface StaffingRecommendation {
  readonly shifts: ShiftStaffing;
  readonly rota: Rota;
  readonly predicted: Timeliness;
}

/**
 * The least staffing per shift (in staff-hours a week) that the model predicts reaches the target: start
 * from the average workload of each shift, add the person (or practitioner-and-manager pair) that gains
 * most per staff-hour until the target is met, then take away anyone not needed.
 */
export function recommendStaffing(
  model: PreparedModel,
  target: StaffingTarget = DEFAULT_TARGET
): StaffingRecommendation {
  const planned = { ...target, share: target.share + target.margin };
  let shifts = atLeast(workloadFloor(model), target.minimums);
  let predicted = predictTimeliness(model, rotaFromShifts(shifts));
  for (let round = 0; !meetsTarget(predicted, planned); round++) {
    if (round > 200) throw new RangeError('No staffing up to 200 extra people reaches the target');
    let best: { shifts: ShiftStaffing; predicted: Timeliness; gain: number } | undefined;
    for (const { change, cost } of additions()) {
      const candidate = applyChange(shifts, change);
      const candidatePrediction = predictTimeliness(model, rotaFromShifts(candidate));
      const gain = (shortfall(predicted, planned) - shortfall(candidatePrediction, planned)) / cost;
      if (!best || gain > best.gain) best = { shifts: candidate, predicted: candidatePrediction, gain };
    }
    ({ shifts, predicted } = best!);
  }
  const byCost = [...SHIFTS].sort((a, b) => shiftHoursPerWeek(b) - shiftHoursPerWeek(a));
  for (const shift of byCost) {
    for (const role of ['practitioners', 'managers'] as const) {
      while (shifts[shift][role] > (target.minimums[shift]?.[role] ?? 0)) {
        const removal = { practitioners: 0, managers: 0, [role]: -1 };
        const candidate = applyChange(shifts, { [shift]: removal });
        const candidatePrediction = predictTimeliness(model, rotaFromShifts(candidate));
        if (!meetsTarget(candidatePrediction, planned)) break;
        [shifts, predicted] = [candidate, candidatePrediction];
      }
    }
  }
  return { shifts, rota: rotaFromShifts(shifts), predicted };
}

/** What-if: the predicted timeliness before and after changing the staffing of some shifts. */
export function whatIf(
  model: PreparedModel,
  current: ShiftStaffing,
  change: Partial<ShiftStaffing>
): { before: Timeliness; after: Timeliness; shifts: ShiftStaffing } {
  const shifts = applyChange(current, change);
  return {
    before: predictTimeliness(model, rotaFromShifts(current)),
    after: predictTimeliness(model, rotaFromShifts(shifts)),
    shifts,
  };
}

/** Works a queue (sorted most urgent first) for one block; returns the pieces started, split where partial. */
function workBlock(
  queue: Piece[],
  staff: number,
  blockStart: number,
  moments: Record<Rag, { mean: number }>,
  overtimeMinutes: number
): { started: { rag: Rag; mass: number; due: number; ready: number }[]; saturated: boolean } {
  const capacity = staff * BLOCK_MINUTES + overtimeMinutes;
  const started: { rag: Rag; mass: number; due: number; ready: number }[] = [];
  const blockEnd = blockStart + BLOCK_MS;
  let used = 0;
  for (let index = 0; index < queue.length && used < capacity;) {
    const piece = queue[index]!;
    if (piece.ready >= blockEnd) {
      index++;
      continue;
    }
    const work = Math.min(piece.mass * moments[piece.rag].mean, capacity - used);
    const mass = work / moments[piece.rag].mean;
    // Started in the middle of the stretch of the block's capacity that this piece takes.
    const at = Math.max(piece.ready, blockStart + (BLOCK_MS * (used + work / 2)) / capacity);
    started.push({ rag: piece.rag, mass, due: piece.due, ready: at });
    used += work;
    piece.mass -= mass;
    if (piece.mass <= 1e-9) queue.splice(index, 1);
    else break;
  }
  const waitingNow = queue.some((piece) => piece.ready < blockEnd);
  return { started, saturated: waitingNow };
}

/**
 * Minutes a person going off duty works on past the end of a shift, finishing what they started: the mean
 * residual service time E[S²] / 2E[S]. A busy team gets this much extra work done at every shift change.
 */
function meanResidual(
  hourRates: Readonly<Record<Rag, number>>,
  moments: Record<Rag, { mean: number; variance: number }>
): number {
  const rate = RAGS.reduce((sum, rag) => sum + hourRates[rag], 0);
  if (rate === 0) return 0;
  const mean = RAGS.reduce((sum, rag) => sum + hourRates[rag] * moments[rag].mean, 0) / rate;
  const second =
    RAGS.reduce((sum, rag) => sum + hourRates[rag] * (moments[rag].variance + moments[rag].mean ** 2), 0) /
    rate;
  return second / (2 * mean);
}

/** The random wait (ms) before being started, by RAG, of a team that keeps up: Allen–Cunneen + priority. */
function stationaryWaits(
  staff: number,
  hourRates: Readonly<Record<Rag, number>>,
  moments: Record<Rag, { mean: number; variance: number }>,
  saturated: boolean
): Record<Rag, number> {
  const none = { red: 0, amber: 0, green: 0 };
  const perMinute = (rag: Rag) => hourRates[rag] / 60;
  const rate = RAGS.reduce((sum, rag) => sum + perMinute(rag), 0);
  if (saturated || staff === 0 || rate === 0) return none;
  const mean = RAGS.reduce((sum, rag) => sum + perMinute(rag) * moments[rag].mean, 0) / rate;
  const secondMoment =
    RAGS.reduce((sum, rag) => sum + perMinute(rag) * (moments[rag].variance + moments[rag].mean ** 2), 0) /
    rate;
  const utilisation = Math.min((rate * mean) / staff, MAX_STATIONARY_UTILISATION);
  const fcfsWait = allenCunneenWait(staff, (utilisation * staff) / mean, mean, secondMoment / mean ** 2 - 1);
  // Bondi–Buzen: a class waits as FCFS × (1 − ρ) / ((1 − σ above it)(1 − σ up to it)).
  const redShare = Math.min((perMinute('red') * moments.red.mean) / staff, utilisation);
  const redWait = (fcfsWait * (1 - utilisation)) / (1 - redShare);
  const otherWait = fcfsWait / (1 - redShare);
  return { red: redWait * MS_PER_MINUTE, amber: otherWait * MS_PER_MINUTE, green: otherWait * MS_PER_MINUTE };
}

/** P(screening + authorisation time fits between the authorisation start, plus its wait, and the due time). */
function chanceOfMeeting(
  piece: { rag: Rag; due: number; ready: number },
  authorisationWait: number,
  model: PreparedModel
): number {
  const screening = model.moments.screening[piece.rag];
  const authorisation = model.moments.authorisation[piece.rag];
  // The piece's start already includes the mean screening time; the lognormal adds both steps' spread.
  const slackMinutes = (piece.due - piece.ready - authorisationWait) / MS_PER_MINUTE + screening.mean;
  return lognormalCdf(
    slackMinutes,
    screening.mean + authorisation.mean,
    screening.variance + authorisation.variance
  );
}

function insertByUrgency(queue: Piece[], piece: Piece): void {
  let low = 0;
  let high = queue.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (moreUrgentPiece(queue[middle]!, piece)) low = middle + 1;
    else high = middle;
  }
  queue.splice(low, 0, piece);
}

/** The simulation's order for fluid pieces: red first, then the earliest due, then the earliest ready. */
function moreUrgentPiece(a: Piece, b: Piece): boolean {
  if ((a.rag === 'red') !== (b.rag === 'red')) return a.rag === 'red';
  return a.due !== b.due ? a.due < b.due : a.ready <= b.ready;
}

function rotaHourAt(at: number, cal: WorkingCalendar, cache: Map<number, number>): number {
  const hour = Math.floor(at / MS_PER_HOUR);
  let rotaHour = cache.get(hour);
  if (rotaHour === undefined) {
    rotaHour = rotaHourOf(new Date(hour * MS_PER_HOUR), cal);
    cache.set(hour, rotaHour);
  }
  return rotaHour;
}

function shortfall(timeliness: Timeliness, target: Pick<StaffingTarget, 'share' | 'scope'>): number {
  const shares =
    target.scope === 'overall'
      ? [timeliness.overall]
      : RAGS.map((rag) => timeliness.byRag[rag]).filter((share) => share !== null);
  // A hair of tolerance so floating-point noise does not demand one more person.
  return shares.reduce((sum, share) => sum + Math.max(0, target.share - share - 1e-9), 0);
}

/** Per shift, the staff the average workload needs (rounded down), where the search starts. */
function workloadFloor(model: PreparedModel): ShiftStaffing {
  const load = Object.fromEntries(
    SHIFTS.map((shift) => [shift, { practitioners: 0, managers: 0 }])
  ) as Record<Shift, { practitioners: number; managers: number }>;
  model.inputs.rates.forEach((rates, hour) => {
    for (const rag of RAGS) {
      load[shiftOf(hour)].practitioners += (rates[rag] * model.moments.screening[rag].mean) / 60;
      load[shiftOf(hour)].managers += (rates[rag] * model.moments.authorisation[rag].mean) / 60;
    }
  });
  return Object.fromEntries(
    SHIFTS.map((shift) => {
      const hours = shiftHoursPerWeek(shift);
      const floor = (work: number) => Math.floor(work / hours);
      return [
        shift,
        { practitioners: floor(load[shift].practitioners), managers: floor(load[shift].managers) },
      ];
    })
  ) as ShiftStaffing;
}

function atLeast(shifts: ShiftStaffing, minimums: Partial<ShiftStaffing>): ShiftStaffing {
  return Object.fromEntries(
    SHIFTS.map((shift) => [
      shift,
      {
        practitioners: Math.max(shifts[shift].practitioners, minimums[shift]?.practitioners ?? 0),
        managers: Math.max(shifts[shift].managers, minimums[shift]?.managers ?? 0),
      },
    ])
  ) as ShiftStaffing;
}

function additions(): { change: Partial<ShiftStaffing>; cost: number }[] {
  return SHIFTS.flatMap((shift) => {
    const hours = shiftHoursPerWeek(shift);
    const add = (practitioners: number, managers: number) => ({
      change: { [shift]: { practitioners, managers } } as Partial<ShiftStaffing>,
      cost: hours * (practitioners + managers),
    });
    return [add(1, 0), add(0, 1), add(1, 1)];
  });
}

/** Adds the change's people to each shift it names (negative numbers take people away). */
function applyChange(shifts: ShiftStaffing, change: Partial<ShiftStaffing>): ShiftStaffing {
  return Object.fromEntries(
    SHIFTS.map((shift) => {
      const delta: Staffing = change[shift] ?? { practitioners: 0, managers: 0 };
      return [
        shift,
        {
          practitioners: shifts[shift].practitioners + delta.practitioners,
          managers: shifts[shift].managers + delta.managers,
        },
      ];
    })
  ) as ShiftStaffing;
}
