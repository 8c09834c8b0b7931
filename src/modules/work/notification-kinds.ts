/**
 * What the deadline sweep raises (see runDeadlineSweep for who is told). The "duty manager" is each
 * team manager of the front-door team: breaches and near-breaches of immediate risk reach them day
 * and night, and out of hours they also go to the out-of-hours (emergency duty) team.
 */
export const NOTIFICATION_KINDS = {
  rag_due_soon: 'RAG due soon',
  rag_breached: 'RAG timescale missed',
  red_out_of_hours: 'Immediate risk out of hours',
  icpc_due_soon: 'Child protection conference due soon',
  icpc_overdue: 'Child protection conference overdue',
  decision_due_soon: 'Decision due soon',
  decision_breached: 'Decision overdue',
  authorisation_overdue: 'Waiting for authorisation',
  information_overdue: 'Partner information overdue',
  information_chase: 'Information request overdue',
  referrer_letter_overdue: 'Letter to the referrer overdue',
  restricted_match_review: 'Possible match to a restricted record',
  unusual_access: 'Unusual access to records',
  break_glass: 'Emergency access to a restricted record',
  audit_action_overdue: 'Audit action overdue',
  consultation_follow_up: 'Advised referral not received',
  /** Police, health or children's social care missing from a strategy discussion: to the owning team's managers. */
  strategy_agency_absent: 'Agency missing from a strategy discussion',
  sef_priority_overdue: 'Self-evaluation priority overdue',
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Addressed to the front-door team, but only for those who can act on it: its managers. */
export const MANAGER_ONLY_KINDS: NotificationKind[] = ['authorisation_overdue'];

/** Warnings of what is coming due; every other kind is something already late. */
export const WARNING_KINDS: NotificationKind[] = ['rag_due_soon', 'decision_due_soon', 'icpc_due_soon'];

export function notificationLabel(kind: string): string {
  return NOTIFICATION_KINDS[kind as NotificationKind] ?? kind;
}

/**
 * Where a notification takes its reader: a partner agency to its request, a conference date to its
 * strategy discussion, an audit action to the actions list, staff to the child's screening.
 */
export function notificationLink(row: {
  kind: string;
  contact_child_id: number | null;
  information_request_id: number | null;
  strategy_discussion_id?: number | null;
}): string | null {
  if (row.kind === 'audit_action_overdue') return '/assurance/actions';
  if (row.kind === 'break_glass') return '/people/restricted/emergency-access';
  if (row.kind === 'consultation_follow_up') return '/consultations/follow-ups';
  if (row.kind === 'sef_priority_overdue') return '/assurance/sef';
  if (row.kind === 'information_chase' && row.information_request_id !== null)
    return `/information-requests/${row.information_request_id}`;
  if (row.strategy_discussion_id) return `/strategy-discussions/${row.strategy_discussion_id}`;
  return row.contact_child_id === null ? null : `/screening/${row.contact_child_id}`;
}
