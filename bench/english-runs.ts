/** The English set as labelled query runs against its index. */
import { PersonIndex } from '../src/shared/matching/person-index.ts';
import { preparePerson } from '../src/shared/matching/prepared-person.ts';
import type { EnglishSet } from './english-set.ts';
import type { LabelledQueryRun } from './linkage-evaluation.ts';

export function englishRuns(set: EnglishSet): { index: PersonIndex; runs: LabelledQueryRun[] } {
  const index = PersonIndex.of(set.index);
  const positionOf = new Map(set.index.map((record, at) => [record.id, at]));
  const households = new Map<number, number[]>();
  set.index.forEach((record, at) =>
    households.set(record.household, [...(households.get(record.household) ?? []), at])
  );
  const runs = set.queries.map((query) => {
    const truth = query.truth === undefined ? undefined : positionOf.get(query.truth);
    const family = new Set((households.get(query.household) ?? []).filter((at) => at !== truth));
    return { prepared: preparePerson(query), truth, family };
  });
  return { index, runs };
}
