import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import type { HouseholdMemberTable } from '../../platform/db/schema.ts';
import type { OtherPersonInput } from './contact-input.ts';

type HouseholdRole = HouseholdMemberTable['role'];

/** A person alleged to cause harm may live anywhere: they join no household by being named. A sibling named as another person lives with the children. */
export function householdRoleOf(role: OtherPersonInput['role']): HouseholdRole | null {
  if (role === 'parent_or_carer') return 'parent';
  if (role === 'sibling') return 'child';
  if (role === 'household_member') return 'other_adult';
  return null;
}

/**
 * Puts a person named on a contact in the family's household (issue 15, item 7), so the child's record
 * lists who they live with and the family's themes reach every child: the contact's household if it has
 * one; else the household a child on the contact already belongs to; else a new one at the contact's
 * address. Someone already in it keeps their role.
 */
export async function joinContactHousehold(
  trx: Db,
  contactId: number,
  personId: number,
  role: HouseholdRole
): Promise<void> {
  const { householdId, receivedAt } = await householdOf(trx, contactId);
  const joinedOn = londonDateOf(receivedAt);
  await trx
    .insertInto('household_member')
    .values({ household_id: householdId, person_id: personId, role, joined_on: joinedOn })
    // Known there since the earliest contact that placed them there (older rows have no date).
    .onConflict((conflict) =>
      conflict
        .columns(['household_id', 'person_id'])
        .doUpdateSet({ joined_on: sql<string>`least(household_member.joined_on, excluded.joined_on)` })
    )
    .execute();
}

async function householdOf(trx: Db, contactId: number): Promise<{ householdId: number; receivedAt: Date }> {
  const contact = await trx
    .selectFrom('contact')
    .where('id', '=', contactId)
    .select(['household_id', 'address_id', 'received_at'])
    .executeTakeFirstOrThrow();
  const receivedAt = contact.received_at;
  if (contact.household_id !== null) return { householdId: contact.household_id, receivedAt };
  const childs = await trx
    .selectFrom('contact_child')
    .innerJoin('household_member', 'household_member.person_id', 'contact_child.person_id')
    .where('contact_child.contact_id', '=', contactId)
    .where('household_member.role', '=', 'child')
    .select('household_member.household_id')
    .orderBy('household_member.household_id', 'desc')
    .executeTakeFirst();
  const householdId =
    childs?.household_id ??
    (
      await trx
        .insertInto('household')
        .values({ address_id: contact.address_id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await trx.updateTable('contact').set({ household_id: householdId }).where('id', '=', contactId).execute();
  return { householdId, receivedAt };
}
