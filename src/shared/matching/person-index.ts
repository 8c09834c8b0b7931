/**
 * An in-memory index of people for bulk matching: prepared once, blocked, with the name
 * frequencies of the index itself so common names weigh less.
 */
import { buildBlockingIndex, findCandidates, type BlockingIndex } from './blocking.ts';
import { countNameFrequencies, type MatchModel, type NameFrequencies } from './model.ts';
import { preparePerson, type PersonRecord, type PreparedPerson } from './prepared-person.ts';
import { rankCandidates, type RankedMatch } from './ranking.ts';
import { scorePrepared } from './score-pair.ts';

export class PersonIndex {
  readonly frequencies: NameFrequencies;
  private readonly blocking: BlockingIndex;

  constructor(readonly people: readonly PreparedPerson[]) {
    this.frequencies = countNameFrequencies(people);
    this.blocking = buildBlockingIndex(people);
  }

  static of(records: readonly PersonRecord[]): PersonIndex {
    return new PersonIndex(records.map(preparePerson));
  }

  /** Positions (in `people`) of everyone sharing a blocking key with the query. */
  candidates(query: PreparedPerson): number[] {
    return findCandidates(this.blocking, query);
  }

  /** The query's best candidates by score (positions in `people`), the ambiguity rule applied. */
  rank(query: PreparedPerson, model: MatchModel, limit = 1): RankedMatch<number>[] {
    const scored = this.candidates(query).map((candidate) => ({
      candidate,
      pair: scorePrepared(query, this.people[candidate] as PreparedPerson, model, this.frequencies),
    }));
    return rankCandidates(scored, model, limit);
  }
}
