import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import type {
  ThresholdDescriptorTable,
  ThresholdDocumentTable,
  ThresholdLevelTable,
} from '../../platform/db/schema.ts';

export type ThresholdDocument = Selectable<ThresholdDocumentTable>;
export type ThresholdLevel = Selectable<ThresholdLevelTable>;
export type ThresholdDescriptor = Selectable<ThresholdDescriptorTable>;

export interface ThresholdArea {
  area: string;
  /** Lowest level first. */
  descriptors: ThresholdDescriptor[];
}

export interface LoadedThresholdDocument {
  document: ThresholdDocument;
  /** Levels 1 to 4. */
  levels: ThresholdLevel[];
  /** Areas of need in the document's order, each with its descriptors. */
  descriptorsByArea: ThresholdArea[];
}

/** A version's content as an administrator publishes it. */
export interface ThresholdDraft {
  title: string;
  /** 'YYYY-MM-DD', the first day (in England) the version applies. */
  effectiveFrom: string;
  levels: { level: number; name: string; summary: string; typicalResponse: string }[];
  descriptors: { level: number; area: string; text: string }[];
}

/**
 * The version in force on a day: the latest effective date on or before it, and of those the highest
 * version. Undefined before the first version takes effect.
 */
export function currentThresholdDocument(db: Db, onDate: Date): Promise<ThresholdDocument | undefined> {
  return db
    .selectFrom('threshold_document')
    .selectAll()
    .where('effective_from', '<=', londonDateOf(onDate))
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One version with its levels and its descriptors grouped by area of need; undefined when there is none. */
export async function loadThresholdDocument(
  db: Db,
  documentId: number
): Promise<LoadedThresholdDocument | undefined> {
  const document = await db
    .selectFrom('threshold_document')
    .selectAll()
    .where('id', '=', documentId)
    .executeTakeFirst();
  if (!document) return undefined;
  const levels = await db
    .selectFrom('threshold_level')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('level')
    .execute();
  const descriptors = await db
    .selectFrom('threshold_descriptor')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('id')
    .execute();
  return { document, levels, descriptorsByArea: groupByArea(descriptors) };
}

/** Areas in the order they first appear (the order they were written in), descriptors by level. */
function groupByArea(descriptors: ThresholdDescriptor[]): ThresholdArea[] {
  const areas = new Map<string, ThresholdDescriptor[]>();
  for (const descriptor of descriptors) {
    const inArea = areas.get(descriptor.area_of_need) ?? [];
    inArea.push(descriptor);
    areas.set(descriptor.area_of_need, inArea);
  }
  return [...areas].map(([area, inArea]) => ({
    area,
    descriptors: inArea.sort((a, b) => a.level - b.level || a.id - b.id),
  }));
}

/**
 * Every version, newest first, with who published it and how many decisions and assessments used it.
 * The counts are kept as decisions and assessments are written (migration 0040's triggers), so the page
 * reads one row a version however long the council's history.
 */
export function listThresholdVersions(db: Db) {
  return db
    .selectFrom('threshold_document as d')
    .leftJoin('staff_user as u', 'u.id', 'd.published_by')
    .leftJoin('threshold_document_use as used', 'used.threshold_document_id', 'd.id')
    .select([
      'd.id',
      'd.version',
      'd.title',
      'd.effective_from',
      'd.published_at',
      'u.display_name as published_by',
      sql<number>`coalesce(used.decisions, 0)`.as('decisions'),
      sql<number>`coalesce(used.assessments, 0)`.as('assessments'),
    ])
    .orderBy('d.version', 'desc')
    .execute();
}

/** The display name of whoever published a version (the demo's first version may have none). */
export async function publisherName(db: Db, document: ThresholdDocument): Promise<string | undefined> {
  if (document.published_by === null) return undefined;
  const publisher = await db
    .selectFrom('staff_user')
    .select('display_name')
    .where('id', '=', document.published_by)
    .executeTakeFirst();
  return publisher?.display_name;
}

/**
 * The highest version number, which a new version must follow, and the version that takes effect last
 * (on or after whose date a new version must take effect).
 */
export async function latestThresholdVersions(db: Db): Promise<{
  version: number;
  lastToTakeEffect: Pick<ThresholdDocument, 'version' | 'effective_from'> | undefined;
}> {
  const highest = await db
    .selectFrom('threshold_document')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  const lastToTakeEffect = await db
    .selectFrom('threshold_document')
    .select(['version', 'effective_from'])
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { version: highest?.version ?? 0, lastToTakeEffect };
}

/** Someone published a version after the administrator opened the form they are publishing from. */
export class ThresholdVersionConflictError extends Error {
  constructor(readonly latestVersion: number) {
    super(`Version ${latestVersion} was published in the meantime`);
    this.name = 'ThresholdVersionConflictError';
  }
}

/**
 * Inserts a draft as the next version. Published versions are never changed, because decisions and
 * threshold assessments name the version they used. Run inside a transaction: the table lock makes two
 * administrators publishing at once take turns, so the second sees the first's version and gets a
 * conflict instead of silently replacing its changes.
 */
export async function publishThresholdVersion(
  trx: Db,
  draft: ThresholdDraft,
  publication: { openedAtVersion: number; publishedBy: number; at: Date }
): Promise<{ id: number; version: number }> {
  await sql`lock table threshold_document in exclusive mode`.execute(trx);
  const latest = await latestThresholdVersions(trx);
  if (latest.version !== publication.openedAtVersion) throw new ThresholdVersionConflictError(latest.version);
  const document = await trx
    .insertInto('threshold_document')
    .values({
      version: latest.version + 1,
      title: draft.title,
      effective_from: draft.effectiveFrom,
      published_at: publication.at,
      published_by: publication.publishedBy,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('threshold_level')
    .values(
      draft.levels.map((level) => ({
        document_id: document.id,
        level: level.level,
        name: level.name,
        summary: level.summary,
        typical_response: level.typicalResponse,
      }))
    )
    .execute();
  await trx
    .insertInto('threshold_descriptor')
    .values(
      draft.descriptors.map((descriptor) => ({
        document_id: document.id,
        level: descriptor.level,
        area_of_need: descriptor.area,
        text: descriptor.text,
      }))
    )
    .execute();
  return document;
}
