import { describe, expect, it } from 'vitest';
import { isRelationshipKind, relationshipKindOf, relationshipLabel } from './relationship-kinds.ts';

describe('relationshipKindOf', () => {
  it('takes the practitioner’s choice over the referrer’s words', () => {
    expect(relationshipKindOf('parent_or_carer', 'mum', 'father')).toBe('father');
  });

  it.each([
    ['Mother', 'mother'],
    ['mum', 'mother'],
    ['Dad', 'father'],
    ['stepfather', 'step_parent'],
    ['Step-mum', 'step_parent'],
    ["Mother's partner", 'partner_of_parent'],
    ['mum’s boyfriend', 'partner_of_parent'],
    ['older sister', 'sibling'],
    ['Foster carer', 'carer'],
    ['Special guardian', 'carer'],
  ] as const)('reads "%s" as %s', (words, kind) => {
    expect(relationshipKindOf('household_member', words)).toBe(kind);
  });

  it('does not read a grandmother as a mother, and falls back on the person’s part in the family', () => {
    expect(relationshipKindOf('household_member', 'Grandmother')).toBe('other');
    expect(relationshipKindOf('parent_or_carer', 'Grandmother')).toBe('carer');
    expect(relationshipKindOf('parent_or_carer', undefined)).toBe('carer');
    expect(relationshipKindOf('adult_of_concern', null)).toBe('other');
    expect(relationshipKindOf('sibling', '')).toBe('sibling');
  });
});

describe('relationshipLabel', () => {
  it('reads both ways', () => {
    expect(relationshipLabel('mother', 'to')).toBe('Mother');
    expect(relationshipLabel('mother', 'of')).toBe('Mother of');
    expect(relationshipLabel('sibling', 'of')).toBe('Sibling');
    expect(relationshipLabel('partner_of_parent', 'of')).toBe('Partner of a parent of');
  });

  it('knows only the coded kinds', () => {
    expect(isRelationshipKind('step_parent')).toBe(true);
    expect(isRelationshipKind('uncle')).toBe(false);
    expect(isRelationshipKind(undefined)).toBe(false);
  });
});
