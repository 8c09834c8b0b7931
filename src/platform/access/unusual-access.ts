/**
 * Pure rule: does a member of staff's recent use of records look unusual enough to tell an
 * administrator (and their team's managers)? It never refuses anything: it raises a question for a
 * person to look into, so the thresholds are set to stay quiet through a heavy but ordinary day.
 */

/** How far back the rule looks, and the length of the window an alert is raised once in. */
export const UNUSUAL_ACCESS_WINDOW_MINUTES = 60;

/**
 * Distinct children opened in the window whose open work is neither the user's nor their team's (nor
 * the front door's unallocated queue). A front-door practitioner screens a handful of contacts an
 * hour, and a sibling or a past contact opened along the way is still a few; twenty different
 * children outside one's own work in an hour is a trawl, not casework.
 */
export const OUTSIDE_WORK_CHILDREN_LIMIT = 20;

/**
 * A run of consecutive ids of one kind of record (person 101, 102, 103, ...) opened or tried in the
 * window. Staff reach records from queues and searches, which never list them in id order; eight in a
 * row is someone typing ids into the address bar (records made one after another from one contact
 * seldom exceed four or five children).
 */
export const SEQUENTIAL_ID_RUN_LIMIT = 8;

/**
 * Partner agencies may open only the information requests addressed to them; every other id they try
 * is refused. One or two refusals is a mistyped or stale link; a third different id is probing.
 */
export const PARTNER_REFUSED_LIMIT = 3;

/** Refused ids for council staff: ordinary use rarely meets a "not found" more than a few times. */
export const STAFF_REFUSED_LIMIT = 10;

/** One audited read or refusal, as the rule needs it. */
export interface AccessTrace {
  kind: 'read' | 'refused';
  recordType: string;
  recordId: string | null;
  /** People the read showed, each with whether they are in the user's own (or their team's) open work. */
  people: { personId: number; inOwnWork: boolean }[];
}

export type UnusualAccessReason = 'outside_work' | 'sequential_ids' | 'refused_ids';

export interface UnusualAccessFinding {
  reasons: UnusualAccessReason[];
  /** Distinct children opened that are not in the user's work. */
  outsideWork: number;
  /** The longest run of consecutive ids of one record type. */
  longestRun: number;
  /** Distinct record ids refused. */
  refused: number;
}

/** Judges one user's traces from the last UNUSUAL_ACCESS_WINDOW_MINUTES. */
export function judgeUnusualAccess(
  traces: readonly AccessTrace[],
  user: { partnerAgency: boolean }
): UnusualAccessFinding {
  const outside = new Set<number>();
  for (const trace of traces)
    if (trace.kind === 'read')
      for (const person of trace.people) if (!person.inOwnWork) outside.add(person.personId);

  const refused = new Set(
    traces.filter((trace) => trace.kind === 'refused').map((trace) => `${trace.recordType}:${trace.recordId}`)
  );
  const longestRun = longestConsecutiveRun(traces);

  const reasons: UnusualAccessReason[] = [];
  if (outside.size > OUTSIDE_WORK_CHILDREN_LIMIT) reasons.push('outside_work');
  if (longestRun >= SEQUENTIAL_ID_RUN_LIMIT) reasons.push('sequential_ids');
  if (refused.size >= (user.partnerAgency ? PARTNER_REFUSED_LIMIT : STAFF_REFUSED_LIMIT))
    reasons.push('refused_ids');
  return { reasons, outsideWork: outside.size, longestRun, refused: refused.size };
}

/** The longest run of consecutive whole-number ids of one record type, read or refused. */
export function longestConsecutiveRun(traces: readonly AccessTrace[]): number {
  const byType = new Map<string, Set<number>>();
  for (const trace of traces) {
    if (trace.recordId === null || !/^[1-9]\d{0,15}$/.test(trace.recordId)) continue;
    const ids = byType.get(trace.recordType) ?? new Set<number>();
    ids.add(Number(trace.recordId));
    byType.set(trace.recordType, ids);
  }
  let longest = 0;
  for (const ids of byType.values()) {
    for (const id of ids) {
      if (ids.has(id - 1)) continue; // not the start of a run
      let length = 1;
      while (ids.has(id + length)) length += 1;
      longest = Math.max(longest, length);
    }
  }
  return longest;
}

/** The start of the fixed window `now` falls in: an alert is raised at most once per user per window. */
export function unusualAccessWindowStart(now: Date): Date {
  const size = UNUSUAL_ACCESS_WINDOW_MINUTES * 60_000;
  return new Date(Math.floor(now.getTime() / size) * size);
}
