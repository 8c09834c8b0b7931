import type { RecordAccess } from '../../../platform/access/record-access.ts';
import { EditConflictError } from '../../../platform/db/versioned-update.ts';
import type { PersonDetails } from './person-details-form.ts';

/** The person's details as "Change details" shows and edits them, read through the access layer. */
export function readPersonDetails(access: RecordAccess, personId: number) {
  return access.readPerson(personId, (db) =>
    db
      .selectFrom('person')
      .where('id', '=', personId)
      .select([
        'id',
        'given_name',
        'family_name',
        'date_of_birth',
        'expected_date_of_birth',
        'ethnicity',
        'language',
        'interpreter_needed',
        'disabilities',
        'upn',
        'merged_into_id',
        'characteristics_version',
      ])
      .executeTakeFirstOrThrow()
  );
}

export type PersonDetailsRecord = Awaited<ReturnType<typeof readPersonDetails>>;

/** An unborn child has no date of birth yet; only they have an expected one. */
export function isUnborn(person: Pick<PersonDetailsRecord, 'date_of_birth'>): boolean {
  return person.date_of_birth === null;
}

/**
 * Saves a person's details at the version the form was opened (EditConflictError when someone saved
 * since), with its audit row in the same transaction. The person must be one the actor may see. The
 * expected date of birth changes only for an unborn child, checked again against what is stored.
 */
export async function changePersonDetails(
  access: RecordAccess,
  personId: number,
  details: PersonDetails,
  now: Date
): Promise<void> {
  await access.assertPersonVisible(personId);
  await access.recordChange('contact:record', 'person.details_change', async (trx) => {
    const { numUpdatedRows } = await trx
      .updateTable('person')
      .set((eb) => ({
        ethnicity: details.ethnicity,
        language: details.language,
        interpreter_needed: details.interpreterNeeded,
        disabilities: details.disabilities,
        upn: details.upn,
        // A UPN given answers why it was not known.
        ...(details.upn ? { upn_unknown_reason: null } : {}),
        expected_date_of_birth: eb
          .case()
          .when('date_of_birth', 'is', null)
          .then(details.expectedDateOfBirth)
          .else(eb.ref('expected_date_of_birth'))
          .end(),
        characteristics_recorded_by: access.actor.userId,
        characteristics_recorded_at: now,
        characteristics_version: eb('characteristics_version', '+', 1),
      }))
      .where('id', '=', personId)
      .where('merged_into_id', 'is', null)
      .where('characteristics_version', '=', details.version)
      .executeTakeFirst();
    if (numUpdatedRows === 0n) throw new EditConflictError('person');
    // Which details were given, never their values (ethnicity and disability are special category data).
    return {
      recordType: 'person',
      recordId: personId,
      result: undefined,
      details: {
        ethnicity: details.ethnicity !== null,
        language: details.language !== null,
        interpreterNeeded: details.interpreterNeeded,
        disabilities: details.disabilities?.length ?? 0,
        upn: details.upn !== null,
        expectedDateOfBirth: details.expectedDateOfBirth !== null,
      },
    };
  });
}
