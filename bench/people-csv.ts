/** Writes people in the `frontdoor match` CSV shape. */
import fs from 'node:fs';
import { PERSON_CSV_HEADER } from '../src/cli/match-command.ts';
import { csvRow } from '../src/shared/csv.ts';
import type { PersonRecord } from '../src/shared/matching/prepared-person.ts';

export function writePeopleCsv(file: string, people: readonly (PersonRecord & { id: string })[]): void {
  const lines = people.map((person) =>
    csvRow([
      person.id,
      person.givenName ?? '',
      person.familyName ?? '',
      person.dateOfBirth ?? '',
      person.sex ?? '',
      person.postcode ?? '',
      person.address ?? '',
      person.nhsNumber ?? '',
    ])
  );
  fs.writeFileSync(file, `${[PERSON_CSV_HEADER, ...lines].join('\n')}\n`);
}
