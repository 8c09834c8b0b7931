/*
 * Issue 18: a change to a timescale applies to contacts received after it, never silently to work
 * already in progress — its due time, its countdown's clock, the queue and the deadline sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { actorFor } from '../../../test/support/actors.ts';
import { openedVersion } from '../../../test/support/contact-fixtures.ts';
import { RecordAccess } from '../../platform/access/record-access.ts';
import {
  calendarOf,
  councilSettings,
  councilSettingsForEditing,
  saveCouncilSettings,
  withNewTimescales,
  type Timescales,
} from '../../platform/council/council-settings.ts';
import type { Rag } from '../../platform/db/schema.ts';
import { dueAt } from '../../shared/working-time.ts';
import { listQueue } from '../screening/queue.ts';
import { loadScreening, rateContactChild } from '../screening/screening.service.ts';
import { runDeadlineSweep } from './deadline-sweep.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';

let t: TestApp;
let practitioner: RecordAccess;
let outOfHoursTeamId: number;

beforeAll(async () => {
  t = await createTestApp();
  // Monday 23 November 2026, 09:00 GMT: the front door is open.
  t.clock.set(new Date('2026-11-23T09:00:00Z'));
  practitioner = new RecordAccess(t.db, t.clock, await actorFor(t.db, demoUser('front_door_practitioner')), {
    ip: '127.0.0.1',
    requestId: 'timescales-in-force',
  });
  const team = await t.db
    .selectFrom('team')
    .where('kind', '=', 'out_of_hours')
    .select('id')
    .executeTakeFirstOrThrow();
  outOfHoursTeamId = team.id;
});
afterAll(() => t.close());

/** A child's unrated contact received now, due a decision under the timescale in force now. */
async function receiveContact() {
  const settings = await councilSettings(t.db);
  const receivedAt = t.clock.now();
  return insertOpenChild(t.db, {
    receivedAt,
    decisionDueAt: dueAt(receivedAt, settings.decisionTimescale, calendarOf(settings)),
  });
}

/** An administrator's change of timescales, from now on. */
async function changeTimescales(change: (current: Timescales) => Timescales) {
  const { version } = await councilSettingsForEditing(t.db);
  await t.db
    .transaction()
    .execute((trx) =>
      saveCouncilSettings(trx, version, (settings) =>
        withNewTimescales(settings, change(settings), t.clock.now())
      )
    );
}

async function rate(contactChildId: number, rag: Rag) {
  await rateContactChild(
    practitioner,
    {
      contactChildId,
      openedVersion: Number(await openedVersion(t.db, contactChildId)),
      rag,
      rationale: 'Synthetic rating for a timescale test: the concerns as the referrer described them.',
    },
    t.clock.now(),
    await councilSettings(t.db)
  );
}

async function queued(reference: string) {
  const { contacts } = await listQueue(
    practitioner,
    { q: reference },
    1,
    t.clock.now(),
    await councilSettings(t.db)
  );
  expect(contacts).toHaveLength(1);
  return contacts[0]!;
}

async function notified(contactChildId: number, kind: string) {
  return t.db
    .selectFrom('notification')
    .where('contact_child_id', '=', contactChildId)
    .where('kind', '=', kind)
    .select(['user_id', 'team_id'])
    .orderBy('id')
    .execute();
}

describe('a change of timescale', () => {
  it('leaves work received before it on the old timescale, and puts new work on the new one', async () => {
    const before = await receiveContact();
    t.clock.advanceMinutes(60);
    await changeTimescales((current) => ({
      ...current,
      ragTimescales: { ...current.ragTimescales, amber: { unit: 'working_days', amount: 2 } },
    }));
    t.clock.advanceMinutes(1);
    const after = await receiveContact();
    // Both are rated amber after the change: each by the timescale in force when it was received.
    await rate(before.contactChildId, 'amber');
    await rate(after.contactChildId, 'amber');

    const oneDay = new Date('2026-11-24T09:00:00Z');
    const twoDays = new Date('2026-11-25T10:01:00Z');
    const screening = await loadScreening(
      practitioner,
      before.contactChildId,
      t.clock.now(),
      await councilSettings(t.db)
    );
    expect(screening.ragCountdown).toMatchObject({ dueAt: oneDay, clock: 'working' });
    expect((await queued(before.reference)).countdown).toMatchObject({ dueAt: oneDay, clock: 'working' });
    const laterScreening = await loadScreening(
      practitioner,
      after.contactChildId,
      t.clock.now(),
      await councilSettings(t.db)
    );
    expect(laterScreening.ragCountdown).toMatchObject({ dueAt: twoDays, clock: 'working' });

    t.clock.set(oneDay);
    await runDeadlineSweep(t.db, t.clock);
    expect(await notified(before.contactChildId, 'rag_breached')).not.toHaveLength(0);
    expect(await notified(after.contactChildId, 'rag_breached')).toHaveLength(0);
    t.clock.set(twoDays);
    await runDeadlineSweep(t.db, t.clock);
    expect(await notified(after.contactChildId, 'rag_breached')).not.toHaveLength(0);
  });

  it('keeps a red contact received before red moved to working hours on real time, day and night', async () => {
    // Saturday 28 November 2026, 21:00 GMT: the front door is closed.
    t.clock.set(new Date('2026-11-28T21:00:00Z'));
    const before = await receiveContact();
    await rate(before.contactChildId, 'red');
    t.clock.advanceMinutes(30);
    await changeTimescales((current) => ({
      ...current,
      ragTimescales: { ...current.ragTimescales, red: { unit: 'working_hours', amount: 4 } },
    }));
    t.clock.advanceMinutes(15);
    const after = await receiveContact();
    await rate(after.contactChildId, 'red');

    expect((await queued(before.reference)).countdown).toMatchObject({
      dueAt: new Date('2026-11-29T01:00:00Z'),
      clock: 'real',
    });
    // Four working hours from Saturday night: Monday 12:00.
    expect((await queued(after.reference)).countdown).toMatchObject({
      dueAt: new Date('2026-11-30T12:00:00Z'),
      clock: 'working',
    });

    await runDeadlineSweep(t.db, t.clock);
    expect(await notified(before.contactChildId, 'red_out_of_hours')).toEqual([
      { user_id: null, team_id: outOfHoursTeamId },
    ]);
    expect(await notified(after.contactChildId, 'red_out_of_hours')).toEqual([]);

    // Within the hour before the real-time due time, the warning reaches the out-of-hours team too.
    t.clock.set(minutesAfter(new Date('2026-11-29T01:00:00Z'), -30));
    await runDeadlineSweep(t.db, t.clock);
    expect(await notified(before.contactChildId, 'rag_due_soon')).toContainEqual({
      user_id: null,
      team_id: outOfHoursTeamId,
    });
  });
});
