import { describe, expect, it } from 'vitest';
import {
  buildBlockingIndex,
  buildBlockingShare,
  findCandidates,
  findCandidatesInShares,
  houseOf,
} from './blocking.ts';
import { addressWords } from './normalise.ts';
import { preparePerson, type PreparedPerson } from './prepared-person.ts';

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

describe('findCandidatesInShares', () => {
  const family = { familyName: 'Begum', postcode: 'NM3 2JH', address: '7 Heron Close, Northmoor' };
  const people = [
    { ...family, givenName: 'Amina', dateOfBirth: '2017-06-23' },
    { givenName: 'Alfred', familyName: 'Mason', dateOfBirth: '2012-05-09', postcode: 'NM8 1PT' },
    { ...family, givenName: 'Aleena', dateOfBirth: '2017-06-23' },
    { ...family, givenName: 'Yusuf', dateOfBirth: '2014-02-11' },
    { givenName: 'Alfie', familyName: 'Mason', dateOfBirth: '2012-09-05', postcode: 'NM8 1PT' },
    { ...family, givenName: 'Amina', dateOfBirth: '2017-06-24' },
  ].map(preparePerson);
  const queries = [
    { ...family, givenName: 'Amina', dateOfBirth: '2017-06-23' },
    { givenName: 'Alfred', familyName: 'Mason', dateOfBirth: '2012-05-09' },
    { ...family, givenName: '', dateOfBirth: '' },
  ].map(preparePerson);

  it('finds in shares what one index of them all finds, in the same order', () => {
    const whole = buildBlockingIndex(people);
    const shares = [
      buildBlockingShare(people.slice(0, 2), 0),
      buildBlockingShare(people.slice(2, 5), 2, true),
      buildBlockingShare(people.slice(5), 5),
    ];
    for (const query of queries) {
      const found = findCandidates(whole, query);
      expect(found.length).toBeGreaterThan(0);
      expect(findCandidatesInShares(shares, query)).toEqual(found);
    }
  });

  it('skips a key too many people share in all the shares together, as one index does', () => {
    // 1,200 people alike: each share holds fewer than the largest useful block, together more.
    const alike = Array.from({ length: 1_200 }, () => people[0] as PreparedPerson);
    const query = queries[0] as PreparedPerson;
    const halves = [buildBlockingShare(alike.slice(0, 600), 0), buildBlockingShare(alike.slice(600), 600)];
    expect(findCandidatesInShares(halves, query)).toEqual(findCandidates(buildBlockingIndex(alike), query));
    expect(findCandidatesInShares(halves, query)).toEqual([]);
    expect(findCandidatesInShares(halves.slice(0, 1), query)).toHaveLength(600);
  });

  it('keeps its entries sorted, as the lookups need', () => {
    const { entries, bucketStarts } = buildBlockingShare(people, 10);
    expect([...entries]).toEqual([...entries].sort((a, b) => a - b));
    expect(bucketStarts[bucketStarts.length - 1]).toBe(entries.length);
  });
});
