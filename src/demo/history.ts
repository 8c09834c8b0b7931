/**
 * Two years (by default) of front-door history ending at `now`: contacts about children, their RAG
 * ratings and due times, manager-authorised decisions, referrals, re-referrals and the early help,
 * child in need, child protection and looked-after involvement that follows.
 *
 * Contacts come from contact-chains.ts; here they are decided in time order, so a decision can see
 * what is already open for the child and re-referrals are computed truthfully from the child's own
 * earlier referrals.
 */
import type {
  CouncilSettings,
  ContactChannel,
  ContactChildStatus,
  InvolvementKind,
  Rag,
} from '../platform/db/schema.ts';
import {
  dueAt,
  isOutOfHours,
  londonDateOf,
  nextServiceOpening,
  type WorkingCalendar,
} from '../shared/working-time.ts';
import { contactSummary, decisionRationale, managerComment, type Outcome } from './contact-text.ts';
import { TEAMS, type StaffPlan } from './organisation.ts';
import type { Population } from './people.ts';
import { weightedTable, type Random, type WeightedTable } from '../shared/random.ts';
import type { Referrer } from './sources.ts';
import { clampLevel, ContactChains, DayCalendar, type ContactEvent } from './contact-chains.ts';

export interface HistoryOptions {
  contactsPerYear: number;
  years: number;
  now: Date;
  settings: CouncilSettings;
}

export interface ContactPlan {
  reference: string;
  receivedAt: Date;
  channel: ContactChannel;
  source: string;
  referrer: Referrer;
  householdIndex: number;
  addressIndex: number;
  summary: string;
  outOfHours: boolean;
  recordedBy: number;
  recordedAt: Date;
}

export interface ContactChildPlan {
  contactIndex: number;
  personIndex: number;
  status: ContactChildStatus;
  rag: Rag;
  ragDueAt: Date;
  decisionDueAt: Date;
  teamIndex: number;
  worker: number | null;
  completedAt: Date | null;
  concerns: string[];
}

export interface DecisionPlan {
  contactChildIndex: number;
  outcome: Outcome;
  indicatedLevel: number;
  chosenLevel: number;
  rationale: string;
  proposedBy: number;
  proposedAt: Date;
  status: 'proposed' | 'authorised';
  authorisedBy: number | null;
  authorisedAt: Date | null;
  managerComment: string | null;
}

export interface ReferralPlan {
  contactChildIndex: number;
  personIndex: number;
  referralDate: string;
  source: string;
  isRereferral: boolean;
  closedDate: string | null;
  closureReason: string | null;
}

export interface InvolvementPlan {
  personIndex: number;
  kind: InvolvementKind;
  startedOn: string;
  endedOn: string | null;
  teamIndex: number;
  worker: number | null;
  referralIndex: number | null;
}

