/**
 * When families come to the front door's notice (pass 1 of the demo history): contacts generated as
 * chains. A family comes to notice; families with more needs come back, sooner and more seriously
 * when things are bad, and police domestic abuse notifications repeat. Each contact gets its time,
 * referral source, the children it names, their presenting concerns and the level of need.
 */
import { DateTime } from 'luxon';
import { isWorkingDay, type WorkingCalendar } from '../shared/working-time.ts';
import type { Population } from './people.ts';
import { weightedTable, type Random, type WeightedTable } from '../shared/random.ts';
import {
  CHILD_SPECIFIC,
  DOMESTIC_ABUSE,
  MINIMUM_AGE,
  POLICE,
  SECONDARY_CONCERNS,
  SEVERITY,
  SOURCES,
  type SourceProfile,
  type Timing,
} from './sources.ts';
import { UK_TIME_ZONE } from '../shared/uk-time.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly working: boolean;
  readonly weekend: boolean;
  /** UTC offset in minutes, or null on the two clock-change days a year (luxon works those out). */
  readonly offsetMinutes: number | null;
}

/** Hourly shape of each source's contacts (London time), midnight first. */
const HOUR_WEIGHTS: Record<Timing, number[]> = {
  office: [0, 0, 0, 0, 0, 0, 0.1, 0.3, 2, 4, 4.5, 4, 3.5, 4, 4, 3.5, 3, 1.5, 0.6, 0.3, 0.2, 0.1, 0, 0],
  school: [0, 0, 0, 0, 0, 0, 0, 0.3, 2.5, 4, 4, 3.5, 3.5, 3.5, 3.5, 4, 3, 1.2, 0.4, 0.2, 0.1, 0, 0, 0],
  round_the_clock: [
    2, 1.8, 1.5, 1, 0.7, 0.5, 0.6, 1, 2, 2.5, 2.5, 2.2, 2, 2, 2, 2, 2.2, 2.4, 2.6, 2.8, 3, 3, 2.8, 2.4,
  ],
  public: [
    0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 2.5, 2.8, 2.6, 2.4, 2.4, 2.4, 2.4, 2.4, 2.2, 2, 1.8, 1.5,
    1.2, 0.8, 0.5,
  ],
};
const HOURS: Record<Timing, WeightedTable<number>> = Object.fromEntries(
  Object.entries(HOUR_WEIGHTS).map(([timing, weights]) => [
    timing,
    weightedTable(weights.map((weight, hour) => [hour, weight])),
  ])
) as Record<Timing, WeightedTable<number>>;

function dayWeight(timing: Timing, day: Day): number {
  switch (timing) {
    case 'office':
      return day.working ? 1 : 0.05;
    case 'school':
      // Schools refer in term time: little in the summer holiday and at weekends.
      return !day.working ? 0.02 : day.month === 8 ? 0.1 : 1;
    case 'round_the_clock':
      return day.weekend ? 1.15 : 1;
    case 'public':
      return day.working ? 1 : 0.6;
  }
}

/** The London days of the history window, and picking contact times within them. */
export class DayCalendar {
  readonly days: Day[] = [];
  readonly windowStart: number;
  private readonly tables: Record<Timing, WeightedTable<number>>;

  constructor(
    readonly now: Date,
    years: number,
    calendar: WorkingCalendar
  ) {
    const end = DateTime.fromJSDate(now, { zone: UK_TIME_ZONE }).startOf('day');
    const start = end.minus({ years });
    this.windowStart = start.toMillis();
    for (let day = start; day <= end; day = day.plus({ days: 1 })) {
      const date = day.toISODate() as string;
      this.days.push({
        year: day.year,
        month: day.month,
        day: day.day,
        working: isWorkingDay(date, calendar),
        weekend: day.weekday >= 6,
        offsetMinutes: day.offset === day.endOf('day').offset ? day.offset : null,
      });
    }
    this.tables = Object.fromEntries(
      (Object.keys(HOUR_WEIGHTS) as Timing[]).map((timing) => [
        timing,
        weightedTable(this.days.map((day, index) => [index, dayWeight(timing, day)] as const)),
      ])
    ) as Record<Timing, WeightedTable<number>>;
  }

  randomDay(random: Random, timing: Timing): number {
    return random.weighted(this.tables[timing]);
  }

