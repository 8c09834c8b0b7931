import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { staffContactFormFields } from '../../../test/support/contact-fixtures.ts';
import type { Role } from '../../platform/db/schema.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';
import { runDeadlineSweep } from './deadline-sweep.ts';

/** The coded answers of an action that changed nothing: the child not seen, no powers used, at home. */
function codedAnswers(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    childSeen: 'no',
    policeProtection: 'no',
    epoSought: 'no',
    safetyPlan: 'no',
    accommodation: 'at_home',
    dayTeam: 'no',
    ...overrides,
  };
}

const CODES_RECORDED = {
  childSeen: true,
  policeProtection: false,
  epoSought: false,
  safetyPlanAgreed: true,
  accommodation: 'family_or_friends',
  handedToDayTeam: true,
};

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Signs in at the test clock's current time (sessions expire when the clock moves on by days). */
function signIn(role: Role) {
  return t.signedIn(demoUser(role));
}

async function recordedChild(location: string) {
  const contactId = Number(/\/contacts\/(\d+)/.exec(location)![1]);
  return t.db
    .selectFrom('contact_child')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('contact_child.contact_id', '=', contactId)
    .select([
      'contact_child.id',
      'contact_child.rag',
      'contact_child.rag_due_at',
      'contact.reference',
      'contact.out_of_hours',
    ])
    .executeTakeFirstOrThrow();
}

