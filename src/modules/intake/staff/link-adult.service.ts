import type { Db } from '../../../platform/db/database.ts';
import type { CouncilSettings, NamedAdult, RelationshipKind } from '../../../platform/db/schema.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';
import { findAdultCandidates, restrictedMatchesForAdult } from '../../people/adult-candidates.ts';
import { holdForRestrictedMatchReview } from '../../people/matching/restricted-matches.ts';
import { isRelationshipKind, relationshipKindOf } from '../../people/relationships/relationship-kinds.ts';
import type { OtherPersonInput } from '../contact-input.ts';
import { addOtherPerson } from '../record-contact.ts';
import { choose } from './contact.service.ts';
import { OTHER_PERSON_ROLES } from './contact-form.ts';
import type { Offered } from './link-choice.ts';

/*
 * An online request or a partner system names the adults around the children but never sees the
 * person index. Each adult is held on the contact as named; a practitioner ties each one to the index
 * (a known record, or a new one) by the same reasoned choice as a child, with their part in the family
 * and relationship to the children, which places them in the household and relates them to each child.
 */

/** What a referrer said about an adult: as named, with what the online request also asks. */
export interface ReferredAdult extends NamedAdult {
  /** Chosen by the referrer from the list the staff form uses. */
  relationshipKind?: RelationshipKind;
  /** The referrer's guess, when they did not know the date of birth. */
  approximateAge?: number;
  livesWithChild?: 'yes' | 'no' | 'not_sure';
  /** The referrer said the worry is about this adult. */
  worriedAbout?: boolean;
}

/** Holds the adults a referrer named on the contact, as named, for a practitioner to link. */
export async function holdAdultsAsNamed(trx: Db, contactId: number, adults: ReferredAdult[]): Promise<void> {
  if (adults.length === 0) return;
  await trx
    .insertInto('contact_named_adult')
    .values(adults.map((adult) => ({ contact_id: contactId, described: JSON.stringify(adult) })))
    .execute();
}

/** The adults named on a contact by its referrer, linked or not, read through the contact's access check. */
export function adultsNamedOnContact(access: RecordAccess, contactId: number) {
  return access.readContact(contactId, async (db) => ({
    contact: await contactSummary(db, contactId),
    adults: await db
      .selectFrom('contact_named_adult')
      .where('contact_named_adult.contact_id', '=', contactId)
      .select([
        'contact_named_adult.id',
        'contact_named_adult.described',
        'contact_named_adult.person_id',
        'contact_named_adult.linked_at',
      ])
      .orderBy('contact_named_adult.id')
      .execute(),
  }));
}

/** Linked first, the children bring the family's household, which the adults then join. */
export const CHILDREN_FIRST =
  'Link each child on this contact to a person record first, so the adults join the family’s household';

export type AdultToLink = Awaited<ReturnType<typeof unlinkedAdult>>;

export interface AdultChoice {
  contactId: number;
  adultId: number;
  match?: string;
  newReason?: string;
  role?: string;
  kind?: string;
}

/** A named adult not yet linked, with the people who could be them (audited as searches). */
export async function adultToLink(
  access: RecordAccess,
  ids: { contactId: number; adultId: number }
): Promise<{ adult: AdultToLink; offered: Offered }> {
  const adult = await unlinkedAdult(access, ids);
  const { offered } = await offerFor(access, adult);
  return { adult, offered };
}

export type LinkAdultOutcome =
  | {
      outcome: 'invalid';
      adult: AdultToLink;
      offered: Offered;
      problems: { field: string; text: string }[];
    }
  | { outcome: 'linked'; contactId: number };

/**
 * Links the named adult to the person chosen (`match`: a person offered, or 'new'), with their part
 * in the family and relationship to the children; a new record made while a restricted one may be
 * them stays restricted until reviewed. Audited with the change.
 */
