import type { Sex } from '../../../platform/db/schema.ts';

/**
 * Ofsted ILACS Annex A, lists 1–11, as data: each list's sheet, its column headers in order (LIIA's canonical
 * names, liia-tools annex-a-merge.yml), each column's type, whether it may be blank, and how a row's facts
 * become the cell written (the Ofsted template's coded values, liia-tools data-map.yml, verbatim).
 */

export type ColumnType = 'text' | 'code' | 'date' | 'int' | 'yes/no';

/** What a row gives a column: text, an ISO 'YYYY-MM-DD' day for a date, a whole number, or blank. */
export type CellValue = string | number | null;

export interface AnnexAColumn<Row> {
  header: string;
  type: ColumnType;
  mayBeBlank: boolean;
  /** The values a code or yes/no column may hold. */
  codes?: readonly string[];
  cell: (row: Row) => CellValue;
}

export interface AnnexAList<Row> {
  sheet: string;
  title: string;
  columns: readonly AnnexAColumn<Row>[];
}

// ---- Coded values, keyed by the product's own codes ----

export const GENDER_CELL: Record<Sex, string> = {
  M: 'a) Male',
  F: 'b) Female',
  U: 'c) Not stated/recorded',
};
const GENDER_CODES = [...Object.values(GENDER_CELL), 'd) Neither'] as const;

/** Person ethnicity (CIN census N00177 codes) to its cell. The template letters REFU and NOBT both `s)`. */
export const ETHNICITY_CELL: Record<string, string> = {
  WBRI: 'a) WBRI',
  WIRI: 'b) WIRI',
  WIRT: 'c) WIRT',
  WOTH: 'd) WOTH',
  WROM: 'e) WROM',
  MWBC: 'f) MWBC',
  MWBA: 'g) MWBA',
  MWAS: 'h) MWAS',
  MOTH: 'i) MOTH',
  AIND: 'j) AIND',
  APKN: 'k) APKN',
  ABAN: 'l) ABAN',
  AOTH: 'm) AOTH',
  BCRB: 'n) BCRB',
  BAFR: 'o) BAFR',
  BOTH: 'p) BOTH',
  CHNE: 'q) CHNE',
  OOTH: 'r) OOTH',
  REFU: 's) REFU',
  NOBT: 's) NOBT',
};
/** Ethnicity may not be blank: a child with none recorded is "information not yet obtained". */
const ETHNICITY_NOT_OBTAINED = 'NOBT';

/** Contact and referral source: the CIN census ReferralSource code (the product's code) to its cell. */
export const SOURCE_CELL: Record<string, string> = {
  '1A': 'a) 1A: Individual',
  '1B': 'b) 1B: Individual',
  '1C': 'c) 1C: Individual',
  '1D': 'd) 1D: Individual',
  '2A': 'e) 2A: Schools',
  '2B': 'f) 2B: Education services',
  '3A': 'g) 3A: Health services',
  '3B': 'h) 3B: Health services',
  '3C': 'i) 3C: Health services',
  '3D': 'j) 3D: Health services',
  '3E': 'k) 3E: Health services',
  '3F': 'l) 3F: Health services',
  '4': 'm) 4: Housing',
  '5A': 'n) 5A: LA services',
  '5B': 'o) 5B: LA services',
  '5C': 'p) 5C: LA services',
  // Early help (CIN 5D, from 2023-24) is missing from liia-tools; LIIA's pipeline writes it so.
  '5D': 'p1) 5D: LA services',
  '6': 'q) 6: Police',
  '7': 'r) 7: Other legal agency',
  '8': 's) 8: Other',
  '9': 't) 9: Anonymous',
  '10': 'u) 10: Unknown',
};
const SOURCE_UNKNOWN = '10';

export type YesNo = 'yes' | 'no' | 'unknown';
export const YES_NO_CELL: Record<YesNo, string> = { yes: 'a) Yes', no: 'b) No', unknown: 'c) Unknown' };

/** CIN primary need code to its cell (list 6). */
export const PRIMARY_NEED_CELL: Record<string, string> = {
  N1: 'N1 - Abuse or neglect',
  N2: "N2 - Child's disability",
  N3: 'N3 - Parental disability or illness',
  N4: 'N4 - Family in acute stress',
  N5: 'N5 - Family dysfunction',
  N6: 'N6 - Socially unacceptable behaviour',
  N7: 'N7 - Low income',
  N8: 'N8 - Absent parenting',
  N9: 'N9 - Cases other than children in need',
  N0: 'N0 - Not stated',
};

