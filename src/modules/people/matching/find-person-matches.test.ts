import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, type Db } from '../../../platform/db/database.ts';
import { migrations } from '../../../platform/db/migrations/index.ts';
import * as personMatching from '../../../platform/db/migrations/0003-person-matching.ts';
import { openPool, type DatabasePool } from '../../../platform/db/pool.ts';
import { findPersonMatches, type PersonQuery } from './find-person-matches.ts';

let pool: DatabasePool;
let db: Db;
const ids: Record<string, number> = {};

interface Person {
  key: string;
  given: string;
  family: string;
  dob: string | null;
  sex: 'M' | 'F' | 'U';
  nhs?: string;
  home?: 'heron' | 'quarry';
  previous?: string[];
  restricted?: boolean;
  middle?: string;
}

const PEOPLE: Person[] = [
  {
    key: 'amina',
    given: 'Amina',
    family: 'Begum',
    dob: '2017-06-23',
    sex: 'F',
    nhs: '9990000026',
    home: 'heron',
  },
  {
    key: 'aleena',
    given: 'Aleena',
    family: 'Begum',
    dob: '2017-06-23',
    sex: 'F',
    nhs: '9990000034',
    home: 'heron',
  },
  { key: 'yusuf', given: 'Yusuf', family: 'Begum', dob: '2014-02-11', sex: 'M', home: 'heron' },
  { key: 'alfred', given: 'Alfred', family: 'Mason', dob: '2012-05-09', sex: 'M', home: 'quarry' },
  { key: 'madison', given: 'Madison', family: 'Clarke-Ward', dob: '2015-11-02', sex: 'F', middle: 'Rose' },
  { key: 'renamed', given: 'Chloe', family: 'Okafor', dob: '2010-01-30', sex: 'F', previous: ['Hughes'] },
  { key: 'hidden', given: 'Tadhg', family: 'Fitzgerald', dob: '2013-08-08', sex: 'M', restricted: true },
  { key: 'stepien', given: 'Michał', family: 'Stępień', dob: '2011-04-01', sex: 'M' },
];

beforeAll(async () => {
  pool = await openPool({ dataDir: 'memory://' });
  db = createDb(pool);
  await migrateToLatest(db);
  // Until the migration is listed in migrations/index.ts, apply it here.
  if (!('0003-person-matching' in migrations)) await personMatching.up(db as never);
  const heron = await insertAddress('7 Heron Close', 'NM3 2JH');
  const quarry = await insertAddress('4 Quarry Road', 'NM8 1PT');
  for (const person of PEOPLE) {
    const { id } = await db
      .insertInto('person')
      .values({
        given_name: person.given,
        middle_names: person.middle ?? null,
        family_name: person.family,
        previous_family_names: person.previous ?? [],
        date_of_birth: person.dob,
        sex: person.sex,
        nhs_number: person.nhs ?? null,
        address_id: person.home === 'heron' ? heron : person.home === 'quarry' ? quarry : null,
        restricted: person.restricted ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[person.key] = id;
  }
  await db.updateTable('person').set({ merged_into_id: ids.alfred }).where('id', '=', ids.stepien!).execute();
}, 60_000);

afterAll(async () => {
  await db.destroy();
  await pool.close();
});

async function insertAddress(line1: string, postcode: string): Promise<number> {
  const { id } = await db
    .insertInto('address')
    .values({ line1, town: 'Northmoor', postcode })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function top(query: PersonQuery) {
  const [best, ...rest] = await findPersonMatches(db, query);
  return { best, rest };
}

describe('findPersonMatches', () => {
  it('ranks the right twin first, with a match decision and reasons', async () => {
    const { best } = await top({ givenName: 'Aleena', familyName: 'Begum', dateOfBirth: '2017-06-23' });
    expect(best?.personId).toBe(ids.aleena);
    expect(best?.decision).toBe('match');
    expect(best?.reasons).toEqual(
      expect.arrayContaining(['same date of birth', 'same given name', 'same surname'])
    );
  });

  it('never matches a twin automatically when the given name is unknown', async () => {
    const results = await findPersonMatches(db, {
      familyName: 'Begum',
      dateOfBirth: '2017-06-23',
      postcode: 'NM3 2JH',
    });
    expect(results.map((result) => result.personId)).toEqual(expect.arrayContaining([ids.amina, ids.aleena]));
    expect(results.every((result) => result.decision !== 'match')).toBe(true);
  });

  it('finds through a nickname, a transposed date and a phonetic spelling', async () => {
    const { best } = await top({ givenName: 'Alfie', familyName: 'Maison', dateOfBirth: '2012-09-05' });
    expect(best?.personId).toBe(ids.alfred);
    expect(best?.reasons).toContain('given name is a short form or nickname');
    expect(best?.reasons).toContain('day and month of birth swapped');
  });

  it('finds through half a double-barrelled surname, swapped names and a previous surname', async () => {
    expect(
      (await top({ givenName: 'Maddie', familyName: 'Ward', dateOfBirth: '2015-11-02' })).best?.personId
    ).toBe(ids.madison);
    const swapped = await top({ givenName: 'Mason', familyName: 'Alfred' });
    expect(swapped.best?.personId).toBe(ids.alfred);
    expect(swapped.best?.reasons[0]).toBe('given and family names swapped');
    expect(
      (await top({ givenName: 'Chloe', familyName: 'Hughes', dateOfBirth: '2010-01-30' })).best?.personId
    ).toBe(ids.renamed);
  });

  it('finds by NHS number alone, by postcode alone, and by a typo in a surname', async () => {
    expect((await top({ nhsNumber: '999 000 0026' })).best?.personId).toBe(ids.amina);
    const atHeron = await findPersonMatches(db, { postcode: 'nm32jh' });
    expect(atHeron.map((result) => result.personId).sort()).toEqual(
      [ids.amina, ids.aleena, ids.yusuf].sort()
    );
    expect((await top({ givenName: 'Yusuf', familyName: 'Bagum' })).best?.personId).toBe(ids.yusuf);
  });

  it('lets a different NHS number overrule an otherwise perfect match', async () => {
    const { best } = await top({
      givenName: 'Aleena',
      familyName: 'Begum',
      dateOfBirth: '2017-06-23',
      nhsNumber: '9434765919',
    });
    expect(best?.personId).toBe(ids.aleena);
    expect(best?.decision).not.toBe('match');
    expect(best?.reasons).toContain('NHS number differs');
  });

  it('returns only what the visibility filter allows, and never a merged-away record', async () => {
    const query = { givenName: 'Tadhg', familyName: 'Fitzgerald' };
    expect((await top(query)).best?.personId).toBe(ids.hidden);
    const visible = await findPersonMatches(db, query, (eb) => eb('person.restricted', '=', false));
    expect(visible.map((result) => result.personId)).not.toContain(ids.hidden);
    expect(await findPersonMatches(db, { givenName: 'Michal', familyName: 'Stepien' })).toEqual([]);
  });

  it('returns nothing for an empty query', async () => {
    expect(await findPersonMatches(db, {})).toEqual([]);
  });
});
