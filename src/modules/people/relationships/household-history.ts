import type { Db } from '../../../platform/db/database.ts';
import type { RowOf } from '../../../platform/db/select-together.ts';
import { decidePersonRead } from '../../../platform/access/record-policy.ts';
import type { Viewer } from './relationships.ts';

/**
 * Every household the person has been part of (under any of their records), newest first, with its
 * members and the dates each was known to live there. A restricted member is shown as restricted,
 * never named; merged-away members are left out (their survivor is listed where recorded).
 */
export function householdsOverTimeQuery(db: Db, recordIds: number[], viewer: Viewer) {
  return db
    .selectFrom('household_member as mine')
    .innerJoin('household', 'household.id', 'mine.household_id')
    .leftJoin('address', 'address.id', 'household.address_id')
    .innerJoin('household_member as member', 'member.household_id', 'mine.household_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .where('mine.person_id', 'in', recordIds)
    .where('person.merged_into_id', 'is', null)
    .select((eb) => [
      'household.id as household_id',
      'address.line1',
      'address.town',
      'address.postcode',
      'member.role',
      'member.joined_on',
      'member.left_on',
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.restricted',
      ...viewer.access.personFactColumns(eb),
    ])
    .orderBy('household.id', 'desc')
    .orderBy('member.joined_on')
    .orderBy('person.id');
}

export function householdsOverTimeFrom(
  rows: RowOf<ReturnType<typeof householdsOverTimeQuery>>[],
  recordIds: number[],
  viewer: Viewer
) {
  const households = new Map<number, { id: number; address: string | null; members: HouseholdMember[] }>();
  for (const row of rows) {
    const household = households.get(row.household_id) ?? {
      id: row.household_id,
      address: [row.line1, row.town, row.postcode].filter(Boolean).join(', ') || null,
      members: [],
    };
    const visible = decidePersonRead(viewer.access.actor, {
      restricted: row.restricted,
      grantedToActor: Boolean(row.granted),
    }).allowed;
    household.members.push({
      role: row.role,
      joinedOn: row.joined_on,
      leftOn: row.left_on,
      self: recordIds.includes(row.id),
      person: visible
        ? { restricted: false, id: row.id, name: `${row.given_name} ${row.family_name}` }
        : { restricted: true },
    });
    households.set(row.household_id, household);
  }
  return [...households.values()];
}

interface HouseholdMember {
  role: string;
  joinedOn: string | null;
  leftOn: string | null;
  /** This is the person whose record is open. */
  self: boolean;
  person: { restricted: false; id: number; name: string } | { restricted: true };
}
