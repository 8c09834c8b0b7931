/**
 * A front-door decision is measured twice (Working Together 2023; the council's RAG timescales):
 * against one working day from receipt — or the extended time a manager agreed, with its reason —
 * and against the RAG due time. Pure, so reports and pages judge timeliness the same way.
 */
export interface DecisionClock {
  /** One working day from receipt, as stored when the contact was recorded. */
  decisionDueAt: Date;
  /** A manager's extension, if any. */
  extendedTo: Date | null;
  ragDueAt: Date | null;
  /** When a manager authorised the decision; undefined while it is still open. */
  authorisedAt?: Date | null;
}

export interface Timeliness {
  /** The due time that applies now: the extension when there is one. */
  dueAt: Date;
  /** Whether it was (or, if still open at `now`, still is) within one working day of receipt. */
  withinDecisionTimescale: boolean;
  /** Whether an extension was needed to stay in time. */
  extended: boolean;
  withinAgreedExtension: boolean;
  withinRagTimescale: boolean | null;
}

export function decisionTimeliness(clock: DecisionClock, now: Date): Timeliness {
  const decidedAt = (clock.authorisedAt ?? now).getTime();
  const dueAt = clock.extendedTo ?? clock.decisionDueAt;
  return {
    dueAt,
    withinDecisionTimescale: decidedAt <= clock.decisionDueAt.getTime(),
    extended: clock.extendedTo !== null,
    withinAgreedExtension: decidedAt <= dueAt.getTime(),
    withinRagTimescale: clock.ragDueAt ? decidedAt <= clock.ragDueAt.getTime() : null,
  };
}