const rowOf = (html: string, id: number) => html.includes(`data-contact-child="${id}"`);
/** The table row of one child on a list. */
const rowHtml = (html: string, id: number) => {
  const start = html.indexOf(`data-contact-child="${id}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start));
};
/** The error summary's messages, to say why a form was refused. */
const errorsOf = (html: string) =>
  [...html.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((match) => match[1]).join('; ');

describe('a red contact received at 19:50 on the Friday before a bank-holiday Monday', () => {
  let child: Awaited<ReturnType<typeof recordedChild>>;

  it('is due at 23:50 that Friday night: immediate risk runs on real time, not working time', async () => {
    // Friday 28 August 2026, 19:50 BST; Monday 31 August is the summer bank holiday.
    t.clock.set(new Date('2026-08-28T18:50:00Z'));
    const practitioner = await signIn('front_door_practitioner');
    const response = await practitioner.post(
      '/contacts/new',
      staffContactFormFields({ day: '28', month: '8', year: '2026', time: '19:50' }, { immediateRisk: 'yes' })
    );
    expect(response.statusCode).toBe(303);
    child = await recordedChild(response.headers.location as string);
    expect(child.rag).toBe('red');
    // Not Tuesday 11:50 (4 working hours over the weekend and the bank holiday): 4 real hours.
    expect(child.rag_due_at?.toISOString()).toBe('2026-08-28T22:50:00.000Z');
    // 19:50 is still within the front door's hours (08:00–20:00).
    expect(child.out_of_hours).toBe(false);
  });

  it('is on the out-of-hours worker’s list on Saturday night, where they record what they did', async () => {
    t.clock.set(new Date('2026-08-29T21:30:00Z')); // Saturday 22:30 BST
    const outOfHours = await signIn('out_of_hours_worker');
    const list = await outOfHours.get('/out-of-hours');
    expect(list.statusCode).toBe(200);
    expect(rowOf(list.body, child.id)).toBe(true);
    expect(list.body).toContain(child.reference);
    expect(list.body).toContain('Immediate risk: not picked up');
    expect(list.body).toContain('<time datetime="2026-08-28T22:50:00.000Z">');
    // Saturday 22:30 is 22 h 40 m after Friday 23:50, day and night; not "working time".
    const row = rowHtml(list.body, child.id);
    expect(row).toContain('Overdue by 22h 40m<');
    expect(row).not.toContain('working time');

    const blank = await outOfHours.post(`/out-of-hours/${child.id}/actions`, { action: ' ' });
    expect(blank.statusCode).toBe(400);
    for (const message of [
      'Describe what you did',
      'Select whether the child was seen',
      'Select whether police protection powers (section 46) were used',
      'Select whether an emergency protection order was applied for',
      'Select whether a safety plan was agreed',
      'Select where the child is now',
      'Select whether the day team needs to act on this',
    ])
      expect(blank.body).toContain(message);
    const recorded = await outOfHours.post(`/out-of-hours/${child.id}/actions`, {
      action: 'Visited with police at 23:00. Child staying with her grandmother tonight; safety plan agreed.',
      ...codedAnswers({
        childSeen: 'yes',
        'childSeenAt-day': '29',
        'childSeenAt-month': '8',
        'childSeenAt-year': '2026',
        'childSeenAt-time': '22:10',
        childSeenBy: 'Jo Achebe, out-of-hours social worker',
        safetyPlan: 'yes',
        accommodation: 'family_or_friends',
        dayTeam: 'yes',
        dayTeamNextSteps: 'Visit the grandmother on Tuesday and start the assessment.',
      }),
    });
    expect(recorded.statusCode).toBe(303);
    expect(recorded.headers.location).toBe(`/out-of-hours/${child.id}/actions?recorded=1`);
    const notes = await t.db
      .selectFrom('case_note')
      .selectAll()
      .where('contact_child_id', '=', child.id)
      .execute();
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'out_of_hours_action',
        out_of_hours: true,
        recorded_at: t.clock.now(),
      }),
    ]);
    const journey = await t.db
      .selectFrom('journey_event')
      .selectAll()
      .where('contact_child_id', '=', child.id)
      .where('kind', '=', 'out_of_hours_action')
      .execute();
    expect(journey).toEqual([
      expect.objectContaining({
        out_of_hours: true,
        details: { caseNoteId: notes[0]!.id, ...CODES_RECORDED },
      }),
    ]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['record_type', 'record_id', 'details'])
      .where('action', '=', 'out_of_hours.action')
      .execute();
    expect(audit).toEqual([
      {
        record_type: 'contact_child',
        record_id: String(child.id),
        details: { caseNoteId: notes[0]!.id, outOfHours: true, ...CODES_RECORDED },
      },
    ]);
    const page = await outOfHours.get(recorded.headers.location as string);
    expect(page.body).toContain('Action recorded');
    expect(page.body).toContain('safety plan agreed');
    const coded = await t.db
      .selectFrom('out_of_hours_coded_action')
      .selectAll()
      .where('case_note_id', '=', notes[0]!.id)
      .executeTakeFirstOrThrow();
    expect(coded).toMatchObject({
      child_seen: true,
      child_seen_at: new Date('2026-08-29T21:10:00Z'),
      child_seen_by: 'Jo Achebe, out-of-hours social worker',
      police_protection: false,
      epo_sought: false,
      safety_plan_agreed: true,
      accommodation: 'family_or_friends',
      handed_to_day_team: true,
    });
    expect(page.body).toMatch(
      /Child seen<\/dt>\s*<dd class="govuk-summary-list__value">Yes, 29 Aug 2026 22:10, by Jo Achebe/
    );
  });

  it('refuses a police protection time in the future, and a child said to be under police protection when it was not used', async () => {
    const outOfHours = await signIn('out_of_hours_worker');
    const refused = await outOfHours.post(`/out-of-hours/${child.id}/actions`, {
      action: 'Police attended and took the child into police protection.',
      ...codedAnswers({
        policeProtection: 'yes',
        'policeProtectionAt-day': '30',
        'policeProtectionAt-month': '8',
        'policeProtectionAt-year': '2026',
        'policeProtectionAt-time': '02:00',
      }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Enter when police protection started: it must be now or in the past');
    expect(refused.body).toContain('Police attended and took the child into police protection.');
    const mismatch = await outOfHours.post(`/out-of-hours/${child.id}/actions`, {
      action: 'Child taken to a foster carer by police.',
      ...codedAnswers({ accommodation: 'police_protection' }),
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('answer yes to police protection powers being used');
    expect(
      await t.db.selectFrom('case_note').select('id').where('contact_child_id', '=', child.id).execute()
    ).toHaveLength(1);
  });

  it('is still on the list on the bank holiday, and on the day team’s handover list on Tuesday until picked up', async () => {
    t.clock.set(new Date('2026-08-31T12:00:00Z')); // Monday, bank holiday
    expect(rowOf((await (await signIn('out_of_hours_worker')).get('/out-of-hours')).body, child.id)).toBe(
      true
    );

    t.clock.set(new Date('2026-09-01T07:05:00Z')); // Tuesday 08:05 BST
    const dayTeam = await signIn('front_door_practitioner');
    const handover = await dayTeam.get('/out-of-hours/handover');
    expect(handover.statusCode).toBe(200);
    expect(rowOf(handover.body, child.id)).toBe(true);
    expect(handover.body).toContain('safety plan agreed');
    expect(handover.body).toContain('Nadia Karim');
    // The coded answers reach the day team with the words.
    expect(handover.body).toContain('Handed to the day team');
    expect(handover.body).toContain('Yes: Visit the grandmother on Tuesday and start the assessment.');
    expect(handover.body).toContain('With family or friends');

    const pickedUp = await dayTeam.post(`/out-of-hours/handover/${child.id}/pick-up`, {});
    expect(pickedUp.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('contact_child')
      .select(['day_team_picked_up_at', 'day_team_picked_up_by'])
      .where('id', '=', child.id)
      .executeTakeFirstOrThrow();
    expect(row.day_team_picked_up_at).toEqual(t.clock.now());
    expect(row.day_team_picked_up_by).not.toBeNull();
    const after = await dayTeam.get('/out-of-hours/handover?picked-up=1');
    expect(after.body).toContain('Picked up by the day team');
    expect(rowOf(after.body, child.id)).toBe(false);

    // A second click does nothing more.
    await dayTeam.post(`/out-of-hours/handover/${child.id}/pick-up`, {});
    const pickUps = await t.db
      .selectFrom('journey_event')
      .select('out_of_hours')
      .where('contact_child_id', '=', child.id)
      .where('kind', '=', 'picked_up_by_day_team')
      .execute();
    expect(pickUps).toEqual([{ out_of_hours: false }]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'out_of_hours.pick_up')
      .where('record_id', '=', String(child.id))
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.details)).toEqual([{ pickedUp: true }, { pickedUp: false }]);
  });

  it('comes back on the handover list after another night’s out-of-hours action', async () => {
    t.clock.set(new Date('2026-09-01T20:30:00Z')); // Tuesday 21:30 BST
    const outOfHours = await signIn('out_of_hours_worker');
    await outOfHours.post(`/out-of-hours/${child.id}/actions`, {
      action: 'Phoned the grandmother: all settled.',
      ...codedAnswers(),
    });
    t.clock.set(new Date('2026-09-02T07:00:00Z'));
    const handover = await (await signIn('front_door_practitioner')).get('/out-of-hours/handover');
    expect(rowOf(handover.body, child.id)).toBe(true);
    expect(handover.body).toContain('all settled');
    expect(handover.body).not.toContain('safety plan agreed');
  });
});

describe('an immediate-risk police call logged at 06:30 on a Sunday', () => {
  let child: Awaited<ReturnType<typeof recordedChild>>;
  const SUNDAY_0630 = new Date('2026-12-06T06:30:00Z'); // Sunday 6 December 2026, GMT

  async function notifications(contactChildId: number) {
    return t.db
      .selectFrom('notification')
      .leftJoin('staff_user', 'staff_user.id', 'notification.user_id')
      .leftJoin('team', 'team.id', 'notification.team_id')
      .where('notification.contact_child_id', '=', contactChildId)
      .select(['notification.kind', 'staff_user.role', 'team.kind as team_kind'])
      .orderBy('notification.id')
      .execute();
  }

  it('is due at 10:30 that morning and heads the out-of-hours list with 4 real hours left', async () => {
    t.clock.set(SUNDAY_0630);
    // Whatever the seeded council has due by now is raised first, so this test sees only its own.
    await runDeadlineSweep(t.db, t.clock, { batchSize: 100_000 });
    const outOfHours = await signIn('out_of_hours_worker');
    const response = await outOfHours.post(
      '/contacts/new',
      staffContactFormFields(
        { day: '6', month: '12', year: '2026', time: '06:30' },
        {
          immediateRisk: 'yes',
          channel: 'out_of_hours',
          'child-0-givenName': 'Ottoline',
          'child-0-familyName': 'Brightwater-Nkemelu',
          'child-0-dob-day': '3',
          'child-0-dob-month': '7',
          'child-0-dob-year': '2020',
        }
      )
    );
    expect(response.statusCode, errorsOf(response.body)).toBe(303);
    child = await recordedChild(response.headers.location as string);
    expect(child.rag).toBe('red');
    // Not "due 7 Dec 12:00": 4 hours of real time.
    expect(child.rag_due_at?.toISOString()).toBe('2026-12-06T10:30:00.000Z');
    const list = await outOfHours.get('/out-of-hours');
    expect(rowOf(list.body, child.id)).toBe(true);
    expect(list.body).toContain('<time datetime="2026-12-06T10:30:00.000Z">');
    expect(list.body).toContain('4h 00m left (real time, day and night)');
    expect(list.body).toContain('data-clock="real"');
  });

  it('alerts the out-of-hours team at once, and its near-breach and breach reach the duty managers', async () => {
    t.clock.set(SUNDAY_0630);
    await runDeadlineSweep(t.db, t.clock);
    expect(await notifications(child.id)).toEqual([
      { kind: 'red_out_of_hours', role: null, team_kind: 'out_of_hours' },
    ]);

    t.clock.set(new Date('2026-12-06T09:45:00Z'));
    await runDeadlineSweep(t.db, t.clock);
    t.clock.set(new Date('2026-12-06T10:31:00Z'));
    await runDeadlineSweep(t.db, t.clock);
    await runDeadlineSweep(t.db, t.clock);
    const raised = await notifications(child.id);
    for (const kind of ['rag_due_soon', 'rag_breached']) {
      const of = raised.filter((row) => row.kind === kind);
      // Unallocated: the front-door team (whose managers read it), the out-of-hours team …
      expect(of).toContainEqual({ kind, role: null, team_kind: 'front_door' });
      expect(of).toContainEqual({ kind, role: null, team_kind: 'out_of_hours' });
      expect(of).toHaveLength(2);
    }

    // The duty manager (a front-door team manager) sees the breach in their notifications.
    const manager = await signIn('team_manager');
    const page = await manager.get('/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${child.reference}: the red RAG timescale ended at 10:30`);
    expect(page.body).toContain('RAG timescale missed');
    const edt = await signIn('out_of_hours_worker');
    const theirs = await edt.get('/notifications');
    expect(theirs.body).toContain('Immediate risk out of hours');
    expect(theirs.body).toContain(`${child.reference}: the red RAG timescale ended at 10:30`);
  });

  it('reads "overdue by 46h" two days later, not working time', async () => {
    t.clock.set(new Date('2026-12-08T08:30:00Z')); // Tuesday 08:30: 46 h after Sunday 10:30
    const list = await (await signIn('front_door_practitioner')).get('/contacts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Overdue by 46h 00m<');
  });
});

