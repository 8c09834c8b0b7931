/** One answer to pick from: its stored value and the words people see. */
export interface Choice {
  value: string;
  text: string;
}

/** The kinds of organisation a professional works for; each value is its CIN census referral source. */
export const AGENCY_TYPES: readonly Choice[] = [
  { value: '2A', text: 'School, college or nursery' },
  { value: '2B', text: 'Other education service, for example education welfare' },
  { value: '3A', text: 'GP practice' },
  { value: '3B', text: 'Health visiting' },
  { value: '3C', text: 'School nursing' },
  { value: '3D', text: 'Midwifery or another community health service' },
  { value: '3E', text: 'Emergency department (A&E)' },
  { value: '3F', text: 'Hospital, mental health or another health service' },
  { value: '4', text: 'Housing' },
  { value: '5A', text: 'Adult social care' },
  { value: '5B', text: 'Another service of this council' },
  { value: '5C', text: 'Another council' },
  { value: '5D', text: 'Early help' },
  { value: '6', text: 'Police' },
  { value: '7', text: 'Probation, courts, prison or Cafcass' },
  { value: '8', text: 'Charity, voluntary or another organisation' },
];

/** How a member of the public knows the child; each value is its CIN census referral source. */
export const RELATIONSHIPS: readonly Choice[] = [
  { value: '1A', text: 'Family member or carer' },
  { value: '1B', text: 'Neighbour, friend or someone who knows the family' },
  { value: '1D', text: 'Someone else' },
];

/** Common worries, as CIN census assessment factor codes, so screening starts from what was ticked. */
export const CONCERNS: readonly Choice[] = [
  { value: '16A', text: 'Neglect' },
  { value: '18C', text: 'Physical abuse by an adult' },
  { value: '17A', text: 'Emotional abuse' },
  { value: '19C', text: 'Sexual abuse by an adult' },
  { value: '3B', text: 'Domestic abuse between adults at home' },
  { value: '4B', text: 'A parent’s or carer’s mental health' },
  { value: '1B', text: 'A parent’s or carer’s alcohol use' },
  { value: '2B', text: 'A parent’s or carer’s drug use' },
  { value: '4A', text: 'The child’s mental health' },
  { value: '15A', text: 'Self-harm' },
  { value: '10A', text: 'Going missing' },
  { value: '11A', text: 'Child sexual exploitation' },
  { value: '24A', text: 'Child criminal exploitation' },
  { value: '22A', text: 'Female genital mutilation' },
];

export const CONSENT_CHOICES: readonly Choice[] = [
  { value: 'given', text: 'Yes, the family agrees' },
  { value: 'refused', text: 'No, the family does not agree' },
  { value: 'not_sought', text: 'I have not asked the family' },
];

export const YES_NO: readonly Choice[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

export const YES_NO_NOT_SURE: readonly Choice[] = [...YES_NO, { value: 'not_sure', text: 'I’m not sure' }];

export const FAMILY_KNOWS_CHOICES = YES_NO_NOT_SURE;

export function textOf(choices: readonly Choice[], value: string): string {
  return choices.find((choice) => choice.value === value)?.text ?? value;
}

/**
 * GOV.UK radios, checkboxes or select items with the chosen values marked, and any questions that
 * open under a choice (`conditionals`: HTML by value).
 */
export function choiceItems(
  choices: readonly Choice[],
  chosen: unknown,
  conditionals: Record<string, string> = {}
) {
  const picked = new Set([chosen].flat());
  return choices.map((choice) => ({
    ...choice,
    checked: picked.has(choice.value),
    selected: picked.has(choice.value),
    conditional: conditionals[choice.value] ? { html: conditionals[choice.value] } : undefined,
  }));
}
