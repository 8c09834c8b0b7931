/*
 * CSV as RFC 4180 writes it: comma-separated, a field in double quotes (with "" for a quote) only when it
 * holds a comma, a quote, CR or LF. One reader and one writer for every file the product reads or writes.
 */

/** A value read from the database: dates arrive as 'YYYY-MM-DD' strings, timestamps as Dates. */
export type CsvValue = string | number | Date | null | undefined;

/** One field: nulls empty, timestamps as ISO, quoted only when it must be. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row's fields joined by commas, without a line ending. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** One record, CRLF-terminated; a field the row does not hold is written empty. */
export function csvRecord(fields: readonly string[], row: Readonly<Record<string, CsvValue>>): string {
  return `${csvRow(fields.map((field) => row[field]))}\r\n`;
}

const [COMMA, NEWLINE, QUOTE] = [44, 10, 34];

/** Rows of fields; a quoted field may hold commas, quotes and line breaks. Blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let at = 0;
  while (at < text.length) {
    const fields: string[] = [];
    // Fields are sliced out whole rather than built a character at a time: a million rows stay quick.
    for (;;) {
      const [field, end] = text.charCodeAt(at) === QUOTE ? quotedField(text, at + 1) : plainField(text, at);
      fields.push(field);
      at = end + 1;
      if (text.charCodeAt(end) !== COMMA) break;
    }
    if (fields.length > 1 || fields[0] !== '') rows.push(fields);
  }
  return rows;
}

/** A field up to the next comma or line end; returns it and where it ended. */
function plainField(text: string, start: number): [string, number] {
  let end = start;
  while (end < text.length && text.charCodeAt(end) !== COMMA && text.charCodeAt(end) !== NEWLINE) end++;
  const field = text.slice(start, end);
  return [field.endsWith('\r') ? field.slice(0, -1) : field, end];
}

/** A quoted field from just after its opening quote; returns it and where it ended (after the closing quote). */
function quotedField(text: string, start: number): [string, number] {
  let value = '';
  let at = start;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return [value + text.slice(at), text.length];
    value += text.slice(at, quote);
    if (text.charCodeAt(quote + 1) !== QUOTE) {
      const [rest, end] = plainField(text, quote + 1);
      return [value + rest, end];
    }
    value += '"';
    at = quote + 2;
  }
}
