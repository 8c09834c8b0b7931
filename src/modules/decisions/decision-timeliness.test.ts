import { describe, expect, it } from 'vitest';
import { decisionTimeliness } from './decision-timeliness.ts';

const at = (iso: string) => new Date(iso);
const clock = {
  decisionDueAt: at('2026-11-23T10:00:00Z'),
  extendedTo: null,
  ragDueAt: at('2026-11-20T14:00:00Z'),
};

describe('decision timeliness', () => {
  it('is in time on both measures when authorised before the RAG due time', () => {
    expect(
      decisionTimeliness({ ...clock, authorisedAt: at('2026-11-20T13:00:00Z') }, at('2026-11-25T00:00:00Z'))
    ).toEqual({
      dueAt: clock.decisionDueAt,
      withinDecisionTimescale: true,
      extended: false,
      withinAgreedExtension: true,
      withinRagTimescale: true,
    });
  });

  it('can meet the working day while missing a red RAG time', () => {
    const result = decisionTimeliness(
      { ...clock, authorisedAt: at('2026-11-20T16:00:00Z') },
      at('2026-11-21T00:00:00Z')
    );
    expect(result.withinDecisionTimescale).toBe(true);
    expect(result.withinRagTimescale).toBe(false);
  });

  it('judges an open decision against now, and counts an agreed extension apart from the statutory day', () => {
    const extended = { ...clock, extendedTo: at('2026-11-24T10:00:00Z'), ragDueAt: null };
    const result = decisionTimeliness(extended, at('2026-11-23T12:00:00Z'));
    expect(result).toEqual({
      dueAt: extended.extendedTo,
      withinDecisionTimescale: false,
      extended: true,
      withinAgreedExtension: true,
      withinRagTimescale: null,
    });
  });
});
