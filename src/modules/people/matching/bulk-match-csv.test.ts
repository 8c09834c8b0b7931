import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/csv.ts';
import { PERSON_CSV_HEADER, peopleCount, peopleRows, readPeopleCsvFile, rowId } from './bulk-match-csv.ts';

let folder: string;
const file = (name: string) => path.join(folder, name);

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-people-csv-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('readPeopleCsvFile', () => {
  it('finds the rows parseCsv finds: quoted commas, quotes and line breaks, CRLF, blank lines, a BOM', () => {
    const text = [
      ` ${PERSON_CSV_HEADER.toUpperCase()}`,
      '',
      'P1,Amina,Begum,2017-06-23,F,NM3 2JH,"7 Heron Close, Northmoor",9990000026',
      '"P,2",Zoë,"Ó ""Nan"" Briain",2016-01-31,F,,"Flat 3\r\n41 Oak View",',
      '',
      ' P3 ,Alfred,Mason,2012-05-09,M,NM8 1PT,"4 Quarry Road",',
      '""',
      'P4,"Sam"uel,,,,,,',
    ].join('\r\n');
    fs.writeFileSync(file('people.csv'), `\uFEFF${text}`);
    const csv = readPeopleCsvFile(file('people.csv'), 'index');
    const [, ...expected] = parseCsv(text).map((row) => row.map((field) => field.trim()));
    expect(peopleCount(csv)).toBe(4);
    const rows = peopleRows(csv, 0, peopleCount(csv));
    expect(rows.map((row) => Object.values(row))).toEqual(expected);
    expect(rows[1]).toMatchObject({
      id: 'P,2',
      familyName: 'Ó "Nan" Briain',
      address: 'Flat 3\r\n41 Oak View',
    });
    expect(peopleRows(csv, 1, 3)).toEqual(rows.slice(1, 3));
    expect([0, 1, 2, 3].map((at) => rowId(csv, at))).toEqual(['P1', 'P,2', 'P3', 'P4']);
  });

  it('reads a file of only the header (or with no line end) as no people or one', () => {
    fs.writeFileSync(file('empty.csv'), `${PERSON_CSV_HEADER}\n`);
    expect(peopleCount(readPeopleCsvFile(file('empty.csv'), 'queries'))).toBe(0);
    fs.writeFileSync(file('one.csv'), `${PERSON_CSV_HEADER}\nQ1,Amina,Begum,2017-06-23,F,,,`);
    const one = readPeopleCsvFile(file('one.csv'), 'queries');
    expect(peopleRows(one, 0, 1)).toEqual([
      {
        id: 'Q1',
        givenName: 'Amina',
        familyName: 'Begum',
        dateOfBirth: '2017-06-23',
        sex: 'F',
        postcode: '',
        address: '',
        nhsNumber: '',
      },
    ]);
  });

  it('names a missing file, a wrong header and a row of the wrong width (blank lines not counted)', () => {
    expect(() => readPeopleCsvFile(file('nope.csv'), 'index')).toThrow(
      /Cannot read the index file .*nope\.csv: no such file\./
    );
    fs.writeFileSync(file('blank.csv'), '');
    expect(() => readPeopleCsvFile(file('blank.csv'), 'index')).toThrow(
      /index file .*blank\.csv must start with the header\n {2}id,.*\nbut it starts with\n {2}$/
    );
    fs.writeFileSync(file('bad.csv'), '\nid,first,last\n1,A,B\n');
    expect(() => readPeopleCsvFile(file('bad.csv'), 'index')).toThrow(
      /but it starts with\n {2}id,first,last$/
    );
    fs.writeFileSync(
      file('short.csv'),
      `${PERSON_CSV_HEADER}\nQ1,Amina,Begum,2017-06-23,F,,,\n\nQ2,"Aleena,",Begum\nQ3\n`
    );
    expect(() => readPeopleCsvFile(file('short.csv'), 'queries')).toThrow(
      /^Row 3 of the queries file .*short\.csv has 3 fields, not 8\.$/
    );
    fs.writeFileSync(file('one-field.csv'), `${PERSON_CSV_HEADER}\nQ1\n`);
    expect(() => readPeopleCsvFile(file('one-field.csv'), 'queries')).toThrow(/Row 2 .* has 1 fields, not 8/);
  });
});
