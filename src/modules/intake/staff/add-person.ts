import { z } from 'zod';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import type { CouncilSettings } from '../../../platform/db/schema.ts';
import { optionalText, requiredText } from '../../../platform/http/form-fields.ts';
import { formError, formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { Candidate } from '../../people/matching/child-candidates.ts';
import { holdForRestrictedMatchReview } from '../../people/matching/restricted-matches.ts';
import { findAdultCandidates, restrictedMatchesForAdult } from '../../people/adult-candidates.ts';
import { isRelationshipKind } from '../../people/relationships/relationship-kinds.ts';
import { choose } from './contact.service.ts';
import { dateProblemMessage, parseDateParts } from '../../../platform/http/dates.ts';
import type { OtherPersonInput } from '../contact-input.ts';
import { addOtherPerson } from '../record-contact.ts';
import { OTHER_PERSON_ROLES, type FormValues } from './contact-form.ts';

const personSchema = z.object({
  givenName: requiredText(
    100,
    'Enter the person’s first name, or “Unknown”',
    'The first name must be 100 characters or fewer'
  ),
  familyName: requiredText(
    100,
    'Enter the person’s last name, or “Unknown”',
    'The last name must be 100 characters or fewer'
  ),
  role: z
    .string()
    .optional()
    .refine(
      (role) => OTHER_PERSON_ROLES.some((option) => option.value === role),
      'Select the person’s part in the family'
    )
    .transform((role) => role as OtherPersonInput['role']),
  relationship: optionalText(100, 'The relationship must be 100 characters or fewer'),
});

/** The form to add a person to a recorded contact; every problem at once, against its field. */
export function parseAddPersonForm(
  values: FormValues
): { ok: true; person: OtherPersonInput } | { ok: false; errors: FormErrors } {
  const parsed = personSchema.safeParse(values);
  const dob = parseDateParts({
    day: values['dob-day'],
    month: values['dob-month'],
    year: values['dob-year'],
  });
  const dobProblem = dob.outcome === 'problem' ? dateProblemMessage('Date of birth', dob.problem) : undefined;
  if (parsed.success && !dobProblem)
    return {
      ok: true,
      person: {
        ...parsed.data,
        dateOfBirth: dob.outcome === 'date' ? dob.date : undefined,
        relationshipKind: isRelationshipKind(values.kind) ? values.kind : undefined,
      },
    };
  const errors = parsed.success ? { summary: [], fields: {} } : formErrors(parsed.error);
  if (dobProblem) {
    errors.fields.dob = { text: dobProblem };
    errors.summary.push({ text: dobProblem, href: '#dob' });
  }
  return { ok: false, errors };
}

/** The contact a person is being added to, with its children (to return to one's screening), read through the access layer. */
export function readContactToAddTo(access: RecordAccess, contactId: number) {
  return access.readContact(contactId, async (db) => ({
    ...(await db
      .selectFrom('contact')
      .leftJoin('address', 'address.id', 'contact.address_id')
      .where('contact.id', '=', contactId)
      .select(['contact.id', 'contact.reference', 'contact.address_id', 'address.postcode'])
      .executeTakeFirstOrThrow()),
    childIds: (
      await db.selectFrom('contact_child').where('contact_id', '=', contactId).select('id').execute()
    ).map((child) => child.id),
  }));
}

export type AddPersonOutcome =
  | { outcome: 'added'; personId: number }
  | { outcome: 'choose'; candidates: Candidate[]; restrictedMayMatch: boolean; errors: FormErrors };

/**
 * Adds a person to an already-recorded contact, by the rules recordContact uses for the other people it
 * names, once the practitioner has said whether they are someone already known (as on the contact
 * form), with the audit row in the same transaction. Partner requests sent after it ask about them too.
 */
export async function addPersonToContact(
  access: RecordAccess,
  contact: { id: number; reference: string; address_id: number | null; postcode: string | null },
  person: OtherPersonInput,
  chosen: { match?: number | 'new'; newReason?: string },
  context: { now: Date; settings: CouncilSettings }
): Promise<AddPersonOutcome> {
  const described = {
    ...person,
    postcode: person.role === 'adult_of_concern' ? undefined : (contact.postcode ?? undefined),
  };
  const name = `${person.givenName} ${person.familyName}`;
  const choice = await choose(access, chosen, '', name, {
    restricted: () => restrictedMatchesForAdult(access, described),
    candidates: () => findAdultCandidates(access, described),
  });
  if (choice.outcome === 'offer') {
    return {
      outcome: 'choose',
      candidates: choice.candidates,
      restrictedMayMatch: choice.restrictedMayMatch,
      errors: formError(choice.problem.field, choice.problem.text),
    };
  }
  const actor = access.actor;
  const personId = await access.recordChange('contact:record', 'contact.person_added', async (trx) => {
    const personId = await addOtherPerson(
      trx,
      contact.id,
      { ...person, resolution: choice.resolution },
      contact.address_id,
      { ...context, recordedBy: actor.userId }
    );
    const held =
      choice.resolution.kind === 'create' && choice.restricted.length > 0
        ? await holdForRestrictedMatchReview(trx, {
            personId,
            restrictedPersonIds: choice.restricted,
            contactChildId: null,
            reference: contact.reference,
            actor,
            now: context.now,
          })
        : [];
    return {
      recordType: 'contact',
      recordId: contact.id,
      result: personId,
      details: {
        personId,
        role: person.role,
        choice: choice.resolution.kind,
        heldForReview: held.length > 0,
      },
    };
  });
  return { outcome: 'added', personId };
}
