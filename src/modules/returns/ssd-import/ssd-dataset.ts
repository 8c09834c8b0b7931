import {
  ASSESSMENT_FACTOR_CODES,
  CATEGORY_OF_ABUSE_CODES,
  DISABILITY_CODES,
  ETHNICITY_CODES,
  PRIMARY_NEED_CODES,
  REASON_FOR_CLOSURE_CODES,
  REFERRAL_SOURCE_CODES,
  UPN_UNKNOWN_CODES,
} from '../cin-census/code-lists.ts';
import type { AssessmentOutcome, InvolvementKind } from '../../../platform/db/schema.ts';
import {
  readCode,
  readCodes,
  readDate,
  readFlag,
  readInstant,
  readNhsNumber,
  readOutcomeFlags,
  readSex,
  readUpn,
  type Read,
} from './ssd-values.ts';

/*
 * Pure validation of a Standard Safeguarding Dataset extract, row by row: required fields, dates, codes
 * against the lists the returns use, and references between tables (a row naming a person, referral,
 * enquiry or plan that neither the extract nor an earlier import holds is refused). The answer is the
 * rows Front Door can hold, typed, and every refusal with its file, row number, column and reason.
 * Tables and columns are data-to-insight's (reference/ssd-objects.md); a column we hold nothing for
 * is ignored, a column we need and do not find refuses the row that needs it.
 */

/** A file's records: the header, then the rows (as parseCsv answers them). */
export type SsdFiles = Partial<Record<SsdTableName, string[][]>>;

export const SSD_IMPORT_TABLES = [
  'ssd_person',
  'ssd_disability',
  'ssd_linked_identifiers',
  'ssd_address',
  'ssd_family',
  'ssd_contacts',
  'ssd_early_help_episodes',
  'ssd_cin_episodes',
  'ssd_cin_assessments',
  'ssd_assessment_factors',
  'ssd_cin_plans',
  'ssd_s47_enquiry',
  'ssd_initial_cp_conference',
  'ssd_cp_plans',
  'ssd_cp_reviews',
  'ssd_involvements',
] as const;

export type SsdTableName = (typeof SSD_IMPORT_TABLES)[number];

export interface Refusal {
  file: string;
  /** The row's number in the file, the header being row 1. */
  row: number;
  column: string;
  reason: string;
}

export interface PersonRow {
  sourceId: string;
  givenName: string;
  familyName: string;
  sex: 'M' | 'F' | 'U';
  ethnicity: string | null;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  dateOfDeath: string | null;
  nhsNumber: string | null;
  upnUnknownReason: string | null;
  disabilities: string[] | null;
  upn: string | null;
  formerUpn: string | null;
  address: AddressRow | null;
}

export interface AddressRow {
  line1: string;
  line2: string | null;
  town: string;
  postcode: string;
}

export interface FamilyRow {
  sourceId: string;
  familyId: string;
  personId: string;
}

export interface ContactRow {
  sourceId: string;
  personId: string;
  receivedAt: Date;
  source: string;
}

export interface EarlyHelpRow {
  sourceId: string;
  personId: string;
  startedOn: string;
  endedOn: string | null;
  organisation: string;
}

export interface EpisodeRow {
  sourceId: string;
  personId: string;
  referralDate: string;
  source: string;
  primaryNeed: string | null;
  nfa: boolean;
  closureDate: string | null;
  closureReason: string | null;
}

export interface AssessmentRow {
  sourceId: string;
  episodeId: string;
  startedOn: string;
  authorisedOn: string | null;
  outcome: AssessmentOutcome | null;
  factors: string[];
}

export interface CinPlanRow {
  sourceId: string;
  episodeId: string;
  startedOn: string;
  endedOn: string | null;
}

export interface EnquiryRow {
  sourceId: string;
  episodeId: string;
  startedOn: string;
  completedOn: string | null;
  outcome: 'icpc' | 'cin_plan' | 'no_further_action' | null;
  /** From the initial conference's row, when there is one. */
  icpcTargetOn: string | null;
}

