/**
 * Who contacts the front door, how, when and about what: one profile per CIN census referral
 * source code, with shares close to England's (police about a third, schools a fifth, health a
 * seventh), typical channels, hours, presenting concerns and the referrer's details.
 */
import type { ContactChannel } from '../platform/db/schema.ts';
import { adultGivenName, pickHeritage, pickSurname, surnameFor, type Sex } from './names.ts';
import type { PartnerKey } from './organisation.ts';
import { schoolsOf } from './places.ts';
import { weightedTable, type Random, type WeightedTable } from '../shared/random.ts';

/** When in the week a source gets in touch (see `HOUR_WEIGHTS` and `dayWeight` in contact-chains.ts). */
export type Timing = 'office' | 'school' | 'round_the_clock' | 'public';

export interface Referrer {
  name: string | null;
  role: string | null;
  organisation: string | null;
  agency: PartnerKey | 'council' | null;
  phone: string | null;
  email: string | null;
}

export interface SourceProfile {
  readonly code: string;
  readonly weight: number;
  readonly timing: Timing;
  readonly channels: WeightedTable<ContactChannel>;
  /** Ages (at the contact) of the children this source tends to contact about. */
  readonly ages: readonly [number, number];
  readonly concerns: WeightedTable<string>;
  /** Sources that usually see worse situations (A&E, police) shift the level up a little. */
  readonly levelShift: number;
  readonly referrer: (random: Random, localityIndex: number) => Referrer;
}

const channels = (entries: [ContactChannel, number][]) => weightedTable(entries);
const concerns = (entries: Record<string, number>) => weightedTable(Object.entries(entries));

/** Ofcom reserves 01632 960xxx and 07700 900xxx for drama, so these numbers can never ring anyone. */
const phone = (random: Random) => `01632 960${String(random.int(0, 999)).padStart(3, '0')}`;
const mobile = (random: Random) => `07700 900${String(random.int(0, 999)).padStart(3, '0')}`;

function personName(random: Random, title = ''): string {
  const heritage = pickHeritage(random);
  const sex: Sex = random.chance(0.6) ? 'F' : 'M';
  const name = `${adultGivenName(random, heritage, sex)} ${surnameFor(pickSurname(random, heritage), sex)}`;
  return title ? `${title} ${name}` : name;
}

function professional(
  role: string,
  organisation: string,
  agency: Referrer['agency'],
  domain: string,
  title = ''
) {
  return (random: Random): Referrer => {
    const name = personName(random, title);
    const mailbox = name
      .replace(/^(PC|DC|Dr) /, '')
      .normalize('NFKD')
      .replace(/[^A-Za-z ]/g, '')
      .toLowerCase()
      .replace(/ /g, '.');
    return { name, role, organisation, agency, phone: phone(random), email: `${mailbox}@${domain}` };
  };
}

function member(roles: readonly string[]) {
  return (random: Random): Referrer => ({
    name: personName(random),
    role: random.pick(roles),
    organisation: null,
    agency: null,
    phone: random.chance(0.8) ? mobile(random) : null,
    email: null,
  });
}

const nobody = (): Referrer => ({
  name: null,
  role: null,
  organisation: null,
  agency: null,
  phone: null,
  email: null,
});

const PROFESSIONAL_CHANNELS = channels([
  ['email', 40],
  ['phone', 30],
  ['online_form', 30],
]);

