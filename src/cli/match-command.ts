/**
 * `frontdoor match --index INDEX.csv --queries QUERIES.csv --out OUT.csv`: bulk matching of a list
 * of people (a partner's list) against an index. Both inputs have the header PERSON_CSV_HEADER; the
 * output has each query's best candidate, its score (match weight) and decision: `match`,
 * `possible` (for a person to review) or `none`.
 *
 * `frontdoor match fit [--chart FILE.svg]`: estimates the matching model from the council's own person
 * index without labels (estimation.ts), stores it for the search page and prints m, u and the match
 * weight of every comparison level; counts only, never a person's details.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Db } from '../platform/db/database.ts';
import { systemClock } from '../platform/clock.ts';
import { csvRow } from '../shared/csv.ts';
import { COMPARISON_NAMES, COMPARISONS } from '../shared/matching/comparisons.ts';
import { fitModel, type FittedMatchModel } from '../shared/matching/estimation.ts';
import { FITTED_MODEL } from '../shared/matching/fitted-model.ts';
import { levelWeights, type LevelParameters } from '../shared/matching/model.ts';
import { preparePerson } from '../shared/matching/prepared-person.ts';
import { matchWeightChart } from '../shared/matching/weight-chart.ts';
import { matchInBulk } from '../modules/people/matching/bulk-match.ts';
import {
  peopleCount,
  readPeopleCsvFile,
  rowId,
  PERSON_CSV_HEADER,
} from '../modules/people/matching/bulk-match-csv.ts';
import { loadPersonIndex, storeMatchModel } from '../modules/people/matching/stored-model.ts';
import { terminalProgress } from './progress.ts';
import { UsageError } from './data-protection-commands.ts';

export { PERSON_CSV_HEADER };
export const MATCH_CSV_HEADER = 'query_id,index_id,score,decision';

const MATCH_USAGE =
  'Usage: frontdoor match --index INDEX.csv --queries QUERIES.csv --out OUT.csv\n       frontdoor match fit [--chart FILE.svg]';

type WithDatabase = (work: (db: Db) => Promise<void>) => Promise<void>;

export async function runMatchCommand(args: string[], withDatabase?: WithDatabase): Promise<void> {
  if (args[0] === 'fit') {
    if (!withDatabase)
      throw new UsageError('match fit reads the person index: run it as frontdoor match fit.');
    return fitCommand(args.slice(1), withDatabase);
  }
  const { index: indexFile, queries: queriesFile, out } = matchArguments(args);
  // Checked and split into rows here; the rows are parsed into people by the threads that match them.
  const index = readPeopleCsvFile(indexFile, 'index');
  const queries = readPeopleCsvFile(queriesFile, 'queries');
  const progress = terminalProgress();
  const matches = await matchInBulk(index, queries, {
    onProgress: (done, total) => progress.update('Matching', done, total),
  });
  progress.finish();
  const rows = matches.map((match, at) => {
    const candidate = match.candidate === undefined ? '' : rowId(index, match.candidate);
    const score = match.score === undefined ? '' : match.score.toFixed(2);
    return csvRow([rowId(queries, at), candidate, score, match.decision]);
  });
  fs.writeFileSync(out, `${[MATCH_CSV_HEADER, ...rows].join('\n')}\n`);
  const count = (decision: string) => matches.filter((match) => match.decision === decision).length;
  console.log(
    `Matched ${peopleCount(queries).toLocaleString('en-GB')} queries against ${peopleCount(index).toLocaleString('en-GB')} people: ` +
      `${count('match')} match, ${count('possible')} possible (to review), ${count('none')} none. Written to ${out}.`
  );
}

function matchArguments(args: string[]): { index: string; queries: string; out: string } {
  const { values } = parseArgs({
    args,
    options: { index: { type: 'string' }, queries: { type: 'string' }, out: { type: 'string' } },
  });
  const missing = (['index', 'queries', 'out'] as const).filter((name) => !values[name]);
  if (missing.length) {
    throw new Error(`${missing.map((name) => `--${name}`).join(', ')} missing.\n${MATCH_USAGE}`);
  }
  return values as { index: string; queries: string; out: string };
}

async function fitCommand(args: string[], withDatabase: WithDatabase): Promise<void> {
  const { values } = parseArgs({ args, options: { chart: { type: 'string' } } });
  await withDatabase(async (db) => {
    const records = (await loadPersonIndex(db)).map((person) => person.record);
    if (records.length < 2)
      throw new UsageError('The person index has fewer than two people: nothing to fit.');
    console.log(`Fitting the matching model on ${records.length.toLocaleString('en-GB')} people…`);
    const estimated = fitModel(records.map(preparePerson), FITTED_MODEL);
    // A council's index holds families whether or not its addresses show them yet (a new index, one
    // without postcodes): the family rules are never turned off here.
    const fitted = { ...estimated, model: { ...estimated.model, indexHoldsFamilies: true } };
    const id = await storeMatchModel(db, fitted, systemClock.now());
    console.log(describeFit(fitted));
    console.log(`Stored as matching model ${id}: searches use it from now on.`);
    if (values.chart) {
      fs.writeFileSync(values.chart, matchWeightChart(fitted.model));
      console.log(`Match weight chart written to ${values.chart}.`);
    }
  });
}

/** The fit's diagnostics: pairs used, shares, and m, u and weight per comparison level. */
export function describeFit({ model, diagnostics }: FittedMatchModel): string {
  const weights = levelWeights(model);
  const lines = [
    `People ${diagnostics.people}, random pairs ${diagnostics.randomPairs}, candidate pairs ${diagnostics.candidatePairs}.`,
    `Share of candidate pairs that are the same person: ${diagnostics.matchShare.toFixed(4)}.`,
    `Share of people living with family of their surname: ${diagnostics.familyShare.toFixed(3)} ` +
      `(family rules ${model.indexHoldsFamilies ? 'on' : 'off'}).`,
    '',
    `${'comparison'.padEnd(12)} ${'level'.padEnd(20)} ${'m'.padStart(10)} ${'u'.padStart(10)} ${'weight'.padStart(8)}`,
  ];
  for (const comparison of COMPARISON_NAMES) {
    for (const level of COMPARISONS[comparison]) {
      const parameters = (model.parameters[comparison] as Record<string, LevelParameters | undefined>)[level];
      if (!parameters) continue;
      lines.push(
        `${comparison.padEnd(12)} ${level.padEnd(20)} ${parameters.m.toPrecision(4).padStart(10)} ` +
          `${parameters.u.toPrecision(4).padStart(10)} ${(weights[comparison][level] as number).toFixed(2).padStart(8)}`
      );
    }
  }
  return lines.join('\n');
}
