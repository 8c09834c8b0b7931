/**
 * `frontdoor seed`: creates the synthetic demo council (organisation, staff, demo accounts, the
 * continuum-of-need document, about 60,000 children in their families and two years of front-door
 * history) in an empty database, in one transaction. Everything is generated from a seed, so the
 * same options always give the same council.
 */
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import {
  insertRows,
  maxId,
  withIndexesAndForeignKeysDeferred,
  type ColumnSpec,
} from '../platform/db/bulk-insert.ts';
import { THRESHOLD_DESCRIPTORS, THRESHOLD_LEVELS, THRESHOLD_TITLE } from './continuum-of-need.ts';
import {
  DEMO_ACCOUNTS,
  hashDemoPasswords,
  type DemoAccount,
  type DemoAccountPlan,
  type DemoPasswordHashes,
} from './demo-accounts.ts';
import { generateHistory, type History } from './history.ts';
import { AGENCIES, DEMO_COUNCIL_SETTINGS, planStaff, TEAMS, type StaffPlan } from './organisation.ts';
import { generatePopulation, isoDate, type Population } from './people.ts';
import { COUNCIL_LA_CODE, COUNCIL_NAME, LOCALITIES } from './places.ts';
import { Random } from '../shared/random.ts';
import { rebuildInsightFacts } from '../modules/performance/insight-facts.ts';
import { seedLetterSafeguards } from './letter-safeguards.ts';
import { seedRatingSafeguards } from './rating-safeguards.ts';
import { seedRestrictedMatchReview } from './safe-records.ts';
import { seedOnwardRecords } from './onward-records.ts';
import { seedFrontDoorRecords } from './front-door-records.ts';
import { seedWorkforce } from './workforce.ts';
import { seedSelfEvaluation } from './self-evaluation.ts';
import { seedCaseAudits } from './case-audits.ts';
import { seedAuditHistory } from './audit-history.ts';

export type { DemoAccount } from './demo-accounts.ts';

