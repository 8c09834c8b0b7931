import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';

/** Everything the person page shows, read in one pass through the access layer. */
export function readPersonRecord(access: RecordAccess, personId: number) {
  return access.readPerson(personId, async (db) => {
    const [person, household, contacts, involvements] = await Promise.all([
      loadPerson(db, personId),
      loadHousehold(db, personId),
      loadContacts(db, personId),
      loadInvolvements(db, personId),
    ]);
    return { person, household, contacts, involvements };
  });
}

export type PersonRecord = Awaited<ReturnType<typeof readPersonRecord>>;

function loadPerson(db: Db, personId: number) {
  return db
    .selectFrom('person')
    .leftJoin('address', 'address.id', 'person.address_id')
    .where('person.id', '=', personId)
    .select([
      'person.id',
      'person.given_name',
      'person.middle_names',
      'person.family_name',
      'person.previous_family_names',
      'person.date_of_birth',
      'person.expected_date_of_birth',
      'person.sex',
      'person.ethnicity',
      'person.nhs_number',
      'person.language',
      'person.restricted',
      'person.restriction_reason',
      'address.line1',
      'address.line2',
      'address.town',
      'address.postcode',
    ])
    .executeTakeFirstOrThrow();
}

/**
 * Other members of the person's households. Restricted members are counted, never named, so the
 * practitioner knows to ask a manager without the restricted record leaking.
 */
async function loadHousehold(db: Db, personId: number) {
  const members = await db
    .selectFrom('household_member as mine')
    .innerJoin('household_member as other', 'other.household_id', 'mine.household_id')
    .innerJoin('person', 'person.id', 'other.person_id')
    .where('mine.person_id', '=', personId)
    .where('other.person_id', '<>', personId)
    .select([
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.restricted',
      'other.role',
    ])
    .orderBy('person.date_of_birth')
    .execute();
  return {
    members: members.filter((member) => !member.restricted),
    restrictedCount: members.filter((member) => member.restricted).length,
  };
}

function loadContacts(db: Db, personId: number) {
  return db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .leftJoin('decision as d', (join) =>
      join.onRef('d.contact_child_id', '=', 'cc.id').on('d.status', '=', 'authorised')
    )
    .leftJoin('referral as r', 'r.contact_child_id', 'cc.id')
    .where('cc.person_id', '=', personId)
    .select([
      'c.reference',
      'c.received_at',
      'c.referral_source',
      'c.channel',
      'cc.rag',
      'cc.status',
      'd.outcome',
      'r.is_rereferral',
    ])
    .orderBy('c.received_at', 'desc')
    .execute();
}

function loadInvolvements(db: Db, personId: number) {
  return db
    .selectFrom('involvement')
    .where('person_id', '=', personId)
    .select(['kind', 'started_on', 'ended_on'])
    .orderBy('started_on', 'desc')
    .execute();
}
