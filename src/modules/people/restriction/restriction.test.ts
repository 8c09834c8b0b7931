import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { actorFor } from '../../../../test/support/actors.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import { RecordAccess, RecordRestrictedError } from '../../../platform/access/record-access.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { peopleNamedOnContact } from '../contact-people.ts';
import { generateApiKey } from '../../../platform/auth/api-key.ts';
import { TEST_NOW } from '../../../../test/support/test-fixtures.ts';
import { BREAK_GLASS_NOTIFICATION, openInEmergency } from './restriction.service.ts';

/**
 * Issue 18: restricted records get their screens — restricting with a reason, named access granted,
 * reviewed and revoked — and break-glass: emergency access by a worker without a grant, told to the
 * record's managers and the duty managers, and reviewed by someone else.
 */

let t: TestApp;
let manager: TestAgent;
let admin: TestAgent;
let practitioner: TestAgent;
let outOfHours: TestAgent;
let partner: TestAgent;
const ids: Record<string, number> = {};

const ORIGIN = { ip: '127.0.0.1', requestId: 'restriction-test' };
const REVIEW = { 'reviewDue-day': '1', 'reviewDue-month': '3', 'reviewDue-year': '2027' };

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signedIn('manager');
  admin = await t.signedIn('admin');
  practitioner = await t.signedIn('practitioner');
  outOfHours = await t.signedIn('outofhours');
  partner = await t.signedIn('partner.police');
  for (const name of ['manager', 'admin', 'practitioner', 'outofhours', 'servicemanager'])
    ids[name] = (await actorFor(t.db, name)).userId;
});
afterAll(() => t.close());

