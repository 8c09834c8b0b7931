import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { DEFAULT_CALENDAR } from '../../shared/working-time.ts';
import { createViewEnvironment } from '../../platform/http/views.ts';
import { loadMashItems, nextMeetingDate } from './mash-meeting.ts';
import { insertOpenChild, minutesAfter } from './work-fixtures.ts';

describe('the next MASH meeting', () => {
  const next = (iso: string) => nextMeetingDate(new Date(iso), DEFAULT_CALENDAR);

  it('is today before 10:00 on a working day, else the next working day', () => {
    expect(next('2026-11-23T09:59:00Z')).toBe('2026-11-23'); // Monday 09:59 GMT
    expect(next('2026-11-23T10:00:00Z')).toBe('2026-11-24');
    expect(next('2026-11-23T06:00:00Z')).toBe('2026-11-23'); // early, before the front door opens
  });

  it('counts in London time and skips weekends and bank holidays', () => {
    expect(next('2026-09-01T08:30:00Z')).toBe('2026-09-01'); // Tuesday 09:30 BST
    expect(next('2026-09-01T09:00:00Z')).toBe('2026-09-02'); // Tuesday 10:00 BST
    expect(next('2026-08-28T11:00:00Z')).toBe('2026-09-01'); // Friday, then the bank-holiday Monday
    expect(next('2026-08-29T08:00:00Z')).toBe('2026-09-01'); // Saturday morning
    expect(next('2026-08-31T07:00:00Z')).toBe('2026-09-01'); // the bank holiday itself, early
  });
});

let t: TestApp;
let practitioner: TestAgent;
let contactChildId: number;
let reference: string;
// Monday 23 November 2026, 09:30 GMT: today's meeting has not started.
const MONDAY_MORNING = new Date('2026-11-23T09:30:00Z');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(MONDAY_MORNING);
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  ({ contactChildId, reference } = await insertOpenChild(t.db, {
    receivedAt: minutesAfter(MONDAY_MORNING, -90),
    rag: 'amber',
    ragDueAt: minutesAfter(MONDAY_MORNING, 24 * 60 - 90),
    decisionDueAt: minutesAfter(MONDAY_MORNING, 24 * 60 - 90),
  }));
});
afterAll(() => t.close());

async function itemsOf(id: number) {
  return t.db.selectFrom('mash_discussion').selectAll().where('contact_child_id', '=', id).execute();
}

