import type { Db } from '../../../platform/db/database.ts';
import { annexARows } from './annex-a-queries.ts';
import { annexASheets, workbookOf } from './annex-a-workbook.ts';

/**
 * Ofsted Annex A for an inspection on `asAt` ('YYYY-MM-DD'): the .xlsx workbook and the rows on each
 * sheet, by sheet name ("List 1" …), for the export's audit row.
 */
export async function buildAnnexA(
  db: Db,
  asAt: string
): Promise<{ workbook: Buffer; rowsPerList: Record<string, number> }> {
  const sheets = annexASheets(await annexARows(db, asAt));
  const rowsPerList = Object.fromEntries(sheets.map((sheet) => [sheet.name, sheet.rows.length]));
  return { workbook: await workbookOf(sheets), rowsPerList };
}