async function newChild(givenName: string): Promise<number> {
  const row = await t.db
    .insertInto('person')
    .values({ given_name: givenName, family_name: 'Quillfeather', date_of_birth: '2015-04-04', sex: 'F' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditRows(action: string, recordId: number) {
  return t.db
    .selectFrom('audit_event')
    .where('action', '=', action)
    .where('record_id', '=', String(recordId))
    .select(['actor_user_id', 'details'])
    .execute();
}

async function restrict(agent: TestAgent, personId: number) {
  await agent.get(`/people/${personId}/restriction`);
  return agent.post(`/people/${personId}/restriction`, {
    action: 'restrict',
    reason: 'Adopted: the placement address is confidential',
    'ownReviewDue-day': '1',
    'ownReviewDue-month': '2',
    'ownReviewDue-year': '2027',
  });
}

describe('restricting a record', () => {
  it('refuses a reason that says nothing, keeping what was typed, and changes nothing', async () => {
    const id = await newChild('Elowen');
    await manager.get(`/people/${id}/restriction`);
    const page = await manager.post(`/people/${id}/restriction`, {
      action: 'restrict',
      reason: 'n/a',
      ...{ 'ownReviewDue-day': '1', 'ownReviewDue-month': '2', 'ownReviewDue-year': '2027' },
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Say why this record is restricted');
    expect(page.body).toContain('value="2027"');
    const person = await t.db
      .selectFrom('person')
      .where('id', '=', id)
      .select('restricted')
      .executeTakeFirstOrThrow();
    expect(person.restricted).toBe(false);
  });

  it('restricts with a reason, keeps the restricter’s access, and audits it', async () => {
    const id = await newChild('Morwenna');
    const done = await restrict(manager, id);
    expect(done.statusCode).toBe(303);
    const person = await t.db.selectFrom('person').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      restricted: true,
      restriction_reason: 'Adopted: the placement address is confidential',
    });
    const grants = await t.db
      .selectFrom('record_access_grant')
      .where('person_id', '=', id)
      .selectAll()
      .execute();
    expect(grants).toEqual([expect.objectContaining({ user_id: ids.manager, review_due_on: '2027-02-01' })]);
    expect(await auditRows('person.restrict', id)).toHaveLength(1);
    expect((await manager.get(`/people/${id}`)).statusCode).toBe(200);
  });

  it('is for managers and administrators, never practitioners or partner agencies', async () => {
    const id = await newChild('Tamsin');
    expect((await practitioner.get(`/people/${id}/restriction`)).statusCode).toBe(403);
    expect((await partner.get(`/people/${id}/restriction`)).statusCode).toBe(403);
    expect((await partner.get('/people/restricted')).statusCode).toBe(403);
    expect((await admin.get(`/people/${id}/restriction`)).statusCode).toBe(200);
  });
});

describe('named access', () => {
  it('is given with a review date, reviewed, and revoked; each change audited', async () => {
    const id = await newChild('Demelza');
    await restrict(manager, id);
    expect((await practitioner.get(`/people/${id}`)).headers.location).toBe(`/people/${id}/emergency-access`);

    await manager.get(`/people/${id}/restriction`);
    const meaningless = await manager.post(`/people/${id}/restriction/grants`, {
      userId: String(ids.practitioner),
      grantReason: 'ok',
      ...REVIEW,
    });
    expect(meaningless.statusCode).toBe(400);
    expect(meaningless.body).toContain('Say why this person needs access');
    const self = await manager.post(`/people/${id}/restriction/grants`, {
      userId: String(ids.manager),
      grantReason: 'I would like to keep reading this record',
      ...REVIEW,
    });
    expect(self.statusCode).toBe(400);

    const given = await manager.post(`/people/${id}/restriction/grants`, {
      userId: String(ids.practitioner),
      grantReason: 'Allocated worker for the current contact',
      ...REVIEW,
    });
    expect(given.statusCode).toBe(303);
    expect((await practitioner.get(`/people/${id}`)).statusCode).toBe(200);

    // Kept with a new date by an administrator, who holds no grant and is not shown the child.
    const adminPage = await admin.get(`/people/${id}/restriction`);
    expect(adminPage.statusCode).toBe(200);
    expect(adminPage.body).not.toContain('Demelza');
    expect(adminPage.body).not.toContain('Adopted');
    const kept = await admin.post(`/people/${id}/restriction/grants/${ids.practitioner}`, {
      [`grant-${ids.practitioner}-decision`]: 'keep',
      [`grant-${ids.practitioner}-note`]: 'Still allocated to the child, checked with the manager',
      [`grant-${ids.practitioner}-reviewDue-day`]: '1',
      [`grant-${ids.practitioner}-reviewDue-month`]: '6',
      [`grant-${ids.practitioner}-reviewDue-year`]: '2027',
    });
    expect(kept.statusCode).toBe(303);

    await manager.get(`/people/${id}/restriction`);
    const revoked = await manager.post(`/people/${id}/restriction/grants/${ids.practitioner}`, {
      [`grant-${ids.practitioner}-decision`]: 'revoke',
      [`grant-${ids.practitioner}-note`]: 'The contact is closed and the work has ended',
    });
    expect(revoked.statusCode).toBe(303);
    expect((await practitioner.get(`/people/${id}`)).headers.location).toBe(`/people/${id}/emergency-access`);
    for (const action of ['person.access_grant', 'person.access_grant_review', 'person.access_revoke'])
      expect(await auditRows(action, id)).toHaveLength(1);
  });

  it('lists restricted records with access due for review, naming the child only to those with access', async () => {
    const id = await newChild('Kerensa');
    await restrict(manager, id);
    await t.db
      .updateTable('record_access_grant')
      .set({ review_due_on: '2026-11-01' })
      .where('person_id', '=', id)
      .execute();
    const mine = await manager.get('/people/restricted');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toMatch(
      new RegExp(`data-testid="restricted-${id}"[\\s\\S]*?Kerensa[\\s\\S]*?govuk-tag--red">1<`)
    );
    const admins = await admin.get('/people/restricted');
    expect(admins.body).toContain(`data-testid="restricted-${id}"`);
    expect(admins.body).not.toContain('Kerensa');
  });
});

describe('break-glass', () => {
  let id: number;
  beforeAll(async () => {
    id = await newChild('Lowenna');
    await restrict(admin, id);
  });

  it('shows a worker without a grant that the record is restricted, with how long emergency access lasts', async () => {
    const opened = await outOfHours.get(`/people/${id}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/people/${id}/emergency-access`);
    const page = await outOfHours.get(`/people/${id}/emergency-access`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This record is restricted');
    expect(page.body).toContain('8 hours, until 20 November 2026 at 6:00pm');
    expect(page.body).not.toContain('Lowenna');
  });

  it('refuses the read with a restricted-record error only to those who may break glass', async () => {
    const worker = new RecordAccess(t.db, t.clock, await actorFor(t.db, 'outofhours'), ORIGIN);
    await expect(worker.readPerson(id, async () => 'read')).rejects.toBeInstanceOf(RecordRestrictedError);
    const analyst = new RecordAccess(t.db, t.clock, await actorFor(t.db, 'analyst'), ORIGIN);
    const refused = analyst.readPerson(id, async () => 'read');
    await expect(refused).rejects.toThrow('Person not found');
    await expect(refused).rejects.not.toBeInstanceOf(RecordRestrictedError);
  });

  it('is never offered to a partner agency, nor for a record that is not restricted', async () => {
    expect((await partner.get(`/people/${id}/emergency-access`)).statusCode).toBe(403);
    const open = await newChild('Jenna');
    expect((await outOfHours.get(`/people/${open}/emergency-access`)).statusCode).toBe(404);
  });

  it('refuses a reason that says nothing', async () => {
    const refused = await outOfHours.post(`/people/${id}/emergency-access`, { reason: 'urgent' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Say what the emergency is');
    expect(
      await t.db.selectFrom('break_glass_access').where('person_id', '=', id).select('id').execute()
    ).toEqual([]);
  });

  it('opens the record for 8 hours, audited, and tells the record’s managers and the duty managers', async () => {
    const opened = await outOfHours.post(`/people/${id}/emergency-access`, {
      reason: 'Police at the door at 3am asking whether this child is known to us',
    });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/people/${id}`);
    expect((await outOfHours.get(`/people/${id}`)).statusCode).toBe(200);
    const audit = await auditRows('person.break_glass', id);
    expect(audit).toEqual([expect.objectContaining({ actor_user_id: ids.outofhours })]);
    const told = await t.db
      .selectFrom('notification')
      .where('kind', '=', BREAK_GLASS_NOTIFICATION)
      .where('message', 'like', `%restricted record ${id} %`)
      .select(['user_id', 'message'])
      .execute();
    const toldIds = told.map((row) => row.user_id);
    expect(toldIds).toContain(ids.admin); // restricted it, so holds access
    expect(toldIds).toContain(ids.manager); // duty manager
    expect(toldIds).not.toContain(ids.outofhours);
    expect(told[0]!.message).not.toContain('Lowenna');

    // A shift later (real time), the same worker is refused again.
    const later = new ManualClock(new Date(t.clock.now().getTime() + (8 * 60 + 1) * 60_000));
    const afterShift = new RecordAccess(t.db, later, await actorFor(t.db, 'outofhours'), ORIGIN);
    await expect(afterShift.readPerson(id, async () => 'read')).rejects.toThrow('Person not found');
    const duringShift = new RecordAccess(t.db, t.clock, await actorFor(t.db, 'outofhours'), ORIGIN);
    await expect(duringShift.readPerson(id, async () => 'read')).resolves.toBe('read');
  });

  it('is reviewed by a manager or administrator, never by the one who opened it', async () => {
    expect((await outOfHours.get('/people/restricted/emergency-access')).statusCode).toBe(403);
    const opening = await t.db
      .selectFrom('break_glass_access')
      .where('person_id', '=', id)
      .select('id')
      .executeTakeFirstOrThrow();
    // The manager opens another restricted record themselves: they may not review their own.
    const other = await newChild('Wenna');
    await restrict(admin, other);
    await manager.get(`/people/${other}/emergency-access`);
    await manager.post(`/people/${other}/emergency-access`, {
      reason: 'Hospital ringing about the child arriving injured, no one with access on shift',
    });
    const own = await t.db
      .selectFrom('break_glass_access')
      .where('person_id', '=', other)
      .select('id')
      .executeTakeFirstOrThrow();
    const queue = await manager.get('/people/restricted/emergency-access');
    expect(queue.body).toContain(`data-testid="opening-${opening.id}"`);
    expect(queue.body).toContain(
      'You opened this record: another manager or an administrator must review it'
    );
    const refusedOwn = await manager.post(`/people/restricted/emergency-access/${own.id}`, {
      justified: 'yes',
      note: 'I needed it to answer the hospital',
    });
    expect(refusedOwn.statusCode).toBe(400);

    const noNote = await manager.post(`/people/restricted/emergency-access/${opening.id}`, {
      justified: 'yes',
      note: 'fine',
    });
    expect(noNote.statusCode).toBe(400);
    const reviewed = await manager.post(`/people/restricted/emergency-access/${opening.id}`, {
      justified: 'yes',
      note: 'Police needed to know at once; access ended with the shift',
    });
    expect(reviewed.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('break_glass_access')
      .where('id', '=', opening.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ justified: true, reviewed_by: ids.manager });
    expect(await auditRows('person.break_glass_review', id)).toHaveLength(1);
    expect(
      (
        await admin.post(`/people/restricted/emergency-access/${own.id}`, {
          justified: 'no',
          note: 'Should have rung the duty manager who holds access',
        })
      ).statusCode
    ).toBe(303);
  });
});

describe('who is told of a break-glass opening', () => {
  const SUNDAY_3AM = new Date('2026-11-22T03:00:00Z');
  const WEEKDAY_11AM = new Date('2026-11-24T11:00:00Z');

  async function toldOf(personId: number) {
    const rows = await t.db
      .selectFrom('notification')
      .where('kind', '=', BREAK_GLASS_NOTIFICATION)
      .where('message', 'like', `%restricted record ${personId} %`)
      .select('user_id')
      .execute();
    return rows.map((row) => row.user_id);
  }

  async function openAt(username: string, personId: number, at: Date) {
    const worker = new RecordAccess(t.db, new ManualClock(at), await actorFor(t.db, username), ORIGIN);
    return openInEmergency(worker, personId, 'Police at the door asking whether this child is known', at);
  }

  it('is the on-call managers of the arrangements in force at 3 a.m. on a Sunday, the front-door team’s managers at 11 a.m. on a weekday', async () => {
    const outOfHoursTeam = await t.db
      .selectFrom('team')
      .where('kind', '=', 'out_of_hours')
      .select('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('out_of_hours_arrangement')
      .values({
        version: 1,
        receiving_team_id: outOfHoursTeam.id,
        on_call_manager_ids: [ids.servicemanager!],
        handover_time: '08:30',
        saved_by: ids.admin!,
        saved_at: new Date('2026-11-21T09:00:00Z'),
      })
      .execute();
    try {
      const atNight = await newChild('Ysolde');
      await restrict(admin, atNight);
      await openAt('outofhours', atNight, SUNDAY_3AM);
      const toldAtNight = await toldOf(atNight);
      expect(toldAtNight).toContain(ids.servicemanager); // on call that night
      expect(toldAtNight).toContain(ids.admin); // holds access
      expect(toldAtNight).not.toContain(ids.outofhours);

      const byDay = await newChild('Gwenith');
      await restrict(admin, byDay);
      await openAt('practitioner', byDay, WEEKDAY_11AM);
      const toldByDay = await toldOf(byDay);
      expect(toldByDay).toContain(ids.manager); // the front-door team's manager
      expect(toldByDay).toContain(ids.admin);
      expect(toldByDay).not.toContain(ids.servicemanager); // not on call in the day
    } finally {
      await t.db.deleteFrom('out_of_hours_arrangement').execute();
    }
  });
});

describe('opening a record already open', () => {
  it('answers when the running emergency access really ends, and opens nothing new', async () => {
    const id = await newChild('Keziah');
    await restrict(admin, id);
    const first = new RecordAccess(t.db, t.clock, await actorFor(t.db, 'outofhours'), ORIGIN);
    const opened = await openInEmergency(
      first,
      id,
      'Hospital ringing about an injured child at night',
      TEST_NOW
    );
    expect(opened.until).toEqual(new Date(TEST_NOW.getTime() + 8 * 3_600_000));

    const hourLater = new Date(TEST_NOW.getTime() + 3_600_000);
    const again = new RecordAccess(
      t.db,
      new ManualClock(hourLater),
      await actorFor(t.db, 'outofhours'),
      ORIGIN
    );
    const reopened = await openInEmergency(again, id, 'Still with the hospital about the child', hourLater);
    expect(reopened.until).toEqual(opened.until);
    expect(
      await t.db.selectFrom('break_glass_access').where('person_id', '=', id).select('id').execute()
    ).toHaveLength(1);

    // A named grant has no set end.
    const holder = new RecordAccess(t.db, t.clock, await actorFor(t.db, 'admin'), ORIGIN);
    await expect(openInEmergency(holder, id, 'I hold access to this record', TEST_NOW)).rejects.toThrow(
      'Person not found'
    );
    const granted = await newChild('Tryphena');
    await restrict(manager, granted);
    const grantHolder = new RecordAccess(t.db, t.clock, await actorFor(t.db, 'manager'), ORIGIN);
    expect(await openInEmergency(grantHolder, granted, 'I hold a grant to this one', TEST_NOW)).toEqual({
      until: null,
    });
  });
});

describe('a break-glass form sent twice at once', () => {
  it('opens the record once, with one audit row and one set of notifications', async () => {
    const id = await newChild('Philippa');
    await restrict(admin, id);
    const worker = async () => new RecordAccess(t.db, t.clock, await actorFor(t.db, 'outofhours'), ORIGIN);
    const [first, second] = await Promise.all([
      openInEmergency(await worker(), id, 'Police at the door asking about this child now', TEST_NOW),
      openInEmergency(await worker(), id, 'Police at the door asking about this child now', TEST_NOW),
    ]);
    expect(second).toEqual(first);
    expect(
      await t.db.selectFrom('break_glass_access').where('person_id', '=', id).select('id').execute()
    ).toHaveLength(1);
    expect(await auditRows('person.break_glass', id)).toHaveLength(1);
  });
});

describe('emergency access ends by the app’s clock', () => {
  it('is open until 8 hours have passed on the test clock, then refused, and shown ended in the queue', async () => {
    const id = await newChild('Morvoren');
    await restrict(admin, id);
    const worker = await t.signedIn('outofhours');
    await worker.get(`/people/${id}/emergency-access`);
    await worker.post(`/people/${id}/emergency-access`, {
      reason: 'Police at the door asking whether this child is known to us',
    });
    const opening = await t.db
      .selectFrom('break_glass_access')
      .where('person_id', '=', id)
      .select('id')
      .executeTakeFirstOrThrow();
    try {
      // Still open a minute before the end: the test clock is weeks behind the database's now().
      t.clock.set(new Date(TEST_NOW.getTime() + (8 * 60 - 1) * 60_000));
      const during = await t.signedIn('outofhours');
      expect((await during.get(`/people/${id}`)).statusCode).toBe(200);
      const reviewer = await t.signedIn('manager');
      expect((await reviewer.get('/people/restricted/emergency-access')).body).toMatch(
        new RegExp(`data-testid="opening-${opening.id}-until">[^<]*\\(still open\\)`)
      );

      t.clock.set(new Date(TEST_NOW.getTime() + (8 * 60 + 1) * 60_000));
      const after = await t.signedIn('outofhours');
      expect((await after.get(`/people/${id}`)).headers.location).toBe(`/people/${id}/emergency-access`);
      const later = await t.signedIn('manager');
      expect((await later.get('/people/restricted/emergency-access')).body).toMatch(
        new RegExp(`data-testid="opening-${opening.id}-until">[^<]*\\(ended\\)`)
      );
      const administrator = await t.signedIn('admin');
      expect((await administrator.get(`/people/${id}/restriction`)).body).toMatch(
        /Nadia Karim, [^<]* \(ended\): /
      );
    } finally {
      t.clock.set(TEST_NOW);
    }
  });
});

describe('a restricted record and one that does not exist', () => {
  const NO_SUCH_PERSON = 99_999_999;
  /** A response as its reader sees it, without the id asked for and the per-response nonce and form token. */
  const seen = (body: string, id: number) =>
    body
      .replaceAll(String(id), 'ID')
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');

  it('answer the same "not found" to everyone who may not break glass', async () => {
    const id = await newChild('Lamorna');
    await restrict(manager, id);
    for (const username of ['partner.police', 'admin', 'analyst', 'qa', 'leader']) {
      const user = await t.signedIn(username);
      const restricted = await user.get(`/people/${id}`);
      const missing = await user.get(`/people/${NO_SUCH_PERSON}`);
      expect(restricted.statusCode, username).toBe(404);
      expect(missing.statusCode, username).toBe(404);
      expect(seen(restricted.body, id), username).toBe(seen(missing.body, NO_SUCH_PERSON));
      expect(restricted.body).not.toContain('emergency-access');
      const emergency = await user.get(`/people/${id}/emergency-access`);
      const emergencyMissing = await user.get(`/people/${NO_SUCH_PERSON}/emergency-access`);
      expect(emergency.statusCode, username).toBe(emergencyMissing.statusCode);
      expect(seen(emergency.body, id), username).toBe(seen(emergencyMissing.body, NO_SUCH_PERSON));
    }
  });

  it('answer the same to a partner system with an API key', async () => {
    const police = await t.db
      .selectFrom('agency')
      .where('kind', '=', 'police')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const key = generateApiKey();
    await t.db
      .insertInto('partner_api_key')
      .values({
        agency_id: police.id,
        name: 'Police case system (restriction test)',
        prefix: key.prefix,
        key_hash: key.keyHash,
        created_by: ids.admin!,
        created_at: TEST_NOW,
      })
      .execute();
    const id = await newChild('Rosenwyn');
    await restrict(manager, id);
    for (const path of ['/people/', '/api/v1/people/']) {
      const ask = (personId: number) =>
        t.app.inject({
          method: 'GET',
          url: `${path}${personId}`,
          headers: { authorization: `Bearer ${key.key}` },
        });
      const [restricted, missing] = [await ask(id), await ask(NO_SUCH_PERSON)];
      expect(restricted.statusCode, path).toBe(missing.statusCode);
      expect(String(restricted.headers.location ?? '').replace(String(id), 'ID')).toBe(
        String(missing.headers.location ?? '').replace(String(NO_SUCH_PERSON), 'ID')
      );
      expect(seen(restricted.body, id)).toBe(seen(missing.body, NO_SUCH_PERSON));
    }
  });

  it('never name the child on the emergency-access page, nor when its form is shown again', async () => {
    const id = await newChild('Bryluen');
    await restrict(manager, id);
    const worker = await t.signedIn('practitioner');
    const page = await worker.get(`/people/${id}/emergency-access`);
    const refused = await worker.post(`/people/${id}/emergency-access`, { reason: 'now' });
    expect(page.statusCode).toBe(200);
    expect(refused.statusCode).toBe(400);
    for (const body of [page.body, refused.body])
      for (const revealing of ['Bryluen', 'Quillfeather', '2015', 'April', 'Adopted'])
        expect(body).not.toContain(revealing);
  });
});

describe('adults named on a contact', () => {
  it('are named to a viewer with a grant, and withheld from one without', async () => {
    const adult = await newChild('Senara');
    await restrict(manager, adult);
    const contact = await t.db.selectFrom('contact').select('id').orderBy('id').executeTakeFirstOrThrow();
    await t.db
      .insertInto('contact_person')
      .values({
        contact_id: contact.id,
        person_id: adult,
        role: 'parent_or_carer',
        relationship: 'Mother',
        relationship_kind: 'mother',
      })
      .execute();
    const viewer = async (username: string) =>
      new RecordAccess(t.db, t.clock, await actorFor(t.db, username), ORIGIN);
    const named = async (username: string) =>
      (await peopleNamedOnContact(t.db, contact.id, await viewer(username))).find(
        (person) => person.id === adult
      );
    expect(await named('manager')).toMatchObject({ restricted: false, given_name: 'Senara' });
    expect(await named('practitioner')).toMatchObject({ restricted: true, given_name: '' });
  });
});
