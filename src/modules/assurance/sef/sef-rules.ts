import type { Actor } from '../../../platform/access/actor.ts';
import { isPartnerAgency } from '../../../platform/access/permissions.ts';
import type { SefStatus } from '../../../platform/db/schema.ts';
import { formatUk, UK_FORMATS } from '../../../shared/uk-time.ts';

/*
 * Who may write what in a self-evaluation, and the SEF's period. Pure.
 * - The council's staff run the SEF: its details, checklist, priorities and export.
 * - Every contributor writes entries in any area; an entry is its agency's words, so only the staff of
 *   that agency change it (a partner never edits the council's narrative, nor the council a partner's).
 * - A final SEF is the report as given to the partnership: nothing in it changes until it is reopened.
 */

/** The council's own staff (not a partner agency's). */
export function runsTheSef(actor: Pick<Actor, 'agencyKind'>): boolean {
  return !isPartnerAgency(actor.agencyKind);
}

export function mayEditEntry(actor: Pick<Actor, 'agencyId'>, entry: { agencyId: number }): boolean {
  return actor.agencyId === entry.agencyId;
}

export function isOpenForWriting(status: SefStatus): boolean {
  return status === 'draft';
}

/** The financial year a UK date falls in, as SEFs are usually run: '2026-27', 1 April to 31 March. */
export function financialYearOf(day: string): { label: string; from: string; to: string } {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const start = month >= 4 ? year : year - 1;
  return {
    label: `${start}-${String((start + 1) % 100).padStart(2, '0')}`,
    from: `${start}-04-01`,
    to: `${start + 1}-03-31`,
  };
}

/** A contributor as the report lists them: a partner with their agency. */
export interface Contributor {
  userId: number;
  name: string;
  agencyName: string;
  partner: boolean;
}

/** 'Tom Rowe (Northshire Police)' for a partner; a council member of staff by name. */
export function contributorLabel(contributor: Omit<Contributor, 'userId'>): string {
  return contributor.partner ? `${contributor.name} (${contributor.agencyName})` : contributor.name;
}

/** Each writer once, in the order they first wrote, the lead first. */
export function contributorsInOrder<C extends Contributor>(lead: C, writers: readonly C[]): C[] {
  const seen = new Set<number>();
  return [lead, ...writers].filter((writer) => {
    if (seen.has(writer.userId)) return false;
    seen.add(writer.userId);
    return true;
  });
}

/** Where a priority stands, in words: 'Open', 'Overdue', or 'Closed on 3 May 2027: <outcome>'. */
export function priorityProgress(
  priority: { status: 'open' | 'closed'; dueOn: string; outcome: string | null; closedAt: Date | null },
  today: string
): string {
  if (priority.status === 'closed' && priority.closedAt)
    return `Closed on ${formatUk(priority.closedAt, UK_FORMATS.date)}: ${priority.outcome ?? ''}`;
  return priority.dueOn < today ? 'Overdue' : 'Open';
}
