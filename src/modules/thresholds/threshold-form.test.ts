import { describe, expect, it } from 'vitest';
import type { LoadedThresholdDocument } from './threshold-documents.ts';
import {
  descriptorRows,
  formFromDocument,
  NEW_DESCRIPTOR_ROWS,
  parseThresholdForm,
  withMoreRows,
  type FormValues,
} from './threshold-form.ts';

const document = {
  id: 5,
  version: 2,
  title: 'Continuum',
  effective_from: '2026-01-01',
  published_at: new Date(),
  published_by: 1,
};
const descriptor = (id: number, level: number, area: string, text: string) => ({
  id,
  document_id: 5,
  level,
  area_of_need: area,
  text,
});
const SOURCE: LoadedThresholdDocument = {
  document,
  levels: [1, 2, 3, 4].map((level) => ({
    document_id: 5,
    level,
    name: `Level ${level} name`,
    summary: `Level ${level} summary`,
    typical_response: `Level ${level} response`,
  })),
  descriptorsByArea: [
    {
      area: 'Health',
      descriptors: [descriptor(1, 1, 'Health', 'Healthy.'), descriptor(2, 3, 'Health', 'Poorly managed.')],
    },
    { area: 'Education', descriptors: [descriptor(3, 2, 'Education', 'Attendance below 90%.')] },
  ],
};
const EARLIEST = { date: '2026-11-20', reason: 'today or in the future' };
const IN_DECEMBER = { 'effectiveFrom-day': '1', 'effectiveFrom-month': '12', 'effectiveFrom-year': '2026' };

function filledForm(changes: FormValues = {}): FormValues {
  return { ...formFromDocument(SOURCE, 2), ...IN_DECEMBER, ...changes };
}

function draftOf(values: FormValues) {
  const parsed = parseThresholdForm(values, EARLIEST);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.summary));
  return parsed;
}

function errorsOf(values: FormValues, earliest = EARLIEST) {
  const parsed = parseThresholdForm(values, earliest);
  if (parsed.ok) throw new Error('expected the form to be refused');
  return parsed.errors;
}

describe('the new-version form', () => {
  it('starts as a copy of the version, areas in order, with empty rows for new descriptors', () => {
    const rows = descriptorRows(formFromDocument(SOURCE, 2));
    expect(rows).toHaveLength(3 + NEW_DESCRIPTOR_ROWS);
    expect(rows.slice(0, 3).map((row) => [row.heading, row.level, row.text])).toEqual([
      ['Health', '1', 'Healthy.'],
      ['Health', '3', 'Poorly managed.'],
      ['Education', '2', 'Attendance below 90%.'],
    ]);
    expect(rows.slice(3).every((row) => !row.copied && row.text === '' && row.area === '')).toBe(true);
  });

  it('reads an unchanged copy back as the same content, ignoring the empty rows', () => {
    const { draft, openedAtVersion } = draftOf(filledForm());
    expect(openedAtVersion).toBe(2);
    expect(draft).toEqual({
      title: 'Continuum',
      effectiveFrom: '2026-12-01',
      levels: SOURCE.levels.map((level) => ({
        level: level.level,
        name: level.name,
        summary: level.summary,
        typicalResponse: level.typical_response,
      })),
      descriptors: [
        { level: 1, area: 'Health', text: 'Healthy.' },
        { level: 3, area: 'Health', text: 'Poorly managed.' },
        { level: 2, area: 'Education', text: 'Attendance below 90%.' },
      ],
    });
  });

  it('applies edits, moves, removals and new rows', () => {
    const { draft } = draftOf(
      filledForm({
        'descriptor-0-text': '  Meets milestones.  ',
        'descriptor-1-level': '4',
        'descriptor-1-area': 'education ',
        'descriptor-2-remove': 'yes',
        'descriptor-2-text': '',
        'descriptor-4-text': 'Shares images with adults online.',
        'descriptor-4-level': '3',
        'descriptor-4-area': 'Online  safety',
        'level-2-name': 'Early help',
      })
    );
    expect(draft.levels[1]!.name).toBe('Early help');
    expect(draft.descriptors).toEqual([
      { level: 1, area: 'Health', text: 'Meets milestones.' },
      // An existing area keeps its spelling, so the descriptor joins it.
      { level: 4, area: 'Education', text: 'Poorly managed.' },
      { level: 3, area: 'Online safety', text: 'Shares images with adults online.' },
    ]);
  });

  it('refuses empty or half-filled fields, naming each one, in page order', () => {
    const errors = errorsOf(
      filledForm({
        title: ' ',
        'effectiveFrom-day': '',
        'effectiveFrom-month': '',
        'effectiveFrom-year': '',
        'level-3-summary': '',
        'descriptor-1-text': '',
        'descriptor-5-text': 'A new worry.',
      })
    );
    expect(errors.summary).toEqual([
      { text: 'Enter the title of the document', href: '#title' },
      { text: 'Enter the date this version takes effect', href: '#effectiveFrom' },
      { text: 'Enter the summary of level 3', href: '#level-3-summary' },
      { text: 'Enter the text of descriptor 2, or remove it', href: '#descriptor-1-text' },
      { text: 'Choose the level of descriptor 6', href: '#descriptor-5-level' },
      { text: 'Enter the area of need of descriptor 6', href: '#descriptor-5-area' },
    ]);
    expect(errors.fields['descriptor-5-area']).toEqual({ text: 'Enter the area of need of descriptor 6' });
  });

  it('takes effect on a real date, not in the past and not before the last version to take effect', () => {
    const on = (day: string, month: string, year: string) =>
      filledForm({ 'effectiveFrom-day': day, 'effectiveFrom-month': month, 'effectiveFrom-year': year });
    expect(errorsOf(on('31', '11', '2026')).summary[0]!.text).toBe(
      'The date it takes effect must be a real date, for example 1 4 2027'
    );
    expect(errorsOf(on('19', '11', '2026')).summary[0]!.text).toBe(
      'The date it takes effect must be today or in the future'
    );
    expect(draftOf(on('20', '11', '2026')).draft.effectiveFrom).toBe('2026-11-20');
    const afterScheduled = {
      date: '2026-12-01',
      reason: 'on or after 1 December 2026, when version 2 takes effect',
    };
    expect(errorsOf(on('30', '11', '2026'), afterScheduled).summary[0]!.text).toBe(
      'The date it takes effect must be on or after 1 December 2026, when version 2 takes effect'
    );
  });

  it('needs at least one descriptor', () => {
    const errors = errorsOf(
      filledForm({ 'descriptor-0-remove': 'yes', 'descriptor-1-remove': 'yes', 'descriptor-2-remove': 'yes' })
    );
    expect(errors.summary).toEqual([{ text: 'Keep at least one descriptor', href: '#descriptors' }]);
  });

  it('adds empty rows on request, keeping everything typed', () => {
    const typed = filledForm({ 'descriptor-3-text': 'Half written' });
    const more = descriptorRows(withMoreRows(typed));
    expect(more).toHaveLength(3 + 2 * NEW_DESCRIPTOR_ROWS);
    expect(more[3]!.text).toBe('Half written');
  });

  it('treats a crafted post (repeated fields, absurd counts) as empty rather than failing', () => {
    const crafted = {
      descriptorCount: '99999999',
      copiedCount: '-3',
      title: ['a', 'b'],
    } as unknown as FormValues;
    expect(descriptorRows(crafted)).toHaveLength(1000);
    expect(errorsOf(crafted).fields.title).toEqual({ text: 'Enter the title of the document' });
  });
});
