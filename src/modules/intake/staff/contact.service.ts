import type { Db } from '../../../platform/db/database.ts';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import { formError, type FormErrors } from '../../../platform/http/forms.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import {
  findChildCandidates,
  restrictedMatchesForChild,
  type Candidate,
} from '../../people/matching/child-candidates.ts';
import { holdForRestrictedMatchReview } from '../../people/matching/restricted-matches.ts';
import { findAdultCandidates, restrictedMatchesForAdult } from '../../people/adult-candidates.ts';
import type { ChildInput, ContactInput, OtherPersonInput } from '../contact-input.ts';
import { recordContact } from '../record-contact.ts';
import type { ParsedAdult, ParsedChild } from './contact-form.ts';

export type StaffContactOutcome =
  { outcome: 'recorded'; contactId: number } | ({ outcome: 'choose' } & PeopleToChooseFrom);

/** Where a child or adult could be someone already known, the people to choose from and why the form stopped. */
export interface PeopleToChooseFrom {
  choices: Record<number, Candidate[]>;
  restrictedMayMatch: Record<number, boolean>;
  adultChoices: Record<number, Candidate[]>;
  adultRestrictedMayMatch: Record<number, boolean>;
  errors: FormErrors;
}

/**
 * Records a contact a member of staff typed in, once each child and each other person named is tied
 * to a known person or a new record (see choose). A record made while a restricted one may be the
 * same person inherits the restriction until reviewed.
 */