/** CIN reason for closure to its cell (list 6). RC9 is newer than liia-tools' list; written in the same style. */
export const REASON_FOR_CLOSURE_CELL: Record<string, string> = {
  RC1: 'RC1 - Adopted',
  RC2: 'RC2 - Died',
  RC3: 'RC3 - Child arrangements order',
  RC4: 'RC4 - Special guardianship order',
  RC5: 'RC5 - Transferred to services of another local authority',
  RC6: 'RC6 - Transferred to adult social care services',
  RC7: 'RC7 - Services ceased for any other reason, including child no longer in need',
  RC8: 'RC8 - Case closed after assessment, no further action',
  RC9: 'RC9 - Case closed after assessment, referred to early help',
};

export type CaseStatus =
  'looked_after' | 'child_protection_plan' | 'child_in_need_plan' | 'open_assessment' | 'closed';
export const CASE_STATUS_CELL: Record<CaseStatus, string> = {
  looked_after: 'a) Looked after child',
  child_protection_plan: 'b) Child Protection plan',
  child_in_need_plan: 'c) Child in need plan',
  open_assessment: 'd) Open assessment',
  closed: 'e) Closed episode',
};

/** CIN category of abuse to its cell (list 7). */
export const CATEGORY_OF_ABUSE_CELL: Record<string, string> = {
  NEG: 'a) Neglect',
  PHY: 'b) Physical abuse',
  SAB: 'c) Sexual abuse',
  EMO: 'd) Emotional abuse',
  MUL: 'e) Multiple/not recommended',
};

/** Allocated team and worker may not be blank: a child with no worker yet is written as such. */
export const UNALLOCATED = 'Unallocated';

// ---- The rows the lists are built from: the product's facts, not yet cell values ----

/** The columns every child list starts with. */
export interface ChildFacts {
  /** The person's id (the survivor's, for a merged record). */
  childId: string;
  sex: Sex;
  ethnicity: string | null;
  dateOfBirth: string | null;
  /** Whole years at the as-at date; null for an unborn child. */
  age: number | null;
}

export interface Allocation {
  team: string | null;
  worker: string | null;
}

export interface ContactRow extends ChildFacts {
  contactDate: string;
  source: string;
}

export interface EarlyHelpRow extends ChildFacts {
  startDate: string;
  completionDate: string | null;
  organisation: string;
}

export interface ReferralRow extends ChildFacts, Allocation {
  referralDate: string;
  source: string;
  noFurtherAction: YesNo;
  /** Referrals of the same child in the 12 months before this one, not counting it. */
  referralsInLast12Months: number;
}

export interface AssessmentRow extends ChildFacts, Allocation {
  disabled: YesNo;
  startDate: string;
  childSeen: YesNo;
  authorisedDate: string | null;
  /** Blank until the assessment is authorised. */
  needsSocialCareSupport: YesNo | null;
}

export interface Section47Row extends ChildFacts, Allocation {
  disabled: YesNo;
  strategyDiscussionDate: string;
  /** Blank while the enquiry is open. */
  conferenceNotRequired: YesNo | null;
  conferenceDate: string | null;
  conferenceLedToPlan: YesNo | null;
  section47sInLast12Months: number;
  conferencesInLast12Months: number;
}

export interface ChildInNeedRow extends ChildFacts, Allocation {
  disabled: YesNo;
  startDate: string | null;
  primaryNeed: string;
  lastSeenDate: string | null;
  closureDate: string | null;
  closureReason: string | null;
  caseStatus: CaseStatus;
}

export interface ChildProtectionRow extends ChildFacts, Allocation {
  disabled: YesNo;
  planStartDate: string;
  initialCategory: string;
  latestCategory: string;
  lastStatutoryVisitDate: string | null;
  seenAlone: YesNo | null;
  latestReviewDate: string | null;
  planEndDate: string | null;
  emergencyProtection: YesNo;
  previousPlans: number;
}

/** The rows of every list; lists 8–11 (children in care, care leavers, adoption, adopters) are not held. */
export interface AnnexARows {
  list1: ContactRow[];
  list2: EarlyHelpRow[];
  list3: ReferralRow[];
  list4: AssessmentRow[];
  list5: Section47Row[];
  list6: ChildInNeedRow[];
  list7: ChildProtectionRow[];
}

// ---- Column builders ----

function text<Row>(header: string, cell: (row: Row) => string | null, mayBeBlank = false): AnnexAColumn<Row> {
  return { header, type: 'text', mayBeBlank, cell };
}

