import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../shared/working-time.ts';
import {
  closureProblem,
  conferenceDayProblem,
  disabilitiesProblem,
  factorsProblem,
  formerUpnProblem,
  identityProblems,
  planEndProblem,
  upnProblem,
  type EpisodeActivity,
} from './onward-rules.ts';

describe('assessment factors', () => {
  it('accepts census codes, and 21 on its own', () => {
    expect(factorsProblem(['3A', '16A', '24A'])).toBeNull();
    expect(factorsProblem(['21'])).toBeNull();
  });

  it('refuses a code that does not exist, naming it', () => {
    expect(factorsProblem(['3A', '99Z'])).toBe(
      '‘99Z’ is not an assessment factor code. Choose the factors from the list'
    );
  });

  it('refuses 21 with other factors (rule 8869), a repeated factor (8898) and the unsplit 18A/19A', () => {
    expect(factorsProblem(['21', '3A'])).toBe(
      'You cannot choose ‘No factors identified’ (21) together with other factors'
    );
    expect(factorsProblem(['3A', '3A'])).toBe('Choose each factor only once');
    expect(factorsProblem(['18A'])).toMatch(/^Factor 18A is no longer used: choose 18B/);
    expect(factorsProblem(['19A'])).toMatch(/^Factor 19A is no longer used: choose 19B/);
  });
});

describe('disabilities', () => {
  it('accepts several codes, or NONE alone', () => {
    expect(disabilitiesProblem(['MOB', 'AUT'])).toBeNull();
    expect(disabilitiesProblem(['NONE'])).toBeNull();
  });

  it('refuses NONE with a disability (rule 8790), a repeat (8794) and an unknown code', () => {
    expect(disabilitiesProblem(['NONE', 'AUT'])).toBe(
      'You cannot choose ‘No disability’ together with a disability'
    );
    expect(disabilitiesProblem(['AUT', 'AUT'])).toBe('Choose each disability only once');
    expect(disabilitiesProblem(['XYZ'])).toBe('‘XYZ’ is not a disability code. Choose from the list');
  });
});

describe('plan dates', () => {
  it('refuses a plan ending before it starts (rules 4011, 8925)', () => {
    expect(planEndProblem('2026-03-10', '2026-03-09', 'child in need plan')).toBe(
      'The child in need plan cannot end before it starts'
    );
    expect(planEndProblem('2026-03-10', '2026-03-09', 'child protection plan')).toBe(
      'The child protection plan cannot end before it starts'
    );
  });

  it('refuses a child protection plan ending on its first day (8840), not a child in need plan', () => {
    expect(planEndProblem('2026-03-10', '2026-03-10', 'child protection plan')).toBe(
      'A child protection plan cannot end on the day it starts'
    );
    expect(planEndProblem('2026-03-10', '2026-03-10', 'child in need plan')).toBeNull();
    expect(planEndProblem('2026-03-10', '2026-09-10', 'child protection plan')).toBeNull();
  });
});

describe('conference days', () => {
  it('accepts a working day', () => {
    expect(conferenceDayProblem('2026-11-19', DEFAULT_CALENDAR)).toBeNull();
  });

  it('refuses a weekend (rule 8875), a bank holiday and a council closure, saying which', () => {
    expect(conferenceDayProblem('2026-11-21', DEFAULT_CALENDAR)).toBe(
      'The conference cannot be on a weekend: 21 November 2026 is a Saturday'
    );
    expect(conferenceDayProblem('2026-04-03', DEFAULT_CALENDAR)).toBe(
      'The conference cannot be on a bank holiday: 3 April 2026 is Good Friday'
    );
    expect(conferenceDayProblem('2026-12-29', { ...DEFAULT_CALENDAR, closures: ['2026-12-29'] })).toBe(
      'The conference cannot be on a day the council is closed: 29 December 2026'
    );
  });
});

