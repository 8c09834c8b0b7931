import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ContactChildStatus } from '../../platform/db/schema.ts';
import { recordJourneyEvent, type JourneyEventInput } from './journey-events.ts';

/*
 * The status of a child's part of a contact, and the only place it changes. Each move names the
 * statuses it may leave and the one it reaches; moveCase applies a move in the caller's transaction.
 */

/** Statuses in which the front door's work on the child is done: decided, and handed over or closed. */
export const DECIDED_STATUSES = ['awaiting_handover', 'completed'] as const satisfies ContactChildStatus[];

export function isDecided(status: ContactChildStatus): boolean {
  return (DECIDED_STATUSES as readonly ContactChildStatus[]).includes(status);
}

const UNDECIDED: readonly ContactChildStatus[] = [
  'new',
  'screening',
  'awaiting_information',
  'awaiting_decision',
  'awaiting_authorisation',
];

interface Move {
  from: readonly ContactChildStatus[];
  to: ContactChildStatus;
  /**
   * Whether the move follows from a partner's answer or a first rating rather than a person deciding:
   * it is skipped when the child is elsewhere, and leaves the version alone so a form opened before it
   * can still be saved. Every other move is refused from any status it does not list.
   */
  automatic?: true;
}

export const CASE_MOVES = {
  start_screening: { from: ['new'], to: 'screening', automatic: true },
  await_information: { from: ['new', 'screening'], to: 'awaiting_information', automatic: true },
  information_complete: { from: ['awaiting_information'], to: 'screening', automatic: true },
  propose_decision: { from: UNDECIDED, to: 'awaiting_authorisation' },
  return_decision: { from: UNDECIDED, to: 'awaiting_decision' },
  complete_without_handover: { from: UNDECIDED, to: 'completed' },
  offer_handover: { from: UNDECIDED, to: 'awaiting_handover' },
  accept_handover: { from: ['awaiting_handover'], to: 'completed' },
  return_handover: { from: ['awaiting_handover'], to: 'awaiting_decision' },
} as const satisfies Record<string, Move>;

export type CaseMove = keyof typeof CASE_MOVES;

/** Thrown when a move is asked of a child in a status it cannot leave that way: a bug, not a user error. */
export class CaseMoveError extends Error {
  constructor(move: CaseMove, from: ContactChildStatus) {
    super(`A child's contact in status ${from} cannot take the move ${move}`);
    this.name = 'CaseMoveError';
  }
}

/** The status a move reaches from `current`; null when an automatic move does not apply. */
export function statusAfter(move: CaseMove, current: ContactChildStatus): ContactChildStatus | null {
  const rule: Move = CASE_MOVES[move];
  if (rule.from.includes(current)) return rule.to;
  if (rule.automatic) return null;
  throw new CaseMoveError(move, current);
}

/** Fields a move sets with the status: who holds the work, and when the front door finished with it. */
export interface CaseMoveEffects {
  teamId?: number;
  workerId?: number | null;
}

/**
 * Moves a child's part of a contact on, in the caller's transaction: the status, completed_at (set on
 * reaching "completed", cleared on leaving it), the version for a move a person made, and, when given,
 * the journey event. Answers whether the move was made (an automatic one may not apply).
 */
export async function moveCase(
  trx: Db,
  contactChildId: number,
  move: CaseMove,
  options: { at: Date; effects?: CaseMoveEffects; event?: Omit<JourneyEventInput, 'contactChildId' | 'at'> }
): Promise<boolean> {
  const current = await trx
    .selectFrom('contact_child')
    .where('id', '=', contactChildId)
    .select('status')
    .forUpdate()
    .executeTakeFirstOrThrow();
  const next = statusAfter(move, current.status);
  if (next === null) return false;
  const automatic = 'automatic' in CASE_MOVES[move];
  await trx
    .updateTable('contact_child')
    .set({
      status: next,
      completed_at: next === 'completed' ? options.at : null,
      ...(options.effects?.teamId !== undefined ? { team_id: options.effects.teamId } : {}),
      ...(options.effects?.workerId !== undefined ? { worker_id: options.effects.workerId } : {}),
      ...(automatic ? {} : { version: sql<number>`version + 1` }),
    })
    .where('id', '=', contactChildId)
    .execute();
  if (options.event) await recordJourneyEvent(trx, { ...options.event, contactChildId, at: options.at });
  return true;
}
