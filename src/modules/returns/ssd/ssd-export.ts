import path from 'node:path';
import fs from 'node:fs';
import type { Db } from '../../../platform/db/database.ts';
import { writeCsvFile } from './ssd-csv.ts';
import { SSD_TABLES } from './ssd-tables.ts';

/**
 * `frontdoor export ssd --out DIR`: one `<table_name>.csv` per Standard Safeguarding Dataset table we
 * hold, into `outDir` (created when missing). Answers the rows written per table, for the audit.
 */
export async function exportSsd(db: Db, outDir: string): Promise<Record<string, number>> {
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const written: Record<string, number> = {};
  for (const table of SSD_TABLES) {
    const rows = await table.rows(db);
    await writeCsvFile(path.join(outDir, `${table.name}.csv`), table.fields, rows);
    written[table.name] = rows.length;
  }
  return written;
}
