import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import { createViewEnvironment } from '../../platform/http/views.ts';
import { loadStrategyDiscussions } from './strategy-discussions.ts';

let t: TestApp;
let practitioner: TestAgent;
let childIds: number[];
let managerId: number;

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  managerId = (
    await t.db
      .selectFrom('staff_user')
      .where('username', '=', demoUser('team_manager'))
      .select('id')
      .executeTakeFirstOrThrow()
  ).id;
  childIds = [];
  for (const givenName of ['Ada', 'Bram', 'Cleo', 'Dov', 'Esme', 'Fenn']) {
    const { contactChildId } = await recordTestContact(t.db, {
      receivedAt: TEST_NOW,
      givenName,
      immediateRisk: true,
    });
    childIds.push(contactChildId);
  }
});
afterAll(() => t.close());
// TEST_NOW is Friday 20 November 2026, 10:00 in London (GMT).
beforeEach(() => t.clock.set(TEST_NOW));

/** A discussion on Friday 20 November at 09:30 that the police missed, with two actions and a blank row. */
function discussionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'convenedAt-day': '20',
    'convenedAt-month': '11',
    'convenedAt-year': '2026',
    'convenedAt-time': '09:30',
    chair: String(managerId),
    'attendee-council-attended': 'yes',
    'attendee-council-name': 'Priya Sandhu',
    'attendee-council-role': 'Practice manager',
    'attendee-police-attended': 'no',
    'attendee-police-reason': 'No officer free from the custody suite',
    'attendee-health-attended': 'yes',
    'attendee-health-name': 'Dr Amos Kerr',
    'attendee-health-role': 'Named doctor for safeguarding',
    'attendee-education-attended': 'yes',
    'attendee-education-name': 'Lena Fairbrother',
    informationShared: 'School saw bruising to the upper arm.\nHealth: no A&E attendances this year.',
    outcome: 'joint_s47',
    rationale: 'The child says a parent caused the bruising.',
    actionCount: '3',
    'action-0-action': 'See the child at school today',
    'action-0-owner': 'Priya Sandhu, children’s social care',
    'action-0-due-day': '20',
    'action-0-due-month': '11',
    'action-0-due-year': '2026',
    'action-1-action': 'Police checks on the household',
    'action-1-owner': 'DC Rowe, police',
    'action-1-due-day': '24',
    'action-1-due-month': '11',
    'action-1-due-year': '2026',
    ...overrides,
  };
}

/** Sessions end after a while idle, so moving the clock on needs a fresh sign-in. */
async function practitionerAt(at: Date): Promise<TestAgent> {
  t.clock.set(at);
  return t.signedIn(demoUser('front_door_practitioner'));
}

function discussionIdOf(location: unknown): number {
  return Number(/^\/strategy-discussions\/(\d+)$/.exec(String(location))![1]);
}

