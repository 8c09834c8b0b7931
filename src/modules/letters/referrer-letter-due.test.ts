import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../shared/working-time.ts';
import { referrerCanBeWritten, referrerLetterDueAt, referrerLetterStatus } from './referrer-letter-due.ts';

const FRIDAY_TEN = new Date('2026-11-20T10:00:00Z');
const MONDAY_TEN = new Date('2026-11-23T10:00:00Z');

describe('the letter to the referrer', () => {
  it('is due one working day after the decision is authorised', () => {
    expect(referrerLetterDueAt(FRIDAY_TEN, DEFAULT_CALENDAR)).toEqual(MONDAY_TEN);
    // Authorised on a Saturday: the day counts from Monday's opening.
    expect(referrerLetterDueAt(new Date('2026-11-21T10:00:00Z'), DEFAULT_CALENDAR)).toEqual(
      new Date('2026-11-24T08:00:00Z')
    );
  });

  it('is due, then overdue, then sent (late or on time)', () => {
    const letter = { authorisedAt: FRIDAY_TEN, firstSentAt: null, needed: true };
    expect(referrerLetterStatus(letter, new Date('2026-11-23T09:59:00Z'), DEFAULT_CALENDAR)).toEqual({
      state: 'due',
      dueAt: MONDAY_TEN,
    });
    expect(referrerLetterStatus(letter, new Date('2026-11-23T10:01:00Z'), DEFAULT_CALENDAR).state).toBe(
      'overdue'
    );
    const late = new Date('2026-11-24T09:00:00Z');
    expect(referrerLetterStatus({ ...letter, firstSentAt: late }, late, DEFAULT_CALENDAR)).toEqual({
      state: 'sent',
      dueAt: MONDAY_TEN,
      sentAt: late,
      late: true,
    });
  });

  it('is not needed for an anonymous referrer or one who left no way to reach them', () => {
    const referrer = { referralSource: '1B', name: null, email: null, phone: null, organisation: null };
    expect(referrerCanBeWritten({ ...referrer, referralSource: '9', name: 'A neighbour' })).toBe(false);
    expect(referrerCanBeWritten(referrer)).toBe(false);
    expect(referrerCanBeWritten({ ...referrer, email: 'someone@example.org' })).toBe(true);
    expect(
      referrerLetterStatus(
        { authorisedAt: FRIDAY_TEN, firstSentAt: null, needed: false },
        MONDAY_TEN,
        DEFAULT_CALENDAR
      )
    ).toEqual({ state: 'not_needed' });
  });
});
