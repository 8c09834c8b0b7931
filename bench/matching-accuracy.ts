/**
 * `npm run bench:matching -- --accuracy`: accuracy on data the engine was not shaped on (issue 16),
 * written into BENCHMARKS.md (section person-matching-accuracy). Febrl 3 and 4 with the identifier
 * left out; the English set with the corruption mix the committed thresholds were tuned on and with a
 * different one (more missing NHS numbers, more date slips, one to three corruptions per query). Each
 * with the committed defaults and with the parameters fitted without labels on the data's own index
 * (fitModel: EM over blocked pairs, u from random pairs); labels are read only to score.
 */
import os from 'node:os';
import { fitModel } from '../src/shared/matching/estimation.ts';
import { FITTED_MODEL } from '../src/shared/matching/fitted-model.ts';
import type { MatchModel } from '../src/shared/matching/model.ts';
import { englishRuns } from './english-runs.ts';
import { isDateOfBirthUnsupported, scorePrepared } from '../src/shared/matching/score-pair.ts';
import type { PersonIndex } from '../src/shared/matching/person-index.ts';
import { generateEnglishSet, type CorruptionMix } from './english-set.ts';
import { dedupeFebrl3, linkFebrl4, type DedupeMetrics } from './febrl-evaluation.ts';
import {
  bestCandidates,
  linkageMetrics,
  type LabelledQueryRun,
  type LinkageMetrics,
} from './linkage-evaluation.ts';
import { machine, writeBenchmarkSection } from './machine.ts';

const ENGLISH_CHILDREN = 30_000;
const ENGLISH_QUERIES = 8_000;
/**
 * The tuning mix on the seed BENCHMARKS.md has always reported; the shifted mix and the mix built as issue 16
 * describes its held-back set, each on a seed of its own.
 */
const ENGLISH_SETS: readonly { seed: number; mix: CorruptionMix }[] = [
  { seed: 2026, mix: 'tuning' },
  { seed: 3030, mix: 'shifted' },
  { seed: 4242, mix: 'as_described' },
];

interface FalseMerges {
  twins: number;
  siblings: number;
  namesakes: number;
  others: number;
}

interface AccuracyRow {
  readonly data: string;
  readonly parameters: 'committed defaults' | 'fitted on the index (EM, no labels)';
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly possible: number;
  readonly merges?: FalseMerges;
  readonly familyRules: boolean;
  /** English sets: the recall the date-of-birth rule alone allows (its held true pairs all missed). */
  readonly recallCeiling?: number;
}

function linkRow(
  data: string,
  parameters: AccuracyRow['parameters'],
  metrics: LinkageMetrics,
  model: MatchModel
) {
  return { data, parameters, ...metrics, possible: metrics.possibles, familyRules: model.indexHoldsFamilies };
}

function dedupeRow(
  data: string,
  parameters: AccuracyRow['parameters'],
  metrics: DedupeMetrics,
  rules: boolean
) {
  return { data, parameters, ...metrics, possible: metrics.possiblePairs, familyRules: rules };
}

function englishRows(seed: number, mix: CorruptionMix): AccuracyRow[] {
  const set = generateEnglishSet(seed, ENGLISH_CHILDREN, ENGLISH_QUERIES, mix);
  const { index, runs } = englishRuns(set);
  const fitted = fitModel(index.people, FITTED_MODEL).model;
  const recallCeiling = dateRuleCeiling(index, runs);
  const data = `English, ${MIX_NAMES[mix]} mix (seed ${seed}; index ${set.index.length.toLocaleString('en-GB')}, ${set.queries.length.toLocaleString('en-GB')} queries)`;
  return (
    [
      ['committed defaults', FITTED_MODEL],
      ['fitted on the index (EM, no labels)', fitted],
    ] as const
  ).map(([parameters, model]) => {
    const outcomes = bestCandidates(index, runs, model);
    const merges: FalseMerges = { twins: 0, siblings: 0, namesakes: 0, others: 0 };
    set.queries.forEach((query, at) => {
      const outcome = outcomes[at];
      if (outcome?.decision !== 'match' || outcome.best === outcome.truth) return;
      // A twin or sibling merge is a match to a member of the query's own family.
      const family = outcome.best !== undefined && outcome.family?.has(outcome.best);
      if (family && (query.kind === 'absent-twin' || query.kind === 'known-twin')) merges.twins++;
      else if (family) merges.siblings++;
      else if (query.kind === 'namesake') merges.namesakes++;
      else merges.others++;
    });
    return { ...linkRow(data, parameters, linkageMetrics(outcomes), model), merges, recallCeiling };
  });
}

