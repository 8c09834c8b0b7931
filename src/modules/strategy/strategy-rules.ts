import type { AgencyKind, Role, StrategyEscalationOutcome } from '../../platform/db/schema.ts';
import { isPartnerAgency } from '../../platform/access/permissions.ts';
import { meaningfulTextProblem } from '../../shared/meaningful-text.ts';

/*
 * Pure rules for who chairs a strategy discussion and what happens when a statutory agency is not
 * there. Children's social care convenes and chairs the discussion; local procedures (e.g. Greater
 * Manchester's, in ../shared/reference) expect a social work manager among its minimum attendees, so
 * a chair who is not a manager (out of hours, say, with no manager on duty) must be explained.
 */

/** Council roles that do social work, so can chair a discussion. */
export const CHAIR_ROLES: readonly Role[] = [
  'team_manager',
  'service_manager',
  'front_door_practitioner',
  'out_of_hours_worker',
];

/** Social work managers: the chair expected. */
export const MANAGER_ROLES: readonly Role[] = ['team_manager', 'service_manager'];

export interface ChairFacts {
  role: Role;
  agencyKind: AgencyKind;
  active: boolean;
}

/** A problem with the chair chosen, against its field, or null when the chair may chair. */
export function chairProblem(
  chair: ChairFacts | undefined,
  notManagerReason: string | undefined
): { field: 'chair' | 'chairReason'; message: string } | null {
  if (!chair || !chair.active)
    return { field: 'chair', message: 'Select who chaired the strategy discussion' };
  if (isPartnerAgency(chair.agencyKind) || !CHAIR_ROLES.includes(chair.role))
    return {
      field: 'chair',
      message: 'The chair must be a social worker or manager in children’s social care, not another agency',
    };
  if (MANAGER_ROLES.includes(chair.role)) return null;
  const problem = meaningfulTextProblem(notManagerReason, {
    minWords: 5,
    message:
      'The chair is not a social work manager. Say in at least 5 words why a manager did not chair, for ' +
      'example: out of hours, no manager on duty, the duty manager was told',
  });
  return problem ? { field: 'chairReason', message: problem } : null;
}

/** How an escalation was closed: what was done about the agency's absence. */
export const ESCALATION_OUTCOMES: Record<StrategyEscalationOutcome, string> = {
  reconvened: 'The discussion was reconvened with the agency',
  information_obtained: 'The agency’s information was obtained and shared after the discussion',
  raised_with_agency: 'Raised with the agency’s manager under the escalation protocol',
  no_further_action: 'No further action: the decision stands without the agency',
};

export type EscalationClose = { outcome: StrategyEscalationOutcome; note: string };

/** The close form: an outcome, and what was done in words. */
export function parseEscalationClose(
  values: Record<string, string | undefined>
): { ok: true; value: EscalationClose } | { ok: false; field: string; message: string } {
  const outcome = values.outcome as StrategyEscalationOutcome | undefined;
  if (!outcome || !(outcome in ESCALATION_OUTCOMES))
    return { ok: false, field: 'outcome', message: 'Select what was done about the agency’s absence' };
  const note = String(values.note ?? '').trim();
  if (note.length > 5_000)
    return { ok: false, field: 'note', message: 'What was done must be 5,000 characters or fewer' };
  const problem = meaningfulTextProblem(note, {
    minWords: 5,
    message:
      'Say in at least 5 words what was done: who you spoke to at the agency, and what they shared or agreed',
  });
  if (problem) return { ok: false, field: 'note', message: problem };
  return { ok: true, value: { outcome, note } };
}
