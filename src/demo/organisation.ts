/**
 * The demo council's organisation: the council and its safeguarding partners, their teams, about
 * 140 staff in every role, and the council settings the front door runs on.
 */
import type { AgencyKind, CouncilSettings, Role, TeamKind } from '../platform/db/schema.ts';
import { DEMO_ACCOUNTS, type DemoAccountPlan } from './demo-accounts.ts';
import { adultGivenName, pickHeritage, pickSurname, surnameFor, type Sex } from './names.ts';
import { COUNCIL_NAME, LOCALITIES } from './places.ts';
import type { Random } from '../shared/random.ts';

export const DEMO_COUNCIL_SETTINGS: CouncilSettings = {
  ragTimescales: {
    red: { unit: 'hours', amount: 4 },
    amber: { unit: 'working_days', amount: 1 },
    green: { unit: 'working_days', amount: 3 },
  },
  decisionTimescale: { unit: 'working_days', amount: 1 },
  serviceHours: { weekdays: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' },
  closures: [],
  // The demo council does not force a second factor on anyone (the demo manager has one anyway).
  secondFactorRequiredRoles: [],
  // Fictional numbers from Ofcom's range for drama.
  dutyContact: {
    line: '01632 960 100',
    hours: 'Monday to Friday, 8am to 8pm',
    outOfHours: '01632 960 200',
  },
};

export type PartnerKey =
  | 'police'
  | 'health_icb'
  | 'health_trust'
  | 'education'
  | 'probation'
  | 'housing'
  | 'adult_services'
  | 'youth_justice'
  | 'domestic_abuse_service';

export interface AgencyPlan {
  readonly key: 'council' | PartnerKey;
  readonly name: string;
  readonly kind: AgencyKind;
  readonly emailDomain: string;
  /** Partner practitioners seconded to or working with the front door. */
  readonly partnerStaff: number;
}

export const AGENCIES: readonly AgencyPlan[] = [
  { key: 'council', name: COUNCIL_NAME, kind: 'council', emailDomain: 'northmoor.example', partnerStaff: 0 },
  {
    key: 'police',
    name: 'Northmoor and Dales Police',
    kind: 'police',
    emailDomain: 'police.northmoor.example',
    partnerStaff: 6,
  },
  {
    key: 'health_icb',
    name: 'Northmoor Integrated Care Board',
    kind: 'health',
    emailDomain: 'icb.northmoor.example',
    partnerStaff: 3,
  },
  {
    key: 'health_trust',
    name: 'Northmoor Hospitals NHS Foundation Trust',
    kind: 'health',
    emailDomain: 'nhs.northmoor.example',
    partnerStaff: 3,
  },
  {
    key: 'education',
    name: 'Northmoor Schools Safeguarding Service',
    kind: 'education',
    emailDomain: 'schools.northmoor.example',
    partnerStaff: 3,
  },
  {
    key: 'probation',
    name: 'Probation Service, Northmoor Delivery Unit',
    kind: 'probation',
    emailDomain: 'probation.northmoor.example',
    partnerStaff: 2,
  },
  {
    key: 'housing',
    name: 'Northmoor Homes',
    kind: 'housing',
    emailDomain: 'homes.northmoor.example',
    partnerStaff: 2,
  },
  {
    key: 'adult_services',
    name: 'Northmoor Adult Social Care',
    kind: 'adult_services',
    emailDomain: 'adults.northmoor.example',
    partnerStaff: 2,
  },
  {
    key: 'youth_justice',
    name: 'Northmoor Youth Justice Service',
    kind: 'youth_justice',
    emailDomain: 'yjs.northmoor.example',
    partnerStaff: 2,
  },
  {
    key: 'domestic_abuse_service',
    name: 'Moorside Domestic Abuse Service',
    kind: 'other',
    emailDomain: 'moorside-das.example',
    partnerStaff: 1,
  },
];

export interface TeamPlan {
  /** 'front_door', 'early_help:0' (by locality index), 'partner:police', … */
  readonly key: string;
  readonly name: string;
  readonly kind: TeamKind;
  readonly agencyIndex: number;
  readonly localityIndex: number | null;
  /** How many staff of each role the team has, demo accounts included. */
  readonly staff: readonly (readonly [Role, number])[];
}

const council = (
  key: string,
  name: string,
  kind: TeamKind,
  staff: TeamPlan['staff'],
  localityIndex: number | null = null
) => ({ key, name, kind, agencyIndex: 0, localityIndex, staff }) satisfies TeamPlan;

export const TEAMS: readonly TeamPlan[] = [
  council('front_door', 'Front Door (MASH)', 'front_door', [
    ['team_manager', 3],
    ['front_door_practitioner', 18],
    // Gives the second sign-off on decisions that step down from red or level 4 (decision-rules.ts).
    ['service_manager', 1],
  ]),
  council('out_of_hours', 'Emergency Duty Team', 'out_of_hours', [
    ['team_manager', 1],
    ['out_of_hours_worker', 8],
  ]),
  ...LOCALITIES.map((locality, index) =>
    council(
      `early_help:${index}`,
      `Early Help – ${locality.name}`,
      'early_help',
      [
        ['team_manager', 1],
        ['front_door_practitioner', 4],
      ],
      index
    )
  ),
  // Assessment, early help and child protection social workers use the practitioner role: the
  // schema has no separate role for them yet.
  ...LOCALITIES.map((locality, index) =>
    council(
      `assessment:${index}`,
      `Assessment and Family Help – ${locality.name}`,
      'assessment',
      [
        ['team_manager', 1],
        ['front_door_practitioner', 5],
      ],
      index
    )
  ),
  council('child_protection', 'Child Protection and Court Team', 'child_protection', [
    ['team_manager', 1],
    ['front_door_practitioner', 6],
  ]),
  council('quality_assurance', 'Quality Assurance and Safeguarding', 'quality_assurance', [
    ['qa_officer', 4],
  ]),
  council('performance', 'Performance and Insight', 'performance', [['performance_analyst', 3]]),
  council('leadership', 'Children’s Services Leadership', 'leadership', [['senior_leader', 4]]),
  council('administration', 'Business Support', 'administration', [['administrator', 6]]),
  ...AGENCIES.flatMap((agency, agencyIndex) =>
    agency.partnerStaff === 0
      ? []
      : [
          {
            key: `partner:${agency.key}`,
            name: `${agency.name} – MASH partners`,
            kind: 'partner' as const,
            agencyIndex,
            localityIndex: null,
            staff: [['partner_agency_practitioner', agency.partnerStaff] as const],
          },
        ]
  ),
];

export interface StaffPlan {
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly role: Role;
  readonly agencyIndex: number;
  readonly teamIndex: number;
  readonly demoAccount: DemoAccountPlan | null;
}

/** Every team's staff: the fixed demo accounts first in their teams, then generated colleagues. */
export function planStaff(random: Random): StaffPlan[] {
  const usernames = new Set(DEMO_ACCOUNTS.map((account) => account.username));
  return TEAMS.flatMap((team, teamIndex) => {
    const agency = AGENCIES[team.agencyIndex] as AgencyPlan;
    return team.staff.flatMap(([role, count]) => {
      const demo = DEMO_ACCOUNTS.filter((account) => account.teamKey === team.key && account.role === role);
      const generated = Array.from({ length: Math.max(0, count - demo.length) }, () => {
        const displayName = staffName(random);
        const username = uniqueUsername(displayName, usernames);
        return { username, displayName, demoAccount: null };
      });
      const members = [
        ...demo.map((account) => ({
          username: account.username,
          displayName: account.displayName,
          demoAccount: account,
        })),
        ...generated,
      ];
      return members.map((member) => ({
        ...member,
        email: `${member.username}@${agency.emailDomain}`,
        role,
        agencyIndex: team.agencyIndex,
        teamIndex,
      }));
    });
  });
}

function staffName(random: Random): string {
  const heritage = pickHeritage(random);
  const sex: Sex = random.chance(0.78) ? 'F' : 'M'; // the children's social care workforce is mostly women
  return `${adultGivenName(random, heritage, sex)} ${surnameFor(pickSurname(random, heritage), sex)}`;
}

/** 'firstname.lastname', ASCII only, with a number when two colleagues share a name. */
function uniqueUsername(displayName: string, taken: Set<string>): string {
  const base = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
  let username = base;
  for (let suffix = 2; taken.has(username); suffix++) username = `${base}${suffix}`;
  taken.add(username);
  return username;
}
