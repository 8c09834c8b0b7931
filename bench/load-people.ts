/** Bulk-loads generated people (and their addresses) into an empty Front Door database. */
import { sql } from 'kysely';
import { insertRows, withIndexesAndForeignKeysDeferred } from '../src/platform/db/bulk-insert.ts';
import type { Db } from '../src/platform/db/database.ts';
import type { LabelledRecord } from './english-set.ts';

interface AddressRow {
  id: number;
  line1: string;
  line2: string | null;
  town: string;
  postcode: string;
}

/** Loads people with ids 1…n in order (person i is people[i - 1]). */
export async function loadPeople(db: Db, people: readonly LabelledRecord[]): Promise<void> {
  const addresses = new Map<string, AddressRow>();
  const addressIds = people.map((person) => {
    const key = `${person.address}|${person.postcode}`;
    let row = addresses.get(key);
    if (!row) {
      const parts = (person.address ?? '').split(', ');
      const town = parts.length > 1 ? (parts.pop() as string) : 'Northmoor';
      row = {
        id: addresses.size + 1,
        line1: parts[0] ?? '',
        line2: parts[1] ?? null,
        town,
        postcode: person.postcode ?? '',
      };
      addresses.set(key, row);
    }
    return row.id;
  });
  await db.transaction().execute((trx) =>
    withIndexesAndForeignKeysDeferred(trx, ['address', 'person'], async () => {
      await insertRows(
        trx,
        'address',
        [
          { name: 'id', type: 'int', value: (row: AddressRow) => row.id },
          { name: 'line1', type: 'text', value: (row) => row.line1 },
          { name: 'line2', type: 'text', value: (row) => row.line2 },
          { name: 'town', type: 'text', value: (row) => row.town },
          { name: 'postcode', type: 'text', value: (row) => row.postcode },
        ],
        [...addresses.values()],
        { explicitIds: true }
      );
      const rows = people.map((person, at) => ({ person, id: at + 1, addressId: addressIds[at] as number }));
      await insertRows(
        trx,
        'person',
        [
          { name: 'id', type: 'int', value: (row: (typeof rows)[number]) => row.id },
          { name: 'given_name', type: 'text', value: (row) => row.person.givenName ?? '' },
          { name: 'family_name', type: 'text', value: (row) => row.person.familyName ?? '' },
          {
            name: 'previous_family_names',
            type: 'text[]',
            value: (row) => row.person.previousFamilyNames ?? [],
          },
          { name: 'date_of_birth', type: 'date', value: (row) => row.person.dateOfBirth ?? null },
          { name: 'sex', type: 'text', value: (row) => row.person.sex ?? 'U' },
          { name: 'nhs_number', type: 'text', value: (row) => row.person.nhsNumber ?? null },
          { name: 'address_id', type: 'int', value: (row) => row.addressId },
        ],
        rows,
        { explicitIds: true }
      );
    })
  );
  await sql`analyze`.execute(db);
}
