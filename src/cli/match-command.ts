/**
 * `frontdoor match --index INDEX.csv --queries QUERIES.csv --out OUT.csv`: bulk matching of a list
 * of people (a partner's list) against an index. Both inputs have the header PERSON_CSV_HEADER; the
 * output has each query's best candidate, its score (match weight) and decision: `match`,
 * `possible` (for a person to review) or `none`.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { csvRow, parseCsv } from '../shared/csv.ts';
import type { PersonRecord } from '../shared/matching/prepared-person.ts';
import { matchInBulk } from '../modules/people/matching/bulk-match.ts';
import { terminalProgress } from './progress.ts';

export const PERSON_CSV_HEADER = 'id,given_name,family_name,date_of_birth,sex,postcode,address,nhs_number';
export const MATCH_CSV_HEADER = 'query_id,index_id,score,decision';

const MATCH_USAGE = 'Usage: frontdoor match --index INDEX.csv --queries QUERIES.csv --out OUT.csv';

interface PersonRow extends PersonRecord {
  readonly id: string;
}

export async function runMatchCommand(args: string[]): Promise<void> {
  const { index: indexFile, queries: queriesFile, out } = matchArguments(args);
  const index = readPeopleCsv(indexFile, 'index');
  const queries = readPeopleCsv(queriesFile, 'queries');
  const progress = terminalProgress();
  const matches = await matchInBulk(index, queries, {
    onProgress: (done, total) => progress.update('Matching', done, total),
  });
  progress.finish();
  const rows = matches.map((match, at) => {
    const candidate = match.candidate === undefined ? undefined : index[match.candidate];
    const score = match.score === undefined ? '' : match.score.toFixed(2);
    return csvRow([(queries[at] as PersonRow).id, candidate?.id ?? '', score, match.decision]);
  });
  fs.writeFileSync(out, `${[MATCH_CSV_HEADER, ...rows].join('\n')}\n`);
  const count = (decision: string) => matches.filter((match) => match.decision === decision).length;
  console.log(
    `Matched ${queries.length.toLocaleString('en-GB')} queries against ${index.length.toLocaleString('en-GB')} people: ` +
      `${count('match')} match, ${count('possible')} possible (to review), ${count('none')} none. Written to ${out}.`
  );
}

function matchArguments(args: string[]): { index: string; queries: string; out: string } {
  const { values } = parseArgs({
    args,
    options: { index: { type: 'string' }, queries: { type: 'string' }, out: { type: 'string' } },
  });
  const missing = (['index', 'queries', 'out'] as const).filter((name) => !values[name]);
  if (missing.length) {
    throw new Error(`${missing.map((name) => `--${name}`).join(', ')} missing.\n${MATCH_USAGE}`);
  }
  return values as { index: string; queries: string; out: string };
}

/** Reads a people CSV, refusing (with the file named) anything that is not in the agreed shape. */
export function readPeopleCsv(file: string, role: 'index' | 'queries'): PersonRow[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`Cannot read the ${role} file ${file}: ${reason}.`, { cause: error });
  }
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const found = header.map((column) => column.trim().toLowerCase()).join(',');
  if (found !== PERSON_CSV_HEADER) {
    throw new Error(
      `The ${role} file ${file} must start with the header\n  ${PERSON_CSV_HEADER}\nbut it starts with\n  ${header.join(',')}`
    );
  }
  const width = PERSON_CSV_HEADER.split(',').length;
  return rows.map((row, at) => {
    if (row.length !== width) {
      throw new Error(`Row ${at + 2} of the ${role} file ${file} has ${row.length} fields, not ${width}.`);
    }
    const [id, givenName, familyName, dateOfBirth, sex, postcode, address, nhsNumber] = row.map((field) =>
      field.trim()
    ) as [string, string, string, string, string, string, string, string];
    return { id, givenName, familyName, dateOfBirth, sex, postcode, address, nhsNumber };
  });
}
