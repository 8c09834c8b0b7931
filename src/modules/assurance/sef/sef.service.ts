import { sql } from 'kysely';
import type { Actor } from '../../../platform/access/actor.ts';
import { isPartnerAgency, rolesWith } from '../../../platform/access/permissions.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { SefStatus } from '../../../platform/db/schema.ts';
import { EditConflictError } from '../../../platform/db/versioned-update.ts';
import { FormProblem } from '../../../platform/http/forms.ts';
import { refreshInsightFacts } from '../../performance/insight-facts.ts';
import type { InsightScope, Period } from '../../performance/insight-scope.ts';
import { breakdown, periodValues } from '../../performance/measure-queries.ts';
import { auditSummary, type AuditSummary } from '../audits/audit-summary.ts';
import { councilWorkforce } from '../workforce/workforce.service.ts';
import {
  EVIDENCE_BREAKDOWNS,
  EVIDENCE_MEASURES,
  evidenceSections,
  type EvidenceSection,
} from './sef-evidence.ts';
import type { ChecklistAnswers, EntryAnswers, SefDetails } from './sef-forms.ts';
import type { ChecklistLetter, SefAreaId } from './sef-framework.ts';
import { contributorsInOrder, isOpenForWriting, mayEditEntry, type Contributor } from './sef-rules.ts';

/*
 * The self-evaluation workspace: SEFs per period, their narrative entries (every version kept), the
 * checklist, priorities, and the live evidence for the period. Each change is one transaction with its
 * audit row. The narrative and the figures are about the service, never about a child: nothing here reads
 * a person's record.
 */

export interface SefSummary {
  id: number;
  label: string;
  from: string;
  to: string;
  status: SefStatus;
  leadName: string;
  entries: number;
}

export interface EntryVersion {
  version: number;
  text: string;
  writer: Contributor;
  writtenAt: Date;
}

export interface SefEntry {
  id: number;
  area: SefAreaId;
  agencyId: number;
  author: Contributor;
  version: number;
  /** Newest first: the first is the entry's text now. */
  versions: EntryVersion[];
}

export interface SefRecord {
  id: number;
  label: string;
  period: Period;
  status: SefStatus;
  finalisedAt: Date | null;
  version: number;
  lead: Contributor;
  entries: SefEntry[];
  contributors: Contributor[];
  checklist: Partial<
    Record<ChecklistLetter, { met: boolean; note: string | null; answeredBy: string; answeredAt: Date }>
  >;
  priorities: SefPriority[];
}

export interface SefPriority {
  id: number;
  area: SefAreaId | null;
  text: string;
  /** The owner's name (or, for an earlier priority, the owner as written). */
  owner: string;
  ownerId: number | null;
  dueOn: string;
  status: 'open' | 'closed';
  outcome: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  version: number;
}

export async function listSefs(db: Db): Promise<SefSummary[]> {
  return db
    .selectFrom('sef')
    .innerJoin('staff_user as lead', 'lead.id', 'sef.lead_user_id')
    .select((eb) => [
      'sef.id',
      'sef.period_label as label',
      'sef.period_from as from',
      'sef.period_to as to',
      'sef.status',
      'lead.display_name as leadName',
      eb
        .selectFrom('sef_entry')
        .whereRef('sef_entry.sef_id', '=', 'sef.id')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .as('entries'),
    ])
    .orderBy('sef.period_from', 'desc')
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, entries: Number(row.entries) })));
}

/** Staff who may lead a SEF: the council's own staff whose role runs one. */
export async function leadChoices(db: Db): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('staff_user')
    .innerJoin('agency', 'agency.id', 'staff_user.agency_id')
    .where('agency.kind', '=', 'council')
    .where('staff_user.active', '=', true)
    .where('staff_user.role', 'in', rolesWith('sef:lead'))
    .select(['staff_user.id', 'staff_user.display_name as name'])
    .orderBy('staff_user.display_name')
    .orderBy('staff_user.id')
    .execute();
}

async function contributorsById(db: Db, ids: readonly number[]): Promise<Map<number, Contributor>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff_user')
    .innerJoin('agency', 'agency.id', 'staff_user.agency_id')
    .where('staff_user.id', 'in', [...new Set(ids)])
    .select([
      'staff_user.id as userId',
      'staff_user.display_name as name',
      'agency.name as agencyName',
      'agency.kind',
    ])
    .execute();
  return new Map(
    rows.map((row) => [
      row.userId,
      { userId: row.userId, name: row.name, agencyName: row.agencyName, partner: isPartnerAgency(row.kind) },
    ])
  );
}