export const SOURCES: readonly SourceProfile[] = [
  {
    code: '6',
    weight: 22,
    timing: 'round_the_clock',
    channels: channels([
      ['police_notification', 88],
      ['phone', 8],
      ['email', 4],
    ]),
    ages: [0, 17],
    concerns: concerns({
      '3B': 34,
      '3A': 10,
      '3C': 2,
      '14A': 6,
      '10A': 8,
      '24A': 4,
      '13A': 2,
      '11A': 2,
      '18C': 5,
      '19C': 2,
      '19B': 1,
      '2B': 4,
      '1B': 3,
      '16A': 4,
      '17A': 3,
      '12A': 0.5,
    }),
    levelShift: 0,
    referrer: (random) =>
      professional(
        'Police officer, Public Protection Unit',
        'Northmoor and Dales Police',
        'police',
        'police.northmoor.example',
        random.chance(0.7) ? 'PC' : 'DC'
      )(random),
  },
  {
    code: '2A',
    weight: 19.5,
    timing: 'school',
    channels: channels([
      ['online_form', 45],
      ['phone', 35],
      ['email', 20],
    ]),
    ages: [3, 17],
    concerns: concerns({
      '16A': 14,
      '17A': 8,
      '4A': 10,
      '15A': 6,
      '18C': 9,
      '3A': 5,
      '3B': 4,
      '14A': 5,
      '19B': 2,
      '19C': 2,
      '10A': 3,
      '11A': 2,
      '24A': 2,
      '4B': 4,
      '20': 5,
      '5A': 2,
      '7A': 2,
      '22A': 0.5,
      '23A': 0.3,
    }),
    levelShift: 0,
    referrer: (random, localityIndex) => {
      const school = random.pick(schoolsOf(localityIndex));
      const domain = `${school
        .toLowerCase()
        .replace(/[^a-z]+/g, '-')
        .replace(/^-|-$/g, '')}.sch.example`;
      return professional('Designated safeguarding lead', school, 'education', domain)(random);
    },
  },
  {
    code: '2B',
    weight: 2.5,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [4, 17],
    concerns: concerns({ '16A': 6, '4A': 4, '14A': 3, '10A': 2, '7A': 2, '20': 4 }),
    levelShift: -0.2,
    referrer: professional(
      'Education welfare officer',
      'Northmoor Education Welfare Service',
      'education',
      'schools.northmoor.example'
    ),
  },
  {
    code: '3A',
    weight: 3.5,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [0, 17],
    concerns: concerns({
      '4B': 10,
      '16A': 8,
      '2B': 4,
      '1B': 4,
      '15A': 4,
      '4A': 5,
      '6A': 3,
      '18C': 3,
      '3B': 3,
    }),
    levelShift: 0,
    referrer: professional('GP', 'Moorside Medical Practice', 'health_icb', 'nhs.northmoor.example', 'Dr'),
  },
  {
    code: '3B',
    weight: 4,
    timing: 'office',
    channels: channels([
      ['phone', 40],
      ['partner_api', 30],
      ['email', 30],
    ]),
    ages: [0, 4],
    concerns: concerns({ '16A': 10, '4B': 10, '3B': 6, '2B': 3, '1B': 2, '18C': 3, '5B': 2, '6B': 1 }),
    levelShift: 0,
    referrer: professional(
      'Health visitor',
      'Northmoor Health Visiting Service',
      'health_trust',
      'nhs.northmoor.example'
    ),
  },
  {
    code: '3C',
    weight: 2,
    timing: 'school',
    channels: PROFESSIONAL_CHANNELS,
    ages: [5, 17],
    concerns: concerns({ '15A': 8, '4A': 8, '16A': 5, '6A': 3, '22A': 1, '11A': 1 }),
    levelShift: 0,
    referrer: professional(
      'School nurse',
      'Northmoor School Nursing Service',
      'health_trust',
      'nhs.northmoor.example'
    ),
  },
  {
    code: '3D',
    weight: 2.5,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [0, 17],
    concerns: concerns({ '4B': 6, '2B': 5, '1B': 3, '3B': 4, '16A': 4, '5B': 2, '6B': 2 }),
    levelShift: 0,
    referrer: professional(
      'Community midwife',
      'Northmoor Hospitals NHS Foundation Trust',
      'health_trust',
      'nhs.northmoor.example'
    ),
  },
  {
    code: '3E',
    weight: 4,
    timing: 'round_the_clock',
    channels: channels([
      ['phone', 50],
      ['partner_api', 30],
      ['email', 20],
    ]),
    ages: [0, 17],
    concerns: concerns({ '18C': 12, '15A': 10, '1A': 3, '2A': 2, '3A': 3, '16A': 3, '19C': 1, '11A': 1 }),
    levelShift: 0.3,
    referrer: professional(
      'Emergency department nurse',
      'Northmoor General Hospital',
      'health_trust',
      'nhs.northmoor.example'
    ),
  },
  {
    code: '3F',
    weight: 2.5,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [5, 17],
    concerns: concerns({ '4A': 10, '15A': 6, '4B': 3, '6A': 3, '19B': 1 }),
    levelShift: 0,
    referrer: professional('CAMHS practitioner', 'Northmoor CAMHS', 'health_trust', 'nhs.northmoor.example'),
  },
  {
    code: '4',
    weight: 2,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [0, 17],
    concerns: concerns({ '16A': 6, '3B': 4, '2B': 3, '20': 6, '4B': 3 }),
    levelShift: -0.2,
    referrer: professional('Housing officer', 'Northmoor Homes', 'housing', 'homes.northmoor.example'),
  },
  {
    code: '5A',
    weight: 3,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [0, 17],
    concerns: concerns({ '4B': 8, '5B': 4, '6B': 4, '7A': 6, '1B': 4, '2B': 4 }),
    levelShift: 0,
    referrer: professional(
      'Social worker, adult social care',
      'Northmoor Adult Social Care',
      'adult_services',
      'adults.northmoor.example'
    ),
  },
  {
    code: '5B',
    weight: 2.5,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [10, 17],
    concerns: concerns({ '14A': 8, '24A': 5, '13A': 3, '10A': 3, '2A': 2 }),
    levelShift: 0,
    referrer: professional(
      'Youth justice worker',
      'Northmoor Youth Justice Service',
      'youth_justice',
      'yjs.northmoor.example'
    ),
  },
  {
    code: '5C',
    weight: 1.8,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [0, 17],
    concerns: concerns({ '16A': 4, '3B': 4, '4B': 3, '17A': 2, '20': 3 }),
    levelShift: 0.2,
    referrer: professional(
      'Social worker',
      'Westdale Metropolitan Council Children’s Services',
      null,
      'westdale.example'
    ),
  },
  {
    code: '5D',
    weight: 2.5,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [0, 17],
    concerns: concerns({ '16A': 6, '4B': 4, '3B': 4, '2B': 3, '17A': 3, '14A': 2 }),
    levelShift: 0.3,
    referrer: professional('Early help practitioner', 'Northmoor Early Help', 'council', 'northmoor.example'),
  },
  {
    code: '1A',
    weight: 4,
    timing: 'public',
    channels: channels([
      ['phone', 70],
      ['online_form', 15],
      ['in_person', 10],
      ['email', 5],
    ]),
    ages: [0, 17],
    concerns: concerns({ '16A': 12, '17A': 6, '2B': 8, '1B': 8, '3B': 8, '18C': 5, '4B': 5, '20': 5 }),
    levelShift: -0.3,
    referrer: member([
      'Grandmother',
      'Grandfather',
      'Aunt',
      'Uncle',
      'Father (not living with the child)',
      'Mother (not living with the child)',
    ]),
  },
  {
    code: '1B',
    weight: 1.8,
    timing: 'public',
    channels: channels([
      ['phone', 75],
      ['online_form', 25],
    ]),
    ages: [0, 17],
    concerns: concerns({ '16A': 10, '3B': 5, '18C': 3, '17A': 3, '2B': 3 }),
    levelShift: -0.4,
    referrer: member(['Neighbour', 'Family friend', 'Childminder']),
  },
  {
    code: '1C',
    weight: 0.7,
    timing: 'public',
    channels: channels([
      ['phone', 60],
      ['online_form', 30],
      ['in_person', 10],
    ]),
    ages: [11, 17],
    concerns: concerns({ '17A': 5, '18C': 4, '4A': 4, '3A': 3, '19C': 1 }),
    levelShift: 0,
    referrer: () => ({ ...nobody(), role: 'Young person (self-referral)' }),
  },
  {
    code: '1D',
    weight: 0.6,
    timing: 'public',
    channels: channels([
      ['phone', 80],
      ['online_form', 20],
    ]),
    ages: [0, 17],
    concerns: concerns({ '16A': 6, '18C': 3, '10A': 2, '20': 3 }),
    levelShift: -0.4,
    referrer: member(['Member of the public']),
  },
  {
    code: '7',
    weight: 3,
    timing: 'office',
    channels: channels([
      ['email', 55],
      ['phone', 30],
      ['letter', 15],
    ]),
    ages: [0, 17],
    concerns: concerns({ '3B': 6, '2B': 4, '18C': 3, '19C': 2, '17A': 4, '20': 3, '9A': 1 }),
    levelShift: 0,
    referrer: professional(
      'Probation officer',
      'Probation Service, Northmoor Delivery Unit',
      'probation',
      'probation.northmoor.example'
    ),
  },
  {
    code: '8',
    weight: 5.5,
    timing: 'office',
    channels: PROFESSIONAL_CHANNELS,
    ages: [0, 17],
    concerns: concerns({
      '16A': 6,
      '3B': 6,
      '4B': 4,
      '17A': 3,
      '20': 4,
      '8E': 0.5,
      '9A': 0.5,
      '23A': 0.3,
      '7A': 1,
    }),
    levelShift: -0.2,
    referrer: (random) =>
      random.chance(0.4)
        ? professional(
            'Domestic abuse advocate',
            'Moorside Domestic Abuse Service',
            'domestic_abuse_service',
            'moorside-das.example'
          )(random)
        : professional(
            'Family support worker',
            random.pick(['Northmoor Young Carers', 'Aldersby Children’s Centre', 'Coldbeck Food Bank']),
            null,
            'charity.example'
          )(random),
  },
  {
    code: '9',
    weight: 2.5,
    timing: 'public',
    channels: channels([
      ['phone', 85],
      ['online_form', 15],
    ]),
    ages: [0, 17],
    concerns: concerns({ '16A': 10, '18C': 4, '17A': 5, '2B': 4, '20': 4, '1B': 3 }),
    levelShift: -0.5,
    referrer: () => ({ ...nobody(), role: 'Anonymous' }),
  },
  {
    code: '10',
    weight: 1.5,
    timing: 'office',
    channels: channels([
      ['phone', 50],
      ['email', 30],
      ['letter', 20],
    ]),
    ages: [0, 17],
    concerns: concerns({ '16A': 5, '20': 5, '3B': 3, '17A': 2 }),
    levelShift: -0.3,
    referrer: nobody,
  },
];

