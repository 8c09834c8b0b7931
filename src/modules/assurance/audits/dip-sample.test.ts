import { describe, expect, it } from 'vitest';
import { Random } from '../../../shared/random.ts';
import {
  assignAuditors,
  candidateOf,
  drawSample,
  sampleCoverage,
  sizeSureToCoverAll,
  STRATA,
  type SampleCandidate,
} from './dip-sample.ts';

const calendar = {
  serviceHours: { weekdays: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' },
  closures: [],
};

/** A skewed population: most contacts from one team on weekdays, a handful from rare strata. */
function population(seed: number, count: number): SampleCandidate[] {
  const random = new Random(seed);
  return Array.from({ length: count }, (_, index) => ({
    contactChildId: index + 1,
    strata: {
      team: random.chance(0.9) ? '1' : random.pick(['2', '3', '4']),
      manager: random.chance(0.8) ? '10' : random.pick(['11', '12', '13', '14']),
      weekday: String(random.chance(0.95) ? random.int(0, 4) : random.int(5, 6)),
      timeOfDay: random.chance(0.97)
        ? random.pick(['morning', 'afternoon'])
        : random.pick(['evening', 'out_of_hours']),
      outcome: random.chance(0.85) ? 'nfa' : random.pick(['referral', 'early_help', 'strategy']),
    },
  }));
}

const missingValues = (pop: SampleCandidate[], sample: SampleCandidate[]) =>
  sampleCoverage(pop, sample).filter((row) => row.sample === 0);

describe('drawSample', () => {
  it('covers every value of every stratum when the size allows, over many seeds', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const pop = population(seed, 400);
      const sample = drawSample(pop, sizeSureToCoverAll(pop), seed);
      expect(missingValues(pop, sample), `seed ${seed}`).toEqual([]);
    }
  });

  it('usually covers every value with far fewer than one per value', () => {
    const pop = population(3, 600);
    const distinctPerStratum = STRATA.map((s) => new Set(pop.map((c) => c.strata[s])).size);
    const sample = drawSample(pop, Math.max(...distinctPerStratum) + 2, 3);
    expect(missingValues(pop, sample)).toEqual([]);
  });

  it('gives the same sample for the same seed and population, whatever order it is read in', () => {
    const pop = population(9, 300);
    const first = drawSample(pop, 20, 42).map((c) => c.contactChildId);
    const reordered = drawSample([...pop].reverse(), 20, 42).map((c) => c.contactChildId);
    expect(reordered).toEqual(first);
    expect(drawSample(pop, 20, 43).map((c) => c.contactChildId)).not.toEqual(first);
  });

  it('draws exactly the size asked, with no contact twice, and all of a smaller population', () => {
    const pop = population(5, 300);
    const sample = drawSample(pop, 30, 1);
    expect(sample).toHaveLength(30);
    expect(new Set(sample.map((c) => c.contactChildId)).size).toBe(30);
    expect(drawSample(pop.slice(0, 7), 30, 1)).toHaveLength(7);
    expect(drawSample([], 5, 1)).toEqual([]);
  });

  it('fills beyond coverage at random, so a common value is not over-drawn', () => {
    const pop = population(11, 2000);
    const sample = drawSample(pop, 400, 11);
    const teamOne = sample.filter((c) => c.strata.team === '1').length / sample.length;
    expect(teamOne).toBeGreaterThan(0.8);
  });
});

describe('sampleCoverage', () => {
  it('counts the population and sample in each value, most common first', () => {
    const pop: SampleCandidate[] = [
      {
        contactChildId: 1,
        strata: { team: 'a', manager: 'm', weekday: '0', timeOfDay: 'morning', outcome: 'x' },
      },
      {
        contactChildId: 2,
        strata: { team: 'a', manager: 'm', weekday: '1', timeOfDay: 'morning', outcome: 'y' },
      },
      {
        contactChildId: 3,
        strata: { team: 'b', manager: 'm', weekday: '0', timeOfDay: 'out_of_hours', outcome: 'x' },
      },
    ];
    const rows = sampleCoverage(pop, [pop[2]!]);
    expect(rows.filter((row) => row.stratum === 'team')).toEqual([
      { stratum: 'team', value: 'a', population: 2, sample: 0 },
      { stratum: 'team', value: 'b', population: 1, sample: 1 },
    ]);
    expect(rows.find((row) => row.stratum === 'timeOfDay' && row.value === 'out_of_hours')).toEqual({
      stratum: 'timeOfDay',
      value: 'out_of_hours',
      population: 1,
      sample: 1,
    });
  });
});

describe('candidateOf', () => {
  it('takes the UK day and time of arrival, out of hours by the council calendar', () => {
    const facts = { contactChildId: 1, teamId: 3, authorisedBy: 8, outcome: 'nfa' };
    // Friday 2026-11-20 09:30 GMT: in hours, morning.
    expect(candidateOf({ ...facts, receivedAt: new Date('2026-11-20T09:30:00Z') }, calendar).strata).toEqual({
      team: '3',
      manager: '8',
      weekday: '4',
      timeOfDay: 'morning',
      outcome: 'nfa',
    });
    // 21:00 on a weekday and any time on Saturday are out of hours; 18:00 in BST is evening.
    const at = (iso: string) => candidateOf({ ...facts, receivedAt: new Date(iso) }, calendar).strata;
    expect(at('2026-11-20T21:00:00Z').timeOfDay).toBe('out_of_hours');
    expect(at('2026-11-21T11:00:00Z')).toMatchObject({ weekday: '5', timeOfDay: 'out_of_hours' });
    expect(at('2026-06-10T17:00:00Z').timeOfDay).toBe('evening');
    expect(at('2026-06-10T11:30:00Z').timeOfDay).toBe('afternoon');
    expect(
      candidateOf({ ...facts, teamId: null, authorisedBy: null, receivedAt: new Date() }, calendar).strata
    ).toMatchObject({ team: 'none', manager: 'none' });
  });
});

describe('assignAuditors', () => {
  const candidate = (id: number, manager: string): SampleCandidate => ({
    contactChildId: id,
    strata: { team: '1', manager, weekday: '0', timeOfDay: 'morning', outcome: 'nfa' },
  });

  it('never gives a manager their own decision when another auditor can take it', () => {
    const sample = [candidate(1, '7'), candidate(2, '7'), candidate(3, '9'), candidate(4, '7')];
    const assigned = assignAuditors(sample, [7, 9]);
    expect(assigned.filter((a) => a.auditorId === 7)).toHaveLength(1);
    expect(assigned.find((a) => a.contactChildId === 3)?.auditorId).toBe(7);
    expect(assigned.filter((a) => a.auditorId === 9).map((a) => a.contactChildId)).toEqual([1, 2, 4]);
  });

  it('gives an only auditor everything, and refuses no auditors', () => {
    expect(assignAuditors([candidate(1, '7')], [7])).toEqual([{ contactChildId: 1, auditorId: 7 }]);
    expect(() => assignAuditors([candidate(1, '7')], [])).toThrow(RangeError);
  });
});
