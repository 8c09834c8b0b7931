import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import type { ContactInput, OtherPersonInput } from './contact-input.ts';
import { addOtherPerson, recordContact } from './record-contact.ts';

let database: TestDatabase;
const NOW = new Date('2026-11-20T10:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const adult = (givenName: string, role: OtherPersonInput['role']): OtherPersonInput => ({
  givenName,
  familyName: 'Oxhey',
  role,
});

function contact(children: ContactInput['children'], otherPeople: OtherPersonInput[]): ContactInput {
  return {
    receivedAt: NOW,
    channel: 'phone',
    referralSource: '2A',
    referrer: { name: 'Ms A Teacher', isProfessional: true },
    address: { line1: '4 Quarry Row', town: 'Northmoor', postcode: 'NM1 4QR' },
    children,
    otherPeople,
    concernCodes: ['18C'],
    presentingConcerns: 'Both children came to school hungry again this week.',
    consent: { status: 'given' },
    immediateRisk: false,
  };
}

async function record(input: ContactInput) {
  return database.db
    .transaction()
    .execute(async (trx) =>
      recordContact(trx, input, { recordedBy: null, now: NOW, settings: await councilSettings(trx) })
    );
}

async function householdOfContact(contactId: number) {
  const row = await database.db
    .selectFrom('contact')
    .where('id', '=', contactId)
    .select('household_id')
    .executeTakeFirstOrThrow();
  const members = await database.db
    .selectFrom('household_member')
    .where('household_id', '=', row.household_id!)
    .select(['person_id', 'role'])
    .execute();
  return { id: row.household_id, members };
}

describe('the household of the people named on a contact', () => {
  it('puts a new family’s children, parent and household member in one new household, not the person alleged to cause harm', async () => {
    const recorded = await record(
      contact(
        [
          { details: { givenName: 'Pell', familyName: 'Oxhey' }, resolution: { kind: 'create' } },
          { details: { givenName: 'Wren', familyName: 'Oxhey' }, resolution: { kind: 'create' } },
        ],
        [
          adult('Marla', 'parent_or_carer'),
          adult('Dunstan', 'household_member'),
          adult('Rook', 'adult_of_concern'),
        ]
      )
    );
    const [pell, wren, marla, dunstan, rook] = recorded.createdPersonIds;
    const household = await householdOfContact(recorded.contactId);
    expect(household.id).not.toBeNull();
    expect(household.members).toEqual(
      expect.arrayContaining([
        { person_id: pell, role: 'child' },
        { person_id: wren, role: 'child' },
        { person_id: marla, role: 'parent' },
        { person_id: dunstan, role: 'other_adult' },
      ])
    );
    expect(household.members).toHaveLength(4);
    expect(household.members.map((member) => member.person_id)).not.toContain(rook);
  });

  it('adds a new sibling and a parent to the household a known child already lives in, and a person named later too', async () => {
    const known = await database.db
      .selectFrom('household_member')
      .where('role', '=', 'child')
      .select(['household_id', 'person_id'])
      .orderBy('household_id')
      .executeTakeFirstOrThrow();
    const recorded = await record(
      contact(
        [
          { details: { givenName: 'Newborn', familyName: 'Oxhey' }, resolution: { kind: 'create' } },
          {
            details: { givenName: 'Known', familyName: 'Child' },
            resolution: { kind: 'link', personId: known.person_id },
          },
        ],
        [adult('Stepdad', 'parent_or_carer')]
      )
    );
    const household = await householdOfContact(recorded.contactId);
    expect(household.id).toBe(known.household_id);
    const [newborn, stepdad] = recorded.createdPersonIds;
    expect(household.members).toEqual(
      expect.arrayContaining([
        { person_id: newborn, role: 'child' },
        { person_id: stepdad, role: 'parent' },
        { person_id: known.person_id, role: 'child' },
      ])
    );
    const lodger = await database.db.transaction().execute(async (trx) =>
      addOtherPerson(trx, recorded.contactId, adult('Lodger', 'household_member'), null, {
        recordedBy: null,
        now: NOW,
        settings: await councilSettings(trx),
      })
    );
    expect((await householdOfContact(recorded.contactId)).members).toContainEqual({
      person_id: lodger,
      role: 'other_adult',
    });
  });
});
