/*
 * Dip sampling (pure, no I/O): a random sample of decided contacts that covers, when its size allows,
 * every team, every manager who authorised, every day of the week, every time of day (out of hours
 * included) and every outcome, as Ofsted's front-door commentary asks ("it must account for different
 * staff teams and managers, as well as decision-making on different days"). Seeded: the same seed and
 * the same population always give the same sample.
 */
import { Random } from '../../../shared/random.ts';
import { ukTimeOf } from '../../../shared/uk-time.ts';
import { isOutOfHours, type WorkingCalendar } from '../../../shared/working-time.ts';

export const STRATA = ['team', 'manager', 'weekday', 'timeOfDay', 'outcome'] as const;
export type Stratum = (typeof STRATA)[number];

export const STRATUM_LABELS: Record<Stratum, string> = {
  team: 'Team',
  manager: 'Manager who authorised',
  weekday: 'Day of the week',
  timeOfDay: 'Time of day',
  outcome: 'Outcome',
};

export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening', 'out_of_hours'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

export const TIME_OF_DAY_LABELS: Record<TimeOfDay, string> = {
  morning: 'In hours, before noon',
  afternoon: 'In hours, noon to 5pm',
  evening: 'In hours, from 5pm',
  out_of_hours: 'Out of hours',
};

export const WEEKDAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** One decided contact (a child's part of a contact) as the sampler sees it: an id and its strata. */
export interface SampleCandidate {
  contactChildId: number;
  strata: Record<Stratum, string>;
}

/** The facts a candidate's strata come from. */
export interface DecidedContact {
  contactChildId: number;
  receivedAt: Date;
  teamId: number | null;
  authorisedBy: number | null;
  outcome: string;
}

/**
 * A decided contact's strata. The day and time are of the contact's arrival (when its handling was
 * decided by who was on duty), in UK time; out of hours is the council's calendar.
 */
export function candidateOf(contact: DecidedContact, calendar: WorkingCalendar): SampleCandidate {
  const uk = ukTimeOf(contact.receivedAt);
  return {
    contactChildId: contact.contactChildId,
    strata: {
      team: contact.teamId === null ? 'none' : String(contact.teamId),
      manager: contact.authorisedBy === null ? 'none' : String(contact.authorisedBy),
      weekday: String(uk.weekday - 1),
      timeOfDay: timeOfDayOf(contact.receivedAt, uk.hour, calendar),
      outcome: contact.outcome,
    },
  };
}

function timeOfDayOf(at: Date, ukHour: number, calendar: WorkingCalendar): TimeOfDay {
  if (isOutOfHours(at, calendar)) return 'out_of_hours';
  if (ukHour < 12) return 'morning';
  return ukHour < 17 ? 'afternoon' : 'evening';
}

/** A stratum value, e.g. "weekday=4" (Friday). */
const keyOf = (stratum: Stratum, value: string) => `${stratum}=${value}`;

function keysOf(candidate: SampleCandidate): string[] {
  return STRATA.map((stratum) => keyOf(stratum, candidate.strata[stratum]));
}

/**
 * Draws `size` candidates. First it covers every stratum value, rarest first: for the rarest value not
 * yet in the sample it takes, among the candidates having it, the one that covers most values still
 * missing (ties to the random order). Then it fills the rest at random. The population is put in id
 * order first, so the order it was read in does not change the sample.
 */
export function drawSample(
  population: readonly SampleCandidate[],
  size: number,
  seed: number
): SampleCandidate[] {
  const ordered = [...population].sort((a, b) => a.contactChildId - b.contactChildId);
  const shuffled = new Random(seed).shuffle(ordered);
  const wanted = Math.min(size, shuffled.length);
  const chosen = new Set<SampleCandidate>();
  const uncovered = valueCounts(shuffled);
  while (chosen.size < wanted && uncovered.size > 0) {
    const rarest = [...uncovered.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]![0];
    const best = bestCandidateFor(rarest, shuffled, chosen, uncovered);
    chosen.add(best);
    for (const key of keysOf(best)) uncovered.delete(key);
  }
  for (const candidate of shuffled) {
    if (chosen.size >= wanted) break;
    chosen.add(candidate);
  }
  return [...chosen];
}

function valueCounts(population: readonly SampleCandidate[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const candidate of population)
    for (const key of keysOf(candidate)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function bestCandidateFor(
  key: string,
  shuffled: readonly SampleCandidate[],
  chosen: ReadonlySet<SampleCandidate>,
  uncovered: ReadonlyMap<string, number>
): SampleCandidate {
  let best: SampleCandidate | undefined;
  let bestGain = 0;
  for (const candidate of shuffled) {
    if (chosen.has(candidate)) continue;
    const keys = keysOf(candidate);
    if (!keys.includes(key)) continue;
    const gain = keys.filter((other) => uncovered.has(other)).length;
    if (gain > bestGain) [best, bestGain] = [candidate, gain];
  }
  return best!;
}

/** How many of the population and of the sample fall in each value of each stratum. */
export interface CoverageRow {
  stratum: Stratum;
  value: string;
  population: number;
  sample: number;
}

/** The coverage table: per stratum, its values in the population (most common first) and in the sample. */
export function sampleCoverage(
  population: readonly SampleCandidate[],
  sample: readonly SampleCandidate[]
): CoverageRow[] {
  const inPopulation = valueCounts(population);
  const inSample = valueCounts(sample);
  return STRATA.flatMap((stratum) =>
    [...inPopulation.entries()]
      .filter(([key]) => key.startsWith(`${stratum}=`))
      .map(([key, count]) => ({
        stratum,
        value: key.slice(stratum.length + 1),
        population: count,
        sample: inSample.get(key) ?? 0,
      }))
      .sort((a, b) => b.population - a.population || a.value.localeCompare(b.value))
  );
}

/**
 * Shares the sampled contacts among the auditors in turn, never giving an auditor a decision they
 * authorised themselves while another auditor is free to take it.
 */
export function assignAuditors(
  sample: readonly SampleCandidate[],
  auditorIds: readonly number[]
): { contactChildId: number; auditorId: number }[] {
  if (auditorIds.length === 0) throw new RangeError('A sample needs at least one auditor');
  const load = new Map(auditorIds.map((id) => [id, 0]));
  return sample.map((candidate) => {
    const byLoad = [...auditorIds].sort((a, b) => load.get(a)! - load.get(b)!);
    const auditorId = byLoad.find((id) => String(id) !== candidate.strata.manager) ?? byLoad[0]!;
    load.set(auditorId, load.get(auditorId)! + 1);
    return { contactChildId: candidate.contactChildId, auditorId };
  });
}

/**
 * A size that is sure to cover every value: each step of the covering takes at least one new value,
 * so as many as there are values in all. Smaller samples usually cover them all too.
 */
export function sizeSureToCoverAll(population: readonly SampleCandidate[]): number {
  return valueCounts(population).size;
}
