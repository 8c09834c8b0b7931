import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import { councilCalendar } from '../../../platform/council/council-settings.ts';
import { addWorkingDaysToDate } from '../../../shared/working-time.ts';
import { csvRecord, parseCsv } from '../../../shared/csv.ts';
import { insertRows, maxId, type ColumnSpec } from '../../../platform/db/bulk-insert.ts';
import { likelyDuplicates } from '../../people/merge/duplicates-finder.ts';
import { currentMatchModel, loadPersonIndex } from '../../people/matching/stored-model.ts';
import {
  SSD_IMPORT_TABLES,
  validateDataset,
  type KnownIds,
  type Refusal,
  type SsdDataset,
  type SsdFiles,
  type SsdTableName,
} from './ssd-dataset.ts';

/*
 * `frontdoor import ssd DIR`: brings a council's history across from its old case system, through the
 * Standard Safeguarding Dataset CSVs data-to-insight's extracts write (one <table>.csv per table).
 *
 * All or nothing: every row is validated first, and one refused row refuses the whole import, with a
 * report of every refusal; otherwise everything is written in one transaction. Each row becomes one
 * Front Door record, remembered in imported_record by its source table and id, so importing the same
 * extract again changes nothing and a later extract adds only what is new. Inserts are set-based
 * (thousands of rows a statement). People the matching engine finds likely to be someone already in the
 * index are offered on the duplicates list for review; nothing is merged.
 */

/** The statutory timescale for an initial conference when the extract gives no target (Working Together). */
const ICPC_WORKING_DAYS = 15;

const DUPLICATES_PER_STATEMENT = 1_000;

