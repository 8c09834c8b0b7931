/**
 * A large synthetic person index for the speed benchmarks (a million people by default): families
 * from the demo generator in chunks, each chunk its own seed, NHS numbers renumbered so they stay
 * unique in the 999 range (which holds about 909,000 valid numbers: a few people go without).
 */
import { generatePopulation, type PersonPlan } from '../src/demo/people.ts';
import type { Address } from '../src/demo/places.ts';
import { Random } from '../src/shared/random.ts';
import { nhsCheckDigit } from '../src/shared/nhs-number.ts';
import {
  corrupted,
  householdsByPerson,
  recordOf,
  renameRepeatedGivenNames,
  type LabelledRecord,
} from './english-set.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const CHILDREN_PER_CHUNK = 100_000;

export function generatePeople(seed: number, count: number): LabelledRecord[] {
  const people: LabelledRecord[] = [];
  const nhsNumbers = uniqueNhsNumbers();
  for (let chunk = 0; people.length < count; chunk++) {
    const random = new Random(seed + chunk);
    const population = generatePopulation(random, CHILDREN_PER_CHUNK, NOW);
    renameRepeatedGivenNames(random, population);
    const households = householdsByPerson(population);
    population.people.forEach((person: PersonPlan, at) => {
      if (!person.dateOfBirth || people.length >= count) return;
      const address = population.addresses[person.addressIndex] as Address;
      const record = recordOf(
        person,
        `P${people.length + 1}`,
        address,
        chunk * 10_000_000 + (households[at] ?? 0)
      );
      people.push({ ...record, nhsNumber: person.nhsNumber ? (nhsNumbers.next().value ?? null) : null });
    });
  }
  return people;
}

/** Every valid 999-range NHS number once, in a scrambled order (a stride coprime with a million). */
function* uniqueNhsNumbers(): Generator<string, undefined> {
  for (let step = 0; step < 1_000_000; step++) {
    const stem = `999${String((step * 387_127) % 1_000_000).padStart(6, '0')}`;
    const check = nhsCheckDigit(stem);
    if (check !== null) yield `${stem}${check}`;
  }
  return undefined;
}

/** Queries about people in the index, each written with the English set's corruption model. */
export function generateQueries(seed: number, people: readonly LabelledRecord[], count: number) {
  const random = new Random(seed);
  return Array.from({ length: count }, (_, at) => {
    const truth = random.pick(people);
    return { ...corrupted(random, truth), id: `Q${at + 1}`, truth: truth.id };
  });
}