function date<Row>(
  header: string,
  cell: (row: Row) => string | null,
  mayBeBlank: boolean
): AnnexAColumn<Row> {
  return { header, type: 'date', mayBeBlank, cell };
}

function int<Row>(header: string, cell: (row: Row) => number | null, mayBeBlank: boolean): AnnexAColumn<Row> {
  return { header, type: 'int', mayBeBlank, cell };
}

function coded<Row, Code extends string>(
  header: string,
  cells: Record<Code, string>,
  code: (row: Row) => Code | null,
  options: { mayBeBlank: boolean; codes?: readonly string[]; fallback?: Code }
): AnnexAColumn<Row> {
  return {
    header,
    type: 'code',
    mayBeBlank: options.mayBeBlank,
    codes: options.codes ?? [...new Set(Object.values<string>(cells))],
    cell: (row) => {
      const value = code(row) ?? options.fallback ?? null;
      if (value === null) return null;
      return cells[value] ?? (options.fallback === undefined ? null : cells[options.fallback]);
    },
  };
}

function yesNo<Row>(
  header: string,
  answer: (row: Row) => YesNo | null,
  mayBeBlank: boolean
): AnnexAColumn<Row> {
  return {
    header,
    type: 'yes/no',
    mayBeBlank,
    codes: Object.values(YES_NO_CELL),
    cell: (row) => {
      const value = answer(row);
      return value === null ? null : YES_NO_CELL[value];
    },
  };
}

/** A column of a list we hold no data for: its header and rules, never a cell. */
function headerOnly(header: string, type: ColumnType, mayBeBlank: boolean): AnnexAColumn<never> {
  return { header, type, mayBeBlank, cell: () => null };
}

function childColumns<Row extends ChildFacts>(): AnnexAColumn<Row>[] {
  return [
    text('Child Unique ID', (row) => row.childId),
    coded('Gender', GENDER_CELL, (row) => row.sex, { mayBeBlank: false, codes: GENDER_CODES }),
    coded('Ethnicity', ETHNICITY_CELL, (row) => row.ethnicity, {
      mayBeBlank: false,
      fallback: ETHNICITY_NOT_OBTAINED,
    }),
    date('Date of Birth', (row) => row.dateOfBirth, true),
    int('Age of Child (Years)', (row) => row.age, true),
  ];
}

function allocationColumns<Row extends Allocation>(): AnnexAColumn<Row>[] {
  return [
    text('Allocated Team', (row) => row.team ?? UNALLOCATED),
    text('Allocated Worker', (row) => row.worker ?? UNALLOCATED),
  ];
}

const disability = <Row extends { disabled: YesNo }>() =>
  yesNo<Row>('Does the Child have a Disability', (row) => row.disabled, false);

const CHILD_HEADERS_ONLY: AnnexAColumn<never>[] = [
  headerOnly('Child Unique ID', 'text', false),
  headerOnly('Gender', 'code', false),
  headerOnly('Ethnicity', 'code', false),
  headerOnly('Date of Birth', 'date', true),
  headerOnly('Age of Child (Years)', 'int', true),
];
const ALLOCATION_HEADERS_ONLY = [
  headerOnly('Allocated Team', 'text', false),
  headerOnly('Allocated Worker', 'text', false),
];
const DISABILITY_HEADER_ONLY = headerOnly('Does the Child have a Disability', 'yes/no', false);

// ---- The lists ----

const list1: AnnexAList<ContactRow> = {
  sheet: 'List 1',
  title: 'Contacts',
  columns: [
    ...childColumns(),
    date('Date of Contact', (row) => row.contactDate, false),
    coded('Contact Source', SOURCE_CELL, (row) => row.source, {
      mayBeBlank: false,
      fallback: SOURCE_UNKNOWN,
    }),
  ],
};

const list2: AnnexAList<EarlyHelpRow> = {
  sheet: 'List 2',
  title: 'Early help',
  columns: [
    ...childColumns(),
    date('Assessment start date', (row) => row.startDate, false),
    date('Assessment completion date', (row) => row.completionDate, true),
    text('Organisation completing assessment', (row) => row.organisation),
  ],
};

const list3: AnnexAList<ReferralRow> = {
  sheet: 'List 3',
  title: 'Referrals',
  columns: [
    ...childColumns(),
    date('Date of referral', (row) => row.referralDate, false),
    coded('Referral Source', SOURCE_CELL, (row) => row.source, {
      mayBeBlank: false,
      fallback: SOURCE_UNKNOWN,
    }),
    yesNo('Referral NFA?', (row) => row.noFurtherAction, false),
    int('Number of Referrals in Last 12 Months', (row) => row.referralsInLast12Months, false),
    ...allocationColumns(),
  ],
};