  /** A moment on a given day shaped by the source's hours; null when that is after `now`. */
  momentOn(random: Random, dayIndex: number, timing: Timing): number | null {
    const day = this.days[dayIndex];
    if (!day) return null;
    const [hour, minute] = [random.weighted(HOURS[timing]), random.int(0, 59)];
    // A known offset is much cheaper than asking luxon for each of tens of thousands of contacts.
    const at =
      day.offsetMinutes === null
        ? DateTime.fromObject(
            { year: day.year, month: day.month, day: day.day, hour, minute },
            { zone: UK_TIME_ZONE }
          ).toMillis()
        : Date.UTC(day.year, day.month - 1, day.day, hour, minute) - day.offsetMinutes * MINUTE_MS;
    return at <= this.now.getTime() ? at : null;
  }

  /** The first day at or after `dayIndex` on which the source would normally get in touch. */
  nextActiveDay(dayIndex: number, timing: Timing): number {
    let index = dayIndex;
    while (index < this.days.length && dayWeight(timing, this.days[index] as Day) < 0.5) index++;
    return index;
  }
}

export interface ContactEvent {
  at: number;
  dayIndex: number;
  household: number;
  children: number[];
  source: SourceProfile;
  level: number;
  concerns: string[][];
}

/** Latent need of a family: most families rarely or never come to notice; a few come back again and again. */
const NEED = weightedTable([
  [0.3, 60],
  [1.5, 30],
  [6, 10],
]);

export class ContactChains {
  private readonly householdTable: WeightedTable<number>;
  private readonly domesticAbuseTable: WeightedTable<number>;
  private readonly sourceTable = weightedTable(SOURCES.map((source) => [source, source.weight] as const));
  private readonly birthMs: (number | null)[];

  constructor(
    private readonly random: Random,
    private readonly population: Population,
    private readonly days: DayCalendar
  ) {
    const needs = population.households.map(() => random.weighted(NEED));
    this.householdTable = weightedTable(needs.map((need, index) => [index, need] as const));
    // Families living with domestic abuse: far more often among families with other needs too.
    const abusive = needs.flatMap((need, index) => (random.chance(need > 1 ? 0.12 : 0.02) ? [index] : []));
    this.domesticAbuseTable =
      abusive.length > 0
        ? weightedTable(abusive.map((index) => [index, needs[index] as number] as const))
        : this.householdTable;
    this.birthMs = population.people.map((person) => {
      const date = person.dateOfBirth ?? person.expectedDateOfBirth;
      return date ? Date.parse(`${date}T00:00:00Z`) : null;
    });
  }

  /** Contacts, in time order, until they name `targetChildren` children between them. */
  generate(targetChildren: number): ContactEvent[] {
    const events: ContactEvent[] = [];
    let children = 0;
    for (let chains = 0; children < targetChildren; chains++) {
      if (chains > 100 * targetChildren)
        throw new Error('The demo population has too few children for its contacts.');
      for (const event of this.chain()) {
        events.push(event);
        children += event.children.length;
      }
    }
    return events.sort((a, b) => a.at - b.at);
  }

  /** A family's first contact in the window and the contacts that follow it. */
  private *chain(): Generator<ContactEvent> {
    const source = this.random.weighted(this.sourceTable);
    const household = this.pickHousehold(source);
    let event = this.contact(household, source, this.days.randomDay(this.random, source.timing), null);
    let domesticAbuseRun = 0;
    while (event) {
      yield event;
      const domesticAbuse = event.source === POLICE && DOMESTIC_ABUSE.has(event.concerns[0]?.[0] ?? '');
      domesticAbuseRun = domesticAbuse ? domesticAbuseRun + 1 : 0;
      const returns = domesticAbuse ? 0.45 : event.level >= 3 ? 0.4 : 0.22;
      if (!this.random.chance(returns)) return;
      const delayDays = Math.round(
        domesticAbuse ? 10 + this.random.exponential(55) : 7 + this.random.exponential(120)
      );
      const nextSource =
        domesticAbuse && this.random.chance(0.85)
          ? POLICE
          : this.random.chance(0.5)
            ? event.source
            : this.random.weighted(this.sourceTable);
      event = this.contact(household, nextSource, event.dayIndex + delayDays, {
        previous: event,
        domesticAbuseRun,
      });
    }
  }

  private pickHousehold(source: SourceProfile): number {
    if (source === POLICE && this.random.chance(0.45)) return this.random.weighted(this.domesticAbuseTable);
    return this.random.weighted(this.householdTable);
  }

