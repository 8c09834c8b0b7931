import { describe, expect, it } from 'vitest';
import type {
  Assessment,
  CensusChild,
  ChildProtectionPlan,
  CinDetails,
  CinPlanDates,
  Section47,
} from './census-model.ts';
import { censusContext, type RuleHit } from './rule-types.ts';
import { RULES_B } from './rules-b.ts';

// Census year 2025-26: 2025-04-01 … 2026-03-31. Synthetic children only.
const assessment = (fields: Partial<Assessment> = {}): Assessment => ({
  AssessmentActualStartDate: '2025-06-03',
  AssessmentAuthorisationDate: '2025-06-20',
  AssessmentFactors: ['3B'],
  ...fields,
});
const enquiry = (fields: Partial<Section47> = {}): Section47 => ({
  S47ActualStartDate: '2025-06-03',
  InitialCPCtarget: '2025-06-17',
  DateOfInitialCPC: '2025-06-17',
  ICPCnotRequired: '0',
  ...fields,
});
const cpp = (fields: Partial<ChildProtectionPlan> = {}): ChildProtectionPlan => ({
  CPPstartDate: '2025-06-17',
  InitialCategoryOfAbuse: 'NEG',
  LatestCategoryOfAbuse: 'NEG',
  NumberOfPreviousCPP: '0',
  Reviews: ['2025-09-10'],
  ...fields,
});
const plan = (fields: Partial<CinPlanDates> = {}): CinPlanDates => ({
  CINPlanStartDate: '2025-06-20',
  ...fields,
});
/** An open episode that led to further action, with nothing in it. */
const episode = (fields: Partial<CinDetails> = {}): CinDetails => ({
  CINreferralDate: '2025-06-02',
  ReferralSource: '1A',
  PrimaryNeedCode: 'N1',
  Assessments: [],
  CINPlanDates: [],
  Section47: [],
  ReferralNFA: '0',
  ChildProtectionPlans: [],
  ...fields,
});
/** A closed episode: a completed assessment, then closure. */
const closed = (fields: Partial<CinDetails> = {}): CinDetails =>
  episode({ Assessments: [assessment()], CINclosureDate: '2025-07-01', ReasonForClosure: 'RC7', ...fields });

function child(
  fields: {
    ids?: Partial<CensusChild['ChildIdentifiers']>;
    characteristics?: Partial<CensusChild['ChildCharacteristics']>;
    episodes?: CinDetails[];
  } = {}
): CensusChild {
  return {
    ChildIdentifiers: {
      LAchildID: 'CH0001',
      UPNunknown: 'UN3',
      PersonBirthDate: '2015-05-01',
      Sex: 'F',
      ...fields.ids,
    },
    ChildCharacteristics: { Ethnicity: 'WBRI', Disabilities: ['NONE'], ...fields.characteristics },
    CINdetails: fields.episodes ?? [episode()],
  };
}

const withEpisodes = (...episodes: CinDetails[]) => child({ episodes });

/** The hits of one rule on a return made of the given children, judged as at `asAt` when given. */
function hitsOf(code: string, children: CensusChild[], asAt?: string): RuleHit[] {
  const rule = RULES_B.find((candidate) => candidate.code === code);
  if (!rule) throw new Error(`No rule ${code}`);
  const context = censusContext(
    {
      Header: { CollectionDetails: { Collection: 'CIN', Year: '2026', ReferenceDate: '2026-03-31' } },
      Children: children,
    },
    { asAt }
  );
  return rule.level === 'return'
    ? rule.check(context)
    : children.flatMap((entry) => rule.check(entry, context));
}

/** `pass` is one return; each `fail` child is a return of its own, or all together when `together`. */
type Case = { code: string; pass: CensusChild[]; fail: CensusChild[]; together?: boolean };

