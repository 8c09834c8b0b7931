import type { PersonalDataBasis, SpecialCategoryBasis } from '../../shared/lawful-basis.ts';
import type {
  ConsentStatus,
  ContactChannel,
  DashRiskLevel,
  DescribedChild,
  FamilyAwareness,
  RelationshipKind,
  Sex,
} from '../../platform/db/schema.ts';

/** How a child named in a contact is tied to the person index: always an explicit choice. */
export type ChildResolution =
  | { kind: 'link'; personId: number; bestCandidateId?: number; bestCandidateScore?: number }
  | { kind: 'create'; reason?: string; bestCandidateId?: number; bestCandidateScore?: number }
  /** Online and partner submissions: a practitioner links the child when screening. */
  | { kind: 'unlinked' };

export interface ChildInput {
  details: DescribedChild;
  resolution: ChildResolution;
}

/**
 * How an adult named on a contact is tied to the person index, chosen as for a child. Partner
 * submissions carry none: their adults are held as named (contact_named_adult) and linked when
 * screening (staff/link-adult.service.ts).
 */
export type AdultResolution =
  | { kind: 'link'; personId: number; bestCandidateId?: number }
  | { kind: 'create'; reason?: string; bestCandidateId?: number };

export interface OtherPersonInput {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  sex?: Sex;
  role: 'parent_or_carer' | 'household_member' | 'adult_of_concern' | 'sibling';
  /** The referrer's words, for example "mother's partner". */
  relationship?: string;
  /** The coded relationship to the contact's children, where the practitioner chose one. */
  relationshipKind?: RelationshipKind;
  resolution?: AdultResolution;
}

export interface AddressInput {
  line1: string;
  line2?: string;
  town: string;
  postcode: string;
}

export interface ReferrerInput {
  name?: string;
  role?: string;
  organisation?: string;
  agencyId?: number;
  phone?: string;
  email?: string;
  isProfessional: boolean;
}

/** One contact as every way in delivers it: staff form, online request, partner API. */
export interface ContactInput {
  receivedAt: Date;
  channel: ContactChannel;
  referralSource: string;
  referrer: ReferrerInput;
  address?: AddressInput;
  children: ChildInput[];
  otherPeople: OtherPersonInput[];
  concernCodes: string[];
  presentingConcerns: string;
  childsLivedExperience?: string;
  strengths?: string;
  consent: { status: ConsentStatus; reason?: string };
  /** Whether the family knows the contact was made, where the referrer said. */
  familyAware?: FamilyAwareness;
  /** The detail of the lawful basis (older records: the whole basis, as free text). */
  lawfulBasis?: string;
  /** The coded lawful basis for sharing without consent (src/shared/lawful-basis.ts). */
  lawfulBasisCodes?: { personalData: PersonalDataBasis; specialCategory: SpecialCategoryBasis };
  immediateRisk: boolean;
  /** A partner (the police) said the information is not for disclosure to the family. */
  notForDisclosure?: boolean;
  publicReference?: string;
  partnerApiKeyId?: number;
  /** What a police (or other partner) system quotes: its incident and crime references. */
  policeIncidentReference?: string;
  crimeReference?: string;
  /** The domestic abuse (DASH) risk level a partner assessed, and when. */
  dash?: { riskLevel: DashRiskLevel; assessedOn: string };
}