const list4: AnnexAList<AssessmentRow> = {
  sheet: 'List 4',
  title: 'Assessments',
  columns: [
    ...childColumns(),
    disability(),
    date('Continuous Assessment Start Date', (row) => row.startDate, false),
    yesNo('Child Seen During Continuous Assessment', (row) => row.childSeen, false),
    date('Continuous Assessment Date of Authorisation', (row) => row.authorisedDate, true),
    yesNo(
      "Was the child assessed as requiring LA children's social care support?",
      (row) => row.needsSocialCareSupport,
      true
    ),
    ...allocationColumns(),
  ],
};

const list5: AnnexAList<Section47Row> = {
  sheet: 'List 5',
  title: 'Section 47 enquiries and ICPCs',
  columns: [
    ...childColumns(),
    disability(),
    date(
      'Strategy discussion initiating Section 47 Enquiry Start Date',
      (row) => row.strategyDiscussionDate,
      false
    ),
    yesNo(
      'Was an Initial Child Protection Conference deemed unnecessary?',
      (row) => row.conferenceNotRequired,
      true
    ),
    date('Date of Initial Child Protection Conference', (row) => row.conferenceDate, true),
    yesNo(
      'Did the Initial Child Protection Conference Result in a Child Protection Plan',
      (row) => row.conferenceLedToPlan,
      true
    ),
    int('Number of Section 47 Enquiries in the last 12 months', (row) => row.section47sInLast12Months, false),
    int('Number of ICPCs in the last 12 months', (row) => row.conferencesInLast12Months, false),
    ...allocationColumns(),
  ],
};

const list6: AnnexAList<ChildInNeedRow> = {
  sheet: 'List 6',
  title: 'Children in need',
  columns: [
    ...childColumns(),
    disability(),
    date('CIN Start Date', (row) => row.startDate, true),
    coded('Primary Need Code', PRIMARY_NEED_CELL, (row) => row.primaryNeed, {
      mayBeBlank: false,
      fallback: 'N0',
    }),
    date('Date Child Was Last Seen', (row) => row.lastSeenDate, true),
    date('CIN Closure Date', (row) => row.closureDate, true),
    coded('Reason for Closure', REASON_FOR_CLOSURE_CELL, (row) => row.closureReason, { mayBeBlank: true }),
    coded('Case Status', CASE_STATUS_CELL, (row) => row.caseStatus, { mayBeBlank: false }),
    ...allocationColumns(),
  ],
};

const list7: AnnexAList<ChildProtectionRow> = {
  sheet: 'List 7',
  title: 'Child protection',
  columns: [
    ...childColumns(),
    disability(),
    date('Child Protection Plan Start Date', (row) => row.planStartDate, false),
    coded('Initial Category of Abuse', CATEGORY_OF_ABUSE_CELL, (row) => row.initialCategory, {
      mayBeBlank: false,
    }),
    coded('Latest Category of Abuse', CATEGORY_OF_ABUSE_CELL, (row) => row.latestCategory, {
      mayBeBlank: false,
    }),
    date('Date of the Last Statutory Visit', (row) => row.lastStatutoryVisitDate, true),
    yesNo('Was the Child Seen Alone?', (row) => row.seenAlone, true),
    date('Date of latest review conference', (row) => row.latestReviewDate, true),
    date('Child Protection Plan End Date', (row) => row.planEndDate, true),
    yesNo(
      'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
      (row) => row.emergencyProtection,
      false
    ),
    int('Number of Previous Child Protection Plans', (row) => row.previousPlans, false),
    ...allocationColumns(),
  ],
};

