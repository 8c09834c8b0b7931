/**
 * Scoring a labelled linkage run: each query's best candidate, its score, and whether the
 * matcher's decision (match / possible / none) links it to the right record.
 */
import type { MatchModel } from '../src/shared/matching/model.ts';
import type { PersonIndex } from '../src/shared/matching/person-index.ts';
import type { PreparedPerson } from '../src/shared/matching/prepared-person.ts';
import { rankCandidates } from '../src/shared/matching/ranking.ts';
import { scorePrepared, type Decision, type PairScore } from '../src/shared/matching/score-pair.ts';

export interface LabelledQueryRun {
  readonly prepared: PreparedPerson;
  /** Position in the index of the record that is this person, if any. */
  readonly truth?: number;
  /** Positions in the index of this person's twins and siblings (wrong merges to count). */
  readonly family?: ReadonlySet<number>;
}

export interface QueryOutcome {
  readonly best?: number;
  readonly decision: Decision;
  readonly truth?: number;
  readonly family?: ReadonlySet<number>;
}

export function bestCandidates(
  index: PersonIndex,
  runs: readonly LabelledQueryRun[],
  model: MatchModel
): QueryOutcome[] {
  return runs.map((run) => {
    const [best] = index.rank(run.prepared, model, 1);
    return {
      best: best?.candidate,
      decision: best?.decision ?? 'none',
      truth: run.truth,
      family: run.family,
    };
  });
}

/** Scores of every candidate per query, so many thresholds can be tried without scoring again. */
export function scoredCandidates(index: PersonIndex, runs: readonly LabelledQueryRun[], model: MatchModel) {
  return runs.map((run) =>
    index.candidates(run.prepared).map((candidate) => ({
      candidate,
      pair: scorePrepared(run.prepared, index.people[candidate] as PreparedPerson, model, index.frequencies),
    }))
  );
}

export function outcomesAt(
  scored: ReturnType<typeof scoredCandidates>,
  runs: readonly LabelledQueryRun[],
  model: MatchModel
): QueryOutcome[] {
  return scored.map((pairs, at) => {
    const retagged = pairs.map(({ candidate, pair }) => ({
      candidate,
      pair: { ...pair, decision: redecide(pair, model) },
    }));
    const [best] = rankCandidates(retagged, model, 1);
    const run = runs[at] as LabelledQueryRun;
    return {
      best: best?.candidate,
      decision: best?.decision ?? 'none',
      truth: run.truth,
      family: run.family,
    };
  });
}

function redecide(pair: PairScore, model: MatchModel): Decision {
  if (pair.score < model.thresholds.possible) return 'none';
  if (pair.score < model.thresholds.match) return 'possible';
  return pair.heldForReview ? 'possible' : 'match';
}

export interface LinkageMetrics {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly possibles: number;
  readonly familyMerges: number;
}

export function linkageMetrics(outcomes: readonly QueryOutcome[]): LinkageMetrics {
  let [truePositives, falsePositives, falseNegatives, possibles, familyMerges] = [0, 0, 0, 0, 0];
  for (const outcome of outcomes) {
    if (outcome.decision === 'possible') possibles++;
    const matched = outcome.decision === 'match';
    if (matched && outcome.best === outcome.truth) truePositives++;
    else {
      if (matched) falsePositives++;
      if (outcome.truth !== undefined) falseNegatives++;
      if (matched && outcome.best !== undefined && outcome.family?.has(outcome.best)) familyMerges++;
    }
  }
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    possibles,
    familyMerges,
    ...f1Of(truePositives, falsePositives, falseNegatives),
  };
}

export function f1Of(truePositives: number, falsePositives: number, falseNegatives: number) {
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-12, precision + recall) };
}
