import { describe, expect, it } from 'vitest';
import { FITTED_MODEL } from './fitted-model.ts';
import { countNameFrequencies } from './model.ts';
import { preparePerson, type PersonRecord } from './prepared-person.ts';
import { HELD, scorePair } from './score-pair.ts';

const oliver: PersonRecord = {
  givenName: 'Oliver',
  familyName: 'Hughes',
  dateOfBirth: '2016-03-14',
  sex: 'M',
  postcode: 'NM1 4AB',
  address: '12 Mill Lane, Northmoor',
  nhsNumber: '9434765919',
};

describe('scorePair', () => {
  it('matches the same child written the same way, and says why', () => {
    const result = scorePair(oliver, oliver);
    expect(result.decision).toBe('match');
    expect(result.reasons).toEqual(
      expect.arrayContaining(['same NHS number', 'same date of birth', 'same given name', 'same surname'])
    );
  });

  it('matches through typos, a nickname, a transposed date of birth and a missing NHS number', () => {
    const written = {
      givenName: 'Olly',
      familyName: 'Hughs',
      dateOfBirth: '2016-14-03',
      sex: 'M',
      postcode: 'nm14ab',
    };
    const result = scorePair({ ...written, dateOfBirth: '2016-03-14' }, oliver);
    expect(result.decision).toBe('match');
    expect(result.reasons).toContain('given name is a short form or nickname');
    expect(result.reasons).toContain('surname spelled almost the same');
    const transposed = scorePair({ ...written, dateOfBirth: '2016-14-03'.replace('14-03', '03-14') }, oliver);
    expect(transposed.decision).toBe('match');
  });

  it('recognises a day and month swapped, a day out and a year out', () => {
    const child = { ...oliver, dateOfBirth: '2016-03-04', nhsNumber: null };
    const levelFor = (dateOfBirth: string) => scorePair({ ...child, dateOfBirth }, child).levels.dateOfBirth;
    expect(levelFor('2016-04-03')).toBe('transposed');
    expect(levelFor('2016-03-05')).toBe('oneDay');
    expect(levelFor('2016-02-04')).toBe('oneMonth');
    expect(levelFor('2015-03-04')).toBe('oneYear');
    expect(levelFor('2013-03-04')).toBe('oneDigit');
    expect(levelFor('2016-09-21')).toBe('sameYear');
    expect(levelFor('2009-11-21')).toBe('different');
    expect(levelFor('')).toBe('missing');
  });

  it('finds given and family names written the wrong way round', () => {
    const result = scorePair({ ...oliver, givenName: 'Hughes', familyName: 'Oliver' }, oliver);
    expect(result.namesSwapped).toBe(true);
    expect(result.decision).toBe('match');
    expect(result.reasons[0]).toBe('given and family names swapped');
  });

  it('matches one part of a hyphenated surname, and a previous surname', () => {
    const doubleBarrelled = { ...oliver, familyName: 'Hughes-Okafor', nhsNumber: null };
    const part = scorePair({ ...doubleBarrelled, familyName: 'Okafor' }, doubleBarrelled);
    expect(part.levels.familyName).toBe('part');
    expect(part.decision).toBe('match');
    const renamed = { ...oliver, familyName: 'Clarke', previousFamilyNames: ['Hughes'], nhsNumber: null };
    expect(scorePair({ ...oliver, nhsNumber: null }, renamed).levels.familyName).toBe('part');
  });

  it('never matches a twin: same surname, date of birth and address but another given name', () => {
    const twin = { ...oliver, givenName: 'Oscar', nhsNumber: '9990000026' };
    expect(scorePair({ ...oliver, nhsNumber: null }, twin).decision).not.toBe('match');
    const rhymingTwin = { ...oliver, givenName: 'Zayan', nhsNumber: null };
    expect(scorePair({ ...oliver, givenName: 'Raiyan', nhsNumber: null }, rhymingTwin).decision).not.toBe(
      'match'
    );
  });

  it('never matches a twin whose name is a letter from the other’s when that is a real name (Alfie, Albie)', () => {
    const index = ['Alfie', 'Albie', 'Albie', 'Albie', 'Oscar'].map((givenName) => ({
      givenName,
      familyName: 'Young',
    }));
    const frequencies = countNameFrequencies(index.map(preparePerson));
    const alfie = { ...oliver, givenName: 'Alfie', nhsNumber: null };
    const albie = scorePair({ ...alfie, givenName: 'Albie' }, alfie, FITTED_MODEL, frequencies);
    expect(albie.decision).toBe('possible');
    expect(albie.reasons).toContain(HELD.twin);
    // A typo that makes no real name is still a typo.
    expect(scorePair({ ...alfie, givenName: 'Alfei' }, alfie, FITTED_MODEL, frequencies).decision).toBe(
      'match'
    );
  });

  it('never matches a twin who has moved away when the names only rhyme', () => {
    const ayaan = { ...oliver, givenName: 'Ayaan', nhsNumber: null };
    const zayan = { ...ayaan, givenName: 'Zayan', postcode: 'NM9 9ZZ', address: '3 Kiln Close' };
    expect(scorePair(zayan, ayaan).decision).not.toBe('match');
  });

  it('does not match a child to a parent of the same name at the same address without a date of birth', () => {
    const mother = {
      ...oliver,
      givenName: 'Ioana',
      familyName: 'Rusu',
      sex: 'F',
      dateOfBirth: '1985-09-15',
      nhsNumber: null,
    };
    expect(scorePair({ ...mother, dateOfBirth: '' }, mother).decision).toBe('possible');
  });

  it('never matches a twin of the other sex, nor without a given name to tell twins apart', () => {
    const sister = { ...oliver, givenName: 'Olivia', sex: 'F', nhsNumber: null };
    expect(scorePair({ ...oliver, nhsNumber: null }, sister).decision).not.toBe('match');
    const unnamed = scorePair({ ...oliver, givenName: '', nhsNumber: null }, oliver);
    expect(unnamed.decision).toBe('possible');
  });

  it('never matches a sibling of the same name born years apart', () => {
    const brother = { ...oliver, dateOfBirth: '2019-07-02', nhsNumber: null };
    expect(scorePair({ ...oliver, nhsNumber: null }, brother).decision).not.toBe('match');
  });

  it('lets a different NHS number overrule everything else, and the same one carry a match', () => {
    const differentNumber = scorePair({ ...oliver, nhsNumber: '9990000026' }, oliver);
    expect(differentNumber.decision).not.toBe('match');
    expect(differentNumber.reasons).toContain('NHS number differs');
    expect(differentNumber.reasons).toContain(HELD.nhsNumber);
    const sameNumber = scorePair(
      { givenName: 'Ollie', nhsNumber: '943 476 5919' },
      { ...oliver, givenName: 'Oliver' }
    );
    expect(sameNumber.decision).toBe('match');
  });

  it('treats a mistyped NHS number (failing its check digit) as a near agreement, not a difference', () => {
    const result = scorePair({ ...oliver, nhsNumber: '9434765910' }, oliver);
    expect(result.levels.nhsNumber).toBe('oneDigit');
    expect(result.decision).toBe('match');
  });

  it('keeps namesakes apart: same name, different date of birth and address', () => {
    const namesake = {
      ...oliver,
      dateOfBirth: '2012-10-30',
      postcode: 'NM9 2XY',
      address: '4 Quarry Road',
      nhsNumber: null,
    };
    expect(scorePair({ ...oliver, nhsNumber: null }, namesake).decision).toBe('none');
  });

  it('weighs a common name less than a rare one', () => {
    const index = [
      ...Array.from({ length: 200 }, () => ({ givenName: 'Muhammad', familyName: 'Khan' })),
      { givenName: 'Tadhg', familyName: 'Fitzgerald' },
      ...Array.from({ length: 799 }, (_, at) => ({ givenName: `Name${at}`, familyName: `Family${at}` })),
    ];
    const frequencies = countNameFrequencies(index.map(preparePerson));
    const common = { givenName: 'Muhammad', familyName: 'Khan', dateOfBirth: '2015-01-01' };
    const rare = { givenName: 'Tadhg', familyName: 'Fitzgerald', dateOfBirth: '2015-01-01' };
    expect(scorePair(rare, rare, FITTED_MODEL, frequencies).score).toBeGreaterThan(
      scorePair(common, common, FITTED_MODEL, frequencies).score + 8
    );
  });

  it('gives no evidence for missing fields', () => {
    const result = scorePair({ givenName: 'Oliver' }, oliver);
    expect(result.levels).toMatchObject({
      dateOfBirth: 'missing',
      postcode: 'missing',
      nhsNumber: 'missing',
    });
    expect(result.decision).not.toBe('match');
  });

  it('scores the same whichever record is the query for symmetric fields', () => {
    const other = { ...oliver, givenName: 'Olivar', postcode: 'NM1 4AD', nhsNumber: null };
    expect(scorePair({ ...oliver, nhsNumber: null }, other).score).toBeCloseTo(
      scorePair(other, { ...oliver, nhsNumber: null }).score
    );
  });

  it('never calls a date of birth that does not agree exactly a match unless an NHS number or address confirms it', () => {
    const child = { ...oliver, nhsNumber: null };
    const elsewhere = { postcode: 'NM9 2XY', address: '4 Quarry Road' };
    for (const dateOfBirth of ['2016-03-15', '2016-04-14', '2015-03-14', '2016-08-14']) {
      const slipped = scorePair({ ...child, ...elsewhere, dateOfBirth }, child);
      expect(slipped.decision, dateOfBirth).not.toBe('match');
    }
    const namesake = scorePair({ ...child, ...elsewhere, dateOfBirth: '2015-03-14' }, child);
    expect(namesake.decision).toBe('possible');
    expect(namesake.reasons).toContain(HELD.dateWithoutSupport);
    // The same slip with the home agreeing, or the NHS number, is the same child mistyped.
    expect(scorePair({ ...child, dateOfBirth: '2015-03-14' }, child).decision).toBe('match');
    expect(scorePair({ ...oliver, ...elsewhere, dateOfBirth: '2015-03-14' }, oliver).decision).toBe('match');
    // Nor is a missing address support.
    expect(
      scorePair({ givenName: 'Oliver', familyName: 'Hughes', dateOfBirth: '2016-03-15' }, child).decision
    ).not.toBe('match');
  });

  it('never matches brothers, sisters or twins at one address: another given name or date of birth', () => {
    const child = { ...oliver, nhsNumber: null };
    for (const sibling of [
      { ...child, givenName: 'Harry' },
      { ...child, givenName: 'Harry', dateOfBirth: '2018-06-01' },
      { ...child, dateOfBirth: '2018-06-01' },
    ]) {
      expect(scorePair(sibling, child).decision).not.toBe('match');
    }
  });

  it('matches one house’s child of the same given name whose date of birth was written wrongly twice', () => {
    const child = { ...oliver, nhsNumber: null };
    // A digit and a day; a month and two days.
    for (const dateOfBirth of ['2016-03-25', '2016-04-16']) {
      const slipped = scorePair({ ...child, dateOfBirth }, child);
      expect(slipped.levels.dateOfBirth, dateOfBirth).toMatch(/different|sameYear/);
      expect(slipped.decision, dateOfBirth).toBe('match');
    }
    // A day and a year out could be a brother of the same first name (some families give every son one):
    // a person decides.
    expect(scorePair({ ...child, dateOfBirth: '2015-03-15' }, child).reasons).toContain(HELD.dateOfBirth);
    // A junior: the same name at one address a generation apart is a parent, not a slip.
    const father = { ...child, dateOfBirth: '1986-07-04' };
    expect(scorePair({ ...child, dateOfBirth: '2012-07-04' }, father).reasons).toContain(HELD.dateOfBirth);
    // A brother (another given name) with a date two slips from the child's is still a brother.
    expect(scorePair({ ...child, givenName: 'Harry', dateOfBirth: '2015-03-15' }, child).decision).toBe(
      'possible'
    );
  });

  it('does not take a neighbour’s postcode or street for one house when the dates of birth differ', () => {
    const child = { ...oliver, nhsNumber: null };
    const nextDoor = { ...child, address: '14 Mill Lane, Northmoor', dateOfBirth: '2015-03-15' };
    const result = scorePair(nextDoor, child);
    expect(result.levels.postcode).toBe('full');
    expect(result.decision).toBe('possible');
    expect(result.reasons).toContain(HELD.dateOfBirth);
    // A date that disagrees with no address or NHS number agreeing stays for a person to decide.
    const moved = { ...child, postcode: 'NM9 2XY', address: '4 Quarry Road', dateOfBirth: '2015-03-14' };
    expect(scorePair(moved, child).reasons).toContain(HELD.dateWithoutSupport);
  });

  it('reads a spelling no one in the index has as the real name nearest to it', () => {
    const names = ['Lily', 'Lily', 'Lily', 'Libby', 'Libby', 'Libby', 'Oscar', 'Oscar', 'Oscar'];
    const frequencies = countNameFrequencies(names.map((givenName) => preparePerson({ givenName })));
    const lily = { ...oliver, givenName: 'Lily', sex: 'F', nhsNumber: null };
    const misspelt = scorePair({ ...lily, givenName: 'Lyiy' }, lily, FITTED_MODEL, frequencies);
    expect(misspelt.levels.givenName).toBe('close');
    expect(misspelt.decision).toBe('match');
    // Without the index's names to read it by, it is only alike, and a twin could be meant.
    expect(scorePair({ ...lily, givenName: 'Lyiy' }, lily).decision).toBe('possible');
    // A real name is never read as another: Libby is Lily's twin, not Lily misspelt.
    const libby = scorePair({ ...lily, givenName: 'Libby' }, lily, FITTED_MODEL, frequencies);
    expect(libby.decision).toBe('possible');
  });

  it('applies the family rules only where the index holds families (a file of unrelated people does not)', () => {
    const replacedGivenName = { ...oliver, givenName: 'Harry', nhsNumber: null };
    const withoutFamilies = { ...FITTED_MODEL, indexHoldsFamilies: false };
    expect(scorePair(replacedGivenName, { ...oliver, nhsNumber: null }).decision).toBe('possible');
    expect(scorePair(replacedGivenName, { ...oliver, nhsNumber: null }, withoutFamilies).decision).toBe(
      'match'
    );
    // The date-of-birth rule holds everywhere: it is about namesakes, not families.
    const namesake = { ...oliver, dateOfBirth: '2015-03-14', postcode: 'NM9 2XY', address: '4 Quarry Road' };
    expect(scorePair({ ...namesake, nhsNumber: null }, oliver, withoutFamilies).decision).toBe('possible');
  });

  it('takes another spelling of a twin-like child’s own name, even a real one, for that name (Sofie, Sophie)', () => {
    const names = ['Sophie', 'Sophie', 'Sophie', 'Sofie', 'Sofie', 'Sofie', 'Libby', 'Libby', 'Libby'];
    const frequencies = countNameFrequencies(names.map((givenName) => preparePerson({ givenName })));
    const sophie = { ...oliver, givenName: 'Sophie', sex: 'F', nhsNumber: null };
    const sofie = scorePair({ ...sophie, givenName: 'Sofie' }, sophie, FITTED_MODEL, frequencies);
    expect(sofie.levels.givenName).not.toBe('exact');
    expect(sofie.decision).toBe('match');
    // A twin of another name that only looks alike is still for a person to decide.
    const lily = { ...sophie, givenName: 'Lily' };
    expect(scorePair({ ...sophie, givenName: 'Libby' }, lily, FITTED_MODEL, frequencies).decision).toBe(
      'possible'
    );
  });

  it('matches one house’s child by a short form of the name whose date of birth was written wrongly twice', () => {
    const florence = {
      ...oliver,
      givenName: 'Florence',
      sex: 'F',
      dateOfBirth: '2023-01-04',
      nhsNumber: null,
    };
    // A month and a day out.
    const flo = scorePair({ ...florence, givenName: 'Flo', dateOfBirth: '2023-02-03' }, florence);
    expect(flo.levels.givenName).toBe('nickname');
    expect(flo.levels.dateOfBirth).toMatch(/different|sameYear/);
    expect(flo.decision).toBe('match');
    // A year and a day out could still be a sister born a year later: a person decides.
    const yearOut = scorePair({ ...florence, givenName: 'Flo', dateOfBirth: '2024-01-05' }, florence);
    expect(yearOut.reasons).toContain(HELD.dateOfBirth);
  });

  it('never calls a pair whose family names differ a match unless an NHS number or address confirms it', () => {
    const poppy = { ...oliver, givenName: 'Poppy', sex: 'F', nhsNumber: null };
    const elsewhere = { familyName: 'Barber', postcode: 'NM9 2XY', address: '4 Quarry Road' };
    // A model that finds a different surname little evidence either way (as one fitted on an index may).
    const lenient = {
      ...FITTED_MODEL,
      parameters: {
        ...FITTED_MODEL.parameters,
        familyName: { ...FITTED_MODEL.parameters.familyName, different: { m: 0.5, u: 0.5 } },
      },
    };
    for (const model of [lenient, { ...lenient, indexHoldsFamilies: false }]) {
      const namesake = scorePair({ ...poppy, ...elsewhere }, poppy, model);
      expect(namesake.levels.familyName).toBe('different');
      expect(namesake.score).toBeGreaterThanOrEqual(model.thresholds.match);
      expect(namesake.decision).toBe('possible');
      expect(namesake.reasons).toContain(HELD.familyNameWithoutSupport);
    }
    // A new surname at the same home, or with the same NHS number, is the same child renamed.
    expect(scorePair({ ...poppy, familyName: 'Barber' }, poppy, lenient).decision).toBe('match');
    const numbered = { ...oliver, givenName: 'Poppy', sex: 'F' };
    expect(scorePair({ ...numbered, ...elsewhere }, numbered, lenient).decision).toBe('match');
  });
});
