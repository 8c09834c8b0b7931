import type { Rag, RagRatingKind, RatingReviewStatus } from '../../platform/db/schema.ts';
import { meaningfulTextProblem } from '../../shared/meaningful-text.ts';

/*
 * Pure rules for RAG ratings: when a lower rating waits for a manager, when the current rating counts
 * as confirmed, and what a rating's reason must say.
 */

const URGENCY: Record<Rag, number> = { red: 3, amber: 2, green: 1 };

/** Highest risk first: red, amber, green, then not rated. */
export function riskRank(rag: Rag | null): number {
  return rag === null ? 0 : URGENCY[rag];
}

/**
 * A practitioner's lower rating for a red contact waits for a manager: until confirmed the child stays
 * red, with the red due time. Amber to green takes effect at once (it only lengthens a working-day
 * clock), and like every rating it still needs a manager's confirmation before a decision.
 */
export function downgradeNeedsManager(current: Rag | null, proposed: Rag): boolean {
  return current === 'red' && URGENCY[proposed] < URGENCY.red;
}

/** A rating a manager gave or agreed is confirmed; a practitioner's rating (or a later re-rating) is not. */
export function isConfirmedKind(kind: RagRatingKind | null | undefined): boolean {
  return kind === 'manager_confirmed' || kind === 'manager_changed';
}

/**
 * Where a child's rating stands, from its ratings newest first: a lower rating waiting for a manager, if
 * any; the rating in effect (the newest not under or through a manager's review); and whether that was
 * given or agreed by a manager (a decision needs that).
 */
export function ratingStateOf<
  T extends { kind: RagRatingKind; rag: Rag; review_status: RatingReviewStatus | null },
>(newestFirst: readonly T[]): { pending: T | null; confirmed: boolean; rag: Rag | null } {
  const effective = newestFirst.find((rating) => rating.review_status === null);
  const pending = newestFirst.find((rating) => rating.review_status === 'pending') ?? null;
  return {
    pending,
    confirmed: pending === null && isConfirmedKind(effective?.kind),
    rag: effective?.rag ?? null,
  };
}

/** What a practitioner's reason for a rating must say. */
export function ratingReasonProblem(rationale: string | undefined): string | null {
  return meaningfulTextProblem(rationale, {
    minWords: 5,
    message:
      'Explain the rating in at least 5 words: what has happened to the child, who says so, and what makes ' +
      'the risk higher or lower (“x” or “ok” is not a reason)',
  });
}

/** What a manager's reason must say when they change a rating or settle a lower rating asked for. */
export function managerRatingReasonProblem(
  rationale: string | undefined,
  downgradeFromRed: boolean
): string | null {
  return meaningfulTextProblem(rationale, {
    minWords: 5,
    message: downgradeFromRed
      ? 'Say in at least 5 words why the rating can come down from red, or why it stays red: what is known ' +
        'now about the risk to the child and who told you'
      : 'Give the reason for changing the rating in at least 5 words: what is known now about the risk to ' +
        'the child and who told you',
  });
}
