import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { writeAudit } from './audit-log.ts';
import { AUDIT_COUNT_CAP, AUDIT_LAST_PAGE, pageOfEventsQuery } from './audit-search.ts';

let t: TestApp;
let admin: TestAgent;
let practitionerId: number;
let managerId: number;

/** Events from 2019, long before anything the test council's own history wrote, so filters isolate them. */
const at = (day: string, hour = 12) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
  const idOf = async (username: string) =>
    (
      await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
  practitionerId = await idOf(demoUser('front_door_practitioner'));
  managerId = await idOf(demoUser('team_manager'));
  const events: [number, 'person.view' | 'contact.record' | 'auth.sign_in', string, string][] = [
    [practitionerId, 'person.view', '2019-03-01', '901'],
    [practitionerId, 'person.view', '2019-03-02', '902'],
    [practitionerId, 'contact.record', '2019-03-03', '903'],
    [managerId, 'person.view', '2019-03-03', '901'],
    [managerId, 'auth.sign_in', '2019-03-05', '904'],
  ];
  for (const [actorUserId, action, day, recordId] of events)
    await writeAudit(t.db, { action, actorUserId, recordType: 'search_test', recordId }, at(day));
});
afterAll(() => t.close());

/** The search as the administrator's browser asks for it, limited to the test's 2019 rows. */
async function search(filters: Record<string, string>) {
  const query = new URLSearchParams({ from: '2019-01-01', to: '2019-12-31', ...filters });
  const page = await admin.get(`/admin/audit?${query}`);
  expect(page.statusCode).toBe(200);
  const recordIds = [...page.body.matchAll(/search_test (\d+)/g)].map((match) => match[1]);
  return { body: page.body, recordIds };
}

describe('searching the audit trail by each filter', () => {
  it('finds a user’s events by username, in any case, newest first', async () => {
    const found = await search({ user: demoUser('front_door_practitioner').toUpperCase() });
    expect(found.recordIds).toEqual(['903', '902', '901']);
    expect(found.body).toContain('3 events match. Showing 1 to 3, newest first.');
  });

  it('says so when no staff user has the username, rather than searching', async () => {
    const found = await search({ user: 'nobody.here' });
    expect(found.recordIds).toEqual([]);
    expect(found.body).toContain('No staff user has the username “nobody.here”, so no events match.');
  });

  it('says no events match for a real user with none in the period', async () => {
    const found = await search({ user: demoUser('administrator'), from: '2019-01-01', to: '2019-02-28' });
    expect(found.recordIds).toEqual([]);
    expect(found.body).toContain('No events match.');
  });

  it('filters by action', async () => {
    expect((await search({ action: 'person.view' })).recordIds).toEqual(['901', '902', '901']);
    expect((await search({ action: 'auth.sign_in' })).recordIds).toEqual(['904']);
  });

  it('filters by dates, both days included', async () => {
    expect((await search({ from: '2019-03-02', to: '2019-03-03' })).recordIds).toEqual(['901', '903', '902']);
  });

  it('filters by record', async () => {
    expect((await search({ recordType: 'search_test', recordId: '901' })).recordIds).toEqual(['901', '901']);
  });

  it('filters by a record’s id alone, and by a record type alone', async () => {
    expect((await search({ recordId: '903' })).recordIds).toEqual(['903']);
    expect((await search({ recordType: 'search_test' })).recordIds).toEqual([
      '904',
      '901',
      '903',
      '902',
      '901',
    ]);
  });

  it('finds nothing for filters that each match but never together', async () => {
    const none = await search({ action: 'auth.sign_in', recordType: 'search_test', recordId: '901' });
    expect(none.recordIds).toEqual([]);
    expect(none.body).toContain('No events match.');
  });

  it('combines every filter', async () => {
    const found = await search({
      user: demoUser('team_manager'),
      action: 'person.view',
      recordType: 'search_test',
      recordId: '901',
      from: '2019-03-03',
      to: '2019-03-03',
    });
    expect(found.recordIds).toEqual(['901']);
    expect(found.body).toContain('1 event matches.');
    const none = await search({ user: demoUser('team_manager'), action: 'contact.record' });
    expect(none.recordIds).toEqual([]);
  });
});

