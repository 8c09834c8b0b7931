/**
 * The council's own matching model: fitted on its person index by `frontdoor match fit` and stored
 * (matching_model); the committed defaults until the first fit. Read on every search, so each
 * process keeps the newest model and only asks the database for the newest row's id (an index-only
 * look-up, which the search reads in its own query) to know whether a newer fit has been stored since.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { FitDiagnostics, FittedMatchModel } from '../../../shared/matching/estimation.ts';
import { FITTED_MODEL } from '../../../shared/matching/fitted-model.ts';
import { parseMatchModel, type MatchModel } from '../../../shared/matching/model.ts';
import type { PersonRecord } from '../../../shared/matching/prepared-person.ts';

interface CachedModel {
  readonly id: number | null;
  readonly model: MatchModel;
}

const cached = new WeakMap<Db, CachedModel>();

/** The newest stored model, or the committed defaults when none is stored or it cannot be read. */
export async function currentMatchModel(db: Db): Promise<MatchModel> {
  const newest = await db
    .selectFrom('matching_model')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return matchModelNumbered(db, newest?.id ?? null);
}

/** The newest model's id, for a caller to read alongside its own query (one round trip, not two). */
export const NEWEST_MODEL_ID = sql<number | null>`(select max(id) from matching_model)`;

/** The model stored as `id` (the newest, as the caller read it), from the cache while it is the one known. */
export async function matchModelNumbered(db: Db, id: number | null): Promise<MatchModel> {
  const known = cached.get(db);
  if (known && known.id === id) return known.model;
  const model = id === null ? FITTED_MODEL : await storedModel(db, id);
  cached.set(db, { id, model });
  return model;
}

async function storedModel(db: Db, id: number): Promise<MatchModel> {
  const row = await db.selectFrom('matching_model').select('model').where('id', '=', id).executeTakeFirst();
  // A row written by an older or newer version that no longer fits the engine's shape is not used.
  return parseMatchModel(row?.model) ?? FITTED_MODEL;
}

export async function storeMatchModel(db: Db, fitted: FittedMatchModel, fittedAt: Date): Promise<number> {
  const row = await db
    .insertInto('matching_model')
    .values({
      fitted_at: fittedAt,
      people: fitted.diagnostics.people,
      model: JSON.stringify(fitted.model),
      diagnostics: JSON.stringify(fitted.diagnostics satisfies FitDiagnostics),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Every person not merged away, as the matcher sees them, with their id: for fitting the model and
 * finding duplicates in the index, never to show (it bypasses the access layer).
 */
export async function loadPersonIndex(db: Db): Promise<{ id: number; record: PersonRecord }[]> {
  const rows = await db
    .selectFrom('person')
    .leftJoin('address', 'address.id', 'person.address_id')
    .where('person.merged_into_id', 'is', null)
    .select([
      'person.id',
      'person.given_name',
      'person.middle_names',
      'person.family_name',
      'person.previous_family_names',
      'person.date_of_birth',
      'person.sex',
      'person.nhs_number',
      'address.line1',
      'address.line2',
      'address.town',
      'address.postcode',
    ])
    .orderBy('person.id')
    .execute();
  return rows.map((row) => ({ id: row.id, record: personRecordOf(row) }));
}

export interface PersonRow {
  given_name: string;
  middle_names: string | null;
  family_name: string;
  previous_family_names: string[];
  date_of_birth: string | null;
  sex: string;
  nhs_number: string | null;
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string | null;
}

export function personRecordOf(row: PersonRow): PersonRecord {
  return {
    givenName: row.given_name,
    middleNames: row.middle_names,
    familyName: row.family_name,
    previousFamilyNames: row.previous_family_names,
    dateOfBirth: row.date_of_birth,
    sex: row.sex,
    postcode: row.postcode,
    address: addressLines(row),
    nhsNumber: row.nhs_number,
  };
}

export function addressLines(row: Pick<PersonRow, 'line1' | 'line2' | 'town'>): string {
  return [row.line1, row.line2, row.town].filter(Boolean).join(', ');
}
