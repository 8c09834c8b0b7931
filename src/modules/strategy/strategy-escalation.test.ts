import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { chairProblem, parseEscalationClose } from './strategy-rules.ts';
import { missingAgencies } from './strategy-discussions.ts';

describe('who may chair a strategy discussion', () => {
  const council = { agencyKind: 'council', active: true } as const;

  it('a social work manager; anyone else in children’s social care only with the reason a manager did not', () => {
    expect(chairProblem({ ...council, role: 'team_manager' }, undefined)).toBeNull();
    expect(chairProblem({ ...council, role: 'service_manager' }, undefined)).toBeNull();
    expect(chairProblem({ ...council, role: 'out_of_hours_worker' }, 'x')).toEqual({
      field: 'chairReason',
      message: expect.stringContaining('The chair is not a social work manager'),
    });
    expect(
      chairProblem(
        { ...council, role: 'out_of_hours_worker' },
        'Out of hours: no manager on duty; the duty manager was phoned at 02:30'
      )
    ).toBeNull();
  });

  it('never a partner agency, an analyst, or someone who has left', () => {
    expect(
      chairProblem({ agencyKind: 'police', active: true, role: 'partner_agency_practitioner' }, undefined)
    ).toEqual({
      field: 'chair',
      message: 'The chair must be a social worker or manager in children’s social care, not another agency',
    });
    expect(chairProblem({ ...council, role: 'performance_analyst' }, undefined)?.field).toBe('chair');
    expect(chairProblem({ ...council, role: 'team_manager', active: false }, undefined)).toEqual({
      field: 'chair',
      message: 'Select who chaired the strategy discussion',
    });
    expect(chairProblem(undefined, undefined)?.field).toBe('chair');
  });
});

describe('the statutory agencies escalated when absent', () => {
  it('are children’s social care, the police and health, whoever else took part', () => {
    expect(
      missingAgencies([
        { agencyKind: 'council', attended: true },
        { agencyKind: 'police', attended: false },
        { agencyKind: 'education', attended: true },
      ])
    ).toEqual(['police', 'health']);
    expect(
      missingAgencies(['council', 'police', 'health'].map((agencyKind) => ({ agencyKind, attended: true })))
    ).toEqual([]);
  });

  it('are closed with an outcome and what was done, in words', () => {
    expect(parseEscalationClose({})).toEqual({
      ok: false,
      field: 'outcome',
      message: 'Select what was done about the agency’s absence',
    });
    expect(parseEscalationClose({ outcome: 'reconvened', note: 'ok' })).toMatchObject({
      ok: false,
      field: 'note',
    });
    expect(
      parseEscalationClose({
        outcome: 'reconvened',
        note: 'Reconvened at 14:00 with DC Rowe from the child abuse team.',
      })
    ).toEqual({
      ok: true,
      value: { outcome: 'reconvened', note: 'Reconvened at 14:00 with DC Rowe from the child abuse team.' },
    });
  });
});

let t: TestApp;
let practitioner: TestAgent;
let manager: TestAgent;
let managerId: number;
let managerName: string;
let practitionerId: number;
let partnerId: number;
let frontDoorManagerIds: number[];
let childIds: number[];

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(TEST_NOW);
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  manager = await t.signedIn(demoUser('team_manager'));
  const staff = async (username: string) =>
    t.db
      .selectFrom('staff_user')
      .where('username', '=', username)
      .select(['id', 'display_name', 'team_id'])
      .executeTakeFirstOrThrow();
  const managerRow = await staff(demoUser('team_manager'));
  managerId = managerRow.id;
  managerName = managerRow.display_name;
  const practitionerRow = await staff(demoUser('front_door_practitioner'));
  practitionerId = practitionerRow.id;
  partnerId = (await staff(demoUser('partner_agency_practitioner'))).id;
  frontDoorManagerIds = (
    await t.db
      .selectFrom('staff_user')
      .where('team_id', '=', practitionerRow.team_id)
      .where('role', '=', 'team_manager')
      .where('active', '=', true)
      .select('id')
      .orderBy('id')
      .execute()
  ).map((row) => row.id);
  childIds = [];
  for (const givenName of ['Ines', 'Jude', 'Kit']) {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName,
      immediateRisk: true,
    });
    childIds.push(contactChildId);
  }
});
afterAll(() => t.close());

