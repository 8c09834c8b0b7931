import type { RecordAccess } from '../../../platform/access/record-access.ts';
import type { DescribedChild } from '../../../platform/db/schema.ts';
import { findPersonMatches, type PersonQuery } from './find-person-matches.ts';
import { restrictedRecordsThatMayMatch } from './restricted-matches.ts';

export interface Candidate {
  id: number;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  sex: string;
  postcode: string | null;
  reasons: string[];
  /** The matching engine is confident this is the same person. */
  strong: boolean;
}

const CANDIDATE_LIMIT = 8;

/**
 * People already known who could be this child, by the same matching engine as the search page:
 * strong matches and possible ones for the practitioner to choose between. Audited as a search.
 */
export function findChildCandidates(access: RecordAccess, child: DescribedChild): Promise<Candidate[]> {
  return findCandidates(access, childQuery(child), 'contact');
}

/** The strong and possible matches for a person named on a contact, audited as a search for `purpose`. */
export function findCandidates(
  access: RecordAccess,
  query: PersonQuery,
  purpose: string
): Promise<Candidate[]> {
  const criteria = {
    ...Object.fromEntries(Object.entries(query).map(([field, value]) => [field, Boolean(value)])),
    purpose,
  };
  return access.searchPeople(criteria, async (db, visible) => {
    const matches = await findPersonMatches(db, query, visible, CANDIDATE_LIMIT);
    return matches
      .filter((match) => match.decision !== 'none')
      .map((match) => ({
        id: match.personId,
        given_name: match.person.givenName,
        family_name: match.person.familyName,
        date_of_birth: match.person.dateOfBirth,
        sex: match.person.sex,
        postcode: match.person.postcode,
        reasons: match.reasons,
        strong: match.decision === 'match',
      }));
  });
}

/** What the matcher is asked about a child as the referrer described them. */
export function childQuery(child: DescribedChild): PersonQuery {
  return {
    givenName: child.givenName || undefined,
    familyName: child.familyName || undefined,
    dateOfBirth: child.dateOfBirth,
    sex: child.sex === 'U' ? undefined : child.sex,
    nhsNumber: child.nhsNumber,
  };
}

/**
 * Restricted records the practitioner cannot see that could be this child: only whether there are
 * any may reach the screen; the ids route the review to those with access.
 */
export function restrictedMatchesForChild(access: RecordAccess, child: DescribedChild): Promise<number[]> {
  return restrictedRecordsThatMayMatch(access, childQuery(child), 'contact');
}