export interface History {
  /** London midnight at the start of the window: the earliest a contact can be. */
  windowStart: Date;
  contacts: ContactPlan[];
  contactChildren: ContactChildPlan[];
  decisions: DecisionPlan[];
  referrals: ReferralPlan[];
  involvements: InvolvementPlan[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export function generateHistory(
  random: Random,
  population: Population,
  staff: StaffPlan[],
  options: HistoryOptions
) {
  const calendar: WorkingCalendar = {
    serviceHours: options.settings.serviceHours,
    closures: options.settings.closures,
  };
  const days = new DayCalendar(options.now, options.years, calendar);
  const events = new ContactChains(random, population, days).generate(
    Math.round(options.contactsPerYear * options.years)
  );
  return new Decider(
    random,
    population,
    new StaffDirectory(staff),
    calendar,
    options,
    days.windowStart
  ).decide(events);
}

/** Staff by team and role, for choosing who recorded, decided and authorised what. */
class StaffDirectory {
  private readonly byTeamAndRole = new Map<string, number[]>();
  readonly demoPractitioner: number;

  constructor(staff: StaffPlan[]) {
    staff.forEach((member, index) => {
      const key = `${TEAMS[member.teamIndex]?.key}/${member.role}`;
      this.byTeamAndRole.set(key, [...(this.byTeamAndRole.get(key) ?? []), index]);
    });
    this.demoPractitioner = staff.findIndex((member) => member.username === 'practitioner');
  }

  members(teamKey: string, role: StaffPlan['role']): number[] {
    return this.byTeamAndRole.get(`${teamKey}/${role}`) ?? [];
  }
}

const teamIndex = (key: string): number => TEAMS.findIndex((team) => team.key === key);

const OPEN_STATUSES = weightedTable<ContactChildStatus>([
  ['new', 20],
  ['screening', 30],
  ['awaiting_information', 12],
  ['awaiting_decision', 23],
  ['awaiting_authorisation', 15],
]);

const OUTCOMES_BY_LEVEL: Record<number, WeightedTable<Outcome>> = {
  1: weightedTable<Outcome>([
    ['no_further_action', 55],
    ['information_advice', 45],
  ]),
  2: weightedTable<Outcome>([
    ['no_further_action', 10],
    ['information_advice', 35],
    ['early_help', 55],
  ]),
  3: weightedTable<Outcome>([
    ['information_advice', 6],
    ['early_help', 34],
    ['assessment', 60],
  ]),
  4: weightedTable<Outcome>([
    ['assessment', 30],
    ['strategy_discussion', 70],
  ]),
};

/** What a child currently has open, as of the contact being decided. */
interface ChildState {
  socialCareUntil: number;
  earlyHelpUntil: number;
  lastReferralDate: string | null;
}

/** A span of involvement, in milliseconds; it is still open when it ends after `now`. */
interface Span {
  kind: InvolvementKind;
  start: number;
  end: number;
}

class Decider {
  private readonly history: History;
  private readonly states = new Map<number, ChildState>();
  private readonly now: number;
  private readonly openFrom: number;
  private readonly frontDoor = teamIndex('front_door');
  private readonly practitioners: number[];
  private readonly managers: number[];
  private readonly outOfHoursWorkers: number[];
  private readonly householdOf: Int32Array;

  constructor(
    private readonly random: Random,
    private readonly population: Population,
    private readonly staff: StaffDirectory,
    private readonly calendar: WorkingCalendar,
    private readonly options: HistoryOptions,
    private readonly windowStart: number
  ) {
    const empty = {
      contacts: [],
      contactChildren: [],
      decisions: [],
      referrals: [],
      involvements: [],
    };
    this.history = { windowStart: new Date(windowStart), ...empty };
    this.now = options.now.getTime();
    this.openFrom = this.now - 26 * HOUR_MS;
    this.practitioners = staff.members('front_door', 'front_door_practitioner');
    this.managers = staff.members('front_door', 'team_manager');
    this.outOfHoursWorkers = staff.members('out_of_hours', 'out_of_hours_worker');
    this.householdOf = new Int32Array(population.people.length).fill(-1);
    population.households.forEach((household, index) => {
      for (const child of household.children) this.householdOf[child] = index;
    });
  }

  decide(events: ContactEvent[]): History {
    this.openBeforeTheWindow();
    const perYear = new Map<number, number>();
    for (const event of events) {
      const year = new Date(event.at).getUTCFullYear(); // London and UTC agree on the year: BST is never in force at New Year.
      const sequence = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, sequence);
      this.decideContact(event, `CON-${year}-${String(sequence).padStart(6, '0')}`);
    }
    // No standing shares with partner agencies: they see only what an open information request asks.
    return this.history;
  }

  private decideContact(event: ContactEvent, reference: string): void {
    const random = this.random;
    const receivedAt = new Date(event.at);
    const outOfHours = isOutOfHours(receivedAt, this.calendar);
    let channel = random.weighted(event.source.channels);
    if (outOfHours && (channel === 'phone' || channel === 'in_person') && random.chance(0.7))
      channel = 'out_of_hours';
    const byDutyTeam = channel === 'out_of_hours';
    // Out of hours, only the duty team records at once; anything else waits for the front door to open.
    const recordFrom =
      outOfHours && !byDutyTeam ? nextServiceOpening(receivedAt, this.calendar).getTime() : event.at;
    const recordedAt = recordFrom + random.int(3, 45) * MINUTE_MS;
    const household = this.population.households[event.household];
    const contactIndex =
      this.history.contacts.push({
        reference,
        receivedAt,
        channel,
        source: event.source.code,
        referrer: event.source.referrer(random, household?.localityIndex ?? 0),
        householdIndex: event.household,
        addressIndex: household?.addressIndex ?? 0,
        summary: contactSummary(random, event.concerns[0]?.[0] ?? '20'),
        outOfHours,
        recordedBy: random.pick(byDutyTeam ? this.outOfHoursWorkers : this.practitioners),
        recordedAt: new Date(recordedAt),
      }) - 1;

    const rag = ragFor(random, event.level);
    const decisionDueAt = dueAt(receivedAt, this.options.settings.decisionTimescale, this.calendar);
    const ragTimescale = this.options.settings.ragTimescales[rag];
    const ragDueAt = sameTimescale(ragTimescale, this.options.settings.decisionTimescale)
      ? decisionDueAt
      : dueAt(receivedAt, ragTimescale, this.calendar);
    const authorisedAt = this.plannedAuthorisation(
      event.at,
      recordedAt,
      rag === 'red' ? ragDueAt : decisionDueAt
    );
    // Siblings' decisions are authorised a few minutes apart, so leave a margin before `now`.
    const open = event.at >= this.openFrom || authorisedAt + HOUR_MS > this.now;

    event.children.forEach((person, childOrder) => {
      const concerns = event.concerns[childOrder] ?? ['20'];
      const contactChild: ContactChildPlan = {
        contactIndex,
        personIndex: person,
        status: 'completed',
        rag,
        ragDueAt,
        decisionDueAt,
        teamIndex: this.frontDoor,
        worker: null,
        completedAt: null,
        concerns,
      };
      const contactChildIndex = this.history.contactChildren.push(contactChild) - 1;
      const childAuthorisedAt = authorisedAt + childOrder * random.int(1, 8) * MINUTE_MS;
      if (open) this.leaveOpen(contactChild, contactChildIndex, event, recordedAt);
      else this.complete(contactChild, contactChildIndex, event, recordedAt, childAuthorisedAt);
    });
  }

  /**
   * When the manager authorises the decision: mostly within the due time, sometimes late, and
   * always while the front door is open.
   */
  private plannedAuthorisation(receivedAt: number, recordedAt: number, due: Date): number {
    const random = this.random;
    const dueMs = due.getTime();
    const onTime = random.chance(0.88);
    const candidate = onTime
      ? receivedAt + random.between(0.15, 0.95) * (dueMs - receivedAt)
      : dueMs + random.between(0.5, 30) * HOUR_MS;
    let at = nextServiceOpening(new Date(candidate), this.calendar).getTime();
    if (at !== candidate) at += random.int(10, 90) * MINUTE_MS; // not everyone signs off on the stroke of opening
    if (onTime) at = Math.min(at, dueMs - random.int(1, 20) * MINUTE_MS);
    return Math.max(at, recordedAt + random.int(15, 60) * MINUTE_MS);
  }

  private complete(
    contactChild: ContactChildPlan,
    contactChildIndex: number,
    event: ContactEvent,
    recordedAt: number,
    authorisedAt: number
  ): void {
    const random = this.random;
    const worker = this.pickPractitioner();
    const decision = this.decision(contactChild, contactChildIndex, event, worker);
    decision.status = 'authorised';
    decision.proposedAt = new Date(
      Math.max(recordedAt + 5 * MINUTE_MS, authorisedAt - random.int(5, 120) * MINUTE_MS)
    );
    decision.authorisedBy = random.pick(this.managers);
    decision.authorisedAt = new Date(authorisedAt);
    decision.managerComment = managerComment(random);
    this.history.decisions.push(decision);
    Object.assign(contactChild, { worker, completedAt: decision.authorisedAt });
    this.followOutcome(decision, contactChild, contactChildIndex, event);
  }

  /** The most recent contacts are still being worked on, so every queue has something in it. */
  private leaveOpen(
    contactChild: ContactChildPlan,
    contactChildIndex: number,
    event: ContactEvent,
    recordedAt: number
  ) {
    const random = this.random;
    const status = this.now - event.at < HOUR_MS ? 'new' : random.weighted(OPEN_STATUSES);
    contactChild.status = status;
    if (status === 'new') return;
    contactChild.worker = random.chance(0.35) ? this.staff.demoPractitioner : this.pickPractitioner();
    if (status !== 'awaiting_authorisation') return;
    const decision = this.decision(contactChild, contactChildIndex, event, contactChild.worker);
    decision.proposedAt = new Date(
      Math.max(recordedAt + 5 * MINUTE_MS, this.now - random.int(10, 180) * MINUTE_MS)
    );
    this.history.decisions.push(decision);
  }

  private decision(
    contactChild: ContactChildPlan,
    contactChildIndex: number,
    event: ContactEvent,
    worker: number
  ): DecisionPlan {
    const random = this.random;
    const indicatedLevel = event.level;
    const chosenLevel = random.chance(0.87)
      ? indicatedLevel
      : clampLevel(indicatedLevel + (random.chance(0.5) ? 1 : -1));
    const outcome = this.outcomeFor(contactChild.personIndex, chosenLevel, event.at);
    return {
      contactChildIndex,
      outcome,
      indicatedLevel,
      chosenLevel,
      rationale: decisionRationale(random, outcome, contactChild.concerns[0] ?? '20', chosenLevel),
      proposedBy: worker,
      proposedAt: new Date(event.at),
      status: 'proposed',
      authorisedBy: null,
      authorisedAt: null,
      managerComment: null,
    };
  }

  private outcomeFor(person: number, level: number, at: number): Outcome {
    const state = this.state(person);
    if (state.socialCareUntil > at) return 'already_open';
    if (state.earlyHelpUntil > at && level <= 2 && this.random.chance(0.6)) return 'already_open';
    return this.random.weighted(OUTCOMES_BY_LEVEL[level] as WeightedTable<Outcome>);
  }

  private followOutcome(
    decision: DecisionPlan,
    contactChild: ContactChildPlan,
    contactChildIndex: number,
    event: ContactEvent
  ) {
    const person = contactChild.personIndex;
    const decidedAt = (decision.authorisedAt as Date).getTime();
    if (decision.outcome === 'early_help') {
      const state = this.state(person);
      if (state.earlyHelpUntil > decidedAt) return;
      const start = decidedAt + this.random.int(1, 10) * DAY_MS;
      const span = { kind: 'early_help' as const, start, end: start + this.random.int(60, 300) * DAY_MS };
      state.earlyHelpUntil = span.end;
      this.addInvolvements(person, [span], null);
    } else if (decision.outcome === 'assessment' || decision.outcome === 'strategy_discussion') {
      this.refer(person, contactChildIndex, event, decision.outcome);
    }
  }

  private refer(
    person: number,
    contactChildIndex: number,
    event: ContactEvent,
    outcome: 'assessment' | 'strategy_discussion'
  ) {
    const state = this.state(person);
    const referralDate = londonDateOf(new Date(event.at));
    const isRereferral =
      state.lastReferralDate !== null && state.lastReferralDate >= oneYearBefore(referralDate);
    state.lastReferralDate = referralDate;
    const pathway =
      outcome === 'assessment' ? this.afterAssessment(event.at) : this.afterStrategyDiscussion(event.at);
    state.socialCareUntil = pathway.closedAt;
    if (pathway.earlyHelp) state.earlyHelpUntil = pathway.earlyHelp.end;
    const closed = pathway.closedAt <= this.now;
    const referralIndex =
      this.history.referrals.push({
        contactChildIndex,
        personIndex: person,
        referralDate,
        source: event.source.code,
        isRereferral,
        closedDate: closed ? isoDay(pathway.closedAt) : null,
        closureReason: closed ? pathway.closureReason : null,
      }) - 1;
    this.addInvolvements(person, pathway.spans, referralIndex);
    if (pathway.earlyHelp) this.addInvolvements(person, [pathway.earlyHelp], null);
  }

  /** Section 17 assessment: closed with no further action, stepped down to early help, or a child in need plan. */
  private afterAssessment(start: number): Pathway {
    const random = this.random;
    const assessed = start + random.int(20, 63) * DAY_MS;
    const roll = random.next();
    if (roll < 0.45) return pathway([{ kind: 'child_in_need', start, end: assessed }], assessed, 'RC8');
    if (roll < 0.65) {
      const earlyHelp: Span = {
        kind: 'early_help',
        start: assessed,
        end: assessed + random.int(60, 300) * DAY_MS,
      };
      return pathway([{ kind: 'child_in_need', start, end: assessed }], assessed, 'RC9', earlyHelp);
    }
    let closedAt = assessed + random.int(90, 400) * DAY_MS;
    const spans: Span[] = [];
    if (random.chance(0.07)) {
      const planStart = assessed + random.int(20, 90) * DAY_MS;
      const planEnd = planStart + random.int(150, 500) * DAY_MS;
      spans.push({ kind: 'child_protection_plan', start: planStart, end: planEnd });
      closedAt = Math.max(closedAt, planEnd + random.int(30, 120) * DAY_MS);
    }
    return pathway([{ kind: 'child_in_need', start, end: closedAt }, ...spans], closedAt, 'RC7');
  }

  /** Strategy discussion and section 47: no further action, a child in need plan, or a child protection plan. */
  private afterStrategyDiscussion(start: number): Pathway {
    const random = this.random;
    const roll = random.next();
    if (roll < 0.25) {
      const closedAt = start + random.int(10, 40) * DAY_MS;
      return pathway([{ kind: 'child_in_need', start, end: closedAt }], closedAt, 'RC8');
    }
    if (roll < 0.6) {
      const closedAt = start + random.int(90, 400) * DAY_MS;
      return pathway([{ kind: 'child_in_need', start, end: closedAt }], closedAt, 'RC7');
    }
    // Initial child protection conference within 15 working days (about three weeks).
    const planStart = start + random.int(14, 24) * DAY_MS;
    if (random.chance(0.12)) {
      const lookedAfter = planStart + random.int(30, 200) * DAY_MS;
      const leftCare = lookedAfter + random.int(200, 1500) * DAY_MS;
      const reason = random.weighted(LEAVING_CARE);
      return pathway(
        [
          { kind: 'child_in_need', start, end: leftCare },
          { kind: 'child_protection_plan', start: planStart, end: lookedAfter },
          { kind: 'looked_after', start: lookedAfter, end: leftCare },
        ],
        leftCare,
        reason
      );
    }
    const planEnd = planStart + random.int(150, 550) * DAY_MS;
    const closedAt = planEnd + random.int(30, 150) * DAY_MS;
    return pathway(
      [
        { kind: 'child_in_need', start, end: closedAt },
        { kind: 'child_protection_plan', start: planStart, end: planEnd },
      ],
      closedAt,
      'RC7'
    );
  }

  /** Children already open to services when the window starts, so the first months look like any other. */
  private openBeforeTheWindow(): void {
    const { random, windowStart } = this;
    this.population.households.forEach((household) => {
      for (const person of household.children) {
        const born = this.population.people[person]?.dateOfBirth;
        if (!born || Date.parse(born) > windowStart - 400 * DAY_MS) continue;
        const kind = random.weighted(OPEN_AT_THE_START);
        if (!kind) continue;
        const [before, after] =
          kind === 'looked_after' ? [1200, 2500] : kind === 'early_help' ? [200, 200] : [300, 300];
        const span = {
          kind,
          start: windowStart - random.int(20, before) * DAY_MS,
          end: windowStart + random.int(20, after) * DAY_MS,
        };
        const state = this.state(person);
        if (kind === 'early_help') state.earlyHelpUntil = span.end;
        else state.socialCareUntil = span.end;
        this.addInvolvements(person, [span], null);
      }
    });
  }

  private addInvolvements(person: number, spans: Span[], referralIndex: number | null): void {
    const locality = this.population.households[this.householdOf[person] ?? 0]?.localityIndex ?? 0;
    for (const span of spans) {
      if (span.start > this.now) continue;
      const teamKey =
        span.kind === 'early_help'
          ? `early_help:${locality}`
          : span.kind === 'child_in_need'
            ? `assessment:${locality}`
            : 'child_protection';
      const workers = this.staff.members(teamKey, 'front_door_practitioner');
      const ended = span.end <= this.now;
      this.history.involvements.push({
        personIndex: person,
        kind: span.kind,
        startedOn: isoDay(span.start),
        endedOn: ended ? isoDay(span.end) : null,
        teamIndex: teamIndex(teamKey),
        worker: ended && this.random.chance(0.3) ? null : this.random.pick(workers),
        referralIndex,
      });
    }
  }

  private pickPractitioner(): number {
    return this.random.pick(this.practitioners);
  }

  private state(person: number): ChildState {
    let state = this.states.get(person);
    if (!state) {
      state = { socialCareUntil: 0, earlyHelpUntil: 0, lastReferralDate: null };
      this.states.set(person, state);
    }
    return state;
  }
}

/** Shares of children with open work when the window starts: about what a council carries at any time. */
const OPEN_AT_THE_START = weightedTable<InvolvementKind | null>([
  ['looked_after', 0.45],
  ['child_protection_plan', 0.25],
  ['child_in_need', 1.2],
  ['early_help', 1.5],
  [null, 96.6],
]);

const LEAVING_CARE = weightedTable([
  ['RC4', 35],
  ['RC3', 20],
  ['RC7', 35],
  ['RC1', 10],
]);

interface Pathway {
  spans: Span[];
  closedAt: number;
  closureReason: string;
  /** Early help the family is stepped down to when the referral closes. */
  earlyHelp?: Span;
}

function pathway(spans: Span[], closedAt: number, closureReason: string, earlyHelp?: Span): Pathway {
  return { spans, closedAt, closureReason, earlyHelp };
}

function ragFor(random: Random, level: number): Rag {
  if (level >= 4) return 'red';
  if (level === 3) return random.chance(0.25) ? 'red' : 'amber';
  if (level === 2) return random.chance(0.3) ? 'amber' : 'green';
  return 'green';
}

function sameTimescale(a: { unit: string; amount: number }, b: { unit: string; amount: number }): boolean {
  return a.unit === b.unit && a.amount === b.amount;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The same calendar date a year earlier (29 February falls back to 28 February). */
function oneYearBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const earlier = new Date(Date.UTC(year - 1, month - 1, day));
  if (earlier.getUTCMonth() !== month - 1) earlier.setUTCDate(0);
  return earlier.toISOString().slice(0, 10);
}