export interface ConferenceRow {
  sourceId: string;
  episodeId: string;
  enquiryId: string | null;
  heldOn: string;
  resultedInPlan: boolean | null;
}

export interface ProtectionPlanRow {
  sourceId: string;
  episodeId: string;
  startedOn: string;
  endedOn: string | null;
  initialCategory: string;
  latestCategory: string;
}

export interface ReviewRow {
  sourceId: string;
  planId: string;
  heldOn: string;
}

export interface InvolvementRow {
  sourceId: string;
  personId: string;
  kind: InvolvementKind;
  startedOn: string;
  endedOn: string | null;
}

export interface SsdDataset {
  people: PersonRow[];
  families: FamilyRow[];
  contacts: ContactRow[];
  earlyHelp: EarlyHelpRow[];
  episodes: EpisodeRow[];
  assessments: AssessmentRow[];
  cinPlans: CinPlanRow[];
  enquiries: EnquiryRow[];
  conferences: ConferenceRow[];
  protectionPlans: ProtectionPlanRow[];
  reviews: ReviewRow[];
  involvements: InvolvementRow[];
}

/** Source ids an earlier import already brought across, by SSD table: rows may refer to them. */
export type KnownIds = Partial<Record<SsdTableName, ReadonlySet<string>>>;

/** One file's rows as field maps, with their row numbers; refusals for a missing required column. */
class Table {
  readonly rows: { at: number; get: (column: string) => string }[] = [];
  constructor(
    readonly name: SsdTableName,
    records: string[][] | undefined
  ) {
    if (!records || records.length === 0) return;
    const [header, ...rest] = records;
    const position = new Map(header!.map((field, index) => [field.trim().toLowerCase(), index]));
    rest.forEach((record, index) =>
      this.rows.push({
        at: index + 2,
        get: (column) => {
          const at = position.get(column);
          return at === undefined ? '' : (record[at] ?? '').trim();
        },
      })
    );
  }
}

/** Reads one row's fields, noting each refusal; `ok` is false once any field was refused. */
class RowReader {
  ok = true;
  constructor(
    private readonly file: string,
    private readonly at: number,
    readonly get: (column: string) => string,
    private readonly refusals: Refusal[]
  ) {}

  refuse(column: string, reason: string): void {
    this.ok = false;
    this.refusals.push({ file: `${this.file}.csv`, row: this.at, column, reason });
  }

  required(column: string): string {
    const value = this.get(column);
    if (value === '') this.refuse(column, 'is required');
    return value;
  }

  optional(column: string): string | null {
    return this.get(column) || null;
  }

  /** A field read with `reader`; empty is null, or refused when required. */
  read<T>(column: string, reader: (text: string) => Read<T>, required = false): T | null {
    const text = required ? this.required(column) : this.get(column);
    if (text === '') return null;
    const read = reader(text);
    if (read.ok) return read.value;
    this.refuse(column, read.reason);
    return null;
  }

  /** An id naming a row of another table: refused when neither the extract nor an earlier import has it. */
  reference(column: string, target: ReadonlySet<string>, targetName: string, required = true): string | null {
    const id = required ? this.required(column) : this.get(column);
    if (id === '') return null;
    if (!target.has(id)) this.refuse(column, `names ${targetName} that is not in the extract`);
    return id;
  }

  /** Refused when the end comes before the start. */
  inOrder(startColumn: string, start: string | null, endColumn: string, end: string | null): void {
    if (start && end && end < start) this.refuse(endColumn, `is before ${startColumn}`);
  }
}

const code = (codes: ReadonlySet<string>, list: string) => (text: string) => readCode(text, codes, list);