export interface SeedOptions {
  seed?: number;
  children?: number;
  contactsPerYear?: number;
  years?: number;
  /** Rows of audit history to write over the years, for benchmarks (none by default). */
  auditRows?: number;
  now: Date;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface SeedSummary {
  people: number;
  children: number;
  contacts: number;
  referrals: number;
  accounts: DemoAccount[];
}

export const DEFAULT_SEED = 20261122;

/** The council, generated but not yet saved. */
export interface DemoCouncil {
  staff: StaffPlan[];
  population: Population;
  history: History;
}

/**
 * Generates the whole demo council in memory. Pure and deterministic: people, staff and history
 * each draw from their own stream of the seed, so changing the amount of history leaves the
 * population as it was.
 */
export function generateDemoCouncil(options: SeedOptions): DemoCouncil {
  const seed = options.seed ?? DEFAULT_SEED;
  const children = options.children ?? 60_000;
  const years = options.years ?? 2;
  const contactsPerYear = options.contactsPerYear ?? 20_000;
  if (!(children >= 1 && years >= 1 && contactsPerYear >= 1)) {
    throw new RangeError('The demo council needs at least one child, one year and one contact a year.');
  }
  const staff = planStaff(new Random(seed ^ 0x5eed0001));
  options.onProgress?.('Generating people', 0, 1);
  const population = generatePopulation(new Random(seed ^ 0x5eed0002), children, options.now);
  options.onProgress?.('Generating people', 1, 1);
  options.onProgress?.('Generating contacts', 0, 1);
  const history = generateHistory(new Random(seed ^ 0x5eed0003), population, staff, {
    contactsPerYear,
    years,
    now: options.now,
    settings: DEMO_COUNCIL_SETTINGS,
  });
  options.onProgress?.('Generating contacts', 1, 1);
  return { staff, population, history };
}

/** True when no council has been set up yet, i.e. the database can be seeded. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('council').select('id').executeTakeFirst();
  return row === undefined;
}

export async function seedDemoCouncil(db: Db, options: SeedOptions): Promise<SeedSummary> {
  if (!(await isDatabaseEmpty(db))) {
    throw new Error(
      'This database already has a council, so the demo council was not created (no double seeding).'
    );
  }
  const hashing = hashDemoPasswords(); // Argon2 runs on worker threads while the council is generated.
  const council = generateDemoCouncil(options);
  const hashes = await hashing;
  await db.transaction().execute(async (trx) => {
    // The council row goes first: a concurrent second seed fails on its primary key straight away.
    await trx
      .insertInto('council')
      .values({
        id: 1,
        name: COUNCIL_NAME,
        la_code: COUNCIL_LA_CODE,
        settings: JSON.stringify(DEMO_COUNCIL_SETTINGS),
      })
      .execute();
    const saver = await Saver.start(trx, council, options.onProgress);
    await saver.organisation(hashes);
    await saver.thresholdDocument();
    await withIndexesAndForeignKeysDeferred(trx, BULK_TABLES, async () => {
      await saver.people();
      await saver.history();
    });
  });
  // Statistics first: the cases below read the generated history, and without statistics the planner
  // scans a large council's decisions once per referral.
  await sql`analyze`.execute(db);
  // A few cases that show each safeguard at work on first start.
  await seedRatingSafeguards(db, { now: options.now });
  await seedLetterSafeguards(db, { now: options.now });
  await seedRestrictedMatchReview(db, { now: options.now });
  // What the receiving teams recorded after each referral: the census and Annex A are built from it.
  await seedOnwardRecords(db, { now: options.now, seed: options.seed ?? DEFAULT_SEED });
  // What the front door recorded on the way to each decision: ratings, letters, handovers, journeys.
  await seedFrontDoorRecords(db, { now: options.now });
  // Establishment, employment and supervision, for the workforce and capacity pages.
  await seedWorkforce(db, { now: options.now, seed: options.seed ?? DEFAULT_SEED });
  // The front-door audit form and a month's dip sample of audits, before the SEF that reports them.
  await seedCaseAudits(db, { now: options.now, seed: options.seed ?? DEFAULT_SEED });
  // A draft self-evaluation with a few contributions, so the SEF has something to show on first start.
  await seedSelfEvaluation(db, { now: options.now });
  // The performance pages' facts, built once here rather than by the first page anyone opens.
  await rebuildInsightFacts(db);
  // Years of audit trail behind the council, for benchmarks of the audit search (none by default).
  await seedAuditHistory(db, {
    rows: options.auditRows ?? 0,
    years: options.years ?? 2,
    now: options.now,
    seed: options.seed ?? DEFAULT_SEED,
    onProgress: options.onProgress,
  });
  // The embedded database never autovacuums: without statistics the planner guesses, and a child's
  // household is read by scanning every person.
  await sql`analyze`.execute(db);
  // Counted, not planned: the safeguard cases above add a few rows of their own.
  const counted = (table: 'person' | 'contact' | 'referral') =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  return {
    people: await counted('person'),
    children: council.population.childCount,
    contacts: await counted('contact'),
    referrals: await counted('referral'),
    accounts: DEMO_ACCOUNTS.map(withoutTeam),
  };
}

function withoutTeam({ teamKey: _teamKey, ...account }: DemoAccountPlan): DemoAccount {
  return account;
}

/** The big tables, loaded with their plain indexes and foreign keys put back afterwards. */
const BULK_TABLES = [
  'address',
  'household',
  'person',
  'household_member',
  'record_access_grant',
  'contact',
  'contact_child',
  'contact_concern',
  'decision',
  'referral',
  'involvement',
];

type Progress = SeedOptions['onProgress'];

/** Ids are assigned here, before inserting, so rows can refer to each other without a round trip. */
interface IdBases {
  locality: number;
  agency: number;
  team: number;
  staff_user: number;
  threshold_document: number;
  address: number;
  household: number;
  person: number;
  contact: number;
  contact_child: number;
  referral: number;
}

class Saver {
  private constructor(
    private readonly trx: Db,
    private readonly council: DemoCouncil,
    private readonly ids: IdBases,
    private readonly onProgress: Progress
  ) {}

  static async start(trx: Db, council: DemoCouncil, onProgress: Progress): Promise<Saver> {
    const tables = [
      'locality',
      'agency',
      'team',
      'staff_user',
      'threshold_document',
      'address',
      'household',
      'person',
      'contact',
      'contact_child',
      'referral',
    ] as const;
    const bases = await Promise.all(tables.map((table) => maxId(trx, table)));
    return new Saver(
      trx,
      council,
      Object.fromEntries(tables.map((table, i) => [table, bases[i]])) as unknown as IdBases,
      onProgress
    );
  }

