import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { writeAudit } from '../../platform/audit/audit-log.ts';
import { collectDependents, type Row } from './record-graph.ts';

/** A value that names or identifies someone other than the person asking: the reviewer decides. */
export interface MarkedValue {
  value: unknown;
  redact: true;
  reason: string;
}

export interface SubjectAccessExport {
  about: { personId: number; generatedAt: string; guidance: string };
  /** Every row held about the person, by table: their record, the contacts about or naming them and all that followed. */
  records: Record<string, Record<string, unknown>[]>;
  /** People other than the person who appear in the same contacts or households. */
  otherPeopleNamed: {
    personId: number | null;
    name: MarkedValue;
    where: string;
    role: string | null;
  }[];
}

export class SubjectAccessError extends Error {}

const GUIDANCE =
  'Everything Front Door holds about this person. Values marked "redact": true name or identify ' +
  'someone else (referrers, other people named, staff, partners\u2019 information not for disclosure): ' +
  'decide on each before release (ICO guidance on social work data: professionals are not normally ' +
  'redacted). Free text may also name other people: read it before release.';

/** Fields that identify a third party, and why. */
const THIRD_PARTY_FIELDS: Record<string, string> = {
  referrer_name: 'referrer',
  referrer_role: 'referrer',
  referrer_organisation: 'referrer',
  referrer_phone: 'referrer',
  referrer_email: 'referrer',
  recipient_name: 'letter recipient',
  recipient_email: 'letter recipient',
  professional_name: 'professional consulted',
  professional_role: 'professional consulted',
  owner: 'person responsible for an action',
};
/** Per table, further fields naming someone else. */
const TABLE_THIRD_PARTY_FIELDS: Record<string, Record<string, string>> = {
  consultation: {
    phone: 'professional consulted',
    email: 'professional consulted',
    organisation: 'professional consulted',
  },
  strategy_attendee: { name: 'meeting attendee', role: 'meeting attendee' },
};
/** Text a partner said is not for disclosure to the family. */
const NOT_FOR_DISCLOSURE_TEXT = [
  'known_involvement',
  'risks',
  'strengths',
  'summary',
  'presenting_concerns',
  'childs_lived_experience',
];
/** Columns that hold a staff member's id. */
function isStaffColumn(column: string): boolean {
  return (
    (column.endsWith('_by') && column !== 'referred_by') ||
    ['actor_id', 'worker_id', 'advised_by', 'user_id'].includes(column)
  );
}
const NOT_STAFF_TABLES = new Set(['staff_user']);

function mark(value: unknown, reason: string): MarkedValue | null {
  return value === null || value === undefined ? null : { value, redact: true, reason };
}

/**
 * A subject access request: every row held about a person (their record and any merged into it,
 * contacts about or naming them, ratings, decisions, notes, letters, information requests, strategy
 * discussions, referrals, the journey …, found through the database's foreign keys so nothing is
 * missed), with third parties' details marked for the reviewer. Audited as an export.
 */
