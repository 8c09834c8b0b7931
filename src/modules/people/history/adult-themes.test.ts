import { describe, expect, it } from 'vitest';
import { adultThemes, type AdultConcern } from './family-themes.ts';

const TODAY = '2026-11-20';
const CHILD = 1;
const MAN = { id: 50, name: 'Thaddeus Quillfeather', relationship: 'Partner of a parent' };

let nextContactId = 1;

/** A police notification naming `adult`, about `childId` in `householdId`. */
function notification(
  receivedOn: string,
  childId: number,
  householdId: number,
  adultId = MAN.id
): AdultConcern {
  return {
    adultId,
    householdId,
    contactId: nextContactId++,
    receivedOn,
    channel: 'police_notification',
    referralSource: '6',
    personId: childId,
    isSubject: childId === CHILD,
    factorCode: '3A',
  };
}

describe('adultThemes', () => {
  it('shows three notifications naming the same man in three households, high, on a child named in one', () => {
    const concerns = [
      notification('2026-03-01', CHILD, 10),
      notification('2026-06-01', 2, 11),
      notification('2026-10-01', 3, 12),
    ];
    const [theme, ...rest] = adultThemes(concerns, [MAN], TODAY);
    expect(rest).toEqual([]);
    expect(theme).toMatchObject({
      theme: 'domestic_abuse',
      severity: 'high',
      headline:
        '3rd domestic abuse notification naming Thaddeus Quillfeather in 12 months across 3 households',
      adult: { id: MAN.id, name: MAN.name },
      count: 3,
    });
    expect(theme!.detail).toContain('Thaddeus Quillfeather (partner of a parent) was named each time.');
    expect(theme!.detail).toContain('This child was named in 1 of the 3 notifications.');
    expect(theme!.detail).toContain('Last raised 1 October 2026.');
  });

  it('says so when none of the contacts was about this child', () => {
    const concerns = [notification('2026-06-01', 2, 11), notification('2026-10-01', 3, 12)];
    const [theme] = adultThemes(concerns, [MAN], TODAY);
    expect(theme).toMatchObject({ severity: 'medium' });
    expect(theme!.detail).toContain('None of the notifications was about this child.');
  });

  it('adds nothing the family’s own themes already say: every contact about this child', () => {
    const concerns = [notification('2026-06-01', CHILD, 10), notification('2026-10-01', CHILD, 10)];
    expect(adultThemes(concerns, [MAN], TODAY)).toEqual([]);
  });

  it('needs the theme to recur, within 2 years, and counts only the adult asked about', () => {
    expect(adultThemes([notification('2026-10-01', 2, 11)], [MAN], TODAY)).toEqual([]);
    const old = [notification('2023-06-01', 2, 11), notification('2023-10-01', 3, 12)];
    expect(adultThemes(old, [MAN], TODAY)).toEqual([]);
    const someoneElse = [notification('2026-06-01', 2, 11, 99), notification('2026-10-01', 3, 12, 99)];
    expect(adultThemes(someoneElse, [MAN], TODAY)).toEqual([]);
  });

  it('words other themes as raised in contacts naming the adult', () => {
    const neglect = (receivedOn: string, childId: number, householdId: number): AdultConcern => ({
      ...notification(receivedOn, childId, householdId),
      channel: 'phone',
      referralSource: '2A',
      factorCode: '16A',
    });
    const [theme] = adultThemes(
      [neglect('2026-05-01', 2, 11), neglect('2026-09-01', 3, 11)],
      [{ ...MAN, relationship: null }],
      TODAY
    );
    expect(theme!.headline).toBe(
      'Neglect raised 2 times in 12 months in contacts naming Thaddeus Quillfeather'
    );
    expect(theme!.detail).toContain('Thaddeus Quillfeather was named each time.');
  });
});