/** A SEF with its entries (each with every version), checklist and priorities; not found answers 404. */
export async function loadSef(db: Db, id: number): Promise<SefRecord> {
  const sef = await db.selectFrom('sef').selectAll().where('id', '=', id).executeTakeFirst();
  if (!sef) throw new RecordNotFoundError('Self-evaluation');
  const [entries, versions, checklist, priorities] = await Promise.all([
    db
      .selectFrom('sef_entry')
      .selectAll()
      .where('sef_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('sef_entry_version')
      .innerJoin('sef_entry', 'sef_entry.id', 'sef_entry_version.entry_id')
      .where('sef_entry.sef_id', '=', id)
      .select([
        'sef_entry_version.entry_id',
        'sef_entry_version.version',
        'sef_entry_version.text',
        'sef_entry_version.written_by',
        'sef_entry_version.agency_id',
        'sef_entry_version.written_at',
      ])
      .orderBy('sef_entry_version.written_at')
      .orderBy('sef_entry_version.version')
      .execute(),
    db.selectFrom('sef_checklist_answer').selectAll().where('sef_id', '=', id).execute(),
    db
      .selectFrom('sef_priority as p')
      .leftJoin('staff_user as owner', 'owner.id', 'p.owner_id')
      .leftJoin('staff_user as closer', 'closer.id', 'p.closed_by')
      .where('p.sef_id', '=', id)
      .select([
        'p.id',
        'p.area',
        'p.text',
        sql<string>`coalesce(owner.display_name, p.owner)`.as('owner'),
        'p.owner_id as ownerId',
        'p.due_on as dueOn',
        'p.status',
        'p.outcome',
        'p.closed_at as closedAt',
        'closer.display_name as closedBy',
        'p.version',
      ])
      .orderBy(sql`p.status = 'closed'`)
      .orderBy('p.due_on')
      .orderBy('p.id')
      .execute(),
  ]);
  const people = await contributorsById(db, [
    sef.lead_user_id,
    ...entries.map((entry) => entry.author_user_id),
    ...versions.map((version) => version.written_by),
    ...checklist.map((answer) => answer.answered_by),
  ]);
  const person = (userId: number) => people.get(userId)!;
  const versionsOf = (entryId: number) =>
    versions
      .filter((version) => version.entry_id === entryId)
      .map((version) => ({
        version: version.version,
        text: version.text,
        writer: person(version.written_by),
        writtenAt: version.written_at,
      }))
      .reverse();
  return {
    id: sef.id,
    label: sef.period_label,
    period: { from: sef.period_from, to: sef.period_to },
    status: sef.status,
    finalisedAt: sef.finalised_at,
    version: sef.version,
    lead: person(sef.lead_user_id),
    entries: entries.map((entry) => ({
      id: entry.id,
      area: entry.area as SefAreaId,
      agencyId: entry.agency_id,
      author: person(entry.author_user_id),
      version: entry.version,
      versions: versionsOf(entry.id),
    })),
    contributors: contributorsInOrder(
      person(sef.lead_user_id),
      versions.map((version) => person(version.written_by))
    ),
    checklist: Object.fromEntries(
      checklist.map((answer) => [
        answer.item,
        {
          met: answer.met,
          note: answer.note,
          answeredBy: person(answer.answered_by).name,
          answeredAt: answer.answered_at,
        },
      ])
    ),
    priorities: priorities.map((priority) => ({ ...priority, area: priority.area as SefAreaId | null })),
  };
}

/** The SEF, locked for update (a change to it or to anything in it waits for the one before). */
export async function lockSef(trx: Db, sefId: number): Promise<{ id: number; status: SefStatus }> {
  const sef = await trx
    .selectFrom('sef')
    .select(['id', 'status'])
    .where('id', '=', sefId)
    .forUpdate()
    .executeTakeFirst();
  if (!sef) throw new RecordNotFoundError('Self-evaluation');
  return sef;
}

/** The SEF, locked for update, refused when it is final. */
async function openSefForWriting(trx: Db, sefId: number) {
  const sef = await lockSef(trx, sefId);
  if (!isOpenForWriting(sef.status))
    throw new FormProblem('form', 'This self-evaluation is final. Reopen it as a draft to change it.');
  return sef;
}

/** Optimistic concurrency on the SEF's details and checklist (see platform/db/versioned-update.ts). */
async function claimSefVersion(trx: Db, sefId: number, opened: number): Promise<void> {
  const claimed = await trx
    .updateTable('sef')
    .set({ version: sql`version + 1` })
    .where('id', '=', sefId)
    .where('version', '=', opened)
    .returning('version')
    .executeTakeFirst();
  if (!claimed) throw new EditConflictError('sef');
}

async function checkDetails(trx: Db, details: SefDetails, sefId: number | null): Promise<void> {
  const clash = await trx
    .selectFrom('sef')
    .select('id')
    .where('period_label', '=', details.label)
    .$if(sefId !== null, (query) => query.where('id', '<>', sefId!))
    .executeTakeFirst();
  if (clash) throw new FormProblem('label', `There is already a self-evaluation for ${details.label}`);
  const leads = await leadChoices(trx);
  if (!leads.some((lead) => lead.id === details.leadUserId))
    throw new FormProblem('lead', 'Choose the lead person from the list');
}

export async function createSef(access: RecordAccess, details: SefDetails, now: Date): Promise<number> {
  return access.recordChange('sef:lead', 'sef.create', async (trx) => {
    await checkDetails(trx, details, null);
    const { id } = await trx
      .insertInto('sef')
      .values({
        period_label: details.label,
        period_from: details.from,
        period_to: details.to,
        lead_user_id: details.leadUserId,
        created_by: access.actor.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      recordType: 'sef',
      recordId: id,
      result: id,
      details: { period: { from: details.from, to: details.to } },
    };
  });
}

/** The period, lead or status; making it final dates the assessment, reopening it clears that. */
export async function updateSef(
  access: RecordAccess,
  sefId: number,
  details: SefDetails,
  now: Date
): Promise<void> {
  return access.recordChange('sef:lead', 'sef.update', async (trx) => {
    await claimSefVersion(trx, sefId, details.version ?? 0);
    await checkDetails(trx, details, sefId);
    await trx
      .updateTable('sef')
      .set({
        period_label: details.label,
        period_from: details.from,
        period_to: details.to,
        lead_user_id: details.leadUserId,
        status: details.status,
        finalised_at: details.status === 'final' ? sql<Date>`coalesce(finalised_at, ${now})` : null,
      })
      .where('id', '=', sefId)
      .execute();
    return { recordType: 'sef', recordId: sefId, result: undefined, details: { status: details.status } };
  });
}

/** A new entry by the actor for their agency, as its first version. */
export function addEntry(
  access: RecordAccess,
  sefId: number,
  area: SefAreaId,
  answers: EntryAnswers,
  now: Date
): Promise<number> {
  const { actor } = access;
  return access.recordChange('sef:write', 'sef.write', async (trx) => {
    await openSefForWriting(trx, sefId);
    const { id } = await trx
      .insertInto('sef_entry')
      .values({
        sef_id: sefId,
        area,
        author_user_id: actor.userId,
        agency_id: actor.agencyId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('sef_entry_version')
      .values({
        entry_id: id,
        version: 1,
        text: answers.text,
        written_by: actor.userId,
        agency_id: actor.agencyId,
        written_at: now,
      })
      .execute();
    return { recordType: 'sef_entry', recordId: id, result: id, details: { sefId, area, version: 1 } };
  });
}

/**
 * A new version of an entry, from the version the writer opened: if someone saved it in between, the
 * save is refused (EditConflictError) and nothing is overwritten.
 */
export function editEntry(
  access: RecordAccess,
  sefId: number,
  entryId: number,
  answers: EntryAnswers,
  now: Date
): Promise<void> {
  const { actor } = access;
  return access.recordChange('sef:write', 'sef.write', async (trx) => {
    await openSefForWriting(trx, sefId);
    const entry = await trx
      .selectFrom('sef_entry')
      .select(['id', 'agency_id', 'area'])
      .where('id', '=', entryId)
      .where('sef_id', '=', sefId)
      .executeTakeFirst();
    if (!entry || !mayEditEntry(actor, { agencyId: entry.agency_id })) throw new RecordNotFoundError('Entry');
    const claimed = await trx
      .updateTable('sef_entry')
      .set({ version: sql`version + 1` })
      .where('id', '=', entryId)
      .where('version', '=', answers.version ?? 0)
      .returning('version')
      .executeTakeFirst();
    if (!claimed) throw new EditConflictError('sef_entry');
    await trx
      .insertInto('sef_entry_version')
      .values({
        entry_id: entryId,
        version: claimed.version,
        text: answers.text,
        written_by: actor.userId,
        agency_id: actor.agencyId,
        written_at: now,
      })
      .execute();
    return {
      recordType: 'sef_entry',
      recordId: entryId,
      result: undefined,
      details: { sefId, area: entry.area, version: claimed.version },
    };
  });
}

export async function saveChecklist(
  access: RecordAccess,
  sefId: number,
  answers: ChecklistAnswers,
  now: Date
): Promise<void> {
  return access.recordChange('sef:lead', 'sef.checklist', async (trx) => {
    await openSefForWriting(trx, sefId);
    await claimSefVersion(trx, sefId, answers.version);
    for (const answer of answers.answers) {
      const values = {
        met: answer.met,
        note: answer.note,
        answered_by: access.actor.userId,
        answered_at: now,
      };
      await trx
        .insertInto('sef_checklist_answer')
        .values({ sef_id: sefId, item: answer.letter, ...values })
        .onConflict((conflict) => conflict.columns(['sef_id', 'item']).doUpdateSet(values))
        .execute();
    }
    return {
      recordType: 'sef',
      recordId: sefId,
      result: undefined,
      details: { met: answers.answers.filter((answer) => answer.met).map((answer) => answer.letter) },
    };
  });
}

/** The case audits' figures, or 'not_yet' while the audit tool cannot give them. */
async function auditsOf(db: Db, period: Period): Promise<AuditSummary | 'not_yet'> {
  try {
    return await auditSummary(db, period);
  } catch (error) {
    if (error instanceof Error && error.message === 'not yet built') return 'not_yet';
    throw error;
  }
}

/**
 * The evidence for the SEF's period: the performance measures and breakdowns of Appendix B, the case
 * audits and the council's workforce (as it stands now). A partner agency's staff see their own
 * agency's contacts only, as on the performance pages, and not the council's audits or workforce.
 */
export async function evidenceFor(
  db: Db,
  actor: Actor,
  period: Period,
  now: Date
): Promise<EvidenceSection[]> {
  await refreshInsightFacts(db);
  const scope: InsightScope = isPartnerAgency(actor.agencyKind)
    ? { period, agencyId: actor.agencyId }
    : { period };
  const partner = isPartnerAgency(actor.agencyKind);
  const [values, audits, workforce, ...rows] = await Promise.all([
    periodValues(db, scope, EVIDENCE_MEASURES, { now }),
    partner ? Promise.resolve('not_shown' as const) : auditsOf(db, period),
    partner ? Promise.resolve('not_shown' as const) : councilWorkforce(db, now),
    ...EVIDENCE_BREAKDOWNS.map((id) => breakdown(db, scope, id, { now })),
  ]);
  const breakdowns = Object.fromEntries(EVIDENCE_BREAKDOWNS.map((id, index) => [id, rows[index]]));
  return evidenceSections({ values, breakdowns, audits, workforce });
}

/** The SEF page's evidence: an aggregate read, audited as a performance view with its period. */
export function sefEvidence(access: RecordAccess, sef: SefRecord, now: Date): Promise<EvidenceSection[]> {
  return access.withPermission(
    'assurance:view',
    {
      action: 'performance.view',
      recordType: 'sef',
      recordId: sef.id,
      details: { section: 'sef', period: sef.period },
    },
    (db) => evidenceFor(db, access.actor, sef.period, now)
  );
}

/** Everything the Appendix C report holds, read and audited as one export. */
export async function sefForExport(access: RecordAccess, sefId: number, now: Date) {
  return access.withPermission(
    'sef:lead',
    { action: 'sef.export', recordType: 'sef', recordId: sefId },
    async (db) => {
      const [sef, council] = await Promise.all([
        loadSef(db, sefId),
        db.selectFrom('council').select('name').executeTakeFirstOrThrow(),
      ]);
      return {
        sef,
        councilName: council.name,
        evidence: await evidenceFor(db, access.actor, sef.period, now),
      };
    }
  );
}
