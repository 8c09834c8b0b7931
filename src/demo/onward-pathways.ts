/**
 * The demo council's onward records, planned from what the front door decided: each referral becomes a
 * children in need episode and the history's involvement (child in need, child protection plan, looked
 * after) becomes the assessments, section 47 enquiries, conferences and plans that a receiving team
 * would have recorded. Pure and deterministic: the same facts and Random give the same records.
 *
 * The records keep the DfE census's rules of shape (cin-census.md): activity within the episode and
 * never after its closure, an initial conference on a working day within 15 working days of the
 * enquiry and the plan starting on it, reviews within 3 months and then every 6, no two plans at once,
 * RC8/RC9 only after an assessment with no plan, enquiry or conference. Untidy cases stay in: some
 * assessments run late, and a plan sometimes ends and is started again after a new enquiry.
 */
import type { AssessmentOutcome } from '../platform/db/schema.ts';
import { addWorkingDaysToDate, isWorkingDay, type WorkingCalendar } from '../shared/working-time.ts';
import { addDays } from '../modules/returns/cin-census/census-dates.ts';
import { FACTOR_CODES, NO_FACTORS } from '../modules/onward/onward-rules.ts';
import type { Random } from '../shared/random.ts';

/** A span of the history's involvement with a child, as saved ('YYYY-MM-DD', end null while open). */
export interface InvolvementSpan {
  start: string;
  end: string | null;
  teamId: number | null;
  workerId: number | null;
}

/** What the front door and the history say about one referral. */
export interface ReferralFacts {
  referralId: number | null;
  contactChildId: number | null;
  personId: number;
  referralDate: string;
  source: string;
  /** The decision that made the referral: a section 17 assessment or a strategy discussion. */
  route: 'assessment' | 'strategy_discussion';
  closedDate: string | null;
  closureReason: string | null;
  /** The presenting concerns (assessment factor codes), the main one first. */
  concerns: string[];
  childInNeed?: InvolvementSpan;
  protection?: InvolvementSpan;
  lookedAfter?: InvolvementSpan;
}

export interface AssessmentPlan {
  startedOn: string;
  childSeenOn: string | null;
  authorisedOn: string | null;
  factors: string[];
  outcome: AssessmentOutcome | null;
}

export interface EnquiryPlan {
  startedOn: string;
  icpcTargetOn: string;
  icpcNotRequired: boolean;
  completedOn: string | null;
  outcome: 'icpc' | 'cin_plan' | 'no_further_action' | null;
  /** The initial child protection conference the enquiry led to. */
  conference: { heldOn: string; resultedInPlan: boolean } | null;
}

export interface ProtectionPlanPlan {
  /** The enquiry whose initial conference started the plan. */
  enquiryIndex: number;
  startedOn: string;
  endedOn: string | null;
  initialCategory: string;
  latestCategory: string;
  /** Review conference dates; when the plan ended at a review, the last one is its end date. */
  reviews: string[];
}

export interface EpisodePlan {
  facts: ReferralFacts;
  referralNfa: boolean;
  primaryNeed: string;
  closureDate: string | null;
  closureReason: string | null;
  assessments: AssessmentPlan[];
  enquiries: EnquiryPlan[];
  protectionPlans: ProtectionPlanPlan[];
  cinPlans: { startedOn: string; endedOn: string | null }[];
}

/** Primary need at referral (PrimaryNeedCode) from the main presenting concern; abuse or neglect otherwise. */
const NEED_BY_CONCERN: Record<string, string> = {
  '4B': 'N3', '5B': 'N3', '6B': 'N3', '7A': 'N3',
  '5A': 'N2', '6A': 'N2',
  '3B': 'N5', '3C': 'N5', '1B': 'N5', '2B': 'N5', '1C': 'N5', '2C': 'N5', '4C': 'N5',
  '1A': 'N6', '2A': 'N6', '13A': 'N6', '14A': 'N6',
  '9A': 'N8', '8E': 'N8', '8F': 'N8',
  '20': 'N4', '4A': 'N4', '15A': 'N4',
}; // prettier-ignore

/** Category of abuse (InitialCategoryOfAbuse) from the main concern; neglect otherwise. */
const CATEGORY_BY_CONCERN: Record<string, string> = {
  '17A': 'EMO', '3A': 'EMO', '3B': 'EMO', '3C': 'EMO', '4B': 'EMO',
  '18B': 'PHY', '18C': 'PHY',
  '19B': 'SAB', '19C': 'SAB', '11A': 'SAB', '12A': 'SAB',
}; // prettier-ignore