export async function subjectAccessExport(
  db: Kysely<Database>,
  input: { personId: number; byUserId: number | null; now: Date }
): Promise<SubjectAccessExport> {
  const person = await db
    .selectFrom('person')
    .select('id')
    .where('id', '=', input.personId)
    .executeTakeFirst();
  if (!person) throw new SubjectAccessError(`There is no person with id ${input.personId}.`);
  const graph = await collectDependents(db, [{ table: 'person', column: 'id', values: [input.personId] }]);
  const personIds = (graph.get('person') ?? []).map((row) => row.id as number);
  const contactChildRows = graph.get('contact_child') ?? [];
  const contactIds = [
    ...new Set([
      ...contactChildRows.map((row) => row.contact_id as number),
      ...(graph.get('contact_person') ?? []).map((row) => row.contact_id as number),
    ]),
  ];
  const contacts = contactIds.length
    ? await db.selectFrom('contact').selectAll().where('id', 'in', contactIds).orderBy('id').execute()
    : [];
  const addressIds = [
    ...(graph.get('person') ?? []).map((row) => row.address_id),
    ...contacts.map((row) => row.address_id),
  ].filter((id): id is number => typeof id === 'number');
  const addresses = addressIds.length
    ? await db
        .selectFrom('address')
        .selectAll()
        .where('id', 'in', [...new Set(addressIds)])
        .execute()
    : [];

  const otherPeopleNamed: SubjectAccessExport['otherPeopleNamed'] = [];
  if (contactIds.length) {
    const otherChildren = await db
      .selectFrom('contact_child as cc')
      .leftJoin('person as p', 'p.id', 'cc.person_id')
      .select(['cc.contact_id', 'cc.person_id', 'cc.described_child', 'p.given_name', 'p.family_name'])
      .where('cc.contact_id', 'in', contactIds)
      .where(
        'cc.id',
        'not in',
        contactChildRows.length ? contactChildRows.map((row) => row.id as number) : [0]
      )
      .execute();
    for (const child of otherChildren)
      otherPeopleNamed.push({
        personId: child.person_id,
        name: mark(
          child.given_name
            ? `${child.given_name} ${child.family_name}`
            : `${child.described_child?.givenName ?? ''} ${child.described_child?.familyName ?? ''}`.trim(),
          'another child in the same contact'
        )!,
        where: `contact ${child.contact_id}`,
        role: 'child',
      });
    const named = await db
      .selectFrom('contact_person as cp')
      .innerJoin('person as p', 'p.id', 'cp.person_id')
      .select([
        'cp.contact_id',
        'cp.person_id',
        'cp.role',
        'cp.relationship',
        'p.given_name',
        'p.family_name',
      ])
      .where('cp.contact_id', 'in', contactIds)
      .where('cp.person_id', 'not in', personIds)
      .execute();
    for (const other of named)
      otherPeopleNamed.push({
        personId: other.person_id,
        name: mark(`${other.given_name} ${other.family_name}`, 'another person named in the contact')!,
        where: `contact ${other.contact_id}`,
        role: other.relationship ?? other.role,
      });
  }
  const householdIds = (graph.get('household_member') ?? []).map((row) => row.household_id as number);
  if (householdIds.length) {
    const members = await db
      .selectFrom('household_member as hm')
      .innerJoin('person as p', 'p.id', 'hm.person_id')
      .select(['hm.household_id', 'hm.person_id', 'hm.role', 'p.given_name', 'p.family_name'])
      .where('hm.household_id', 'in', householdIds)
      .where('hm.person_id', 'not in', personIds)
      .execute();
    for (const member of members)
      otherPeopleNamed.push({
        personId: member.person_id,
        name: mark(`${member.given_name} ${member.family_name}`, 'another member of the household')!,
        where: `household ${member.household_id}`,
        role: member.role,
      });
  }

  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of graph) tables[table] = rows;
  tables.contact = contacts as unknown as Row[];
  tables.address = addresses as unknown as Row[];
  const staffIds = new Set<number>();
  for (const [table, rows] of Object.entries(tables))
    if (!NOT_STAFF_TABLES.has(table))
      for (const row of rows)
        for (const [column, value] of Object.entries(row))
          if (isStaffColumn(column) && typeof value === 'number') staffIds.add(value);
  const staff = new Map(
    staffIds.size
      ? (
          await db
            .selectFrom('staff_user')
            .select(['id', 'display_name'])
            .where('id', 'in', [...staffIds])
            .execute()
        ).map((user) => [user.id, user.display_name])
      : []
  );

  const records: SubjectAccessExport['records'] = {};
  for (const [table, rows] of Object.entries(tables).sort(([a], [b]) => a.localeCompare(b))) {
    if (rows.length === 0) continue;
    records[table] = rows.map((row) => markRow(table, row, staff));
  }

  const exported: SubjectAccessExport = {
    about: { personId: input.personId, generatedAt: input.now.toISOString(), guidance: GUIDANCE },
    records,
    otherPeopleNamed,
  };
  await writeAudit(
    db,
    {
      action: 'subject_access.export',
      actorUserId: input.byUserId,
      actorRole: input.byUserId ? 'administrator' : null,
      recordType: 'person',
      recordId: input.personId,
      details: {
        rows: Object.fromEntries(Object.entries(records).map(([table, rows]) => [table, rows.length])),
        otherPeopleNamed: otherPeopleNamed.length,
      },
    },
    input.now
  );
  return exported;
}

function markRow(
  table: string,
  row: Record<string, unknown>,
  staff: Map<number, string>
): Record<string, unknown> {
  const notForDisclosure = row.not_for_disclosure === true;
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === 'ctid') continue;
    const thirdParty = TABLE_THIRD_PARTY_FIELDS[table]?.[column] ?? THIRD_PARTY_FIELDS[column];
    if (thirdParty) out[column] = mark(value, thirdParty);
    else if (notForDisclosure && NOT_FOR_DISCLOSURE_TEXT.includes(column))
      out[column] = mark(value, 'a partner said this is not for disclosure to the family');
    else if (!NOT_STAFF_TABLES.has(table) && isStaffColumn(column) && typeof value === 'number')
      out[column] = { staffId: value, name: mark(staff.get(value) ?? 'unknown', 'staff member') };
    else out[column] = value;
  }
  return out;
}
