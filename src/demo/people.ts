/**
 * The demo population: households at addresses in the borough, each with one or two parents or
 * carers and one to five children (siblings, some half-siblings with another surname, some twins),
 * plus a few unborn babies. Pure: the same Random gives the same people.
 */
import { nhsCheckDigit } from '../shared/nhs-number.ts';
import {
  childEthnicity,
  childGivenName,
  middleName,
  pickHeritage,
  pickPartnerHeritage,
  pickSurname,
  surnameFor,
  womansOwnSurname,
  adultGivenName,
  type Heritage,
  type Sex,
} from './names.ts';
import { AddressBook, type Address } from './places.ts';
import { weightedTable, type Random } from '../shared/random.ts';

export interface PersonPlan {
  givenName: string;
  middleNames: string | null;
  familyName: string;
  previousFamilyNames: string[];
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: Sex | 'U';
  ethnicity: string | null;
  nhsNumber: string | null;
  language: string | null;
  addressIndex: number;
  restricted: boolean;
  restrictionReason: string | null;
}

export type MemberRole = 'child' | 'parent' | 'carer' | 'other_adult';

export interface HouseholdPlan {
  readonly addressIndex: number;
  readonly localityIndex: number;
  /** Indexes into `people`: children (born and unborn) and adults. */
  readonly children: number[];
  readonly adults: { person: number; role: MemberRole }[];
}

export interface Population {
  readonly addresses: Address[];
  readonly households: HouseholdPlan[];
  readonly people: PersonPlan[];
  /** Children under 18 who have been born (unborn babies are people but not yet children). */
  readonly childCount: number;
  /** Indexes of people whose records are restricted to named staff. */
  readonly restricted: number[];
}

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

const CHILDREN_PER_HOUSEHOLD = weightedTable([
  [1, 42],
  [2, 36],
  [3, 15],
  [4, 5],
  [5, 2],
]);

type Shape = 'two_parents' | 'single_mother' | 'single_father' | 'kinship_carer';
const HOUSEHOLD_SHAPES = weightedTable<Shape>([
  ['two_parents', 68],
  ['single_mother', 25],
  ['single_father', 3.5],
  ['kinship_carer', 3.5],
]);

const RESTRICTION_REASONS = [
  'Relative of a member of children’s services staff',
  'Family of a councillor: restricted by the Head of Service',
  'Adoptive placement: address must not be disclosed',
  'Subject of a high-profile police investigation',
  'Family member works in the Front Door (MASH)',
];

/** Builds households until there are `children` children; deterministic for a given Random and `now`. */
export function generatePopulation(random: Random, children: number, now: Date): Population {
  const builder = new PopulationBuilder(random, now, children);
  while (builder.childCount < children) builder.addHousehold(children - builder.childCount);
  return builder.finish();
}

class PopulationBuilder {
  readonly addresses: Address[] = [];
  readonly households: HouseholdPlan[] = [];
  readonly people: PersonPlan[] = [];
  childCount = 0;
  private readonly addressBook: AddressBook;
  private readonly nhsNumbers: NhsNumberSource;

  constructor(
    private readonly random: Random,
    private readonly now: Date,
    expectedChildren: number
  ) {
    this.addressBook = new AddressBook(random, Math.ceil(expectedChildren / 1.9));
    this.nhsNumbers = new NhsNumberSource(random);
  }

