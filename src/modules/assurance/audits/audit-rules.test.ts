import { describe, expect, it } from 'vitest';
import {
  auditRoleOf,
  completionProblems,
  readAuditForm,
  themesOf,
  type AuditQuestion,
} from './audit-rules.ts';
import { readActionForm, readSampleForm } from './audit-inputs.ts';

const questions: AuditQuestion[] = [
  { id: 1, question: 'History considered', guidance: '', part: 'council', graded: true },
  { id: 2, question: 'The child’s voice', guidance: '', part: 'council', graded: true },
];

describe('readAuditForm and completionProblems', () => {
  it('asks no grade of a question answered in words only, and ignores one posted', () => {
    const wordsOnly: AuditQuestion[] = [{ ...questions[0]!, graded: false }];
    const { input } = readAuditForm(
      { version: '1', intent: 'complete', 'q-1-grade': 'good', 'q-1-comment': '' },
      wordsOnly,
      []
    );
    expect(input.answers).toEqual([{ questionId: 1, grade: null, comment: '' }]);
    const problems = completionProblems(input, wordsOnly, false)!;
    expect(Object.keys(problems.fields)).toEqual(['q-1-comment']);
    expect(problems.fields['q-1-comment']!.text).toBe('Answer “History considered”');
  });

  it('reads grades, comments, the auditor’s view and themes, ignoring what is not offered', () => {
    const { input, errors } = readAuditForm(
      {
        version: '3',
        intent: 'complete',
        'q-1-grade': 'good',
        'q-1-comment': '  Checked.  ',
        'q-2-grade': 'excellent',
        grade: 'inadequate',
        comment: 'Summary',
        auditorLevel: '7',
        auditorOutcome: 'no_further_action',
        themes: ['Consent', 'Timeliness'],
        otherThemes: 'consent, Siblings\nOut of area',
      },
      questions,
      ['no_further_action']
    );
    expect(errors).toBeNull();
    expect(input).toMatchObject({
      version: 3,
      intent: 'complete',
      grade: 'inadequate',
      auditorLevel: null,
      auditorOutcome: 'no_further_action',
      themes: ['Consent', 'Timeliness', 'Siblings', 'Out of area'],
    });
    expect(input.answers).toEqual([
      { questionId: 1, grade: 'good', comment: 'Checked.' },
      { questionId: 2, grade: null, comment: '' },
    ]);
    const problems = completionProblems(input, questions, true)!;
    expect(Object.keys(problems.fields)).toEqual(['q-2-grade', 'q-2-comment', 'auditorLevel']);
    expect(problems.summary[0]).toEqual({ text: 'Grade “The child’s voice”', href: '#q-2-grade' });
  });

  it('asks a partner only for their questions, not the overall grade or the auditor’s view', () => {
    const { input } = readAuditForm(
      { 'q-1-grade': 'good', 'q-1-comment': 'Shared in time' },
      [questions[0]!],
      []
    );
    expect(completionProblems(input, [questions[0]!], false)).toBeNull();
    expect(Object.keys(completionProblems(input, [questions[0]!], true)!.fields)).toEqual([
      'auditorLevel',
      'auditorOutcome',
      'grade',
      'comment',
    ]);
  });

  it('refuses text that is too long and themes that are too long, saying which', () => {
    const { errors } = readAuditForm(
      { comment: 'x'.repeat(4001), otherThemes: 'y'.repeat(61) },
      questions,
      []
    );
    expect(Object.keys(errors!.fields)).toEqual(['comment', 'otherThemes']);
  });
});

describe('themesOf', () => {
  it('keeps each theme once, whatever its case or spacing, in the order given', () => {
    expect(themesOf('Consent', ' consent ,  Domestic   abuse,,')).toEqual(['Consent', 'Domestic abuse']);
    expect(themesOf(undefined, undefined)).toEqual([]);
  });
});

describe('auditRoleOf', () => {
  const audit = { auditorId: 5, partnerAgencyIds: [20] };
  const staff = { userId: 5, agencyId: 1, partner: false, manages: false };

  it('lets the auditor and a manager of assurance open an audit, and nobody else on the staff', () => {
    expect(auditRoleOf(staff, audit)).toBe('auditor');
    expect(auditRoleOf({ ...staff, userId: 6 }, audit)).toBeNull();
    expect(auditRoleOf({ ...staff, userId: 6, manages: true }, audit)).toBe('manager');
  });

  it('lets a partner agency open only an audit it takes part in', () => {
    expect(auditRoleOf({ userId: 9, agencyId: 20, partner: true, manages: false }, audit)).toBe('partner');
    expect(auditRoleOf({ userId: 9, agencyId: 21, partner: true, manages: false }, audit)).toBeNull();
  });
});

describe('the sample and action forms', () => {
  const dates = {
    'from-day': '1',
    'from-month': '9',
    'from-year': '2026',
    'to-day': '30',
    'to-month': '9',
    'to-year': '2026',
    'dueOn-day': '18',
    'dueOn-month': '12',
    'dueOn-year': '2026',
  };

  it('takes a fresh seed when none is typed, and the typed one otherwise', () => {
    const fresh = readSampleForm({ ...dates, size: '20', seed: '', auditorIds: '4', formId: '1' }, 99);
    expect(fresh).toEqual({
      ok: true,
      value: {
        period: { from: '2026-09-01', to: '2026-09-30' },
        size: 20,
        seed: 99,
        formId: 1,
        auditorIds: [4],
        dueOn: '2026-12-18',
      },
    });
    const typed = readSampleForm(
      { ...dates, size: '20', seed: '4294967295', auditorIds: ['4', '5'], formId: '1' },
      99
    );
    expect(typed.ok && typed.value.seed).toBe(4294967295);
    expect(
      readSampleForm({ ...dates, size: '20', seed: '4294967296', auditorIds: '4', formId: '1' }, 99).ok
    ).toBe(false);
  });

  it('refuses an action with no owner or an impossible date', () => {
    const read = readActionForm({
      description: 'Do it properly',
      ownerId: '',
      'dueOn-day': '31',
      'dueOn-month': '6',
      'dueOn-year': '2027',
    });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors.summary.map((item) => item.text)).toEqual([
      'Choose who owns the action',
      'The date the action is due must be a real date, for example 27 3 2015',
    ]);
  });
});
