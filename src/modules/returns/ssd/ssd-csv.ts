import fs from 'node:fs';
import { once } from 'node:events';

/** A value read from the database: dates arrive as 'YYYY-MM-DD' strings, timestamps as Dates. */
export type CsvValue = string | number | Date | null | undefined;

/** One field as RFC 4180 writes it: quoted only when it holds a comma, a quote, CR or LF. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated; a field the row does not hold is written empty. */
export function csvRecord(fields: readonly string[], row: Readonly<Record<string, CsvValue>>): string {
  return `${fields.map((field) => csvField(row[field])).join(',')}\r\n`;
}

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