  addHousehold(childrenStillNeeded: number): void {
    const random = this.random;
    const address = this.addressBook.next();
    const addressIndex = this.addresses.push(address) - 1;
    const household: HouseholdPlan = {
      addressIndex,
      localityIndex: address.localityIndex,
      children: [],
      adults: [],
    };
    this.households.push(household);

    const ages = siblingAges(random, Math.min(random.weighted(CHILDREN_PER_HOUSEHOLD), childrenStillNeeded));
    const shape = random.weighted(HOUSEHOLD_SHAPES);
    const motherHeritage = pickHeritage(random);
    const fatherHeritage = pickPartnerHeritage(random, motherHeritage);
    const fatherSurname = pickSurname(random, fatherHeritage);
    let maidenSurname = pickSurname(random, motherHeritage);
    if (maidenSurname === fatherSurname) maidenSurname = pickSurname(random, motherHeritage);
    const eldestAge = ages[0] as number;
    const motherAge = eldestAge + random.between(18, 38);

    const parentsShareSurname = shape === 'two_parents' && random.chance(0.55);
    const motherFamilyName =
      womansOwnSurname(random, motherHeritage) ??
      surnameFor(parentsShareSurname ? fatherSurname : maidenSurname, 'F');
    const motherPrevious =
      parentsShareSurname && maidenSurname !== fatherSurname ? [surnameFor(maidenSurname, 'F')] : [];
    const hasMother = shape === 'two_parents' || shape === 'single_mother';
    const hasFather = shape === 'two_parents' || shape === 'single_father';
    if (hasMother) {
      this.addAdult(household, 'parent', motherHeritage, 'F', motherAge, motherFamilyName, motherPrevious);
    }
    if (hasFather) {
      const fatherAge = Math.max(18, motherAge + random.normal(2.5, 3));
      this.addAdult(household, 'parent', fatherHeritage, 'M', fatherAge, surnameFor(fatherSurname, 'M'), []);
    }
    if (shape === 'kinship_carer') {
      const sex: Sex = random.chance(0.85) ? 'F' : 'M';
      const carerSurname = surnameFor(random.chance(0.5) ? maidenSurname : fatherSurname, sex);
      this.addAdult(
        household,
        'carer',
        motherHeritage,
        sex,
        motherAge + random.between(20, 30),
        carerSurname,
        []
      );
    }
    if (shape === 'single_mother' && random.chance(0.25)) {
      const partnerHeritage = pickPartnerHeritage(random, motherHeritage);
      const partnerSurname = surnameFor(pickSurname(random, partnerHeritage), 'M');
      this.addAdult(
        household,
        'other_adult',
        partnerHeritage,
        'M',
        motherAge + random.normal(2, 4),
        partnerSurname,
        []
      );
    }

    // Children mostly take their father's surname; some take their mother's, a few a double-barrelled name.
    const scheme =
      shape === 'single_mother' && random.chance(0.45)
        ? 'mother'
        : shape === 'two_parents' && !parentsShareSurname && random.chance(0.08)
          ? 'double'
          : 'father';
    const childSurname = (sex: Sex): string =>
      scheme === 'mother'
        ? surnameFor(maidenSurname, sex)
        : scheme === 'double'
          ? `${surnameFor(maidenSurname, 'F')}-${surnameFor(fatherSurname, sex)}`
          : surnameFor(fatherSurname, sex);
    // Older half-siblings from the mother's earlier relationship carry that father's surname.
    const halfSiblings =
      ages.length > 1 && hasMother && random.chance(0.18) ? random.int(1, ages.length - 1) : 0;
    const earlierHeritage = pickPartnerHeritage(random, motherHeritage);
    const earlierSurname = pickSurname(random, earlierHeritage);
    let previous: { age: number; givenName: string; birthOrder: number } | undefined;
    ages.forEach((age, index) => {
      const sex: Sex = random.chance(0.51) ? 'M' : 'F';
      const twin = previous?.age === age ? previous : undefined;
      // Twins share everything about their parentage, so they count as the same birth.
      const birthOrder = twin?.birthOrder ?? index;
      const halfSibling = birthOrder < halfSiblings;
      const familyName = halfSibling ? surnameFor(earlierSurname, sex) : childSurname(sex);
      const father = halfSibling ? earlierHeritage : hasFather ? fatherHeritage : null;
      const child = this.addChild(household, motherHeritage, father, sex, age, familyName, twin?.givenName);
      previous = { age, givenName: child.givenName, birthOrder };
    });
    if (hasMother && motherAge - eldestAge < 42 && random.chance(0.005)) {
      this.addUnborn(household, motherFamilyName);
    }
  }

  finish(): Population {
    const restricted = this.restrictSomeRecords();
    return {
      addresses: this.addresses,
      households: this.households,
      people: this.people,
      childCount: this.childCount,
      restricted,
    };
  }

  private addAdult(
    household: HouseholdPlan,
    role: MemberRole,
    heritage: Heritage,
    sex: Sex,
    age: number,
    familyName: string,
    previousFamilyNames: string[]
  ): void {
    const person = this.addPerson({
      givenName: adultGivenName(this.random, heritage, sex),
      middleNames: null,
      familyName,
      previousFamilyNames,
      dateOfBirth: this.dateYearsAgo(age),
      expectedDateOfBirth: null,
      sex,
      ethnicity: this.random.weighted(heritage.ethnicity),
      nhsNumber: this.random.chance(0.88) ? this.nhsNumbers.next() : null,
      language: heritage.language && this.random.chance(0.45) ? heritage.language : 'English',
      addressIndex: household.addressIndex,
      restricted: false,
      restrictionReason: null,
    });
    household.adults.push({ person, role });
  }

