/*
 * The front door's measures, each defined once: what is counted (numerator), out of what (denominator),
 * which date puts a case in a period, and which way is better. The pages show these words beside every
 * figure; the SQL in measure-queries.ts computes exactly these and nothing else, and the returns share
 * the same facts (a re-referral is the referral table's is_rereferral, as the CIN census and Annex A use).
 */

export type MeasureSection = 'demand' | 'decisions' | 'timeliness';

/** How a value is shown: a count, a rate per 10,000 children, a percentage, or a median in units. */
export type MeasureUnit = 'count' | 'per_10k' | 'percent' | 'working_days' | 'hours';

/** Which way a change is an improvement, for the control charts' colours; 'neither' for demand. */
export type Better = 'higher' | 'lower' | 'neither';

/** The published figures a measure is compared with (comparators.ts), by the measure's id. */
export const COMPARABLE_MEASURES = [
  'rereferrals_12m',
  'assessments_within_45_days',
  'icpc_within_15_days',
  'contact_to_referral',
] as const satisfies readonly MeasureId[];
export type ComparableMeasure = (typeof COMPARABLE_MEASURES)[number];

export interface MeasureDefinition {
  id: MeasureId;
  section: MeasureSection;
  title: string;
  numerator: string;
  /** Absent for a plain count. */
  denominator?: string;
  /** Which date places a case in a period (and in a month of the trend). */
  periodRule: string;
  unit: MeasureUnit;
  better: Better;
  /** Whether the children behind the numerator can be listed (not for medians or rates of time). */
  drill: boolean;
}

export const MEASURE_IDS = [
  'contacts',
  'contacts_per_10k',
  'referrals',
  'referrals_per_10k',
  'contact_to_referral',
  'out_of_hours_contacts',
  'repeat_contacts_12m',
  'rereferrals_12m',
  'nfa_rate',
  'below_indicated_level',
  'referral_to_assessment',
  'referral_to_section_47',
  'referral_to_conference',
  'referral_to_plan',
  'decided_within_one_working_day',
  'decided_within_rag_time',
  'authorisation_hours',
  'information_response_hours',
  'information_answered_on_time',
  'handover_acceptance_hours',
  'assessment_working_days',
  'assessments_within_45_days',
  'open_assessments_past_45_days',
  'icpc_within_15_days',
] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

const CONTACT_PERIOD = 'By the date the contact was received (UK time).';
const REFERRAL_PERIOD = 'By the referral date: the day the contact that became a referral was received.';
const DECISION_PERIOD = 'By the date the manager authorised the decision (UK time).';

