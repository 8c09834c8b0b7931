import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CouncilSettings, TimescaleVersion } from '../db/schema.ts';
import { EditConflictError } from '../db/versioned-update.ts';
import type { WorkingCalendar } from '../../shared/working-time.ts';

/** The council's configuration (timescales, service hours, closures, duty numbers…): one row. */
export async function councilSettings(db: Db): Promise<CouncilSettings> {
  const council = await db.selectFrom('council').select('settings').executeTakeFirstOrThrow();
  return council.settings;
}

/** The settings with the version an administrator opened them at, for a save that must not overwrite another. */
export async function councilSettingsForEditing(
  db: Db
): Promise<{ settings: CouncilSettings; version: number }> {
  return db.selectFrom('council').select(['settings', 'version']).executeTakeFirstOrThrow();
}

/**
 * Saves changed settings in the caller's transaction, moving the version on from the one the editor
 * opened: EditConflictError when another save came first, so no one overwrites a change unseen.
 */
export async function saveCouncilSettings(
  trx: Db,
  openedVersion: number,
  change: (settings: CouncilSettings) => CouncilSettings
): Promise<{ before: CouncilSettings; after: CouncilSettings }> {
  const current = await trx
    .selectFrom('council')
    .select(['settings', 'version'])
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (current.version !== openedVersion) throw new EditConflictError('council');
  const after = change(current.settings);
  await trx
    .updateTable('council')
    .set({ settings: JSON.stringify(after), version: sql<number>`version + 1` })
    .execute();
  return { before: current.settings, after };
}

/** The calendar the settings describe. */
export function calendarOf(settings: CouncilSettings): WorkingCalendar {
  return { serviceHours: settings.serviceHours, closures: settings.closures };
}

/** The council's working-time calendar, read from its settings. */
export async function councilCalendar(db: Db): Promise<WorkingCalendar> {
  return calendarOf(await councilSettings(db));
}

export type Timescales = Pick<CouncilSettings, 'ragTimescales' | 'decisionTimescale'>;
/** The current timescales with the ones they replaced: all a due time or countdown needs to know. */
export type VersionedTimescales = Timescales & Pick<CouncilSettings, 'timescaleHistory'>;

/** A stretch of receipt times, [from, until), under one set of timescales; null for no bound. */
export interface TimescalePeriod {
  from: Date | null;
  until: Date | null;
  timescales: Timescales;
}

/** Every set of timescales the council has had, oldest first, each with the receipt times it covers. Pure. */
export function timescalePeriods(settings: VersionedTimescales): TimescalePeriod[] {
  const earlier = [...(settings.timescaleHistory ?? [])].sort(
    (a, b) => Date.parse(a.until) - Date.parse(b.until)
  );
  const bounds = earlier.map((version) => new Date(version.until));
  const versions: Timescales[] = [...earlier, settings];
  return versions.map(({ ragTimescales, decisionTimescale }, index) => ({
    from: bounds[index - 1] ?? null,
    until: bounds[index] ?? null,
    timescales: { ragTimescales, decisionTimescale },
  }));
}

/**
 * The RAG and decision timescales for a contact received at `receivedAt`: those in force when it was
 * received, so a later change never moves the due times, or changes the clock, of work in progress. Pure.
 */
export function timescalesInForceAt(settings: VersionedTimescales, receivedAt: Date): Timescales {
  return timescalePeriods(settings).find(
    (period) => period.until === null || receivedAt.getTime() < period.until.getTime()
  )!.timescales;
}

/** The settings as they stood for a contact received at `receivedAt` (its timescales; the rest as now). Pure. */
export function settingsInForceAt(settings: CouncilSettings, receivedAt: Date): CouncilSettings {
  return { ...settings, ...timescalesInForceAt(settings, receivedAt) };
}

/**
 * New timescales from `at` on: the ones they replace are kept in the history for contacts received
 * before `at`. Refuses a change dated before the last one, which would rewrite history. Pure.
 */
export function withNewTimescales(settings: CouncilSettings, next: Timescales, at: Date): CouncilSettings {
  const history = settings.timescaleHistory ?? [];
  const last = history.at(-1);
  if (last && at.getTime() < Date.parse(last.until))
    throw new RangeError(
      `A timescale change at ${at.toISOString()} would come before the last one (${last.until})`
    );
  const replaced: TimescaleVersion = {
    until: at.toISOString(),
    ragTimescales: settings.ragTimescales,
    decisionTimescale: settings.decisionTimescale,
  };
  return { ...settings, ...next, timescaleHistory: [...history, replaced] };
}
