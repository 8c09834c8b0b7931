import { describe, expect, it } from 'vitest';
import type { ComparisonLevels } from './comparisons.ts';
import { countLevels, estimateByExpectationMaximisation, parametersFromCounts } from './estimation.ts';

const agree: ComparisonLevels = {
  givenName: 'exact',
  familyName: 'exact',
  dateOfBirth: 'exact',
  sex: 'same',
  postcode: 'full',
  address: 'same',
  nhsNumber: 'missing',
};
const disagree: ComparisonLevels = {
  givenName: 'different',
  familyName: 'different',
  dateOfBirth: 'different',
  sex: 'different',
  postcode: 'different',
  address: 'different',
  nhsNumber: 'missing',
};

describe('estimating m and u', () => {
  it('counts levels, ignoring missing values', () => {
    const matches = Array<ComparisonLevels>(40).fill(agree);
    const parameters = parametersFromCounts(
      countLevels(matches),
      countLevels(Array<ComparisonLevels>(40).fill(disagree))
    );
    expect(parameters.givenName.exact?.m).toBeGreaterThan(0.9);
    expect(parameters.givenName.exact?.u).toBeLessThan(0.1);
    expect(parameters.nhsNumber.exact?.m).toBeCloseTo(1 / 5);
  });

  it('learns from unlabelled pairs by expectation maximisation', () => {
    const pairs = [...Array<ComparisonLevels>(30).fill(agree), ...Array<ComparisonLevels>(70).fill(disagree)];
    const start = parametersFromCounts(
      countLevels(pairs),
      countLevels(Array<ComparisonLevels>(100).fill(disagree))
    );
    const { parameters, matchShare } = estimateByExpectationMaximisation(pairs, start, 0.5);
    expect(matchShare).toBeCloseTo(0.3, 1);
    expect(parameters.dateOfBirth.exact?.m).toBeGreaterThan(0.85);
  });
});
