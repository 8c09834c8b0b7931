import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../shared/nhs-number.ts';
import { Random, weightedTable } from '../shared/random.ts';
import { generateDemoCouncil, type DemoCouncil } from './seed-demo-council.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const DAY_MS = 86_400_000;

const small = () =>
  generateDemoCouncil({ seed: 11, children: 1500, contactsPerYear: 800, years: 2, now: NOW });

// Same ratio of contacts to children as the default council (20,000 a year for 60,000 children).
let moderateCouncil: DemoCouncil | undefined;
const moderate = () =>
  (moderateCouncil ??= generateDemoCouncil({
    seed: 3,
    children: 9000,
    contactsPerYear: 3000,
    years: 2,
    now: NOW,
  }));

describe('the seeded random generator', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps integers within bounds and follows weights', () => {
    const random = new Random(1);
    const table = weightedTable([
      ['rare', 1],
      ['common', 9],
    ]);
    let common = 0;
    for (let i = 0; i < 10_000; i++) {
      const value = random.int(3, 5);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(5);
      if (random.weighted(table) === 'common') common++;
    }
    expect(common / 10_000).toBeCloseTo(0.9, 1);
  });
});

describe('the generated demo council', () => {
  it('is the same for the same seed', () => {
    const [first, second] = [small(), small()];
    expect(JSON.stringify(second.population.people)).toBe(JSON.stringify(first.population.people));
    expect(JSON.stringify(second.history.contacts)).toBe(JSON.stringify(first.history.contacts));
    expect(JSON.stringify(second.history.decisions)).toBe(JSON.stringify(first.history.decisions));
    const other = generateDemoCouncil({ seed: 12, children: 1500, contactsPerYear: 800, years: 2, now: NOW });
    expect(JSON.stringify(other.population.people)).not.toBe(JSON.stringify(first.population.people));
  });

  it('has exactly the requested number of children, aged 0 to 17, plus a few unborn babies', () => {
    const { population } = moderate();
    const born = population.people.filter((person) => person.dateOfBirth !== null);
    expect(population.childCount).toBe(9000);
    const children = population.households.flatMap((household) => household.children);
    const unborn = children.filter((child) => population.people[child]?.expectedDateOfBirth);
    expect(children.length - unborn.length).toBe(9000);
    expect(unborn.length).toBeGreaterThan(0);
    for (const child of unborn)
      expect(population.people[child]).toMatchObject({ sex: 'U', dateOfBirth: null });
    const ages = children.flatMap((child) => {
      const dateOfBirth = population.people[child]?.dateOfBirth;
      return dateOfBirth ? [(NOW.getTime() - Date.parse(dateOfBirth)) / (365.25 * DAY_MS)] : [];
    });
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThan(18);
    expect(born.length).toBeGreaterThan(population.childCount); // parents and carers too
  });

  it('gives NHS numbers in the never-issued 999 range with valid check digits, unique, for most people', () => {
    const { people } = moderate().population;
    const numbers = people.flatMap((person) => (person.nhsNumber ? [person.nhsNumber] : []));
    expect(numbers.length / people.length).toBeGreaterThan(0.85);
    expect(numbers.length).toBeLessThan(people.length);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of numbers) {
      expect(number).toMatch(/^999\d{7}$/);
      expect(isValidNhsNumber(number)).toBe(true);
    }
  });

  it('has twins who share a date of birth and surname but not a given name', () => {
    const { population } = moderate();
    const twins = population.households.flatMap((household) => {
      const children = household.children
        .map((child) => population.people[child]!)
        .filter((child) => child.dateOfBirth);
      return children.flatMap((child, index) =>
        children
          .slice(index + 1)
          .filter((sibling) => sibling.dateOfBirth === child.dateOfBirth)
          .map((sibling) => [child, sibling])
      );
    });
    expect(twins.length).toBeGreaterThan(20);
    // Polish surnames take the twin's gender: Kowalski and Kowalska are the same surname.
    const surname = (name: string) => name.replace(/sk[ia]$/, 'sk');
    for (const [first, second] of twins) {
      expect(surname(second!.familyName)).toBe(surname(first!.familyName));
      expect(second!.givenName).not.toBe(first!.givenName);
    }
  });

  it('has half-siblings with another surname, and a handful of restricted families', () => {
    const { population } = moderate();
    const mixedSurnames = population.households.filter(
      (household) => new Set(household.children.map((child) => population.people[child]!.familyName)).size > 1
    );
    expect(mixedSurnames.length).toBeGreaterThan(100);
    expect(population.restricted.length).toBeGreaterThan(0);
    for (const person of population.restricted)
      expect(population.people[person]?.restrictionReason).toBeTruthy();
  });

  it('turns about a fifth of contacts into referrals, about a fifth of them re-referrals within a year', () => {
    const { history } = moderate();
    const completed = history.contactChildren.filter((child) => child.status === 'completed').length;
    expect(history.referrals.length / completed).toBeGreaterThan(0.15);
    expect(history.referrals.length / completed).toBeLessThan(0.25);
    // Over the final year, when every referral has a full year of history behind it.
    const lastYear = new Date(NOW.getTime() - 365 * DAY_MS).toISOString().slice(0, 10);
    const recent = history.referrals.filter((referral) => referral.referralDate >= lastYear);
    const rereferrals = recent.filter((referral) => referral.isRereferral).length / recent.length;
    expect(rereferrals).toBeGreaterThan(0.15);
    expect(rereferrals).toBeLessThan(0.29);
  });

  it('computes re-referrals truthfully from each child’s previous referral', () => {
    const { history } = moderate();
    const previous = new Map<number, string>();
    for (const referral of history.referrals) {
      const before = previous.get(referral.personIndex);
      const yearEarlier = `${Number(referral.referralDate.slice(0, 4)) - 1}${referral.referralDate.slice(4)}`;
      const expected = before !== undefined && before >= yearEarlier.replace('-02-29', '-02-28');
      expect(referral.isRereferral).toBe(expected);
      previous.set(referral.personIndex, referral.referralDate);
    }
  });

  it('has England-like referral sources: police about a third, schools a fifth, health a seventh', () => {
    const { history } = moderate();
    const share = (match: (code: string) => boolean) =>
      history.contactChildren.filter((child) => match(history.contacts[child.contactIndex]!.source)).length /
      history.contactChildren.length;
    expect(share((code) => code === '6')).toBeGreaterThan(0.28);
    expect(share((code) => code === '6')).toBeLessThan(0.37);
    expect(share((code) => code.startsWith('2'))).toBeGreaterThan(0.16);
    expect(share((code) => code.startsWith('2'))).toBeLessThan(0.23);
    expect(share((code) => code.startsWith('3'))).toBeGreaterThan(0.11);
    expect(share((code) => code.startsWith('3'))).toBeLessThan(0.18);
    const police = history.contacts.filter((contact) => contact.source === '6');
    const notifications = police.filter((contact) => contact.channel === 'police_notification').length;
    expect(notifications / police.length).toBeGreaterThan(0.8);
  });

  it('has contacts naming several siblings, out-of-hours receipts and repeat domestic abuse notifications', () => {
    const { history } = moderate();
    const childrenPerContact = new Map<number, number>();
    for (const child of history.contactChildren) {
      childrenPerContact.set(child.contactIndex, (childrenPerContact.get(child.contactIndex) ?? 0) + 1);
    }
    expect([...childrenPerContact.values()].filter((count) => count > 1).length).toBeGreaterThan(500);
    expect(
      history.contacts.filter((contact) => contact.outOfHours).length / history.contacts.length
    ).toBeGreaterThan(0.1);
    const abuseNotifications = new Map<number, number[]>();
    for (const child of history.contactChildren) {
      const contact = history.contacts[child.contactIndex]!;
      if (contact.channel !== 'police_notification' || !['3A', '3B', '3C'].includes(child.concerns[0]!))
        continue;
      abuseNotifications.set(contact.householdIndex, [
        ...(abuseNotifications.get(contact.householdIndex) ?? []),
        contact.receivedAt.getTime(),
      ]);
    }
    const repeated = [...abuseNotifications.values()].filter((times) => {
      const sorted = [...new Set(times)].sort((a, b) => a - b);
      return sorted.some((time, index) => index >= 2 && time - sorted[index - 2]! < 365 * DAY_MS);
    });
    expect(repeated.length).toBeGreaterThan(5);
  });

  it('leaves the most recent contacts open and completes everything older than a few days', () => {
    const { history } = moderate();
    const open = history.contactChildren.filter((child) => child.status !== 'completed');
    expect(open.length).toBeGreaterThan(5);
    for (const child of history.contactChildren) {
      const received = history.contacts[child.contactIndex]!.receivedAt.getTime();
      if (received < NOW.getTime() - 3 * DAY_MS) expect(child.status).toBe('completed');
      if (child.completedAt) expect(child.completedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    for (const decision of history.decisions.filter((decision) => decision.status === 'authorised')) {
      expect(decision.proposedAt.getTime()).toBeLessThanOrEqual(decision.authorisedAt!.getTime());
    }
  });
});
