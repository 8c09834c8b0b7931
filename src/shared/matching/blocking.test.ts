import { describe, expect, it } from 'vitest';
import { buildBlockingIndex, findCandidates, houseOf } from './blocking.ts';
import { addressWords } from './normalise.ts';
import { preparePerson } from './prepared-person.ts';

describe('houseOf', () => {
  it('is the house number and the street word after it', () => {
    expect(houseOf(addressWords('46 Wharf Crescent, Sallowmere'))).toBe('46 wharf');
    expect(houseOf(addressWords('Flat 3, 41 Oak View, Coldbeck'))).toBe('41 oak');
    expect(houseOf(addressWords('Rose Cottage, Coldbeck'))).toBeUndefined();
    expect(houseOf(undefined)).toBeUndefined();
  });
});

describe('findCandidates', () => {
  it('finds a person at their house when the postcode is missing and the date of birth is far out', () => {
    const hallie = {
      givenName: 'Hallie',
      familyName: 'Phillips',
      dateOfBirth: '2018-03-10',
      postcode: 'NM10 8DE',
      address: '46 Wharf Crescent, Sallowmere',
    };
    const neighbour = { ...hallie, givenName: 'Mabel', familyName: 'Stone', address: '48 Wharf Crescent' };
    const index = buildBlockingIndex([hallie, neighbour].map(preparePerson));
    const query = preparePerson({ ...hallie, postcode: '', dateOfBirth: '2058-03-12' });
    expect(findCandidates(index, query)).toEqual([0]);
  });

  it('finds a person whose names are both misspelt out of their sound, at a new address, by date and initials', () => {
    const declan = {
      givenName: 'Declan',
      familyName: 'Murphy',
      dateOfBirth: '2014-02-18',
      postcode: 'NM3 9HZ',
      address: '41 Fold Terrace, Northmoor',
    };
    // Born the same day, other initials: not compared.
    const other = { ...declan, givenName: 'Amelia', familyName: 'Osei', postcode: 'NM7 1AA', address: '' };
    const index = buildBlockingIndex([declan, other].map(preparePerson));
    const query = preparePerson({
      givenName: 'Delcan',
      familyName: 'Murhy',
      dateOfBirth: '2014-02-18',
      postcode: 'NM5 2PQ',
      address: '7 Mill Road, Leeds',
    });
    expect(findCandidates(index, query)).toEqual([0]);
    // Swapped names meet too: the initials are sorted.
    const swapped = preparePerson({ ...declan, givenName: 'Murhy', familyName: 'Delcan', postcode: '' });
    expect(findCandidates(index, swapped)).toContain(0);
  });
});
