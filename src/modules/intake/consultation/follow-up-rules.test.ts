import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../shared/working-time.ts';
import { followUpDueAt, followUpState } from './follow-up-rules.ts';

describe('when an advised referral is followed up', () => {
  it('is 2 working days after the consultation, skipping the weekend', () => {
    // Friday 20 November 2026, 09:40 GMT: due Tuesday 24 November at the same time.
    expect(followUpDueAt(new Date('2026-11-20T09:40:00Z'), true, DEFAULT_CALENDAR)).toEqual(
      new Date('2026-11-24T09:40:00Z')
    );
  });

  it('skips bank holidays and counts from the next opening when the front door is closed', () => {
    // Thursday 24 December 2026, 21:00 (closed): the next opening is Tuesday 29 December 08:00
    // (Christmas and the Boxing Day substitute are bank holidays), so due Thursday 31 December 08:00.
    expect(followUpDueAt(new Date('2026-12-24T21:00:00Z'), true, DEFAULT_CALENDAR)).toEqual(
      new Date('2026-12-31T08:00:00Z')
    );
    // Sunday 3 a.m. counts from Monday's opening.
    expect(followUpDueAt(new Date('2026-11-22T03:00:00Z'), true, DEFAULT_CALENDAR)).toEqual(
      new Date('2026-11-25T08:00:00Z')
    );
  });

  it('has no follow-up when no referral was advised', () => {
    expect(followUpDueAt(new Date('2026-11-20T09:40:00Z'), false, DEFAULT_CALENDAR)).toBeNull();
  });

  it('is overdue from its due moment until a contact arrives', () => {
    const dueAt = new Date('2026-11-24T09:40:00Z');
    expect(followUpState({ dueAt, contactArrived: false }, new Date('2026-11-24T09:39:59Z'))).toBe('waiting');
    expect(followUpState({ dueAt, contactArrived: false }, dueAt)).toBe('overdue');
    expect(followUpState({ dueAt, contactArrived: true }, new Date('2026-12-01T00:00:00Z'))).toBe('arrived');
    expect(followUpState({ dueAt: null, contactArrived: false }, dueAt)).toBe('not_expected');
  });
});
