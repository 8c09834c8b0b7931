/**
 * The Febrl benchmark files (shared/data/febrl) mapped to our columns. Their soc_sec_id becomes the
 * identifier (nhs_number): it has no check digit, so the matcher treats it as an unverified number.
 * Ground truth (the rec-N part of rec_id) is kept apart from the records the matcher sees.
 */
import fs from 'node:fs';
import { parseCsv } from '../src/shared/csv.ts';
import type { PersonRecord } from '../src/shared/matching/prepared-person.ts';

export const FEBRL_DIR = new URL('../../shared/data/febrl/', import.meta.url);

export interface FebrlFile {
  readonly records: PersonRecord[];
  /** The original each record was made from (rec-N → N), for scoring only. */
  readonly entity: string[];
}

/**
 * `identifier: false` leaves soc_sec_id out, the usual benchmark setting: a council's referrals rarely
 * carry an identifier, so names, dates and addresses must do the work.
 */
export function readFebrl(name: string, { identifier = true } = {}): FebrlFile {
  const [header, ...rows] = parseCsv(fs.readFileSync(new URL(name, FEBRL_DIR), 'utf8'));
  const columns = (header ?? []).map((column) => column.trim());
  const records: PersonRecord[] = [];
  const entity: string[] = [];
  for (const row of rows) {
    const field = (name: string) => (row[columns.indexOf(name)] ?? '').trim();
    entity.push(field('rec_id').split('-')[1] as string);
    records.push({
      givenName: field('given_name'),
      familyName: field('surname'),
      dateOfBirth: /^\d{8}$/.test(field('date_of_birth'))
        ? `${field('date_of_birth').slice(0, 4)}-${field('date_of_birth').slice(4, 6)}-${field('date_of_birth').slice(6)}`
        : '',
      sex: '',
      postcode: field('postcode'),
      address: ['street_number', 'address_1', 'address_2', 'suburb', 'state']
        .map(field)
        .filter(Boolean)
        .join(' '),
      nhsNumber: identifier ? field('soc_sec_id') : '',
    });
  }
  return { records, entity };
}