export const MEASURES: Readonly<Record<MeasureId, MeasureDefinition>> = {
  contacts: {
    id: 'contacts',
    section: 'demand',
    title: 'Contacts',
    numerator: 'Children named in contacts: a contact about three children counts three.',
    periodRule: CONTACT_PERIOD,
    unit: 'count',
    better: 'neither',
    drill: true,
  },
  contacts_per_10k: {
    id: 'contacts_per_10k',
    section: 'demand',
    title: 'Contacts per 10,000 children',
    numerator: 'Children named in contacts.',
    denominator:
      'Children aged 0 to 17 living in the council (or the chosen localities), per 10,000, from the council’s population settings. Not annualised: a rate for the period chosen.',
    periodRule: CONTACT_PERIOD,
    unit: 'per_10k',
    better: 'neither',
    drill: false,
  },
  referrals: {
    id: 'referrals',
    section: 'demand',
    title: 'Referrals',
    numerator:
      'Contacts whose authorised decision opened social care work (a referral, as the CIN census counts it).',
    periodRule: REFERRAL_PERIOD,
    unit: 'count',
    better: 'neither',
    drill: true,
  },
  referrals_per_10k: {
    id: 'referrals_per_10k',
    section: 'demand',
    title: 'Referrals per 10,000 children',
    numerator: 'Referrals.',
    denominator: 'Children aged 0 to 17 living in the council (or the chosen localities), per 10,000.',
    periodRule: REFERRAL_PERIOD,
    unit: 'per_10k',
    better: 'neither',
    drill: false,
  },
  contact_to_referral: {
    id: 'contact_to_referral',
    section: 'demand',
    title: 'Contacts that became referrals',
    numerator: 'Contacts received in the period that became referrals.',
    denominator: 'Contacts received in the period that have an authorised decision.',
    periodRule: CONTACT_PERIOD,
    unit: 'percent',
    better: 'neither',
    drill: true,
  },
  out_of_hours_contacts: {
    id: 'out_of_hours_contacts',
    section: 'demand',
    title: 'Out-of-hours contacts',
    numerator: 'Contacts received outside the front door’s service hours (taken by the out-of-hours team).',
    periodRule: CONTACT_PERIOD,
    unit: 'count',
    better: 'neither',
    drill: true,
  },
  repeat_contacts_12m: {
    id: 'repeat_contacts_12m',
    section: 'demand',
    title: 'Repeat contacts within 12 months',
    numerator: 'Contacts about a child who had another contact in the 12 months before this one.',
    denominator: 'Contacts about children linked to a record.',
    periodRule: CONTACT_PERIOD,
    unit: 'percent',
    better: 'lower',
    drill: true,
  },
  rereferrals_12m: {
    id: 'rereferrals_12m',
    section: 'demand',
    title: 'Re-referrals within 12 months',
    numerator:
      'Referrals of a child who had another referral in the 12 months before this one (the CIN census definition).',
    denominator: 'Referrals.',
    periodRule: REFERRAL_PERIOD,
    unit: 'percent',
    better: 'lower',
    drill: true,
  },
  nfa_rate: {
    id: 'nfa_rate',
    section: 'decisions',
    title: 'Decided no further action',
    numerator: 'Authorised decisions whose outcome was no further action.',
    denominator: 'Authorised decisions.',
    periodRule: DECISION_PERIOD,
    unit: 'percent',
    better: 'neither',
    drill: true,
  },
  below_indicated_level: {
    id: 'below_indicated_level',
    section: 'decisions',
    title: 'Decided below the level the descriptors indicated',
    numerator:
      'Authorised decisions whose chosen threshold level is below the level the descriptors indicated.',
    denominator: 'Authorised decisions with both an indicated and a chosen level.',
    periodRule: DECISION_PERIOD,
    unit: 'percent',
    better: 'lower',
    drill: true,
  },
  referral_to_assessment: {
    id: 'referral_to_assessment',
    section: 'decisions',
    title: 'Referrals leading to an assessment',
    numerator: 'Referrals whose child had a child and family assessment started after the referral.',
    denominator: 'Referrals.',
    periodRule: REFERRAL_PERIOD,
    unit: 'percent',
    better: 'neither',
    drill: true,
  },
  referral_to_section_47: {
    id: 'referral_to_section_47',
    section: 'decisions',
    title: 'Referrals leading to a section 47 enquiry',
    numerator: 'Referrals whose child had a section 47 enquiry started after the referral.',
    denominator: 'Referrals.',
    periodRule: REFERRAL_PERIOD,
    unit: 'percent',
    better: 'neither',
    drill: true,
  },
  referral_to_conference: {
    id: 'referral_to_conference',
    section: 'decisions',
    title: 'Referrals leading to an initial child protection conference',
    numerator: 'Referrals whose child had an initial child protection conference after the referral.',
    denominator: 'Referrals.',
    periodRule: REFERRAL_PERIOD,
    unit: 'percent',
    better: 'neither',
    drill: true,
  },
  referral_to_plan: {
    id: 'referral_to_plan',
    section: 'decisions',
    title: 'Referrals leading to a child protection plan',
    numerator: 'Referrals whose child had a child protection plan started after the referral.',
    denominator: 'Referrals.',
    periodRule: REFERRAL_PERIOD,
    unit: 'percent',
    better: 'neither',
    drill: true,
  },
  decided_within_one_working_day: {
    id: 'decided_within_one_working_day',
    section: 'timeliness',
    title: 'Decisions within one working day',
    numerator:
      'Authorised decisions made by the original decision due time (one working day from receipt; an extension does not move it). A decision that needs a second sign-off is made when it is given.',
    denominator: 'Authorised decisions.',
    periodRule: DECISION_PERIOD,
    unit: 'percent',
    better: 'higher',
    drill: true,
  },
  decided_within_rag_time: {
    id: 'decided_within_rag_time',
    section: 'timeliness',
    title: 'Decisions within the RAG time',
    numerator:
      'Authorised decisions made by the due time of the rating they were proposed on (the child’s rating due time where the decision did not record one).',
    denominator: 'Authorised decisions made on a rating.',
    periodRule: DECISION_PERIOD,
    unit: 'percent',
    better: 'higher',
    drill: true,
  },
  authorisation_hours: {
    id: 'authorisation_hours',
    section: 'timeliness',
    title: 'Manager authorisation time (median)',
    numerator: 'Hours from a decision being proposed to a manager authorising it, the median.',
    periodRule: DECISION_PERIOD,
    unit: 'hours',
    better: 'lower',
    drill: false,
  },
  information_response_hours: {
    id: 'information_response_hours',
    section: 'timeliness',
    title: 'Partner information response time (median)',
    numerator: 'Hours from an information request being sent to the partner answering it, the median.',
    periodRule: 'By the date the request was answered (UK time).',
    unit: 'hours',
    better: 'lower',
    drill: false,
  },
  information_answered_on_time: {
    id: 'information_answered_on_time',
    section: 'timeliness',
    title: 'Information requests answered by their due time',
    numerator: 'Requests answered by the due time set when they were sent.',
    denominator: 'Requests answered, plus requests still open past their due time.',
    periodRule: 'By the date the request was due (UK time).',
    unit: 'percent',
    better: 'higher',
    drill: true,
  },
  handover_acceptance_hours: {
    id: 'handover_acceptance_hours',
    section: 'timeliness',
    title: 'Handover acceptance time (median)',
    numerator: 'Hours from a handover being offered to the receiving team accepting it, the median.',
    periodRule: 'By the date the handover was accepted (UK time).',
    unit: 'hours',
    better: 'lower',
    drill: false,
  },
  assessment_working_days: {
    id: 'assessment_working_days',
    section: 'timeliness',
    title: 'Referral to assessment completion (median)',
    numerator:
      'Working days from the referral date to the assessment’s authorisation, the median (distribution shown).',
    periodRule: 'By the date the assessment was authorised.',
    unit: 'working_days',
    better: 'lower',
    drill: false,
  },
  assessments_within_45_days: {
    id: 'assessments_within_45_days',
    section: 'timeliness',
    title: 'Assessments completed within 45 working days',
    numerator: 'Assessments authorised within 45 working days of the referral date.',
    denominator: 'Assessments authorised.',
    periodRule: 'By the date the assessment was authorised.',
    unit: 'percent',
    better: 'higher',
    drill: true,
  },
  open_assessments_past_45_days: {
    id: 'open_assessments_past_45_days',
    section: 'timeliness',
    title: 'Open assessments past 45 working days',
    numerator: 'Assessments not yet authorised, more than 45 working days after the referral date.',
    periodRule: 'As at the end of the period (today for a period that has not ended).',
    unit: 'count',
    better: 'lower',
    drill: true,
  },
  icpc_within_15_days: {
    id: 'icpc_within_15_days',
    section: 'timeliness',
    title: 'Initial conferences within 15 working days',
    numerator:
      'Initial child protection conferences held within 15 working days of the strategy discussion that started the section 47 enquiry (of the enquiry’s start where no discussion is linked).',
    denominator: 'Initial child protection conferences held.',
    periodRule: 'By the date the conference was held.',
    unit: 'percent',
    better: 'higher',
    drill: true,
  },
};

export function measuresIn(section: MeasureSection): MeasureDefinition[] {
  return MEASURE_IDS.map((id) => MEASURES[id]).filter((measure) => measure.section === section);
}

export function isMeasureId(value: string): value is MeasureId {
  return (MEASURE_IDS as readonly string[]).includes(value);
}
