/**
 * The DfE children in need census return (2025-26), shaped exactly like its XML: property names are the
 * element names of CIN_schema_2026.xsd and properties are declared in the schema's sequence order.
 *
 * Every leaf is the element's text as written, or undefined when the element is absent, so a checked
 * return keeps "missing" apart from "present but wrong" (a sample file may hold `<Sex>1</Sex>`).
 * - Dates are 'YYYY-MM-DD' text; a rule reads them through `censusDate` (census-dates.ts), which treats
 *   text that is not a real date as missing, as the DfE validator does.
 * - Yes/no fields (ReferralNFA, ICPCnotRequired) are '0' or '1' in a return we build; a file read back
 *   may hold 'true'/'false', which `yesNo` (census-dates.ts) understands.
 * - A list that the XML wraps (Disabilities/Disability, FactorsIdentifiedAtAssessment/AssessmentFactors,
 *   Reviews/CPPreviewDate) is an array, undefined when the wrapper is absent; an empty array is a wrapper
 *   with nothing in it, which the schema refuses and the writer leaves out.
 */

export interface CinCensus {
  /** The XSD allows no Header, but the DfE validator cannot load a return without one. */
  Header?: CensusHeader;
  Children: CensusChild[];
}

export interface CensusHeader {
  CollectionDetails?: {
    /** Always 'CIN'. */
    Collection?: string;
    /** The collection year, e.g. '2026' for 2025-26. */
    Year?: string;
    /** 31 March of Year (rule 100). */
    ReferenceDate?: string;
  };
  Source?: {
    /** Always 'L' (local authority). */
    SourceLevel?: string;
    /** The council's three-digit LA code. */
    LEA?: string;
    SoftwareCode?: string;
    Release?: string;
    /** Three or more digits. */
    SerialNo?: string;
    /** xs:dateTime, e.g. '2026-04-02T09:30:00'. */
    DateTime?: string;
  };
}

export interface CensusChild {
  ChildIdentifiers: ChildIdentifiers;
  ChildCharacteristics: ChildCharacteristics;
  /** One per referral (episode); at least one (rule 8590). */
  CINdetails: CinDetails[];
}

export interface ChildIdentifiers {
  LAchildID?: string;
  UPN?: string;
  FormerUPN?: string;
  /** UN1..UN7, when the child has no UPN. */
  UPNunknown?: string;
  PersonBirthDate?: string;
  /** For an unborn child, instead of PersonBirthDate. */
  ExpectedPersonBirthDate?: string;
  /** M, F or U (U also for unborn). */
  Sex?: string;
  PersonDeathDate?: string;
}

export interface ChildCharacteristics {
  Ethnicity?: string;
  /** Disabilities/Disability codes; NONE alone when the child has none. */
  Disabilities?: string[];
}

export interface CinDetails {
  CINreferralDate?: string;
  ReferralSource?: string;
  PrimaryNeedCode?: string;
  CINclosureDate?: string;
  ReasonForClosure?: string;
  /** Episode-level initial child protection conference (when there is no S47 holding it). */
  DateOfInitialCPC?: string;
  Assessments: Assessment[];
  CINPlanDates: CinPlanDates[];
  Section47: Section47[];
  /** '1' when the referral led to no further action. In the XML it follows Section47. */
  ReferralNFA?: string;
  ChildProtectionPlans: ChildProtectionPlan[];
}

export interface Assessment {
  AssessmentActualStartDate?: string;
  AssessmentInternalReviewDate?: string;
  AssessmentAuthorisationDate?: string;
  /** FactorsIdentifiedAtAssessment/AssessmentFactors codes; only on authorised assessments. */
  AssessmentFactors?: string[];
}

export interface CinPlanDates {
  CINPlanStartDate?: string;
  CINPlanEndDate?: string;
}

export interface Section47 {
  S47ActualStartDate?: string;
  InitialCPCtarget?: string;
  DateOfInitialCPC?: string;
  /** '1' when the enquiry decided no initial conference was needed. */
  ICPCnotRequired?: string;
}

export interface ChildProtectionPlan {
  CPPstartDate?: string;
  CPPendDate?: string;
  InitialCategoryOfAbuse?: string;
  LatestCategoryOfAbuse?: string;
  /** A whole number >= 0, as text. */
  NumberOfPreviousCPP?: string;
  /** Reviews/CPPreviewDate dates. */
  Reviews?: string[];
}