/** A discussion on Friday 20 November 2026 at 09:30 that the police missed. */
function discussionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'convenedAt-day': '20',
    'convenedAt-month': '11',
    'convenedAt-year': '2026',
    'convenedAt-time': '09:30',
    chair: String(managerId),
    'attendee-council-attended': 'yes',
    'attendee-council-name': 'Priya Sandhu',
    'attendee-police-attended': 'no',
    'attendee-police-reason': 'No officer free from the custody suite',
    'attendee-health-attended': 'yes',
    'attendee-health-name': 'Dr Amos Kerr',
    informationShared: 'School saw bruising to the upper arm.',
    outcome: 'joint_s47',
    rationale: 'The child says a parent caused the bruising.',
    actionCount: '3',
    ...overrides,
  };
}

describe('the chair', () => {
  it('is asked for, and checked on save against who the person is', async () => {
    const url = `/screening/${childIds[0]}/strategy-discussions`;
    const form = await practitioner.get(url);
    expect(form.body).toContain('Who chaired the strategy discussion?');
    expect(form.body).toContain(`<option value="${managerId}">${managerName} (Team manager`);
    expect(form.body).not.toContain(`<option value="${partnerId}"`);

    const none = await practitioner.post(url, discussionForm({ chair: '' }));
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select who chaired the strategy discussion');
    const partner = await practitioner.post(url, discussionForm({ chair: String(partnerId) }));
    expect(partner.statusCode).toBe(400);
    expect(partner.body).toContain('The chair must be a social worker or manager in children’s social care');
    const notManager = await practitioner.post(url, discussionForm({ chair: String(practitionerId) }));
    expect(notManager.statusCode).toBe(400);
    expect(notManager.body).toContain('The chair is not a social work manager');
    expect(notManager.body).toContain('No officer free from the custody suite');
    expect(
      await t.db
        .selectFrom('strategy_discussion')
        .select('id')
        .where('contact_child_id', '=', childIds[0]!)
        .execute()
    ).toEqual([]);

    const explained = await practitioner.post(
      url,
      discussionForm({
        chair: String(practitionerId),
        chairReason: 'Both front-door managers were in a child protection conference until 11:00.',
        'attendee-police-attended': 'yes',
        'attendee-police-name': 'DC Rowe',
      })
    );
    expect(explained.statusCode).toBe(303);
    const saved = await t.db
      .selectFrom('strategy_discussion')
      .select(['chair_id', 'chair_not_manager_reason'])
      .where('contact_child_id', '=', childIds[0]!)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({
      chair_id: practitionerId,
      chair_not_manager_reason: 'Both front-door managers were in a child protection conference until 11:00.',
    });
    const page = await practitioner.get(explained.headers.location as string);
    expect(page.body).toContain(
      'Not a manager: Both front-door managers were in a child protection conference'
    );
    // Everyone statutory took part: nothing to escalate.
    expect(page.body).not.toContain('Escalated: agencies missing');
  });
});

