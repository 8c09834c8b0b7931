import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';

/** A timestamptz: read as a Date, written as a Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A date column, kept as 'YYYY-MM-DD' (see the type parser in pool.ts). */
type DateOnly = string;
type Json<T> = ColumnType<T, string, string>;
/** A timestamptz the database fills in when the insert leaves it out. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type Role =
  | 'front_door_practitioner'
  | 'team_manager'
  | 'partner_agency_practitioner'
  | 'out_of_hours_worker'
  | 'qa_officer'
  | 'performance_analyst'
  | 'senior_leader'
  | 'administrator'
  | 'service_manager';

export interface CouncilSettings {
  /** `hours` run day and night (immediate risk); `working_hours`/`working_days` only in service time. */
  ragTimescales: Record<
    'red' | 'amber' | 'green',
    { unit: 'hours' | 'working_hours' | 'working_days'; amount: number }
  >;
  decisionTimescale: { unit: 'hours' | 'working_hours' | 'working_days'; amount: number };
  serviceHours: { weekdays: number[]; opens: string; closes: string };
  closures: string[];
  secondFactorRequiredRoles: Role[];
  /** Roles that may give a decision its second sign-off (see decision-rules.ts); ['service_manager'] when unset. */
  secondAuthoriserRoles?: Role[];
  /** The numbers the public and referrers are given: the duty line and, when it is closed, the emergency duty team. */
  dutyContact: DutyContact;
  /**
   * Earlier timescales (issue 18), oldest first: each applied to contacts received before `until` (ISO
   * instant). A change applies to contacts received after it, never to work already in progress.
   */
  timescaleHistory?: TimescaleVersion[];
}

export interface TimescaleVersion {
  until: string;
  ragTimescales: CouncilSettings['ragTimescales'];
  decisionTimescale: CouncilSettings['decisionTimescale'];
}

export interface DutyContact {
  line: string;
  /** When the duty line is answered, in words, e.g. "Monday to Friday, 8am to 8pm". */
  hours: string;
  outOfHours: string;
}

export interface CouncilTable {
  id: Generated<number>;
  name: string;
  la_code: string;
  settings: Json<CouncilSettings>;
  /** Moves on one per settings save (migration 0028). */
  version: Generated<number>;
}

/** A one-time link to choose a password (migration 0028): only the token's SHA-256 is kept. */
export interface StaffSetUpLinkTable {
  token_hash: string;
  staff_user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: number | null;
}

