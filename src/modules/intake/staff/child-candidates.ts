import { sql } from 'kysely';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import type { DescribedChild } from '../../../platform/db/schema.ts';

export interface Candidate {
  id: number;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  sex: string;
  postcode: string | null;
  /** Same date of birth (or NHS number) and a name that looks or sounds the same. */
  strong: boolean;
}

/**
 * People already known who could be this child: NHS number, or a surname that looks or sounds
 * alike together with the same date of birth or a similar first name. Audited as a search.
 */
export function findChildCandidates(access: RecordAccess, child: DescribedChild): Promise<Candidate[]> {
  const criteria = {
    familyName: true,
    dateOfBirth: Boolean(child.dateOfBirth),
    nhsNumber: Boolean(child.nhsNumber),
    purpose: 'contact',
  };
  return access.searchPeople(criteria, async (db, visible) => {
    const rows = await db
      .selectFrom('person')
      .leftJoin('address', 'address.id', 'person.address_id')
      .where('person.merged_into_id', 'is', null)
      .where(visible)
      .where((eb) => {
        const surname = sql<boolean>`(lower(person.family_name) % lower(${child.familyName}) or dmetaphone(person.family_name) = dmetaphone(${child.familyName}))`;
        const givenName = sql<boolean>`(lower(person.given_name) % lower(${child.givenName}) or dmetaphone(person.given_name) = dmetaphone(${child.givenName}))`;
        const alike = child.dateOfBirth
          ? eb.and([surname, eb.or([eb('person.date_of_birth', '=', child.dateOfBirth), givenName])])
          : eb.and([surname, givenName]);
        return child.nhsNumber ? eb.or([eb('person.nhs_number', '=', child.nhsNumber), alike]) : alike;
      })
      .select([
        'person.id',
        'person.given_name',
        'person.family_name',
        'person.date_of_birth',
        'person.sex',
        'person.nhs_number',
        'address.postcode',
      ])
      .orderBy(
        sql`similarity(lower(person.family_name), lower(${child.familyName})) + similarity(lower(person.given_name), lower(${child.givenName}))`,
        'desc'
      )
      .limit(8)
      .execute();
    return rows.map(({ nhs_number, ...row }) => ({
      ...row,
      strong:
        (Boolean(child.nhsNumber) && nhs_number === child.nhsNumber) ||
        (Boolean(child.dateOfBirth) && row.date_of_birth === child.dateOfBirth),
    }));
  });
}
