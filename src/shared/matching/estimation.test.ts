import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import type { ComparisonLevels } from './comparisons.ts';
import {
  countLevels,
  fitModel,
  isFamilyPair,
  parametersFromCounts,
  shareLivingWithFamily,
} from './estimation.ts';
import { FITTED_MODEL } from './fitted-model.ts';
import { levelWeights } from './model.ts';
import { preparePerson, type PersonRecord } from './prepared-person.ts';

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

const GIVEN = [
  'Amelia',
  'Oliver',
  'Isla',
  'Noah',
  'Freya',
  'Leo',
  'Zara',
  'Arlo',
  'Maya',
  'Theo',
  'Ruby',
  'Finn',
];
const ENDINGS = ['', 'ton', 'ley', 'wood', 'field', 'ford', 'ski', 'ova', 'er', 'well'];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const FAMILY = [
  'Hughes',
  'Begum',
  'Kowalski',
  'Okafor',
  'Mason',
  'Patel',
  'Walsh',
  'Nowak',
  'Singh',
  'Evans',
];

function person(random: Random): PersonRecord {
  return {
    givenName: random.pick(GIVEN),
    familyName: `${random.pick(FAMILY)}${random.pick(ENDINGS)}`,
    dateOfBirth: `20${String(random.int(5, 24)).padStart(2, '0')}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    sex: random.pick(['M', 'F']),
    postcode: `NM${random.int(1, 9)} ${random.int(1, 9)}${random.pick([...LETTERS])}${random.pick([...LETTERS])}`,
    address: `${random.int(1, 90)} ${random.pick(['Mill Lane', 'Heron Close', 'Quarry Road'])}, Northmoor`,
  };
}

/** Unrelated people, and a second record with a typo or a moved house for every third. */
function indexWithDuplicates(seed: number): PersonRecord[] {
  const random = new Random(seed);
  const people = Array.from({ length: 600 }, () => person(random));
  const duplicates = people
    .filter((_, at) => at % 3 === 0)
    .map((record, at) =>
      at % 2 === 0
        ? { ...record, givenName: `${record.givenName}e` }
        : { ...record, postcode: person(random).postcode, address: person(random).address }
    );
  return [...people, ...duplicates];
}

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
});

describe('fitModel: estimating the model from an index without labels', () => {
  it('learns u from random pairs and m from the duplicates among blocked pairs', () => {
    const { model, diagnostics } = fitModel(indexWithDuplicates(7).map(preparePerson), FITTED_MODEL, {
      randomPairs: 20_000,
    });
    expect(diagnostics.people).toBe(800);
    expect(diagnostics.randomPairs).toBe(20_000);
    expect(diagnostics.candidatePairs).toBeGreaterThan(200);
    // One in twelve random pairs share a given name here: u says so, whatever the defaults said.
    expect(model.parameters.givenName.exact?.u).toBeCloseTo(1 / 12, 1);
    // Half the duplicates moved house: m of a different postcode rises from the defaults' 0.09.
    expect(model.parameters.postcode.different?.m).toBeGreaterThan(0.2);
    expect(model.parameters.dateOfBirth.exact?.m).toBeGreaterThan(0.7);
    const weights = levelWeights(model);
    expect(weights.dateOfBirth.exact).toBeGreaterThan(5);
    expect(weights.familyName.different).toBeLessThan(0);
    expect(model.indexHoldsFamilies).toBe(false);
    expect(model.thresholds).toEqual(FITTED_MODEL.thresholds);
  });

  it('is the same for the same index (seeded)', () => {
    const people = indexWithDuplicates(8).map(preparePerson);
    const options = { randomPairs: 5_000 };
    expect(fitModel(people, FITTED_MODEL, options)).toEqual(fitModel(people, FITTED_MODEL, options));
  });

  it('finds families in an index, and does not learn from siblings what a duplicate looks like', () => {
    const random = new Random(9);
    const families = Array.from({ length: 200 }, () => {
      const parent = person(random);
      return [
        parent,
        {
          ...person(random),
          familyName: parent.familyName,
          postcode: parent.postcode,
          address: parent.address,
        },
      ];
    }).flat();
    const { model, diagnostics } = fitModel(families.map(preparePerson), FITTED_MODEL, {
      randomPairs: 5_000,
    });
    expect(diagnostics.familyShare).toBeGreaterThan(0.5);
    expect(model.indexHoldsFamilies).toBe(true);
    // Brothers and sisters share a surname and home but not a given name: counted as duplicates,
    // they would make a different given name look like evidence of the same person.
    expect(levelWeights(model).givenName.different).toBeLessThan(-3);
  });

  it('counts people who live with family of their surname (another given name, born apart)', () => {
    const home = { familyName: 'Begum', postcode: 'NM3 2JH', address: '7 Heron Close' };
    const people = [
      { ...home, givenName: 'Amina', dateOfBirth: '2017-06-23' },
      { ...home, givenName: 'Yusuf', dateOfBirth: '2014-02-11' },
      // The same person twice is not family.
      { givenName: 'Alfred', familyName: 'Mason', dateOfBirth: '2012-05-09', postcode: 'NM8 1PT' },
      { givenName: 'Alfred', familyName: 'Mason', dateOfBirth: '2012-05-09', postcode: 'NM8 1PT' },
    ].map(preparePerson);
    expect(shareLivingWithFamily(people)).toBe(0.5);
    expect(shareLivingWithFamily([])).toBe(0);
  });

  it('calls a pair family when surname and home agree and the given name does not', () => {
    expect(isFamilyPair({ ...agree, givenName: 'different' })).toBe(true);
    expect(isFamilyPair({ ...agree, givenName: 'missing', postcode: 'different', address: 'similar' })).toBe(
      true
    );
    expect(isFamilyPair(agree)).toBe(false);
    expect(
      isFamilyPair({ ...agree, givenName: 'different', postcode: 'outward', address: 'different' })
    ).toBe(false);
  });
});
