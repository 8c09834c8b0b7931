import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';
import {
  OUTSIDE_WORK_CHILDREN_LIMIT,
  PARTNER_REFUSED_LIMIT,
  SEQUENTIAL_ID_RUN_LIMIT,
} from '../access/unusual-access.ts';
import { generateApiKey } from '../auth/api-key.ts';

let t: TestApp;
const userId = async (username: string) =>
  await t.db
    .selectFrom('staff_user')
    .where('username', '=', username)
    .select(['id', 'team_id'])
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Audit rows that name this person among the people a read showed. */
function rowsShowing(personId: number) {
  return t.db
    .selectFrom('audit_event')
    .where(sql<boolean>`details -> 'personIds' @> ${JSON.stringify([personId])}::jsonb`)
    .select(['action', 'record_type', 'record_id', 'details', 'actor_user_id'])
    .orderBy('id')
    .execute();
}

describe('who has looked at this child', () => {
  it('records every page that shows the child against the child, and lists them for their team manager', async () => {
    const practitioner = await userId('practitioner');
    const child = await recordTestContact(t.db, {
      receivedAt: new Date(t.clock.now().getTime() - 3_600_000),
    });
    await t.db
      .updateTable('contact_child')
      .set({ team_id: practitioner.team_id })
      .where('id', '=', child.contactChildId)
      .execute();
    const agent = await t.signedIn('practitioner');
    const pages = [
      `/contacts/${child.contactId}`,
      `/screening/${child.contactChildId}`,
      `/people/${child.personId}`,
      `/screening/${child.contactChildId}/decision`,
      `/screening/${child.contactChildId}/information-requests`,
      `/screening/${child.contactChildId}/strategy-discussions`,
      `/screening/${child.contactChildId}/mash-meeting`,
    ];
    for (const page of pages) expect((await agent.get(page)).statusCode, page).toBe(200);

    const shown = await rowsShowing(child.personId);
    const through = new Set(shown.map((row) => (row.details as { page?: string }).page));
    for (const pattern of [
      '/contacts/:id',
      '/screening/:id',
      '/people/:id',
      '/screening/:id/decision',
      '/screening/:id/information-requests',
      '/screening/:id/strategy-discussions',
      '/screening/:id/mash-meeting',
    ])
      expect(through, pattern).toContain(pattern);
    expect(shown.every((row) => row.actor_user_id === practitioner.id)).toBe(true);

    const manager = await t.signedIn('manager');
    const log = await manager.get(`/people/${child.personId}/access-log`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('Who has looked at this record');
    for (const pattern of ['/contacts/:id', '/screening/:id/decision', '/screening/:id/mash-meeting'])
      expect(log.body).toContain(pattern);
    expect(log.body).toContain('practitioner');
    // Newest first: the last page opened comes before the first.
    expect(log.body.indexOf('/screening/:id/mash-meeting')).toBeLessThan(log.body.indexOf('/contacts/:id'));
  });

  it('records a letter page against the child the decision is about', async () => {
    const decision = await t.db
      .selectFrom('decision')
      .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
      .innerJoin('person', 'person.id', 'contact_child.person_id')
      .where('decision.status', '=', 'authorised')
      .where('person.restricted', '=', false)
      .select(['decision.id', 'contact_child.person_id'])
      .orderBy('decision.id', 'desc')
      .executeTakeFirstOrThrow();
    const agent = await t.signedIn('practitioner');
    expect((await agent.get(`/decisions/${decision.id}/letter`)).statusCode).toBe(200);
    const pages = (await rowsShowing(decision.person_id!)).map(
      (row) => (row.details as { page?: string }).page
    );
    expect(pages).toContain('/decisions/:id/letter');
    const admin = await t.signedIn('admin');
    const log = await admin.get(`/people/${decision.person_id}/access-log`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('/decisions/:id/letter');
  });

  it('lets a manager see the log only for their team’s children, and an administrator for any', async () => {
    const child = await recordTestContact(t.db, { receivedAt: t.clock.now(), givenName: 'Ottoline' });
    const manager = await t.signedIn('manager');
    const refused = await manager.get(`/people/${child.personId}/access-log`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('only when your team holds, or has held, work for the child');
    const admin = await t.signedIn('admin');
    expect((await admin.get(`/people/${child.personId}/access-log`)).statusCode).toBe(200);
    for (const username of ['practitioner', 'partner.police', 'qa', 'analyst'])
      expect(
        (await (await t.signedIn(username)).get(`/people/${child.personId}/access-log`)).statusCode
      ).toBe(403);
  });

  it('answers "not found" for a restricted child the manager holds no grant to', async () => {
    const manager = await userId('manager');
    const child = await recordTestContact(t.db, { receivedAt: t.clock.now(), givenName: 'Perpetua' });
    await t.db
      .updateTable('contact_child')
      .set({ team_id: manager.team_id })
      .where('id', '=', child.contactChildId)
      .execute();
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', child.personId).execute();
    const agent = await t.signedIn('manager');
    const page = await agent.get(`/people/${child.personId}/access-log`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Perpetua');
  });
});

describe('unusual access', () => {
  const alertsFor = async (username: string) => {
    const user = await userId(username);
    return t.db
      .selectFrom('notification')
      .where('kind', '=', 'unusual_access')
      .where('user_id', '=', user.id)
      .select(['message', 'event_key'])
      .execute();
  };

  /**
   * People in no contact at all, so in no one's work: enough for one past the limit, taking every other
   * one so that no two ids run on.
   */
  const strangerIds = async (order: 'asc' | 'desc') => {
    const people = await t.db
      .selectFrom('person')
      .where('restricted', '=', false)
      .where('merged_into_id', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('contact_child').whereRef('contact_child.person_id', '=', 'person.id')))
      )
      .select('id')
      .orderBy('id', order)
      .limit(2 * (OUTSIDE_WORK_CHILDREN_LIMIT + 1))
      .execute();
    return people.filter((_, index) => index % 2 === 0).map((person) => person.id);
  };

  it('alerts administrators and the team managers once when a worker walks record ids', async () => {
    const walker = await t.signedIn('practitioner');
    const start = (
      await t.db
        .selectFrom('person')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id as number;
    const before = (await alertsFor('admin')).length;
    for (let id = start - 2 * SEQUENTIAL_ID_RUN_LIMIT; id < start - SEQUENTIAL_ID_RUN_LIMIT; id += 1)
      await walker.get(`/people/${id}`);
    const admin = await alertsFor('admin');
    expect(admin.length).toBe(before + 1);
    expect(admin.at(-1)!.message).toContain('opened or tried record ids one after another');
    expect((await alertsFor('manager')).length).toBe(1);
    const audit = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'access.unusual')
      .where('record_id', '=', String((await userId('practitioner')).id))
      .select('details')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ reasons: ['sequential_ids'] });

    // Walking on within the same hour raises nothing more.
    for (let id = start - SEQUENTIAL_ID_RUN_LIMIT; id <= start; id += 1) await walker.get(`/people/${id}`);
    expect((await alertsFor('admin')).length).toBe(before + 1);
    // The administrator sees it among their notifications.
    const page = await (await t.signedIn('admin')).get('/notifications');
    expect(page.body).toContain('Unusual access to records');
  });

  it('alerts administrators when a worker opens many children outside their work, however often each', async () => {
    const trawler = await t.signedIn('outofhours');
    const trawlerId = (await userId('outofhours')).id;
    const strangers = await strangerIds('asc');
    expect(strangers).toHaveLength(OUTSIDE_WORK_CHILDREN_LIMIT + 1);
    const before = (await alertsFor('admin')).length;
    // One child opened again and again is one child; then the rest, each once (a record may show others too).
    for (let time = 0; time < OUTSIDE_WORK_CHILDREN_LIMIT + 1; time += 1)
      await trawler.get(`/people/${strangers[0]}`);
    expect((await alertsFor('admin')).length).toBe(before);
    for (const id of strangers.slice(1)) await trawler.get(`/people/${id}`);
    expect((await alertsFor('admin')).length).toBe(before + 1);
    const audit = await t.db
      .selectFrom('audit_event')
      .where('action', '=', 'access.unusual')
      .where('record_id', '=', String(trawlerId))
      .select('details')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ reasons: ['outside_work'] });
  });

  it('still sees a trawl hidden among the same record read again and again (a repeat is not judged twice)', async () => {
    const trawler = await t.signedIn('assessment');
    const strangers = await strangerIds('desc');
    const before = (await alertsFor('admin')).length;
    for (const id of strangers.slice(0, -1)) {
      await trawler.get(`/people/${id}`);
      await trawler.get(`/people/${strangers[0]}`);
    }
    await trawler.get(`/people/${strangers.at(-1)}`);
    expect((await alertsFor('admin')).length).toBe(before + 1);
  });

  it('alerts administrators when a partner agency tries records it has no request for', async () => {
    const partner = await t.signedIn('partner.police');
    const before = (await alertsFor('admin')).length;
    for (let i = 1; i < PARTNER_REFUSED_LIMIT; i += 1) await partner.get(`/people/${i * 11}`);
    expect((await alertsFor('admin')).length).toBe(before);
    const response = await partner.get(`/people/${PARTNER_REFUSED_LIMIT * 11}`);
    expect(response.statusCode).toBe(404);
    const admin = await alertsFor('admin');
    expect(admin.length).toBe(before + 1);
    expect(admin.at(-1)!.message).toContain('was refused many record ids');
  });

  it('alerts administrators when a partner system’s API key tries requests that are not its agency’s', async () => {
    const police = await t.db
      .selectFrom('agency')
      .where('kind', '=', 'police')
      .select('id')
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const generated = generateApiKey();
    const admin = await userId('admin');
    await t.db
      .insertInto('partner_api_key')
      .values({
        agency_id: police.id,
        name: 'Probe system',
        prefix: generated.prefix,
        key_hash: generated.keyHash,
        created_by: admin.id,
        created_at: t.clock.now(),
      })
      .execute();
    // Ids it has no request for: none exist yet, which answers the same "not found".
    const notMine = Array.from({ length: PARTNER_REFUSED_LIMIT }, (_, i) => ({ id: 900_000 + i * 7 }));
    const before = (await alertsFor('admin')).length;
    for (const request of notMine) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/information-requests/${request.id}/response`,
        headers: { authorization: `Bearer ${generated.key}` },
        payload: { summary: 'Probing' },
      });
      expect(response.statusCode).toBe(404);
    }
    const alerts = await alertsFor('admin');
    expect(alerts.length).toBe(before + 1);
    expect(alerts.at(-1)!.message).toContain('Probe system');
  });
});
