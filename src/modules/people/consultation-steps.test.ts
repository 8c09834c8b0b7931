import { describe, expect, it } from 'vitest';
import { PERSON_TIMELINE_PAGE_SIZE } from '../journey/journey-events.ts';
import { timelinePage } from './consultation-steps.ts';

const minute = (n: number) => new Date(Date.UTC(2026, 10, 20, 9, 0) + n * 60_000);
const stepsAt = (kind: string, minutes: number[]) => minutes.map((n) => ({ kind, at: minute(n) }));
/** The newest `count` of the steps at these minutes, newest first, as a source hands them over. */
const newest = (kind: string, minutes: number[], count: number) => ({
  total: minutes.length,
  steps: stepsAt(kind, minutes)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, count),
});

describe('a page of a child’s timeline', () => {
  const contactMinutes = Array.from({ length: 70 }, (_, n) => n * 2);
  const consultationMinutes = Array.from({ length: 40 }, (_, n) => n * 2 + 1);

  it('interleaves contact steps and consultations newest first, a page at a time', () => {
    const size = PERSON_TIMELINE_PAGE_SIZE;
    const page = timelinePage(
      newest('step', contactMinutes, 2 * size),
      newest('consulted', consultationMinutes, 2 * size),
      2
    );
    expect(page).toMatchObject({ total: 110, page: 2, pages: 3, first: size + 1 });
    expect(page.steps).toHaveLength(size);
    const all = [...stepsAt('step', contactMinutes), ...stepsAt('consulted', consultationMinutes)].sort(
      (a, b) => b.at.getTime() - a.at.getTime()
    );
    expect(page.steps).toEqual(all.slice(size, 2 * size));
  });

  it('shows the last page for a page past the end, and one empty page for no steps', () => {
    const late = timelinePage(
      newest('step', contactMinutes, 500),
      newest('consulted', consultationMinutes, 500),
      10
    );
    expect(late).toMatchObject({ page: 3, pages: 3, first: 101 });
    expect(late.steps).toHaveLength(10);
    expect(timelinePage({ total: 0, steps: [] }, { total: 0, steps: [] }, 1)).toEqual({
      steps: [],
      total: 0,
      page: 1,
      pages: 1,
      first: 1,
    });
  });

  it('keeps steps of one minute in the order their source gave', () => {
    const same = [
      { kind: 'handover_offered', at: minute(5) },
      { kind: 'handover_accepted', at: minute(5) },
    ];
    const page = timelinePage({ total: 2, steps: same }, { total: 0, steps: [] }, 1);
    expect(page.steps.map((step) => step.kind)).toEqual(['handover_offered', 'handover_accepted']);
  });
});
