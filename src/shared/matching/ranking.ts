/**
 * Ranking a query's scored candidates. Only one record can be the person: when another scores
 * almost as high as the best, neither is matched automatically and both go to a person to review.
 */
import type { MatchModel } from './model.ts';
import type { Decision, PairScore } from './score-pair.ts';

export const ANOTHER_RECORD_CLOSE = 'another record scores almost as high';

export interface RankedMatch<T> {
  readonly candidate: T;
  readonly score: number;
  readonly decision: Decision;
  readonly reasons: string[];
}

export function rankCandidates<T>(
  scored: readonly { candidate: T; pair: Pick<PairScore, 'score' | 'decision' | 'reasons'> }[],
  model: MatchModel,
  limit: number
): RankedMatch<T>[] {
  const sorted = [...scored].sort((a, b) => b.pair.score - a.pair.score);
  const [best, runnerUp] = sorted;
  const ambiguous =
    best !== undefined &&
    runnerUp !== undefined &&
    runnerUp.pair.score > best.pair.score - model.ambiguityMargin;
  return sorted.slice(0, limit).map(({ candidate, pair }) => {
    const demoted = ambiguous && pair.decision === 'match';
    return {
      candidate,
      score: pair.score,
      decision: demoted ? 'possible' : pair.decision,
      reasons: demoted ? [...pair.reasons, ANOTHER_RECORD_CLOSE] : pair.reasons,
    };
  });
}
