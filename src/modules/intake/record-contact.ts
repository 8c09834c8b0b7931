import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { CouncilSettings } from '../../platform/db/schema.ts';
import { dueAt, isOutOfHours } from '../../shared/working-time.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { calendarOf, timescalesInForceAt } from '../../platform/council/council-settings.ts';
import type { AddressInput, ChildInput, ContactInput, OtherPersonInput } from './contact-input.ts';
import { householdRoleOf, joinContactHousehold } from './household.ts';
import { relateContactPeople } from '../people/relationships/relationships.ts';

export interface RecordedContact {
  contactId: number;
  reference: string;
  contactChildIds: number[];
  createdPersonIds: number[];
  /** The other people named, in the order given. */
  otherPersonIds: number[];
}

export interface RecordingContext {
  recordedBy: number | null;
  now: Date;
  settings: CouncilSettings;
}

/**
 * Saves one contact from any way in: the intake event, one contact_child per child (each with its
 * own due times, as Ofsted Annex A List 1 counts them), concerns, other people named, how each child
 * was tied to the person index, and an alert when there is immediate risk. Runs on the caller's
 * transaction handle.
 */
export async function recordContact(
  trx: Db,
  input: ContactInput,
  context: RecordingContext
): Promise<RecordedContact> {
  const addressId = input.address ? await insertAddress(trx, input.address) : null;
  const contact = await trx
    .insertInto('contact')
    .values({
      reference: `provisional-${randomUUID()}`,
      received_at: input.receivedAt,
      channel: input.channel,
      referral_source: input.referralSource,
      referrer_name: input.referrer.name ?? null,
      referrer_role: input.referrer.role ?? null,
      referrer_organisation: input.referrer.organisation ?? null,
      referrer_agency_id: input.referrer.agencyId ?? null,
      referrer_phone: input.referrer.phone ?? null,
      referrer_email: input.referrer.email ?? null,
      referrer_is_professional: input.referrer.isProfessional,
      address_id: addressId,
      summary: input.presentingConcerns.slice(0, 200),
      presenting_concerns: input.presentingConcerns,
      childs_lived_experience: input.childsLivedExperience ?? null,
      strengths: input.strengths ?? null,
      consent_status: input.consent.status,
      consent_reason: input.consent.reason ?? null,
      family_aware: input.familyAware ?? null,
      lawful_basis: input.lawfulBasis ?? null,
      lawful_basis_personal_data: input.lawfulBasisCodes?.personalData ?? null,
      lawful_basis_special_category: input.lawfulBasisCodes?.specialCategory ?? null,
      immediate_risk: input.immediateRisk,
      not_for_disclosure: input.notForDisclosure ?? false,
      out_of_hours: isOutOfHours(input.receivedAt, calendarOf(context.settings)),
      public_reference: input.publicReference ?? null,
      partner_api_key_id: input.partnerApiKeyId ?? null,
      police_incident_reference: input.policeIncidentReference ?? null,
      crime_reference: input.crimeReference ?? null,
      dash_risk_level: input.dash?.riskLevel ?? null,
      dash_assessed_on: input.dash?.assessedOn ?? null,
      recorded_by: context.recordedBy,
      recorded_at: context.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const createdPersonIds: number[] = [];
  const contactChildIds: number[] = [];
  for (const child of input.children) {
    const personId = await resolveChild(trx, child, addressId, context, createdPersonIds);
    const contactChildId = await insertContactChild(trx, contact.id, personId, child, input, context);
    contactChildIds.push(contactChildId);
    if (child.resolution.kind !== 'unlinked' && personId !== null) {
      await recordLinkDecision(trx, contactChildId, personId, child, context);
    }
  }
  await placeChildrenInHousehold(trx, contact.id, input.children, contactChildIds);
  const otherPersonIds = await recordOtherPeople(
    trx,
    contact.id,
    input.otherPeople,
    addressId,
    context,
    createdPersonIds
  );
  if (input.immediateRisk) {
    await trx
      .insertInto('alert')
      .values({ kind: 'immediate_risk', contact_id: contact.id, raised_at: context.now })
      .execute();
  }
  // Last, so the year's counter row is locked only from here to commit (see assignReference).
  const reference = await assignReference(trx, contact.id, input.receivedAt);
  return { contactId: contact.id, reference, contactChildIds, createdPersonIds, otherPersonIds };
}

/** Children already known join first, so the family's existing household is the one the others join. */
async function placeChildrenInHousehold(
  trx: Db,
  contactId: number,
  children: ChildInput[],
  contactChildIds: number[]
): Promise<void> {
  const linked = await trx
    .selectFrom('contact_child')
    .where('id', 'in', contactChildIds)
    .where('person_id', 'is not', null)
    .select(['id', 'person_id'])
    .execute();
  const knownFirst = linked.sort(
    (a, b) => knownRank(children, contactChildIds, a.id) - knownRank(children, contactChildIds, b.id)
  );
  for (const child of knownFirst) await joinContactHousehold(trx, contactId, child.person_id!, 'child');
}

function knownRank(children: ChildInput[], contactChildIds: number[], contactChildId: number): number {
  return children[contactChildIds.indexOf(contactChildId)]?.resolution.kind === 'link' ? 0 : 1;
}

/**
 * CON-2026-000123: one counter row per year, so references have no gaps (a contact rolled back gives its
 * number back) and start after any seeded or migrated contacts. Bumping the row locks it until commit, and
 * every contact recorded meanwhile waits for it: so it is bumped as the contact's last write, not its first
 * (taken first, the lock was held through matching and every insert: contacts recorded eight at a time waited
 * 55 ms each for it). The contact is inserted with a provisional reference, which no other transaction ever
 * sees. The year's contacts are searched for the highest number only when its row does not yet exist: done
 * on every contact, that search read the whole year (10 ms a contact on a council of 8,000 a year).
 */
async function assignReference(trx: Db, contactId: number, receivedAt: Date): Promise<string> {
  const year = receivedAt.getUTCFullYear();
  const { rows } = await sql<{ reference: string }>`
    with bumped as (
      update contact_reference_counter set last = last + 1 where year = ${year} returning last
    ), started as (
      insert into contact_reference_counter (year, last)
      select ${year}, (select coalesce(max(substring(reference from 10)::int), 0) + 1
                       from contact where reference like ${`CON-${year}-%`})
      where not exists (select 1 from bumped)
      on conflict (year) do update set last = contact_reference_counter.last + 1
      returning last
    ), taken as (
      select last::text as number from bumped union all select last::text from started
    )
    update contact set reference = ${`CON-${year}-`} || lpad(number, greatest(length(number), 6), '0')
    from taken where contact.id = ${contactId}
    returning contact.reference`.execute(trx);
  return rows[0]!.reference;
}

async function insertAddress(trx: Db, address: AddressInput): Promise<number> {
  const row = await trx
    .insertInto('address')
    .values({
      line1: address.line1,
      line2: address.line2 ?? null,
      town: address.town,
      postcode: address.postcode.toUpperCase(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function resolveChild(
  trx: Db,
  child: ChildInput,
  addressId: number | null,
  context: RecordingContext,
  created: number[]
): Promise<number | null> {
  if (child.resolution.kind === 'link') return child.resolution.personId;
  if (child.resolution.kind === 'unlinked') return null;
  const id = await insertPerson(trx, { ...child.details, role: 'household_member' }, addressId, context);
  created.push(id);
  return id;
}

async function insertPerson(
  trx: Db,
  person: Pick<OtherPersonInput, 'givenName' | 'familyName' | 'dateOfBirth' | 'sex'> & {
    expectedDateOfBirth?: string;
    nhsNumber?: string;
    role?: string;
  },
  addressId: number | null,
  context: RecordingContext
): Promise<number> {
  const row = await trx
    .insertInto('person')
    .values({
      given_name: person.givenName,
      family_name: person.familyName,
      date_of_birth: person.dateOfBirth ?? null,
      expected_date_of_birth: person.expectedDateOfBirth ?? null,
      sex: person.sex ?? 'U',
      nhs_number: person.nhsNumber ?? null,
      address_id: addressId,
      created_by: context.recordedBy,
      created_at: context.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertContactChild(
  trx: Db,
  contactId: number,
  personId: number | null,
  child: ChildInput,
  input: ContactInput,
  context: RecordingContext
): Promise<number> {
  const calendar = calendarOf(context.settings);
  // The timescales in force when the contact was received, though it may be recorded after a change.
  const timescales = timescalesInForceAt(context.settings, input.receivedAt);
  // Immediate risk of significant harm is red from the moment it is recorded.
  const rag = input.immediateRisk ? 'red' : null;
  const ragDueAt = rag ? dueAt(input.receivedAt, timescales.ragTimescales.red, calendar) : null;
  const row = await trx
    .insertInto('contact_child')
    .values({
      contact_id: contactId,
      person_id: personId,
      described_child: JSON.stringify(child.details),
      status: 'new',
      rag,
      rag_due_at: ragDueAt,
      decision_due_at: dueAt(input.receivedAt, timescales.decisionTimescale, calendar),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.concernCodes.length > 0) {
    await trx
      .insertInto('contact_concern')
      .values(input.concernCodes.map((code) => ({ contact_child_id: row.id, factor_code: code })))
      .execute();
  }
  await recordJourneyEvent(trx, {
    contactChildId: row.id,
    step: 'received',
    at: input.receivedAt,
    actorId: context.recordedBy,
    outOfHours: isOutOfHours(input.receivedAt, calendar),
    details: { channel: input.channel, referralSource: input.referralSource },
  });
  if (ragDueAt) {
    await trx
      .insertInto('rag_rating')
      .values({
        contact_child_id: row.id,
        rag: 'red',
        kind: 'immediate_risk',
        rationale: 'Immediate risk of significant harm recorded with the contact.',
        due_at: ragDueAt,
        rated_by: context.recordedBy,
        rated_at: context.now,
      })
      .execute();
  }
  return row.id;
}

async function recordLinkDecision(
  trx: Db,
  contactChildId: number,
  personId: number,
  child: ChildInput,
  context: RecordingContext
) {
  const resolution = child.resolution;
  if (resolution.kind === 'unlinked') return;
  await trx
    .insertInto('person_link_decision')
    .values({
      contact_child_id: contactChildId,
      person_id: personId,
      choice: resolution.kind === 'link' ? 'linked_existing' : 'created_new',
      best_candidate_id: resolution.bestCandidateId ?? null,
      best_candidate_score: resolution.bestCandidateScore ?? null,
      reason: resolution.kind === 'create' ? (resolution.reason ?? null) : null,
      decided_by: context.recordedBy,
      decided_at: context.now,
    })
    .execute();
  await recordJourneyEvent(trx, {
    contactChildId,
    step: 'linked',
    at: context.now,
    actorId: context.recordedBy,
    details: { personId, choice: resolution.kind === 'link' ? 'linked_existing' : 'created_new' },
  });
}

async function recordOtherPeople(
  trx: Db,
  contactId: number,
  people: OtherPersonInput[],
  addressId: number | null,
  context: RecordingContext,
  created: number[]
): Promise<number[]> {
  const ids: number[] = [];
  for (const person of people) {
    const personId = await addOtherPerson(trx, contactId, person, addressId, context);
    if (person.resolution?.kind !== 'link') created.push(personId);
    ids.push(personId);
  }
  return ids;
}

/**
 * One other person named on a contact, when it is recorded or later (for example a person alleged to
 * cause harm the police name afterwards): the person the practitioner chose, or a new record (at the
 * contact's address unless they are an adult of concern outside the household), tied to the contact
 * with their role, with the choice recorded, placed in the household and related to the contact's
 * children. Answers the person's id.
 */
export async function addOtherPerson(
  trx: Db,
  contactId: number,
  person: OtherPersonInput,
  addressId: number | null,
  context: RecordingContext
): Promise<number> {
  const resolution = person.resolution;
  const personId =
    resolution?.kind === 'link'
      ? resolution.personId
      : await insertPerson(trx, person, person.role === 'adult_of_concern' ? null : addressId, context);
  await trx
    .insertInto('contact_person')
    .values({
      contact_id: contactId,
      person_id: personId,
      role: person.role,
      relationship: person.relationship ?? null,
      relationship_kind: person.relationshipKind ?? null,
    })
    // The same known adult chosen twice for one contact is named once.
    .onConflict((conflict) => conflict.columns(['contact_id', 'person_id']).doNothing())
    .execute();
  if (resolution) {
    await trx
      .insertInto('person_link_decision')
      .values({
        contact_id: contactId,
        person_id: personId,
        choice: resolution.kind === 'link' ? 'linked_existing' : 'created_new',
        best_candidate_id: resolution.bestCandidateId ?? null,
        reason: resolution.kind === 'create' ? (resolution.reason ?? null) : null,
        decided_by: context.recordedBy,
        decided_at: context.now,
      })
      .execute();
  }
  const householdRole = householdRoleOf(person.role);
  if (householdRole) await joinContactHousehold(trx, contactId, personId, householdRole);
  await relateContactPeople(trx, contactId, context);
  return personId;
}