describe('contacts received out of hours', () => {
  it('wait on both lists for the day team, whatever their rating', async () => {
    t.clock.set(new Date('2026-09-05T01:15:00Z')); // Saturday 02:15 BST
    const outOfHours = await signIn('out_of_hours_worker');
    const response = await outOfHours.post(
      '/contacts/new',
      staffContactFormFields(
        { day: '5', month: '9', year: '2026', time: '02:10' },
        { 'child-0-givenName': 'Barnaby', 'child-0-familyName': 'Throckmorton-Lake', channel: 'out_of_hours' }
      )
    );
    expect(response.statusCode).toBe(303);
    const child = await recordedChild(response.headers.location as string);
    expect(child.out_of_hours).toBe(true);
    expect(child.rag).toBeNull();
    expect(rowOf((await outOfHours.get('/out-of-hours')).body, child.id)).toBe(true);
    t.clock.set(new Date('2026-09-07T07:00:00Z')); // Monday 08:00 BST
    const dayTeam = await signIn('front_door_practitioner');
    expect(rowOf((await dayTeam.get('/out-of-hours/handover')).body, child.id)).toBe(true);
    await dayTeam.post(`/out-of-hours/handover/${child.id}/pick-up`, {});
    expect(rowOf((await dayTeam.get('/out-of-hours/handover')).body, child.id)).toBe(false);
    expect(rowOf((await dayTeam.get('/out-of-hours')).body, child.id)).toBe(false);
  });
});