/** Validates every table of the extract; rows already imported (by source id) are left out, unrefused. */
export function validateDataset(
  files: SsdFiles,
  known: KnownIds = {}
): { dataset: SsdDataset; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const tables = Object.fromEntries(
    SSD_IMPORT_TABLES.map((name) => [name, new Table(name, files[name])])
  ) as Record<SsdTableName, Table>;
  const idsOf = (name: SsdTableName, idColumn: string): Set<string> => {
    const ids = new Set(known[name] ?? []);
    for (const row of tables[name].rows) if (row.get(idColumn)) ids.add(row.get(idColumn));
    return ids;
  };
  const personIds = idsOf('ssd_person', 'pers_person_id');
  const episodeIds = idsOf('ssd_cin_episodes', 'cine_referral_id');
  const enquiryIds = idsOf('ssd_s47_enquiry', 's47e_s47_enquiry_id');
  const planIds = idsOf('ssd_cp_plans', 'cppl_cp_plan_id');

  /** Each new row of a table, read by `read`; answers the rows read without refusal. */
  function each<T>(name: SsdTableName, idColumn: string | null, read: (row: RowReader) => T): T[] {
    const accepted: T[] = [];
    const seen = new Set<string>();
    for (const { at, get } of tables[name].rows) {
      const row = new RowReader(name, at, get, refusals);
      if (idColumn) {
        const id = row.required(idColumn);
        if (id && known[name]?.has(id)) continue;
        if (id && seen.has(id)) row.refuse(idColumn, 'appears twice in the file');
        seen.add(id);
      }
      const value = read(row);
      if (row.ok) accepted.push(value);
    }
    return accepted;
  }

  const disabilities = new Map<string, string[]>();
  each('ssd_disability', null, (row) => {
    const person = row.reference('disa_person_id', personIds, 'a person');
    const codes = row.read(
      'disa_disability_code',
      (text) => readCodes(text, DISABILITY_CODES, 'disability'),
      true
    );
    if (person && codes) disabilities.set(person, [...(disabilities.get(person) ?? []), ...codes]);
  });
  const identifiers = new Map<string, { upn?: string; formerUpn?: string }>();
  each('ssd_linked_identifiers', null, (row) => {
    const person = row.reference('link_person_id', personIds, 'a person');
    const type = row.required('link_identifier_type').toLowerCase();
    const isFormer = type.includes('former');
    if (!type.includes('pupil number') || !person) return; // other identifiers we do not hold
    const upn = row.read('link_identifier_value', readUpn, true);
    if (upn) identifiers.set(person, { ...identifiers.get(person), [isFormer ? 'formerUpn' : 'upn']: upn });
  });
  const addresses = new Map<string, AddressRow>();
  each('ssd_address', null, (row) => {
    const person = row.reference('addr_person_id', personIds, 'a person');
    if (row.get('addr_address_end_date')) return; // a past address: we keep the current one only
    const postcode = row.required('addr_address_postcode').toUpperCase();
    const parts = addressParts(row.get('addr_address_json'));
    if (!parts) row.refuse('addr_address_json', 'is not an address in JSON');
    else if (!parts.line1 || !parts.town) row.refuse('addr_address_json', 'has no street or town');
    if (person && parts && row.ok) addresses.set(person, { ...parts, postcode });
  });

  const people = each('ssd_person', 'pers_person_id', (row): PersonRow => {
    const sourceId = row.get('pers_person_id');
    const dateOfBirth = row.read('pers_dob', readDate);
    const expectedDateOfBirth = row.read('pers_expected_dob', readDate);
    if (!row.get('pers_dob') && !row.get('pers_expected_dob'))
      row.refuse('pers_dob', 'is required (or pers_expected_dob)');
    const dateOfDeath = row.read('pers_death_date', readDate);
    row.inOrder('pers_dob', dateOfBirth, 'pers_death_date', dateOfDeath);
    const ids = identifiers.get(sourceId);
    return {
      sourceId,
      givenName: row.get('pers_forename'),
      familyName: row.required('pers_surname'),
      sex: row.read('pers_sex', readSex, true) ?? 'U',
      ethnicity: row.read('pers_ethnicity', code(ETHNICITY_CODES, 'ethnicity')),
      dateOfBirth,
      expectedDateOfBirth: dateOfBirth ? null : expectedDateOfBirth,
      dateOfDeath,
      nhsNumber: row.read('pers_common_child_id', readNhsNumber),
      upnUnknownReason: row.read('pers_upn_unknown', code(UPN_UNKNOWN_CODES, 'UPN unknown')),
      disabilities: disabilities.get(sourceId) ?? null,
      upn: ids?.upn ?? null,
      formerUpn: ids?.formerUpn ?? null,
      address: addresses.get(sourceId) ?? null,
    };
  });

  const families = each('ssd_family', null, (row): FamilyRow => {
    const familyId = row.required('fami_family_id');
    const personId = row.reference('fami_person_id', personIds, 'a person') ?? '';
    return { sourceId: row.get('fami_table_id') || `${familyId}-${personId}`, familyId, personId };
  }).filter((family) => !known.ssd_family?.has(family.sourceId));

  const contacts = each('ssd_contacts', 'cont_contact_id', (row): ContactRow => ({
    sourceId: row.get('cont_contact_id'),
    personId: row.reference('cont_person_id', personIds, 'a person') ?? '',
    receivedAt: row.read('cont_contact_date', readInstant, true) ?? new Date(0),
    source: row.read('cont_contact_source_code', code(REFERRAL_SOURCE_CODES, 'referral source'), true) ?? '',
  }));

  const earlyHelp = each('ssd_early_help_episodes', 'earl_episode_id', (row): EarlyHelpRow => {
    const startedOn = row.read('earl_episode_start_date', readDate, true) ?? '';
    const endedOn = row.read('earl_episode_end_date', readDate);
    row.inOrder('earl_episode_start_date', startedOn, 'earl_episode_end_date', endedOn);
    return {
      sourceId: row.get('earl_episode_id'),
      personId: row.reference('earl_person_id', personIds, 'a person') ?? '',
      startedOn,
      endedOn,
      organisation: row.get('earl_episode_organisation') || 'Not recorded in the source system',
    };
  });

  const episodes = each('ssd_cin_episodes', 'cine_referral_id', (row): EpisodeRow => {
    const referralDate = row.read('cine_referral_date', readDate, true) ?? '';
    const closureDate = row.read('cine_close_date', readDate);
    row.inOrder('cine_referral_date', referralDate, 'cine_close_date', closureDate);
    const closureReason = row.read('cine_close_reason', code(REASON_FOR_CLOSURE_CODES, 'reason for closure'));
    if (closureDate && !closureReason)
      row.refuse('cine_close_reason', 'is required when the episode is closed');
    return {
      sourceId: row.get('cine_referral_id'),
      personId: row.reference('cine_person_id', personIds, 'a person') ?? '',
      referralDate,
      source:
        row.read('cine_referral_source_code', code(REFERRAL_SOURCE_CODES, 'referral source'), true) ?? '',
      primaryNeed: row.read('cine_cin_primary_need_code', code(PRIMARY_NEED_CODES, 'primary need')),
      nfa: row.read('cine_referral_nfa', readFlag) ?? false,
      closureDate,
      closureReason: closureDate ? closureReason : null,
    };
  });

  const factors = new Map<string, string[]>();
  each('ssd_assessment_factors', null, (row) => {
    const assessment = row.required('cinf_assessment_id');
    const codes = row.read(
      'cinf_assessment_factors_json',
      (text) => readCodes(text, ASSESSMENT_FACTOR_CODES, 'assessment factor'),
      true
    );
    if (assessment && codes) factors.set(assessment, [...(factors.get(assessment) ?? []), ...codes]);
  });

  const assessments = each('ssd_cin_assessments', 'cina_assessment_id', (row): AssessmentRow => {
    const startedOn = row.read('cina_assessment_start_date', readDate, true) ?? '';
    const authorisedOn = row.read('cina_assessment_auth_date', readDate);
    row.inOrder('cina_assessment_start_date', startedOn, 'cina_assessment_auth_date', authorisedOn);
    const flags = row.read('cina_assessment_outcome_json', readOutcomeFlags);
    const sourceId = row.get('cina_assessment_id');
    return {
      sourceId,
      episodeId: row.reference('cina_referral_id', episodeIds, 'a referral') ?? '',
      startedOn,
      authorisedOn,
      outcome: flags ? assessmentOutcomeOf(flags) : null,
      factors: factors.get(sourceId) ?? [],
    };
  });

  const cinPlans = each('ssd_cin_plans', 'cinp_cin_plan_id', (row): CinPlanRow => {
    const startedOn = row.read('cinp_cin_plan_start_date', readDate, true) ?? '';
    const endedOn = row.read('cinp_cin_plan_end_date', readDate);
    row.inOrder('cinp_cin_plan_start_date', startedOn, 'cinp_cin_plan_end_date', endedOn);
    return {
      sourceId: row.get('cinp_cin_plan_id'),
      episodeId: row.reference('cinp_referral_id', episodeIds, 'a referral') ?? '',
      startedOn,
      endedOn,
    };
  });

  const targets = new Map<string, string>();
  const conferences = each('ssd_initial_cp_conference', 'icpc_icpc_id', (row): ConferenceRow | null => {
    const enquiryId = row.reference('icpc_s47_enquiry_id', enquiryIds, 'a section 47 enquiry', false);
    const target = row.read('icpc_icpc_target_date', readDate);
    if (enquiryId && target) targets.set(enquiryId, target);
    const heldOn = row.read('icpc_icpc_date', readDate);
    const episodeId = row.reference('icpc_referral_id', episodeIds, 'a referral') ?? '';
    // A conference planned but not yet held only dates its enquiry's target.
    if (!heldOn) return null;
    return {
      sourceId: row.get('icpc_icpc_id'),
      episodeId,
      enquiryId,
      heldOn,
      resultedInPlan: row.read('icpc_icpc_outcome_cp_flag', readFlag),
    };
  }).filter((conference): conference is ConferenceRow => conference !== null);

  const enquiries = each('ssd_s47_enquiry', 's47e_s47_enquiry_id', (row): EnquiryRow => {
    const startedOn = row.read('s47e_s47_start_date', readDate, true) ?? '';
    const completedOn = row.read('s47e_s47_end_date', readDate);
    row.inOrder('s47e_s47_start_date', startedOn, 's47e_s47_end_date', completedOn);
    const flags = row.read('s47e_s47_outcome_json', readOutcomeFlags);
    const nfa = row.read('s47e_s47_nfa', readFlag);
    const sourceId = row.get('s47e_s47_enquiry_id');
    return {
      sourceId,
      episodeId: row.reference('s47e_referral_id', episodeIds, 'a referral') ?? '',
      startedOn,
      completedOn,
      outcome: enquiryOutcomeOf(flags ?? {}, nfa),
      icpcTargetOn: targets.get(sourceId) ?? null,
    };
  });

  const protectionPlans = each('ssd_cp_plans', 'cppl_cp_plan_id', (row): ProtectionPlanRow => {
    const startedOn = row.read('cppl_cp_plan_start_date', readDate, true) ?? '';
    const endedOn = row.read('cppl_cp_plan_end_date', readDate);
    row.inOrder('cppl_cp_plan_start_date', startedOn, 'cppl_cp_plan_end_date', endedOn);
    const category = code(CATEGORY_OF_ABUSE_CODES, 'category of abuse');
    const initialCategory = row.read('cppl_cp_plan_initial_category', category, true) ?? '';
    return {
      sourceId: row.get('cppl_cp_plan_id'),
      episodeId: row.reference('cppl_referral_id', episodeIds, 'a referral') ?? '',
      startedOn,
      endedOn,
      initialCategory,
      latestCategory: row.read('cppl_cp_plan_latest_category', category) ?? initialCategory,
    };
  });

  const reviews = each('ssd_cp_reviews', 'cppr_cp_review_id', (row): ReviewRow | null => {
    const planId = row.reference('cppr_cp_plan_id', planIds, 'a child protection plan') ?? '';
    const heldOn = row.read('cppr_cp_review_date', readDate);
    return heldOn ? { sourceId: row.get('cppr_cp_review_id'), planId, heldOn } : null; // due, not yet held
  }).filter((review): review is ReviewRow => review !== null);

  const involvements = each('ssd_involvements', 'invo_involvements_id', (row): InvolvementRow => {
    const startedOn = row.read('invo_involvement_start_date', readDate, true) ?? '';
    const endedOn = row.read('invo_involvement_end_date', readDate);
    row.inOrder('invo_involvement_start_date', startedOn, 'invo_involvement_end_date', endedOn);
    return {
      sourceId: row.get('invo_involvements_id'),
      personId: row.reference('invo_person_id', personIds, 'a person') ?? '',
      kind: involvementKindOf(row.get('invo_professional_role_id')),
      startedOn,
      endedOn,
    };
  });

  return {
    dataset: {
      people,
      families,
      contacts,
      earlyHelp,
      episodes,
      assessments,
      cinPlans,
      enquiries,
      conferences,
      protectionPlans,
      reviews,
      involvements,
    },
    refusals,
  };
}