  private contact(
    household: number,
    source: SourceProfile,
    dayIndex: number,
    follows: { previous: ContactEvent; domesticAbuseRun: number } | null
  ): ContactEvent | null {
    const activeDay = this.days.nextActiveDay(dayIndex, source.timing);
    const at = this.days.momentOn(this.random, activeDay, source.timing);
    if (at === null) return null;
    const eligible = this.eligibleChildren(household, source, at);
    if (eligible.length === 0) return null;
    const previousConcern = follows?.previous.concerns[0]?.[0];
    const keepsConcern =
      follows !== null && (follows.domesticAbuseRun > 0 ? source === POLICE : this.random.chance(0.5));
    const primary =
      keepsConcern && previousConcern !== undefined
        ? previousConcern
        : this.primaryConcern(source, eligible, at);
    const children = this.childrenFor(primary, eligible, at, follows?.previous.children);
    if (children.length === 0) return null;
    const fresh = (SEVERITY[primary] ?? 2) + this.random.normal(-0.3, 0.75) + source.levelShift;
    // A family's needs persist: a returning family is seen much as before, worse after repeated abuse.
    const level = follows
      ? clampLevel((fresh + follows.previous.level) / 2 + (follows.domesticAbuseRun >= 2 ? 0.8 : 0.25))
      : clampLevel(fresh);
    const concerns = children.map((child) => this.concernsFor(primary, level, this.ageAt(child, at)));
    return { at, dayIndex: activeDay, household, children, source, level, concerns };
  }

  private eligibleChildren(household: number, source: SourceProfile, at: number): number[] {
    const [youngest, oldest] = source.ages;
    return (this.population.households[household]?.children ?? []).filter((child) => {
      const person = this.population.people[child];
      const born = this.birthMs[child];
      if (!person || born === null || born === undefined) return false;
      // An unborn baby can be the subject of a contact in the last months of pregnancy.
      if (person.expectedDateOfBirth) return at > born - 200 * DAY_MS && youngest === 0;
      const age = (at - born) / (365.25 * DAY_MS);
      return age >= Math.max(0, youngest) && age < oldest + 1;
    });
  }

  private primaryConcern(source: SourceProfile, eligible: number[], at: number): string {
    const oldest = Math.max(...eligible.map((child) => this.ageAt(child, at)));
    for (let attempt = 0; ; attempt++) {
      const concern = this.random.weighted(source.concerns);
      if (oldest >= (MINIMUM_AGE[concern] ?? 0) || attempt > 8) return concern;
    }
  }

  /** Family-wide concerns usually name every child; a concern about one young person names only them. */
  private childrenFor(
    concern: string,
    eligible: number[],
    at: number,
    previous: number[] | undefined
  ): number[] {
    const suitable = eligible.filter((child) => this.ageAt(child, at) >= (MINIMUM_AGE[concern] ?? 0));
    if (previous && this.random.chance(0.8)) {
      const same = suitable.filter((child) => previous.includes(child));
      if (same.length > 0) return same;
    }
    if (suitable.length <= 1 || CHILD_SPECIFIC.has(concern))
      return suitable.length ? [this.random.pick(suitable)] : [];
    if (this.random.chance(DOMESTIC_ABUSE.has(concern) ? 0.8 : 0.5)) return suitable;
    return [this.random.pick(suitable)];
  }

  /** One to three assessment factors per child, the presenting concern first; '21' only on its own. */
  private concernsFor(primary: string, level: number, age: number): string[] {
    if (level === 1 && this.random.chance(0.04)) return ['21'];
    const codes = [primary];
    const extra = this.random.chance(0.45) ? (this.random.chance(0.27) ? 2 : 1) : 0;
    for (let attempt = 0; codes.length < 1 + extra && attempt < 6; attempt++) {
      const code = this.random.weighted(SECONDARY_CONCERNS);
      if (!codes.includes(code) && age >= (MINIMUM_AGE[code] ?? 0)) codes.push(code);
    }
    return codes;
  }

  private ageAt(child: number, at: number): number {
    const born = this.birthMs[child] ?? at;
    return Math.max(0, (at - born) / (365.25 * DAY_MS));
  }
}

export function clampLevel(value: number): number {
  return Math.min(4, Math.max(1, Math.round(value)));
}