const list8: AnnexAList<never> = {
  sheet: 'List 8',
  title: 'Children in care',
  columns: [
    ...CHILD_HEADERS_ONLY,
    headerOnly('Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)', 'yes/no', false),
    DISABILITY_HEADER_ONLY,
    headerOnly('Date Started to be Looked After', 'date', false),
    headerOnly("Child's Category of Need", 'code', false),
    headerOnly(
      'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
      'yes/no',
      false
    ),
    headerOnly('Start date of current legal status', 'date', false),
    headerOnly("Child's Legal Status", 'code', false),
    headerOnly('Date of Latest Statutory Review', 'date', true),
    headerOnly('Date of Last Social Work Visit', 'date', true),
    headerOnly('What is the permanence plan for this child?', 'code', true),
    headerOnly('Date of Last IRO Visit / Contact to the Child', 'date', true),
    headerOnly('Date of Last Health Assessment', 'date', true),
    headerOnly('Date of Last Dental Check', 'date', true),
    headerOnly('Number of Placements in the Last 12 months', 'int', false),
    headerOnly('Date Ceased to be Looked After', 'date', true),
    headerOnly('Reason Ceased to be Looked After', 'code', true),
    headerOnly('Start Date of Most Recent Placement', 'date', false),
    headerOnly('Placement Type', 'code', false),
    headerOnly('Placement Provider', 'code', false),
    headerOnly('Placement postcode', 'text', false),
    headerOnly('URN of Placement', 'text', true),
    headerOnly('Placement Location', 'code', false),
    headerOnly('LA of Placement', 'text', false),
    headerOnly(
      "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
      'int',
      false
    ),
    headerOnly(
      "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
      'int',
      false
    ),
    headerOnly(
      'Was the child offered a Return Interview after their last missing episode (Y/N)?',
      'yes/no',
      true
    ),
    headerOnly(
      'Did the child accept a Return Interview after their last missing episode (Y/N)?',
      'yes/no',
      true
    ),
    ...ALLOCATION_HEADERS_ONLY,
  ],
};

const list9: AnnexAList<never> = {
  sheet: 'List 9',
  title: 'Care leavers',
  columns: [
    ...CHILD_HEADERS_ONLY,
    DISABILITY_HEADER_ONLY,
    ...ALLOCATION_HEADERS_ONLY,
    headerOnly('Eligibility Category', 'code', false),
    headerOnly('LA in Touch', 'code', false),
    headerOnly('Type of Accommodation', 'code', true),
    headerOnly('Suitability of Accommodation', 'code', true),
    headerOnly('Activity Status', 'code', true),
  ],
};

const list10: AnnexAList<never> = {
  sheet: 'List 10',
  title: 'Adoption',
  columns: [
    CHILD_HEADERS_ONLY[0]!,
    headerOnly('Family identifier', 'text', true),
    ...CHILD_HEADERS_ONLY.slice(1),
    DISABILITY_HEADER_ONLY,
    headerOnly('Date the Child Entered Care', 'date', false),
    headerOnly('Date of Decision that Child Should be Placed for Adoption', 'date', false),
    headerOnly('Date of Placement Order', 'date', true),
    headerOnly('Date of Matching Child and Prospective Adopters', 'date', true),
    headerOnly('Date Placed for Adoption', 'date', true),
    headerOnly('Date of Adoption Order', 'date', true),
    headerOnly('Date of Decision that Child Should No Longer be Placed for Adoption', 'date', true),
    headerOnly('Reason Why Child No Longer Placed for Adoption', 'code', true),
    headerOnly(
      'Date the child was placed for fostering in FFA or concurrent planning placement',
      'date',
      true
    ),
  ],
};

const list11: AnnexAList<never> = {
  sheet: 'List 11',
  title: 'Adopters',
  columns: [
    headerOnly('Individual adopter identifier', 'text', false),
    headerOnly('Family identifier', 'text', true),
    headerOnly('Gender', 'code', false),
    headerOnly('Ethnicity', 'code', false),
    headerOnly('Disability', 'yes/no', false),
    headerOnly('Is the (prospective) adopter fostering for adoption?', 'yes/no', false),
    headerOnly('Date enquiry received', 'date', false),
    headerOnly('Date Stage 1 started', 'date', true),
    headerOnly('Date Stage 1 ended', 'date', true),
    headerOnly('Date Stage 2 started', 'date', true),
    headerOnly('Date Stage 2 ended', 'date', true),
    headerOnly('Date application submitted', 'date', true),
    headerOnly('Date application approved', 'date', true),
    headerOnly('Date adopter matched with child(ren)', 'date', true),
    headerOnly('Date child/children placed with adopter(s)', 'date', true),
    headerOnly('No. of children placed', 'int', true),
    headerOnly('Date of Adoption Order', 'date', true),
    headerOnly('Date of leaving adoption process', 'date', true),
    headerOnly('Reason for leaving adoption process', 'code', true),
  ],
};

/** Every list, in workbook order. */
export const ANNEX_A_LISTS = {
  list1,
  list2,
  list3,
  list4,
  list5,
  list6,
  list7,
  list8,
  list9,
  list10,
  list11,
} as const;
