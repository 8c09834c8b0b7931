/**
 * A seeded discrete-event simulation of the front-door queue, the check on the capacity model: it replays
 * a list of arrivals (e.g. a past month) through a rota. Each contact is screened by a practitioner and
 * then authorised by a manager; service times are drawn from the measured distributions. Whenever someone
 * is free they take the most urgent waiting contact (red first, then the earliest due) and finish it even
 * if their shift ends meanwhile; nobody starts work while the number busy is at the number on duty.
 * A contact meets its RAG timescale when its authorisation ends by its due time.
 */
import { Random } from '../../../shared/random.ts';
import type { Rag } from '../../../platform/db/schema.ts';
import { dueAt, type Timescale, type WorkingCalendar } from '../../../shared/working-time.ts';
import type { Arrival } from './arrivals.ts';
import { MS_PER_HOUR, rotaHourOf, type Rota, type Staffing } from './rota.ts';
import { drawServiceTime, RAGS, type ServiceTimes, type Step } from './service-times.ts';

export interface QueueScenario {
  readonly rota: Rota;
  readonly serviceTimes: ServiceTimes;
  readonly ragTimescales: Readonly<Record<Rag, Timescale>>;
  readonly calendar: WorkingCalendar;
}

export interface SimulatedContact {
  readonly id: number;
  readonly rag: Rag;
  readonly arrivedAt: number;
  readonly dueAt: number;
  screeningStart?: number;
  screeningEnd?: number;
  authorisationStart?: number;
  authorisationEnd?: number;
}

export interface Timeliness {
  /** Share of all contacts meeting their RAG timescale, 0–1. */
  readonly overall: number;
  /** Share meeting it by RAG; null when no contact had that rating. */
  readonly byRag: Readonly<Record<Rag, number | null>>;
  readonly contacts: number;
}

export interface SimulationResult {
  readonly timeliness: Timeliness;
  readonly contacts: readonly SimulatedContact[];
}

const MS_PER_MINUTE = 60_000;
/** Work still waiting this long after the last arrival is never done (a rota with nobody on a step). */
const GIVE_UP_AFTER_MS = 8 * 7 * 24 * MS_PER_HOUR;

/** Replays arrivals through the scenario; the same seed gives the same result. */
export function simulateQueue(
  arrivals: readonly Arrival[],
  scenario: QueueScenario,
  seed: number
): SimulationResult {
  return new QueueSimulation(arrivals, scenario, seed).run();
}

export function isMet(contact: SimulatedContact): boolean {
  return contact.authorisationEnd !== undefined && contact.authorisationEnd <= contact.dueAt;
}

export function timelinessOf(contacts: readonly SimulatedContact[]): Timeliness {
  const met = { red: 0, amber: 0, green: 0 };
  const all = { red: 0, amber: 0, green: 0 };
  for (const contact of contacts) {
    all[contact.rag]++;
    if (isMet(contact)) met[contact.rag]++;
  }
  const total = all.red + all.amber + all.green;
  const byRag = Object.fromEntries(RAGS.map((rag) => [rag, all[rag] ? met[rag] / all[rag] : null]));
  return {
    overall: total ? (met.red + met.amber + met.green) / total : 1,
    byRag: byRag as Record<Rag, number | null>,
    contacts: total,
  };
}

/** Red first, then the earliest due, then first come. */
export function moreUrgent(a: SimulatedContact, b: SimulatedContact): boolean {
  if ((a.rag === 'red') !== (b.rag === 'red')) return a.rag === 'red';
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt;
  return a.arrivedAt !== b.arrivedAt ? a.arrivedAt < b.arrivedAt : a.id < b.id;
}

interface Completion {
  readonly at: number;
  readonly step: Step;
  readonly contact: SimulatedContact;
}

class QueueSimulation {
  private readonly random: Random;
  private readonly contacts: SimulatedContact[];
  private readonly waiting: Record<Step, Heap<SimulatedContact>> = {
    screening: new Heap(moreUrgent),
    authorisation: new Heap(moreUrgent),
  };
  private readonly completions = new Heap<Completion>((a, b) => a.at < b.at);
  private readonly busy: Record<Step, number> = { screening: 0, authorisation: 0 };
  private readonly rotaHours = new Map<number, number>();
  private now = 0;

