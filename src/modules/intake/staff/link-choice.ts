import type { Candidate } from '../../people/matching/child-candidates.ts';

/** What the practitioner is offered when tying a described child to the person index. */
export interface Offered {
  candidates: Candidate[];
  /** A restricted record the practitioner cannot see may be this child (never which, nor how many). */
  restrictedMayMatch: boolean;
}

/**
 * Why a choice of record for a described child cannot be saved, or null: it must be one of the people
 * offered or a new record, and a new record needs a reason when a strong match or a restricted record
 * may be this child.
 */
export function choiceProblem(
  choice: string | undefined,
  reason: string | undefined,
  offered: Offered
): { field: 'match' | 'newReason'; text: string } | null {
  const { candidates, restrictedMayMatch } = offered;
  if (!choice || (choice !== 'new' && !candidates.some((candidate) => String(candidate.id) === choice))) {
    return {
      field: 'match',
      text: candidates.length
        ? 'Choose the person this child is, or create a new record'
        : 'Confirm that a new person record should be created',
    };
  }
  if (choice === 'new' && candidates.some((candidate) => candidate.strong) && !reason) {
    return { field: 'newReason', text: 'Say why a new record is needed when a close match is already known' };
  }
  if (choice === 'new' && restrictedMayMatch && !reason) {
    return { field: 'newReason', text: 'Say why a new record is needed when a restricted record may match' };
  }
  return null;
}
