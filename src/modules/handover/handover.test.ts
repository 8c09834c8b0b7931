import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { auditAs, recordTestContact } from '../../../test/support/contact-fixtures.ts';
import type { TeamKind } from '../../platform/db/schema.ts';
import { offerHandover, timeBetween } from './handovers.ts';
import { recordContact } from '../intake/record-contact.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';

let t: TestApp;
let earlyHelp: { id: number; name: string };
let frontDoorTeamId: number;
let practitionerId: number;
let earlyHelpWorker: TestAgent;
let earlyHelpManager: TestAgent;
let assessmentWorker: TestAgent;
let frontDoorPractitioner: TestAgent;

const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  earlyHelp = await firstTeam('early_help');
  frontDoorTeamId = (await firstTeam('front_door')).id;
  practitionerId = (
    await t.db
      .selectFrom('staff_user')
      .select('id')
      .where('username', '=', demoUser('front_door_practitioner'))
      .executeTakeFirstOrThrow()
  ).id;
  // No named demo account works in a receiving team, so sign in as generated colleagues who do.
  earlyHelpWorker = await t.signedIn(await memberOf(earlyHelp.id, 'front_door_practitioner'));
  earlyHelpManager = await t.signedIn(await memberOf(earlyHelp.id, 'team_manager'));
  assessmentWorker = await t.signedIn(
    await memberOf((await firstTeam('assessment')).id, 'front_door_practitioner')
  );
  frontDoorPractitioner = await t.signedIn(demoUser('front_door_practitioner'));
});
afterAll(() => t.close());

