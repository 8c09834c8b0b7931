import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';
import { parseOutOfHoursAction, policeProtectionEndsAt } from './out-of-hours-rules.ts';

// Saturday 21 November 2026, 02:30 GMT: the front door is closed.
const SATURDAY_NIGHT = new Date('2026-11-21T02:30:00Z');

const NOTHING_CHANGED = {
  action: 'Phoned the mother; she agreed the child stays in tonight.',
  childSeen: 'no',
  policeProtection: 'no',
  epoSought: 'no',
  safetyPlan: 'no',
  accommodation: 'at_home',
  dayTeam: 'no',
};

describe('the coded answers of an out-of-hours action', () => {
  it('asks every question, and the details of each "yes"', () => {
    const blank = parseOutOfHoursAction({}, SATURDAY_NIGHT);
    expect(!blank.ok && blank.problems.map((problem) => problem.field)).toEqual([
      'action',
      'childSeen',
      'policeProtection',
      'epoSought',
      'safetyPlan',
      'accommodation',
      'dayTeam',
    ]);
    const yeses = parseOutOfHoursAction(
      { ...NOTHING_CHANGED, childSeen: 'yes', policeProtection: 'yes', dayTeam: 'yes' },
      SATURDAY_NIGHT
    );
    expect(!yeses.ok && yeses.problems).toEqual([
      {
        field: 'childSeenAt',
        message: 'Enter when the child was seen as a real date, and a time like 02:15',
      },
      { field: 'childSeenBy', message: 'Enter who saw the child' },
      {
        field: 'policeProtectionAt',
        message: 'Enter when police protection started as a real date, and a time like 02:15',
      },
      { field: 'dayTeamNextSteps', message: 'Enter what the day team needs to do next' },
    ]);
  });

  it('keeps the times in England, refuses one in the future, and ends police protection 72 hours on', () => {
    const at = {
      'policeProtectionAt-day': '21',
      'policeProtectionAt-month': '11',
      'policeProtectionAt-year': '2026',
    };
    const parsed = parseOutOfHoursAction(
      {
        ...NOTHING_CHANGED,
        policeProtection: 'yes',
        ...at,
        'policeProtectionAt-time': '01:50',
        accommodation: 'police_protection',
      },
      SATURDAY_NIGHT
    );
    expect(parsed.ok && parsed.value.codes.policeProtectionAt).toEqual(new Date('2026-11-21T01:50:00Z'));
    expect(policeProtectionEndsAt(new Date('2026-11-21T01:50:00Z'))).toEqual(
      new Date('2026-11-24T01:50:00Z')
    );
    const future = parseOutOfHoursAction(
      { ...NOTHING_CHANGED, policeProtection: 'yes', ...at, 'policeProtectionAt-time': '03:00' },
      SATURDAY_NIGHT
    );
    expect(!future.ok && future.problems).toEqual([
      {
        field: 'policeProtectionAt',
        message: 'Enter when police protection started: it must be now or in the past',
      },
    ]);
  });
});

let t: TestApp;
let contactChildId: number;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(SATURDAY_NIGHT);
  ({ contactChildId } = await insertOpenChild(t.db, {
    receivedAt: minutesAfter(SATURDAY_NIGHT, -60),
    rag: 'red',
    ragDueAt: minutesAfter(SATURDAY_NIGHT, 180),
    decisionDueAt: minutesAfter(SATURDAY_NIGHT, 48 * 60),
    outOfHours: true,
  }));
});
afterAll(() => t.close());

describe('recording coded out-of-hours actions', () => {
  it('saves the codes with the words, and shows them on the case page and at the day team’s handover', async () => {
    const worker = await t.signedIn(demoUser('out_of_hours_worker'));
    const form = await worker.get(`/out-of-hours/${contactChildId}/actions`);
    expect(form.body).toContain('Were police protection powers used (section 46, Children Act 1989)?');
    const refused = await worker.post(`/out-of-hours/${contactChildId}/actions`, {
      ...NOTHING_CHANGED,
      accommodation: 'police_protection',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('answer yes to police protection powers being used');
    expect(refused.body).toContain('Phoned the mother');

    const saved = await worker.post(`/out-of-hours/${contactChildId}/actions`, {
      action: 'Police called at 01:40. Visited with officers; the child was taken into police protection.',
      childSeen: 'yes',
      'childSeenAt-day': '21',
      'childSeenAt-month': '11',
      'childSeenAt-year': '2026',
      'childSeenAt-time': '02:05',
      childSeenBy: 'Jo Achebe',
      policeProtection: 'yes',
      'policeProtectionAt-day': '21',
      'policeProtectionAt-month': '11',
      'policeProtectionAt-year': '2026',
      'policeProtectionAt-time': '01:50',
      epoSought: 'no',
      safetyPlan: 'no',
      accommodation: 'police_protection',
      dayTeam: 'yes',
      dayTeamNextSteps: 'Strategy discussion by 10:00; consider an EPO before police protection ends.',
    });
    expect(saved.statusCode).toBe(303);
    const coded = await t.db
      .selectFrom('out_of_hours_coded_action')
      .innerJoin('case_note', 'case_note.id', 'out_of_hours_coded_action.case_note_id')
      .where('case_note.contact_child_id', '=', contactChildId)
      .selectAll('out_of_hours_coded_action')
      .executeTakeFirstOrThrow();
    expect(coded).toMatchObject({
      child_seen: true,
      child_seen_at: new Date('2026-11-21T02:05:00Z'),
      police_protection: true,
      police_protection_at: new Date('2026-11-21T01:50:00Z'),
      accommodation: 'police_protection',
      handed_to_day_team: true,
    });
    const journey = await t.db
      .selectFrom('journey_event')
      .select('details')
      .where('contact_child_id', '=', contactChildId)
      .where('kind', '=', 'out_of_hours_action')
      .executeTakeFirstOrThrow();
    expect(journey.details).toMatchObject({ policeProtection: true, accommodation: 'police_protection' });
    expect(JSON.stringify(journey.details)).not.toContain('officers');

    const casePage = await worker.get(`/screening/${contactChildId}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('Out-of-hours actions');
    expect(casePage.body).toContain(
      'Yes, from 21 Nov 2026 01:50; ends by 24 Nov 2026 01:50 at the latest (72 hours)'
    );
    expect(casePage.body).toContain('In accommodation under police protection (section 46)');

    // Monday morning: the day team's handover shows the codes with the words.
    t.clock.set(new Date('2026-11-23T08:05:00Z'));
    const dayTeam = await t.signedIn(demoUser('front_door_practitioner'));
    const handover = await dayTeam.get('/out-of-hours/handover');
    expect(handover.body).toContain(`data-ooh-codes="${coded.case_note_id}"`);
    expect(handover.body).toContain(
      'Yes: Strategy discussion by 10:00; consider an EPO before police protection ends.'
    );
    expect(handover.body).toContain('Yes, 21 Nov 2026 02:05, by Jo Achebe');
  });
});
