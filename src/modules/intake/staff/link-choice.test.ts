import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../people/matching/child-candidates.ts';
import { choiceProblem } from './link-choice.ts';

function candidate(id: number, strong: boolean): Candidate {
  const name = { given_name: 'Amina', family_name: 'Begum', date_of_birth: '2017-06-23', sex: 'F' };
  return { id, ...name, postcode: null, reasons: ['same name'], strong };
}

const nobody = { candidates: [], restrictedMayMatch: false };

describe('choiceProblem: tying a described child to the person index', () => {
  it('asks to confirm a new record when nobody is offered, and to choose when someone is', () => {
    expect(choiceProblem(undefined, undefined, nobody)).toEqual({
      field: 'match',
      text: 'Confirm that a new person record should be created',
    });
    expect(choiceProblem(undefined, undefined, { ...nobody, candidates: [candidate(7, false)] })).toEqual({
      field: 'match',
      text: 'Choose the person this child is, or create a new record',
    });
  });

  it('accepts only a person who was offered', () => {
    const offered = { ...nobody, candidates: [candidate(7, false)] };
    expect(choiceProblem('7', undefined, offered)).toBeNull();
    expect(choiceProblem('8', undefined, offered)?.field).toBe('match');
  });

  it('needs a reason for a new record when a strong match is known, not when matches are only possible', () => {
    expect(choiceProblem('new', undefined, { ...nobody, candidates: [candidate(7, true)] })).toEqual({
      field: 'newReason',
      text: 'Say why a new record is needed when a close match is already known',
    });
    expect(choiceProblem('new', 'Twin sister', { ...nobody, candidates: [candidate(7, true)] })).toBeNull();
    expect(choiceProblem('new', undefined, { ...nobody, candidates: [candidate(7, false)] })).toBeNull();
  });

  it('needs a reason for a new record when a restricted record may be this child', () => {
    expect(choiceProblem('new', undefined, { ...nobody, restrictedMayMatch: true })).toEqual({
      field: 'newReason',
      text: 'Say why a new record is needed when a restricted record may match',
    });
    expect(
      choiceProblem('new', 'Different school and area', { ...nobody, restrictedMayMatch: true })
    ).toBeNull();
  });
});
