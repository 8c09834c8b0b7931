import { beforeEach, describe, expect, it } from 'vitest';
import { familyThemes, ordinal, type FamilyConcern } from './family-themes.ts';

const TODAY = '2026-11-20';
const CHILD = 1;
const SISTER = 2;
const BROTHER = 3;

let nextContactId = 1;
beforeEach(() => {
  nextContactId = 1;
});

/** One contact naming `people`, each with every one of `codes`. */
function contact(
  receivedOn: string,
  people: number[],
  codes: string[],
  from: { channel: string; referralSource: string } = { channel: 'phone', referralSource: '2A' }
): FamilyConcern[] {
  const contactId = nextContactId++;
  return people.flatMap((personId) =>
    codes.map((factorCode) => ({
      contactId,
      receivedOn,
      ...from,
      personId,
      isSubject: personId === CHILD,
      factorCode,
    }))
  );
}

function policeNotification(receivedOn: string, people: number[], codes = ['3B']): FamilyConcern[] {
  return contact(receivedOn, people, codes, { channel: 'police_notification', referralSource: '6' });
}

describe('familyThemes', () => {
  it('finds nothing in an empty history, or in a single contact however many children it names', () => {
    expect(familyThemes([], TODAY)).toEqual([]);
    expect(familyThemes(contact('2026-10-01', [CHILD, SISTER, BROTHER], ['16A']), TODAY)).toEqual([]);
  });

  it('counts the third police domestic abuse notification in 12 months for the household, high', () => {
    const concerns = [
      ...policeNotification('2026-01-10', [CHILD, SISTER]),
      ...policeNotification('2026-06-02', [SISTER]),
      ...policeNotification('2026-11-18', [CHILD, SISTER], ['3B', '3A']),
    ];
    expect(familyThemes(concerns, TODAY)).toEqual([
      {
        theme: 'domestic_abuse',
        severity: 'high',
        headline: '3rd domestic abuse notification for this household in 12 months',
        detail: 'This child was named in 2 of the 3 notifications. Last raised 18 November 2026.',
        count: 3,
        people: 2,
        windowMonths: 12,
        lastRaisedOn: '2026-11-18',
      },
    ]);
  });

  it('shows a second notification in 12 months as medium', () => {
    const concerns = [
      ...policeNotification('2026-03-01', [CHILD]),
      ...policeNotification('2026-09-01', [CHILD]),
    ];
    expect(familyThemes(concerns, TODAY)[0]).toMatchObject({
      severity: 'medium',
      headline: '2nd domestic abuse notification for this household in 12 months',
      detail: 'This child was named each time. Last raised 1 September 2026.',
    });
  });

  it('counts police notifications apart from other domestic abuse contacts, whichever way the police sent them', () => {
    const concerns = [
      ...policeNotification('2026-02-01', [CHILD]),
      ...contact('2026-04-01', [CHILD], ['3C'], { channel: 'phone', referralSource: '6' }),
      ...contact('2026-05-01', [CHILD], ['3B'], { channel: 'email', referralSource: '2A' }),
      ...contact('2026-07-01', [CHILD], ['3B'], { channel: 'phone', referralSource: '3B' }),
    ];
    expect(familyThemes(concerns, TODAY)[0]).toMatchObject({
      severity: 'high',
      headline: '2nd domestic abuse notification for this household in 12 months',
      detail:
        'This child was named each time. Also raised in 2 other contacts in that time. Last raised 1 July 2026.',
      count: 2,
    });
  });

  it('counts a notification exactly 12 months ago, but not one the day before', () => {
    const recent = policeNotification('2026-06-01', [CHILD]);
    expect(familyThemes([...policeNotification('2025-11-20', [CHILD]), ...recent], TODAY)[0]?.headline).toBe(
      '2nd domestic abuse notification for this household in 12 months'
    );
    expect(familyThemes([...policeNotification('2025-11-19', [CHILD]), ...recent], TODAY)).toEqual([]);
  });

  it('sees neglect raised across siblings over 2 years, naming the longer window when it adds contacts', () => {
    const concerns = [
      ...contact('2025-02-10', [CHILD], ['16A']),
      ...contact('2025-09-01', [SISTER], ['16A', '4B']),
      ...contact('2026-03-05', [BROTHER], ['16A']),
      ...contact('2026-08-20', [CHILD], ['16A']),
    ];
    expect(familyThemes(concerns, TODAY)).toEqual([
      {
        theme: 'neglect',
        severity: 'high',
        headline: 'Neglect raised 4 times in 2 years across 3 siblings',
        detail:
          'This child was named in 2 of the 4 contacts. Of these, 2 in the last 12 months. Last raised 20 August 2026.',
        count: 4,
        people: 3,
        windowMonths: 24,
        lastRaisedOn: '2026-08-20',
      },
    ]);
  });

  it('is high at 6 contacts in 2 years, the same rate as 3 in 12 months', () => {
    const days = ['2024-12-01', '2025-01-01', '2025-03-01', '2025-05-01', '2025-07-01'];
    const five = days.flatMap((day) => contact(day, [CHILD], ['17A']));
    expect(familyThemes(five, TODAY)[0]).toMatchObject({ severity: 'medium', count: 5 });
    const six = [...five, ...contact('2026-01-01', [CHILD], ['17A'])];
    expect(familyThemes(six, TODAY)[0]).toMatchObject({
      severity: 'high',
      headline: 'Emotional abuse raised 6 times in 2 years',
    });
  });

  it('shows a theme raised twice in 12 months about one child, as medium', () => {
    const concerns = [...contact('2026-01-05', [CHILD], ['10A']), ...contact('2026-10-30', [CHILD], ['10A'])];
    expect(familyThemes(concerns, TODAY)[0]).toMatchObject({
      theme: 'missing',
      severity: 'medium',
      headline: 'Going missing raised 2 times in 12 months',
      windowMonths: 12,
    });
  });

  it('needs 3 contacts over 2 years about one child, or 2 about different children', () => {
    const twiceLastYear = [
      ...contact('2024-12-01', [CHILD], ['16A']),
      ...contact('2025-06-01', [CHILD], ['16A']),
    ];
    expect(familyThemes(twiceLastYear, TODAY)).toEqual([]);
    const aboutTwoChildren = [
      ...contact('2024-12-01', [CHILD], ['16A']),
      ...contact('2025-06-01', [SISTER], ['16A']),
    ];
    expect(familyThemes(aboutTwoChildren, TODAY)[0]).toMatchObject({
      severity: 'medium',
      headline: 'Neglect raised 2 times in 2 years across 2 siblings',
      detail:
        'This child was named in 1 of the 2 contacts. None in the last 12 months. Last raised 1 June 2025.',
    });
    const threeTimes = [...twiceLastYear, ...contact('2025-09-01', [CHILD], ['16A'])];
    expect(familyThemes(threeTimes, TODAY)[0]?.headline).toBe('Neglect raised 3 times in 2 years');
  });

  it('counts a contact exactly 24 months ago, but not one the day before', () => {
    const later = [...contact('2025-06-01', [CHILD], ['16A']), ...contact('2025-09-01', [CHILD], ['16A'])];
    expect(familyThemes([...contact('2024-11-20', [CHILD], ['16A']), ...later], TODAY)).toHaveLength(1);
    expect(familyThemes([...contact('2024-11-19', [CHILD], ['16A']), ...later], TODAY)).toEqual([]);
  });

  it('measures 12 months across 29 February', () => {
    const concerns = [...contact('2024-02-29', [CHILD], ['17A']), ...contact('2024-12-01', [CHILD], ['17A'])];
    expect(familyThemes(concerns, '2025-02-28')[0]?.headline).toBe(
      'Emotional abuse raised 2 times in 12 months'
    );
    expect(familyThemes(concerns, '2025-03-01')).toEqual([]);
  });

  it('counts one contact once, however many codes of the theme it carries', () => {
    const concerns = [
      ...contact('2026-05-01', [CHILD], ['18B', '18C']),
      ...contact('2026-06-01', [CHILD], ['18A']),
    ];
    expect(familyThemes(concerns, TODAY)[0]).toMatchObject({ theme: 'physical_abuse', count: 2 });
  });

  it('says when a theme was raised only about others in the household', () => {
    const concerns = [
      ...contact('2026-05-01', [SISTER], ['13A']),
      ...contact('2026-06-01', [BROTHER], ['24A']),
    ];
    expect(familyThemes(concerns, TODAY)[0]).toMatchObject({
      theme: 'exploitation',
      headline: 'Exploitation raised 2 times in 12 months across 2 siblings',
      detail: 'Raised about others in the household, not this child. Last raised 1 June 2026.',
    });
  });

  it.each([
    ['3A', 'domestic_abuse'],
    ['3C', 'domestic_abuse'],
    ['16A', 'neglect'],
    ['17A', 'emotional_abuse'],
    ['18B', 'physical_abuse'],
    ['19A', 'sexual_abuse'],
    ['19C', 'sexual_abuse'],
    ['4B', 'mental_health'],
    ['1A', 'substance_misuse'],
    ['2C', 'substance_misuse'],
    ['11A', 'exploitation'],
    ['12A', 'exploitation'],
    ['10A', 'missing'],
    ['15A', 'self_harm'],
  ])('groups factor %s into %s', (code, theme) => {
    const concerns = [...contact('2026-05-01', [CHILD], [code]), ...contact('2026-06-01', [CHILD], [code])];
    expect(familyThemes(concerns, TODAY).map((found) => found.theme)).toEqual([theme]);
  });

  it('groups alcohol and drug misuse together, and ignores factors that are not themes', () => {
    const concerns = [
      ...contact('2026-05-01', [CHILD], ['1B', '5A', '21']),
      ...contact('2026-06-01', [CHILD], ['2B', '6B', '20']),
    ];
    expect(familyThemes(concerns, TODAY)).toMatchObject([
      { theme: 'substance_misuse', headline: 'Alcohol or drug misuse raised 2 times in 12 months' },
    ]);
  });

  it('puts a high theme in 12 months before a high one over 2 years with more contacts', () => {
    const concerns = [
      ...contact('2025-01-01', [CHILD], ['16A']),
      ...contact('2025-02-01', [SISTER], ['16A']),
      ...contact('2025-03-01', [BROTHER], ['16A']),
      ...contact('2026-01-01', [CHILD], ['16A']),
      ...policeNotification('2026-04-01', [CHILD]),
      ...policeNotification('2026-05-01', [CHILD]),
      ...policeNotification('2026-06-01', [CHILD]),
    ];
    expect(
      familyThemes(concerns, TODAY).map((theme) => [theme.theme, theme.count, theme.windowMonths])
    ).toEqual([
      ['domestic_abuse', 3, 12],
      ['neglect', 4, 24],
    ]);
  });

  it('puts high themes first, then the most contacts, then the most recent', () => {
    const concerns = [
      ...contact('2026-02-01', [CHILD], ['4B']),
      ...contact('2026-03-01', [CHILD], ['4B', '1B']),
      ...contact('2026-04-01', [CHILD], ['1B']),
      ...contact('2026-05-01', [CHILD], ['16A']),
      ...contact('2026-06-01', [CHILD], ['16A']),
      ...contact('2026-07-01', [CHILD], ['16A']),
    ];
    expect(familyThemes(concerns, TODAY).map((theme) => [theme.theme, theme.severity])).toEqual([
      ['neglect', 'high'],
      ['substance_misuse', 'medium'],
      ['mental_health', 'medium'],
    ]);
  });
});