  constructor(
    arrivals: readonly Arrival[],
    private readonly scenario: QueueScenario,
    seed: number
  ) {
    this.random = new Random(seed);
    this.contacts = [...arrivals]
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)
      .map((arrival) => ({
        id: arrival.id,
        rag: arrival.rag,
        arrivedAt: arrival.at.getTime(),
        dueAt: dueAt(arrival.at, scenario.ragTimescales[arrival.rag], scenario.calendar).getTime(),
      }));
  }

  run(): SimulationResult {
    let next = 0;
    const giveUpAt = (this.contacts.at(-1)?.arrivedAt ?? 0) + GIVE_UP_AFTER_MS;
    while (next < this.contacts.length || this.workRemains()) {
      const arrival = this.contacts[next];
      const completion = this.completions.peek();
      // Staffing changes on the hour, so an idle queue is looked at again at the next hour.
      const nextHour =
        this.waitingCount() > 0 ? (Math.floor(this.now / MS_PER_HOUR) + 1) * MS_PER_HOUR : Infinity;
      this.now = Math.min(arrival?.arrivedAt ?? Infinity, completion?.at ?? Infinity, nextHour);
      if (this.now > giveUpAt) break;
      while (this.completions.peek() && this.completions.peek()!.at <= this.now)
        this.complete(this.completions.pop()!);
      while (this.contacts[next] && this.contacts[next]!.arrivedAt <= this.now) {
        this.waiting.screening.push(this.contacts[next++]!);
      }
      this.startWork('screening');
      this.startWork('authorisation');
    }
    return { timeliness: timelinessOf(this.contacts), contacts: this.contacts };
  }

  private complete({ step, contact }: Completion): void {
    this.busy[step]--;
    if (step === 'screening') {
      contact.screeningEnd = this.now;
      this.waiting.authorisation.push(contact);
    } else {
      contact.authorisationEnd = this.now;
    }
  }

  private startWork(step: Step): void {
    const onDuty = this.staffingNow()[step === 'screening' ? 'practitioners' : 'managers'];
    while (this.busy[step] < onDuty && this.waiting[step].size > 0) {
      const contact = this.waiting[step].pop()!;
      const minutes = drawServiceTime(this.scenario.serviceTimes[step][contact.rag], this.random);
      const at = this.now + Math.round(minutes * MS_PER_MINUTE);
      if (step === 'screening') contact.screeningStart = this.now;
      else contact.authorisationStart = this.now;
      this.busy[step]++;
      this.completions.push({ at, step, contact });
    }
  }

  private staffingNow(): Staffing {
    const hour = Math.floor(this.now / MS_PER_HOUR);
    let rotaHour = this.rotaHours.get(hour);
    if (rotaHour === undefined) {
      rotaHour = rotaHourOf(new Date(hour * MS_PER_HOUR), this.scenario.calendar);
      this.rotaHours.set(hour, rotaHour);
    }
    return this.scenario.rota[rotaHour]!;
  }

  private waitingCount(): number {
    return this.waiting.screening.size + this.waiting.authorisation.size;
  }

  private workRemains(): boolean {
    return this.waitingCount() > 0 || this.completions.size > 0;
  }
}

/** A binary heap: `before(a, b)` when a comes out first. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    for (let index = items.length - 1; index > 0;) {
      const parent = (index - 1) >> 1;
      if (!this.before(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let index = 0; ;) {
        const [left, right] = [2 * index + 1, 2 * index + 2];
        let first = index;
        if (left < items.length && this.before(items[left]!, items[first]!)) first = left;
        if (right < items.length && this.before(items[right]!, items[first]!)) first = right;
        if (first === index) break;
        [items[index], items[first]] = [items[first]!, items[index]!];
        index = first;
      }
    }
    return top;
  }
}