/** The street (with any flat or house) and town of data-to-insight's address JSON. */
export function addressParts(json: string): { line1: string; line2: string | null; town: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const field = (key: string) => {
    const value = (parsed as Record<string, unknown>)[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  };
  const building = [field('FLAT'), field('BUILDING'), field('HOUSE')].filter(Boolean).join(', ');
  const street = field('STREET');
  const [line1, line2] = building ? [building, street || null] : [street, null];
  return { line1, line2, town: field('TOWN') };
}

/** An assessment's outcome from its flags (the first that is set, in the census's order of weight). */
export function assessmentOutcomeOf(flags: Record<string, boolean>): AssessmentOutcome | null {
  if (flags.STRATEGY_DISCUSSION_FLAG) return 'strategy_discussion';
  if (flags.PROV_OF_SERVICES_FLAG) return 'cin_plan';
  if (flags.REFERRAL_TO_OTHER_AGENCY_FLAG) return 'other_services';
  if (flags.OTHER_OUTCOMES_EXIST_FLAG) return 'early_help';
  if (flags.NFA_FLAG) return 'no_further_action';
  return null;
}

/** An enquiry's outcome from its flags or its NFA field. */
export function enquiryOutcomeOf(
  flags: Record<string, boolean>,
  nfa: boolean | null
): 'icpc' | 'cin_plan' | 'no_further_action' | null {
  if (flags.CP_CONFERENCE_FLAG) return 'icpc';
  if (flags.PROV_OF_SERVICES_FLAG) return 'cin_plan';
  if (flags.NFA_FLAG || nfa) return 'no_further_action';
  return null;
}

const INVOLVEMENT_KINDS: ReadonlySet<string> = new Set([
  'early_help',
  'child_in_need',
  'child_protection_plan',
  'looked_after',
  'assessment',
  'section_47',
]);

/**
 * The kind of work an involvement was: Front Door's own kind when the extract came from Front Door;
 * otherwise a worker's role ("Allocated Case Worker") says only that the child had a worker, which
 * Front Door holds as child in need work.
 */
export function involvementKindOf(role: string): InvolvementKind {
  return INVOLVEMENT_KINDS.has(role) ? (role as InvolvementKind) : 'child_in_need';
}
