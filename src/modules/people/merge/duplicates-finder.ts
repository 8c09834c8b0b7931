/**
 * The likely duplicates already in the person index: the matching engine run over the index itself.
 * Every record is blocked against every other with the engine's own blocking keys, each pair scored
 * once with the engine's model and the index's own name frequencies, and the pairs it calls a match
 * or possible are kept, strongest first. The engine is used as it is: nothing here tunes it.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import { FITTED_MODEL } from '../../../shared/matching/fitted-model.ts';
import { currentMatchModel, loadPersonIndex } from '../matching/stored-model.ts';
import type { MatchModel } from '../../../shared/matching/model.ts';
import { PersonIndex } from '../../../shared/matching/person-index.ts';
import type { PersonRecord, PreparedPerson } from '../../../shared/matching/prepared-person.ts';
import { scorePrepared } from '../../../shared/matching/score-pair.ts';

export interface IndexedPerson {
  id: number;
  record: PersonRecord;
}

export interface LikelyDuplicate {
  /** The lower id first. */
  firstId: number;
  secondId: number;
  score: number;
  decision: 'match' | 'possible';
  reasons: string[];
}

/** Pure: the pairs of `people` the engine scores as a match or possible, by match weight, strongest first. */
export function likelyDuplicates(
  people: readonly IndexedPerson[],
  model: MatchModel = FITTED_MODEL
): LikelyDuplicate[] {
  const index = PersonIndex.of(people.map((person) => person.record));
  const seen = new Set<string>();
  const pairs: LikelyDuplicate[] = [];
  index.people.forEach((query, at) => {
    for (const other of index.candidates(query)) {
      if (other === at) continue;
      const [low, high] = at < other ? [at, other] : [other, at];
      const key = `${low}:${high}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pair = scorePrepared(
        index.people[low] as PreparedPerson,
        index.people[high] as PreparedPerson,
        model,
        index.frequencies
      );
      if (pair.decision === 'none') continue;
      const [a, b] = [people[low]!.id, people[high]!.id];
      pairs.push({
        firstId: Math.min(a, b),
        secondId: Math.max(a, b),
        score: pair.score,
        decision: pair.decision,
        reasons: pair.reasons,
      });
    }
  });
  return pairs.sort((x, y) => y.score - x.score || x.firstId - y.firstId || x.secondId - y.secondId);
}

const INSERT_CHUNK = 1_000;

/**
 * Runs the engine over every record not merged away and stores what it finds. Pairs still open are
 * replaced by this run's; a pair recorded as "not the same person" keeps that decision and is never
 * offered again. One transaction, so the list never shows half a run; the table lock makes a run in
 * another process (or a "not the same person" being recorded) wait for this one.
 */
export async function findDuplicatesInIndex(
  db: Db,
  now: () => Date
): Promise<{ peopleCompared: number; pairsFound: number }> {
  const startedAt = now();
  const people = await loadPersonIndex(db);
  const pairs = likelyDuplicates(people, await currentMatchModel(db));
  await db.transaction().execute(async (trx) => {
    await sql`lock table duplicate_pair in share row exclusive mode`.execute(trx);
    await trx.deleteFrom('duplicate_pair').where('not_same_at', 'is', null).execute();
    for (let start = 0; start < pairs.length; start += INSERT_CHUNK) {
      await trx
        .insertInto('duplicate_pair')
        .values(
          pairs.slice(start, start + INSERT_CHUNK).map((pair) => ({
            first_person_id: pair.firstId,
            second_person_id: pair.secondId,
            score: pair.score,
            decision: pair.decision,
            reasons: pair.reasons,
            found_at: startedAt,
          }))
        )
        .onConflict((conflict) => conflict.columns(['first_person_id', 'second_person_id']).doNothing())
        .execute();
    }
    const finishedAt = now();
    await trx
      .insertInto('duplicate_search')
      .values({
        started_at: startedAt,
        finished_at: finishedAt,
        people_compared: people.length,
        pairs_found: pairs.length,
      })
      .execute();
    await writeAudit(
      trx,
      {
        action: 'person.duplicates_find',
        recordType: 'person',
        details: { peopleCompared: people.length, pairsFound: pairs.length },
      },
      finishedAt
    );
  });
  return { peopleCompared: people.length, pairsFound: pairs.length };
}