/** Factors an assessment often finds beyond what the referrer described. */
const FOUND_AT_ASSESSMENT = ['4B', '3B', '1B', '2B', '16A', '17A', '6B'];

const VALID_FACTORS: ReadonlySet<string> = new Set(FACTOR_CODES);

/** Untidy cases the demo must show, forced on an episode that has room for them. */
export interface Showcase {
  /** The assessment is still open, long past 45 working days. */
  openLate?: boolean;
  /** A child protection plan ends and a later one starts after a new enquiry. */
  restart?: boolean;
}

export class EpisodePlanner {
  private showcase: Showcase = {};

  constructor(
    private readonly random: Random,
    private readonly calendar: WorkingCalendar,
    /** London date of `now`: nothing is recorded after it. */
    private readonly today: string
  ) {}

  plan(facts: ReferralFacts, showcase: Showcase = {}): EpisodePlan {
    this.showcase = showcase;
    const episode: EpisodePlan = {
      facts,
      referralNfa: false,
      primaryNeed: NEED_BY_CONCERN[facts.concerns[0] ?? ''] ?? 'N1',
      closureDate: facts.closedDate,
      closureReason: facts.closureReason,
      assessments: [],
      enquiries: [],
      protectionPlans: [],
      cinPlans: [],
    };
    if (facts.route === 'strategy_discussion') this.afterStrategyDiscussion(episode);
    else this.afterAssessmentDecision(episode);
    return episode;
  }

  /** Section 17: closed after the assessment (RC8/RC9), or a child in need plan, stepped up now and then. */
  private afterAssessmentDecision(episode: EpisodePlan): void {
    const { facts } = episode;
    if (facts.closureReason === 'RC8' || facts.closureReason === 'RC9') {
      // The history closed the episode on the day the assessment was authorised.
      episode.assessments.push(
        this.assessment(facts, {
          authorisedOn: facts.closedDate,
          outcome: facts.closureReason === 'RC8' ? 'no_further_action' : 'early_help',
          closesAfterAssessment: true,
        })
      );
      return;
    }
    const protection = facts.protection;
    const assessment = this.assessment(facts, {
      finishBy: protection ? addDays(protection.start, -10) : facts.closedDate,
      outcome: 'cin_plan',
      stillOpen: this.showcase.openLate === true && !protection && facts.closedDate === null,
    });
    episode.assessments.push(assessment);
    if (!assessment.authorisedOn) return;
    if (!protection) {
      this.cinPlan(episode, assessment.authorisedOn);
      return;
    }
    // Stepped up: a strategy discussion during the child in need plan, whose conference ends that plan.
    const conference = this.workingDayOnOrBefore(protection.start);
    const enquiryStart = maxDate(
      this.workingDayOnOrAfter(addDays(assessment.authorisedOn, 1)),
      this.workingDaysBefore(conference, this.random.int(8, 14))
    );
    episode.cinPlans.push({ startedOn: assessment.authorisedOn, endedOn: conference });
    this.protection(episode, enquiryStart, conference, protection);
  }

  /** Strategy discussion and section 47: a child protection plan, a child in need plan, or no further action. */
  private afterStrategyDiscussion(episode: EpisodePlan): void {
    const { facts } = episode;
    const random = this.random;
    const limit = facts.closedDate ?? this.today;
    const enquiryStart = minDate(this.workingDayOnOrAfter(facts.referralDate), limit);
    const protection = facts.protection;
    if (protection) {
      const conference = this.workingDayOnOrBefore(
        minDate(protection.start, this.afterWorkingDays(enquiryStart, 15))
      );
      this.protection(episode, enquiryStart, conference, protection);
      return;
    }
    if (facts.closureReason === 'RC8') {
      // Closed within weeks: no enquiry was needed after all, or the enquiry found no need for a conference.
      episode.closureReason = 'RC7';
      if (random.chance(0.5)) {
        episode.referralNfa = true;
        episode.closureDate = facts.referralDate;
        return;
      }
      episode.assessments.push(
        this.assessment(facts, { startFrom: enquiryStart, finishBy: limit, outcome: 'no_further_action' })
      );
      episode.enquiries.push(
        this.enquiry(enquiryStart, {
          completedOn: minDate(this.afterWorkingDays(enquiryStart, random.int(3, 10)), limit),
          outcome: 'no_further_action',
        })
      );
      return;
    }
    // A child in need plan; now and then a conference was held and decided a plan was not needed.
    const conferenceHeld = random.chance(0.15);
    const decidedOn = this.afterWorkingDays(
      enquiryStart,
      conferenceHeld ? random.int(8, 14) : random.int(3, 10)
    );
    episode.assessments.push(
      this.assessment(facts, { startFrom: enquiryStart, finishBy: facts.closedDate, outcome: 'cin_plan' })
    );
    if (decidedOn > limit) {
      episode.enquiries.push(this.enquiry(enquiryStart, { completedOn: null, outcome: null }));
      return;
    }
    episode.enquiries.push(
      this.enquiry(
        enquiryStart,
        conferenceHeld
          ? {
              completedOn: this.workingDaysBefore(decidedOn, 2),
              outcome: 'icpc',
              conference: { heldOn: decidedOn, resultedInPlan: false },
            }
          : { completedOn: decidedOn, outcome: 'cin_plan' }
      )
    );
    this.cinPlan(episode, decidedOn);
  }

