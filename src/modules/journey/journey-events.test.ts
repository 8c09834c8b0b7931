import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import {
  loadJourney,
  loadPersonTimeline,
  newestStepFirst,
  recordJourneyEvent,
  type JourneyStep,
} from './journey-events.ts';

const at = (time: string) => new Date(`2026-11-20T${time}Z`);

describe('the order of a child’s journey', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('keeps a step typed in whole minutes after a step recorded before it in that minute', async () => {
    const { db } = database;
    const child = await recordTestContact(db, { receivedAt: TEST_NOW });
    const steps: [JourneyStep, Date][] = [
      ['letter_sent', at('10:53:15')],
      // Recorded 20 seconds later with the time its form offered: 10:53.
      ['strategy_discussion', at('10:53:00')],
      // Two steps of one change share an instant: the order they were recorded in holds.
      ['handover_offered', at('10:58:00')],
      ['handover_accepted', at('10:58:00')],
      // A discussion held a minute before the letter, recorded later, still comes first.
      ['section_47_outcome', at('10:52:59')],
    ];
    for (const [step, moment] of steps)
      await recordJourneyEvent(db, { contactChildId: child.contactChildId, step, at: moment, actorId: null });

    const journey = (await loadJourney(db, child.contactChildId)).map((step) => step.kind);
    expect(journey.slice(-5)).toEqual([
      'section_47_outcome',
      'letter_sent',
      'strategy_discussion',
      'handover_offered',
      'handover_accepted',
    ]);
    const timeline = await loadPersonTimeline(db, child.personId, [child.personId], 50);
    expect(timeline.total).toBe(journey.length);
    expect(timeline.steps.map((step) => step.kind)).toEqual(journey.toReversed());
    // Other steps added to the timeline (consultations) sort the same way, keeping the journey's order.
    expect(timeline.steps.toSorted(newestStepFirst).map((step) => step.kind)).toEqual(journey.toReversed());
  });
});