const CASES: Case[] = [
  { code: '4180', pass: [child({ ids: { Sex: 'M' } })], fail: [child({ ids: { Sex: '1' } })] },
  {
    code: '4220',
    pass: [child({ characteristics: { Ethnicity: 'NOBT' } })],
    fail: [child({ characteristics: { Ethnicity: 'WBR' } })],
  },
  { code: '8500', pass: [child()], fail: [child({ ids: { LAchildID: ' ' } })] },
  {
    code: '8510',
    pass: [child(), child({ ids: { LAchildID: 'CH0002' } })],
    fail: [child(), child()],
    together: true,
  },
  {
    code: '8520',
    pass: [child({ ids: { PersonBirthDate: '2026-03-31' } })],
    fail: [child({ ids: { PersonBirthDate: '2026-04-01' } })],
  },
  {
    code: '8525Q',
    pass: [child({ ids: { PersonBirthDate: undefined, ExpectedPersonBirthDate: '2026-05-01', Sex: 'U' } })],
    fail: [child({ ids: { ExpectedPersonBirthDate: '2026-05-01' } })],
  },
  {
    code: '8530Q',
    pass: [child({ ids: { PersonBirthDate: undefined, ExpectedPersonBirthDate: '2026-12-31', Sex: 'U' } })],
    fail: [child({ ids: { PersonBirthDate: undefined, ExpectedPersonBirthDate: '2027-01-01', Sex: 'U' } })],
  },
  {
    code: '8535Q',
    pass: [child({ ids: { PersonDeathDate: '2025-10-01' } })],
    fail: [child({ ids: { PersonDeathDate: '2014-01-01' } })],
  },
  {
    code: '8540',
    pass: [child({ characteristics: { Disabilities: ['AUT', 'LD'] } })],
    fail: [
      child({ characteristics: { Disabilities: undefined } }),
      child({ characteristics: { Disabilities: ['XYZ'] } }),
    ],
  },
  {
    code: '8545Q',
    pass: [child({ ids: { PersonDeathDate: '2026-03-31' } })],
    fail: [child({ ids: { PersonDeathDate: '2025-03-31' } })],
  },
  {
    code: '8555Q',
    pass: [child({ ids: { PersonDeathDate: '2025-06-02' } })],
    fail: [child({ ids: { PersonDeathDate: '2025-06-01' } })],
  },
  {
    code: '8565',
    pass: [withEpisodes(closed({ CINclosureDate: '2025-06-20' }))],
    fail: [
      withEpisodes(closed({ CINclosureDate: '2025-06-19' })),
      withEpisodes(closed({ CINPlanDates: [plan({ CINPlanStartDate: '2025-07-02' })] })),
    ],
  },
  {
    code: '8568',
    pass: [withEpisodes(episode({ ReferralNFA: 'false' }))],
    fail: [withEpisodes(episode({ ReferralNFA: undefined })), withEpisodes(episode({ ReferralNFA: 'no' }))],
  },
  {
    // 2025-04-01 is a Tuesday, so one working day before is Monday 2025-03-31.
    code: '8569Q',
    pass: [withEpisodes(episode({ CINreferralDate: '2025-03-31', ReferralNFA: '1' }))],
    fail: [withEpisodes(episode({ CINreferralDate: '2025-03-28', ReferralNFA: '1' }))],
  },
  {
    code: '8585Q',
    pass: [
      child({ ids: { PersonDeathDate: '2025-07-01' }, episodes: [closed({ ReasonForClosure: 'RC2' })] }),
    ],
    fail: [withEpisodes(closed({ ReasonForClosure: 'RC2' }))],
  },
  { code: '8590', pass: [child()], fail: [withEpisodes()] },
  {
    code: '8600',
    pass: [withEpisodes(episode({ CINreferralDate: '2026-03-31' }))],
    fail: [
      withEpisodes(episode({ CINreferralDate: '2026-04-01' })),
      withEpisodes(episode({ CINreferralDate: '31/03/2026' })),
    ],
  },
  {
    code: '8606',
    pass: [child({ ids: { PersonBirthDate: '2026-03-09' } })],
    fail: [child({ ids: { PersonBirthDate: '2026-03-10' } })],
  },
  {
    code: '8608',
    pass: [
      withEpisodes(episode({ Assessments: [assessment({ AssessmentAuthorisationDate: '2025-06-03' })] })),
    ],
    fail: [
      withEpisodes(episode({ Assessments: [assessment({ AssessmentAuthorisationDate: '2025-06-02' })] })),
    ],
  },
  {
    code: '8610',
    pass: [withEpisodes(episode({ ReferralNFA: '1', PrimaryNeedCode: undefined }))],
    fail: [withEpisodes(episode({ PrimaryNeedCode: undefined }))],
  },
  {
    code: '8614',
    pass: [withEpisodes(episode({ Assessments: [assessment()] }))],
    fail: [withEpisodes(episode({ Assessments: [assessment({ AssessmentAuthorisationDate: undefined })] }))],
  },
  {
    code: '8615',
    pass: [withEpisodes(episode({ Section47: [enquiry({ S47ActualStartDate: '2025-06-17' })] }))],
    fail: [
      withEpisodes(episode({ Section47: [enquiry({ S47ActualStartDate: '2025-06-18' })] })),
      withEpisodes(episode({ Section47: [enquiry({ S47ActualStartDate: undefined })] })),
    ],
  },
  {
    code: '8620',
    pass: [withEpisodes(closed({ CINclosureDate: '2026-03-31' }))],
    fail: [withEpisodes(closed({ CINclosureDate: '2026-04-01' }))],
  },
  {
    code: '8630',
    pass: [withEpisodes(episode({ CINclosureDate: '2025-06-02', ReasonForClosure: 'RC7' }))],
    fail: [withEpisodes(episode({ CINclosureDate: '2025-06-01', ReasonForClosure: 'RC7' }))],
  },
  {
    code: '8640',
    pass: [withEpisodes(closed({ ReasonForClosure: 'RC9' }))],
    fail: [withEpisodes(closed({ ReasonForClosure: 'RC10' }))],
  },
  {
    code: '8650',
    pass: [withEpisodes(episode({ PrimaryNeedCode: 'N0' }))],
    fail: [withEpisodes(episode({ PrimaryNeedCode: 'N10' }))],
  },
  {
    // 45 working days before Tuesday 2026-03-31 is Tuesday 2026-01-27 (no bank holiday in between).
    code: '8670Q',
    pass: [
      withEpisodes(
        episode({
          Assessments: [
            assessment({
              AssessmentActualStartDate: '2026-01-27',
              AssessmentAuthorisationDate: undefined,
              AssessmentFactors: undefined,
            }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          Assessments: [
            assessment({
              AssessmentActualStartDate: '2026-01-26',
              AssessmentAuthorisationDate: undefined,
              AssessmentFactors: undefined,
            }),
          ],
        })
      ),
    ],
  },
  {
    // 15 working days before 2026-03-31 is 2026-03-10; the DfE rule queries older enquiries with no ICPC.
    code: '8675Q',
    pass: [
      withEpisodes(
        episode({ Section47: [enquiry({ S47ActualStartDate: '2026-03-10', DateOfInitialCPC: undefined })] })
      ),
      withEpisodes(
        episode({
          Section47: [
            enquiry({ S47ActualStartDate: '2026-01-05', DateOfInitialCPC: undefined, ICPCnotRequired: '1' }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({ Section47: [enquiry({ S47ActualStartDate: '2026-03-09', DateOfInitialCPC: undefined })] })
      ),
    ],
  },
  {
    code: '8696',
    pass: [
      withEpisodes(episode({ Assessments: [assessment({ AssessmentAuthorisationDate: '2025-04-01' })] })),
    ],
    fail: [
      withEpisodes(
        episode({
          CINreferralDate: '2025-02-01',
          Assessments: [
            assessment({
              AssessmentActualStartDate: '2025-02-03',
              AssessmentAuthorisationDate: '2025-03-31',
            }),
          ],
        })
      ),
    ],
  },
  {
    code: '8715',
    pass: [withEpisodes(episode({ Section47: [enquiry()] }))],
    fail: [
      withEpisodes(
        episode({
          CINreferralDate: '2025-03-01',
          Section47: [enquiry({ S47ActualStartDate: '2025-03-03', DateOfInitialCPC: '2025-03-20' })],
        })
      ),
    ],
  },
  {
    code: '8720',
    pass: [
      withEpisodes(
        episode({ ChildProtectionPlans: [cpp({ CPPstartDate: '2026-03-31', Reviews: undefined })] })
      ),
    ],
    fail: [
      withEpisodes(
        episode({ ChildProtectionPlans: [cpp({ CPPstartDate: '2026-04-01', Reviews: undefined })] })
      ),
      withEpisodes(episode({ ChildProtectionPlans: [cpp({ CPPstartDate: undefined })] })),
    ],
  },
  {
    code: '8730',
    pass: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ NumberOfPreviousCPP: '2' })] }))],
    fail: [
      withEpisodes(episode({ ChildProtectionPlans: [cpp({ NumberOfPreviousCPP: undefined })] })),
      withEpisodes(episode({ ChildProtectionPlans: [cpp({ NumberOfPreviousCPP: '-1' })] })),
    ],
  },
  {
    code: '8736',
    pass: [
      withEpisodes(
        episode({
          Assessments: [
            assessment({
              AssessmentActualStartDate: '2025-04-01',
              AssessmentAuthorisationDate: undefined,
              AssessmentFactors: undefined,
            }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          CINreferralDate: '2025-03-01',
          Assessments: [
            assessment({
              AssessmentActualStartDate: '2025-03-31',
              AssessmentAuthorisationDate: undefined,
              AssessmentFactors: undefined,
            }),
          ],
        })
      ),
    ],
  },
  {
    code: '8740',
    pass: [
      withEpisodes(
        episode({
          CINreferralDate: '2025-03-01',
          Section47: [
            enquiry({ S47ActualStartDate: '2025-03-31', DateOfInitialCPC: undefined, ICPCnotRequired: '1' }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          CINreferralDate: '2025-03-01',
          Section47: [enquiry({ S47ActualStartDate: '2025-03-31', DateOfInitialCPC: undefined })],
        })
      ),
    ],
  },
  {
    code: '8750',
    pass: [child({ ids: { PersonBirthDate: undefined, ExpectedPersonBirthDate: '2026-05-01', Sex: 'U' } })],
    fail: [child({ ids: { PersonBirthDate: undefined, ExpectedPersonBirthDate: '2026-05-01', Sex: 'F' } })],
  },
  {
    // School age for 2025-26: born on or before 2022-08-31.
    code: '8770Q',
    pass: [
      child({ ids: { UPN: 'A123456789012', UPNunknown: undefined } }),
      child({ ids: { PersonBirthDate: '2022-09-01', UPNunknown: 'UN1' } }),
    ],
    fail: [
      child({ ids: { UPNunknown: 'UN1' } }),
      child({ ids: { PersonBirthDate: '2022-08-31', UPNunknown: undefined } }),
    ],
  },
  {
    code: '8772',
    pass: [child({ ids: { UPNunknown: 'UN7' }, episodes: [closed({ ReferralNFA: '1', Assessments: [] })] })],
    fail: [child({ ids: { UPNunknown: 'UN7' } })],
  },
  {
    code: '8775Q',
    pass: [child({ ids: { PersonBirthDate: '2001-03-31' } })],
    fail: [child({ ids: { PersonBirthDate: '2001-03-30' } })],
  },
  {
    code: '8790',
    pass: [child({ characteristics: { Disabilities: ['NONE'] } })],
    fail: [child({ characteristics: { Disabilities: ['NONE', 'VIS'] } })],
  },
  {
    code: '8794',
    pass: [child({ characteristics: { Disabilities: ['VIS', 'HEAR'] } })],
    fail: [child({ characteristics: { Disabilities: ['VIS', 'VIS'] } })],
  },
  {
    code: '8805',
    pass: [withEpisodes(closed())],
    fail: [withEpisodes(closed({ ReasonForClosure: undefined }))],
  },
  {
    code: '8810',
    pass: [withEpisodes(closed())],
    fail: [withEpisodes(episode({ ReasonForClosure: 'RC7' }))],
  },
  {
    code: '8815',
    pass: [withEpisodes(episode({ CINreferralDate: '2025-05-01', ReferralNFA: '1' }), episode())],
    fail: [withEpisodes(episode({ CINreferralDate: '2025-05-01' }), episode())],
  },
  {
    code: '8816',
    pass: [withEpisodes(closed({ CINreferralDate: '2025-05-01', CINclosureDate: '2025-05-20' }), episode())],
    fail: [
      withEpisodes(
        episode({ CINreferralDate: '2025-05-01' }),
        closed({ CINreferralDate: '2025-07-01', CINclosureDate: '2025-07-10' })
      ),
    ],
  },
  {
    // A referral may start on the day the previous episode closed.
    code: '8820',
    pass: [withEpisodes(closed({ CINreferralDate: '2025-04-10', CINclosureDate: '2025-06-02' }), episode())],
    fail: [withEpisodes(closed({ CINreferralDate: '2025-04-10', CINclosureDate: '2025-06-03' }), episode())],
  },
  {
    code: '8825Q',
    pass: [withEpisodes(closed({ ReasonForClosure: 'RC8' }))],
    fail: [withEpisodes(closed({ ReasonForClosure: 'RC9', Assessments: [] }))],
  },
  {
    code: '8831',
    pass: [withEpisodes(episode({ ReferralNFA: '1' }))],
    fail: [
      withEpisodes(episode({ ReferralNFA: '1', Assessments: [assessment()] })),
      withEpisodes(episode({ ReferralNFA: '1', DateOfInitialCPC: '2025-06-17' })),
    ],
  },
  {
    code: '8832',
    pass: [withEpisodes(episode({ ChildProtectionPlans: [cpp()] }))],
    fail: [withEpisodes(episode({ ReferralNFA: 'true', ChildProtectionPlans: [cpp()] }))],
  },
  {
    code: '8839',
    pass: [
      withEpisodes(
        episode({
          Section47: [
            enquiry({ DateOfInitialCPC: undefined }),
            enquiry({ DateOfInitialCPC: undefined, ICPCnotRequired: '1' }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          Section47: [enquiry({ DateOfInitialCPC: undefined }), enquiry({ DateOfInitialCPC: undefined })],
        })
      ),
    ],
  },
  {
    code: '8840',
    pass: [
      withEpisodes(
        episode({ ChildProtectionPlans: [cpp({ CPPendDate: '2025-06-18', Reviews: undefined })] })
      ),
    ],
    fail: [
      withEpisodes(
        episode({ ChildProtectionPlans: [cpp({ CPPendDate: '2025-06-17', Reviews: undefined })] })
      ),
    ],
  },
  {
    // The later review dates are checked too, not only the first.
    code: '8841',
    pass: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ Reviews: ['2025-06-18', '2025-09-10'] })] }))],
    fail: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ Reviews: ['2025-09-10', '2025-06-17'] })] }))],
  },
  {
    code: '8842Q',
    pass: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ Reviews: undefined })] }))],
    fail: [
      withEpisodes(episode({ ChildProtectionPlans: [cpp({ Reviews: ['2025-09-10', ''] })] })),
      withEpisodes(episode({ ChildProtectionPlans: [cpp({ Reviews: [] })] })),
    ],
  },
  {
    code: '8863Q',
    pass: [
      withEpisodes(
        episode({
          Assessments: [
            assessment(),
            assessment({
              AssessmentActualStartDate: '2025-06-21',
              AssessmentAuthorisationDate: '2025-07-01',
            }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          Assessments: [
            assessment(),
            assessment({
              AssessmentActualStartDate: '2025-06-20',
              AssessmentAuthorisationDate: '2025-07-01',
            }),
          ],
        })
      ),
    ],
  },
  {
    code: '8866',
    pass: [withEpisodes(episode({ ReferralSource: '10' }))],
    fail: [
      withEpisodes(episode({ ReferralSource: undefined })),
      withEpisodes(episode({ ReferralSource: '11' })),
    ],
  },
  {
    code: '8867',
    pass: [withEpisodes(closed())],
    fail: [
      withEpisodes(
        closed({
          Assessments: [assessment({ AssessmentAuthorisationDate: undefined, AssessmentFactors: undefined })],
        })
      ),
    ],
  },
  {
    code: '8868',
    pass: [
      withEpisodes(closed({ Section47: [enquiry({ DateOfInitialCPC: undefined, ICPCnotRequired: '1' })] })),
    ],
    fail: [withEpisodes(closed({ Section47: [enquiry({ DateOfInitialCPC: undefined })] }))],
  },
  {
    code: '8869',
    pass: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['21'] })] }))],
    fail: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['21', '3B'] })] }))],
  },
  {
    // 2025-06-14 is a Saturday.
    code: '8870Q',
    pass: [withEpisodes(episode({ Section47: [enquiry({ InitialCPCtarget: '2025-06-16' })] }))],
    fail: [withEpisodes(episode({ Section47: [enquiry({ InitialCPCtarget: '2025-06-14' })] }))],
  },
  {
    code: '8873Q',
    pass: [
      withEpisodes(
        closed({ ReasonForClosure: 'RC8', Assessments: [assessment({ AssessmentFactors: ['21'] })] })
      ),
      withEpisodes(
        closed({
          Assessments: [
            assessment({ AssessmentFactors: ['21'] }),
            assessment({ AssessmentActualStartDate: '2025-06-21' }),
          ],
        })
      ),
    ],
    fail: [withEpisodes(closed({ Assessments: [assessment({ AssessmentFactors: ['21'] })] }))],
  },
  {
    code: '8875',
    pass: [withEpisodes(episode({ Section47: [enquiry()] }))],
    fail: [
      withEpisodes(episode({ Section47: [enquiry({ DateOfInitialCPC: '2025-06-15' })] })),
      withEpisodes(episode({ DateOfInitialCPC: '2025-06-14' })),
    ],
  },
  {
    code: '8890',
    pass: [
      withEpisodes(
        episode({
          Section47: [
            enquiry(),
            enquiry({ S47ActualStartDate: '2025-06-18', DateOfInitialCPC: '2025-06-30' }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          Section47: [
            enquiry(),
            enquiry({ S47ActualStartDate: '2025-06-17', DateOfInitialCPC: '2025-06-30' }),
          ],
        })
      ),
      withEpisodes(
        episode({
          Section47: [
            enquiry({ DateOfInitialCPC: undefined }),
            enquiry({ S47ActualStartDate: '2025-09-01', DateOfInitialCPC: '2025-09-15' }),
          ],
        })
      ),
    ],
  },
  {
    code: '8896',
    pass: [
      withEpisodes(
        episode({
          Assessments: [
            assessment(),
            assessment({ AssessmentAuthorisationDate: undefined, AssessmentFactors: undefined }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          Assessments: [
            assessment({ AssessmentAuthorisationDate: undefined, AssessmentFactors: undefined }),
            assessment({ AssessmentAuthorisationDate: undefined, AssessmentFactors: undefined }),
          ],
        })
      ),
    ],
  },
  {
    code: '8897Q',
    pass: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['24A', '3B'] })] }))],
    fail: [
      withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: undefined })] })),
      withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['3D'] })] })),
    ],
  },
  {
    code: '8898',
    pass: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['3B', '4B'] })] }))],
    fail: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['3B', '4B', '3B'] })] }))],
  },
  {
    code: '8905',
    pass: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ InitialCategoryOfAbuse: 'MUL' })] }))],
    fail: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ InitialCategoryOfAbuse: 'NEGLECT' })] }))],
  },
  {
    code: '8910',
    pass: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ LatestCategoryOfAbuse: 'EMO' })] }))],
    fail: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ LatestCategoryOfAbuse: undefined })] }))],
  },
  {
    code: '8915',
    pass: [
      child({
        ids: { PersonDeathDate: '2025-06-17' },
        episodes: [episode({ ChildProtectionPlans: [cpp()] })],
      }),
    ],
    fail: [
      child({
        ids: { PersonDeathDate: '2025-06-16' },
        episodes: [episode({ ChildProtectionPlans: [cpp()] })],
      }),
    ],
  },
  {
    code: '8920',
    pass: [
      child({
        ids: { PersonDeathDate: '2025-08-01' },
        episodes: [episode({ ChildProtectionPlans: [cpp({ CPPendDate: '2025-08-01' })] })],
      }),
    ],
    fail: [
      child({
        ids: { PersonDeathDate: '2025-08-01' },
        episodes: [episode({ ChildProtectionPlans: [cpp({ CPPendDate: '2025-08-02' })] })],
      }),
    ],
  },
  {
    code: '8925',
    pass: [
      withEpisodes(
        episode({ ChildProtectionPlans: [cpp({ CPPendDate: '2025-06-18', Reviews: undefined })] })
      ),
    ],
    fail: [
      withEpisodes(
        episode({ ChildProtectionPlans: [cpp({ CPPendDate: '2025-06-16', Reviews: undefined })] })
      ),
    ],
  },
  {
    code: '8930',
    pass: [withEpisodes(episode({ ChildProtectionPlans: [cpp({ CPPendDate: '2026-03-31' })] }))],
    fail: [
      withEpisodes(
        episode({
          CINreferralDate: '2024-06-02',
          ChildProtectionPlans: [
            cpp({ CPPstartDate: '2024-06-17', CPPendDate: '2025-03-31', Reviews: undefined }),
          ],
        })
      ),
    ],
  },
  {
    code: '8935',
    pass: [
      withEpisodes(
        episode({
          ChildProtectionPlans: [
            cpp({ CPPendDate: '2025-07-01', Reviews: undefined }),
            cpp({ CPPstartDate: '2025-08-01', Reviews: undefined }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          ChildProtectionPlans: [
            cpp({ Reviews: undefined }),
            cpp({ CPPstartDate: '2025-08-01', Reviews: undefined }),
          ],
        })
      ),
    ],
  },
  {
    code: '8940',
    pass: [
      withEpisodes(
        episode({
          ChildProtectionPlans: [
            cpp({ CPPendDate: '2025-07-01', Reviews: undefined }),
            cpp({ CPPstartDate: '2025-07-02', Reviews: undefined }),
          ],
        })
      ),
    ],
    fail: [
      withEpisodes(
        episode({
          ChildProtectionPlans: [
            cpp({ CPPendDate: '2025-07-01', Reviews: undefined }),
            cpp({ CPPstartDate: '2025-06-30', Reviews: undefined }),
          ],
        })
      ),
    ],
  },
  {
    code: '8945Q',
    pass: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['18B', '18C'] })] }))],
    fail: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['3B', '18A'] })] }))],
  },
  {
    code: '8950Q',
    pass: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['19B', '19C'] })] }))],
    fail: [withEpisodes(episode({ Assessments: [assessment({ AssessmentFactors: ['19A'] })] }))],
  },
];

