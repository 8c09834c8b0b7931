/**
 * The people CSV files of `frontdoor match`, read without parsing them in the main thread: the file's
 * bytes in shared memory and where each row starts, checked as parseCsv would read them (the header, the
 * number of fields in every row). Worker threads parse their own rows (peopleRows) while the others parse
 * theirs; the main thread reads only the ids it writes out (rowId). Reading a million people into objects
 * before any worker started, and then writing them out again for the workers, took seconds of one thread.
 */
import fs from 'node:fs';
import { parseCsv } from '../../../shared/csv.ts';
import type { PersonRecord } from '../../../shared/matching/prepared-person.ts';

export const PERSON_CSV_HEADER = 'id,given_name,family_name,date_of_birth,sex,postcode,address,nhs_number';
const WIDTH = PERSON_CSV_HEADER.split(',').length;

export interface PersonRow extends PersonRecord {
  readonly id: string;
}

/** A people CSV file as read: its bytes (shared memory) and the byte where each row starts. */
export interface PeopleCsv {
  /** The file's UTF-8 bytes, from after any byte order mark. */
  readonly bytes: Uint8Array;
  /** Where each row after the header starts in `bytes`, and one more: the end of the last row. */
  readonly starts: Int32Array;
}

export function peopleCount(csv: PeopleCsv): number {
  return csv.starts.length - 1;
}

const [COMMA, NEWLINE, QUOTE] = [44, 10, 34];

/**
 * Reads a people CSV, refusing (with the file named) anything that is not in the agreed shape: the rows
 * are found as parseCsv finds them (a quoted field may hold commas, quotes and line breaks; blank lines are
 * skipped), and each must have the header's number of fields.
 */
export function readPeopleCsvFile(file: string, role: 'index' | 'queries'): PeopleCsv {
  const bytes = readShared(file, role);
  let rowStarts = new Int32Array(1024);
  let rows = 0;
  let header: string[] | undefined;
  const length = bytes.length;
  let at = 0;
  while (at < length) {
    const start = at;
    let fields = 1;
    for (;;) {
      if (bytes[at] === QUOTE) {
        // A quoted field: to its closing quote ("" is a quote), then as a plain field to its end.
        at++;
        for (;;) {
          const quote = bytes.indexOf(QUOTE, at);
          if (quote < 0) {
            at = length;
            break;
          }
          if (bytes[quote + 1] === QUOTE) at = quote + 2;
          else {
            at = quote + 1;
            break;
          }
        }
      }
      while (at < length && bytes[at] !== COMMA && bytes[at] !== NEWLINE) at++;
      const end = at;
      at = end + 1;
      if (end < length && bytes[end] === COMMA) fields++;
      else break;
    }
    // A row of one field is a blank line (skipped) or a row too short: parsed to tell which.
    const fieldsOfRow = fields === 1 || !header ? parseCsv(textOf(bytes, start, Math.min(at, length))) : [];
    if (fields === 1 && fieldsOfRow.length === 0) continue;
    if (!header) {
      header = fieldsOfRow[0] ?? [];
      checkHeader(header, file, role);
      continue;
    }
    if (fields !== WIDTH) {
      throw new Error(`Row ${rows + 2} of the ${role} file ${file} has ${fields} fields, not ${WIDTH}.`);
    }
    if (rows + 1 >= rowStarts.length) {
      const grown = new Int32Array(rowStarts.length * 2);
      grown.set(rowStarts);
      rowStarts = grown;
    }
    rowStarts[rows++] = start;
  }
  if (!header) checkHeader([], file, role);
  rowStarts[rows] = length;
  const starts = new Int32Array(new SharedArrayBuffer((rows + 1) * 4));
  starts.set(rowStarts.subarray(0, rows + 1));
  return { bytes, starts };
}

function checkHeader(header: string[], file: string, role: 'index' | 'queries'): void {
  const found = header.map((column) => column.trim().toLowerCase()).join(',');
  if (found !== PERSON_CSV_HEADER) {
    throw new Error(
      `The ${role} file ${file} must start with the header\n  ${PERSON_CSV_HEADER}\nbut it starts with\n  ${header.join(',')}`
    );
  }
}

/** The file's bytes in shared memory (which reaches a worker without a copy), after any byte order mark. */
function readShared(file: string, role: 'index' | 'queries'): Uint8Array {
  try {
    const descriptor = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(descriptor).size;
      const bytes = new Uint8Array(new SharedArrayBuffer(size));
      let read = 0;
      while (read < size) {
        const got = fs.readSync(descriptor, bytes, read, size - read, null);
        if (got === 0) break;
        read += got;
      }
      const bom = read >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      return bytes.subarray(bom, read);
    } finally {
      fs.closeSync(descriptor);
    }
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`Cannot read the ${role} file ${file}: ${reason}.`, { cause: error });
  }
}

function textOf(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('utf8');
}

/** Rows `from` up to `to` of the file, as people (each field trimmed). */
export function peopleRows(csv: PeopleCsv, from: number, to: number): PersonRow[] {
  if (from >= to) return [];
  const text = textOf(csv.bytes, csv.starts[from] as number, csv.starts[to] as number);
  return parseCsv(text).map((row) => {
    const [id, givenName, familyName, dateOfBirth, sex, postcode, address, nhsNumber] = row.map((field) =>
      field.trim()
    ) as [string, string, string, string, string, string, string, string];
    return { id, givenName, familyName, dateOfBirth, sex, postcode, address, nhsNumber };
  });
}

/** The id of row `at`. */
export function rowId(csv: PeopleCsv, at: number): string {
  const text = textOf(csv.bytes, csv.starts[at] as number, csv.starts[at + 1] as number);
  return (parseCsv(text)[0]?.[0] ?? '').trim();
}