describe('who sees and acts on out-of-hours work', () => {
  it('hides restricted children and answers "not found" for them and for unknown ones', async () => {
    const now = t.clock.now();
    const hidden = await t.db
      .insertInto('person')
      .values({ given_name: 'Hidden', family_name: 'Child', sex: 'U', restricted: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const restricted = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -30),
      rag: 'red',
      ragDueAt: minutesAfter(now, 120),
      decisionDueAt: minutesAfter(now, 600),
      personId: hidden.id,
    });
    const outOfHours = await signIn('out_of_hours_worker');
    expect(rowOf((await outOfHours.get('/out-of-hours')).body, restricted.contactChildId)).toBe(false);
    expect(
      (await outOfHours.post(`/out-of-hours/${restricted.contactChildId}/actions`, { action: 'Visited' }))
        .statusCode
    ).toBe(404);
    expect((await outOfHours.get('/out-of-hours/999999999/actions')).statusCode).toBe(404);
    expect((await outOfHours.post('/out-of-hours/handover/999999999/pick-up', {})).statusCode).toBe(404);
  });

  it('lets quality assurance read the lists without recording actions', async () => {
    const qa = await signIn('qa_officer');
    const list = await qa.get('/out-of-hours');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Record an action');
    expect((await qa.get('/out-of-hours/handover')).body).not.toContain('Pick up');
    const partner = await signIn('partner_agency_practitioner');
    expect((await partner.get('/out-of-hours')).statusCode).toBe(403);
  });
});