/** Sources that tend to come back to the same family: a police domestic abuse notification. */
export const POLICE = SOURCES[0] as SourceProfile;

/** Concerns about one particular child (often a teenager) rather than the whole family. */
export const CHILD_SPECIFIC = new Set([
  '1A',
  '2A',
  '4A',
  '10A',
  '11A',
  '12A',
  '13A',
  '14A',
  '15A',
  '18B',
  '19B',
  '24A',
  '7A',
  '9A',
  '5A',
  '6A',
]);

/** The youngest a child usually is when a concern is about their own behaviour. */
export const MINIMUM_AGE: Readonly<Record<string, number>> = {
  '1A': 11,
  '2A': 11,
  '4A': 8,
  '7A': 8,
  '9A': 12,
  '10A': 10,
  '11A': 11,
  '12A': 10,
  '13A': 11,
  '14A': 10,
  '15A': 10,
  '18B': 5,
  '19B': 5,
  '24A': 11,
};

export const DOMESTIC_ABUSE = new Set(['3A', '3B', '3C']);

/** How serious each concern usually is, on the continuum's 1–4 scale, before the detail of the case. */
export const SEVERITY: Readonly<Record<string, number>> = {
  '19C': 3.9,
  '19B': 3.2,
  '18C': 3.3,
  '18B': 2.3,
  '12A': 3.6,
  '11A': 3.3,
  '22A': 3.6,
  '24A': 3.1,
  '13A': 2.9,
  '23A': 3.2,
  '9A': 3.0,
  '3A': 2.9,
  '3B': 2.3,
  '3C': 2.0,
  '16A': 2.5,
  '17A': 2.3,
  '10A': 2.5,
  '15A': 2.6,
  '4A': 2.1,
  '4B': 2.2,
  '2B': 2.3,
  '1B': 2.0,
  '2A': 2.1,
  '1A': 1.9,
  '14A': 1.8,
  '20': 1.4,
  '6A': 1.7,
  '6B': 1.7,
  '5A': 1.7,
  '5B': 1.9,
  '7A': 1.9,
  '8E': 2.5,
  '8F': 2.5,
};

/** Concerns that often come with the presenting one. */
export const SECONDARY_CONCERNS = concerns({
  '4B': 10,
  '2B': 7,
  '1B': 6,
  '17A': 8,
  '3B': 6,
  '16A': 6,
  '4A': 4,
  '10A': 3,
  '14A': 3,
  '20': 3,
  '6B': 2,
  '5B': 2,
  '7A': 1,
});
