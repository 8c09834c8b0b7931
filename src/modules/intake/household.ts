import type { Db } from '../../platform/db/database.ts';
import type { HouseholdMemberTable } from '../../platform/db/schema.ts';
import type { OtherPersonInput } from './contact-input.ts';

type HouseholdRole = HouseholdMemberTable['role'];

/** A person alleged to cause harm may live anywhere: they join no household by being named. */
export function householdRoleOf(role: OtherPersonInput['role']): HouseholdRole | null {
  if (role === 'parent_or_carer') return 'parent';
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
  const householdId = await householdOf(trx, contactId);
  await trx
    .insertInto('household_member')
    .values({ household_id: householdId, person_id: personId, role })
    .onConflict((conflict) => conflict.columns(['household_id', 'person_id']).doNothing())
    .execute();
}

async function householdOf(trx: Db, contactId: number): Promise<number> {
  const contact = await trx
    .selectFrom('contact')
    .where('id', '=', contactId)
    .select(['household_id', 'address_id'])
    .executeTakeFirstOrThrow();
  if (contact.household_id !== null) return contact.household_id;
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
  return householdId;
}