export async function linkAdult(
  access: RecordAccess,
  choice: AdultChoice,
  context: { now: Date; settings: CouncilSettings }
): Promise<LinkAdultOutcome> {
  const adult = await unlinkedAdult(access, choice);
  const { offered, restricted } = await offerFor(access, adult);
  const invalid = (problems: { field: string; text: string }[]) =>
    ({ outcome: 'invalid', adult, offered, problems }) as const;
  if (adult.childrenToLinkFirst > 0) return invalid([{ field: 'match', text: CHILDREN_FIRST }]);
  const role = roleOf(choice.role);
  const kind = kindOf(choice.kind);
  const problems = [...detailProblems(role, kind), ...matchProblems(choice.match, offered, adult)];
  if (problems.length > 0 || !role || !kind) return invalid(problems);
  const name = `${adult.described.givenName} ${adult.described.familyName}`.trim();
  const chosen = await choose(
    access,
    {
      match: choice.match === 'new' ? 'new' : Number(choice.match),
      newReason: choice.newReason?.trim() || undefined,
    },
    '',
    name,
    { restricted: async () => restricted, candidates: async () => offered.candidates }
  );
  if (chosen.outcome === 'offer') return invalid([chosen.problem]);
  const person: OtherPersonInput = {
    ...adult.described,
    role,
    relationshipKind: kind,
    resolution: chosen.resolution,
  };
  const actor = access.actor;
  await access.recordChange('contact:record', 'contact.person_added', async (trx) => {
    const personId = await addOtherPerson(trx, adult.contactId, person, adult.addressId, {
      ...context,
      recordedBy: actor.userId,
    });
    const held =
      chosen.resolution.kind === 'create'
        ? await holdForRestrictedMatchReview(trx, {
            personId,
            restrictedPersonIds: chosen.restricted,
            contactChildId: null,
            reference: adult.reference,
            actor,
            now: context.now,
          })
        : [];
    const claimed = await trx
      .updateTable('contact_named_adult')
      .set({ person_id: personId, linked_by: actor.userId, linked_at: context.now })
      .where('id', '=', adult.id)
      // Two practitioners linking the same adult at once: the second's work is rolled back.
      .where('person_id', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw new RecordNotFoundError('Contact');
    return {
      recordType: 'contact',
      recordId: adult.contactId,
      result: personId,
      details: {
        personId,
        namedAdultId: adult.id,
        role,
        choice: chosen.resolution.kind,
        heldForReview: held.length > 0,
      },
    };
  });
  return { outcome: 'linked', contactId: adult.contactId };
}

/** The relationship the page suggests first: as the referrer chose it, else their words read as one. */
export function suggestedKind(adult: ReferredAdult): RelationshipKind {
  return relationshipKindOf(adult.role, adult.relationship, adult.relationshipKind);
}

function roleOf(value: string | undefined): OtherPersonInput['role'] | undefined {
  return OTHER_PERSON_ROLES.find((role) => role.value === value)?.value;
}

function kindOf(value: string | undefined): RelationshipKind | undefined {
  return isRelationshipKind(value) ? value : undefined;
}

function detailProblems(role: string | undefined, kind: string | undefined) {
  return [
    ...(role ? [] : [{ field: 'role', text: 'Select the person’s part in the family' }]),
    ...(kind ? [] : [{ field: 'kind', text: 'Select how the person is related to the children' }]),
  ];
}

/** The choice must be one of the people offered or a new record (the reason is checked by `choose`). */
function matchProblems(match: string | undefined, offered: Offered, adult: AdultToLink) {
  if (match === 'new' || offered.candidates.some((candidate) => String(candidate.id) === match)) return [];
  const name = `${adult.described.givenName} ${adult.described.familyName}`.trim() || 'this person';
  return [
    {
      field: 'match',
      text: offered.candidates.length
        ? `Choose whether ${name} is someone already known, or a new record`
        : `Confirm that a new person record should be created for ${name}`,
    },
  ];
}

/**
 * The adult, read through the contact's access check: "not found" once linked. Adults are linked once
 * every child on the contact is, so each joins the family's own household and is related to each child.
 */
async function unlinkedAdult(access: RecordAccess, ids: { contactId: number; adultId: number }) {
  const { contactId, adultId } = ids;
  const row = await access.readContact(contactId, async (db) => ({
    adult: await db
      .selectFrom('contact_named_adult')
      .where('id', '=', adultId)
      .where('contact_id', '=', contactId)
      .where('person_id', 'is', null)
      .select(['id', 'described'])
      .executeTakeFirst(),
    contact: await contactSummary(db, contactId),
  }));
  if (!row.adult) throw new RecordNotFoundError('Contact');
  return {
    id: row.adult.id,
    contactId,
    // The column's type is what every referrer says; an online referrer may say more.
    described: row.adult.described as ReferredAdult,
    reference: row.contact.reference,
    addressId: row.contact.address_id,
    postcode: row.contact.postcode,
    childrenToLinkFirst: row.contact.childrenNotLinked,
  };
}

async function contactSummary(db: Db, contactId: number) {
  const contact = await db
    .selectFrom('contact')
    .leftJoin('address', 'address.id', 'contact.address_id')
    .where('contact.id', '=', contactId)
    .select(['contact.reference', 'contact.address_id', 'address.postcode'])
    .executeTakeFirstOrThrow();
  const unlinked = await db
    .selectFrom('contact_child')
    .where('contact_id', '=', contactId)
    .where('person_id', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return { ...contact, childrenNotLinked: Number(unlinked.count) };
}

/** Who could be the adult: the people offered, and the restricted records held back from the screen. */
async function offerFor(access: RecordAccess, adult: AdultToLink) {
  const described = {
    ...adult.described,
    // A person alleged to cause harm may live anywhere: the children's postcode is no evidence.
    postcode: adult.described.role === 'adult_of_concern' ? undefined : (adult.postcode ?? undefined),
  };
  const restricted = await restrictedMatchesForAdult(access, described);
  const candidates = await findAdultCandidates(access, described);
  return { offered: { candidates, restrictedMayMatch: restricted.length > 0 }, restricted };
}
