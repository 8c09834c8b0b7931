import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { createViewEnvironment } from '../../platform/http/views.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';
import {
  mustBeDecidedNow,
  parseAttendees,
  parseMinutes,
  redCannotWaitMessage,
} from './mash-meeting-rules.ts';

// Monday 23 November 2026, 09:30 GMT: today's meeting (10:00) has not started.
const MONDAY_MORNING = new Date('2026-11-23T09:30:00Z');
const MEETING = '2026-11-23';

describe('which children may wait for the MASH meeting', () => {
  it('never a red child, nor one with an immediate risk not yet cleared', () => {
    expect(mustBeDecidedNow({ rag: 'red', immediateRisk: false })).toBe(true);
    expect(mustBeDecidedNow({ rag: 'amber', immediateRisk: true })).toBe(true);
    expect(mustBeDecidedNow({ rag: null, immediateRisk: true })).toBe(true);
    expect(mustBeDecidedNow({ rag: 'amber', immediateRisk: false })).toBe(false);
    expect(mustBeDecidedNow({ rag: null, immediateRisk: false })).toBe(false);
    expect(redCannotWaitMessage(MEETING)).toContain(
      'the decision must be made now, not at the next MASH meeting on 23 November 2026'
    );
  });
});

describe('the attendee and minutes forms', () => {
  it('need a person, and an agency for someone without an account', () => {
    expect(parseAttendees({ attendeeCount: '3' })).toEqual({
      ok: false,
      problems: [{ field: 'attendee-0-staff', message: 'Name at least one person who attended the meeting' }],
    });
    expect(parseAttendees({ 'attendee-1-name': 'Amy Fox' })).toEqual({
      ok: false,
      problems: [
        { field: 'attendee-1-agency', message: 'Attendee 2: select the agency Amy Fox represented' },
      ],
    });
    expect(
      parseAttendees({ 'attendee-0-staff': '7', 'attendee-1-name': 'Amy Fox', 'attendee-1-agency': '3' })
    ).toEqual({
      ok: true,
      value: [
        { staffUserId: 7, name: null, agencyId: null, role: null },
        { staffUserId: null, name: 'Amy Fox', agencyId: 3, role: null },
      ],
    });
  });

  it('need minutes, an outcome and a level, and actions with an owner due on or after the meeting', () => {
    const parsed = parseMinutes(
      {
        'action-0-action': 'Share the custody record',
        'action-0-due-day': '20',
        'action-0-due-month': '11',
        'action-0-due-year': '2026',
      },
      MEETING
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((problem) => problem.message)).toEqual([
      'Enter the minutes: what each agency shared and what was discussed',
      'Enter what the meeting agreed',
      'Select the threshold level the meeting agreed',
      'Enter who owns action 1',
      'The due date of action 1 must be on or after the meeting',
    ]);
    const ok = parseMinutes(
      { minutes: 'Police: two call-outs.', outcome: 'Level 3', agreedLevel: '3', agencies: ['4', '4', '5'] },
      MEETING
    );
    expect(ok).toEqual({
      ok: true,
      value: {
        minutes: 'Police: two call-outs.',
        outcome: 'Level 3',
        agreedLevel: 3,
        agencyIds: [4, 5],
        actions: [],
      },
    });
  });
});