describe('the daily MASH meeting', () => {
  let itemId: number;

  it('adds a child whose threshold is unclear to the next meeting, with the question', async () => {
    const blank = await practitioner.post(`/screening/${contactChildId}/mash-meeting`, { question: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter the question for the meeting to discuss');
    const added = await practitioner.post(`/screening/${contactChildId}/mash-meeting`, {
      question: 'Level 2 or level 3? School and health see this differently.',
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/screening/${contactChildId}#mash-meeting`);
    const items = await itemsOf(contactChildId);
    expect(items).toEqual([
      expect.objectContaining({ meeting_date: '2026-11-23', added_at: MONDAY_MORNING, outcome: null }),
    ]);
    itemId = items[0]!.id;
    const journey = await t.db
      .selectFrom('journey_event')
      .select(['kind', 'details'])
      .where('contact_child_id', '=', contactChildId)
      .execute();
    expect(journey).toEqual([
      { kind: 'mash_meeting_added', details: { mashDiscussionId: itemId, meetingDate: '2026-11-23' } },
    ]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['record_id', 'details'])
      .where('action', '=', 'mash.add')
      .execute();
    expect(audit).toEqual([
      { record_id: String(contactChildId), details: { mashDiscussionId: itemId, meetingDate: '2026-11-23' } },
    ]);
  });

  it('lists the meeting’s children with the question, RAG and due time', async () => {
    const meeting = await practitioner.get('/mash-meeting');
    expect(meeting.statusCode).toBe(200);
    expect(meeting.body).toContain('MASH meeting, 23 November 2026');
    expect(meeting.body).toContain(`data-mash-item="${itemId}"`);
    expect(meeting.body).toContain(reference);
    expect(meeting.body).toContain('Level 2 or level 3?');
    expect(meeting.body).toContain('Amber');
    expect(meeting.body).toContain(`/mash-meeting/${itemId}/outcome`);
    const other = await practitioner.get('/mash-meeting?date=2026-11-24');
    expect(other.body).not.toContain(`data-mash-item="${itemId}"`);
    expect((await practitioner.get('/mash-meeting?date=2026-02-30')).body).toContain('23 November 2026');
  });

  it('records the outcome and the level agreed, once', async () => {
    const url = `/mash-meeting/${itemId}/outcome`;
    const form = await practitioner.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Level 3: Complex needs');
    const blank = await practitioner.post(url, {});
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter what the meeting agreed');
    expect(blank.body).toContain('Enter the minutes');
    expect(blank.body).toContain('Select the threshold level the meeting agreed');

    t.clock.set(minutesAfter(MONDAY_MORNING, 20));
    const recorded = await practitioner.post(url, {
      minutes: 'School: attendance down to 80%. Health: missed two appointments.',
      outcome: 'Agreed level 3: refer for a child and family assessment.',
      agreedLevel: '3',
    });
    expect(recorded.statusCode).toBe(303);
    expect(recorded.headers.location).toBe('/mash-meeting?date=2026-11-23&recorded=1');
    const [item] = await itemsOf(contactChildId);
    expect(item).toMatchObject({ agreed_level: 3, discussed_at: t.clock.now() });
    expect(item!.discussed_by).not.toBeNull();
    const outcome = await t.db
      .selectFrom('journey_event')
      .select('details')
      .where('contact_child_id', '=', contactChildId)
      .where('kind', '=', 'mash_meeting_outcome')
      .execute();
    expect(outcome).toEqual([{ details: { mashDiscussionId: itemId, agreedLevel: 3 } }]);
    const meeting = await practitioner.get(recorded.headers.location as string);
    expect(meeting.body).toContain('Outcome recorded');
    expect(meeting.body).toContain('refer for a child and family assessment');

    // Someone who opened the form before it was recorded is told, and keeps what they typed.
    const late = await practitioner.post(url, {
      minutes: 'Nothing new.',
      outcome: 'Level 2: early help.',
      agreedLevel: '2',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Someone else recorded the outcome');
    expect(late.body).toContain('Level 2: early help.');
    expect((await itemsOf(contactChildId))[0]!.agreed_level).toBe(3);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'mash.record_outcome')
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.details)).toEqual([
      { mashDiscussionId: itemId, agreedLevel: 3, recorded: true, agencyIds: [], actions: 0 },
      { mashDiscussionId: itemId, agreedLevel: 2, recorded: false, agencyIds: [], actions: 0 },
    ]);
  });

  it('adds after 10:00 to the next working day’s meeting', async () => {
    t.clock.set(new Date('2026-11-27T15:00:00Z')); // Friday afternoon
    practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    await practitioner.post(`/screening/${contactChildId}/mash-meeting`, {
      question: 'Still unclear after checks?',
    });
    expect((await itemsOf(contactChildId)).map((item) => item.meeting_date).sort()).toEqual([
      '2026-11-23',
      '2026-11-30',
    ]);
  });

  it('gives the screening page a panel with the child’s items and a form to add one', async () => {
    const mashItems = await loadMashItems(t.db, contactChildId);
    expect(mashItems.map((item) => item.meeting_date)).toEqual(['2026-11-30', '2026-11-23']);
    const html = createViewEnvironment().render('modules/work/views/mash-panel.njk', {
      mashItems,
      contactChildId,
      csrfToken: 'token',
    });
    expect(html).toContain('Agreed:</strong> level 3');
    expect(html).toContain(`action="/screening/${contactChildId}/mash-meeting"`);
    expect(html).toContain('Still unclear after checks?');
  });

  it('answers "not found" for unknown items and children, and refuses roles that do not screen', async () => {
    expect((await practitioner.get('/mash-meeting/999999999/outcome')).statusCode).toBe(404);
    const refusal = await t.db
      .selectFrom('audit_event')
      .select(['record_type', 'details'])
      .where('action', '=', 'access.denied')
      .where('record_id', '=', '999999999')
      .executeTakeFirstOrThrow();
    expect(refusal).toEqual({
      record_type: 'mash_discussion',
      details: { attempted: 'mash_discussion.view', reason: 'no_such_record' },
    });
    expect((await practitioner.post('/screening/999999999/mash-meeting', { question: 'x' })).statusCode).toBe(
      404
    );
    const qa = await t.signedIn(demoUser('qa_officer'));
    expect((await qa.get('/mash-meeting')).statusCode).toBe(403);
  });
});
