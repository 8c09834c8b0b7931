import type { Db } from '../db/database.ts';
import type { CouncilSettings } from '../db/schema.ts';
import type { WorkingCalendar } from '../../shared/working-time.ts';

/** The council's configuration (timescales, service hours, closures, duty numbers…): one row. */
export async function councilSettings(db: Db): Promise<CouncilSettings> {
  const council = await db.selectFrom('council').select('settings').executeTakeFirstOrThrow();
  return council.settings;
}

/** The working-time calendar the settings describe. */
export function calendarOf(settings: CouncilSettings): WorkingCalendar {
  return { serviceHours: settings.serviceHours, closures: settings.closures };
}

/** The council's working-time calendar, read from its settings. */
export async function councilCalendar(db: Db): Promise<WorkingCalendar> {
  return calendarOf(await councilSettings(db));
}