let t: TestApp;
let practitioner: TestAgent;
let partner: TestAgent;
let managerId: number;
let policeAgencyId: number;
let healthAgencyId: number;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(MONDAY_MORNING);
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  managerId = (
    await t.db
      .selectFrom('staff_user')
      .where('username', '=', demoUser('team_manager'))
      .select('id')
      .executeTakeFirstOrThrow()
  ).id;
  policeAgencyId = (
    await t.db
      .selectFrom('staff_user')
      .where('username', '=', demoUser('partner_agency_practitioner'))
      .select('agency_id')
      .executeTakeFirstOrThrow()
  ).agency_id;
  healthAgencyId = (
    await t.db
      .selectFrom('agency')
      .where('kind', '=', 'health')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

function openChild(rag: 'red' | 'amber', personId?: number) {
  return insertOpenChild(t.db, {
    receivedAt: minutesAfter(MONDAY_MORNING, -60),
    rag,
    ragDueAt: minutesAfter(MONDAY_MORNING, rag === 'red' ? 180 : 24 * 60),
    decisionDueAt: minutesAfter(MONDAY_MORNING, 24 * 60),
    personId,
  });
}

async function itemsOf(contactChildId: number) {
  return t.db
    .selectFrom('mash_discussion')
    .selectAll()
    .where('contact_child_id', '=', contactChildId)
    .execute();
}

describe('a red child and the next meeting', () => {
  it('is refused on the server with a message that it must be decided now, keeping what was typed', async () => {
    const red = await openChild('red');
    const form = await practitioner.get(`/screening/${red.contactChildId}/mash-meeting`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('This child is rated red: the decision must be made now');
    expect(form.body).not.toContain('name="question"');

    // Posting anyway (an old page, a crafted request) is refused by the service, not only the page.
    const refused = await practitioner.post(`/screening/${red.contactChildId}/mash-meeting`, {
      question: 'Can this wait for tomorrow’s meeting?',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain(
      'This child is rated red: the decision must be made now, not at the next MASH meeting on 23 November 2026'
    );
    expect(refused.body).toContain('Can this wait for tomorrow’s meeting?');
    expect(await itemsOf(red.contactChildId)).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'mash.add')
      .where('record_id', '=', String(red.contactChildId))
      .execute();
    expect(audit).toEqual([]);
  });

  it('refuses an amber child whose contact carries an immediate risk not yet cleared', async () => {
    const child = await openChild('amber');
    await t.db
      .updateTable('contact')
      .set({ immediate_risk: true })
      .where('id', '=', child.contactId)
      .execute();
    const refused = await practitioner.post(`/screening/${child.contactChildId}/mash-meeting`, {
      question: 'Wait?',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('must be made now');
    expect(await itemsOf(child.contactChildId)).toEqual([]);
  });

  it('shows no "add" form on the case page for a red child, and flags one rated red after it was added', async () => {
    const html = createViewEnvironment().render('modules/work/views/mash-panel.njk', {
      mashItems: [],
      contactChildId: 1,
      child: { rag: 'red', immediate_risk: false },
      csrfToken: 'token',
    });
    expect(html).toContain('Rated red: decide now');
    expect(html).not.toContain('action="/screening/1/mash-meeting"');

    const child = await openChild('amber');
    await practitioner.post(`/screening/${child.contactChildId}/mash-meeting`, { question: 'Level 2 or 3?' });
    await t.db
      .updateTable('contact_child')
      .set({ rag: 'red' })
      .where('id', '=', child.contactChildId)
      .execute();
    const meeting = await practitioner.get(`/mash-meeting?date=${MEETING}`);
    expect(meeting.body).toContain('Red: decide now, do not wait for the meeting');
  });
});

describe('who attended', () => {
  it('records the council’s staff and partners’ representatives with their agencies, once the meeting is held', async () => {
    const early = await practitioner.post('/mash-meeting/attendees', {
      date: '2026-11-24',
      version: '0',
      'attendee-0-staff': String(managerId),
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('You can record who attended once the meeting has been held');

    const form = await practitioner.get(`/mash-meeting/attendees?date=${MEETING}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="attendee-2-staff"');
    const missingAgency = await practitioner.post('/mash-meeting/attendees', {
      date: MEETING,
      version: '0',
      attendeeCount: '3',
      'attendee-0-staff': String(managerId),
      'attendee-1-name': 'Amy Fox',
    });
    expect(missingAgency.statusCode).toBe(400);
    expect(missingAgency.body).toContain('Attendee 2: select the agency Amy Fox represented');
    expect(missingAgency.body).toContain('value="Amy Fox"');

    const saved = await practitioner.post('/mash-meeting/attendees', {
      date: MEETING,
      version: '0',
      attendeeCount: '3',
      'attendee-0-staff': String(managerId),
      'attendee-0-role': 'Chair',
      'attendee-1-name': 'DS Kay Lennox',
      'attendee-1-agency': String(policeAgencyId),
      'attendee-1-role': 'Public protection desk',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/mash-meeting?date=${MEETING}&attendees=1`);
    const rows = await t.db
      .selectFrom('mash_meeting_attendee')
      .innerJoin('mash_meeting', 'mash_meeting.id', 'mash_meeting_attendee.mash_meeting_id')
      .where('mash_meeting.meeting_date', '=', MEETING)
      .select(['staff_user_id', 'name', 'agency_id', 'role'])
      .orderBy('mash_meeting_attendee.id')
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({ staff_user_id: managerId, role: 'Chair' }),
      {
        staff_user_id: null,
        name: 'DS Kay Lennox',
        agency_id: policeAgencyId,
        role: 'Public protection desk',
      },
    ]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'mash.attendees')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ meetingDate: MEETING, attendees: 2 });
    const meeting = await practitioner.get(saved.headers.location as string);
    expect(meeting.body).toContain('Attendees saved');
    expect(meeting.body).toContain('DS Kay Lennox');

    // A second person saving from a page opened before the first save is told, and keeps their rows.
    const stale = await practitioner.post('/mash-meeting/attendees', {
      date: MEETING,
      version: '0',
      'attendee-0-name': 'Someone Else',
      'attendee-0-agency': String(healthAgencyId),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved who attended');
    expect(stale.body).toContain('value="Someone Else"');
  });
});

describe('minutes, and a partner agency opening the meeting', () => {
  let policeChild: { contactChildId: number; reference: string; personId: number };
  let healthChild: { contactChildId: number; reference: string };

  beforeAll(async () => {
    const people = await t.db
      .selectFrom('person')
      .where('restricted', '=', false)
      .select('id')
      .orderBy('id')
      .limit(2)
      .execute();
    const a = await openChild('amber', people[0]!.id);
    const b = await openChild('amber', people[1]!.id);
    policeChild = { ...a, personId: people[0]!.id };
    healthChild = b;
    for (const child of [a, b])
      await practitioner.post(`/screening/${child.contactChildId}/mash-meeting`, {
        question: 'Which level?',
      });
  });

  async function itemIdOf(contactChildId: number) {
    return (await itemsOf(contactChildId))[0]!.id;
  }

  it('records the minutes, the agencies involved and the actions for each child', async () => {
    t.clock.set(minutesAfter(MONDAY_MORNING, 60));
    practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const itemId = await itemIdOf(policeChild.contactChildId);
    const url = `/mash-meeting/${itemId}/outcome`;
    const more = await practitioner.post(url, { actionCount: '3', intent: 'addAction', minutes: 'Kept' });
    expect(more.body).toContain('name="action-3-action"');
    expect(more.body).toContain('Kept');
    const recorded = await practitioner.post(url, {
      minutes: 'Police: two domestic call-outs this month. School: child withdrawn.',
      outcome: 'Level 3: a child and family assessment.',
      agreedLevel: '3',
      agencies: String(policeAgencyId),
      'action-0-action': 'Share the call-out logs with the assessing worker',
      'action-0-owner': 'DS Kay Lennox',
      'action-0-agency': String(policeAgencyId),
      'action-0-due-day': '24',
      'action-0-due-month': '11',
      'action-0-due-year': '2026',
    });
    expect(recorded.statusCode).toBe(303);
    const healthItem = await itemIdOf(healthChild.contactChildId);
    const health = await practitioner.post(`/mash-meeting/${healthItem}/outcome`, {
      minutes: 'Health visitor: missed developmental checks.',
      outcome: 'Level 2: early help.',
      agreedLevel: '2',
      agencies: String(healthAgencyId),
    });
    expect(health.statusCode).toBe(303);
    const actions = await t.db
      .selectFrom('mash_discussion_action')
      .select(['owner', 'agency_id', 'due_on'])
      .where('mash_discussion_id', '=', itemId)
      .execute();
    expect(actions).toEqual([{ owner: 'DS Kay Lennox', agency_id: policeAgencyId, due_on: '2026-11-24' }]);
    const page = await practitioner.get(`/mash-meeting?date=${MEETING}`);
    expect(page.body).toContain('Police: two domestic call-outs this month.');
    expect(page.body).toContain('Share the call-out logs with the assessing worker');
  });

  it('lets the police open the meeting, seeing only the child the police are involved in, audited', async () => {
    partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    const list = await partner.get('/mash-meeting/partner');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/mash-meeting/partner/${MEETING}`);
    const page = await partner.get(`/mash-meeting/partner/${MEETING}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(policeChild.reference);
    expect(page.body).toContain('Police: two domestic call-outs this month.');
    expect(page.body).toContain('Your agency:');
    expect(page.body).toContain('DS Kay Lennox');
    expect(page.body).not.toContain(healthChild.reference);
    expect(page.body).not.toContain('missed developmental checks');
    expect(page.body).not.toContain(`/screening/${policeChild.contactChildId}`);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['record_type', 'record_id', 'details'])
      .where('action', '=', 'mash.partner_view')
      .where('record_id', '=', MEETING)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ items: 1, personIds: [policeChild.personId] });

    // The staff pages stay closed to partners, and the partner pages to staff.
    expect((await partner.get(`/mash-meeting?date=${MEETING}`)).statusCode).toBe(403);
    expect(
      (await partner.get(`/mash-meeting/${await itemIdOf(policeChild.contactChildId)}/outcome`)).statusCode
    ).toBe(403);
    expect((await practitioner.get(`/mash-meeting/partner/${MEETING}`)).statusCode).toBe(403);
  });

  it('answers "not found" for a meeting the agency neither attended nor was involved in, and hides a restricted child', async () => {
    const other = await partner.get('/mash-meeting/partner/2026-11-30');
    expect(other.statusCode).toBe(404);
    const refusal = await t.db
      .selectFrom('audit_event')
      .select(['record_type', 'details'])
      .where('action', '=', 'access.denied')
      .where('record_id', '=', '2026-11-30')
      .executeTakeFirstOrThrow();
    expect(refusal).toEqual({
      record_type: 'mash_meeting',
      details: { attempted: 'mash.partner_view', reason: 'agency_scope' },
    });
    expect((await partner.get('/mash-meeting/partner/2026-02-30')).statusCode).toBe(404);

    await t.db
      .updateTable('person')
      .set({ restricted: true })
      .where('id', '=', policeChild.personId)
      .execute();
    const page = await partner.get(`/mash-meeting/partner/${MEETING}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(policeChild.reference);
    await t.db
      .updateTable('person')
      .set({ restricted: false })
      .where('id', '=', policeChild.personId)
      .execute();
  });
});
