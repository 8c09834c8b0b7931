import fs from 'node:fs';
import { once } from 'node:events';
import { csvRecord, type CsvValue } from '../../../shared/csv.ts';

/** Rows written per flush: keeps memory flat on a large council without a write per row. */
const ROWS_PER_CHUNK = 5000;

/** Writes a UTF-8 CSV file (header row, then one record per row), readable only by its owner. */
export async function writeCsvFile(
  path: string,
  fields: readonly string[],
  rows: readonly Readonly<Record<string, CsvValue>>[]
): Promise<void> {
  const out = fs.createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
  const finished = once(out, 'finish');
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  let chunk = csvRecord(fields, Object.fromEntries(fields.map((field) => [field, field])));
  for (let index = 0; index < rows.length; index++) {
    chunk += csvRecord(fields, rows[index]!);
    if ((index + 1) % ROWS_PER_CHUNK === 0) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
      chunk = '';
    }
  }
  out.end(chunk);
  await Promise.race([finished, failed]);
}