describe('the out-of-hours lists, a page at a time (issue 17)', () => {
  /** The children on a page of either list, in the order shown. */
  const childIdsOn = (html: string) =>
    [...html.matchAll(/data-contact-child="(\d+)"/g)].map((match) => Number(match[1]));
  const totalOn = (html: string, pattern: RegExp) => Number(pattern.exec(html)![1]!.replace(/,/g, ''));
  const OPEN = /(\d[\d,]*) open, soonest due first/;
  const WAITING = /(\d[\d,]*) waiting for the day team, soonest due first/;

  /**
   * In bulk: `count` open children received out of hours and not yet picked up, all due at one moment
   * long past (so they head both lists, and only the id orders them), and one about a restricted child.
   */
  async function insertOutOfHoursChildren(count: number) {
    const at = new Date('2026-01-05T02:00:00Z');
    const hidden = await t.db
      .insertInto('person')
      .values({ given_name: 'Hidden', family_name: 'Paging', sex: 'U', restricted: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contacts = await t.db
      .insertInto('contact')
      .values(
        Array.from({ length: count + 1 }, (_, i) => ({
          reference: `CON-PAGE-${String(i).padStart(4, '0')}`,
          received_at: at,
          channel: 'out_of_hours' as const,
          referral_source: '2A',
          summary: 'Synthetic test contact',
          out_of_hours: true,
          recorded_at: at,
        }))
      )
      .returning('id')
      .execute();
    const children = await t.db
      .insertInto('contact_child')
      .values(
        contacts.map((contact, i) => ({
          contact_id: contact.id,
          person_id: i === count ? hidden.id : null,
          described_child: JSON.stringify({ givenName: 'Paging', familyName: 'Child' }),
          status: 'screening' as const,
          decision_due_at: at,
        }))
      )
      .returning('id')
      .execute();
    const ids = children.map((child) => child.id).sort((a, b) => a - b);
    return { shown: ids.slice(0, count), hidden: ids[count]! };
  }

  it('page 50 at a time with the exact count, soonest due then by id, and send a page past the end back to the first', async () => {
    t.clock.set(new Date('2026-09-12T01:00:00Z')); // Saturday 02:00 BST
    const outOfHours = await signIn('out_of_hours_worker');
    const before = {
      list: totalOn((await outOfHours.get('/out-of-hours')).body, OPEN),
      handover: totalOn((await outOfHours.get('/out-of-hours/handover')).body, WAITING),
    };
    const { shown, hidden } = await insertOutOfHoursChildren(55);

    const first = (await outOfHours.get('/out-of-hours')).body;
    const total = before.list + 55;
    expect(totalOn(first, OPEN)).toBe(total);
    expect(first).toContain('Showing 1 to 50');
    expect(childIdsOn(first)).toEqual(shown.slice(0, 50));
    expect(first).toContain('href="/out-of-hours?page=2"');
    const pages = Math.ceil(total / 50);
    const last = (await outOfHours.get(`/out-of-hours?page=${pages}`)).body;
    // Every child the worker may see is counted, and no other: the last page holds what the count leaves.
    expect(childIdsOn(last)).toHaveLength(total - 50 * (pages - 1));
    const second = (await outOfHours.get('/out-of-hours?page=2')).body;
    expect(childIdsOn(second).slice(0, 5)).toEqual(shown.slice(50));
    expect(second).toContain('Showing 51 to');
    for (const page of [first, second]) expect(childIdsOn(page)).not.toContain(hidden);
    const past = await outOfHours.get(`/out-of-hours?page=${pages + 1}`);
    expect(past.statusCode).toBe(303);
    expect(past.headers.location).toBe('/out-of-hours');

    const dayTeam = await signIn('front_door_practitioner');
    const handover = (await dayTeam.get('/out-of-hours/handover')).body;
    const waiting = before.handover + 55;
    expect(totalOn(handover, WAITING)).toBe(waiting);
    expect(childIdsOn(handover)).toEqual(shown.slice(0, 50));
    expect(handover).toContain('href="/out-of-hours/handover?page=2"');
    const handoverPages = Math.ceil(waiting / 50);
    const handoverLast = await dayTeam.get(`/out-of-hours/handover?page=${handoverPages}`);
    expect(childIdsOn(handoverLast.body)).toHaveLength(waiting - 50 * (handoverPages - 1));
    const onSecond = (await dayTeam.get('/out-of-hours/handover?page=2')).body;
    expect(childIdsOn(onSecond).slice(0, 5)).toEqual(shown.slice(50));
    expect(onSecond).toContain('<input type="hidden" name="page" value="2">');
    // Picked up from the second page: back to the second page, one fewer waiting.
    const pickedUp = await dayTeam.post(`/out-of-hours/handover/${shown[50]}/pick-up`, { page: '2' });
    expect(pickedUp.headers.location).toBe('/out-of-hours/handover?picked-up=1&page=2');
    const after = (await dayTeam.get(pickedUp.headers.location as string)).body;
    expect(after).toContain('Picked up by the day team');
    expect(totalOn(after, WAITING)).toBe(waiting - 1);
    expect(childIdsOn(after)).not.toContain(shown[50]);
    const pastHandover = await dayTeam.get(`/out-of-hours/handover?picked-up=1&page=${handoverPages + 1}`);
    expect(pastHandover.statusCode).toBe(303);
    expect(pastHandover.headers.location).toBe('/out-of-hours/handover?picked-up=1');
  });
});
