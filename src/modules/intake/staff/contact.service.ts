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
import type { ChildInput, ContactInput } from '../contact-input.ts';
import { recordContact } from '../record-contact.ts';
import type { ParsedChild } from './contact-form.ts';

export type StaffContactOutcome =
  { outcome: 'recorded'; contactId: number } | ({ outcome: 'choose' } & PeopleToChooseFrom);

/** Where a child could be someone already known, the people to choose from and why the form stopped. */
interface PeopleToChooseFrom {
  choices: Record<number, Candidate[]>;
  restrictedMayMatch: Record<number, boolean>;
  errors: FormErrors;
}

/**
 * Records a contact a member of staff typed in, once each child is tied to a known person or a new
 * record (see resolveChildren). A record made while a restricted one may be this child inherits the
 * restriction until reviewed.
 */
export async function recordStaffContact(
  access: RecordAccess,
  db: Db,
  form: { input: Omit<ContactInput, 'children'>; children: ParsedChild[] },
  now: Date
): Promise<StaffContactOutcome> {
  const resolved = await resolveChildren(access, form.children);
  if ('choices' in resolved) return { outcome: 'choose', ...resolved };
  const actor = access.actor;
  const settings = await councilSettings(db);
  const recorded = await access.recordChange('contact:record', 'contact.record', async (trx) => {
    const result = await recordContact(
      trx,
      { ...form.input, children: resolved.children },
      { recordedBy: actor.userId, now, settings }
    );
    let heldForReview = 0;
    for (const [index, restrictedPersonIds] of resolved.restrictedMatches.entries()) {
      const contactChildId = result.contactChildIds[index]!;
      if (restrictedPersonIds.length === 0) continue;
      const { person_id: personId } = await trx
        .selectFrom('contact_child')
        .select('person_id')
        .where('id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      if (personId === null) continue;
      await holdForRestrictedMatchReview(trx, {
        personId,
        restrictedPersonIds,
        contactChildId,
        reference: result.reference,
        actor,
        now,
      });
      heldForReview++;
    }
    return {
      recordType: 'contact',
      recordId: result.contactId,
      result,
      details: {
        children: result.contactChildIds.length,
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
    }
  | PeopleToChooseFrom;

/**
 * Linking a child to a known person, or creating a new record, is an explicit choice. Where the
 * index holds people who could be this child, the practitioner must choose; creating a new record
 * despite a strong match needs a reason. A restricted record the practitioner cannot see that may be
 * this child is never offered, but the form says one may match and a new record then needs a reason
 * (and is held restricted until someone with access decides).
 */
async function resolveChildren(access: RecordAccess, children: ParsedChild[]): Promise<Resolution> {
  const resolvedChildren: ChildInput[] = [];
  const restrictedMatches: number[][] = [];
  const choices: Record<number, Candidate[]> = {};
  const restrictedMayMatch: Record<number, boolean> = {};
  const problems: { field: string; text: string }[] = [];
  for (const child of children) {
    if (typeof child.match === 'number') {
      await access.assertPersonVisible(child.match);
      resolvedChildren.push({ details: child.details, resolution: { kind: 'link', personId: child.match } });
      restrictedMatches.push([]);
      continue;
    }
    const restricted = await restrictedMatchesForChild(access, child.details);
    const candidates = await findChildCandidates(access, child.details);
    const strongest = candidates.find((candidate) => candidate.strong);
    const name = `${child.details.givenName} ${child.details.familyName}`;
    const offer = () => {
      choices[child.index] = candidates;
      if (restricted.length > 0) restrictedMayMatch[child.index] = true;
    };
    if (child.match === undefined && (candidates.length > 0 || restricted.length > 0)) {
      offer();
      problems.push({
        field: `child-${child.index}-match`,
        text:
          candidates.length > 0
            ? `Choose whether ${name} is someone already known, or a new record`
            : `Confirm whether to create a new record for ${name}: a restricted record may match`,
      });
    } else if (child.match === 'new' && (strongest || restricted.length > 0) && !child.newReason) {
      offer();
      problems.push({
        field: `child-${child.index}-newReason`,
        text: strongest
          ? `Say why ${name} needs a new record when a close match is already known`
          : `Say why ${name} needs a new record when a restricted record may match`,
      });
    } else {
      resolvedChildren.push({
        details: child.details,
        resolution: { kind: 'create', reason: child.newReason, bestCandidateId: candidates[0]?.id },
      });
      restrictedMatches.push(restricted);
    }
  }
  if (problems.length === 0) return { children: resolvedChildren, restrictedMatches };
  const errors = problems.reduce<FormErrors>(
    (all, problem) => {
      const one = formError(problem.field, problem.text);
      return { summary: [...all.summary, ...one.summary], fields: { ...all.fields, ...one.fields } };
    },
    { summary: [], fields: {} }
  );
  return { choices, restrictedMayMatch, errors };
}
