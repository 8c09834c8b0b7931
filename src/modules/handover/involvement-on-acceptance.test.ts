import { describe, expect, it } from 'vitest';
import { involvementOnAcceptance } from './involvement-on-acceptance.ts';

describe('involvementOnAcceptance', () => {
  it('opens an assessment with its 45-working-day clock for a section 17 assessment', () => {
    expect(involvementOnAcceptance(['assessment'], 'assessment', false)).toEqual({
      kind: 'assessment',
      assessment: true,
    });
    expect(involvementOnAcceptance(['private_fostering'], 'assessment', false)).toEqual({
      kind: 'assessment',
      assessment: true,
    });
  });

  it('opens a section 47 enquiry for a strategy discussion, whatever else was chosen', () => {
    expect(involvementOnAcceptance(['early_help', 'strategy_discussion'], 'child_protection', false)).toEqual(
      {
        kind: 'section_47',
        assessment: true,
      }
    );
  });

  it('opens early help with no statutory clock', () => {
    expect(involvementOnAcceptance(['early_help'], 'early_help', false)).toEqual({
      kind: 'early_help',
      assessment: false,
    });
  });

  it('leaves an already open case as it is, and opens child in need when nothing is open', () => {
    expect(involvementOnAcceptance(['already_open'], 'assessment', true)).toBeNull();
    expect(involvementOnAcceptance(['already_open'], 'assessment', false)).toEqual({
      kind: 'child_in_need',
      assessment: false,
    });
  });

  it("goes by the team's kind for a handover with no decision or an outcome a council added", () => {
    expect(involvementOnAcceptance([], 'child_protection', false)).toEqual({
      kind: 'section_47',
      assessment: true,
    });
    expect(involvementOnAcceptance(['council_added'], 'assessment', false)).toEqual({
      kind: 'assessment',
      assessment: true,
    });
    expect(involvementOnAcceptance([], 'early_help', false)).toEqual({
      kind: 'early_help',
      assessment: false,
    });
    expect(involvementOnAcceptance([], 'front_door', false)).toEqual({
      kind: 'child_in_need',
      assessment: false,
    });
    expect(involvementOnAcceptance([], 'front_door', true)).toBeNull();
  });
});
