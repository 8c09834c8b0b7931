import type { RecordAccess } from '../../platform/access/record-access.ts';
import type { Sex } from '../../platform/db/schema.ts';
import { findCandidates, type Candidate } from './matching/child-candidates.ts';
import type { PersonQuery } from './matching/find-person-matches.ts';
import { restrictedRecordsThatMayMatch } from './matching/restricted-matches.ts';

/** An adult as a contact names them: a parent, carer, household member or person alleged to cause harm. */
export interface DescribedAdult {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  sex?: Sex;
  /** The contact's postcode, when the adult lives at the contact's address. */
  postcode?: string;
}

/**
 * People already known who could be this adult, by the same engine and the same strong/possible
 * split as for children, so the same man named on contacts about different families is one person.
 * Audited as a search.
 */
export function findAdultCandidates(access: RecordAccess, adult: DescribedAdult): Promise<Candidate[]> {
  return findCandidates(access, adultQuery(adult), 'contact_adult');
}

/** Restricted records the practitioner cannot see that could be this adult (only whether any may show). */
export function restrictedMatchesForAdult(access: RecordAccess, adult: DescribedAdult): Promise<number[]> {
  return restrictedRecordsThatMayMatch(access, adultQuery(adult), 'contact_adult');
}

function adultQuery(adult: DescribedAdult): PersonQuery {
  const known = (name: string) => (name && name.toLowerCase() !== 'unknown' ? name : undefined);
  return {
    givenName: known(adult.givenName),
    familyName: known(adult.familyName),
    dateOfBirth: adult.dateOfBirth,
    sex: adult.sex === 'U' ? undefined : adult.sex,
    postcode: adult.postcode,
  };
}
