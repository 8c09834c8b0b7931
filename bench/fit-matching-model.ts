/**
 * Fits the matching model on a generated English training set (a different seed from the one the
 * benchmark reports on): m from the known true pairs, u from random pairs, then the thresholds that
 * give the best F1 with no twin or sibling merged. Writes src/shared/matching/fitted-model.ts.
 *
 *   npx tsx bench/fit-matching-model.ts
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Random } from '../src/shared/random.ts';
import type { ComparisonLevels } from '../src/shared/matching/comparisons.ts';
import { countLevels, parametersFromCounts } from '../src/shared/matching/estimation.ts';
import { FITTED_MODEL } from '../src/shared/matching/fitted-model.ts';
import type { MatchModel, ModelParameters } from '../src/shared/matching/model.ts';
import type { PreparedPerson } from '../src/shared/matching/prepared-person.ts';
import { scorePrepared } from '../src/shared/matching/score-pair.ts';
import { englishRuns } from './english-runs.ts';
import { generateEnglishSet } from './english-set.ts';
import { linkageMetrics, outcomesAt, scoredCandidates, type LabelledQueryRun } from './linkage-evaluation.ts';

export const TRAINING_SEED = 1001;
const RANDOM_PAIRS = 300_000;
const REVIEW_BAND_BITS = 6;
const OUTPUT = new URL('../src/shared/matching/fitted-model.ts', import.meta.url);

function fit(): MatchModel {
  const { index, runs } = englishRuns(generateEnglishSet(TRAINING_SEED, 30_000, 8_000));
  const levelsOf = (run: LabelledQueryRun, candidate: number): ComparisonLevels =>
    scorePrepared(run.prepared, index.people[candidate] as PreparedPerson, FITTED_MODEL, index.frequencies)
      .levels;
  const known = runs.filter((run) => run.truth !== undefined);
  const matchLevels = known.map((run) => levelsOf(run, run.truth as number));
  const random = new Random(TRAINING_SEED);
  const randomLevels = Array.from({ length: RANDOM_PAIRS }, () => {
    const run = random.pick(runs);
    const candidate = random.int(0, index.people.length - 1);
    return levelsOf(run, candidate === run.truth ? (candidate + 1) % index.people.length : candidate);
  });
  const parameters = withUnverifiedIdentifiers(
    parametersFromCounts(countLevels(matchLevels), countLevels(randomLevels))
  );
  const untuned: MatchModel = { ...FITTED_MODEL, parameters };
  return { ...untuned, thresholds: bestThresholds(untuned, index, runs) };
}

/**
 * Every NHS number in the English set carries a check digit, so it cannot inform the levels for an
 * identifier without one (a partner's own reference, Febrl's soc_sec_id). Agreement means the same
 * whether or not a number can be checked: two different people rarely share a long number. A
 * disagreement can: without a check digit it may be an unnoticed typo, so it counts as no evidence.
 */
function withUnverifiedIdentifiers(parameters: ModelParameters): ModelParameters {
  const identifier = parameters.nhsNumber;
  const exact = identifier.exact as { m: number; u: number };
  const different = identifier.differentUnverified as { m: number; u: number };
  return {
    ...parameters,
    nhsNumber: {
      ...identifier,
      exactUnverified: exact,
      differentUnverified: { m: different.u, u: different.u },
    },
  };
}

/** The match threshold with the best F1 and no twin or sibling merged; 'possible' a fixed band below. */
function bestThresholds(
  model: MatchModel,
  index: Parameters<typeof scoredCandidates>[0],
  runs: LabelledQueryRun[]
) {
  const scored = scoredCandidates(index, runs, model);
  let best = { match: 0, f1: -1 };
  for (let match = 4; match <= 40; match += 0.5) {
    const metrics = linkageMetrics(
      outcomesAt(scored, runs, { ...model, thresholds: { match, possible: match } })
    );
    if (metrics.familyMerges === 0 && metrics.f1 > best.f1) best = { match, f1: metrics.f1 };
  }
  // Review band: down to 64 times (6 bits) less likely than a match, where right people are still found.
  const possible = best.match - REVIEW_BAND_BITS;
  if (best.f1 < 0) throw new Error('No threshold avoids every twin and sibling merge: not writing a model.');
  console.log(
    `F1 on the training set ${best.f1.toFixed(4)} at match ≥ ${best.match}, possible ≥ ${possible}`
  );
  return { match: best.match, possible };
}

function write(model: MatchModel): void {
  const round = (value: number) => Number(value.toPrecision(5));
  const parameters = JSON.parse(JSON.stringify(model.parameters), (key, value) =>
    typeof value === 'number' ? round(value) : value
  ) as ModelParameters;
  const source = `// Written by bench/fit-matching-model.ts (npx tsx bench/fit-matching-model.ts): do not edit by hand.
// m and u per comparison level, fitted on the generated English training set (seed ${TRAINING_SEED}).
import type { MatchModel } from './model.ts';

export const FITTED_MODEL: MatchModel = ${JSON.stringify({ ...model, parameters }, null, 2)};
`;
  fs.writeFileSync(OUTPUT, source);
  execFileSync('npx', ['prettier', '--write', OUTPUT.pathname], { stdio: 'ignore' });
}

write(fit());