describe('an absent statutory agency', () => {
  let discussionId: number;
  let escalationId: number;

  it('is escalated to the owning team’s managers, with who was told and when on the discussion and the case page', async () => {
    const saved = await practitioner.post(`/screening/${childIds[1]}/strategy-discussions`, discussionForm());
    expect(saved.statusCode).toBe(303);
    discussionId = Number(/(\d+)$/.exec(String(saved.headers.location))![1]);
    const escalations = await t.db
      .selectFrom('strategy_escalation')
      .selectAll()
      .where('strategy_discussion_id', '=', discussionId)
      .execute();
    expect(escalations).toEqual([
      expect.objectContaining({
        agency_kind: 'police',
        status: 'open',
        raised_at: TEST_NOW,
        raised_by: practitionerId,
      }),
    ]);
    escalationId = escalations[0]!.id;
    const recipients = await t.db
      .selectFrom('strategy_escalation_recipient')
      .select(['user_id', 'notified_at'])
      .where('strategy_escalation_id', '=', escalationId)
      .orderBy('user_id')
      .execute();
    expect(recipients).toEqual(
      frontDoorManagerIds.map((userId) => ({ user_id: userId, notified_at: TEST_NOW }))
    );
    const notifications = await t.db
      .selectFrom('notification')
      .select(['user_id', 'kind', 'message', 'strategy_discussion_id'])
      .where('kind', '=', 'strategy_agency_absent')
      .where('strategy_discussion_id', '=', discussionId)
      .orderBy('user_id')
      .execute();
    expect(notifications.map((row) => row.user_id)).toEqual(frontDoorManagerIds);
    expect(notifications[0]!.message).toContain(
      'Police did not take part in the strategy discussion held at 09:30 on 20 November 2026'
    );
    expect(notifications[0]!.message).not.toContain('custody');

    const inbox = await manager.get('/notifications');
    expect(inbox.body).toContain('Agency missing from a strategy discussion');
    expect(inbox.body).toContain(`/strategy-discussions/${discussionId}`);

    const page = await manager.get(`/strategy-discussions/${discussionId}`);
    expect(page.body).toContain('Police did not take part');
    expect(page.body).toContain('Escalated: not yet acknowledged');
    expect(page.body).toContain(managerName);
    const casePage = await practitioner.get(`/screening/${childIds[1]}`);
    expect(casePage.body).toMatch(/Police missing: escalated to [^<]*at 20 Nov 2026 10:00/);
    expect(casePage.body).toContain('Chaired by');
  });

  it('is acknowledged and closed by a manager with an outcome, once; practitioners cannot', async () => {
    const base = `/strategy-discussions/${discussionId}/escalations/${escalationId}`;
    expect((await practitioner.post(`${base}/acknowledge`, {})).statusCode).toBe(403);
    t.clock.set(new Date(TEST_NOW.getTime() + 30 * 60_000));
    // Sessions end after a while idle: a fresh sign-in at the later time.
    manager = await t.signedIn(demoUser('team_manager'));
    practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await manager.post(`${base}/acknowledge`, {})).statusCode).toBe(303);
    expect((await manager.post(`${base}/acknowledge`, {})).statusCode).toBe(303);
    const acknowledged = await t.db
      .selectFrom('strategy_escalation')
      .select(['status', 'acknowledged_by', 'acknowledged_at'])
      .where('id', '=', escalationId)
      .executeTakeFirstOrThrow();
    expect(acknowledged).toEqual({
      status: 'acknowledged',
      acknowledged_by: managerId,
      acknowledged_at: t.clock.now(),
    });

    const blank = await manager.post(`${base}/close`, { note: 'ok' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Select what was done about the agency’s absence');
    expect(blank.body).toContain(`href="#escalation-${escalationId}-outcome"`);
    const note =
      'Spoke to DI Shah, child abuse investigation team: DC Rowe joins the reconvened discussion at 14:00.';
    const closed = await manager.post(`${base}/close`, { outcome: 'reconvened', note });
    expect(closed.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('strategy_escalation')
      .select(['status', 'outcome', 'outcome_note', 'closed_by'])
      .where('id', '=', escalationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'closed',
      outcome: 'reconvened',
      outcome_note: note,
      closed_by: managerId,
    });
    const again = await manager.post(`${base}/close`, {
      outcome: 'no_further_action',
      note: 'Closing it a second time by mistake today.',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Someone else closed this escalation');
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('record_type', '=', 'strategy_escalation')
      .where('record_id', '=', String(escalationId))
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      'strategy.escalation_acknowledge',
      'strategy.escalation_acknowledge',
      'strategy.escalation_close',
    ]);
    const casePage = await practitioner.get(`/screening/${childIds[1]}`);
    expect(casePage.body).toContain('The discussion was reconvened with the agency');
    expect(
      (await manager.post(`/strategy-discussions/${discussionId}/escalations/999999/close`, {})).statusCode
    ).toBe(404);
  });
});