/** The code the first-run page asks for, printed on the server's terminal (migration 0031). */
export interface FirstRunCodeTable {
  code_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** A matching model fitted on the person index (0032): see src/shared/matching/estimation.ts. */
export interface MatchingModelTable {
  id: Generated<number>;
  fitted_at: Timestamp;
  people: number;
  model: Json<unknown>;
  diagnostics: Json<unknown>;
}

/** Which Front Door record a row of an imported Standard Safeguarding Dataset became (migration 0033). */
export interface ImportedRecordTable {
  source_table: string;
  source_id: string;
  record_type: string;
  record_id: number;
  imported_at: DefaultedTimestamp;
}

export interface LocalityTable {
  id: Generated<number>;
  name: string;
  /** Children aged 0 to 17 living there, for rates per 10,000 (council configuration, migration 0015). */
  child_population: ColumnType<number | null, number | null | undefined, number | null>;
}

export type AgencyKind =
  | 'council'
  | 'police'
  | 'health'
  | 'education'
  | 'probation'
  | 'housing'
  | 'adult_services'
  | 'youth_justice'
  | 'other';

export interface AgencyTable {
  id: Generated<number>;
  name: string;
  kind: AgencyKind;
}

export type TeamKind =
  | 'front_door'
  | 'early_help'
  | 'assessment'
  | 'out_of_hours'
  | 'child_protection'
  | 'quality_assurance'
  | 'performance'
  | 'leadership'
  | 'partner'
  | 'administration';

export interface TeamTable {
  id: Generated<number>;
  name: string;
  kind: TeamKind;
  agency_id: number;
  locality_id: number | null;
}

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string;
  role: Role;
  agency_id: number;
  team_id: number | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  /** The 30-second step of the last second-factor code accepted: that code and older ones are refused. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  last_sign_in_at: Timestamp | null;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  /** The identity provider's issuer and subject for this person, kept at their first single sign-on. */
  sso_issuer: ColumnType<string | null, string | null | undefined, string | null>;
  sso_subject: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A single sign-on in progress: what the provider's answer must match, found by the hash of a cookie. */
export interface SignInAttemptTable {
  token_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  return_to: string | null;
  created_at: Timestamp;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  second_factor_done: Generated<boolean>;
  ip: string | null;
  user_agent: string | null;
}

export interface RateLimitHitTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export type AuditEventClass = 'access' | 'change' | 'auth' | 'denied' | 'admin' | 'export';

export interface AuditEventTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | string | undefined, never>;
  event_class: AuditEventClass;
  action: string;
  actor_user_id: number | null;
  actor_role: string | null;
  actor_agency_id: number | null;
  record_type: string | null;
  record_id: string | null;
  reason: string | null;
  ip: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  /** The hash chain (migration 0011): set by the database when the row's transaction commits. */
  chain_seq: ColumnType<number | null, never, never>;
  prev_hash: ColumnType<string | null, never, never>;
  hash: ColumnType<string | null, never, never>;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** An administrator's hold on a person's record: while it is in force, retention never deletes them. */
export interface LegalHoldTable {
  id: Generated<number>;
  person_id: number;
  reason: string;
  set_by: number;
  set_at: Timestamp;
  released_by: number | null;
  released_at: Timestamp | null;
  release_reason: string | null;
}

/** What retention deleted: the record's type and id, the rule and when. No personal data. */
export interface RetentionTombstoneTable {
  id: Generated<number>;
  record_type: string;
  record_id: string;
  rule: string;
  deleted_at: Timestamp;
}

export interface AddressTable {
  id: Generated<number>;
  line1: string;
  line2: string | null;
  town: string;
  postcode: string;
  locality_id: number | null;
}

export interface HouseholdTable {
  id: Generated<number>;
  address_id: number | null;
}

export type Sex = 'M' | 'F' | 'U';

export interface PersonTable {
  id: Generated<number>;
  given_name: string;
  middle_names: string | null;
  family_name: string;
  previous_family_names: Generated<string[]>;
  date_of_birth: DateOnly | null;
  expected_date_of_birth: DateOnly | null;
  sex: Sex;
  ethnicity: string | null;
  nhs_number: string | null;
  upn: string | null;
  language: string | null;
  address_id: number | null;
  restricted: Generated<boolean>;
  restriction_reason: string | null;
  merged_into_id: number | null;
  created_at: DefaultedTimestamp;
  created_by: number | null;
  /** The characteristics the returns need (migration 0013); null until recorded. */
  disabilities: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  former_upn: ColumnType<string | null, string | null | undefined, string | null>;
  upn_unknown_reason: ColumnType<string | null, string | null | undefined, string | null>;
  date_of_death: ColumnType<DateOnly | null, DateOnly | null | undefined, DateOnly | null>;
  characteristics_recorded_by: ColumnType<number | null, number | null | undefined, number | null>;
  characteristics_recorded_at: ColumnType<
    Date | null,
    Date | string | null | undefined,
    Date | string | null
  >;
  characteristics_version: Generated<number>;
  /** Whether the person needs an interpreter (migration 0021); null until asked. */
  interpreter_needed: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
}

export interface HouseholdMemberTable {
  household_id: number;
  person_id: number;
  role: 'child' | 'parent' | 'carer' | 'other_adult';
  /** When the person was first known to live there, and when they left (issue 16). */
  joined_on: DateOnly | null;
  left_on: DateOnly | null;
}

export type RelationshipKind =
  'mother' | 'father' | 'step_parent' | 'carer' | 'sibling' | 'partner_of_parent' | 'other';

/** `relative_id` is the `kind` of `person_id` (Jane is the mother of Amy). */
export interface PersonRelationshipTable {
  id: Generated<number>;
  person_id: number;
  relative_id: number;
  kind: RelationshipKind;
  detail: string | null;
  household_id: number | null;
  contact_id: number | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
  ended_on: DateOnly | null;
  ended_by: number | null;
  ended_reason: string | null;
}

/** What a merge did to a relationship of the record merged away, to undo it (migration 0038). */
export interface PersonMergeRelationshipTable {
  person_merge_id: number;
  person_relationship_id: number;
  side: 'person' | 'relative';
  ended: boolean;
}

export interface RecordAccessGrantTable {
  person_id: number;
  user_id: number;
  granted_by: number | null;
  granted_at: DefaultedTimestamp;
  reason: string;
  /** When the grant is next reviewed, and its last review (migration 0036). */
  review_due_on: ColumnType<DateOnly | null, DateOnly | null | undefined, DateOnly | null>;
  reviewed_by: ColumnType<number | null, number | null | undefined, number | null>;
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A restricted record opened in an emergency by someone without a grant (migration 0036). */
export interface BreakGlassAccessTable {
  id: Generated<number>;
  person_id: number;
  user_id: number;
  reason: string;
  opened_at: Timestamp;
  expires_at: Timestamp;
  justified: boolean | null;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
}

export interface RecordShareTable {
  person_id: number;
  agency_id: number;
  shared_at: Timestamp;
  expires_at: Timestamp | null;
  reason: string;
}

export interface ThresholdDocumentTable {
  id: Generated<number>;
  version: number;
  title: string;
  effective_from: DateOnly;
  published_at: DefaultedTimestamp;
  published_by: number | null;
}

/** How many decisions and threshold assessments each version was used by, kept by triggers (migration 0040). */
export interface ThresholdDocumentUseTable {
  threshold_document_id: number;
  decisions: number;
  assessments: number;
}

export interface ThresholdLevelTable {
  document_id: number;
  level: number;
  name: string;
  summary: string;
  typical_response: string;
}

export interface ThresholdDescriptorTable {
  id: Generated<number>;
  document_id: number;
  level: number;
  area_of_need: string;
  text: string;
}

export type ContactChannel =
  | 'phone'
  | 'email'
  | 'in_person'
  | 'police_notification'
  | 'online_form'
  | 'partner_api'
  | 'out_of_hours'
  | 'letter';

export interface ContactTable {
  id: Generated<number>;
  reference: string;
  received_at: Timestamp;
  channel: ContactChannel;
  referral_source: string;
  referrer_name: string | null;
  referrer_role: string | null;
  referrer_organisation: string | null;
  referrer_agency_id: number | null;
  referrer_phone: string | null;
  referrer_email: string | null;
  address_id: number | null;
  household_id: number | null;
  summary: string | null;
  out_of_hours: Generated<boolean>;
  recorded_by: number | null;
  recorded_at: Timestamp;
  presenting_concerns: string | null;
  childs_lived_experience: string | null;
  strengths: string | null;
  consent_status: ConsentStatus | null;
  consent_reason: string | null;
  family_aware: FamilyAwareness | null;
  /** Older records' free-text lawful basis; since migration 0020, the detail given with the codes. */
  lawful_basis: string | null;
  /** A PERSONAL_DATA_BASES code (src/shared/lawful-basis.ts). */
  lawful_basis_personal_data: string | null;
  /** A SPECIAL_CATEGORY_BASES code (src/shared/lawful-basis.ts). */
  lawful_basis_special_category: string | null;
  immediate_risk: Generated<boolean>;
  referrer_is_professional: Generated<boolean>;
  public_reference: string | null;
  partner_api_key_id: number | null;
  consultation_id: number | null;
  /** A partner (the police) said the information is not for disclosure to the family. */
  not_for_disclosure: Generated<boolean>;
  /** The police force's incident (log) number, as the police sent it (migration 0023). */
  police_incident_reference: string | null;
  /** The police crime reference number, when a crime was recorded. */
  crime_reference: string | null;
  /** The domestic abuse (DASH) risk level a partner assessed, with the date it was assessed. */
  dash_risk_level: DashRiskLevel | null;
  dash_assessed_on: DateOnly | null;
}

export type DashRiskLevel = 'standard' | 'medium' | 'high';

export type ConsentStatus = 'given' | 'refused' | 'not_sought';
export type FamilyAwareness = 'yes' | 'no' | 'not_sure';

export interface ContactPersonTable {
  contact_id: number;
  person_id: number;
  role: 'parent_or_carer' | 'household_member' | 'adult_of_concern' | 'sibling';
  relationship: string | null;
  relationship_kind: RelationshipKind | null;
}

/** An adult as a referrer who cannot see the person index named them, before a practitioner links them. */
export interface NamedAdult {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  sex?: Sex;
  role: ContactPersonTable['role'];
  /** The referrer's words, for example "mother's partner". */
  relationship?: string;
}

export interface ContactNamedAdultTable {
  id: Generated<number>;
  contact_id: number;
  described: ColumnType<NamedAdult, string, string>;
  person_id: number | null;
  linked_by: number | null;
  linked_at: Timestamp | null;
}

export interface PersonLinkDecisionTable {
  id: Generated<number>;
  contact_child_id: number | null;
  person_id: number;
  choice: 'linked_existing' | 'created_new';
  best_candidate_id: number | null;
  best_candidate_score: number | null;
  reason: string | null;
  decided_by: number | null;
  decided_at: Timestamp;
  /** An adult named on this contact (contact_child_id is then null). */
  contact_id: number | null;
}

export interface PersonMergeTable {
  id: Generated<number>;
  survivor_id: number;
  merged_id: number;
  reason: string;
  merged_by: number;
  merged_at: Timestamp;
  undone_by: number | null;
  undone_at: Timestamp | null;
  undo_reason: string | null;
}

/** A run of the matching engine over the person index (migration 0025). */
export interface DuplicateSearchTable {
  id: Generated<number>;
  started_at: Timestamp;
  finished_at: Timestamp;
  people_compared: number;
  pairs_found: number;
}

/** Two records the engine scores as likely the same person, lower id first (migration 0025). */
export interface DuplicatePairTable {
  id: Generated<number>;
  first_person_id: number;
  second_person_id: number;
  score: number;
  decision: 'match' | 'possible';
  reasons: Generated<string[]>;
  found_at: Timestamp;
  not_same_at: Timestamp | null;
  not_same_by: number | null;
  not_same_reason: string | null;
}

export interface FormDraftTable {
  user_id: number;
  form: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  saved_at: Timestamp;
}

export interface ConsultationTable {
  id: Generated<number>;
  consulted_at: Timestamp;
  advised_by: number;
  professional_name: string;
  professional_role: string | null;
  organisation: string;
  agency_id: number | null;
  phone: string | null;
  email: string | null;
  person_id: number | null;
  child_description: string | null;
  concerns: string;
  advice: string;
  referral_expected: boolean;
  contact_id: number | null;
  /** A child not known to us, as the professional named them (migration 0021). */
  child_name: ColumnType<string | null, string | null | undefined, string | null>;
  child_age_years: ColumnType<number | null, number | null | undefined, number | null>;
  /** CIN census assessment factors discussed, for the family's recurring themes. */
  concern_codes: ColumnType<string[], string[] | undefined, string[]>;
  /** When a referral was advised: by when a contact for the child should have arrived. */
  follow_up_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PartnerApiKeyTable {
  id: Generated<number>;
  agency_id: number;
  name: string;
  prefix: string;
  key_hash: string;
  created_by: number;
  created_at: Timestamp;
  revoked_by: number | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface ApiIdempotencyTable {
  partner_api_key_id: number;
  idempotency_key: string;
  request_hash: string;
  contact_id: number;
  created_at: Timestamp;
}

export interface AlertTable {
  id: Generated<number>;
  kind: 'immediate_risk';
  contact_id: number;
  raised_at: Timestamp;
  acknowledged_by: number | null;
  acknowledged_at: Timestamp | null;
}

export interface ContactReferenceCounterTable {
  year: number;
  last: number;
}

export type ContactChildStatus =
  | 'new'
  | 'screening'
  | 'awaiting_information'
  | 'awaiting_decision'
  | 'awaiting_authorisation'
  | 'awaiting_handover'
  | 'completed';
export type Rag = 'red' | 'amber' | 'green';

/** A child as the referrer described them, before linking to the person index. */
export interface DescribedChild {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  expectedDateOfBirth?: string;
  sex?: Sex;
  nhsNumber?: string;
  /** When the referrer knows only the child's age. */
  age?: number;
  school?: string;
}

export interface ContactChildTable {
  id: Generated<number>;
  contact_id: number;
  person_id: number | null;
  described_child: ColumnType<DescribedChild | null, string | null, string | null>;
  status: ContactChildStatus;
  rag: Rag | null;
  rag_due_at: Timestamp | null;
  decision_due_at: Timestamp;
  team_id: number | null;
  worker_id: number | null;
  completed_at: Timestamp | null;
  version: Generated<number>;
  decision_extended_to: Timestamp | null;
  decision_extension_reason: string | null;
  day_team_picked_up_at: Timestamp | null;
  day_team_picked_up_by: number | null;
  /** Set when a manager confirms a rating below red: the contact's immediate-risk tag no longer shows for this child. */
  immediate_risk_cleared_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  immediate_risk_cleared_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** What the contacts queue searches, lower-cased; kept by triggers (migration 0044), never written here. */
  search_text: ColumnType<string | null, never, never>;
}

export interface ContactConcernTable {
  contact_child_id: number;
  factor_code: string;
}

export interface DecisionTable {
  id: Generated<number>;
  contact_child_id: number;
  outcome: string;
  threshold_document_id: number | null;
  indicated_level: number | null;
  chosen_level: number | null;
  rationale: string;
  proposed_by: number | null;
  proposed_at: Timestamp;
  status: 'proposed' | 'awaiting_second_authorisation' | 'authorised' | 'returned';
  authorised_by: number | null;
  authorised_at: Timestamp | null;
  manager_comment: string | null;
  /** Every outcome chosen; `outcome` is the first (the one returns count). */
  outcomes: ColumnType<string[], string[] | undefined, string[]>;
  childs_views: string | null;
  history_considered: string | null;
  receiving_team_id: number | null;
  transfer_to: string | null;
  /** The due times the decision was measured against, as they stood when it was proposed. */
  decision_due_at: Timestamp | null;
  rag_due_at: Timestamp | null;
  /** The manager-confirmed rating the decision was proposed on. */
  rag: ColumnType<Rag | null, Rag | null | undefined, Rag | null>;
  /** Why a second authoriser must sign off (decision-rules.ts); empty when one manager is enough. */
  second_authorisation_reasons: ColumnType<string[], string[] | undefined, string[]>;
  second_authorised_by: ColumnType<number | null, number | null | undefined, number | null>;
  second_authorised_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  second_comment: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OutcomeOptionTable {
  code: string;
  label: string;
  needs_team: Generated<boolean>;
  is_referral: Generated<boolean>;
  sort_order: number;
  active: Generated<boolean>;
}

export type RagRatingKind =
  'screening' | 're_rating' | 'manager_confirmed' | 'manager_changed' | 'immediate_risk';

export interface RagRatingTable {
  id: Generated<number>;
  contact_child_id: number;
  rag: Rag;
  kind: RagRatingKind;
  rationale: string;
  due_at: Timestamp;
  rated_by: number | null;
  rated_at: Timestamp;
  /** 'pending': a lower rating for a red contact, waiting for a manager; null for a rating in effect. */
  review_status: ColumnType<
    RatingReviewStatus | null,
    RatingReviewStatus | null | undefined,
    RatingReviewStatus | null
  >;
  reviewed_by: ColumnType<number | null, number | null | undefined, number | null>;
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type RatingReviewStatus = 'pending' | 'confirmed' | 'rejected' | 'withdrawn';

export interface ThresholdAssessmentTable {
  id: Generated<number>;
  contact_child_id: number;
  threshold_document_id: number;
  descriptor_ids: ColumnType<number[], number[], number[]>;
  indicated_level: number | null;
  chosen_level: number;
  difference_reason: string | null;
  assessed_by: number;
  assessed_at: Timestamp;
}

export type InformationRequestStatus = 'open' | 'answered' | 'withdrawn';

export interface InformationRequestTable {
  id: Generated<number>;
  /** The child whose screening the request was sent from: owns it for the access layer's scope. */
  contact_child_id: number;
  /** One request per agency per contact (set from contact_child_id by the database when not given). */
  contact_id: Generated<number>;
  agency_id: number;
  question: string;
  consent_status: ConsentStatus;
  /** Older records' free-text lawful basis; since migration 0020, the detail given with the codes. */
  lawful_basis: string | null;
  lawful_basis_personal_data: string | null;
  lawful_basis_special_category: string | null;
  due_at: Timestamp;
  requested_by: number;
  requested_at: Timestamp;
  /** UK dates of requested_at, responded_at and due_at, stored by the database for the evidence base. */
  requested_on: GeneratedAlways<DateOnly>;
  responded_on: GeneratedAlways<DateOnly | null>;
  due_on: GeneratedAlways<DateOnly>;
  status: Generated<InformationRequestStatus>;
  chased_at: Timestamp | null;
  chase_count: Generated<number>;
  known_involvement: string | null;
  risks: string | null;
  strengths: string | null;
  summary: string | null;
  responded_by: number | null;
  responded_at: Timestamp | null;
  version: Generated<number>;
  /** The partner said what they shared is not for disclosure to the family. */
  not_for_disclosure: Generated<boolean>;
}

/** A person an information request asks about, and the partner's answer about them. */
export interface InformationRequestPersonTable {
  id: Generated<number>;
  information_request_id: number;
  person_id: number;
  /** Set for a child on the contact; null for an adult named on it. */
  contact_child_id: number | null;
  role: 'child' | ContactPersonTable['role'];
  relationship: string | null;
  known_involvement: string | null;
  risks: string | null;
  strengths: string | null;
}

export interface ReferrerLetterTable {
  id: Generated<number>;
  decision_id: number;
  recipient: 'referrer' | 'family';
  recipient_name: string | null;
  recipient_email: string | null;
  body: string;
  created_by: number;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  sent_by: number | null;
  sent_method: 'email' | 'post' | 'by_hand' | 'secure_portal' | null;
  email_message_id: string | null;
  /** A manager's reason for sending a family letter the safety check warned against. */
  safety_override_reason: string | null;
  safety_override_by: number | null;
  /** The safety warnings (codes) the manager overrode. */
  safety_warnings: ColumnType<string[], string[] | undefined, string[]>;
}

/** One saved version of a letter template's wording (migration 0035); version 1 is the national wording in code. */
export interface LetterTemplateVersionTable {
  id: Generated<number>;
  template_key: string;
  version: number;
  parts: Json<Record<string, string>>;
  saved_by: number;
  saved_at: Timestamp;
  reason: string | null;
}

/** Who takes the front door's work while it is closed, one row per saved version (migration 0035). */
export interface OutOfHoursArrangementTable {
  id: Generated<number>;
  version: number;
  receiving_team_id: number;
  on_call_manager_ids: ColumnType<number[], number[], number[]>;
  /** When the day team takes the overnight handover, "HH:MM" in England. */
  handover_time: string;
  saved_by: number;
  saved_at: Timestamp;
  reason: string | null;
}

export type StrategyOutcome = 'single_agency_s47' | 'joint_s47' | 'no_s47';

export interface StrategyDiscussionTable {
  id: Generated<number>;
  contact_child_id: number;
  convened_at: Timestamp;
  information_shared: string | null;
  outcome: StrategyOutcome | null;
  rationale: string | null;
  out_of_hours: Generated<boolean>;
  recorded_by: number;
  recorded_at: Timestamp;
  s47_outcome: 'icpc' | 'cin_plan' | 'no_further_action' | null;
  s47_completed_on: DateOnly | null;
  icpc_due_on: DateOnly | null;
  icpc_held_on: DateOnly | null;
  version: Generated<number>;
  /** Who owns the discussion and its section 47 enquiry (and the conference date) once recorded. */
  team_id: number;
  worker_id: number;
  /** Who chaired it (migration 0022); null for discussions recorded before the chair was asked. */
  chair_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Why a manager did not chair, when the chair was not one. */
  chair_not_manager_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export type StrategyEscalationStatus = 'open' | 'acknowledged' | 'closed';
export type StrategyEscalationOutcome =
  'reconvened' | 'information_obtained' | 'raised_with_agency' | 'no_further_action';

/** A statutory agency absent from a strategy discussion, escalated to managers (migration 0022). */
export interface StrategyEscalationTable {
  id: Generated<number>;
  strategy_discussion_id: number;
  agency_kind: 'council' | 'police' | 'health';
  raised_at: Timestamp;
  raised_by: number;
  status: Generated<StrategyEscalationStatus>;
  acknowledged_by: number | null;
  acknowledged_at: Timestamp | null;
  closed_by: number | null;
  closed_at: Timestamp | null;
  outcome: StrategyEscalationOutcome | null;
  outcome_note: string | null;
}

export interface StrategyEscalationRecipientTable {
  id: Generated<number>;
  strategy_escalation_id: number;
  user_id: number | null;
  team_id: number | null;
  notified_at: Timestamp;
}

export interface StrategyAttendeeTable {
  id: Generated<number>;
  strategy_discussion_id: number;
  agency_kind: AgencyKind;
  name: string | null;
  role: string | null;
  attended: boolean;
  absence_reason: string | null;
}

export interface StrategyActionTable {
  id: Generated<number>;
  strategy_discussion_id: number;
  action: string;
  owner: string;
  due_on: DateOnly;
  done_at: Timestamp | null;
}

export interface HandoverTable {
  id: Generated<number>;
  contact_child_id: number;
  decision_id: number | null;
  to_team_id: number;
  status: Generated<'offered' | 'accepted' | 'returned'>;
  offered_by: number;
  offered_at: Timestamp;
  responded_by: number | null;
  responded_at: Timestamp | null;
  return_reason: string | null;
  /** UK dates of offered_at and responded_at, stored by the database for the evidence base. */
  offered_on: GeneratedAlways<DateOnly>;
  responded_on: GeneratedAlways<DateOnly | null>;
}

export interface MashDiscussionTable {
  id: Generated<number>;
  contact_child_id: number;
  meeting_date: DateOnly;
  question: string;
  added_by: number;
  added_at: Timestamp;
  outcome: string | null;
  agreed_level: number | null;
  discussed_by: number | null;
  discussed_at: Timestamp | null;
  /** The meeting's minutes for this child (migration 0022). */
  minutes: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A day's MASH meeting, once its attendees are recorded (migration 0022). */
export interface MashMeetingTable {
  id: Generated<number>;
  meeting_date: DateOnly;
  recorded_by: number;
  recorded_at: Timestamp;
  version: Generated<number>;
}

export interface MashMeetingAttendeeTable {
  id: Generated<number>;
  mash_meeting_id: number;
  staff_user_id: number | null;
  name: string;
  agency_id: number;
  role: string | null;
}

/** An agency involved in a child's discussion at the meeting: its staff may open that part. */
export interface MashDiscussionAgencyTable {
  mash_discussion_id: number;
  agency_id: number;
}

export interface MashDiscussionActionTable {
  id: Generated<number>;
  mash_discussion_id: number;
  action: string;
  owner: string;
  agency_id: number | null;
  due_on: DateOnly;
}

export type OutOfHoursAccommodation =
  'at_home' | 'family_or_friends' | 'section_20' | 'police_protection' | 'hospital' | 'other';

/** The coded answers beside an out-of-hours action's text (migration 0022). */
export interface OutOfHoursCodedActionTable {
  case_note_id: number;
  child_seen: boolean;
  child_seen_at: Timestamp | null;
  child_seen_by: string | null;
  child_not_seen_reason: string | null;
  police_protection: boolean;
  police_protection_at: Timestamp | null;
  epo_sought: boolean;
  epo_sought_at: Timestamp | null;
  safety_plan_agreed: boolean;
  accommodation: OutOfHoursAccommodation;
  handed_to_day_team: boolean;
  day_team_next_steps: string | null;
}

export interface CaseNoteTable {
  id: Generated<number>;
  contact_child_id: number;
  kind: 'out_of_hours_action' | 'note';
  text: string;
  recorded_by: number;
  recorded_at: Timestamp;
  out_of_hours: Generated<boolean>;
}

export interface JourneyEventTable {
  id: Generated<number>;
  contact_child_id: number;
  kind: string;
  at: Timestamp;
  actor_id: number | null;
  out_of_hours: Generated<boolean>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface NotificationTable {
  id: Generated<number>;
  event_key: string;
  kind: string;
  contact_child_id: number | null;
  information_request_id: number | null;
  strategy_discussion_id: ColumnType<number | null, number | null | undefined, number | null>;
  team_id: number | null;
  user_id: number | null;
  message: string;
  raised_at: Timestamp;
  read_at: Timestamp | null;
}

export interface ReferralTable {
  id: Generated<number>;
  contact_child_id: number;
  person_id: number;
  referral_date: DateOnly;
  referral_source: string;
  is_rereferral: boolean;
  closed_date: DateOnly | null;
  closure_reason: string | null;
}

export type InvolvementKind =
  | 'early_help'
  | 'child_in_need'
  | 'child_protection_plan'
  | 'looked_after'
  /** A child and family assessment (section 17), opened when the assessment team accepts the child. */
  | 'assessment'
  /** A section 47 enquiry, opened when the receiving team accepts the child. */
  | 'section_47';

export interface InvolvementTable {
  id: Generated<number>;
  person_id: number;
  kind: InvolvementKind;
  started_on: DateOnly;
  ended_on: DateOnly | null;
  team_id: number | null;
  worker_id: number | null;
  referral_id: number | null;
  /** For an assessment (or a section 47 enquiry): 45 working days from the referral. */
  assessment_due_on: ColumnType<DateOnly | null, DateOnly | null | undefined, DateOnly | null>;
  /** The accepted handover that opened it. */
  handover_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A record created while a restricted record its maker could not see may be the same child. */
export interface RestrictedMatchReviewTable {
  id: Generated<number>;
  person_id: number;
  restricted_person_id: number;
  contact_child_id: number | null;
  raised_by: number;
  raised_at: Timestamp;
  decision: 'same_child' | 'different_child' | null;
  note: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
}

/** Who recorded an onward record and when, and who last changed it (migration 0013). */
interface OnwardRecorded {
  recorded_by: number;
  recorded_at: Timestamp;
  updated_by: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  version: Generated<number>;
}

/** A referral to children's social care, from referral to closure (census CINdetails). */
export interface CinEpisodeTable extends OnwardRecorded {
  id: Generated<number>;
  person_id: number;
  referral_id: number | null;
  contact_child_id: number | null;
  referral_date: DateOnly;
  referral_source: string;
  referral_nfa: Generated<boolean>;
  primary_need_code: string | null;
  closure_date: DateOnly | null;
  closure_reason: string | null;
}

export type AssessmentOutcome =
  'no_further_action' | 'early_help' | 'cin_plan' | 'strategy_discussion' | 'other_services';

export interface CinAssessmentTable extends OnwardRecorded {
  id: Generated<number>;
  episode_id: number;
  started_on: DateOnly;
  child_seen_on: DateOnly | null;
  authorised_on: DateOnly | null;
  factors: ColumnType<string[], string[] | undefined, string[]>;
  outcome: AssessmentOutcome | null;
}

export interface Section47EnquiryTable extends OnwardRecorded {
  id: Generated<number>;
  episode_id: number;
  strategy_discussion_id: number | null;
  started_on: DateOnly;
  icpc_target_on: DateOnly | null;
  icpc_not_required: Generated<boolean>;
  completed_on: DateOnly | null;
  outcome: 'icpc' | 'cin_plan' | 'no_further_action' | null;
}

export interface ChildProtectionPlanTable extends OnwardRecorded {
  id: Generated<number>;
  episode_id: number;
  started_on: DateOnly;
  ended_on: DateOnly | null;
  initial_category: string;
  latest_category: string;
}

export interface ChildProtectionConferenceTable {
  id: Generated<number>;
  episode_id: number;
  kind: 'initial' | 'review';
  held_on: DateOnly;
  section_47_enquiry_id: number | null;
  child_protection_plan_id: number | null;
  resulted_in_plan: boolean | null;
  recorded_by: number;
  recorded_at: Timestamp;
}

export interface CinPlanTable extends OnwardRecorded {
  id: Generated<number>;
  episode_id: number;
  started_on: DateOnly;
  ended_on: DateOnly | null;
}

export interface EarlyHelpRecordTable extends OnwardRecorded {
  id: Generated<number>;
  person_id: number;
  contact_child_id: number | null;
  kind: 'assessment' | 'episode';
  started_on: DateOnly;
  completed_on: DateOnly | null;
  organisation: string;
}

/** A published figure the performance pages compare with (migration 0016). */
export interface ComparatorFigureTable {
  area: string;
  measure: string;
  period: string;
  value: ColumnType<string, number, number>;
  source: string;
}

/** One day's CIN census check of a collection year, with its totals (migration 0014). */
export interface ReadinessRunTable {
  id: Generated<number>;
  collection_year: number;
  run_date: DateOnly;
  run_at: Timestamp;
  ran_by: number | null;
  children: number;
  errors: number;
  queries: number;
}

/** What the latest check found, and the team that fixes each finding (null: no team). */
export interface ReadinessFindingTable {
  id: Generated<number>;
  run_id: number;
  person_id: number | null;
  episode_id: number | null;
  team_id: number | null;
  code: string;
  severity: 'error' | 'query';
  fields: string[];
  value: string | null;
  message: string;
}

/** The performance pages' facts: one row per child per contact, kept current from the queue (migration 0015). */
export interface InsightFactTable {
  contact_child_id: number;
  contact_id: number;
  /** The child's record after merges; null while not linked. */
  person_id: number | null;
  received_at: Timestamp;
  received_date: DateOnly;
  channel: ContactChannel;
  out_of_hours: boolean;
  referral_source: string;
  referrer_agency_id: number | null;
  team_id: number | null;
  locality_id: number | null;
  age_band: string | null;
  sex: Sex | null;
  ethnic_group: string;
  disability: 'yes' | 'no' | 'not_recorded';
  repeat_contact: boolean;
  decision_id: number | null;
  proposed_at: Timestamp | null;
  decided_at: Timestamp | null;
  decision_date: DateOnly | null;
  outcome: string | null;
  indicated_level: number | null;
  chosen_level: number | null;
  decision_due_at: Timestamp;
  rag_due_at: Timestamp | null;
  referral_id: number | null;
  referral_date: DateOnly | null;
  is_rereferral: boolean | null;
  referral_day: number | null;
  assessment_started_on: DateOnly | null;
  assessment_authorised_on: DateOnly | null;
  assessment_working_days: number | null;
  s47_started_on: DateOnly | null;
  icpc_held_on: DateOnly | null;
  icpc_working_days: number | null;
  cp_plan_started_on: DateOnly | null;
  /** The presenting needs (contact_concern factor codes). */
  concerns: string[];
}

/** Contact-children whose facts are stale, added by triggers on the tables the facts are read from. */
export interface InsightFactQueueTable {
  contact_child_id: number;
}

/** The council's working days as a running count: working days after a up to b = index(b) - index(a). */
export interface InsightWorkingDayTable {
  day: DateOnly;
  working_index: number;
}

export interface InsightStateTable {
  key: string;
  value: string;
}

/** Moved on whenever a fact placed in that month (by that basis's date) changes. */
export interface InsightMonthVersionTable {
  basis: string;
  month: DateOnly;
  version: ColumnType<string, string | number, string | number>;
}

/** Months of facts deleted with their contact-child, for the next refresh to give new versions. */
export interface InsightMonthStaleTable {
  basis: string;
  month: DateOnly;
}

/** The filter dimensions of a request's or handover's contact-child, as its fact has them (migration 0034). */
interface InsightLinkedDimensions {
  person_id: number | null;
  locality_id: number | null;
  team_id: number | null;
  referrer_agency_id: number | null;
  age_band: string | null;
  sex: Sex | null;
  ethnic_group: string | null;
  disability: 'yes' | 'no' | 'not_recorded' | null;
}

/** An information request as the timeliness measures count it, with its contact-child's filters. */
export interface InsightRequestTable extends InsightLinkedDimensions {
  id: number;
  contact_child_id: number;
  agency_id: number;
  status: InformationRequestStatus;
  requested_at: Timestamp;
  responded_at: Timestamp | null;
  due_at: Timestamp;
  requested_on: DateOnly;
  responded_on: DateOnly | null;
  due_on: DateOnly;
}

/** A handover as the timeliness measures count it, with its contact-child's filters. */
export interface InsightHandoverTable extends InsightLinkedDimensions {
  id: number;
  contact_child_id: number;
  to_team_id: number;
  status: 'offered' | 'accepted' | 'returned';
  offered_at: Timestamp;
  responded_at: Timestamp | null;
  offered_on: DateOnly;
  responded_on: DateOnly | null;
}

/** Contact-children whose requests or handovers changed, for the next refresh to summarise again. */
export interface InsightLinkedQueueTable {
  contact_child_id: number;
}

// --- Case audits (migration 0017) ---
export type AuditGradeValue = 'outstanding' | 'good' | 'requires_improvement' | 'inadequate';

export interface AuditFormTable {
  id: Generated<number>;
  /** Shared by every version of one form (migration 0024). */
  code: string;
  title: string;
  description: string;
  /** An audit keeps the version it was started on; a used form is changed by adding a version (0024). */
  version: Generated<number>;
  created_by: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  retired_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AuditQuestionTable {
  id: Generated<number>;
  form_id: number;
  position: number;
  /** 'partner': answered by each partner agency taking part in a multi-agency audit. */
  part: 'council' | 'partner';
  question: string;
  guidance: string;
  /** False: answered in words only, with no grade (migration 0024). */
  graded: Generated<boolean>;
  /** A partner question's kind of agency; null: every partner agency taking part (migration 0024). */
  agency_kind: ColumnType<AgencyKind | null, AgencyKind | null | undefined, AgencyKind | null>;
}

export interface DipSampleTable {
  id: Generated<number>;
  form_id: number;
  drawn_by: number;
  drawn_at: Timestamp;
  seed: ColumnType<number, number, number>;
  period_from: DateOnly;
  period_to: DateOnly;
  size: number;
  population: number;
  due_on: DateOnly;
  criteria: Json<Record<string, unknown>>;
}

export interface CaseAuditTable {
  id: Generated<number>;
  form_id: number;
  contact_child_id: number;
  sample_id: number | null;
  re_audit_of: number | null;
  auditor_id: number;
  assigned_by: number;
  assigned_at: Timestamp;
  due_on: DateOnly;
  status: ColumnType<'assigned' | 'draft' | 'completed', 'assigned' | 'draft' | 'completed' | undefined>;
  grade: AuditGradeValue | null;
  comment: string | null;
  auditor_level: number | null;
  auditor_outcome: string | null;
  completed_at: Timestamp | null;
  /** A senior moderator's grade: where present it is the one that counts. */
  moderated_grade: AuditGradeValue | null;
  moderation_reason: string | null;
  moderated_by: number | null;
  moderated_at: Timestamp | null;
  version: Generated<number>;
}

export interface CaseAuditPartTable {
  id: Generated<number>;
  audit_id: number;
  /** Null for the council's own part. */
  agency_id: number | null;
  completed_by: number | null;
  completed_at: Timestamp | null;
}

export interface CaseAuditAnswerTable {
  part_id: number;
  question_id: number;
  grade: AuditGradeValue | null;
  comment: Generated<string>;
}

export interface CaseAuditActionTable {
  id: Generated<number>;
  audit_id: number;
  description: string;
  owner_id: number;
  due_on: DateOnly;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined>;
  created_by: number;
  created_at: Timestamp;
  done_at: Timestamp | null;
  chased_at: Timestamp | null;
}

export interface CaseAuditThemeTable {
  audit_id: number;
  theme: string;
}

// --- Workforce (migration 0018) ---
/** A team's posts from a date, until its next row: vacancies are the posts permanent staff do not fill. */
export interface TeamEstablishmentTable {
  id: Generated<number>;
  team_id: number;
  effective_from: DateOnly;
  /** Full-time equivalent posts. */
  practitioner_posts: number;
  manager_posts: number;
  /** How often each member of the team should have supervision. */
  supervision_every_weeks: number;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export type EmploymentType = 'permanent' | 'agency';

/** How a member of staff is employed and since when they have worked in their team. */
export interface StaffEmploymentTable {
  staff_user_id: number;
  employment_type: EmploymentType;
  started_on: DateOnly;
  fte: number;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

/** A supervision a member of staff had (the date only: its notes are kept in the HR system). */
export interface SupervisionTable {
  id: Generated<number>;
  staff_user_id: number;
  held_on: DateOnly;
  supervisor_id: number | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

// --- Self-evaluation (migration 0019) ---

export type SefStatus = 'draft' | 'final';

/** A self-evaluation of the front door for a period (the Yorkshire and Humber framework). */
export interface SefTable {
  id: Generated<number>;
  /** How the period is known, e.g. '2026-27'. */
  period_label: string;
  period_from: DateOnly;
  period_to: DateOnly;
  lead_user_id: number;
  status: ColumnType<SefStatus, SefStatus | undefined, SefStatus>;
  finalised_at: Timestamp | null;
  version: Generated<number>;
  created_by: number;
  created_at: DefaultedTimestamp;
}

/** One contributor's narrative in an area of a SEF; its text is the latest of its versions. */
export interface SefEntryTable {
  id: Generated<number>;
  sef_id: number;
  area: string;
  author_user_id: number;
  /** The author's agency: a partner's entry is labelled with it. */
  agency_id: number;
  version: Generated<number>;
  created_at: Timestamp;
}

/** Every version of an entry's text: an edit adds one, nothing is overwritten. */
export interface SefEntryVersionTable {
  entry_id: number;
  version: number;
  text: string;
  written_by: number;
  agency_id: number;
  written_at: Timestamp;
}

export interface SefChecklistAnswerTable {
  sef_id: number;
  /** The checklist item's letter, 'a' to 'p'. */
  item: string;
  met: boolean;
  note: string | null;
  answered_by: number;
  answered_at: Timestamp;
}

export interface SefPriorityTable {
  id: Generated<number>;
  sef_id: number;
  /** The framework area it is about; null for the front door as a whole. */
  area: string | null;
  text: string;
  /** Who owns it, in words: earlier priorities; later ones name a member of staff (owner_id). */
  owner: ColumnType<string | null, string | null | undefined, string | null>;
  owner_id: ColumnType<number | null, number | null | undefined, number | null>;
  due_on: DateOnly;
  created_by: number;
  created_at: Timestamp;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_by: ColumnType<number | null, number | null | undefined, number | null>;
  chased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  version: Generated<number>;
}

export interface Database {
  council: CouncilTable;
  staff_set_up_link: StaffSetUpLinkTable;
  first_run_code: FirstRunCodeTable;
  locality: LocalityTable;
  comparator_figure: ComparatorFigureTable;
  agency: AgencyTable;
  team: TeamTable;
  staff_user: StaffUserTable;
  user_session: UserSessionTable;
  sign_in_attempt: SignInAttemptTable;
  rate_limit_hit: RateLimitHitTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  legal_hold: LegalHoldTable;
  retention_tombstone: RetentionTombstoneTable;
  address: AddressTable;
  household: HouseholdTable;
  person: PersonTable;
  household_member: HouseholdMemberTable;
  record_access_grant: RecordAccessGrantTable;
  record_share: RecordShareTable;
  threshold_document: ThresholdDocumentTable;
  threshold_document_use: ThresholdDocumentUseTable;
  threshold_level: ThresholdLevelTable;
  threshold_descriptor: ThresholdDescriptorTable;
  contact: ContactTable;
  contact_child: ContactChildTable;
  contact_concern: ContactConcernTable;
  decision: DecisionTable;
  referral: ReferralTable;
  involvement: InvolvementTable;
  restricted_match_review: RestrictedMatchReviewTable;
  break_glass_access: BreakGlassAccessTable;
  contact_person: ContactPersonTable;
  contact_named_adult: ContactNamedAdultTable;
  person_link_decision: PersonLinkDecisionTable;
  person_relationship: PersonRelationshipTable;
  person_merge: PersonMergeTable;
  person_merge_relationship: PersonMergeRelationshipTable;
  duplicate_search: DuplicateSearchTable;
  duplicate_pair: DuplicatePairTable;
  form_draft: FormDraftTable;
  consultation: ConsultationTable;
  partner_api_key: PartnerApiKeyTable;
  api_idempotency: ApiIdempotencyTable;
  alert: AlertTable;
  contact_reference_counter: ContactReferenceCounterTable;
  outcome_option: OutcomeOptionTable;
  rag_rating: RagRatingTable;
  threshold_assessment: ThresholdAssessmentTable;
  information_request: InformationRequestTable;
  information_request_person: InformationRequestPersonTable;
  referrer_letter: ReferrerLetterTable;
  letter_template_version: LetterTemplateVersionTable;
  out_of_hours_arrangement: OutOfHoursArrangementTable;
  strategy_discussion: StrategyDiscussionTable;
  strategy_attendee: StrategyAttendeeTable;
  strategy_escalation: StrategyEscalationTable;
  strategy_escalation_recipient: StrategyEscalationRecipientTable;
  strategy_action: StrategyActionTable;
  handover: HandoverTable;
  mash_discussion: MashDiscussionTable;
  mash_meeting: MashMeetingTable;
  mash_meeting_attendee: MashMeetingAttendeeTable;
  mash_discussion_agency: MashDiscussionAgencyTable;
  mash_discussion_action: MashDiscussionActionTable;
  out_of_hours_coded_action: OutOfHoursCodedActionTable;
  case_note: CaseNoteTable;
  journey_event: JourneyEventTable;
  notification: NotificationTable;
  cin_episode: CinEpisodeTable;
  cin_assessment: CinAssessmentTable;
  section_47_enquiry: Section47EnquiryTable;
  child_protection_plan: ChildProtectionPlanTable;
  child_protection_conference: ChildProtectionConferenceTable;
  cin_plan: CinPlanTable;
  early_help_record: EarlyHelpRecordTable;
  insight_fact: InsightFactTable;
  insight_fact_queue: InsightFactQueueTable;
  insight_request: InsightRequestTable;
  insight_handover: InsightHandoverTable;
  insight_linked_queue: InsightLinkedQueueTable;
  insight_working_day: InsightWorkingDayTable;
  // case audits (0017)
  audit_form: AuditFormTable;
  audit_question: AuditQuestionTable;
  dip_sample: DipSampleTable;
  case_audit: CaseAuditTable;
  case_audit_part: CaseAuditPartTable;
  case_audit_answer: CaseAuditAnswerTable;
  case_audit_action: CaseAuditActionTable;
  case_audit_theme: CaseAuditThemeTable;
  // workforce (0018)
  team_establishment: TeamEstablishmentTable;
  staff_employment: StaffEmploymentTable;
  supervision: SupervisionTable;
  // self-evaluation (0019)
  sef: SefTable;
  sef_entry: SefEntryTable;
  sef_entry_version: SefEntryVersionTable;
  sef_checklist_answer: SefChecklistAnswerTable;
  sef_priority: SefPriorityTable;
  insight_state: InsightStateTable;
  insight_month_version: InsightMonthVersionTable;
  insight_month_stale: InsightMonthStaleTable;
  readiness_run: ReadinessRunTable;
  readiness_finding: ReadinessFindingTable;
  matching_model: MatchingModelTable;
  imported_record: ImportedRecordTable;
}

export type StaffUser = Selectable<StaffUserTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