describe('CIN census rules 4180 to 8950Q', () => {
  it('lists every rule after 4017 once, with its severity', () => {
    const codes = RULES_B.map((rule) => rule.code);
    expect(codes).toEqual(CASES.map((testCase) => testCase.code));
    expect(new Set(codes).size).toBe(74);
    for (const rule of RULES_B) expect(rule.severity).toBe(rule.code.endsWith('Q') ? 'query' : 'error');
  });

  it('finds nothing in a tidy child with a full episode', () => {
    const tidy = withEpisodes(
      closed({
        CINreferralDate: '2025-04-10',
        CINclosureDate: '2025-05-20',
        Assessments: [
          assessment({ AssessmentActualStartDate: '2025-04-11', AssessmentAuthorisationDate: '2025-05-02' }),
        ],
      }),
      episode({
        Assessments: [assessment()],
        Section47: [enquiry()],
        ChildProtectionPlans: [cpp()],
        CINPlanDates: [plan({ CINPlanStartDate: '2025-06-05', CINPlanEndDate: '2025-06-17' })],
      })
    );
    const found = RULES_B.flatMap((rule) =>
      rule.level === 'child' ? hitsOf(rule.code, [tidy]).map(() => rule.code) : []
    );
    expect(found).toEqual([]);
  });

  describe.each(CASES)('$code', ({ code, pass, fail, together }) => {
    it('passes a correct entry', () => {
      expect(hitsOf(code, pass)).toEqual([]);
    });
    it('reports each faulty entry', () => {
      const returns = together ? [fail] : fail.map((faulty) => [faulty]);
      for (const faulty of returns) expect(hitsOf(code, faulty).length).toBeGreaterThan(0);
    });
  });

  it('says where a hit is and which value is at fault', () => {
    const hits = hitsOf('8898', [
      withEpisodes(closed(), episode({ Assessments: [assessment({ AssessmentFactors: ['3B', '3B'] })] })),
    ]);
    expect(hits).toEqual([
      { fields: ['AssessmentFactors'], value: '3B', at: { episode: 1, group: 'Assessments', index: 0 } },
    ]);
  });
});

