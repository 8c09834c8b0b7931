import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRow } from '../../../shared/csv.ts';
import type { PersonRecord } from '../../../shared/matching/prepared-person.ts';
import { decodeRecords, encodeRecords, matchInBulk } from './bulk-match.ts';
import { PERSON_CSV_HEADER, readPeopleCsvFile } from './bulk-match-csv.ts';

const heron = { familyName: 'Begum', postcode: 'NM3 2JH', address: '7 Heron Close, Northmoor' };
const alfred = { givenName: 'Alfred', familyName: 'Mason', dateOfBirth: '2012-05-09', sex: 'M' };
// Split in two by threads: the twins, and Alfred written twice, fall in different halves.
const index: PersonRecord[] = [
  { ...heron, givenName: 'Amina', dateOfBirth: '2017-06-23', sex: 'F', nhsNumber: '9990000026' },
  { ...alfred, postcode: 'NM8 1PT' },
  { givenName: 'Madison', familyName: 'Clarke-Ward', dateOfBirth: '2015-11-02', sex: 'F' },
  { ...heron, givenName: 'Aleena', dateOfBirth: '2017-06-23', sex: 'F' },
  { ...alfred, postcode: 'NM8 1PT' },
  { ...heron, givenName: 'Yusuf', dateOfBirth: '2014-02-11', sex: 'M' },
];
const queries: PersonRecord[] = [
  { ...heron, givenName: 'Aleena', dateOfBirth: '2017-06-23', sex: 'F' },
  { ...heron, givenName: '', dateOfBirth: '2017-06-23', sex: 'F' },
  { ...alfred, givenName: 'Alfie', dateOfBirth: '2012-09-05' },
  { givenName: 'Madisen', familyName: 'Clarke Ward', dateOfBirth: '2015-11-02' },
  { givenName: 'Yusuf', familyName: 'Begum', dateOfBirth: '2014-11-02', postcode: 'NM3 2JH' },
  { givenName: 'Tadhg', familyName: 'Fitzgerald', dateOfBirth: '2001-01-01' },
];

describe('matchInBulk across worker threads', () => {
  it('finds what one thread finds, ties and the ambiguity rule included', async () => {
    const together = await matchInBulk(index, queries, { threads: 1 });
    const split = await matchInBulk(index, queries, { threads: 2 });
    expect(split).toEqual(together);
    // Alfred is in the index twice: the first written is the best, held for review beside the other.
    expect(together[2]).toMatchObject({ candidate: 1, decision: 'possible' });
    expect(together[0]).toMatchObject({ candidate: 3, decision: 'match' });
    expect(together[5]).toEqual({ decision: 'none' });
  });

  it('finds the same with more workers than some have people or queries for, the people sent a few at a time', async () => {
    const together = await matchInBulk(index, queries, { threads: 1 });
    // Five shares of two people: the last two have none, and two of five ranges of queries are empty.
    expect(await matchInBulk(index, queries, { threads: 5, peoplePerMessage: 1 })).toEqual(together);
    expect(await matchInBulk(index, queries, { threads: 2, peoplePerMessage: 2 })).toEqual(together);
  });

  it('finds the same from people CSV files, whose rows the workers parse', async () => {
    const together = await matchInBulk(index, queries, { threads: 1 });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-bulk-'));
    try {
      const read = (name: string, people: PersonRecord[], role: 'index' | 'queries') => {
        const fields = (person: PersonRecord, at: number) => [
          `${name}${at}`,
          person.givenName,
          person.familyName,
          person.dateOfBirth,
          person.sex,
          person.postcode,
          person.address,
          person.nhsNumber,
        ];
        const lines = [PERSON_CSV_HEADER, ...people.map((person, at) => csvRow(fields(person, at)))];
        fs.writeFileSync(path.join(folder, name), `${lines.join('\n')}\n`);
        return readPeopleCsvFile(path.join(folder, name), role);
      };
      const [indexCsv, queriesCsv] = [read('index', index, 'index'), read('queries', queries, 'queries')];
      expect(await matchInBulk(indexCsv, queriesCsv, { threads: 1 })).toEqual(together);
      expect(await matchInBulk(indexCsv, queriesCsv, { threads: 2, peoplePerMessage: 1 })).toEqual(together);
      expect(await matchInBulk(indexCsv, queriesCsv, { threads: 5 })).toEqual(together);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('encodeRecords', () => {
  it('reaches a worker with every field the matcher reads, missing ones as null', () => {
    const records: PersonRecord[] = [
      {
        givenName: 'Zoë',
        middleNames: 'Anne "Nan"',
        familyName: 'Ó Briain',
        previousFamilyNames: ['Smith', 'Jones'],
        dateOfBirth: '2016-01-31',
        sex: 'F',
        postcode: 'NM3 2JH',
        address: '7 Heron Close,\nNorthmoor',
        nhsNumber: '9990000026',
      },
      { givenName: 'Sam', familyName: null },
    ];
    expect(decodeRecords(encodeRecords(records))).toEqual([
      records[0],
      {
        givenName: 'Sam',
        middleNames: null,
        familyName: null,
        previousFamilyNames: null,
        dateOfBirth: null,
        sex: null,
        postcode: null,
        address: null,
        nhsNumber: null,
      },
    ]);
  });
});
