import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactChildStatus } from '../../platform/db/schema.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import {
  CASE_MOVES,
  CaseMoveError,
  DECIDED_STATUSES,
  isDecided,
  moveCase,
  statusAfter,
} from './case-status.ts';

const ALL: ContactChildStatus[] = [
  'new',
  'screening',
  'awaiting_information',
  'awaiting_decision',
  'awaiting_authorisation',
  'awaiting_handover',
  'completed',
];

describe('the moves of a child’s case (pure)', () => {
  it('counts a child as decided once handed over or completed, and only then', () => {
    expect(ALL.filter(isDecided)).toEqual([...DECIDED_STATUSES]);
  });

  it('skips an automatic move that does not apply instead of refusing it', () => {
    expect(statusAfter('start_screening', 'new')).toBe('screening');
    expect(statusAfter('start_screening', 'awaiting_information')).toBeNull();
    expect(statusAfter('await_information', 'screening')).toBe('awaiting_information');
    expect(statusAfter('await_information', 'awaiting_authorisation')).toBeNull();
    expect(statusAfter('information_complete', 'awaiting_information')).toBe('screening');
    expect(statusAfter('information_complete', 'completed')).toBeNull();
  });

  it('never moves a decided child on by a decision move: that would reopen finished work', () => {
    for (const move of [
      'propose_decision',
      'return_decision',
      'complete_without_handover',
      'offer_handover',
    ] as const)
      for (const status of DECIDED_STATUSES) expect(() => statusAfter(move, status)).toThrow(CaseMoveError);
  });

  it('answers a handover only while it is offered', () => {
    expect(statusAfter('accept_handover', 'awaiting_handover')).toBe('completed');
    expect(statusAfter('return_handover', 'awaiting_handover')).toBe('awaiting_decision');
    for (const status of ALL.filter((status) => status !== 'awaiting_handover')) {
      expect(() => statusAfter('accept_handover', status)).toThrow(CaseMoveError);
      expect(() => statusAfter('return_handover', status)).toThrow(CaseMoveError);
    }
  });

  it('reaches only statuses that exist from statuses that exist', () => {
    for (const move of Object.values(CASE_MOVES)) {
      expect(ALL).toContain(move.to);
      for (const from of move.from) expect(ALL).toContain(from);
    }
  });
});

describe('moveCase', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(() => test.close());

  const stateOf = (id: number) =>
    test.db
      .selectFrom('contact_child')
      .where('id', '=', id)
      .select(['status', 'version', 'completed_at', 'team_id', 'worker_id'])
      .executeTakeFirstOrThrow();

  it('bumps the version for a move a person made and not for an automatic one, with its journey event', async () => {
    const { contactChildId } = await recordTestContact(test.db, { receivedAt: TEST_NOW, givenName: 'Orla' });
    const before = await stateOf(contactChildId);
    await test.db
      .transaction()
      .execute((trx) => moveCase(trx, contactChildId, 'start_screening', { at: TEST_NOW }));
    const screening = await stateOf(contactChildId);
    expect(screening).toMatchObject({ status: 'screening', version: before.version });

    const at = new Date(TEST_NOW.getTime() + 60_000);
    await test.db.transaction().execute((trx) =>
      moveCase(trx, contactChildId, 'complete_without_handover', {
        at,
        event: { step: 'completed', actorId: null },
      })
    );
    const completed = await stateOf(contactChildId);
    expect(completed).toMatchObject({ status: 'completed', version: before.version + 1, completed_at: at });
    const events = await test.db
      .selectFrom('journey_event')
      .where('contact_child_id', '=', contactChildId)
      .where('kind', '=', 'completed')
      .select('at')
      .execute();
    expect(events).toEqual([{ at }]);
  });

  it('hands the work to the receiving team and clears the worker when a handover is offered', async () => {
    const { contactChildId } = await recordTestContact(test.db, { receivedAt: TEST_NOW, givenName: 'Pip' });
    const team = await test.db
      .selectFrom('team')
      .where('kind', '!=', 'front_door')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const moved = await test.db.transaction().execute((trx) =>
      moveCase(trx, contactChildId, 'offer_handover', {
        at: TEST_NOW,
        effects: { teamId: team.id, workerId: null },
      })
    );
    expect(moved).toBe(true);
    expect(await stateOf(contactChildId)).toMatchObject({
      status: 'awaiting_handover',
      team_id: team.id,
      worker_id: null,
      completed_at: null,
    });
    await expect(
      test.db
        .transaction()
        .execute((trx) => moveCase(trx, contactChildId, 'propose_decision', { at: TEST_NOW }))
    ).rejects.toThrow(CaseMoveError);
  });
});