  /** The enquiry and initial conference that start a child protection plan, its reviews, and what follows. */
  private protection(
    episode: EpisodePlan,
    enquiryStart: string,
    conference: string,
    span: InvolvementSpan
  ): void {
    const random = this.random;
    const { facts } = episode;
    this.enquiryAssessment(episode, enquiryStart, conference);
    episode.enquiries.push(
      this.enquiry(enquiryStart, {
        completedOn: maxDate(enquiryStart, this.workingDaysBefore(conference, random.int(1, 3))),
        outcome: 'icpc',
        conference: { heldOn: conference, resultedInPlan: true },
      })
    );
    const category = CATEGORY_BY_CONCERN[facts.concerns[0] ?? ''] ?? 'NEG';
    // A plan ends at a review conference, except when the child comes into care.
    const intoCare = facts.lookedAfter !== undefined;
    const end = span.end === null ? null : intoCare ? span.end : this.workingDayOnOrBefore(span.end);
    const plan = this.protectionPlan(episode.enquiries.length - 1, conference, end, category, !intoCare);
    episode.protectionPlans.push(plan);
    if (plan.endedOn === null || intoCare) return;
    if (!this.restart(episode, plan, category)) this.cinPlan(episode, plan.endedOn);
  }

  /**
   * A plan ended and, after a new enquiry, started again (at least a day later: a plan restarted on the
   * day the last one ended would overlap it, census rule 8940). Only when the episode leaves room.
   */
  private restart(episode: EpisodePlan, ended: ProtectionPlanPlan, category: string): boolean {
    const random = this.random;
    const limit = episode.closureDate ?? this.today;
    if (!ended.endedOn || !(this.showcase.restart === true || random.chance(0.3))) return false;
    const enquiryStart = this.workingDayOnOrAfter(addDays(ended.endedOn, random.int(14, 35)));
    const conference = this.afterWorkingDays(enquiryStart, random.int(6, 15));
    const end = episode.closureDate
      ? this.workingDayOnOrBefore(addDays(episode.closureDate, -random.int(0, 7)))
      : null;
    if (addDays(conference, 10) > limit || (end !== null && end <= conference)) return false;
    this.enquiryAssessment(episode, enquiryStart, conference);
    episode.enquiries.push(
      this.enquiry(enquiryStart, {
        completedOn: this.workingDaysBefore(conference, 1),
        outcome: 'icpc',
        conference: { heldOn: conference, resultedInPlan: true },
      })
    );
    const latest = random.chance(0.5) ? category : 'MUL';
    episode.protectionPlans.push(
      this.protectionPlan(episode.enquiries.length - 1, conference, end, latest, true)
    );
    return true;
  }

  /** An enquiry comes with an assessment that goes on alongside it and is authorised after the conference. */
  private enquiryAssessment(episode: EpisodePlan, enquiryStart: string, conference: string): void {
    episode.assessments.push(
      this.assessment(episode.facts, {
        startFrom: enquiryStart,
        authorisedFrom: conference,
        finishBy: episode.closureDate,
        outcome: 'strategy_discussion',
      })
    );
  }

  private protectionPlan(
    enquiryIndex: number,
    startedOn: string,
    endedOn: string | null,
    category: string,
    endedAtReview: boolean
  ): ProtectionPlanPlan {
    const random = this.random;
    const until = endedOn ?? this.today;
    const reviews: string[] = [];
    // First review within three months of the plan starting, then every six months.
    let review = this.workingDayOnOrBefore(addDays(startedOn, random.int(70, 88)));
    while (review < until) {
      reviews.push(review);
      review = this.workingDayOnOrBefore(addDays(review, random.int(160, 180)));
    }
    if (endedOn !== null && endedAtReview) reviews.push(endedOn);
    return {
      enquiryIndex,
      startedOn,
      endedOn,
      initialCategory: category,
      latestCategory: random.chance(0.15) ? random.pick(['EMO', 'NEG', 'MUL']) : category,
      reviews,
    };
  }

