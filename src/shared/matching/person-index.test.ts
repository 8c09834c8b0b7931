import { describe, expect, it } from 'vitest';
import { FITTED_MODEL } from './fitted-model.ts';
import { PersonIndex } from './person-index.ts';
import { preparePerson, type PersonRecord } from './prepared-person.ts';
import { ANOTHER_RECORD_CLOSE } from './ranking.ts';

const home = { familyName: 'Begum', postcode: 'NM3 2JH', address: '7 Heron Close, Northmoor' };
const people: PersonRecord[] = [
  { ...home, givenName: 'Amina', dateOfBirth: '2017-06-23', sex: 'F', nhsNumber: '9990000026' },
  { ...home, givenName: 'Aleena', dateOfBirth: '2017-06-23', sex: 'F', nhsNumber: null },
  { ...home, givenName: 'Yusuf', dateOfBirth: '2014-02-11', sex: 'M', nhsNumber: null },
  { givenName: 'Alfred', familyName: 'Mason', dateOfBirth: '2012-05-09', sex: 'M', postcode: 'NM8 1PT' },
  {
    givenName: 'Madison',
    familyName: 'Clarke-Ward',
    dateOfBirth: '2015-11-02',
    sex: 'F',
    postcode: 'NM5 6WT',
  },
];

function best(query: PersonRecord) {
  const index = PersonIndex.of(people);
  const [top] = index.rank(preparePerson(query), FITTED_MODEL, 3);
  return top && { person: people[top.candidate], decision: top.decision, reasons: top.reasons };
}

describe('PersonIndex (bulk matching)', () => {
  it('finds the right twin and matches her', () => {
    const found = best({ ...home, givenName: 'Aleena', dateOfBirth: '2017-06-23', sex: 'F' });
    expect(found?.person?.givenName).toBe('Aleena');
    expect(found?.decision).toBe('match');
  });

  it('does not match either twin when the given name is missing', () => {
    const found = best({ ...home, givenName: '', dateOfBirth: '2017-06-23', sex: 'F' });
    expect(found?.decision).toBe('possible');
  });

  it('sends two near-identical records to review rather than picking one', () => {
    const index = PersonIndex.of([people[3] as PersonRecord, people[3] as PersonRecord]);
    const [top] = index.rank(preparePerson(people[3] as PersonRecord), FITTED_MODEL, 2);
    expect(top?.decision).toBe('possible');
    expect(top?.reasons).toContain(ANOTHER_RECORD_CLOSE);
  });

  it('reaches people through nicknames, swapped names, a transposed date and half a double-barrelled name', () => {
    expect(
      best({ givenName: 'Alfie', familyName: 'Mason', dateOfBirth: '2012-09-05' })?.person?.givenName
    ).toBe('Alfred');
    expect(best({ givenName: 'Mason', familyName: 'Alfred', dateOfBirth: '2012-05-09' })?.decision).toBe(
      'match'
    );
    const maddie = best({
      givenName: 'Maddie',
      familyName: 'Ward',
      dateOfBirth: '2015-11-03',
      postcode: 'NM5 6WT',
    });
    expect(maddie?.person?.givenName).toBe('Madison');
    expect(maddie?.decision).toBe('match');
  });

  it('finds nobody for someone who is not there', () => {
    expect(best({ givenName: 'Tadhg', familyName: 'Fitzgerald', dateOfBirth: '2001-01-01' })).toBeUndefined();
  });
});
