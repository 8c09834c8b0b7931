import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, type Db } from '../../../platform/db/database.ts';
import { openPool, type DatabasePool } from '../../../platform/db/pool.ts';
import type { FittedMatchModel } from '../../../shared/matching/estimation.ts';
import { FITTED_MODEL } from '../../../shared/matching/fitted-model.ts';
import { currentMatchModel, loadPersonIndex, storeMatchModel } from './stored-model.ts';

let pool: DatabasePool;
let db: Db;

beforeAll(async () => {
  pool = await openPool({ dataDir: 'memory://' });
  db = createDb(pool);
  await migrateToLatest(db);
}, 60_000);

afterAll(async () => {
  await db.destroy();
  await pool.close();
});

const diagnostics = {
  people: 2,
  randomPairs: 1,
  candidatePairs: 1,
  matchShare: 0.1,
  familyShare: 0,
  rounds: 1,
};

function fitted(match: number): FittedMatchModel {
  return { model: { ...FITTED_MODEL, thresholds: { match, possible: match - 6 } }, diagnostics };
}

describe('the council’s stored matching model', () => {
  it('is the committed defaults until a model is fitted, then the newest fit', async () => {
    expect(await currentMatchModel(db)).toBe(FITTED_MODEL);
    expect(await currentMatchModel(db)).toBe(FITTED_MODEL);
    await storeMatchModel(db, fitted(12), new Date('2026-12-06T10:00:00Z'));
    expect((await currentMatchModel(db)).thresholds.match).toBe(12);
    // Cached while no newer fit is stored: the same object back.
    expect(await currentMatchModel(db)).toBe(await currentMatchModel(db));
    await storeMatchModel(db, fitted(14), new Date('2026-12-06T11:00:00Z'));
    expect((await currentMatchModel(db)).thresholds.match).toBe(14);
  });

  it('falls back to the defaults when the stored model does not fit the engine', async () => {
    await db
      .insertInto('matching_model')
      .values({
        fitted_at: new Date(),
        people: 2,
        model: JSON.stringify({ parameters: { givenName: {} }, thresholds: { match: 1, possible: 0 } }),
        diagnostics: JSON.stringify(diagnostics),
      })
      .execute();
    expect(await currentMatchModel(db)).toBe(FITTED_MODEL);
  });

  it('reads every person not merged away, with their address', async () => {
    const { id: addressId } = await db
      .insertInto('address')
      .values({ line1: '7 Heron Close', town: 'Northmoor', postcode: 'NM3 2JH' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const insert = (given_name: string) =>
      db
        .insertInto('person')
        .values({
          given_name,
          family_name: 'Begum',
          date_of_birth: '2017-06-23',
          sex: 'F',
          address_id: addressId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const amina = await insert('Amina');
    const merged = await insert('Aminah');
    await db.updateTable('person').set({ merged_into_id: amina.id }).where('id', '=', merged.id).execute();
    const people = (await loadPersonIndex(db)).map((person) => person.record);
    expect(people).toEqual([
      expect.objectContaining({
        givenName: 'Amina',
        familyName: 'Begum',
        dateOfBirth: '2017-06-23',
        postcode: 'NM3 2JH',
        address: '7 Heron Close, Northmoor',
      }),
    ]);
  });
});
