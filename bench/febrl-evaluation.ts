/**
 * Febrl 4 (4a → 4b linkage: each 4b record's best 4a candidate) and Febrl 3 (deduplication: every
 * blocked pair in the file), scored against the ground truth in the record ids.
 */
import { fitModel } from '../src/shared/matching/estimation.ts';
import { FITTED_MODEL } from '../src/shared/matching/fitted-model.ts';
import type { MatchModel } from '../src/shared/matching/model.ts';
import { PersonIndex } from '../src/shared/matching/person-index.ts';
import { preparePerson, type PreparedPerson } from '../src/shared/matching/prepared-person.ts';
import { scorePrepared } from '../src/shared/matching/score-pair.ts';
import { readFebrl } from './febrl.ts';
import { bestCandidates, f1Of, linkageMetrics, type LinkageMetrics } from './linkage-evaluation.ts';

export interface DedupeMetrics {
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly possiblePairs: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface FebrlOptions {
  /** Read soc_sec_id as an identifier (the default), or leave it out. */
  readonly identifier?: boolean;
}

export function linkFebrl4(model: MatchModel | 'em', options: FebrlOptions = {}): LinkageMetrics {
  const [a, b] = [readFebrl('dataset4a.csv', options), readFebrl('dataset4b.csv', options)];
  const index = PersonIndex.of(a.records);
  const queries = b.records.map(preparePerson);
  const positionOf = new Map(a.entity.map((entity, at) => [entity, at]));
  const fitted = model === 'em' ? fitByEm([...index.people, ...queries]) : model;
  const runs = queries.map((prepared, at) => ({ prepared, truth: positionOf.get(b.entity[at] as string) }));
  return linkageMetrics(bestCandidates(index, runs, fitted));
}

export function dedupeFebrl3(model: MatchModel | 'em', options: FebrlOptions = {}): DedupeMetrics {
  const file = readFebrl('dataset3.csv', options);
  const index = PersonIndex.of(file.records);
  const fitted = model === 'em' ? fitByEm(index.people) : model;
  let [truePositives, predicted, possible] = [0, 0, 0];
  index.people.forEach((person, at) => {
    for (const other of index.candidates(person)) {
      if (other <= at) continue;
      const { decision } = scorePrepared(
        person,
        index.people[other] as PreparedPerson,
        fitted,
        index.frequencies
      );
      if (decision === 'possible') possible++;
      if (decision !== 'match') continue;
      predicted++;
      if (file.entity[at] === file.entity[other]) truePositives++;
    }
  });
  const truePairs = countTruePairs(file.entity);
  const { precision, recall, f1 } = f1Of(truePositives, predicted - truePositives, truePairs - truePositives);
  return { truePairs, predictedPairs: predicted, possiblePairs: possible, precision, recall, f1 };
}

function countTruePairs(entities: readonly string[]): number {
  const sizes = new Map<string, number>();
  for (const entity of entities) sizes.set(entity, (sizes.get(entity) ?? 0) + 1);
  return [...sizes.values()].reduce((sum, size) => sum + (size * (size - 1)) / 2, 0);
}

/** Splink's recipe without labels (estimation.ts): the parameters estimated from the files themselves. */
function fitByEm(people: readonly PreparedPerson[]): MatchModel {
  return fitModel(people, FITTED_MODEL).model;
}