  private addChild(
    household: HouseholdPlan,
    mother: Heritage,
    father: Heritage | null,
    sex: Sex,
    age: number,
    familyName: string,
    twinGivenName: string | undefined
  ): PersonPlan {
    const dateOfBirth = this.dateYearsAgo(age);
    const birthYear = Number(dateOfBirth.slice(0, 4));
    const nameHeritage = father && this.random.chance(0.5) ? father : mother;
    let givenName = childGivenName(this.random, nameHeritage, sex, birthYear);
    // Twins never share a given name.
    while (givenName === twinGivenName) givenName = childGivenName(this.random, nameHeritage, sex, birthYear);
    const plan: PersonPlan = {
      givenName,
      middleNames: middleName(this.random, nameHeritage, sex, birthYear, givenName),
      familyName,
      previousFamilyNames: [],
      dateOfBirth,
      expectedDateOfBirth: null,
      sex,
      ethnicity: childEthnicity(this.random, mother, father),
      nhsNumber: this.random.chance(0.97) ? this.nhsNumbers.next() : null,
      language: mother.language && this.random.chance(0.2) ? mother.language : 'English',
      addressIndex: household.addressIndex,
      restricted: false,
      restrictionReason: null,
    };
    household.children.push(this.addPerson(plan));
    this.childCount++;
    return plan;
  }

  private addUnborn(household: HouseholdPlan, familyName: string): void {
    const due = new Date(this.now.getTime() + this.random.int(14, 200) * DAY_MS);
    const person = this.addPerson({
      givenName: 'Unborn',
      middleNames: null,
      familyName,
      previousFamilyNames: [],
      dateOfBirth: null,
      expectedDateOfBirth: isoDate(due),
      sex: 'U',
      ethnicity: null,
      nhsNumber: null,
      language: null,
      addressIndex: household.addressIndex,
      restricted: false,
      restrictionReason: null,
    });
    household.children.push(person);
  }

  private addPerson(plan: PersonPlan): number {
    return this.people.push(plan) - 1;
  }

  private dateYearsAgo(years: number): string {
    return isoDate(new Date(this.now.getTime() - Math.floor(years * YEAR_DAYS) * DAY_MS - DAY_MS));
  }

  /** A handful of families (about one in 10,000 children's) whose records only named staff may see. */
  private restrictSomeRecords(): number[] {
    const families = Math.min(Math.max(2, Math.round(this.childCount / 10_000)), this.households.length);
    const chosen = new Set<number>();
    for (let restrictedFamilies = 0; restrictedFamilies < families;) {
      const household = this.random.pick(this.households);
      if (household.children.some((child) => chosen.has(child))) continue;
      restrictedFamilies++;
      const reason = this.random.pick(RESTRICTION_REASONS);
      // Restricting one child of a family restricts the whole family.
      for (const member of [...household.children, ...household.adults.map((adult) => adult.person)]) {
        chosen.add(member);
        Object.assign(this.people[member] as PersonPlan, { restricted: true, restrictionReason: reason });
      }
    }
    return [...chosen].sort((a, b) => a - b);
  }
}

/**
 * Ages (in years, eldest first) of a family's children: gaps of one to four and a half years, and
 * sometimes twins (a gap of zero).
 */
function siblingAges(random: Random, count: number): number[] {
  const gaps = Array.from({ length: count - 1 }, () => (random.chance(0.03) ? 0 : random.between(1, 4.5)));
  const span = gaps.reduce((sum, gap) => sum + gap, 0);
  const scale = span > 17 ? 17 / span : 1;
  const eldest = random.between(span * scale, 17.97);
  const ages = [eldest];
  for (const gap of gaps) ages.push((ages.at(-1) as number) - gap * scale);
  return ages;
}

export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** NHS numbers in the 999 range, which the NHS never issues to patients, with valid check digits. */
class NhsNumberSource {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  next(): string {
    for (;;) {
      const stem = `999${String(this.random.int(0, 999_999)).padStart(6, '0')}`;
      const check = nhsCheckDigit(stem);
      if (check === null) continue;
      const number = `${stem}${check}`;
      if (this.used.has(number)) continue;
      this.used.add(number);
      return number;
    }
  }
}
