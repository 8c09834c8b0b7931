/**
 * A small but complete synthetic 2025-26 return for tests: six children that between them use every
 * element of the schema, all consistent, so the whole check finds no error in it. A rule's test breaks
 * one thing in a copy and expects that rule to fire.
 */
import type { CinCensus } from './census-model.ts';
import { upnCheckLetter } from './rules-a.ts';

/** A valid UPN from its 12 characters after the check letter (LA code, then 8 digits, then a digit or letter). */
export function upnFrom(rest: string): string {
  return `${upnCheckLetter(`A${rest}`)}${rest}`;
}

export function completeCensus(): CinCensus {
  return {
    Header: {
      CollectionDetails: { Collection: 'CIN', Year: '2026', ReferenceDate: '2026-03-31' },
      Source: {
        SourceLevel: 'L',
        LEA: '201',
        SoftwareCode: 'Front Door',
        Release: '0.1.0',
        SerialNo: '001',
        DateTime: '2026-04-02T09:30:00',
      },
    },
    Children: [
      {
        // On a plan after a section 47 enquiry and conference, then a CIN plan from the day it ended.
        ChildIdentifiers: {
          LAchildID: 'C1001',
          UPN: upnFrom('201250000011'),
          PersonBirthDate: '2015-06-10',
          Sex: 'F',
        },
        ChildCharacteristics: { Ethnicity: 'WBRI', Disabilities: ['MOB', 'HAND', 'PC'] },
        CINdetails: [
          {
            CINreferralDate: '2025-05-01',
            ReferralSource: '2A',
            PrimaryNeedCode: 'N1',
            Assessments: [
              {
                AssessmentActualStartDate: '2025-05-02',
                AssessmentInternalReviewDate: '2025-05-20',
                AssessmentAuthorisationDate: '2025-06-10',
                AssessmentFactors: ['3A', '4B'],
              },
            ],
            CINPlanDates: [{ CINPlanStartDate: '2025-11-20' }],
            Section47: [
              {
                S47ActualStartDate: '2025-05-05',
                InitialCPCtarget: '2025-05-23',
                DateOfInitialCPC: '2025-05-22',
                ICPCnotRequired: '0',
              },
            ],
            ReferralNFA: '0',
            ChildProtectionPlans: [
              {
                CPPstartDate: '2025-05-22',
                CPPendDate: '2025-11-20',
                InitialCategoryOfAbuse: 'NEG',
                LatestCategoryOfAbuse: 'EMO',
                NumberOfPreviousCPP: '0',
                Reviews: ['2025-08-14'],
              },
            ],
          },
        ],
      },
      {
        // A closed episode with a CIN plan, then a referral that led to no further action.
        ChildIdentifiers: {
          LAchildID: 'C1002',
          UPN: upnFrom('201250000022'),
          FormerUPN: upnFrom('202250000033'),
          PersonBirthDate: '2010-01-15',
          Sex: 'M',
        },
        ChildCharacteristics: { Ethnicity: 'AIND', Disabilities: ['INC', 'COMM', 'LD', 'HEAR', 'VIS'] },
        CINdetails: [
          {
            CINreferralDate: '2025-04-10',
            ReferralSource: '3A',
            PrimaryNeedCode: 'N4',
            CINclosureDate: '2025-09-30',
            ReasonForClosure: 'RC7',
            Assessments: [
              {
                AssessmentActualStartDate: '2025-04-11',
                AssessmentAuthorisationDate: '2025-05-20',
                AssessmentFactors: ['1B'],
              },
            ],
            CINPlanDates: [{ CINPlanStartDate: '2025-05-21', CINPlanEndDate: '2025-09-30' }],
            Section47: [],
            ReferralNFA: '0',
            ChildProtectionPlans: [],
          },
          {
            CINreferralDate: '2025-10-15',
            ReferralSource: '6',
            PrimaryNeedCode: 'N5',
            CINclosureDate: '2025-10-16',
            ReasonForClosure: 'RC7',
            Assessments: [],
            CINPlanDates: [],
            Section47: [],
            ReferralNFA: '1',
            ChildProtectionPlans: [],
          },
        ],
      },
      {
        // Unborn: an enquiry found no conference was needed; the assessment is done, the episode open.
        ChildIdentifiers: {
          LAchildID: 'C1003',
          UPNunknown: 'UN1',
          ExpectedPersonBirthDate: '2026-05-20',
          Sex: 'U',
        },
        ChildCharacteristics: { Ethnicity: 'NOBT' },
        CINdetails: [
          {
            CINreferralDate: '2026-01-10',
            ReferralSource: '3B',
            PrimaryNeedCode: 'N1',
            Assessments: [
              {
                AssessmentActualStartDate: '2026-01-12',
                AssessmentAuthorisationDate: '2026-02-20',
                AssessmentFactors: ['16A'],
              },
            ],
            CINPlanDates: [],
            Section47: [{ S47ActualStartDate: '2026-01-12', ICPCnotRequired: '1' }],
            ReferralNFA: '0',
            ChildProtectionPlans: [],
          },
        ],
      },
      {
        // Died during a CIN plan; the episode closed that day.
        ChildIdentifiers: {
          LAchildID: 'C1004',
          UPN: upnFrom('201250000044'),
          PersonBirthDate: '2008-03-03',
          Sex: 'M',
          PersonDeathDate: '2026-02-01',
        },
        ChildCharacteristics: { Ethnicity: 'BCRB', Disabilities: ['NONE'] },
        CINdetails: [
          {
            CINreferralDate: '2025-12-01',
            ReferralSource: '5D',
            PrimaryNeedCode: 'N2',
            CINclosureDate: '2026-02-01',
            ReasonForClosure: 'RC2',
            Assessments: [
              {
                AssessmentActualStartDate: '2025-12-02',
                AssessmentAuthorisationDate: '2026-01-10',
                AssessmentFactors: ['6A', '20'],
              },
            ],
            CINPlanDates: [{ CINPlanStartDate: '2026-01-11', CINPlanEndDate: '2026-02-01' }],
            Section47: [],
            ReferralNFA: '0',
            ChildProtectionPlans: [],
          },
        ],
      },
      {
        // Closed after assessment with no factors identified.
        ChildIdentifiers: {
          LAchildID: 'C1005',
          UPN: upnFrom('201250000055'),
          PersonBirthDate: '2019-09-09',
          Sex: 'F',
        },
        ChildCharacteristics: { Ethnicity: 'MWBA', Disabilities: ['BEH', 'CON', 'AUT', 'DDA'] },
        CINdetails: [
          {
            CINreferralDate: '2025-07-01',
            ReferralSource: '1A',
            PrimaryNeedCode: 'N5',
            CINclosureDate: '2025-08-01',
            ReasonForClosure: 'RC8',
            Assessments: [
              {
                AssessmentActualStartDate: '2025-07-02',
                AssessmentAuthorisationDate: '2025-08-01',
                AssessmentFactors: ['21'],
              },
            ],
            CINPlanDates: [],
            Section47: [],
            ReferralNFA: '0',
            ChildProtectionPlans: [],
          },
        ],
      },
      {
        // An initial conference recorded on the episode (no enquiry in the return), then an open plan.
        ChildIdentifiers: {
          LAchildID: 'C1006',
          UPN: upnFrom('201250000066'),
          PersonBirthDate: '2012-02-02',
          Sex: 'M',
        },
        ChildCharacteristics: { Ethnicity: 'WIRT', Disabilities: ['NONE'] },
        CINdetails: [
          {
            CINreferralDate: '2025-06-01',
            ReferralSource: '2B',
            PrimaryNeedCode: 'N3',
            DateOfInitialCPC: '2025-07-01',
            Assessments: [
              {
                AssessmentActualStartDate: '2025-06-02',
                AssessmentAuthorisationDate: '2025-06-30',
                AssessmentFactors: ['22A'],
              },
            ],
            CINPlanDates: [],
            Section47: [],
            ReferralNFA: '0',
            ChildProtectionPlans: [
              {
                CPPstartDate: '2025-07-01',
                InitialCategoryOfAbuse: 'PHY',
                LatestCategoryOfAbuse: 'PHY',
                NumberOfPreviousCPP: '1',
                Reviews: ['2025-09-25', '2026-03-12'],
              },
            ],
          },
        ],
      },
    ],
  };
}
