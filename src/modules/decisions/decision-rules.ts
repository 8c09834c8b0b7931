import type { ContactChildStatus, DecisionTable, Rag, Role } from '../../platform/db/schema.ts';
import { meaningfulTextProblem } from '../../shared/meaningful-text.ts';
import { isDecided } from '../journey/case-status.ts';

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

/** What a rule refuses, against the form field it concerns. */
export interface RuleProblem {
  field: string;
  message: string;
}

/** Why no decision can be proposed for the child as they stand, or null when one can. */
export function proposalRefusal(child: {
  personLinked: boolean;
  status: ContactChildStatus;
}): RuleProblem | null {
  if (!child.personLinked)
    return { field: 'outcomes', message: 'Link the child to their record before proposing a decision' };
  if (child.status === 'awaiting_authorisation')
    return { field: 'outcomes', message: 'A decision is already waiting for a manager to authorise it' };
  if (isDecided(child.status))
    return { field: 'outcomes', message: 'This child already has an authorised decision' };
  return null;
}

/** Every rationale says something; one needing a second sign-off says why at length. */
export function proposalWordsProblem(
  proposal: { rationale: string; childsViews: string; historyConsidered: string },
  reasons: readonly SecondSignOffReason[],
  facts: DecisionFacts
): RuleProblem | null {
  const rationale = rationaleProblem(proposal.rationale, reasons, facts);
  if (rationale) return { field: 'rationale', message: rationale };
  const views = meaningfulTextProblem(proposal.childsViews, {
    minWords: 3,
    message:
      "Say how the child's views and lived experience were considered: what they said or showed, or why they could not be asked",
  });
  if (views) return { field: 'childsViews', message: views };
  const history = meaningfulTextProblem(proposal.historyConsidered, {
    minWords: 3,
    message:
      "Say how the family's history was considered: earlier contacts, referrals and recurring themes, or that there are none",
  });
  if (history) return { field: 'historyConsidered', message: history };
  return null;
}

/** An outcome a council offers, as a proposal is checked against it. */
export interface OutcomeOption {
  code: string;
  label: string;
  /** The child is handed to a receiving team (early help, assessment). */
  needs_team: boolean;
}

export interface OutcomeChoice {
  outcomes: readonly string[];
  receivingTeamId?: number;
  transferTo?: string;
}

/**
 * What is wrong with the outcomes chosen, given the outcomes offered now and the teams that can
 * receive a child: each from the list, a receiving team for those that hand the child over, the
 * council for a transfer, and no further action alone.
 */
export function outcomesProblem(
  choice: OutcomeChoice,
  offered: readonly OutcomeOption[],
  receivingTeamIds: readonly number[]
): RuleProblem | null {
  const chosen = offered.filter((option) => choice.outcomes.includes(option.code));
  if (chosen.length !== choice.outcomes.length || chosen.length === 0)
    return { field: 'outcomes', message: 'Choose the outcomes from the list' };
  const handedOver = chosen.filter((option) => option.needs_team);
  if (handedOver.length > 0 && choice.receivingTeamId === undefined)
    return {
      field: 'receivingTeam',
      message: `Choose the team that will take on ${handedOver[0]!.label.toLowerCase()}`,
    };
  if (handedOver.length > 0 && !receivingTeamIds.includes(choice.receivingTeamId!))
    return { field: 'receivingTeam', message: 'Choose a receiving team from the list' };
  if (choice.outcomes.includes('transfer') && !choice.transferTo)
    return { field: 'transferTo', message: 'Name the council the child is transferring to' };
  if (choice.outcomes.includes('no_further_action') && choice.outcomes.length > 1)
    return { field: 'outcomes', message: 'No further action cannot be combined with another outcome' };
  return null;
}

/**
 * An outcome opens or continues social-care work when it is a referral (assessment, section 47,
 * private fostering) or passes the child to the worker who already holds their case.
 */
function opensSocialCare(option: { code: string; is_referral: boolean }): boolean {
  return option.is_referral || option.code === 'already_open';
}

/** The facts the second sign-off rules weigh, for a decision's outcomes (by code), levels and rating. */
export function decisionFacts(
  decision: {
    outcomes: readonly string[];
    rag: Rag | null;
    indicatedLevel: number | null;
    chosenLevel: number | null;
  },
  options: readonly { code: string; label: string; is_referral: boolean }[]
): DecisionFacts {
  return {
    rag: decision.rag,
    indicatedLevel: decision.indicatedLevel,
    chosenLevel: decision.chosenLevel,
    outcomes: decision.outcomes.flatMap((code) => {
      const option = options.find((candidate) => candidate.code === code);
      return option ? [{ label: option.label, opensSocialCare: opensSocialCare(option) }] : [];
    }),
  };
}

/**
 * Whether this manager may give a proposed decision its verdict: only a decision still proposed, and
 * never authorising one they proposed themselves (returning it is allowed). Returns the refusal, or
 * null when they may.
 */
export function authorisationRefusal(
  decision: { status: DecisionTable['status']; proposedBy: number | null },
  actorId: number,
  verdict: 'authorise' | 'return'
): string | null {
  if (decision.status === 'awaiting_second_authorisation')
    return 'This decision is authorised by a manager and waits for its second sign-off';
  if (decision.status !== 'proposed') return 'This decision has already been authorised or returned';
  if (decision.proposedBy === actorId && verdict === 'authorise')
    return 'Another manager must authorise a decision you proposed';
  return null;
}

/**
 * Whether the decision timescale can move to `until`: not once the decision is made, and only later
 * than both the time it is due now and the present.
 */
export function extensionProblem(extension: {
  status: ContactChildStatus;
  currentDue: Date;
  until: Date;
  now: Date;
}): string | null {
  if (isDecided(extension.status)) return 'The decision has already been made';
  if (extension.until.getTime() <= Math.max(extension.currentDue.getTime(), extension.now.getTime()))
    return 'The new due time must be later than the current one and than now';
  return null;
}