describe('UPN', () => {
  // A123456789012 fails its check letter; the valid one is worked out by the census algorithm.
  const valid = 'H801200001001';

  it('accepts a UPN with its right check letter and a known council code (rules 1510–1550)', () => {
    expect(upnProblem(valid)).toBeNull();
  });

  it('refuses a wrong check letter, an unknown council code, a bad shape and a last I, O or S', () => {
    expect(upnProblem(`A${valid.slice(1)}`)).toBe('The UPN is not valid: check it for a mistyped character');
    expect(upnProblem('A999200001001')).toBe('The UPN is not valid: 999 is not a local authority code');
    expect(upnProblem('A80120000100')).toMatch(/^Enter a UPN of 13 characters/);
    expect(upnProblem('A80120000100I')).toBe('The last character of the UPN cannot be I, O or S');
  });

  it('checks a former UPN’s shape (rule 1560Q)', () => {
    expect(formerUpnProblem(valid)).toBeNull();
    expect(formerUpnProblem('123')).toMatch(/^Enter a former UPN/);
  });
});

describe('identity', () => {
  const born = { dateOfBirth: '2015-03-27', expectedDateOfBirth: null, sex: 'F' as const, dateOfDeath: null };

  it('accepts a born child, and an unborn child of sex U', () => {
    expect(identityProblems(born)).toEqual([]);
    expect(
      identityProblems({ dateOfBirth: null, expectedDateOfBirth: '2026-12-01', sex: 'U', dateOfDeath: null })
    ).toEqual([]);
  });

  it('wants exactly one birth date (8525Q), U for the unborn (8750) and no death before birth (8535Q)', () => {
    expect(identityProblems({ ...born, expectedDateOfBirth: '2026-12-01' })[0]!.field).toBe(
      'expectedDateOfBirth'
    );
    expect(identityProblems({ ...born, dateOfBirth: null })[0]!.message).toBe(
      'Enter the date of birth or, for an unborn child, the expected date of birth'
    );
    expect(identityProblems({ ...born, dateOfBirth: null, expectedDateOfBirth: '2026-12-01' })).toEqual([
      { field: 'sex', message: 'Select ‘Not known or unborn’ as the sex of an unborn child' },
    ]);
    expect(identityProblems({ ...born, dateOfDeath: '2014-01-01' })).toEqual([
      { field: 'dateOfDeath', message: 'The date of death must be on or after the date of birth' },
    ]);
  });
});

describe('closing an episode', () => {
  const episode: EpisodeActivity = {
    referralDate: '2026-01-05',
    activityDates: ['2026-01-06', '2026-02-10'],
    assessments: 1,
    unauthorisedAssessments: 0,
    undecidedEnquiries: 0,
    planEnquiryOrConference: false,
    openPlans: 0,
    dateOfDeath: null,
  };

  it('closes after assessment when everything in the episode is finished', () => {
    expect(closureProblem(episode, '2026-02-10', 'RC8')).toBeNull();
  });

  it('refuses a closure before the referral (8630) or before the last step (8565)', () => {
    expect(closureProblem(episode, '2026-01-01', 'RC7')?.message).toBe(
      'The episode cannot close before the referral date'
    );
    expect(closureProblem(episode, '2026-02-01', 'RC7')?.message).toBe(
      'The episode cannot close before the last thing recorded in it, on 10 February 2026'
    );
  });

  it('refuses an open assessment (8867), an undecided enquiry (8868) and open plans', () => {
    expect(closureProblem({ ...episode, unauthorisedAssessments: 1 }, '2026-03-01', 'RC7')?.message).toMatch(
      /authorisation of every assessment/
    );
    expect(closureProblem({ ...episode, undecidedEnquiries: 1 }, '2026-03-01', 'RC7')?.message).toMatch(
      /section 47 enquiry/
    );
    expect(closureProblem({ ...episode, openPlans: 1 }, '2026-03-01', 'RC7')?.message).toBe(
      'End the child’s plans before closing the episode'
    );
  });

  it('refuses RC8/RC9 without an assessment (8825Q) or with a plan (2990), and RC2 without a death', () => {
    expect(closureProblem({ ...episode, assessments: 0 }, '2026-03-01', 'RC9')?.field).toBe('reason');
    expect(
      closureProblem({ ...episode, planEnquiryOrConference: true }, '2026-03-01', 'RC8')?.message
    ).toMatch(/was not closed after assessment/);
    expect(closureProblem(episode, '2026-03-01', 'RC2')?.message).toBe(
      'Record the child’s date of death in their characteristics first'
    );
  });
});
