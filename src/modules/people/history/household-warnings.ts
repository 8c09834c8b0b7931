import type { InvolvementKind } from '../../../platform/db/schema.ts';
import { describeCode } from '../code-labels.ts';
import { formatDay } from './calendar-months.ts';

/** Warnings a screener must see before anything else, from the involvement we hold. Pure. */

export interface Involvement {
  personId: number;
  kind: InvolvementKind;
  /** 'YYYY-MM-DD'. */
  startedOn: string;
  endedOn: string | null;
  /** Who holds it, when recorded. */
  teamName?: string | null;
  workerName?: string | null;
  /** 'YYYY-MM-DD': when an assessment (or section 47 enquiry) must be complete. */
  assessmentDueOn?: string | null;
}

export interface NamedMember {
  id: number;
  given_name: string;
  family_name: string;
  relationship: string;
}

/** Involvement that means a child is already at risk of significant harm or in the council's care. */
const SERIOUS: Partial<Record<InvolvementKind, string>> = {
  child_protection_plan: 'is on a child protection plan',
  looked_after: 'is looked after',
};

/** Open on `today`: started, and not ended (an involvement ending today is closed). */
export function isOpenOn(involvement: Involvement, today: string): boolean {
  return involvement.startedOn <= today && (involvement.endedOn === null || involvement.endedOn > today);
}

/** Serious open involvement of this child first, then of the people in their household, then restrictions. */
export function householdWarnings(
  subjectId: number,
  members: NamedMember[],
  openInvolvements: Involvement[],
  restrictedCount: number
): string[] {
  const serious = openInvolvements.filter((involvement) => SERIOUS[involvement.kind]);
  const aboutSubject = serious
    .filter((involvement) => involvement.personId === subjectId)
    .map((involvement) => `This child ${describeInvolvement(involvement)}`);
  const aboutMembers = members.flatMap((member) =>
    serious
      .filter((involvement) => involvement.personId === member.id)
      .map((involvement) => `${memberName(member)} ${describeInvolvement(involvement)}`)
  );
  return [...aboutSubject, ...aboutMembers, ...restrictedWarning(restrictedCount)];
}

function describeInvolvement(involvement: Involvement): string {
  return `${SERIOUS[involvement.kind]}, since ${formatDay(involvement.startedOn)}.`;
}

/**
 * One open involvement in a sentence for the top of a child's history, so the next contact sees
 * who holds the case: "Child and family assessment with Assessment Team, worker Sam Lee, since
 * 20 November 2026. Assessment due 27 January 2027."
 */
export function describeOpenInvolvement(involvement: Involvement): string {
  const holder = [
    involvement.teamName ? ` with ${involvement.teamName}` : '',
    involvement.workerName ? `, worker ${involvement.workerName}` : '',
  ].join('');
  const due = involvement.assessmentDueOn ? ` Assessment due ${formatDay(involvement.assessmentDueOn)}.` : '';
  return `${describeCode('involvement', involvement.kind)}${holder}, since ${formatDay(involvement.startedOn)}.${due}`;
}

function memberName(member: NamedMember): string {
  return `${describeCode('relationship', member.relationship)} ${member.given_name} ${member.family_name}`;
}

function restrictedWarning(restrictedCount: number): string[] {
  if (!restrictedCount) return [];
  const records = restrictedCount === 1 ? '1 restricted record' : `${restrictedCount} restricted records`;
  return [`This household includes ${records}. Ask your team manager if you need to know more.`];
}