const MIX_NAMES: Record<CorruptionMix, string> = {
  tuning: 'tuning',
  shifted: 'shifted',
  as_described: 'as-described',
};

/**
 * The recall the date-of-birth rule allows: the share of queries with a true person whose pair with it has a
 * date that does not agree exactly and no NHS number or address agreeing, which must go to a person.
 */
function dateRuleCeiling(index: PersonIndex, runs: readonly LabelledQueryRun[]): number {
  const known = runs.filter((run) => run.truth !== undefined);
  const held = known.filter((run) =>
    isDateOfBirthUnsupported(
      scorePrepared(run.prepared, index.people[run.truth!]!, FITTED_MODEL, index.frequencies).levels
    )
  );
  return 1 - held.length / known.length;
}

export function measureAccuracy(): AccuracyRow[] {
  const withoutIdentifier = { identifier: false };
  const febrl4 = 'Febrl 4, 4b → 4a, no identifier';
  const febrl3 = 'Febrl 3, every pair, no identifier';
  return [
    linkRow(febrl4, 'committed defaults', linkFebrl4(FITTED_MODEL, withoutIdentifier), FITTED_MODEL),
    {
      ...linkRow(
        febrl4,
        'fitted on the index (EM, no labels)',
        linkFebrl4('em', withoutIdentifier),
        FITTED_MODEL
      ),
      familyRules: false,
    },
    dedupeRow(febrl3, 'committed defaults', dedupeFebrl3(FITTED_MODEL, withoutIdentifier), true),
    dedupeRow(febrl3, 'fitted on the index (EM, no labels)', dedupeFebrl3('em', withoutIdentifier), false),
    ...ENGLISH_SETS.flatMap(({ seed, mix }) => englishRows(seed, mix)),
  ];
}

const decimal = (value: number) => value.toFixed(4);

