import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { actorFor } from '../../../test/support/actors.ts';
import { createViewEnvironment } from '../../platform/http/views.ts';
import { loadNotificationSummary } from './notifications.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';

let t: TestApp;
let practitioner: TestAgent;
let manager: TestAgent;
let police: TestAgent;
const ids: Record<string, number> = {};
let requestId: number;
let contactChildId: number;

async function notify(
  key: string,
  values: { kind: string; userId?: number; teamId?: number | null; raisedAt: Date }
) {
  const row = await t.db
    .insertInto('notification')
    .values({
      event_key: key,
      kind: values.kind,
      contact_child_id: contactChildId,
      information_request_id: values.kind === 'information_chase' ? requestId : null,
      user_id: values.userId ?? null,
      team_id: values.teamId ?? null,
      message: `Test notification ${key}`,
      raised_at: values.raisedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  [practitioner, manager, police] = await Promise.all([
    t.signedIn(demoUser('front_door_practitioner')),
    t.signedIn(demoUser('team_manager')),
    t.signedIn(demoUser('partner_agency_practitioner')),
  ]);
  const [me, boss, officer] = await Promise.all([
    actorFor(t.db, demoUser('front_door_practitioner')),
    actorFor(t.db, demoUser('team_manager')),
    actorFor(t.db, demoUser('partner_agency_practitioner')),
  ]);
  const now = t.clock.now();
  ({ contactChildId } = await insertOpenChild(t.db, {
    receivedAt: minutesAfter(now, -60),
    decisionDueAt: minutesAfter(now, 600),
  }));
  requestId = (
    await t.db
      .insertInto('information_request')
      .values({
        contact_child_id: contactChildId,
        agency_id: officer.agencyId,
        question: 'Any police involvement?',
        consent_status: 'given',
        due_at: now,
        requested_by: me.userId,
        requested_at: minutesAfter(now, -60),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await notify('mine-old', { kind: 'rag_due_soon', userId: me.userId, raisedAt: minutesAfter(now, -30) });
  await notify('mine-new', { kind: 'rag_breached', userId: me.userId, raisedAt: minutesAfter(now, -5) });
  await notify('team', { kind: 'decision_breached', teamId: me.teamId, raisedAt: minutesAfter(now, -10) });
  await notify('managers', {
    kind: 'authorisation_overdue',
    teamId: me.teamId,
    raisedAt: minutesAfter(now, -8),
  });
  await notify('boss', { kind: 'rag_breached', userId: boss.userId, raisedAt: minutesAfter(now, -7) });
  await notify('police', {
    kind: 'information_chase',
    teamId: officer.teamId,
    raisedAt: minutesAfter(now, -6),
  });
  // Read already: listed after every unread one however new it is.
  await notify('read', { kind: 'rag_breached', userId: me.userId, raisedAt: now });
  await t.db.updateTable('notification').set({ read_at: now }).where('id', '=', ids.read!).execute();
});
afterAll(() => t.close());

/** The notification ids listed on a page, in order. */
function listed(html: string): number[] {
  return [...html.matchAll(/data-notification="(\d+)"/g)].map((match) => Number(match[1]));
}

describe('notifications', () => {
  it('shows a practitioner theirs and their team’s, unread first, but not managers’ or anyone else’s', async () => {
    const page = await practitioner.get('/notifications');
    expect(page.statusCode).toBe(200);
    const mine = listed(page.body);
    expect(mine.filter((id) => Object.values(ids).includes(id))).toEqual([
      ids['mine-new'],
      ids.team,
      ids['mine-old'],
      ids.read,
    ]);
    expect(page.body).toContain(`href="/screening/${contactChildId}"`);
  });

  it('shows managers the decisions waiting for them, and partner agencies their requests', async () => {
    const managers = listed((await manager.get('/notifications')).body);
    expect(managers).toEqual(expect.arrayContaining([ids.managers, ids.team, ids.boss]));
    expect(managers).not.toContain(ids['mine-new']);
    const partnerPage = await police.get('/notifications');
    expect(listed(partnerPage.body)).toEqual([ids.police]);
    expect(partnerPage.body).toContain(`href="/information-requests/${requestId}"`);
    expect(partnerPage.body).not.toContain(`/screening/${contactChildId}`);
  });

  it('marks one read for its reader or their team, and answers "not found" for anyone else’s', async () => {
    expect((await practitioner.post(`/notifications/${ids.boss}/read`, {})).statusCode).toBe(404);
    expect((await practitioner.post(`/notifications/${ids.managers}/read`, {})).statusCode).toBe(404);
    expect((await practitioner.post('/notifications/999999999/read', {})).statusCode).toBe(404);
    const read = await practitioner.post(`/notifications/${ids.team}/read`, {});
    expect(read.statusCode).toBe(303);
    expect(read.headers.location).toBe('/notifications');
    const rows = await t.db
      .selectFrom('notification')
      .select(['id', 'read_at'])
      .where('id', 'in', [ids.team!, ids.boss!, ids.managers!])
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.read_at !== null)).toEqual([true, false, false]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['record_type', 'record_id'])
      .where('action', '=', 'notification.read')
      .execute();
    expect(audit).toEqual([{ record_type: 'notification', record_id: String(ids.team) }]);
    // The team's notification is read for the manager too: someone has picked it up.
    expect((await manager.get('/notifications')).body).not.toMatch(
      new RegExp(`/notifications/${ids.team}/read`)
    );
  });

  it('summarises the unread count and newest few for the home page', async () => {
    const actor = await actorFor(t.db, demoUser('front_door_practitioner'));
    const summary = await loadNotificationSummary(t.db, actor);
    const unreadIds = [ids['mine-new'], ids['mine-old']];
    expect(summary.latest.slice(0, 2).map((item) => item.id)).toEqual(unreadIds);
    expect(summary.unread).toBeGreaterThanOrEqual(2);
    expect(summary.latest.length).toBeLessThanOrEqual(5);
    const html = createViewEnvironment().render('modules/work/views/notifications-panel.njk', {
      notifications: summary,
    });
    expect(html).toContain(`${summary.unread} unread`);
    expect(html).toContain('Test notification mine-new');
    expect(html).toContain('href="/notifications"');
  });
});
