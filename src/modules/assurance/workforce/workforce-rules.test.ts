import { describe, expect, it } from 'vitest';
import { parseEmployment, parseEstablishment, parseSupervision } from './workforce-forms.ts';
import { postFigures, supervisionStatus, timeInTeam } from './workforce-rules.ts';

const TODAY = '2026-11-20';

describe('supervision held against due', () => {
  it('is due every N weeks from the last supervision and counts the last 26 weeks', () => {
    const status = supervisionStatus({
      startedOn: '2020-01-06',
      held: ['2026-06-01', '2026-07-01', '2026-09-15', '2026-10-13', '2027-01-01'],
      everyWeeks: 4,
      today: TODAY,
    });
    expect(status.lastHeld).toBe('2026-10-13'); // a future date is not held yet
    expect(status.nextDue).toBe('2026-11-10');
    expect(status.overdueDays).toBe(10);
    expect(status.heldInWindow).toBe(4); // 2026-05-22 onwards
    expect(status.dueInWindow).toBe(6); // floor(182 / 28)
  });

  it('counts from the start date for a new starter and knows nothing without dates', () => {
    const starter = supervisionStatus({ startedOn: '2026-10-30', held: [], everyWeeks: 2, today: TODAY });
    expect(starter).toMatchObject({ nextDue: '2026-11-13', overdueDays: 7, heldInWindow: 0, dueInWindow: 1 });
    const unknown = supervisionStatus({ startedOn: null, held: [], everyWeeks: 4, today: TODAY });
    expect(unknown).toMatchObject({ lastHeld: null, nextDue: null, overdueDays: 0 });
  });
});

describe('time in the team', () => {
  it('says years and months, or weeks for the first month', () => {
    expect(timeInTeam('2024-08-10', TODAY)).toBe('2 years 3 months');
    expect(timeInTeam('2025-11-20', TODAY)).toBe('1 year');
    expect(timeInTeam('2026-06-01', TODAY)).toBe('5 months');
    expect(timeInTeam('2026-11-01', TODAY)).toBe('2 weeks');
    expect(timeInTeam('2026-11-19', TODAY)).toBe('0 weeks');
  });
});

describe('posts and vacancies', () => {
  const permanent = (fte: number) => ({ employment: { type: 'permanent' as const, fte } });
  const agency = { employment: { type: 'agency' as const, fte: 1 } };

  it('counts vacancies as the posts permanent staff do not fill, agency staff apart', () => {
    expect(postFigures(6, [permanent(1), permanent(0.6), agency, agency])).toEqual({
      posts: 6,
      permanent: 1.6,
      agency: 2,
      vacancies: 4.4,
      notRecorded: 0,
    });
  });

  it('does not show vacancies without an establishment or while someone’s employment is unknown', () => {
    expect(postFigures(null, [permanent(1)]).vacancies).toBeNull();
    expect(postFigures(5, [permanent(1), { employment: null }])).toMatchObject({
      vacancies: null,
      notRecorded: 1,
    });
  });
});

describe('the workforce forms', () => {
  it('reads an establishment and says what is wrong with each box', () => {
    const good = parseEstablishment(
      {
        'effectiveFrom-day': '1',
        'effectiveFrom-month': '4',
        'effectiveFrom-year': '2026',
        practitionerPosts: '12.5',
        managerPosts: '3',
        supervisionEveryWeeks: '4',
      },
      TODAY
    );
    expect(good).toEqual({
      ok: true,
      value: {
        effectiveFrom: '2026-04-01',
        practitionerPosts: 12.5,
        managerPosts: 3,
        supervisionEveryWeeks: 4,
      },
    });
    const bad = parseEstablishment(
      {
        'effectiveFrom-day': '1',
        'effectiveFrom-month': '12',
        'effectiveFrom-year': '2026',
        practitionerPosts: '12.25',
        managerPosts: 'three',
        supervisionEveryWeeks: '27',
      },
      TODAY
    );
    expect(bad.ok ? [] : bad.errors.summary.map((item) => item.text)).toEqual([
      'Date the establishment starts must be today or in the past',
      'Practitioner posts can have at most one decimal place',
      'Manager posts must be a number, like 12 or 12.5',
      'Weeks between supervisions must be between 1 and 26',
    ]);
    const empty = parseEstablishment({}, TODAY);
    expect(empty.ok ? [] : empty.errors.summary.map((item) => item.href)).toEqual([
      '#effectiveFrom',
      '#practitionerPosts',
      '#managerPosts',
      '#supervisionEveryWeeks',
    ]);
  });

  it('reads employment and a supervision, refusing anyone not offered', () => {
    const employment = parseEmployment(
      {
        employmentType: 'locum',
        'startedOn-day': '31',
        'startedOn-month': '2',
        'startedOn-year': '2025',
        fte: '1.2',
      },
      TODAY
    );
    expect(employment.ok ? [] : employment.errors.summary.map((item) => item.text)).toEqual([
      'Select whether they are permanent or agency staff',
      'Date they started in the team must be a real date, for example 27 3 2015',
      'Full-time equivalent must be between 0.1 and 1',
    ]);
    const offered = { staff: new Set([5]), supervisors: new Set([9]) };
    const dates = { 'heldOn-day': '14', 'heldOn-month': '11', 'heldOn-year': '2026' };
    expect(parseSupervision({ staffUserId: '5', supervisorId: '', ...dates }, TODAY, offered)).toEqual({
      ok: true,
      value: { staffUserId: 5, heldOn: '2026-11-14', supervisorId: null },
    });
    const refused = parseSupervision({ staffUserId: '6', supervisorId: '7', ...dates }, TODAY, offered);
    expect(refused.ok ? [] : refused.errors.summary.map((item) => item.href)).toEqual([
      '#staffUserId',
      '#supervisorId',
    ]);
  });
});