function firstTeam(kind: TeamKind) {
  return t.db
    .selectFrom('team')
    .select(['id', 'name'])
    .where('kind', '=', kind)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

async function memberOf(teamId: number, role: 'front_door_practitioner' | 'team_manager') {
  const member = await t.db
    .selectFrom('staff_user')
    .select('username')
    .where('team_id', '=', teamId)
    .where('role', '=', role)
    .where('active', '=', true)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return member.username;
}

/** A new contact about one child, with an authorised decision (early help unless told), offered to a team. */
async function offeredChild(
  givenName: string,
  offeredAt: Date,
  options: { restricted?: boolean; outcome?: string; team?: { id: number }; referral?: boolean } = {}
) {
  const team = options.team ?? earlyHelp;
  const outcome = options.outcome ?? 'early_help';
  const { contactChildId, personId } = await recordTestContact(t.db, {
    receivedAt: new Date(offeredAt.getTime() - HOUR),
    givenName,
    recordedBy: practitionerId,
  });
  if (options.restricted) {
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', personId).execute();
  }
  const handoverId = await t.db.transaction().execute(async (trx) => {
    const decision = await trx
      .insertInto('decision')
      .values({
        contact_child_id: contactChildId,
        outcome,
        outcomes: [outcome],
        rationale: 'Needs family support, not statutory work',
        proposed_by: practitionerId,
        proposed_at: offeredAt,
        status: 'authorised',
        receiving_team_id: team.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (options.referral) {
      await trx
        .insertInto('referral')
        .values({
          contact_child_id: contactChildId,
          person_id: personId,
          referral_date: '2026-11-20',
          referral_source: '2A',
          is_rereferral: false,
        })
        .execute();
    }
    return offerHandover(
      trx,
      {
        contactChildId,
        decisionId: decision.id,
        toTeamId: team.id,
        offeredBy: practitionerId,
        at: offeredAt,
      },
      auditAs(trx, practitionerId, offeredAt)
    );
  });
  return { contactChildId, handoverId, personId };
}

/** A new front-door practitioner in this team (or none), of the demo practitioner's agency and password. */
async function insertPractitioner(username: string, displayName: string, teamId: number | null) {
  const practitioner = await t.db
    .selectFrom('staff_user')
    .select(['agency_id', 'password_hash'])
    .where('id', '=', practitionerId)
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('staff_user')
    .values({
      username,
      display_name: displayName,
      email: `${username}@northmoor.example`,
      role: 'front_door_practitioner',
      team_id: teamId,
      ...practitioner,
    })
    .execute();
}

async function userIdOf(username: string) {
  const row = await t.db
    .selectFrom('staff_user')
    .select(['id', 'display_name'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row;
}

function contactChild(id: number) {
  return t.db
    .selectFrom('contact_child')
    .select(['status', 'team_id', 'worker_id', 'completed_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

function journeySteps(contactChildId: number) {
  return t.db
    .selectFrom('journey_event')
    .select(['kind', 'actor_id', 'details'])
    .where('contact_child_id', '=', contactChildId)
    .orderBy('id')
    .execute();
}

describe('offering a handover', () => {
  it('gives the child to the receiving team at once and records the step', async () => {
    const offeredAt = new Date(TEST_NOW.getTime() - 2 * HOUR);
    const { contactChildId, handoverId } = await offeredChild('Wren', offeredAt);
    const handover = await t.db
      .selectFrom('handover')
      .selectAll()
      .where('id', '=', handoverId)
      .executeTakeFirstOrThrow();
    expect(handover).toMatchObject({
      contact_child_id: contactChildId,
      to_team_id: earlyHelp.id,
      status: 'offered',
      offered_by: practitionerId,
    });
    expect(handover.offered_at).toEqual(offeredAt);
    expect(await contactChild(contactChildId)).toMatchObject({
      team_id: earlyHelp.id,
      status: 'awaiting_handover',
    });
    const steps = await journeySteps(contactChildId);
    expect(steps.at(-1)).toMatchObject({
      kind: 'handover_offered',
      actor_id: practitionerId,
      details: { handoverId, toTeamId: earlyHelp.id },
    });
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'handover.offer')
      .where('record_id', '=', String(handoverId))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: practitionerId, details: { contactChildId } });
  });
});

describe('the receiving team’s inbox', () => {
  it('lists the team’s handovers oldest first, hides restricted children, and shows nothing to other teams', async () => {
    const older = await offeredChild('Hazel', new Date(TEST_NOW.getTime() - 26 * HOUR));
    const newer = await offeredChild('Ivo', new Date(TEST_NOW.getTime() - 3 * HOUR));
    const hidden = await offeredChild('Juniper', new Date(TEST_NOW.getTime() - 4 * HOUR), {
      restricted: true,
    });

    const inbox = await earlyHelpWorker.get('/handovers');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(earlyHelp.name);
    expect(inbox.body).toContain('Early help / family help (step down to a named team)');
    expect(inbox.body).toContain('Jordan Ellis');
    expect(inbox.body).toContain('26 hours');
    expect(inbox.body).toContain('3 hours');
    expect(inbox.body.indexOf('Hazel Vantablack')).toBeGreaterThan(-1);
    expect(inbox.body.indexOf('Hazel Vantablack')).toBeLessThan(inbox.body.indexOf('Ivo Vantablack'));
    expect(inbox.body).not.toContain('Juniper');
    expect(inbox.body).not.toContain(`/handovers/${hidden.handoverId}"`);
    expect((await earlyHelpWorker.get(`/handovers/${hidden.handoverId}`)).statusCode).toBe(404);

    const managerInbox = await earlyHelpManager.get('/handovers');
    expect(managerInbox.body).toContain(`href="/handovers/${older.handoverId}"`);

    for (const outsider of [assessmentWorker, frontDoorPractitioner]) {
      const otherInbox = await outsider.get('/handovers');
      expect(otherInbox.statusCode).toBe(200);
      expect(otherInbox.body).not.toContain('Hazel Vantablack');
      expect((await outsider.get(`/handovers/${newer.handoverId}`)).statusCode).toBe(404);
      expect((await outsider.post(`/handovers/${newer.handoverId}/accept`, {})).statusCode).toBe(404);
      expect((await outsider.post(`/handovers/${newer.handoverId}/return`, { reason: 'x' })).statusCode).toBe(
        404
      );
    }
    expect((await contactChild(newer.contactChildId)).status).toBe('awaiting_handover');
    const refusals = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'access.denied')
      .where('record_type', '=', 'handover')
      .where('record_id', '=', String(newer.handoverId))
      .execute();
    expect(refusals.length).toBe(6);
    for (const refusal of refusals) expect(refusal.details).toMatchObject({ reason: 'not_receiving_team' });
  });

  it('tells someone who is not in a team that there is nothing for them', async () => {
    await insertPractitioner('floating.worker', 'Floating Worker', null);
    const agent = await t.signedIn('floating.worker');
    const page = await agent.get('/handovers');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You are not a member of a team');
  });

  it('is refused to roles that do not take handovers', async () => {
    for (const role of ['out_of_hours_worker', 'qa_officer', 'partner_agency_practitioner'] as const) {
      const agent = await t.signedIn(demoUser(role));
      expect((await agent.get('/handovers')).statusCode).toBe(403);
    }
  });
});

describe('the inbox, a page at a time (issue 17)', () => {
  /** The handover links in one of the inbox's tables. */
  function handoverIdsIn(html: string, testId: string): number[] {
    const start = html.indexOf(`data-testid="${testId}"`);
    if (start < 0) return [];
    const table = html.slice(start, html.indexOf('</table>', start));
    return [...table.matchAll(/href="\/handovers\/(\d+)"/g)].map((match) => Number(match[1]));
  }

  it('pages each list 50 at a time with its exact count, in a fixed order, and sends a page past the end back to the first', async () => {
    // A team of its own, so the counts are this test's alone.
    const frontDoor = await t.db
      .selectFrom('team')
      .select(['agency_id', 'locality_id'])
      .where('id', '=', frontDoorTeamId)
      .executeTakeFirstOrThrow();
    const team = await t.db
      .insertInto('team')
      .values({ name: 'Pagination family help', kind: 'early_help', ...frontDoor })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertPractitioner('pagination.worker', 'Pagination Worker', team.id);
    const seen = await offeredChild('Paget', new Date(TEST_NOW.getTime() - 30 * HOUR), { team });
    const hidden = await offeredChild('Unseen', new Date(TEST_NOW.getTime() - 30 * HOUR), {
      team,
      restricted: true,
    });
    // With the two offered above, in bulk: 53 more waiting at one moment (so only the id orders them), 55
    // answered this fortnight, 4 answered before it, and 2 waiting and 2 answered about the restricted child.
    const offeredAt = new Date(TEST_NOW.getTime() - 20 * HOUR);
    const handover = (contactChildId: number, answeredHoursAgo?: number) => ({
      contact_child_id: contactChildId,
      to_team_id: team.id,
      offered_by: practitionerId,
      offered_at: offeredAt,
      ...(answeredHoursAgo === undefined
        ? {}
        : {
            status: 'accepted' as const,
            responded_by: practitionerId,
            responded_at: new Date(TEST_NOW.getTime() - answeredHoursAgo * HOUR),
          }),
    });
    await t.db
      .insertInto('handover')
      .values([
        ...Array.from({ length: 53 }, () => handover(seen.contactChildId)),
        ...Array.from({ length: 55 }, (_, i) => handover(seen.contactChildId, 1 + (i % 10))),
        ...Array.from({ length: 4 }, () => handover(seen.contactChildId, 15 * 24)),
        ...Array.from({ length: 2 }, () => handover(hidden.contactChildId)),
        ...Array.from({ length: 2 }, () => handover(hidden.contactChildId, 2)),
      ])
      .execute();
    const waitingIds = (
      await t.db
        .selectFrom('handover')
        .select('id')
        .where('to_team_id', '=', team.id)
        .where('contact_child_id', '=', seen.contactChildId)
        .where('status', '=', 'offered')
        .orderBy('id')
        .execute()
    ).map((row) => row.id);
    const worker = await t.signedIn('pagination.worker');

    const first = await worker.get('/handovers');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Waiting for your team to accept or return (54), oldest first');
    expect(first.body).toContain('Showing 1 to 50 of 54');
    expect(handoverIdsIn(first.body, 'handovers-waiting')).toEqual(waitingIds.slice(0, 50));
    expect(first.body).toContain('href="/handovers?waiting-page=2#waiting"');
    expect(first.body).toContain('Answered in the last 14 days (55)');
    expect(handoverIdsIn(first.body, 'handovers-recent')).toHaveLength(50);
    expect(first.body).toContain('href="/handovers?recent-page=2#recent"');
    expect(first.body).not.toContain('Unseen');

    const second = await worker.get('/handovers?waiting-page=2&recent-page=2');
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Showing 51 to 54 of 54');
    expect(handoverIdsIn(second.body, 'handovers-waiting')).toEqual(waitingIds.slice(50));
    expect(second.body).toContain('Showing 51 to 55 of 55');
    const recentIds = [
      ...handoverIdsIn(first.body, 'handovers-recent'),
      ...handoverIdsIn(second.body, 'handovers-recent'),
    ];
    const answeredIds = await t.db
      .selectFrom('handover')
      .select('id')
      .where('contact_child_id', '=', seen.contactChildId)
      .where('status', '=', 'accepted')
      .where('responded_at', '>=', new Date(TEST_NOW.getTime() - 14 * 24 * HOUR))
      .orderBy('responded_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(recentIds).toEqual(answeredIds.map((row) => row.id));
    // Each list's links keep the other list's page.
    expect(second.body).toContain('href="/handovers?recent-page=2#waiting"');
    expect(second.body).toContain('href="/handovers?waiting-page=2#recent"');

    const past = await worker.get('/handovers?waiting-page=9&recent-page=2');
    expect(past.statusCode).toBe(303);
    expect(past.headers.location).toBe('/handovers?recent-page=2');
    const pastBoth = await worker.get('/handovers?waiting-page=2&recent-page=7');
    expect(pastBoth.headers.location).toBe('/handovers?waiting-page=2');
    expect((await worker.get('/handovers?waiting-page=abc')).statusCode).toBe(200);
  });
});

describe('answering a handover', () => {
  it('accepting completes the front door’s work on the child, once only', async () => {
    const { contactChildId, handoverId } = await offeredChild('Kit', new Date(TEST_NOW.getTime() - HOUR));
    const page = await earlyHelpManager.get(`/handovers/${handoverId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kit Vantablack');
    expect(page.body).toContain('Needs family support, not statutory work');

    const worker = await userIdOf(await memberOf(earlyHelp.id, 'front_door_practitioner'));
    const accepted = await earlyHelpManager.post(`/handovers/${handoverId}/accept`, {
      workerId: String(worker.id),
    });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/handovers?answered=accepted');
    const handover = await t.db
      .selectFrom('handover')
      .innerJoin('staff_user', 'staff_user.id', 'handover.responded_by')
      .select(['handover.status', 'handover.responded_at', 'staff_user.team_id'])
      .where('handover.id', '=', handoverId)
      .executeTakeFirstOrThrow();
    expect(handover).toEqual({ status: 'accepted', responded_at: TEST_NOW, team_id: earlyHelp.id });
    expect(await contactChild(contactChildId)).toMatchObject({
      status: 'completed',
      completed_at: TEST_NOW,
      team_id: earlyHelp.id,
    });
    expect((await journeySteps(contactChildId)).slice(-2).map((step) => step.kind)).toEqual([
      'handover_accepted',
      'completed',
    ]);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'handover.accept')
      .where('record_id', '=', String(handoverId))
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ contactChildId, teamId: earlyHelp.id });

    const inbox = await earlyHelpManager.get('/handovers?answered=accepted');
    expect(inbox.body).toContain('Handover accepted');
    expect(inbox.body).toMatch(/Kit Vantablack[\s\S]*?Accepted/);

    const again = await earlyHelpWorker.post(`/handovers/${handoverId}/accept`, {
      workerId: String(worker.id),
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('has already answered this handover');
    const returnAfter = await earlyHelpWorker.post(`/handovers/${handoverId}/return`, { reason: 'Too late' });
    expect(returnAfter.statusCode).toBe(409);
    expect((await contactChild(contactChildId)).status).toBe('completed');
  });

  it('returning needs a reason, then puts the child back in the front door’s queue without an owner gap', async () => {
    const { contactChildId, handoverId } = await offeredChild('Lark', new Date(TEST_NOW.getTime() - HOUR));
    const refused = await earlyHelpWorker.post(`/handovers/${handoverId}/return`, { reason: '  ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('Enter why you are returning the child to the front door');
    expect(await contactChild(contactChildId)).toMatchObject({
      status: 'awaiting_handover',
      team_id: earlyHelp.id,
    });

    const reason = 'The family already has a Team Around the Family plan with the school.';
    const returned = await earlyHelpWorker.post(`/handovers/${handoverId}/return`, { reason });
    expect(returned.statusCode).toBe(303);
    expect(returned.headers.location).toBe('/handovers?answered=returned');
    const handover = await t.db
      .selectFrom('handover')
      .select(['status', 'return_reason'])
      .where('id', '=', handoverId)
      .executeTakeFirstOrThrow();
    expect(handover).toEqual({ status: 'returned', return_reason: reason });
    expect(await contactChild(contactChildId)).toEqual({
      status: 'awaiting_decision',
      team_id: frontDoorTeamId,
      worker_id: null,
      completed_at: null,
    });
    const steps = await journeySteps(contactChildId);
    expect(steps.at(-1)).toMatchObject({
      kind: 'handover_returned',
      details: { handoverId, fromTeamId: earlyHelp.id, toTeamId: frontDoorTeamId },
    });
    const audit = await t.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'handover.return')
      .where('record_id', '=', String(handoverId))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).not.toContain('Team Around the Family');

    // Back with the front door team, open and awaiting a decision: it is in their queue.
    const queue = await t.db
      .selectFrom('contact_child')
      .select('id')
      .where('team_id', '=', frontDoorTeamId)
      .where('status', '<>', 'completed')
      .execute();
    expect(queue.map((row) => row.id)).toContain(contactChildId);
    const page = await earlyHelpWorker.get(`/handovers/${handoverId}`);
    expect(page.body).toContain('Returned to the front door by');
    expect(page.body).toContain(reason);
    expect(page.body).not.toContain('Accept handover');
  });
});

describe("accepting opens the child's involvement (issue 9, item 8)", () => {
  it('asks which worker, and will not accept without one from the team', async () => {
    const { handoverId, personId } = await offeredChild('Maple', new Date(TEST_NOW.getTime() - HOUR));
    const page = await earlyHelpManager.get(`/handovers/${handoverId}`);
    expect(page.body).toContain('Who will be the child’s worker?');

    const missing = await earlyHelpManager.post(`/handovers/${handoverId}/accept`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('govuk-error-summary');
    expect(missing.body).toContain('Choose the worker in your team who will take the child on');

    const outsider = await userIdOf(demoUser('front_door_practitioner'));
    const wrongTeam = await earlyHelpManager.post(`/handovers/${handoverId}/accept`, {
      workerId: String(outsider.id),
    });
    expect(wrongTeam.statusCode).toBe(400);
    expect(wrongTeam.body).toContain('Choose the worker in your team who will take the child on');

    const handover = await t.db
      .selectFrom('handover')
      .select('status')
      .where('id', '=', handoverId)
      .executeTakeFirstOrThrow();
    expect(handover.status).toBe('offered');
    const opened = await t.db
      .selectFrom('involvement')
      .select('id')
      .where('person_id', '=', personId)
      .execute();
    expect(opened).toEqual([]);
  });

  it('opens an assessment with team, worker and its 45-working-day due date, shown on the record and the next contact', async () => {
    const assessmentTeam = await firstTeam('assessment');
    const { handoverId, personId } = await offeredChild('Nettle', new Date(TEST_NOW.getTime() - HOUR), {
      outcome: 'assessment',
      team: assessmentTeam,
      referral: true,
    });
    const reader = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await reader.get(`/people/${personId}`)).body).toContain('No involvement recorded.');

    const worker = await userIdOf(await memberOf(assessmentTeam.id, 'front_door_practitioner'));
    const accepted = await assessmentWorker.post(`/handovers/${handoverId}/accept`, {
      workerId: String(worker.id),
    });
    expect(accepted.statusCode).toBe(303);

    const involvement = await t.db
      .selectFrom('involvement')
      .select(['kind', 'started_on', 'ended_on', 'team_id', 'worker_id', 'assessment_due_on', 'handover_id'])
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    // 45 working days from Friday 20 November 2026, skipping Christmas, Boxing Day (on the 28th) and New Year's Day.
    expect(involvement).toEqual({
      kind: 'assessment',
      started_on: '2026-11-20',
      ended_on: null,
      team_id: assessmentTeam.id,
      worker_id: worker.id,
      assessment_due_on: '2027-01-27',
      handover_id: handoverId,
    });

    const record = await reader.get(`/people/${personId}`);
    expect(record.body).not.toContain('No involvement recorded.');
    expect(record.body).toContain(
      `Child and family assessment with ${assessmentTeam.name}, worker ${worker.display_name}, since 20 November 2026. Assessment due 27 January 2027.`
    );

    // The next contact about the child shows the open case at the top of its history.
    const next = await t.db.transaction().execute(async (trx) => {
      const settings = await councilSettings(trx);
      return recordContact(
        trx,
        {
          receivedAt: TEST_NOW,
          channel: 'phone',
          referralSource: '2A',
          referrer: { name: 'Ms B Nurse', organisation: 'Northmoor Surgery', isProfessional: true },
          children: [
            {
              details: { givenName: 'Nettle', familyName: 'Vantablack', dateOfBirth: '2017-04-03', sex: 'F' },
              resolution: { kind: 'link', personId },
            },
          ],
          otherPeople: [],
          concernCodes: ['16A'],
          presentingConcerns: 'Missed appointments.',
          consent: { status: 'given' },
          immediateRisk: false,
        },
        { recordedBy: practitionerId, now: TEST_NOW, settings }
      );
    });
    const contactPage = await reader.get(`/contacts/${next.contactId}`);
    expect(contactPage.statusCode).toBe(200);
    expect(contactPage.body).toContain('Open involvement');
    expect(contactPage.body).toContain(
      `Child and family assessment with ${assessmentTeam.name}, worker ${worker.display_name}, since 20 November 2026. Assessment due 27 January 2027.`
    );

    const handoverPage = await assessmentWorker.get(`/handovers/${handoverId}`);
    expect(handoverPage.body).toContain('Involvement opened');
  });

  it('opens early help with no assessment clock', async () => {
    const { handoverId, personId } = await offeredChild('Olive', new Date(TEST_NOW.getTime() - HOUR));
    const worker = await userIdOf(await memberOf(earlyHelp.id, 'front_door_practitioner'));
    await earlyHelpWorker.post(`/handovers/${handoverId}/accept`, { workerId: String(worker.id) });
    const involvement = await t.db
      .selectFrom('involvement')
      .select(['kind', 'team_id', 'worker_id', 'assessment_due_on'])
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(involvement).toEqual({
      kind: 'early_help',
      team_id: earlyHelp.id,
      worker_id: worker.id,
      assessment_due_on: null,
    });
  });
});

describe('time waiting', () => {
  it('reads as minutes, hours, then days', () => {
    const from = new Date('2026-11-20T10:00:00Z');
    const after = (minutes: number) => new Date(from.getTime() + minutes * 60_000);
    expect(timeBetween(from, after(1))).toBe('1 minute');
    expect(timeBetween(from, after(45))).toBe('45 minutes');
    expect(timeBetween(from, after(60))).toBe('1 hour');
    expect(timeBetween(from, after(47 * 60))).toBe('47 hours');
    expect(timeBetween(from, after(72 * 60))).toBe('3 days');
  });
});
