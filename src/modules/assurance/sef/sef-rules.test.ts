import { describe, expect, it } from 'vitest';
import type { MeasureValue } from '../../performance/measure-queries.ts';
import type { PostFigures } from '../workforce/workforce-rules.ts';
import { MEASURE_IDS, type MeasureId } from '../../performance/measures.ts';
import {
  EVIDENCE_GROUPS,
  EVIDENCE_MEASURES,
  auditTables,
  evidenceSections,
  figureText,
  workforceTables,
} from './sef-evidence.ts';
import {
  parseChecklist,
  parseDetails,
  parseEntry,
  parsePriority,
  parsePriorityClosing,
} from './sef-forms.ts';
import { CHECKLIST, CHECKLIST_LETTERS, SEF_AREAS, SEF_AREA_IDS, areaName, areaOf } from './sef-framework.ts';
import {
  contributorLabel,
  contributorsInOrder,
  financialYearOf,
  mayEditEntry,
  priorityProgress,
  runsTheSef,
} from './sef-rules.ts';

describe('the framework as data', () => {
  it('has the eight areas of the Yorkshire and Humber framework, area 8 in its two parts, each with pointers', () => {
    expect(SEF_AREAS.map((area) => area.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8a', '8b']);
    expect(SEF_AREAS.map((area) => area.id)).toEqual([...SEF_AREA_IDS]);
    for (const area of SEF_AREAS) expect(area.pointers.length, area.id).toBeGreaterThan(0);
    expect(areaOf('workforce').reportHeading).toBe('Resources: Workforce and finance');
    expect(areaName(areaOf('outcomes_child'))).toBe(
      '8a. Outcomes: For the child and family – did we make a difference'
    );
  });

  it('has the checklist a to p of Appendix A', () => {
    expect(CHECKLIST.map((item) => item.letter)).toEqual([...CHECKLIST_LETTERS]);
    expect(CHECKLIST.at(-1)!.title).toBe('Systematically woven into performance management');
  });
});

describe('who may write what', () => {
  const council = { agencyId: 1, agencyKind: 'council' as const };
  const police = { agencyId: 2, agencyKind: 'police' as const };

  it('lets the council run the SEF and each agency change only its own entries', () => {
    expect(runsTheSef(council)).toBe(true);
    expect(runsTheSef(police)).toBe(false);
    expect(mayEditEntry(police, { agencyId: 2 })).toBe(true);
    expect(mayEditEntry(police, { agencyId: 1 })).toBe(false);
    expect(mayEditEntry(council, { agencyId: 2 })).toBe(false);
  });

  it('names the financial year a day falls in', () => {
    expect(financialYearOf('2026-11-20')).toEqual({ label: '2026-27', from: '2026-04-01', to: '2027-03-31' });
    expect(financialYearOf('2027-03-31').label).toBe('2026-27');
    expect(financialYearOf('2099-04-01').label).toBe('2099-00');
  });

  it('lists contributors once each, the lead first, a partner with their agency', () => {
    const lead = { userId: 1, name: 'Ruth Bennett', agencyName: 'Council', partner: false };
    const partner = { userId: 2, name: 'Tom Rowe', agencyName: 'Dales Police', partner: true };
    expect(contributorsInOrder(lead, [partner, lead, partner]).map(contributorLabel)).toEqual([
      'Ruth Bennett',
      'Tom Rowe (Dales Police)',
    ]);
  });
});

describe('the forms', () => {
  const period = {
    label: '2026-27',
    'from-day': '1',
    'from-month': '4',
    'from-year': '2026',
    'to-day': '31',
    'to-month': '3',
    'to-year': '2027',
    lead: '7',
  };

  it('reads the details and refuses a period that ends before it starts', () => {
    expect(parseDetails(period)).toEqual({
      ok: true,
      value: {
        label: '2026-27',
        from: '2026-04-01',
        to: '2027-03-31',
        leadUserId: 7,
        status: 'draft',
        version: null,
      },
    });
    const backwards = parseDetails({ ...period, 'to-year': '2025' });
    expect(backwards.ok).toBe(false);
    if (!backwards.ok)
      expect(backwards.errors.fields.to?.text).toBe('The end of the period must be on or after its start');
  });

  it('reports every problem at once against its field', () => {
    const parsed = parseDetails({ label: '', 'from-day': '31', 'from-month': '2', 'from-year': '2026' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors.fields).sort()).toEqual(['from', 'label', 'lead', 'to']);
  });

  it('needs narrative and keeps the opened version', () => {
    expect(parseEntry({ text: '  ' }).ok).toBe(false);
    expect(parseEntry({ text: ' Our view ', version: '3' })).toEqual({
      ok: true,
      value: { text: 'Our view', version: 3 },
    });
    expect(parseEntry({ text: 'x'.repeat(20_001) }).ok).toBe(false);
  });

  it('reads the checklist, leaving unanswered items out, and refuses a note without an answer', () => {
    expect(parseChecklist({ version: '2', 'met-a': 'yes', 'met-b': 'no', 'note-b': ' Not yet ' })).toEqual({
      ok: true,
      value: {
        version: 2,
        answers: [
          { letter: 'a', met: true, note: null },
          { letter: 'b', met: false, note: 'Not yet' },
        ],
      },
    });
    const noteAlone = parseChecklist({ version: '2', 'note-c': 'A note' });
    expect(noteAlone.ok).toBe(false);
    if (!noteAlone.ok) expect(noteAlone.errors.fields['met-c']).toBeDefined();
  });

  it('reads a priority with its owner and due date, for an area or the whole front door', () => {
    const due = { 'due-day': '31', 'due-month': '3', 'due-year': '2027' };
    expect(
      parsePriority({ text: 'Fewer agency staff', owner: '12', area: 'workforce', version: '2', ...due })
    ).toEqual({
      ok: true,
      value: { area: 'workforce', text: 'Fewer agency staff', ownerId: 12, dueOn: '2027-03-31', version: 2 },
    });
    expect(parsePriority({ text: 'All', owner: '3', area: '', ...due })).toMatchObject({
      value: { area: null, version: null },
    });
    const wrong = parsePriority({ text: 'x', owner: '', area: 'nowhere', ...due });
    expect(wrong.ok || Object.keys(wrong.errors.fields)).toEqual(['area', 'owner']);
  });

  it('closes a priority only with its outcome', () => {
    expect(parsePriorityClosing({ outcome: '  Done: audits show it.  ', version: '3' })).toEqual({
      ok: true,
      value: { outcome: 'Done: audits show it.', version: 3 },
    });
    const empty = parsePriorityClosing({ outcome: ' ', version: '3' });
    expect(empty.ok || empty.errors.fields.outcome!.text).toBe(
      'Enter the outcome: what changed, and how you know'
    );
  });

  it('says where a priority stands', () => {
    const open = { status: 'open' as const, dueOn: '2027-03-31', outcome: null, closedAt: null };
    expect(priorityProgress(open, '2027-03-31')).toBe('Open');
    expect(priorityProgress(open, '2027-04-01')).toBe('Overdue');
    expect(
      priorityProgress(
        { ...open, status: 'closed', outcome: 'Achieved', closedAt: new Date('2027-05-03T10:00:00Z') },
        '2027-06-01'
      )
    ).toBe('Closed on 3 May 2027: Achieved');
  });
});

describe('the evidence base', () => {
  const value = (numerator: number, denominator: number | null, shown: number | null): MeasureValue => ({
    numerator,
    denominator,
    value: shown,
  });

  it('uses only measures the performance pages define', () => {
    for (const measure of EVIDENCE_MEASURES) expect(MEASURE_IDS).toContain(measure);
    expect(EVIDENCE_GROUPS.map((group) => group.heading.split(' ')[0])).toEqual([
      '1',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '3',
    ]);
  });

  it('writes each figure with what it is made of, and says when there is nothing to count', () => {
    expect(figureText('contacts', value(1234, null, 1234))).toBe('1,234');
    expect(figureText('nfa_rate', value(128, 311, 41.157))).toBe('41.2% (128 of 311)');
    expect(figureText('authorisation_hours', value(40, null, 3.25))).toBe('3.3 hours (median of 40)');
    expect(figureText('nfa_rate', value(0, 0, null))).toBe('No cases');
    expect(figureText('contacts_per_10k', value(10, null, null))).toBe(
      'No rate: it needs the number of children, which the council records only by locality'
    );
  });

  it('fills Appendix B 2.4 from the case audits, says when they cannot be counted, and shows partners none', () => {
    const grades = { outstanding: 1, good: 5, requires_improvement: 3, inadequate: 1 };
    const [audits, themes] = auditTables({
      due: 12,
      completed: 10,
      completedOnTime: 8,
      grades,
      byQuestion: [],
      themes: [{ theme: 'Child’s voice', count: 4 }],
      actionsOpen: 2,
      actionsOverdue: 1,
    });
    expect(audits!.rows[0]).toEqual([
      'Case file audits completed that should have been completed',
      '83.3% (10 of 12)',
    ]);
    expect(audits!.rows[2]).toEqual(['Audits graded requires improvement or inadequate', '40.0% (4 of 10)']);
    expect(themes!.rows).toEqual([['Child’s voice', '4']]);
    expect(auditTables('not_yet')[0]!.rows).toEqual([]);
    expect(auditTables('not_shown')).toEqual([]);
  });

  it('fills Appendix B 3 from the workforce records, says what is not known, and shows partners none', () => {
    const posts = (values: Partial<PostFigures>): PostFigures => ({
      posts: 10,
      permanent: 7,
      agency: 2,
      vacancies: 3,
      notRecorded: 0,
      ...values,
    });
    const worker = (group: 'practitioners' | 'managers', caseload: number, openContacts: number) => ({
      group,
      caseload,
      openContacts,
    });
    const [staffing, supervision] = workforceTables([
      {
        teamName: 'Front door',
        figures: {
          today: '2026-12-06',
          posts: { practitioners: posts({}), managers: posts({ posts: null, permanent: 1, agency: 0 }) },
          supervision: { held: 9, due: 12, overdue: 2, noDates: 0 },
          workers: [worker('practitioners', 4, 3), worker('practitioners', 8, 1), worker('managers', 0, 2)],
        },
      },
      {
        teamName: 'Assessment',
        figures: {
          today: '2026-12-06',
          posts: {
            practitioners: posts({ vacancies: null, notRecorded: 2 }),
            managers: posts({ posts: 2, permanent: 2, agency: 0, vacancies: 0 }),
          },
          supervision: { held: 0, due: 0, overdue: 0, noDates: 1 },
          workers: [],
        },
      },
    ] as never);
    expect(staffing!.caption).toContain('as at 6 December 2026');
    expect(staffing!.rows).toEqual([
      ['Front door', 'Practitioners', '10', '7', '2', '3', '30.0%', '20.0%'],
      ['Front door', 'Managers', 'Not recorded', '1', '0', '', '', ''],
      [
        'Assessment',
        'Practitioners',
        '10',
        '7',
        '2',
        'Not known: 2 without employment recorded',
        '',
        '20.0%',
      ],
      ['Assessment', 'Managers', '2', '2', '0', '0', '0.0%', '0.0%'],
    ]);
    expect(supervision!.rows).toEqual([
      ['Front door', '75.0% (9 of 12)', '2', '6', '8', '6'],
      ['Assessment', 'None due', '0', 'No practitioners', '', '0'],
    ]);
    expect(workforceTables('not_shown')).toEqual([]);
  });

  it('builds every group’s tables from the figures', () => {
    const values = Object.fromEntries(MEASURE_IDS.map((id) => [id, value(1, 2, 50)])) as Record<
      MeasureId,
      MeasureValue
    >;
    const sections = evidenceSections({
      values,
      breakdowns: {},
      audits: 'not_shown',
      workforce: 'not_shown',
    });
    expect(sections.map((section) => section.id)).toEqual([
      'activity',
      'contacts-referrals',
      'assessments',
      'transfer',
    ]);
    expect(sections[0]!.tables[0]!.rows[0]).toEqual(['Contacts', '50', 'Number of contacts in the period']);
  });
});
