import type { InvolvementKind, TeamKind } from '../../platform/db/schema.ts';

/** Working Together 2023: a child and family assessment is completed within 45 working days of the referral. */
export const ASSESSMENT_WORKING_DAYS = 45;

export interface InvolvementToOpen {
  kind: InvolvementKind;
  /** Whether the 45-working-day assessment clock runs from the referral. */
  assessment: boolean;
}

/**
 * Pure rule: the involvement a receiving team opens when it accepts a child, from the decision's
 * outcomes (the most serious wins) or, for a handover with no decision, from the kind of team:
 * - a strategy discussion (section 47) → a section 47 enquiry, assessed within 45 working days
 *   (the enquiry is carried out through the child and family assessment);
 * - a child and family assessment (section 17) or a private fostering assessment → an assessment,
 *   45 working days;
 * - "already open: pass to the allocated worker" → child in need, unless the child already has open
 *   involvement, which then stands (`null` with `alreadyOpen`);
 * - early help → early help, no statutory clock.
 * Any other outcome a council has added that hands the child to a team goes by the team's kind, so an
 * accepted handover always leaves the child's record showing who holds the case.
 */
export function involvementOnAcceptance(
  outcomes: readonly string[],
  teamKind: TeamKind,
  alreadyOpen: boolean
): InvolvementToOpen | null {
  if (outcomes.includes('strategy_discussion')) return { kind: 'section_47', assessment: true };
  if (outcomes.includes('assessment') || outcomes.includes('private_fostering'))
    return { kind: 'assessment', assessment: true };
  if (outcomes.includes('already_open'))
    return alreadyOpen ? null : { kind: 'child_in_need', assessment: false };
  if (outcomes.includes('early_help')) return { kind: 'early_help', assessment: false };
  switch (teamKind) {
    case 'child_protection':
      return { kind: 'section_47', assessment: true };
    case 'assessment':
      return { kind: 'assessment', assessment: true };
    case 'early_help':
      return { kind: 'early_help', assessment: false };
    default:
      return alreadyOpen ? null : { kind: 'child_in_need', assessment: false };
  }
}