export async function recordStaffContact(
  access: RecordAccess,
  db: Db,
  form: { input: Omit<ContactInput, 'children'>; children: ParsedChild[]; adults: ParsedAdult[] },
  now: Date
): Promise<StaffContactOutcome> {
  const resolved = await resolvePeople(access, form, form.input.address?.postcode);
  if ('choices' in resolved) return { outcome: 'choose', ...resolved };
  const actor = access.actor;
  const settings = await councilSettings(db);
  const recorded = await access.recordChange('contact:record', 'contact.record', async (trx) => {
    const result = await recordContact(
      trx,
      { ...form.input, children: resolved.children, otherPeople: resolved.adults },
      { recordedBy: actor.userId, now, settings }
    );
    const held = async (
      personId: number | null,
      restrictedPersonIds: number[],
      contactChildId: number | null
    ) => {
      if (personId === null || restrictedPersonIds.length === 0) return 0;
      await holdForRestrictedMatchReview(trx, {
        personId,
        restrictedPersonIds,
        contactChildId,
        reference: result.reference,
        actor,
        now,
      });
      return 1;
    };
    let heldForReview = 0;
    for (const [index, restrictedPersonIds] of resolved.restrictedMatches.entries()) {
      const contactChildId = result.contactChildIds[index]!;
      const { person_id: personId } = await trx
        .selectFrom('contact_child')
        .select('person_id')
        .where('id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      heldForReview += await held(personId, restrictedPersonIds, contactChildId);
    }
    for (const [index, restrictedPersonIds] of resolved.adultRestrictedMatches.entries()) {
      heldForReview += await held(result.otherPersonIds[index] ?? null, restrictedPersonIds, null);
    }
    return {
      recordType: 'contact',
      recordId: result.contactId,
      result,
      details: {
        children: result.contactChildIds.length,
        otherPeople: result.otherPersonIds.length,
        createdPeople: result.createdPersonIds.length,
        heldForReview,
      },
    };
  });
  return { outcome: 'recorded', contactId: recorded.contactId };
}

type Resolution =
  | {
      children: ChildInput[];
      /** For each resolved child, in order: restricted records its new record may be (held for review). */
      restrictedMatches: number[][];
      adults: OtherPersonInput[];
      adultRestrictedMatches: number[][];
    }
  | PeopleToChooseFrom;

/** Each child, then each other person, tied to the index or offered for the practitioner to choose. */
async function resolvePeople(
  access: RecordAccess,
  form: { children: ParsedChild[]; adults: ParsedAdult[] },
  postcode: string | undefined
): Promise<Resolution> {
  const offered: PeopleToChooseFrom = {
    choices: {},
    restrictedMayMatch: {},
    adultChoices: {},
    adultRestrictedMayMatch: {},
    errors: { summary: [], fields: {} },
  };
  const problems: { field: string; text: string }[] = [];
  const children: ChildInput[] = [];
  const restrictedMatches: number[][] = [];
  for (const child of form.children) {
    const choice = await choose(access, child, `child-${child.index}-`, nameOf(child.details), {
      restricted: () => restrictedMatchesForChild(access, child.details),
      candidates: () => findChildCandidates(access, child.details),
    });
    if (choice.outcome === 'offer') {
      offered.choices[child.index] = choice.candidates;
      if (choice.restrictedMayMatch) offered.restrictedMayMatch[child.index] = true;
      problems.push(choice.problem);
      continue;
    }
    children.push({ details: child.details, resolution: choice.resolution });
    restrictedMatches.push(choice.restricted);
  }
  const adults: OtherPersonInput[] = [];
  const adultRestrictedMatches: number[][] = [];
  for (const adult of form.adults) {
    // An adult of concern may live anywhere: the contact's address says nothing about who they are.
    const described = {
      ...adult.person,
      postcode: adult.person.role === 'adult_of_concern' ? undefined : postcode,
    };
    const choice = await choose(access, adult, `person-${adult.index}-`, nameOf(adult.person), {
      restricted: () => restrictedMatchesForAdult(access, described),
      candidates: () => findAdultCandidates(access, described),
    });
    if (choice.outcome === 'offer') {
      offered.adultChoices[adult.index] = choice.candidates;
      if (choice.restrictedMayMatch) offered.adultRestrictedMayMatch[adult.index] = true;
      problems.push(choice.problem);
      continue;
    }
    adults.push({ ...adult.person, resolution: choice.resolution });
    adultRestrictedMatches.push(choice.restricted);
  }
  if (problems.length === 0) return { children, restrictedMatches, adults, adultRestrictedMatches };
  offered.errors = problems.reduce<FormErrors>((all, problem) => {
    const one = formError(problem.field, problem.text);
    return { summary: [...all.summary, ...one.summary], fields: { ...all.fields, ...one.fields } };
  }, offered.errors);
  return offered;
}

function nameOf(person: { givenName: string; familyName: string }): string {
  return `${person.givenName} ${person.familyName}`;
}

export type Choice =
  | {
      outcome: 'resolved';
      resolution:
        { kind: 'link'; personId: number } | { kind: 'create'; reason?: string; bestCandidateId?: number };
      restricted: number[];
    }
  | {
      outcome: 'offer';
      candidates: Candidate[];
      restrictedMayMatch: boolean;
      problem: { field: string; text: string };
    };

/**
 * Linking a person to a known record, or creating a new one, is an explicit choice. Where the index
 * holds people who could be this person, the practitioner must choose; creating a new record despite
 * a strong match needs a reason. A restricted record the practitioner cannot see that may be this
 * person is never offered, but the form says one may match and a new record then needs a reason (and
 * is held restricted until someone with access decides).
 */
export async function choose(
  access: RecordAccess,
  chosen: { match?: number | 'new'; newReason?: string },
  /** Before the field names "match" and "newReason" on the form, for example "child-0-". */
  prefix: string,
  name: string,
  find: { restricted: () => Promise<number[]>; candidates: () => Promise<Candidate[]> }
): Promise<Choice> {
  if (typeof chosen.match === 'number') {
    await access.assertPersonVisible(chosen.match);
    return { outcome: 'resolved', resolution: { kind: 'link', personId: chosen.match }, restricted: [] };
  }
  // One after the other, so each search's audit row is written in the same order every time.
  const restricted = await find.restricted();
  const candidates = await find.candidates();
  const offer = (field: string, text: string): Choice => ({
    outcome: 'offer',
    candidates,
    restrictedMayMatch: restricted.length > 0,
    problem: { field: `${prefix}${field}`, text },
  });
  if (chosen.match === undefined && (candidates.length > 0 || restricted.length > 0)) {
    return offer(
      'match',
      candidates.length > 0
        ? `Choose whether ${name} is someone already known, or a new record`
        : `Confirm whether to create a new record for ${name}: a restricted record may match`
    );
  }
  const strongest = candidates.find((candidate) => candidate.strong);
  if (chosen.match === 'new' && (strongest || restricted.length > 0) && !chosen.newReason) {
    return offer(
      'newReason',
      strongest
        ? `Say why ${name} needs a new record when a close match is already known`
        : `Say why ${name} needs a new record when a restricted record may match`
    );
  }
  return {
    outcome: 'resolved',
    resolution: { kind: 'create', reason: chosen.newReason, bestCandidateId: candidates[0]?.id },
    restricted,
  };
}
