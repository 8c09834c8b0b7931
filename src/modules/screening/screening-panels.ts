import type { Db } from '../../platform/db/database.ts';
import type { loadScreening } from './screening.service.ts';

type Screening = Awaited<ReturnType<typeof loadScreening>>;

/** What the other stages add to the screening page: partners' answers, strategy, letters, MASH meeting. */
export async function screeningPanels(db: Db, screening: Screening, now: Date) {
  void db;
  void screening;
  void now;
  return {};
}
