import { describe, expect, it } from 'vitest';
import { parseExtension, parseVerdict } from './case-forms.ts';

const reason = 'Waiting for the health visitor, who is back on Tuesday.';
const until = { 'until-day': '24', 'until-month': '11', 'until-year': '2026', 'until-time': '12:00' };

describe('the extension form', () => {
  it('reads the new due date and time as UK time, in winter and in summer', () => {
    expect(parseExtension({ version: '3', reason, ...until })).toEqual({
      success: true,
      data: { version: 3, reason, until: new Date('2026-11-24T12:00:00Z') },
    });
    const summer = parseExtension({
      version: '3',
      reason,
      'until-day': ' 1 ',
      'until-month': '6',
      'until-year': '2027',
      'until-time': '9:30',
    });
    expect(summer.success && summer.data.until).toEqual(new Date('2027-06-01T08:30:00Z'));
  });

  it('reports every problem at once, in the order of the form, each against its box', () => {
    const empty = parseExtension({});
    expect(empty.success).toBe(false);
    if (empty.success) return;
    expect(empty.errors.summary).toEqual([
      { text: 'Reload the page and try again', href: '#version' },
      { text: 'Enter the new due date', href: '#until' },
      { text: 'Enter the new due time, for example 14:00', href: '#until-time' },
      { text: 'Give the reason the decision needs longer', href: '#reason' },
    ]);
    expect(Object.keys(empty.errors.fields)).toEqual(['version', 'until', 'until-time', 'reason']);
  });

  it('words each date and time problem as GOV.UK does', () => {
    const problem = (fields: Record<string, string>) => {
      const parsed = parseExtension({ version: '1', reason, ...fields });
      return parsed.success ? [] : parsed.errors.summary.map((item) => item.text);
    };
    expect(problem({ ...until, 'until-month': '' })).toEqual([
      'The new due date must include a day, month and year',
    ]);
    expect(problem({ ...until, 'until-day': '31' })).toEqual([
      'The new due date must be a real date, for example 27 3 2015',
    ]);
    expect(problem({ ...until, 'until-day': '3rd' })).toEqual([
      'The new due date must be a real date, with the day, month and year as numbers, for example 27 3 2015',
    ]);
    expect(problem({ ...until, 'until-year': '2101' })).toEqual([
      'The new due date must be between 1900 and 2100',
    ]);
    expect(problem({ ...until, 'until-time': '2pm' })).toEqual([
      'Enter the new due time using the 24-hour clock, for example 14:00',
    ]);
    expect(problem({ ...until, 'until-time': '' })).toEqual(['Enter the new due time, for example 14:00']);
    expect(problem({ ...until, 'until-day': '', 'until-month': '', 'until-year': '' })).toEqual([
      'Enter the new due date',
    ]);
    expect(problem({ ...until, 'until-month': '13', 'until-time': '' })).toEqual([
      'The new due date must be a real date, for example 27 3 2015',
      'Enter the new due time, for example 14:00',
    ]);
  });
});

describe("a manager's verdict", () => {
  it('needs the reason when the decision is returned, and a choice either way', () => {
    expect(parseVerdict('verdict', { version: '2', verdict: 'authorise' })).toEqual({
      success: true,
      data: { version: 2, verdict: 'authorise', comment: undefined },
    });
    const returned = parseVerdict('second', { version: '2', verdict: 'return', comment: '  ' });
    expect(returned.success || returned.errors.fields).toEqual({
      comment: { text: 'Say why you are returning the decision, so the practitioner can act on it' },
    });
    const none = parseVerdict('second', { version: '2' });
    expect(none.success || none.errors.fields.verdict).toEqual({
      text: 'Choose whether to sign off the decision or return it',
    });
  });
});