  /** A child in need plan from `start` until shortly before the episode closes, or still open. */
  private cinPlan(episode: EpisodePlan, start: string): void {
    const closure = episode.closureDate;
    if (closure === null) {
      if (start <= this.today) episode.cinPlans.push({ startedOn: start, endedOn: null });
      return;
    }
    const end = addDays(closure, -this.random.int(0, 10));
    if (end > start) episode.cinPlans.push({ startedOn: start, endedOn: end });
  }

  private enquiry(
    startedOn: string,
    result: Pick<EnquiryPlan, 'completedOn' | 'outcome'> & { conference?: EnquiryPlan['conference'] }
  ): EnquiryPlan {
    const conference = result.conference ?? null;
    return {
      startedOn,
      icpcTargetOn: this.afterWorkingDays(startedOn, 15),
      icpcNotRequired: result.outcome === 'cin_plan' || result.outcome === 'no_further_action',
      completedOn: result.completedOn,
      outcome: result.outcome,
      conference,
    };
  }

  /**
   * A child and family assessment: started within days of the referral (or on `startFrom`), authorised
   * within 45 working days mostly, late now and then, and still open when its authorisation is after today.
   * An episode that closed has every assessment authorised by its closure (`finishBy`).
   */
  private assessment(
    facts: ReferralFacts,
    options: {
      startFrom?: string;
      authorisedOn?: string | null;
      authorisedFrom?: string;
      finishBy?: string | null;
      outcome: AssessmentOutcome;
      /** The episode closes RC8/RC9 when this assessment is authorised. */
      closesAfterAssessment?: boolean;
      /** Not authorised yet, however long it has taken. */
      stillOpen?: boolean;
    }
  ): AssessmentPlan {
    const random = this.random;
    const cap = minDate(options.authorisedOn ?? options.finishBy ?? this.today, this.today);
    // Alongside an enquiry the assessment starts with it; after a referral, within a few days.
    const earliest =
      options.startFrom ?? this.workingDayOnOrAfter(addDays(facts.referralDate, random.int(0, 2)));
    const startedOn = maxDate(facts.referralDate, minDate(earliest, cap));
    let authorisedOn: string | null = options.authorisedOn ?? null;
    if (authorisedOn === null) {
      const days = random.chance(0.08) ? random.int(70, 130) : random.int(12, 58);
      authorisedOn = this.workingDayOnOrAfter(addDays(startedOn, days));
      if (options.authorisedFrom) authorisedOn = maxDate(authorisedOn, options.authorisedFrom);
      if (options.finishBy) authorisedOn = maxDate(startedOn, minDate(authorisedOn, options.finishBy));
      if (authorisedOn > this.today || options.stillOpen) authorisedOn = null;
    }
    const seen = minDate(addDays(startedOn, random.int(0, 5)), authorisedOn ?? this.today);
    return {
      startedOn,
      childSeenOn: authorisedOn === null && random.chance(0.05) ? null : seen,
      authorisedOn,
      factors: authorisedOn ? this.factors(facts.concerns, options.closesAfterAssessment === true) : [],
      outcome: authorisedOn ? options.outcome : null,
    };
  }

  /**
   * The factors identified: the presenting concerns, now and then one more found at assessment. `21` (no
   * factors) stands alone and only where the episode closes after the assessment (census rules 8869, 8873Q).
   */
  private factors(concerns: string[], closesAfter: boolean): string[] {
    if (closesAfter && this.random.chance(0.1)) return [NO_FACTORS];
    const found = concerns.filter((code) => VALID_FACTORS.has(code) && code !== NO_FACTORS);
    if (found.length === 0 && closesAfter && concerns.includes(NO_FACTORS)) return [NO_FACTORS];
    if (found.length === 0 || this.random.chance(0.3)) found.push(this.random.pick(FOUND_AT_ASSESSMENT));
    return [...new Set(found)];
  }

  private afterWorkingDays(date: string, days: number): string {
    return addWorkingDaysToDate(date, days, this.calendar);
  }

  private workingDaysBefore(date: string, days: number): string {
    let day = date;
    for (let counted = 0; counted < days;) {
      day = addDays(day, -1);
      if (isWorkingDay(day, this.calendar)) counted++;
    }
    return day;
  }

  private workingDayOnOrAfter(date: string): string {
    let day = date;
    while (!isWorkingDay(day, this.calendar)) day = addDays(day, 1);
    return day;
  }

  private workingDayOnOrBefore(date: string): string {
    let day = date;
    while (!isWorkingDay(day, this.calendar)) day = addDays(day, -1);
    return day;
  }
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
