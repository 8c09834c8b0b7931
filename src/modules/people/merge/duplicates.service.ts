import {
  personIdVisibleTo,
  RecordNotFoundError,
  type RecordAccess,
} from '../../../platform/access/record-access.ts';
import type { Db } from '../../../platform/db/database.ts';

/*
 * The likely-duplicates list (duplicates-finder.ts fills it): the open pairs the actor may see, both
 * records still unmerged, strongest first, a page at a time; and "not the same person", recorded with
 * its reason so the pair is never offered again.
 */

export const DUPLICATES_PAGE_SIZE = 50;

export type DuplicatePairRow = Awaited<ReturnType<typeof pairsQuery>>[number];

export interface DuplicatesPage {
  pairs: DuplicatePairRow[];
  /** Open pairs the actor may see: restricted records without a grant are never counted or named. */
  total: number;
  page: number;
  pages: number;
  lastSearch: { finished_at: Date; people_compared: number; pairs_found: number } | undefined;
}

/** One page of the list, audited as a read of every person it shows. */
export async function listDuplicates(
  access: RecordAccess,
  db: Db,
  requestedPage: number
): Promise<DuplicatesPage> {
  const visible = openPairs(access, db);
  const counted = await visible.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirst();
  const total = Number(counted?.total ?? 0);
  const pages = Math.max(1, Math.ceil(total / DUPLICATES_PAGE_SIZE));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const rows = await pairsQuery(visible, page);
  const { shown } = await access.listPeople(
    'person:deduplicate',
    { list: 'likely_duplicates', page },
    rows.flatMap((row) => [
      { personId: row.first_id, pairId: row.id },
      { personId: row.second_id, pairId: row.id },
    ])
  );
  // Shown by the access layer's own check too: a pair is listed only when it allowed both people.
  const allowed = new Set(shown.map((row) => `${row.pairId}:${row.personId}`));
  const pairs = rows.filter(
    (row) => allowed.has(`${row.id}:${row.first_id}`) && allowed.has(`${row.id}:${row.second_id}`)
  );
  const lastSearch = await db
    .selectFrom('duplicate_search')
    .select(['finished_at', 'people_compared', 'pairs_found'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { pairs, total, page, pages, lastSearch };
}

/** One open pair, both people visible to the actor, audited as a read of both; "not found" otherwise. */
export async function readDuplicatePair(
  access: RecordAccess,
  db: Db,
  pairId: number
): Promise<DuplicatePairRow> {
  const [row] = await pairsQuery(openPairs(access, db).where('duplicate_pair.id', '=', pairId), 1);
  if (!row)
    return access.refuse(
      'duplicate_pair',
      pairId,
      { attempted: 'person.list', reason: 'no_such_record' },
      'Likely duplicate'
    );
  const { withheld } = await access.listPeople('person:deduplicate', { list: 'likely_duplicates', pairId }, [
    { personId: row.first_id },
    { personId: row.second_id },
  ]);
  if (withheld) throw new RecordNotFoundError('Likely duplicate');
  return row;
}

/** Records that the two people of an open pair are not the same person: never offered again. */
export async function recordNotSamePerson(
  access: RecordAccess,
  db: Db,
  pairId: number,
  reason: string,
  now: Date
): Promise<void> {
  const pair = await readDuplicatePair(access, db, pairId);
  await access.recordChange('person:deduplicate', 'person.not_duplicate', async (trx) => {
    await trx
      .updateTable('duplicate_pair')
      .set({ not_same_at: now, not_same_by: access.actor.userId, not_same_reason: reason })
      .where('id', '=', pairId)
      .where('not_same_at', 'is', null)
      .execute();
    return {
      recordType: 'person',
      recordId: pair.first_id,
      result: null,
      details: { pairId, personIds: [pair.first_id, pair.second_id] },
    };
  });
}

/** Open pairs of two unmerged records, each person visible to the actor (the access layer's rule, in SQL). */
function openPairs(access: RecordAccess, db: Db) {
  return db
    .selectFrom('duplicate_pair')
    .innerJoin('person as first', 'first.id', 'duplicate_pair.first_person_id')
    .innerJoin('person as second', 'second.id', 'duplicate_pair.second_person_id')
    .where('duplicate_pair.not_same_at', 'is', null)
    .where('first.merged_into_id', 'is', null)
    .where('second.merged_into_id', 'is', null)
    .where(personIdVisibleTo(access.actor, 'duplicate_pair.first_person_id'))
    .where(personIdVisibleTo(access.actor, 'duplicate_pair.second_person_id'));
}

function pairsQuery(visible: ReturnType<typeof openPairs>, page: number) {
  return visible
    .leftJoin('address as first_address', 'first_address.id', 'first.address_id')
    .leftJoin('address as second_address', 'second_address.id', 'second.address_id')
    .select([
      'duplicate_pair.id',
      'duplicate_pair.score',
      'duplicate_pair.decision',
      'duplicate_pair.reasons',
      'first.id as first_id',
      'first.given_name as first_given_name',
      'first.family_name as first_family_name',
      'first.date_of_birth as first_date_of_birth',
      'first.expected_date_of_birth as first_expected_date_of_birth',
      'first.sex as first_sex',
      'first_address.postcode as first_postcode',
      'second.id as second_id',
      'second.given_name as second_given_name',
      'second.family_name as second_family_name',
      'second.date_of_birth as second_date_of_birth',
      'second.expected_date_of_birth as second_expected_date_of_birth',
      'second.sex as second_sex',
      'second_address.postcode as second_postcode',
    ])
    .orderBy('duplicate_pair.score', 'desc')
    .orderBy('duplicate_pair.id')
    .limit(DUPLICATES_PAGE_SIZE)
    .offset((page - 1) * DUPLICATES_PAGE_SIZE)
    .execute();
}
