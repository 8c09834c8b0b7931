import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb, migrateToLatest } from '../platform/db/database.ts';
import { openPool } from '../platform/db/pool.ts';
import { MATCH_CSV_HEADER, PERSON_CSV_HEADER, runMatchCommand } from './match-command.ts';

let folder: string;
const file = (name: string) => path.join(folder, name);

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-match-'));
  fs.writeFileSync(
    file('index.csv'),
    [
      PERSON_CSV_HEADER,
      'P1,Amina,Begum,2017-06-23,F,NM3 2JH,"7 Heron Close, Northmoor",9990000026',
      'P2,Aleena,Begum,2017-06-23,F,NM3 2JH,"7 Heron Close, Northmoor",',
      'P3,Alfred,Mason,2012-05-09,M,NM8 1PT,"4 Quarry Road, Northmoor",',
    ].join('\n')
  );
  fs.writeFileSync(
    file('queries.csv'),
    [
      PERSON_CSV_HEADER,
      'Q1,Alfie,Mason,2012-09-05,M,NM8 1PT,,',
      'Q2,,Begum,2017-06-23,F,NM3 2JH,,',
      'Q3,Aleena,Begum,2017-06-23,F,nm32jh,"7 Heron Cl, Northmoor",',
      'Q4,Tadhg,Fitzgerald,2001-01-01,M,,,',
    ].join('\r\n')
  );
});

afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('frontdoor match', () => {
  it('writes each query’s best candidate, score and decision', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    await runMatchCommand([
      '--index',
      file('index.csv'),
      '--queries',
      file('queries.csv'),
      '--out',
      file('out.csv'),
    ]);
    const [header, ...rows] = fs.readFileSync(file('out.csv'), 'utf8').trim().split('\n');
    expect(header).toBe(MATCH_CSV_HEADER);
    const byQuery = Object.fromEntries(
      rows.map((row) => row.split(',')).map(([query, ...rest]) => [query, rest])
    );
    expect(byQuery.Q1?.[0]).toBe('P3');
    expect(byQuery.Q1?.[2]).toBe('match');
    expect(Number(byQuery.Q1?.[1])).toBeGreaterThan(0);
    // Without a given name either twin could be meant: review, never an automatic match.
    expect(byQuery.Q2?.[2]).toBe('possible');
    expect(byQuery.Q3).toEqual(['P2', expect.any(String), 'match']);
    expect(byQuery.Q4).toEqual(['', '', 'none']);
  });

  it('names a missing file and a wrong header', async () => {
    const args = (index: string) => [
      '--index',
      index,
      '--queries',
      file('queries.csv'),
      '--out',
      file('x.csv'),
    ];
    await expect(runMatchCommand(args(file('nope.csv')))).rejects.toThrow(
      /index file .*nope\.csv: no such file/
    );
    fs.writeFileSync(file('bad.csv'), 'id,first,last\n1,A,B\n');
    await expect(runMatchCommand(args(file('bad.csv')))).rejects.toThrow(
      new RegExp(`index file .*bad\\.csv must start with the header\\n  ${PERSON_CSV_HEADER}`)
    );
  });

  it('says which arguments are missing', async () => {
    await expect(runMatchCommand(['--index', 'a.csv'])).rejects.toThrow(/--queries, --out missing/);
  });

  it('refuses a row with the wrong number of fields, naming its line', async () => {
    fs.writeFileSync(file('short.csv'), `${PERSON_CSV_HEADER}\nQ1,Amina,Begum\n`);
    const args = ['--index', file('index.csv'), '--queries', file('short.csv'), '--out', file('x.csv')];
    await expect(runMatchCommand(args)).rejects.toThrow(
      /Row 2 of the queries file .*short\.csv has 3 fields, not 8/
    );
  });
});

describe('frontdoor match fit', () => {
  it('fits the model on the person index, stores it and prints m, u and weights per level', async () => {
    const pool = await openPool({ dataDir: 'memory://' });
    const db = createDb(pool);
    try {
      await migrateToLatest(db);
      const names = ['Amina', 'Oliver', 'Isla', 'Noah', 'Freya', 'Leo', 'Zara', 'Arlo'];
      for (const [at, given] of names.entries()) {
        const { id } = await db
          .insertInto('address')
          .values({ line1: `${at + 1} Mill Lane`, town: 'Northmoor', postcode: `NM${at + 1} 4AB` })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const spelling of [given, `${given}e`]) {
          await db
            .insertInto('person')
            .values({
              given_name: spelling,
              family_name: 'Hughes',
              date_of_birth: `201${at}-03-14`,
              sex: 'F',
              address_id: id,
            })
            .execute();
        }
      }
      const printed: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
      await runMatchCommand(['fit', '--chart', file('weights.svg')], (work) => work(db));
      const output = printed.join('\n');
      expect(output).toMatch(/Fitting the matching model on 16 people/);
      expect(output).toMatch(/dateOfBirth +exact +[0-9.e-]+ +[0-9.e-]+ +[0-9.]+/);
      expect(output).toMatch(/Stored as matching model 1/);
      // No family shares a home in this index, but a council's always holds families: the rules stay on.
      expect(output).toMatch(/family rules on/);
      const stored = await db.selectFrom('matching_model').select(['people']).execute();
      expect(stored).toEqual([{ people: 16 }]);
      expect(fs.readFileSync(file('weights.svg'), 'utf8')).toMatch(/^<svg[\s\S]*givenName: exact/);
    } finally {
      await db.destroy();
      await pool.close();
    }
  }, 60_000);
});