export interface ImportOptions {
  /** The administrator responsible: imported records are recorded by them, and the audit row names them. */
  byUserId: number;
  now: Date;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export type ImportResult =
  | { outcome: 'imported'; rowsPerTable: Record<string, number>; duplicatesOffered: number }
  | { outcome: 'refused'; refusals: Refusal[] };

/** The extract's files, as CSV records; a table whose file is missing is empty. */
export function readSsdFiles(dir: string): SsdFiles {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory.`);
  const files: SsdFiles = {};
  for (const name of SSD_IMPORT_TABLES) {
    const file = path.join(dir, `${name}.csv`);
    if (fs.existsSync(file)) files[name] = parseCsv(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  }
  if (!files.ssd_person)
    throw new Error(`${dir} holds no ssd_person.csv: is it a Standard Safeguarding Dataset extract?`);
  return files;
}

/** The refusals as CSV (file,row,column,reason). */
export function refusalReport(refusals: readonly Refusal[]): string {
  const fields = ['file', 'row', 'column', 'reason'] as const;
  return (
    csvRecord(fields, Object.fromEntries(fields.map((field) => [field, field]))) +
    refusals.map((refusal) => csvRecord(fields, { ...refusal })).join('')
  );
}

class Refused extends Error {
  constructor(readonly refusals: Refusal[]) {
    super('The import was refused.');
  }
}

/** Validates and imports the extract in one transaction; a refused import changes nothing. */
export async function importSsd(db: Db, files: SsdFiles, options: ImportOptions): Promise<ImportResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      // One import at a time: a second waits, then finds the first's rows already imported.
      await sql`lock table imported_record in share row exclusive mode`.execute(trx);
      const imported = await importedIds(trx);
      const known = Object.fromEntries(
        [...imported].map(([table, ids]) => [table, new Set(ids.keys())])
      ) as KnownIds;
      const { dataset, refusals } = validateDataset(files, known);
      if (refusals.length > 0) throw new Refused(refusals);
      const writer = new DatasetWriter(trx, imported, options);
      const rowsPerTable = await writer.write(dataset);
      const duplicatesOffered = await offerDuplicates(trx, writer.newPersonIds, options.now);
      await writeAudit(
        trx,
        {
          action: 'history.import',
          actorUserId: options.byUserId,
          actorRole: 'administrator',
          recordType: 'council',
          details: {
            standard: 'ssd',
            rowsPerTable,
            duplicatesOffered,
            via: 'command_line',
          },
        },
        options.now
      );
      return { outcome: 'imported' as const, rowsPerTable, duplicatesOffered };
    });
  } catch (error) {
    if (error instanceof Refused) return { outcome: 'refused', refusals: error.refusals };
    throw error;
  }
}

/** Source id to Front Door id, by source table, for everything imported before. */
async function importedIds(db: Db): Promise<Map<string, Map<string, number>>> {
  const rows = await db
    .selectFrom('imported_record')
    .select(['source_table', 'source_id', 'record_id'])
    .execute();
  const byTable = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let ids = byTable.get(row.source_table);
    if (!ids) byTable.set(row.source_table, (ids = new Map()));
    ids.set(row.source_id, row.record_id);
  }
  return byTable;
}

/** The source table under which imported_record keeps the household each family id became (ssd_family rows are its members). */
const HOUSEHOLD_SOURCE = 'ssd_family.fami_family_id';

interface Mapped {
  sourceTable: string;
  sourceId: string;
  recordType: string;
  recordId: number;
}

const MAPPED_COLUMNS: readonly ColumnSpec<Mapped>[] = [
  { name: 'source_table', type: 'text', value: (row) => row.sourceTable },
  { name: 'source_id', type: 'text', value: (row) => row.sourceId },
  { name: 'record_type', type: 'text', value: (row) => row.recordType },
  { name: 'record_id', type: 'int', value: (row) => row.recordId },
];

/** Writes a validated dataset, table by table, parents before children, remembering every new id. */
class DatasetWriter {
  readonly newPersonIds: number[] = [];
  private readonly mapped: Mapped[] = [];
  private readonly counts: Record<string, number> = {};

  constructor(
    private readonly trx: Db,
    private readonly ids: Map<string, Map<string, number>>,
    private readonly options: ImportOptions
  ) {}

  /** The Front Door id of a source row, imported now or before. */
  private id(sourceTable: SsdTableName | typeof HOUSEHOLD_SOURCE, sourceId: string): number {
    const id = this.ids.get(sourceTable)?.get(sourceId);
    if (id === undefined)
      throw new Error(`No record for ${sourceTable} row (validation missed a reference).`);
    return id;
  }

  /** Gives each row the next free id of `table` and remembers it against the row's source id. */
  private async allocate<Row extends { sourceId: string }>(
    sourceTable: SsdTableName | typeof HOUSEHOLD_SOURCE,
    table: string,
    rows: readonly Row[]
  ): Promise<(Row & { id: number })[]> {
    const base = await maxId(this.trx, table);
    let ids = this.ids.get(sourceTable);
    if (!ids) this.ids.set(sourceTable, (ids = new Map()));
    return rows.map((row, index) => {
      const id = base + index + 1;
      ids.set(row.sourceId, id);
      this.mapped.push({ sourceTable, sourceId: row.sourceId, recordType: table, recordId: id });
      return { ...row, id };
    });
  }

  private async insert<Row>(
    stage: string,
    table: string,
    columns: readonly ColumnSpec<Row>[],
    rows: readonly Row[],
    explicitIds = true
  ): Promise<void> {
    this.counts[table] = (this.counts[table] ?? 0) + rows.length;
    this.options.onProgress?.(stage, 0, rows.length);
    await insertRows(this.trx, table, columns, rows, {
      explicitIds,
      onChunk: (done, total) => this.options.onProgress?.(stage, done, total),
    });
  }

  private get recorded() {
    const { byUserId, now } = this.options;
    return [
      { name: 'recorded_by', type: 'int', value: () => byUserId },
      { name: 'recorded_at', type: 'timestamptz', value: () => now },
    ] as const satisfies readonly ColumnSpec<unknown>[];
  }

  async write(data: SsdDataset): Promise<Record<string, number>> {
    await this.writePeople(data);
    await this.writeFamilies(data);
    await this.writeContacts(data);
    await this.writeEpisodes(data);
    await this.writeProtection(data);
    await this.writeInvolvements(data);
    await this.insert('Remembering the source ids', 'imported_record', MAPPED_COLUMNS, this.mapped, false);
    delete this.counts.imported_record;
    return this.counts;
  }

  private async writePeople(data: SsdDataset): Promise<void> {
    const withAddress = data.people.filter((person) => person.address);
    const addresses = await this.allocate('ssd_address', 'address', withAddress);
    await this.insert(
      'Addresses',
      'address',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'line1', type: 'text', value: (row) => row.address!.line1 },
        { name: 'line2', type: 'text', value: (row) => row.address!.line2 },
        { name: 'town', type: 'text', value: (row) => row.address!.town },
        { name: 'postcode', type: 'text', value: (row) => row.address!.postcode },
      ],
      addresses
    );
    const people = await this.allocate('ssd_person', 'person', data.people);
    this.newPersonIds.push(...people.map((person) => person.id));
    const { byUserId, now } = this.options;
    await this.insert(
      'People',
      'person',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'given_name', type: 'text', value: (row) => row.givenName },
        { name: 'family_name', type: 'text', value: (row) => row.familyName },
        { name: 'sex', type: 'text', value: (row) => row.sex },
        { name: 'ethnicity', type: 'text', value: (row) => row.ethnicity },
        { name: 'date_of_birth', type: 'date', value: (row) => row.dateOfBirth },
        { name: 'expected_date_of_birth', type: 'date', value: (row) => row.expectedDateOfBirth },
        { name: 'date_of_death', type: 'date', value: (row) => row.dateOfDeath },
        { name: 'nhs_number', type: 'text', value: (row) => row.nhsNumber },
        { name: 'upn', type: 'text', value: (row) => row.upn },
        { name: 'former_upn', type: 'text', value: (row) => row.formerUpn },
        { name: 'upn_unknown_reason', type: 'text', value: (row) => row.upnUnknownReason },
        { name: 'disabilities', type: 'text[]', value: (row) => row.disabilities },
        {
          name: 'address_id',
          type: 'int',
          value: (row) => (row.address ? this.id('ssd_address', row.sourceId) : null),
        },
        { name: 'created_by', type: 'int', value: () => byUserId },
        { name: 'created_at', type: 'timestamptz', value: () => now },
        { name: 'characteristics_recorded_by', type: 'int', value: () => byUserId },
        { name: 'characteristics_recorded_at', type: 'timestamptz', value: () => now },
      ],
      people
    );
  }

  private async writeFamilies(data: SsdDataset): Promise<void> {
    const known = new Set(this.ids.get(HOUSEHOLD_SOURCE)?.keys());
    const newFamilies = [...new Set(data.families.map((family) => family.familyId))]
      .filter((familyId) => !known.has(familyId))
      .map((familyId) => ({ sourceId: familyId }));
    const households = await this.allocate(HOUSEHOLD_SOURCE, 'household', newFamilies);
    await this.insert(
      'Families',
      'household',
      [{ name: 'id', type: 'int', value: (row) => row.id }],
      households
    );
    for (const family of data.families)
      this.mapped.push({
        sourceTable: 'ssd_family',
        sourceId: family.sourceId,
        recordType: 'household',
        recordId: this.id(HOUSEHOLD_SOURCE, family.familyId),
      });
    // One membership per person and household, whatever the extract repeats or an earlier import added.
    const already = await this.membershipsOf(data.families.filter((family) => known.has(family.familyId)));
    const members = [
      ...new Map(
        data.families.map((family) => {
          const [household, person] = [
            this.id(HOUSEHOLD_SOURCE, family.familyId),
            this.id('ssd_person', family.personId),
          ];
          return [`${household}:${person}`, { household, person }];
        })
      ).values(),
    ].filter((member) => !already.has(`${member.household}:${member.person}`));
    await this.insert(
      'Family members',
      'household_member',
      [
        { name: 'household_id', type: 'int', value: (row) => row.household },
        { name: 'person_id', type: 'int', value: (row) => row.person },
        { name: 'role', type: 'text', value: () => 'child' },
      ],
      members,
      false
    );
  }

  /** The memberships already held in the households these rows name (from an earlier import). */
  private async membershipsOf(families: SsdDataset['families']): Promise<Set<string>> {
    if (families.length === 0) return new Set();
    const households = [...new Set(families.map((family) => this.id(HOUSEHOLD_SOURCE, family.familyId)))];
    const rows = await this.trx
      .selectFrom('household_member')
      .where('household_id', '=', sql<number>`any(${households}::int[])`)
      .select(['household_id', 'person_id'])
      .execute();
    return new Set(rows.map((row) => `${row.household_id}:${row.person_id}`));
  }

  private async writeContacts(data: SsdDataset): Promise<void> {
    const contacts = await this.allocate('ssd_contacts', 'contact', data.contacts);
    await this.insert(
      'Contacts',
      'contact',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'reference', type: 'text', value: (row) => `SSD-${row.sourceId}` },
        { name: 'received_at', type: 'timestamptz', value: (row) => row.receivedAt },
        // The dataset does not say how a contact arrived.
        { name: 'channel', type: 'text', value: () => 'phone' },
        { name: 'referral_source', type: 'text', value: (row) => row.source },
        ...this.recorded,
      ],
      contacts
    );
    const base = await maxId(this.trx, 'contact_child');
    await this.insert(
      'Contacts (children)',
      'contact_child',
      [
        { name: 'id', type: 'int', value: (row) => base + row.index + 1 },
        { name: 'contact_id', type: 'int', value: (row) => row.contact.id },
        { name: 'person_id', type: 'int', value: (row) => this.id('ssd_person', row.contact.personId) },
        { name: 'status', type: 'text', value: () => 'completed' },
        { name: 'decision_due_at', type: 'timestamptz', value: (row) => row.contact.receivedAt },
        { name: 'completed_at', type: 'timestamptz', value: (row) => row.contact.receivedAt },
      ],
      contacts.map((contact, index) => ({ contact, index }))
    );
    const earlyHelp = await this.allocate('ssd_early_help_episodes', 'early_help_record', data.earlyHelp);
    await this.insert(
      'Early help',
      'early_help_record',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'person_id', type: 'int', value: (row) => this.id('ssd_person', row.personId) },
        { name: 'kind', type: 'text', value: () => 'episode' },
        { name: 'started_on', type: 'date', value: (row) => row.startedOn },
        { name: 'completed_on', type: 'date', value: (row) => row.endedOn },
        { name: 'organisation', type: 'text', value: (row) => row.organisation },
        ...this.recorded,
      ],
      earlyHelp
    );
  }

  private async writeEpisodes(data: SsdDataset): Promise<void> {
    const episodes = await this.allocate('ssd_cin_episodes', 'cin_episode', data.episodes);
    await this.insert(
      'Referrals',
      'cin_episode',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'person_id', type: 'int', value: (row) => this.id('ssd_person', row.personId) },
        { name: 'referral_date', type: 'date', value: (row) => row.referralDate },
        { name: 'referral_source', type: 'text', value: (row) => row.source },
        { name: 'referral_nfa', type: 'boolean', value: (row) => row.nfa },
        { name: 'primary_need_code', type: 'text', value: (row) => row.primaryNeed },
        { name: 'closure_date', type: 'date', value: (row) => row.closureDate },
        { name: 'closure_reason', type: 'text', value: (row) => row.closureReason },
        ...this.recorded,
      ],
      episodes
    );
    const episodeId = (row: { episodeId: string }) => this.id('ssd_cin_episodes', row.episodeId);
    const assessments = await this.allocate('ssd_cin_assessments', 'cin_assessment', data.assessments);
    await this.insert(
      'Assessments',
      'cin_assessment',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'episode_id', type: 'int', value: episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.startedOn },
        { name: 'authorised_on', type: 'date', value: (row) => row.authorisedOn },
        { name: 'factors', type: 'text[]', value: (row) => row.factors },
        { name: 'outcome', type: 'text', value: (row) => row.outcome },
        ...this.recorded,
      ],
      assessments
    );
    const plans = await this.allocate('ssd_cin_plans', 'cin_plan', data.cinPlans);
    await this.insert(
      'Child in need plans',
      'cin_plan',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'episode_id', type: 'int', value: episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.startedOn },
        { name: 'ended_on', type: 'date', value: (row) => row.endedOn },
        ...this.recorded,
      ],
      plans
    );
  }

  private async writeProtection(data: SsdDataset): Promise<void> {
    const episodeId = (row: { episodeId: string }) => this.id('ssd_cin_episodes', row.episodeId);
    const calendar = await councilCalendar(this.trx);
    const enquiries = await this.allocate('ssd_s47_enquiry', 'section_47_enquiry', data.enquiries);
    await this.insert(
      'Section 47 enquiries',
      'section_47_enquiry',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'episode_id', type: 'int', value: episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.startedOn },
        {
          name: 'icpc_target_on',
          type: 'date',
          value: (row) =>
            row.icpcTargetOn ?? addWorkingDaysToDate(row.startedOn, ICPC_WORKING_DAYS, calendar),
        },
        {
          name: 'icpc_not_required',
          type: 'boolean',
          value: (row) => row.outcome !== null && row.outcome !== 'icpc',
        },
        { name: 'completed_on', type: 'date', value: (row) => row.completedOn },
        { name: 'outcome', type: 'text', value: (row) => row.outcome },
        ...this.recorded,
      ],
      enquiries
    );
    const plans = await this.allocate('ssd_cp_plans', 'child_protection_plan', data.protectionPlans);
    await this.insert(
      'Child protection plans',
      'child_protection_plan',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'episode_id', type: 'int', value: episodeId },
        { name: 'started_on', type: 'date', value: (row) => row.startedOn },
        { name: 'ended_on', type: 'date', value: (row) => row.endedOn },
        { name: 'initial_category', type: 'text', value: (row) => row.initialCategory },
        { name: 'latest_category', type: 'text', value: (row) => row.latestCategory },
        ...this.recorded,
      ],
      plans
    );
    const planEpisodes = await this.episodesOfPlans(
      data.reviews.map((review) => this.id('ssd_cp_plans', review.planId))
    );
    const conferenceRows = [
      ...data.conferences.map((row) => ({
        sourceTable: 'ssd_initial_cp_conference' as const,
        sourceId: row.sourceId,
        kind: 'initial',
        episodeId: episodeId(row),
        heldOn: row.heldOn,
        enquiryId: row.enquiryId ? this.id('ssd_s47_enquiry', row.enquiryId) : null,
        planId: null,
        resultedInPlan: row.resultedInPlan,
      })),
      ...data.reviews.map((row) => {
        const planId = this.id('ssd_cp_plans', row.planId);
        return {
          sourceTable: 'ssd_cp_reviews' as const,
          sourceId: row.sourceId,
          kind: 'review',
          episodeId: planEpisodes.get(planId)!,
          heldOn: row.heldOn,
          enquiryId: null,
          planId,
          resultedInPlan: null,
        };
      }),
    ];
    const base = await maxId(this.trx, 'child_protection_conference');
    const conferences = conferenceRows.map((row, index) => {
      const id = base + index + 1;
      this.mapped.push({
        sourceTable: row.sourceTable,
        sourceId: row.sourceId,
        recordType: 'child_protection_conference',
        recordId: id,
      });
      return { ...row, id };
    });
    await this.insert(
      'Conferences',
      'child_protection_conference',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'episode_id', type: 'int', value: (row) => row.episodeId },
        { name: 'kind', type: 'text', value: (row) => row.kind },
        { name: 'held_on', type: 'date', value: (row) => row.heldOn },
        { name: 'section_47_enquiry_id', type: 'int', value: (row) => row.enquiryId },
        { name: 'child_protection_plan_id', type: 'int', value: (row) => row.planId },
        { name: 'resulted_in_plan', type: 'boolean', value: (row) => row.resultedInPlan },
        ...this.recorded,
      ],
      conferences
    );
  }

  /** The episode of each plan (new or imported before), for its reviews. */
  private async episodesOfPlans(planIds: number[]): Promise<Map<number, number>> {
    if (planIds.length === 0) return new Map();
    const rows = await this.trx
      .selectFrom('child_protection_plan')
      .where('id', '=', sql<number>`any(${[...new Set(planIds)]}::int[])`)
      .select(['id', 'episode_id'])
      .execute();
    return new Map(rows.map((row) => [row.id, row.episode_id]));
  }

  private async writeInvolvements(data: SsdDataset): Promise<void> {
    const involvements = await this.allocate('ssd_involvements', 'involvement', data.involvements);
    await this.insert(
      'Involvements',
      'involvement',
      [
        { name: 'id', type: 'int', value: (row) => row.id },
        { name: 'person_id', type: 'int', value: (row) => this.id('ssd_person', row.personId) },
        { name: 'kind', type: 'text', value: (row) => row.kind },
        { name: 'started_on', type: 'date', value: (row) => row.startedOn },
        { name: 'ended_on', type: 'date', value: (row) => row.endedOn },
      ],
      involvements
    );
  }
}

/**
 * Pairs of a newly imported person and someone already in the index that the matching engine calls a
 * match or possible, added to the duplicates list for review. Pairs within the import are the source
 * system's own duplicates, found by the next `frontdoor duplicates find`.
 */
async function offerDuplicates(trx: Db, newPersonIds: readonly number[], now: Date): Promise<number> {
  if (newPersonIds.length === 0) return 0;
  const isNew = new Set(newPersonIds);
  const people = await loadPersonIndex(trx);
  if (people.every((person) => isNew.has(person.id))) return 0;
  const pairs = likelyDuplicates(people, await currentMatchModel(trx)).filter(
    (pair) => isNew.has(pair.firstId) !== isNew.has(pair.secondId)
  );
  if (pairs.length === 0) return 0;
  for (let start = 0; start < pairs.length; start += DUPLICATES_PER_STATEMENT)
    await trx
      .insertInto('duplicate_pair')
      .values(
        pairs.slice(start, start + DUPLICATES_PER_STATEMENT).map((pair) => ({
          first_person_id: pair.firstId,
          second_person_id: pair.secondId,
          score: pair.score,
          decision: pair.decision,
          reasons: pair.reasons,
          found_at: now,
        }))
      )
      // A pair already listed (or recorded as not the same person) keeps its place and its decision.
      .onConflict((conflict) => conflict.columns(['first_person_id', 'second_person_id']).doNothing())
      .execute();
  return pairs.length;
}