  /** Database id of the row at `index` in its generated list. */
  private id(table: keyof IdBases, index: number): number {
    return this.ids[table] + index + 1;
  }

  private optionalId(table: keyof IdBases, index: number | null): number | null {
    return index === null ? null : this.id(table, index);
  }

  private insert<Row>(
    table: string,
    stage: string,
    columns: ColumnSpec<Row>[],
    rows: readonly Row[],
    explicitIds = false
  ): Promise<void> {
    return insertRows(this.trx, table, columns, rows, {
      explicitIds,
      onChunk: (done, total) => this.onProgress?.(stage, done, total),
    });
  }

  async organisation(hashes: DemoPasswordHashes): Promise<void> {
    const stage = 'Saving the organisation';
    // The council's child population (rates per 10,000) is the generated children, counted where they live.
    const { households, people } = this.council.population;
    const children = LOCALITIES.map(() => 0);
    for (const household of households)
      children[household.localityIndex]! += household.children.filter(
        (child) => people[child]!.dateOfBirth !== null
      ).length;
    await this.insert(
      'locality',
      stage,
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'name', type: 'text', value: (row) => row.name },
        { name: 'child_population', type: 'int', value: (row) => row.children },
      ],
      LOCALITIES.map((locality, index) => ({
        id: this.id('locality', index),
        name: locality.name,
        children: children[index]!,
      })),
      true
    );
    await this.insert(
      'agency',
      stage,
      [
        { name: 'id', type: 'int', value: (row) => this.id('agency', row.index) },
        { name: 'name', type: 'text', value: (row) => row.agency.name },
        { name: 'kind', type: 'text', value: (row) => row.agency.kind },
      ],
      AGENCIES.map((agency, index) => ({ agency, index })),
      true
    );
    await this.insert(
      'team',
      stage,
      [
        { name: 'id', type: 'int', value: (row) => this.id('team', row.index) },
        { name: 'name', type: 'text', value: (row) => row.team.name },
        { name: 'kind', type: 'text', value: (row) => row.team.kind },
        { name: 'agency_id', type: 'int', value: (row) => this.id('agency', row.team.agencyIndex) },
        {
          name: 'locality_id',
          type: 'int',
          value: (row) => this.optionalId('locality', row.team.localityIndex),
        },
      ],
      TEAMS.map((team, index) => ({ team, index })),
      true
    );
    await this.insert(
      'staff_user',
      stage,
      [
        { name: 'id', type: 'int', value: (row) => this.id('staff_user', row.index) },
        { name: 'username', type: 'text', value: (row) => row.member.username },
        { name: 'display_name', type: 'text', value: (row) => row.member.displayName },
        { name: 'email', type: 'text', value: (row) => row.member.email },
        { name: 'role', type: 'text', value: (row) => row.member.role },
        { name: 'agency_id', type: 'int', value: (row) => this.id('agency', row.member.agencyIndex) },
        { name: 'team_id', type: 'int', value: (row) => this.id('team', row.member.teamIndex) },
        {
          name: 'password_hash',
          type: 'text',
          value: (row) => hashes.byUsername.get(row.member.username) ?? hashes.shared,
        },
        { name: 'totp_secret', type: 'text', value: (row) => row.member.demoAccount?.totpSecret ?? null },
        {
          name: 'totp_enabled',
          type: 'boolean',
          value: (row) => Boolean(row.member.demoAccount?.totpSecret),
        },
        { name: 'is_demo', type: 'boolean', value: () => true },
        { name: 'created_at', type: 'timestamptz', value: () => this.recordsCreatedAt() },
      ],
      this.council.staff.map((member, index) => ({ member, index })),
      true
    );
  }

  async thresholdDocument(): Promise<void> {
    const stage = 'Saving the continuum of need';
    const documentId = this.id('threshold_document', 0);
    const leader = this.staffIndex('leader');
    await this.insert(
      'threshold_document',
      stage,
      [
        { name: 'id', type: 'int', value: () => documentId },
        { name: 'version', type: 'int', value: () => 1 },
        { name: 'title', type: 'text', value: () => THRESHOLD_TITLE },
        { name: 'effective_from', type: 'date', value: () => isoDate(this.council.history.windowStart) },
        { name: 'published_at', type: 'timestamptz', value: () => this.council.history.windowStart },
        { name: 'published_by', type: 'int', value: () => this.optionalId('staff_user', leader) },
      ],
      [null],
      true
    );
    await this.insert(
      'threshold_level',
      stage,
      [
        { name: 'document_id', type: 'int', value: () => documentId },
        { name: 'level', type: 'int', value: (row) => row.level },
        { name: 'name', type: 'text', value: (row) => row.name },
        { name: 'summary', type: 'text', value: (row) => row.summary },
        { name: 'typical_response', type: 'text', value: (row) => row.typicalResponse },
      ],
      THRESHOLD_LEVELS
    );
    const descriptors = Object.entries(THRESHOLD_DESCRIPTORS).flatMap(([area, levels]) =>
      levels.flatMap((texts, index) => texts.map((text) => ({ area, level: index + 1, text })))
    );
    await this.insert(
      'threshold_descriptor',
      stage,
      [
        { name: 'document_id', type: 'int', value: () => documentId },
        { name: 'level', type: 'int', value: (row) => row.level },
        { name: 'area_of_need', type: 'text', value: (row) => row.area },
        { name: 'text', type: 'text', value: (row) => row.text },
      ],
      descriptors
    );
  }

  async people(): Promise<void> {
    const { addresses, households, people, restricted } = this.council.population;
    await this.insert(
      'address',
      'Saving addresses',
      [
        { name: 'id', type: 'int', value: (row) => this.id('address', row.index) },
        { name: 'line1', type: 'text', value: (row) => row.address.line1 },
        { name: 'line2', type: 'text', value: (row) => row.address.line2 },
        { name: 'town', type: 'text', value: (row) => row.address.town },
        { name: 'postcode', type: 'text', value: (row) => row.address.postcode },
        { name: 'locality_id', type: 'int', value: (row) => this.id('locality', row.address.localityIndex) },
      ],
      addresses.map((address, index) => ({ address, index })),
      true
    );
    await this.insert(
      'household',
      'Saving households',
      [
        { name: 'id', type: 'int', value: (row) => this.id('household', row.index) },
        { name: 'address_id', type: 'int', value: (row) => this.id('address', row.addressIndex) },
      ],
      households.map((household, index) => ({ addressIndex: household.addressIndex, index })),
      true
    );
    await this.insert(
      'person',
      'Saving people',
      [
        { name: 'id', type: 'int', value: (row) => this.id('person', row.index) },
        { name: 'given_name', type: 'text', value: (row) => row.person.givenName },
        { name: 'middle_names', type: 'text', value: (row) => row.person.middleNames },
        { name: 'family_name', type: 'text', value: (row) => row.person.familyName },
        { name: 'previous_family_names', type: 'text[]', value: (row) => row.person.previousFamilyNames },
        { name: 'date_of_birth', type: 'date', value: (row) => row.person.dateOfBirth },
        { name: 'expected_date_of_birth', type: 'date', value: (row) => row.person.expectedDateOfBirth },
        { name: 'sex', type: 'text', value: (row) => row.person.sex },
        { name: 'ethnicity', type: 'text', value: (row) => row.person.ethnicity },
        { name: 'nhs_number', type: 'text', value: (row) => row.person.nhsNumber },
        { name: 'language', type: 'text', value: (row) => row.person.language },
        { name: 'address_id', type: 'int', value: (row) => this.id('address', row.person.addressIndex) },
        { name: 'restricted', type: 'boolean', value: (row) => row.person.restricted },
        { name: 'restriction_reason', type: 'text', value: (row) => row.person.restrictionReason },
        { name: 'created_at', type: 'timestamptz', value: () => this.recordsCreatedAt() },
      ],
      people.map((person, index) => ({ person, index })),
      true
    );
    const members = households.flatMap((household, index) => [
      ...household.adults.map((adult) => ({ household: index, person: adult.person, role: adult.role })),
      ...household.children.map((child) => ({ household: index, person: child, role: 'child' as const })),
    ]);
    await this.insert(
      'household_member',
      'Saving household members',
      [
        { name: 'household_id', type: 'int', value: (row) => this.id('household', row.household) },
        { name: 'person_id', type: 'int', value: (row) => this.id('person', row.person) },
        { name: 'role', type: 'text', value: (row) => row.role },
      ],
      members
    );
    await this.grantRestrictedRecords(restricted);
  }

  /** The demo manager and senior leader are the named staff who may open the restricted records. */
  private async grantRestrictedRecords(restricted: number[]): Promise<void> {
    const grantedBy = this.staffIndex('admin');
    const grantees = [this.staffIndex('manager'), this.staffIndex('leader')].filter(
      (index) => index !== null
    );
    const grants = restricted.flatMap((person) => grantees.map((user) => ({ person, user })));
    await this.insert(
      'record_access_grant',
      'Saving record access',
      [
        { name: 'person_id', type: 'int', value: (row) => this.id('person', row.person) },
        { name: 'user_id', type: 'int', value: (row) => this.id('staff_user', row.user) },
        { name: 'granted_by', type: 'int', value: () => this.optionalId('staff_user', grantedBy) },
        { name: 'granted_at', type: 'timestamptz', value: () => this.council.history.windowStart },
        { name: 'reason', type: 'text', value: () => 'Named worker for a restricted family' },
      ],
      grants
    );
  }

  async history(): Promise<void> {
    const { contacts, contactChildren, decisions, referrals, involvements } = this.council.history;
    await this.insert(
      'contact',
      'Saving contacts',
      [
        { name: 'id', type: 'int', value: (row) => this.id('contact', row.index) },
        { name: 'reference', type: 'text', value: (row) => row.contact.reference },
        { name: 'received_at', type: 'timestamptz', value: (row) => row.contact.receivedAt },
        { name: 'channel', type: 'text', value: (row) => row.contact.channel },
        { name: 'referral_source', type: 'text', value: (row) => row.contact.source },
        { name: 'referrer_name', type: 'text', value: (row) => row.contact.referrer.name },
        { name: 'referrer_role', type: 'text', value: (row) => row.contact.referrer.role },
        { name: 'referrer_organisation', type: 'text', value: (row) => row.contact.referrer.organisation },
        {
          name: 'referrer_agency_id',
          type: 'int',
          value: (row) => this.referrerAgencyId(row.contact.referrer.agency),
        },
        { name: 'referrer_phone', type: 'text', value: (row) => row.contact.referrer.phone },
        { name: 'referrer_email', type: 'text', value: (row) => row.contact.referrer.email },
        { name: 'address_id', type: 'int', value: (row) => this.id('address', row.contact.addressIndex) },
        {
          name: 'household_id',
          type: 'int',
          value: (row) => this.id('household', row.contact.householdIndex),
        },
        { name: 'summary', type: 'text', value: (row) => row.contact.summary },
        { name: 'out_of_hours', type: 'boolean', value: (row) => row.contact.outOfHours },
        { name: 'recorded_by', type: 'int', value: (row) => this.id('staff_user', row.contact.recordedBy) },
        { name: 'recorded_at', type: 'timestamptz', value: (row) => row.contact.recordedAt },
      ],
      contacts.map((contact, index) => ({ contact, index })),
      true
    );
    await this.insert(
      'contact_child',
      'Saving children in contacts',
      [
        { name: 'id', type: 'int', value: (row) => this.id('contact_child', row.index) },
        { name: 'contact_id', type: 'int', value: (row) => this.id('contact', row.child.contactIndex) },
        { name: 'person_id', type: 'int', value: (row) => this.id('person', row.child.personIndex) },
        { name: 'status', type: 'text', value: (row) => row.child.status },
        { name: 'rag', type: 'text', value: (row) => row.child.rag },
        { name: 'rag_due_at', type: 'timestamptz', value: (row) => row.child.ragDueAt },
        { name: 'decision_due_at', type: 'timestamptz', value: (row) => row.child.decisionDueAt },
        { name: 'team_id', type: 'int', value: (row) => this.id('team', row.child.teamIndex) },
        { name: 'worker_id', type: 'int', value: (row) => this.optionalId('staff_user', row.child.worker) },
        { name: 'completed_at', type: 'timestamptz', value: (row) => row.child.completedAt },
      ],
      contactChildren.map((child, index) => ({ child, index })),
      true
    );
    const concerns = contactChildren.flatMap((child, index) =>
      child.concerns.map((code) => ({ index, code }))
    );
    await this.insert(
      'contact_concern',
      'Saving presenting concerns',
      [
        { name: 'contact_child_id', type: 'int', value: (row) => this.id('contact_child', row.index) },
        { name: 'factor_code', type: 'text', value: (row) => row.code },
      ],
      concerns
    );
    const documentId = this.id('threshold_document', 0);
    await this.insert(
      'decision',
      'Saving decisions',
      [
        {
          name: 'contact_child_id',
          type: 'int',
          value: (row) => this.id('contact_child', row.contactChildIndex),
        },
        { name: 'outcome', type: 'text', value: (row) => row.outcome },
        { name: 'outcomes', type: 'text[]', value: (row) => [row.outcome] },
        { name: 'threshold_document_id', type: 'int', value: () => documentId },
        { name: 'indicated_level', type: 'int', value: (row) => row.indicatedLevel },
        { name: 'chosen_level', type: 'int', value: (row) => row.chosenLevel },
        { name: 'rationale', type: 'text', value: (row) => row.rationale },
        { name: 'proposed_by', type: 'int', value: (row) => this.id('staff_user', row.proposedBy) },
        { name: 'proposed_at', type: 'timestamptz', value: (row) => row.proposedAt },
        { name: 'status', type: 'text', value: (row) => row.status },
        {
          name: 'authorised_by',
          type: 'int',
          value: (row) => this.optionalId('staff_user', row.authorisedBy),
        },
        { name: 'authorised_at', type: 'timestamptz', value: (row) => row.authorisedAt },
        { name: 'manager_comment', type: 'text', value: (row) => row.managerComment },
      ],
      decisions
    );
    await this.insert(
      'referral',
      'Saving referrals',
      [
        { name: 'id', type: 'int', value: (row) => this.id('referral', row.index) },
        {
          name: 'contact_child_id',
          type: 'int',
          value: (row) => this.id('contact_child', row.referral.contactChildIndex),
        },
        { name: 'person_id', type: 'int', value: (row) => this.id('person', row.referral.personIndex) },
        { name: 'referral_date', type: 'date', value: (row) => row.referral.referralDate },
        { name: 'referral_source', type: 'text', value: (row) => row.referral.source },
        { name: 'is_rereferral', type: 'boolean', value: (row) => row.referral.isRereferral },
        { name: 'closed_date', type: 'date', value: (row) => row.referral.closedDate },
        { name: 'closure_reason', type: 'text', value: (row) => row.referral.closureReason },
      ],
      referrals.map((referral, index) => ({ referral, index })),
      true
    );
    await this.insert(
      'involvement',
      'Saving involvement',
      [
        { name: 'person_id', type: 'int', value: (row) => this.id('person', row.personIndex) },
        { name: 'kind', type: 'text', value: (row) => row.kind },
        { name: 'started_on', type: 'date', value: (row) => row.startedOn },
        { name: 'ended_on', type: 'date', value: (row) => row.endedOn },
        { name: 'team_id', type: 'int', value: (row) => this.id('team', row.teamIndex) },
        { name: 'worker_id', type: 'int', value: (row) => this.optionalId('staff_user', row.worker) },
        { name: 'referral_id', type: 'int', value: (row) => this.optionalId('referral', row.referralIndex) },
      ],
      involvements
    );
  }

  /** Staff and people were on the system before the history window opened (the seed stays deterministic). */
  private recordsCreatedAt(): Date {
    return new Date(this.council.history.windowStart.getTime() - 30 * 86_400_000);
  }

  private referrerAgencyId(key: string | null): number | null {
    if (key === null) return null;
    const index = AGENCIES.findIndex((agency) => agency.key === key);
    return index < 0 ? null : this.id('agency', index);
  }

  private staffIndex(username: string): number | null {
    const index = this.council.staff.findIndex((member) => member.username === username);
    return index < 0 ? null : index;
  }
}