describe('paging through the audit trail', () => {
  beforeAll(async () => {
    // Enough rows for more than the count goes to, on a day of their own.
    await sql`
      insert into audit_event (at, event_class, action, actor_user_id, record_type, record_id)
      select timestamptz '2018-06-01 00:00:00Z' + n * interval '1 second', 'access', 'person.list', ${practitionerId},
        'paging_test', n::text
      from generate_series(1, ${AUDIT_COUNT_CAP + 50}) as n`.execute(t.db);
  });

  it('counts the matches and pages through them, keeping the filters', async () => {
    const page = await admin.get(
      '/admin/audit?recordType=paging_test&from=2018-06-01&to=2018-06-01&recordId=7'
    );
    expect(page.body).toContain('1 event matches. Showing 1 to 1, newest first.');
    const many = await admin.get('/admin/audit?recordType=paging_test&from=2018-06-01&to=2018-06-01&page=2');
    expect(many.body).toContain(`More than ${AUDIT_COUNT_CAP.toLocaleString('en-GB')} events match.`);
    expect(many.body).toContain('Showing 101 to 200, newest first.');
    expect(many.body).toContain('paging_test 950<');
    expect(many.body).toContain(
      'href="/admin/audit?recordType=paging_test&amp;from=2018-06-01&amp;to=2018-06-01&amp;page=3"'
    );
    expect(many.body).toContain(
      'href="/admin/audit?recordType=paging_test&amp;from=2018-06-01&amp;to=2018-06-01&amp;page=1"'
    );
  });

  it('says only the first pages can be shown, rather than showing page 1, past the last page', async () => {
    const search = '/admin/audit?recordType=paging_test&from=2018-06-01&to=2018-06-01';
    const tooDeep = await admin.get(`${search}&page=${AUDIT_LAST_PAGE + 1}`);
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.body).toContain(
      `Only the first ${AUDIT_LAST_PAGE} pages can be shown: narrow the search, for example by dates, to see older events`
    );
    expect(tooDeep.body).toContain('href="#page"');
    expect(tooDeep.body).not.toContain('Showing 1 to 100');
    expect(tooDeep.body).toContain('value="paging_test"');
    // Not a page number at all: the first page, as before.
    expect((await admin.get(`${search}&page=first`)).body).toContain('Showing 1 to 100, newest first.');
  });

  it('gives the true total and numbered pages when it is small enough to count', async () => {
    const page = await admin.get(
      '/admin/audit?recordType=paging_test&from=2018-06-01&to=2018-06-01&action=person.list&user=' +
        demoUser('front_door_practitioner') +
        '&recordId=1000'
    );
    expect(page.body).toContain('1 event matches.');
    const counted = await admin.get(
      `/admin/audit?user=${demoUser('front_door_practitioner')}&from=2018-06-01&to=2018-06-01`
    );
    expect(counted.body).toContain('More than 1,000 events match.');
    const beyond = await admin.get(
      `/admin/audit?user=${demoUser('front_door_practitioner')}&from=2019-03-01&to=2019-03-31&page=5`
    );
    expect(beyond.body).toContain('3 events match, none of them on page 5.');
  });
});

describe('how the search is planned', () => {
  /** The plan, with sequential scans priced out so the choice is between indexes on any size of table. */
  async function planOf(filters: {
    action?: string;
    actorId?: number;
    recordType?: string;
    recordId?: string;
  }) {
    return t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { actorId, ...search } = filters;
      const query = pageOfEventsQuery(trx, { ...search, page: 1 }, actorId);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it('reads a user’s events from the actor’s index', async () => {
    expect(await planOf({ actorId: managerId })).toMatch(/audit_event_actor/);
  });

  it('reads an action’s events from the action’s index', async () => {
    expect(await planOf({ action: 'contact.record' })).toMatch(/audit_event_action/);
  });

  it('reads a user’s events of one action from the index of both', async () => {
    expect(await planOf({ actorId: managerId, action: 'auth.sign_in' })).toMatch(/audit_event_actor_action/);
  });

  it('reads a record type’s events of one action from the index of both', async () => {
    expect(await planOf({ recordType: 'contact', action: 'person.view' })).toMatch(/audit_event_type_action/);
  });

  it('reads a record’s events by its id, with or without its type', async () => {
    expect(await planOf({ recordId: '901' })).toMatch(/audit_event_record/);
    expect(await planOf({ recordType: 'search_test', recordId: '901' })).toMatch(/audit_event_record/);
  });
});
