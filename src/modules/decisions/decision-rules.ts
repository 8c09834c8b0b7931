import type { Rag, Role } from '../../platform/db/schema.ts';
import { meaningfulTextProblem } from '../../shared/meaningful-text.ts';

/*
 * Pure rules for when a decision needs more than one manager. A decision needs a second sign-off when
 * the level chosen is below the level the descriptors point to, or when it opens no social-care work
 * for a child rated red or at level 4 of the continuum of need (acute needs: safeguarding). Then the
 * rationale must say why at length, the first manager must comment, and a second authoriser signs off.
 */

/** The highest level of the continuum of need: acute needs, safeguarding (section 47). */
export const ACUTE_LEVEL = 4;

export type SecondSignOffReason =
  'level_below_indicated' | 'no_social_care_on_red' | 'no_social_care_at_level_4';

export interface DecisionOutcome {
  label: string;
  /**
   * The outcome opens or continues social-care work: a referral (assessment, section 47, private
   * fostering) or passing the child to the worker who already holds their case.
   */
  opensSocialCare: boolean;
}

export interface DecisionFacts {
  rag: Rag | null;
  indicatedLevel: number | null;
  chosenLevel: number | null;
  outcomes: readonly DecisionOutcome[];
}

/** Why this decision needs a second sign-off; empty when one manager's authorisation is enough. */
export function secondSignOffReasons(facts: DecisionFacts): SecondSignOffReason[] {
  const reasons: SecondSignOffReason[] = [];
  if (facts.indicatedLevel !== null && facts.chosenLevel !== null && facts.chosenLevel < facts.indicatedLevel)
    reasons.push('level_below_indicated');
  const noSocialCare =
    facts.outcomes.length > 0 && facts.outcomes.every((outcome) => !outcome.opensSocialCare);
  if (noSocialCare && facts.rag === 'red') reasons.push('no_social_care_on_red');
  if (noSocialCare && (facts.indicatedLevel === ACUTE_LEVEL || facts.chosenLevel === ACUTE_LEVEL))
    reasons.push('no_social_care_at_level_4');
  return reasons;
}

/** Each reason in words, e.g. for the screening page and the messages below. */
export function describeSecondSignOffReason(reason: SecondSignOffReason, facts: DecisionFacts): string {
  const outcomes = facts.outcomes.map((outcome) => outcome.label.toLowerCase()).join(' and ');
  switch (reason) {
    case 'level_below_indicated':
      return `level ${facts.chosenLevel} was chosen when the descriptors point to level ${facts.indicatedLevel}`;
    case 'no_social_care_on_red':
      return `${outcomes} opens no social-care work for a child rated red`;
    case 'no_social_care_at_level_4':
      return `${outcomes} opens no social-care work at level 4 (acute needs)`;
  }
}

function describeAll(reasons: readonly SecondSignOffReason[], facts: DecisionFacts): string {
  return reasons.map((reason) => describeSecondSignOffReason(reason, facts)).join('; ');
}

/** Words a decision's rationale needs: every decision says something, one needing a second look says more. */
export const RATIONALE_WORDS = { usual: 5, secondSignOff: 30 } as const;

/** What the rationale must say, given why the decision needs a second sign-off (if it does). */
export function rationaleProblem(
  rationale: string,
  reasons: readonly SecondSignOffReason[],
  facts: DecisionFacts
): string | null {
  if (reasons.length === 0)
    return meaningfulTextProblem(rationale, {
      minWords: RATIONALE_WORDS.usual,
      message:
        'Explain the decision in at least 5 words: what you found, the risks and strengths, and why this ' +
        'outcome is right for the child (“ok” is not a rationale)',
    });
  return meaningfulTextProblem(rationale, {
    minWords: RATIONALE_WORDS.secondSignOff,
    message:
      `This decision needs a second sign-off because ${describeAll(reasons, facts)}. Explain in the rationale, ` +
      `in at least ${RATIONALE_WORDS.secondSignOff} words, why: what makes the risk lower than the rating and ` +
      'descriptors suggest, what partner agencies said, and what will keep the child safe',
  });
}

/** What the first manager must say when authorising a decision that needs a second sign-off. */
export function managerCommentProblem(
  comment: string | undefined,
  reasons: readonly SecondSignOffReason[],
  facts: DecisionFacts
): string | null {
  if (reasons.length === 0) return null;
  return meaningfulTextProblem(comment, {
    minWords: 10,
    message:
      `Comment on why you agree, in at least 10 words: this decision needs a second sign-off because ` +
      `${describeAll(reasons, facts)}, and the second authoriser reads your comment`,
  });
}

/** The roles a council lets give the second sign-off when its settings name none. */
export const DEFAULT_SECOND_AUTHORISER_ROLES: readonly Role[] = ['service_manager'];

export interface SignOffPeople {
  actorId: number;
  actorRole: Role;
  proposedBy: number | null;
  firstAuthorisedBy: number | null;
  allowedRoles: readonly Role[];
}

/**
 * Who may give the second sign-off: someone in a role the council names, who neither proposed the
 * decision nor authorised it first. Returns the refusal, or null when they may.
 */
export function secondSignOffRefusal(
  people: SignOffPeople,
  roleLabel: (role: Role) => string
): string | null {
  if (!people.allowedRoles.includes(people.actorRole)) {
    const roles = people.allowedRoles.map((role) => roleLabel(role).toLowerCase()).join(' or ');
    return `In this council the second sign-off is given by a ${roles || 'named role'}`;
  }
  if (people.actorId === people.proposedBy)
    return 'You proposed this decision: someone else must give the second sign-off';
  if (people.actorId === people.firstAuthorisedBy)
    return 'You authorised this decision first: someone else must give the second sign-off';
  return null;
}