/*
 * While the census year is in progress the return is judged as at today: what is open today is open, not
 * overdue against a 31 March still to come. Today here is Thursday 20 November 2025.
 */
describe('a census year in progress, judged as at today', () => {
  const today = '2025-11-20';
  const openAssessment = (start: string) =>
    withEpisodes(
      episode({
        Assessments: [
          assessment({
            AssessmentActualStartDate: start,
            AssessmentAuthorisationDate: undefined,
            AssessmentFactors: undefined,
          }),
        ],
      })
    );
  const openEnquiry = (start: string) =>
    withEpisodes(
      episode({ Section47: [enquiry({ S47ActualStartDate: start, DateOfInitialCPC: undefined })] })
    );

  it('8670Q: an assessment open 45 working days by today is queried, a younger one is not', () => {
    // 45 working days before 20 November 2025 is 18 September.
    expect(hitsOf('8670Q', [openAssessment('2025-09-18')], today)).toEqual([]);
    expect(hitsOf('8670Q', [openAssessment('2025-09-17')], today)).toHaveLength(1);
    // Judged as at 31 March, the younger one would be queried too.
    expect(hitsOf('8670Q', [openAssessment('2025-09-18')])).toHaveLength(1);
  });

  it('8675Q: an enquiry without its conference 15 working days by today is queried, a younger one is not', () => {
    expect(hitsOf('8675Q', [openEnquiry('2025-10-30')], today)).toEqual([]);
    expect(hitsOf('8675Q', [openEnquiry('2025-10-29')], today)).toHaveLength(1);
    expect(hitsOf('8675Q', [openEnquiry('2025-10-30')])).toHaveLength(1);
  });

  it('8530Q: an expected birth is judged around today', () => {
    const unborn = (expected: string) =>
      child({ ids: { PersonBirthDate: undefined, ExpectedPersonBirthDate: expected, Sex: 'U' } });
    expect(hitsOf('8530Q', [unborn('2025-12-15')], today)).toEqual([]);
    expect(hitsOf('8530Q', [unborn('2025-10-20')], today)).toHaveLength(1);
    expect(hitsOf('8530Q', [unborn('2025-12-15')])).toHaveLength(1);
  });

  it('8775Q: a young person turns 25 on their birthday, not at the census date', () => {
    const born = (date: string) => child({ ids: { PersonBirthDate: date } });
    expect(hitsOf('8775Q', [born('2000-12-01')], today)).toEqual([]);
    expect(hitsOf('8775Q', [born('2000-11-19')], today)).toHaveLength(1);
    expect(hitsOf('8775Q', [born('2000-12-01')])).toHaveLength(1);
  });

  it('never judges a finished year as at a day after its reference date', () => {
    expect(hitsOf('8670Q', [openAssessment('2026-01-27')], '2026-11-20')).toEqual([]);
  });
});