export function runAccuracyBenchmark(): void {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const rows = measureAccuracy();
  const loadAfter = os.loadavg();
  const about = machine();
  const febrl4Fitted = rows[1] as AccuracyRow;
  const english = rows.filter((row) => row.merges);
  const worstEnglish = Math.min(...english.map((row) => row.f1));
  // At perfect precision, F1 with recall at the ceiling.
  const worstCeilingF1 = Math.min(
    ...english.map((row) => (2 * row.recallCeiling!) / (1 + row.recallCeiling!))
  );
  const familyMerges = english.reduce(
    (sum, row) => sum + (row.merges?.twins ?? 0) + (row.merges?.siblings ?? 0),
    0
  );
  const body = `## Person matching: accuracy on data the engine was not shaped on

Measured with \`npm run bench:matching -- --accuracy\` on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Machine: \`nproc\` ${about.nproc}, ${about.cpu}, Node ${about.node}; load average ${loadBefore.map((load) => load.toFixed(1)).join(', ')} at the
start and ${loadAfter.map((load) => load.toFixed(1)).join(', ')} at the end (1, 5, 15 minutes). The accuracy table in the section above
predates these rules and fits: this section supersedes it.

### Targets (issue 16)

| Target | Measured | |
| --- | --- | --- |
| F1 ≥ 0.97 on Febrl 4 without the identifier | ${decimal(febrl4Fitted.f1)} fitted on the files; ${decimal((rows[0] as AccuracyRow).f1)} with the committed defaults | ${febrl4Fitted.f1 >= 0.97 ? '**met** (fitted)' : '**missed**'} |
| F1 ≥ 0.98 on every English set | worst ${decimal(worstEnglish)}; the date-of-birth rule alone caps F1 at ${decimal(worstCeilingF1)} on the hardest set | ${worstEnglish >= 0.98 ? '**met**' : '**missed**'} |
| No twin or sibling merged on any English set | ${familyMerges} | ${familyMerges === 0 ? '**met**' : '**missed**'} |

### Results

Precision, recall and F1 count only \`match\` decisions as links; "possible" rows go to a person to decide.
False merges are matches to the wrong person: a twin, a sibling (or other family member), a namesake, anyone else.

| Data | Parameters | Family rules | Precision | Recall | F1 | Possible | Twins | Siblings | Namesakes | Others | Recall the date rule allows |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows
  .map(
    (row) =>
      `| ${row.data} | ${row.parameters} | ${row.familyRules ? 'on' : 'off'} | ${decimal(row.precision)} | ${decimal(row.recall)} | ${decimal(row.f1)} | ${row.possible.toLocaleString('en-GB')} | ${row.merges ? [row.merges.twins, row.merges.siblings, row.merges.namesakes, row.merges.others].join(' | ') : '– | – | – | –'} | ${row.recallCeiling === undefined ? '–' : decimal(row.recallCeiling)} |`
  )
  .join('\n')}

### How it was measured

- **Fitted on the index**: \`fitModel\` (src/shared/matching/estimation.ts), what \`frontdoor match fit\` runs on a
  council's person index: u from 200,000 random pairs of the index, m by expectation maximisation over its blocked
  pairs (family pairs left out), anchored to the committed defaults; names' term frequencies applied when scoring.
  It reads no labels. Febrl 4 is fitted on 4a and 4b together, Febrl 3 on its file, each English set on its index.
- **Family rules** (score-pair.ts): where the index holds families (people sharing a surname and a home, another
  given name, born apart: ${'≥'} 5% of people), a different given name or date of birth at one address is never a match.
  Febrl's files hold no families (one record per person, no shared homes), so the fit turns them off there; with
  the committed defaults they stay on, and Febrl's replaced given names and missing fields go to "possible".
  \`frontdoor match fit\` keeps them on for a council's index whatever the fit finds.
  Everywhere, a date of birth that does not agree exactly, or a family name that differs, is a match only when an
  NHS number or the address agrees.
- **Febrl**: soc_sec_id left out (the usual benchmark setting); no sex. Ground truth only scores.
- **English sets**: bench/english-set.ts; the *tuning* mix is the one the committed thresholds were chosen on
  (seed 1001 for fitting, 2026 reported); the *shifted* mix was written for measuring only: one to three
  corruptions per query from a menu weighted to date-of-birth slips (a day or two, a month, a year, day and
  month swapped, a digit), two thirds of queries without an NHS number, more house moves; the *as-described* mix
  is built as issue 16 describes its held-back set (which we do not have): about 60% of queries without an NHS
  number, one to three corruptions each drawn evenly from typos, spelling variants, nicknames, date-of-birth
  slips and house moves. Adults (parents and carers in the generated households) are in the index and among the
  queries.
- **The date rule's ceiling**: the issue requires that a date of birth that disagrees, with no NHS number or
  address agreeing, is never a match. A query whose pair with its true person is like that (a date slip, a house
  move and no NHS number together) must go to "possible", so it counts as missed: the last column is the recall
  left when every such query is missed and every other is found. With perfect precision, F1 cannot pass
  2r / (1 + r) for that recall r, so where r is below 0.961 the F1 target cannot be met without breaking the rule.
`;
  writeBenchmarkSection('person-matching-accuracy', body);
  console.log(body);
}
