import { describe, expect, it } from 'vitest';
import {
  compareAddresses,
  compareIdentifiers,
  compareNames,
  comparePostcodes,
  isOneEditApart,
  isOneTypoApart,
  isSpellingVariant,
  isTwoSlipsApart,
} from './comparisons.ts';
import { foldText, nameWords, outwardCode, parseDate } from './normalise.ts';
import { nicknameVariants } from './nicknames.ts';
import { prepareName, preparePerson } from './prepared-person.ts';

const level = (a: string, b: string) => compareNames(prepareName(a), prepareName(b));

describe('normalisation', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldText("O'Brien")).toBe('obrien');
    expect(foldText('Wiśniewska')).toBe('wisniewska');
    expect(foldText('Michał Stępień')).toBe('michal stepien');
    expect(foldText('  ZOË  ')).toBe('zoe');
  });

  it('splits hyphenated and double-barrelled names into words', () => {
    expect(nameWords('Smith-Jones')).toEqual(['smith', 'jones']);
    expect(nameWords('Mahmood Khan')).toEqual(['mahmood', 'khan']);
  });

  it('reads ISO dates and the outward code of a UK postcode', () => {
    expect(parseDate('2016-03-14')).toMatchObject({ year: 2016, month: 3, day: 14, digits: '20160314' });
    expect(parseDate('14/03/2016')).toBeUndefined();
    expect(parseDate('2016-13-01')).toBeUndefined();
    expect(outwardCode('NM14AB')).toBe('NM1');
    expect(outwardCode('NM104AB')).toBe('NM10');
    expect(outwardCode('2119')).toBeUndefined();
  });
});

describe('name comparison levels', () => {
  it('grades names from exact to different', () => {
    expect(level('McDonald', 'Mc Donald')).toBe('exact');
    expect(level('Smith-Jones', 'Jones')).toBe('part');
    expect(level('Alfie', 'Alfred')).toBe('nickname');
    expect(level('Maddie', 'Madison')).toBe('nickname');
    expect(level('Mo', 'Mohammed')).toBe('nickname');
    expect(level('Katherine', 'Katharine')).toBe('close');
    expect(level('Lely', 'Lily')).toBe('close');
    expect(level('Sean', 'Shaun')).toBe('similar');
    expect(level('Knight', 'Nite')).toBe('phonetic');
    expect(level('Geoff', 'Jeff')).toBe('phonetic');
    expect(level('Oliver', 'Jack')).toBe('different');
    expect(level('', 'Jack')).toBe('missing');
  });

  it('knows nickname groups both ways', () => {
    expect(nicknameVariants('alfie')).toEqual(expect.arrayContaining(['alfred', 'alf']));
    expect(nicknameVariants('zebedee')).toEqual(['zebedee']);
  });

  it('spots one typo', () => {
    expect(isOneEditApart('olvia', 'olivia')).toBe(true);
    expect(isOneEditApart('chloe', 'chleo')).toBe(true);
    expect(isOneEditApart('zayan', 'raiyan')).toBe(false);
    expect(isOneTypoApart('20160314', '20160341')).toBe(true);
    expect(isOneTypoApart('20160314', '20170314')).toBe(true);
    expect(isOneTypoApart('20160314', '20170315')).toBe(false);
  });
});

describe('other comparison levels', () => {
  it('compares postcodes in full and by outward code', () => {
    const at = (postcode: string) => preparePerson({ postcode });
    expect(comparePostcodes(at('NM1 4AB'), at('nm14ab'))).toBe('full');
    expect(comparePostcodes(at('NM1 4AB'), at('NM1 7ZZ'))).toBe('outward');
    expect(comparePostcodes(at('NM1 4AB'), at('NM2 4AB'))).toBe('different');
  });

  it('compares addresses by their words, allowing a typo in a word', () => {
    const words = (address: string) => preparePerson({ address }).address;
    expect(compareAddresses(words('12 Mill Lane, Northmoor'), words('12 mill lane northmoor'))).toBe('same');
    expect(compareAddresses(words('12 Mill Lane, Northmoor'), words('12 Mill Lnae Northmoor'))).toBe('same');
    expect(compareAddresses(words('12 Mill Lane, Northmoor'), words('12 Mill Lane'))).toBe('similar');
    expect(compareAddresses(words('12 Mill Lane, Northmoor'), words('4 Quarry Road, Leeds'))).toBe(
      'different'
    );
  });

  it('compares NHS numbers, telling a typo from another valid number', () => {
    const id = (nhsNumber: string) => preparePerson({ nhsNumber }).identifier;
    expect(compareIdentifiers(id('943 476 5919'), id('9434765919'))).toBe('exact');
    expect(compareIdentifiers(id('9434765919'), id('9434765910'))).toBe('oneDigit');
    expect(compareIdentifiers(id('9434765919'), id('9990000026'))).toBe('different');
    expect(compareIdentifiers(id('1804974'), id('1804974'))).toBe('exactUnverified');
    expect(compareIdentifiers(id('1804974'), id('6089216'))).toBe('differentUnverified');
  });
});

describe('isTwoSlipsApart', () => {
  const apart = (a: string, b: string) => isTwoSlipsApart(parseDate(a), parseDate(b));

  it('accepts a date written wrongly once or twice', () => {
    expect(apart('2016-03-14', '2016-03-16')).toBe(true); // two days
    expect(apart('2016-03-14', '2015-03-15')).toBe(true); // a year and a day
    expect(apart('2016-03-14', '2026-03-15')).toBe(true); // a digit and a day
    expect(apart('2016-03-14', '2016-04-16')).toBe(true); // a month and two days
    expect(apart('2016-03-04', '2015-04-03')).toBe(true); // day and month swapped, and a year
  });

  it('refuses dates further apart, and missing ones', () => {
    expect(apart('2016-03-14', '1986-07-04')).toBe(false); // a generation: a parent of the same name
    expect(apart('2016-03-14', '2018-06-01')).toBe(false); // a younger brother
    expect(apart('2016-03-14', '2016-09-25')).toBe(false);
    expect(isTwoSlipsApart(parseDate('2016-03-14'), undefined)).toBe(false);
  });
});

describe('isSpellingVariant', () => {
  const variant = (a: string, b: string) => isSpellingVariant(prepareName(a), prepareName(b));

  it('is one name spelt two ways that sound the same', () => {
    for (const [a, b] of [
      ['Sophie', 'Sofie'],
      ['Jodie', 'Jody'],
      ['Hannah', 'Hanna'],
      ['Corey', 'Korey'],
      ['Rebecca', 'Rebeca'],
      ['Charlie', 'Charly'],
      ['Stephanie', 'Stefanie'],
      ['Mary Ellen', 'Mary Elen'],
    ] as const) {
      expect(variant(a, b), `${a} ${b}`).toBe(true);
    }
  });

  it('is not two names, however alike, nor one name written the same way', () => {
    for (const [a, b] of [
      ['Alfie', 'Albie'],
      ['Ava', 'Eva'],
      ['Zayan', 'Ayaan'],
      ['Lily', 'Libby'],
      ['Louie', 'Louise'],
      ['Maria', 'Mary'],
      ['Oliver', 'Oliver'],
      ['Mary Ellen', 'Mary'],
    ] as const) {
      expect(variant(a, b), `${a} ${b}`).toBe(false);
    }
    expect(isSpellingVariant(undefined, prepareName('Sophie'))).toBe(false);
  });
});