describe('recording a strategy discussion', () => {
  it('opens a form set to now with rows for every agency, and adds action rows without JavaScript', async () => {
    const page = await practitioner.get(`/screening/${childIds[0]}/strategy-discussions`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="convenedAt-time"[^>]*value="10:00"/);
    for (const agency of ['council', 'police', 'health', 'education', 'probation', 'housing', 'other']) {
      expect(page.body).toContain(`name="attendee-${agency}-attended"`);
    }
    expect(page.body).toContain('Police (required)');
    expect(page.body).toContain('Housing (if involved)');
    expect(page.body).toContain('name="action-2-action"');
    expect(page.body).not.toContain('name="action-3-action"');

    const more = await practitioner.post(
      `/screening/${childIds[0]}/strategy-discussions`,
      discussionForm({ intent: 'addAction' })
    );
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('name="action-3-action"');
    expect(more.body).toContain('Police checks on the household');
  });

  it('will not save a missing required agency without its reason, or a half-filled action', async () => {
    const before = await t.db
      .selectFrom('strategy_discussion')
      .select(t.db.fn.countAll().as('n'))
      .executeTakeFirst();
    const page = await practitioner.post(
      `/screening/${childIds[0]}/strategy-discussions`,
      discussionForm({
        'attendee-police-reason': '',
        'attendee-health-attended': '',
        'attendee-housing-name': 'Sam Otieno',
        'action-2-action': 'Arrange a child protection medical',
        informationShared: '',
      })
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('govuk-error-summary');
    for (const message of [
      'Enter why the police did not take part',
      'Select whether health took part',
      'Select whether housing took part',
      'Enter who owns action 3',
      'Enter when action 3 is due',
      'Enter the information each agency shared',
    ]) {
      expect(page.body).toContain(message);
    }
    expect(page.body).toContain('href="#attendee-police-reason"');
    expect(page.body).toContain('value="Dr Amos Kerr"');
    expect(page.body).toContain('Arrange a child protection medical');
    const after = await t.db
      .selectFrom('strategy_discussion')
      .select(t.db.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after).toEqual(before);
  });

  it('saves the discussion, flags the missing agency with its reason, keeps the actions and starts the ICPC clock', async () => {
    const contactChildId = childIds[0]!;
    const saved = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm()
    );
    expect(saved.statusCode).toBe(303);
    const id = discussionIdOf(saved.headers.location);

    const discussion = await t.db
      .selectFrom('strategy_discussion')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(discussion).toMatchObject({
      contact_child_id: contactChildId,
      outcome: 'joint_s47',
      out_of_hours: false,
      // Friday 20 November + 15 working days = Friday 11 December.
      icpc_due_on: '2026-12-11',
      version: 1,
    });
    expect(discussion.convened_at).toEqual(new Date('2026-11-20T09:30:00Z'));
    const attendees = await t.db
      .selectFrom('strategy_attendee')
      .select(['agency_kind', 'attended', 'name', 'absence_reason'])
      .where('strategy_discussion_id', '=', id)
      .orderBy('id')
      .execute();
    expect(attendees).toEqual([
      { agency_kind: 'council', attended: true, name: 'Priya Sandhu', absence_reason: null },
      {
        agency_kind: 'police',
        attended: false,
        name: null,
        absence_reason: 'No officer free from the custody suite',
      },
      { agency_kind: 'health', attended: true, name: 'Dr Amos Kerr', absence_reason: null },
      { agency_kind: 'education', attended: true, name: 'Lena Fairbrother', absence_reason: null },
    ]);
    const actions = await t.db
      .selectFrom('strategy_action')
      .select(['action', 'owner', 'due_on'])
      .where('strategy_discussion_id', '=', id)
      .orderBy('id')
      .execute();
    expect(actions).toEqual([
      {
        action: 'See the child at school today',
        owner: 'Priya Sandhu, children’s social care',
        due_on: '2026-11-20',
      },
      { action: 'Police checks on the household', owner: 'DC Rowe, police', due_on: '2026-11-24' },
    ]);

    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'strategy.record')
      .where('record_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({
      contactChildId,
      outcome: 'joint_s47',
      missingAgencies: ['police'],
    });
    expect(JSON.stringify(audit.details)).not.toMatch(/Sandhu|custody|bruising/);
    const journey = await t.db
      .selectFrom('journey_event')
      .selectAll()
      .where('contact_child_id', '=', contactChildId)
      .where('kind', '=', 'strategy_discussion')
      .executeTakeFirstOrThrow();
    expect(journey.details).toMatchObject({
      strategyDiscussionId: id,
      outcome: 'joint_s47',
      missingAgencies: ['police'],
    });
    expect(journey.out_of_hours).toBe(false);

    const page = await practitioner.get(`/strategy-discussions/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Required agencies missing: Police');
    expect(page.body).toMatch(
      /Police<\/th>\s*<td class="govuk-table__cell">\s*<strong class="govuk-tag govuk-tag--red">\s*Missing/
    );
    expect(page.body).toContain('No officer free from the custody suite');
    expect(page.body).toContain('11 December 2026');
    expect(page.body).toContain('15 working days left');
    expect(page.body).toContain('School saw bruising to the upper arm.<br />');
    expect(page.body).not.toContain('Overdue');

    // The following Wednesday both actions are past due and the conference is 12 working days away.
    const wednesday = await practitionerAt(new Date('2026-11-25T10:00:00Z'));
    const later = await wednesday.get(`/strategy-discussions/${id}`);
    expect(later.body.match(/govuk-tag--red">\s*Overdue/g)).toHaveLength(2);
    expect(later.body).toContain('12 working days left');
  });

  it('marks a discussion convened at 23:00 as out of hours', async () => {
    const contactChildId = childIds[1]!;
    const saved = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm({ 'convenedAt-day': '19', 'convenedAt-time': '23:00', 'action-0-due-day': '19' })
    );
    expect(saved.statusCode).toBe(303);
    const id = discussionIdOf(saved.headers.location);
    const discussion = await t.db
      .selectFrom('strategy_discussion')
      .select(['out_of_hours', 'icpc_due_on'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // Thursday 19 November at night counts from the Thursday: 15 working days on is Thursday 10 December.
    expect(discussion).toEqual({ out_of_hours: true, icpc_due_on: '2026-12-10' });
    const journey = await t.db
      .selectFrom('journey_event')
      .select('out_of_hours')
      .where('contact_child_id', '=', contactChildId)
      .where('kind', '=', 'strategy_discussion')
      .executeTakeFirstOrThrow();
    expect(journey.out_of_hours).toBe(true);
    expect((await practitioner.get(`/strategy-discussions/${id}`)).body).toContain('Out of hours');
  });

  it('lets the out-of-hours worker record one, but not quality assurance or partner agencies', async () => {
    const outOfHours = await t.signedIn(demoUser('out_of_hours_worker'));
    const form = discussionForm({ outcome: 'no_s47' });
    expect((await outOfHours.post(`/screening/${childIds[2]}/strategy-discussions`, form)).statusCode).toBe(
      303
    );
    for (const role of ['qa_officer', 'partner_agency_practitioner'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get(`/screening/${childIds[2]}/strategy-discussions`)).statusCode).toBe(403);
      expect((await agent.post(`/screening/${childIds[2]}/strategy-discussions`, form)).statusCode).toBe(403);
    }
  });

  it('answers "not found" for a restricted child', async () => {
    const child = await t.db
      .selectFrom('contact_child')
      .select('person_id')
      .where('id', '=', childIds[5]!)
      .executeTakeFirstOrThrow();
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', child.person_id).execute();
    const url = `/screening/${childIds[5]}/strategy-discussions`;
    expect((await practitioner.get(url)).statusCode).toBe(404);
    expect((await practitioner.post(url, discussionForm())).statusCode).toBe(404);
  });
});

describe('the section 47 outcome', () => {
  async function discussionFor(contactChildId: number, overrides: Record<string, string> = {}) {
    const saved = await practitioner.post(
      `/screening/${contactChildId}/strategy-discussions`,
      discussionForm(overrides)
    );
    return discussionIdOf(saved.headers.location);
  }

  it('records the outcome and the conference, and shows whether it was within 15 working days', async () => {
    const contactChildId = childIds[3]!;
    const id = await discussionFor(contactChildId);
    // Monday 14 December 2026: the conference was due by Friday 11 December.
    const monday = await practitionerAt(new Date('2026-12-14T15:00:00Z'));
    const overdue = await monday.get(`/strategy-discussions/${id}`);
    expect(overdue.body).toContain('Overdue by 1 working day');

    const saved = await monday.post(`/strategy-discussions/${id}/section-47`, {
      version: '1',
      s47Outcome: 'icpc',
      's47CompletedOn-day': '4',
      's47CompletedOn-month': '12',
      's47CompletedOn-year': '2026',
      'icpcHeldOn-day': '14',
      'icpcHeldOn-month': '12',
      'icpcHeldOn-year': '2026',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/strategy-discussions/${id}?saved=1`);
    const row = await t.db
      .selectFrom('strategy_discussion')
      .select(['s47_outcome', 's47_completed_on', 'icpc_held_on', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      s47_outcome: 'icpc',
      s47_completed_on: '2026-12-04',
      icpc_held_on: '2026-12-14',
      version: 2,
    });
    const page = await monday.get(`/strategy-discussions/${id}?saved=1`);
    expect(page.body).toContain('Section 47 outcome saved');
    expect(page.body).toContain('Held 1 working day late (outside 15 working days)');

    const journey = await t.db
      .selectFrom('journey_event')
      .select('details')
      .where('contact_child_id', '=', contactChildId)
      .where('kind', '=', 'section_47_outcome')
      .executeTakeFirstOrThrow();
    expect(journey.details).toEqual({
      strategyDiscussionId: id,
      s47Outcome: 'icpc',
      icpcHeld: true,
      icpcWithinTimescale: false,
    });
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'strategy.update')
      .where('record_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ contactChildId, s47Outcome: 'icpc', icpcWithinTimescale: false });
  });

  it('explains wrong answers and refuses a conference date for an outcome without a conference', async () => {
    const id = await discussionFor(childIds[4]!);
    const page = await practitioner.post(`/strategy-discussions/${id}/section-47`, {
      version: '1',
      s47Outcome: 'cin_plan',
      's47CompletedOn-day': '31',
      's47CompletedOn-month': '2',
      's47CompletedOn-year': '2026',
      'icpcHeldOn-day': '20',
      'icpcHeldOn-month': '11',
      'icpcHeldOn-year': '2026',
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter the date the enquiry was completed as a real date');
    expect(page.body).toContain(
      'Only enter a conference date when the outcome is an initial child protection conference'
    );
    expect(page.body).toMatch(/value="cin_plan" checked/);
    expect((await practitioner.post(`/strategy-discussions/${id}/section-47`, {})).statusCode).toBe(400);
  });

  it('tells the second of two people saving at once that someone else saved, keeping what they typed', async () => {
    const id = await discussionFor(childIds[4]!, { 'convenedAt-day': '18', 'action-0-due-day': '18' });
    const manager = await t.signedIn(demoUser('team_manager'));
    const first = await practitioner.get(`/strategy-discussions/${id}`);
    const second = await manager.get(`/strategy-discussions/${id}`);
    expect(first.body).toContain('name="version" value="1"');
    expect(second.body).toContain('name="version" value="1"');

    const completed = {
      's47CompletedOn-day': '20',
      's47CompletedOn-month': '11',
      's47CompletedOn-year': '2026',
    };
    const saved = await practitioner.post(`/strategy-discussions/${id}/section-47`, {
      version: '1',
      s47Outcome: 'icpc',
      ...completed,
    });
    expect(saved.statusCode).toBe(303);
    const conflict = await manager.post(`/strategy-discussions/${id}/section-47`, {
      version: '1',
      s47Outcome: 'no_further_action',
      ...completed,
      's47CompletedOn-day': '19',
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Someone else saved the section 47 outcome since you opened this page');
    expect(conflict.body).toMatch(/value="no_further_action" checked/);
    expect(conflict.body).toMatch(/id="s47CompletedOn-day"[^>]*value="19"/);
    expect(conflict.body).toContain('name="version" value="2"');
    const row = await t.db
      .selectFrom('strategy_discussion')
      .select(['s47_outcome', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ s47_outcome: 'icpc', version: 2 });
  });

  it('has no section 47 outcome to record when no enquiry was started', async () => {
    const id = await discussionFor(childIds[4]!, { outcome: 'no_s47' });
    const page = await practitioner.get(`/strategy-discussions/${id}`);
    expect(page.body).toContain('Not needed: no section 47 enquiry');
    expect(page.body).not.toContain('Save section 47 outcome');
    const refused = await practitioner.post(`/strategy-discussions/${id}/section-47`, {
      version: '1',
      s47Outcome: 'icpc',
    });
    expect(refused.statusCode).toBe(404);
    expect((await practitioner.get('/strategy-discussions/999999')).statusCode).toBe(404);
  });
});

describe('the strategy panel on the screening page', () => {
  it('summarises each discussion with links, missing agencies and the conference clock', async () => {
    const contactChildId = childIds[0]!;
    const discussions = await loadStrategyDiscussions(t.db, contactChildId, TEST_NOW);
    expect(discussions.length).toBeGreaterThan(0);
    const [latest] = discussions;
    expect(latest).toMatchObject({
      outcome: 'joint_s47',
      missingAgencies: ['Police'],
      icpc: { dueOn: '2026-12-11', text: '15 working days left', late: false },
    });
    const html = createViewEnvironment().render('modules/strategy/views/strategy-panel.njk', {
      strategyDiscussions: discussions,
      contactChildId,
      can: { strategy: true },
    });
    expect(html).toContain(`href="/strategy-discussions/${latest!.id}"`);
    expect(html).toContain('Missing: Police');
    expect(html).toContain(`href="/screening/${contactChildId}/strategy-discussions"`);
    const readOnly = createViewEnvironment().render('modules/strategy/views/strategy-panel.njk', {
      strategyDiscussions: [],
      contactChildId,
      can: { strategy: false },
    });
    expect(readOnly).toContain('No strategy discussion has been recorded');
    expect(readOnly).not.toContain('Record a strategy discussion');
  });
});
