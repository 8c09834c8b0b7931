/**
 * The fictional demo council and its geography. Postcodes use the outward area 'NM', which no real
 * UK postcode area uses, so a demo address can never be mistaken for a real one.
 */
import { Random, weightedTable } from '../shared/random.ts';

export const COUNCIL_NAME = 'Northmoor Borough Council';
/** A three-digit code outside the DfE's list of real local-authority codes. */
export const COUNCIL_LA_CODE = '999';

export interface LocalityPlan {
  readonly name: string;
  readonly town: string;
  readonly postcodeDistricts: readonly string[];
  /** Share of the borough's families living here. */
  readonly share: number;
}

export const LOCALITIES: readonly LocalityPlan[] = [
  { name: 'Northmoor Central', town: 'Northmoor', postcodeDistricts: ['NM1', 'NM2', 'NM3'], share: 0.32 },
  { name: 'Aldersby', town: 'Aldersby', postcodeDistricts: ['NM4', 'NM5'], share: 0.2 },
  { name: 'Coldbeck Vale', town: 'Coldbeck', postcodeDistricts: ['NM6', 'NM7'], share: 0.18 },
  { name: 'Fennick', town: 'Fennick Bridge', postcodeDistricts: ['NM8', 'NM9'], share: 0.15 },
  { name: 'Sallowmere', town: 'Sallowmere', postcodeDistricts: ['NM10', 'NM11'], share: 0.15 },
];

const STREET_STEMS = `
  Alder Ash Beech Birch Bracken Bramble Chapel Church Clover Coronation Cross Elm Fern Foundry Garden Gorse
  Hawthorn Heather High Holly Kestrel Kiln Lark Lime Linden Maple Marsh Meadow Mill Moor Oak Orchard Park
  Pennine Quarry Queen's Railway Rowan School Station Tannery Thorn Victoria Weaver's Willow Wharf Wren York
  Albion Canal Cotton Forge Granary Heron Jubilee Kingfisher Lapwing Mulberry Nightingale Primrose Salisbury
  Sycamore Tenter Wellington Bridge Brook Fold Ridge Spring Well Cherry Laurel`
  .trim()
  .split(/\s+/);
const STREET_KINDS = weightedTable<string>([
  ['Road', 10],
  ['Street', 9],
  ['Lane', 6],
  ['Avenue', 4],
  ['Close', 5],
  ['Drive', 4],
  ['Way', 3],
  ['Crescent', 3],
  ['Grove', 3],
  ['Terrace', 3],
  ['Gardens', 2],
  ['Court', 1],
  ['Place', 1],
  ['Walk', 1],
  ['Rise', 1],
  ['View', 1],
  ['Mews', 0.5],
]);
/** Inward-code letters as Royal Mail uses them (no C, I, K, M, O or V). */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export interface Address {
  readonly line1: string;
  readonly line2: string | null;
  readonly town: string;
  readonly postcode: string;
  readonly localityIndex: number;
}

interface Street {
  readonly name: string;
  readonly district: string;
  nextNumber: number;
  postcode: string;
  housesOnPostcode: number;
}

/** Hands out distinct addresses, street by street, each locality weighted by its population share. */
export class AddressBook {
  private readonly streetsByLocality: Street[][];
  private readonly localityTable = weightedTable(
    LOCALITIES.map((locality, index) => [index, locality.share] as const)
  );

  constructor(
    private readonly random: Random,
    expectedAddresses: number
  ) {
    this.streetsByLocality = LOCALITIES.map((locality) =>
      this.streetsFor(locality, Math.max(12, Math.ceil((expectedAddresses * locality.share) / 70)))
    );
  }

  next(): Address {
    const localityIndex = this.random.weighted(this.localityTable);
    const locality = LOCALITIES[localityIndex] as LocalityPlan;
    const street = this.random.pick(this.streetsByLocality[localityIndex] as Street[]);
    const number = this.advance(street);
    const house = `${number} ${street.name}`;
    // Some homes are flats in a converted house: "Flat 2", "41 Station Road".
    const [line1, line2] = this.random.chance(0.14)
      ? [`Flat ${this.random.int(1, 6)}`, house]
      : [house, null];
    return { line1, line2, town: locality.town, postcode: street.postcode, localityIndex };
  }

  private streetsFor(locality: LocalityPlan, count: number): Street[] {
    const names = new Set<string>();
    while (names.size < Math.min(count, STREET_STEMS.length * 4))
      names.add(`${this.random.pick(STREET_STEMS)} ${this.random.weighted(STREET_KINDS)}`);
    return [...names].map((name) => {
      const district = this.random.pick(locality.postcodeDistricts);
      return { name, district, nextNumber: 1, postcode: this.postcode(district), housesOnPostcode: 0 };
    });
  }

  /** The next house number on a street; a postcode covers a dozen or so neighbouring houses. */
  private advance(street: Street): number {
    const number = street.nextNumber;
    street.nextNumber += this.random.chance(0.8) ? 1 : 2;
    street.housesOnPostcode += 1;
    if (street.housesOnPostcode > 14) {
      street.postcode = this.postcode(street.district);
      street.housesOnPostcode = 0;
    }
    return number;
  }

  private postcode(district: string): string {
    const letter = () => INWARD_LETTERS[this.random.int(0, INWARD_LETTERS.length - 1)];
    return `${district} ${this.random.int(1, 9)}${letter()}${letter()}`;
  }
}

/** Schools by locality, used as referrer organisations; names are invented from the place names. */
export function schoolsOf(localityIndex: number): string[] {
  const locality = LOCALITIES[localityIndex] ?? (LOCALITIES[0] as LocalityPlan);
  return [
    `${locality.town} Primary School`,
    `St Mary's ${locality.town} C of E Primary School`,
    `${locality.name} Academy`,
    `${locality.town} High School`,
    `Our Lady's Catholic Primary School, ${locality.town}`,
    `${locality.town} Nursery and Children's Centre`,
  ];
}
