import type { RelationshipKind } from '../../../platform/db/schema.ts';

/**
 * How a person named on a contact is related to its children, in both directions: on the child's
 * record "Mother: Jane Smith", on Jane's "Mother of: Amy Smith". Pure.
 */

export const RELATIONSHIP_KINDS: readonly { value: RelationshipKind; toChild: string; ofChild: string }[] = [
  { value: 'mother', toChild: 'Mother', ofChild: 'Mother of' },
  { value: 'father', toChild: 'Father', ofChild: 'Father of' },
  { value: 'step_parent', toChild: 'Step-parent', ofChild: 'Step-parent of' },
  { value: 'carer', toChild: 'Carer', ofChild: 'Carer of' },
  { value: 'partner_of_parent', toChild: 'Partner of a parent', ofChild: 'Partner of a parent of' },
  { value: 'sibling', toChild: 'Sibling', ofChild: 'Sibling' },
  { value: 'other', toChild: 'Other', ofChild: 'Other relationship to' },
];

export function isRelationshipKind(value: unknown): value is RelationshipKind {
  return RELATIONSHIP_KINDS.some((kind) => kind.value === value);
}

/** The words a relationship is shown with, seen from `side`: the child's record ('to') or the relative's ('of'). */
export function relationshipLabel(kind: RelationshipKind, side: 'to' | 'of'): string {
  const found = RELATIONSHIP_KINDS.find((option) => option.value === kind)!;
  return side === 'to' ? found.toChild : found.ofChild;
}

/** Words referrers use, checked in order: "mother's partner" is a partner, not a mother. */
const WORDS: readonly [RegExp, RelationshipKind][] = [
  [/partner|boyfriend|girlfriend|husband|wife/, 'partner_of_parent'],
  [/step/, 'step_parent'],
  [/\b(mother|mum|mom|mam)\b/, 'mother'],
  [/\b(father|dad|daddy)\b/, 'father'],
  [/\b(brother|sister|sibling)\b/, 'sibling'],
  [/carer|guardian|foster|kinship|special guardian/, 'carer'],
];

/**
 * The relationship an adult named on a contact has to its children: as chosen, else read from the
 * referrer's words, else what their part in the family implies (a parent or carer with no words is
 * recorded as a carer; anyone else as "other", with the words kept as the detail).
 */
export function relationshipKindOf(
  role: 'parent_or_carer' | 'household_member' | 'adult_of_concern' | 'sibling',
  words: string | null | undefined,
  chosen?: RelationshipKind
): RelationshipKind {
  if (chosen) return chosen;
  const text = (words ?? '').toLowerCase().replace(/[’']s\b/g, 's');
  const found = WORDS.find(([pattern]) => pattern.test(text));
  if (found) return found[1];
  if (role === 'sibling') return 'sibling';
  return role === 'parent_or_carer' ? 'carer' : 'other';
}