describe('ordinal', () => {
  it('writes English ordinals, teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
      '112th',
    ]);
  });
});

describe('familyThemes with professional consultations (issue 15, item 14)', () => {
  /** A consultation about `personId`; its id may equal a contact's, and is still a separate event. */
  function consultation(id: number, receivedOn: string, personId: number, codes: string[]): FamilyConcern[] {
    return codes.map((factorCode) => ({
      contactId: id,
      receivedOn,
      channel: 'consultation',
      referralSource: '',
      personId,
      isSubject: personId === CHILD,
      factorCode,
      consultation: true,
    }));
  }

  it('counts a consultation as a raising of the worry, says how many there were, and keeps ids apart', () => {
    const concerns = [
      ...contact('2026-09-01', [CHILD], ['16A']),
      ...consultation(1, '2026-11-02', CHILD, ['16A']),
    ];
    const [theme] = familyThemes(concerns, TODAY);
    expect(theme).toMatchObject({ theme: 'neglect', count: 2, severity: 'medium' });
    expect(theme!.detail).toBe(
      'This child was named each time. Includes 1 professional consultation. Last raised 2 November 2026.'
    );
  });

  it('never counts a consultation as a police notification', () => {
    const concerns = [
      ...consultation(7, '2026-10-01', CHILD, ['3B']),
      ...consultation(8, '2026-11-01', CHILD, ['3B']),
    ];
    const [theme] = familyThemes(concerns, TODAY);
    expect(theme!.headline).toBe('Domestic abuse raised 2 times in 12 months');
  });
});
