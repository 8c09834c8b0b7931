import type { Db } from '../../../platform/db/database.ts';
import { ageOn } from '../../../shared/age.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { monthsBefore } from './calendar-months.ts';
import { adultThemes, familyThemes, type NamedAdult } from './family-themes.ts';
import { relationshipsFrom, relationshipsQuery, type Relationship } from '../relationships/relationships.ts';
import { selectTogether, type RowOf } from '../../../platform/db/select-together.ts';
import { historyFlags, rereferralIds, type ReferralDate } from './history-flags.ts';
import {
  describeOpenInvolvement,
  householdWarnings,
  isOpenOn,
  type Involvement,
} from './household-warnings.ts';
import {
  adultConcernQuery,
  adultConcernsFrom,
  adultsNamedFrom,
  adultsNamedQuery,
  childRecordIds,
  consultationConcernQuery,
  contactHistoryQuery,
  familyConcernQuery,
  familyConcernsFrom,
  householdQuery,
  involvementQuery,
  involvementsFrom,
  linkedPeopleFrom,
  restrictedMatchReviewQuery,
  type Viewer,
} from './history-queries.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A child's history on one screen: recurring family themes, warnings, flags, involvement, household
 * and contacts. Call it inside `access.readPerson`. However many people live there, it sends two
 * statements after the child's record ids: what is known of the child and who is around them, then what
 * is known of those people (each a few reads sent together).
 */
export async function loadChildHistory(
  db: Db,
  personId: number,
  viewer: Viewer,
  /** The child's record ids (childRecordIds), when the caller has read them already. */
  recordIds?: number[]
) {
  const today = londonDateOf(viewer.now);
  const ownRecords = recordIds ?? (await childRecordIds(db, personId));
  const around = await selectTogether(db, {
    household: { query: householdQuery(db, ownRecords, viewer) },
    contacts: { query: contactHistoryQuery(db, ownRecords), timestamps: ['received_at'] },
    restrictedReviews: { query: restrictedMatchReviewQuery(db, ownRecords) },
    relationships: { query: relationshipsQuery(db, ownRecords, viewer), timestamps: ['recorded_at'] },
    namedAdults: { query: adultsNamedQuery(db, ownRecords, viewer) },
  });
  const household = linkedPeopleFrom(around.household, viewer);
  const contacts = around.contacts;
  const relationships = relationshipsFrom(around.relationships, ownRecords, viewer);
  const familyIds = [...ownRecords, ...household.members.map((member) => member.id)];
  const adults = adultsAround(relationships, household.members, adultsNamedFrom(around.namedAdults, viewer));
  const since = startOfThemeWindow(today);
  const known = await selectTogether(db, {
    concerns: { query: familyConcernQuery(db, familyIds, since), timestamps: ['received_at'] },
    consultations: { query: consultationConcernQuery(db, familyIds, since), timestamps: ['consulted_at'] },
    adultConcerns: {
      query: adultConcernQuery(
        db,
        adults.map((adult) => adult.id),
        since,
        viewer
      ),
      timestamps: ['received_at'],
    },
    involvements: { query: involvementQuery(db, familyIds) },
  });
  const concerns = familyConcernsFrom(known.concerns, known.consultations, ownRecords);
  const adultConcerns = adultConcernsFrom(known.adultConcerns, ownRecords);
  const rawInvolvements = involvementsFrom(known.involvements);
  // Involvement recorded against a merged-in record is this child's.
  const involvements = rawInvolvements.map((involvement) =>
    ownRecords.includes(involvement.personId) ? { ...involvement, personId } : involvement
  );
  const open = involvements.filter((involvement) => isOpenOn(involvement, today));
  const referrals = referralsIn(contacts);
  const rereferrals = rereferralIds(referrals);
  const ownInvolvements = involvements
    .filter((involvement) => involvement.personId === personId)
    .sort(openFirst(today));
  return {
    /** This child may be a restricted record the viewer cannot see: what is shown may be incomplete. */
    mayMatchRestricted: around.restrictedReviews.length > 0,
    themes: [...familyThemes(concerns, today), ...adultThemes(adultConcerns, adults, today)],
    /** Everyone recorded as related to the child, both ways, current first. */
    relationships,
    warnings: householdWarnings(personId, household.members, open, household.restrictedCount),
    flags: historyFlags(
      contacts.map((contact) => londonDateOf(contact.received_at)),
      referrals,
      today
    ),
    involvements: ownInvolvements,
    /** This child's open involvement, with team, worker and assessment due date, for the panel. */
    openInvolvements: ownInvolvements
      .filter((involvement) => isOpenOn(involvement, today))
      .map((involvement) => ({ ...involvement, summary: describeOpenInvolvement(involvement) })),
    household: { ...household, members: withAgeAndOpenInvolvement(household.members, open, today) },
    contacts: contacts.map((contact) => ({
      ...contact,
      rereferral: contact.referral_id !== null && rereferrals.has(contact.referral_id),
    })),
  };
}

function withAgeAndOpenInvolvement<Member extends { id: number; date_of_birth: string | null }>(
  members: Member[],
  open: Involvement[],
  today: string
) {
  return members.map((member) => ({
    ...member,
    age: member.date_of_birth ? ageOn(member.date_of_birth, today) : null,
    openInvolvements: open.filter((involvement) => involvement.personId === member.id),
  }));
}

/** A day early, as London's midnight can be 23:00 UTC; the themes apply the exact 24 months. */
function startOfThemeWindow(today: string): Date {
  return new Date(Date.parse(`${monthsBefore(today, 24)}T00:00:00Z`) - DAY_MS);
}

function referralsIn(contacts: RowOf<ReturnType<typeof contactHistoryQuery>>[]): ReferralDate[] {
  return contacts.flatMap(({ referral_id, referral_date, is_rereferral }) =>
    referral_id === null || referral_date === null
      ? []
      : [{ id: referral_id, referralDate: referral_date, isRereferral: Boolean(is_rereferral) }]
  );
}

function openFirst(today: string) {
  return (a: Involvement, b: Involvement) => Number(isOpenOn(b, today)) - Number(isOpenOn(a, today));
}

/**
 * The adults around the child the viewer may see: those related to them (not siblings), the adults in
 * their household, and the adults named on their contacts; each once, with what they are to the child.
 */
function adultsAround(
  relationships: Relationship[],
  householdMembers: { id: number; given_name: string; family_name: string; relationship: string }[],
  namedAdults: { id: number; name: string }[]
): NamedAdult[] {
  const adults = new Map<number, NamedAdult>();
  for (const relationship of relationships) {
    const other = relationship.other;
    if (other.restricted || relationship.endedOn || relationship.kind === 'sibling') continue;
    if (relationship.side !== 'to' || adults.has(other.id)) continue;
    adults.set(other.id, { id: other.id, name: other.name, relationship: relationship.label });
  }
  for (const member of householdMembers) {
    if (member.relationship === 'child' || member.relationship === 'sibling' || adults.has(member.id))
      continue;
    adults.set(member.id, {
      id: member.id,
      name: `${member.given_name} ${member.family_name}`,
      relationship: null,
    });
  }
  for (const adult of namedAdults) {
    if (!adults.has(adult.id)) adults.set(adult.id, { ...adult, relationship: null });
  }
  return [...adults.values()];
}
