import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../test/support/test-database.ts';
import type { Db } from '../../../platform/db/database.ts';
import { refreshInsightFacts } from '../../performance/insight-facts.ts';
import { periodValues } from '../../performance/measure-queries.ts';
import { consistencyDecisions, NO_AGENCY } from './consistency-decisions.ts';
import { informationRequestCounts, partnerCounts } from './partner-queries.ts';
import { timelinessBy } from './timeliness-queries.ts';

/*
 * A handful of decisions counted by hand, added to the seeded test council in March 2020, long before its
 * history begins, with agencies, teams and staff of their own. UK time is GMT all month but the 29th.
 *
 *   c1 Mon 2 Mar 09:30, Fixture Police, "Northgate Station", consent given.
 *     cc1 Team One, allocated W1: described in full, two coded concerns, rated red on the child but amber
 *         on the decision. Assessment (a referral), level 3 → 3, proposed by W1 10:00, authorised by M1
 *         11:00, RAG due 12:00 (in time). A referral row.
 *     cc2 Team One: an age but no date of birth, no concerns. No further action, level 2 → 1, proposed
 *         by W2, authorised 3 Mar 10:00. No rating.
 *   c2 Fri 6 Mar 23:00 (out of hours), Fixture Schools, " Oakfield Primary ", consent refused, no reason.
 *     cc3 Team Two, allocated W2: one concern. Early help, 2 → 2, green, authorised Sat 7 Mar 10:00 by M1,
 *         RAG due 6 Mar 23:30 (late).
 *   c3 Wed 11 Mar 14:00, Fixture Schools, "oakfield primary", consent not sought, with the reason.
 *     cc4 Team Two: one concern. Not decided.
 *   c6 Thu 12 Mar 10:00, Fixture Schools, "Oakfield Primary", consent given. cc7: no concerns, not decided.
 *   c4 Tue 25 Feb 10:00 (before the period), Fixture Police, no organisation, consent given.
 *     cc5 Team One: no further action, 1 → 1, proposed by W1, authorised 2 Mar 15:00 by M1.
 *   c5 Fri 20 Mar 16:00, no agency (a member of the public).
 *     cc6 Team One, allocated W1: strategy discussion (a referral), 4 → 4, red, proposed by W1,
 *         authorised 17:30 by M1, RAG due 18:00 (in time).
 *   Requests: to Fixture Schools about cc3, sent 9 Mar 10:00, due 10 Mar 10:00, answered 20:00 (10 hours);
 *   to Fixture Police about cc1, sent 2 Mar 10:00, due 5 Mar 10:00, still open.
 */

const MARCH = { from: '2020-03-01', to: '2020-03-31' };
const NOW = new Date('2026-11-20T10:00:00Z');

let database: TestDatabase;
let db: Db;
const id: Record<string, number> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await buildFixture(db);
  await refreshInsightFacts(db);
}, 120_000);

afterAll(() => database?.close());

describe('the decisions the consistency analysis compares', () => {
  it('reads each authorised decision of the period with its levels, rating, people, time and agency', async () => {
    const decisions = await consistencyDecisions(db, { period: MARCH });
    expect(decisions).toEqual([
      {
        escalated: true,
        indicatedLevel: 3,
        chosenLevel: 3,
        rag: 'amber',
        team: 'Fixture Team One',
        worker: 'Fixture Worker One',
        manager: 'Fixture Manager',
        weekday: 'Mon',
        timeBand: 'morning',
        outOfHours: false,
        agency: 'Fixture Police',
      },
      {
        escalated: false,
        indicatedLevel: 2,
        chosenLevel: 1,
        rag: null,
        team: 'Fixture Team One',
        worker: 'Fixture Worker Two',
        manager: 'Fixture Manager',
        weekday: 'Mon',
        timeBand: 'morning',
        outOfHours: false,
        agency: 'Fixture Police',
      },
      {
        escalated: false,
        indicatedLevel: 2,
        chosenLevel: 2,
        rag: 'green',
        team: 'Fixture Team Two',
        worker: 'Fixture Worker Two',
        manager: 'Fixture Manager',
        weekday: 'Fri',
        timeBand: 'night',
        outOfHours: true,
        agency: 'Fixture Schools',
      },
      {
        escalated: false,
        indicatedLevel: 1,
        chosenLevel: 1,
        rag: null,
        team: 'Fixture Team One',
        worker: 'Fixture Worker One',
        manager: 'Fixture Manager',
        weekday: 'Tue',
        timeBand: 'morning',
        outOfHours: false,
        agency: 'Fixture Police',
      },
      {
        escalated: true,
        indicatedLevel: 4,
        chosenLevel: 4,
        rag: 'red',
        team: 'Fixture Team One',
        worker: 'Fixture Worker One',
        manager: 'Fixture Manager',
        weekday: 'Fri',
        timeBand: 'afternoon',
        outOfHours: false,
        agency: NO_AGENCY,
      },
    ]);
  });

  it('applies the performance pages’ filters', async () => {
    const teamTwo = await consistencyDecisions(db, { period: MARCH, teamId: id.teamTwo });
    expect(teamTwo.map((decision) => decision.agency)).toEqual(['Fixture Schools']);
    const police = await consistencyDecisions(db, { period: MARCH, agencyId: id.police });
    expect(police).toHaveLength(3);
  });
});

describe('partner feedback counts', () => {
  it('counts each agency and each organisation by hand', async () => {
    const counts = await partnerCounts(db, MARCH);
    const fixture = counts.filter((row) => row.agencyName.startsWith('Fixture'));
    expect(fixture).toEqual([
      {
        agencyId: id.police,
        agencyName: 'Fixture Police',
        organisation: null,
        organisationKey: null,
        contacts: 2,
        decided: 2,
        referred: 1,
        decisions: 3,
        noFurtherAction: 2,
        completeness: {
          consentRecorded: { met: 2, of: 2 },
          childDetailsComplete: { met: 1, of: 2 },
          concernsCoded: { met: 1, of: 2 },
        },
      },
      {
        agencyId: id.police,
        agencyName: 'Fixture Police',
        organisation: 'Northgate Station',
        organisationKey: 'northgate station',
        contacts: 2,
        decided: 2,
        referred: 1,
        decisions: 2,
        noFurtherAction: 1,
        completeness: {
          consentRecorded: { met: 2, of: 2 },
          childDetailsComplete: { met: 1, of: 2 },
          concernsCoded: { met: 1, of: 2 },
        },
      },
      {
        agencyId: id.schools,
        agencyName: 'Fixture Schools',
        organisation: null,
        organisationKey: null,
        contacts: 3,
        decided: 1,
        referred: 0,
        decisions: 1,
        noFurtherAction: 0,
        completeness: {
          consentRecorded: { met: 2, of: 3 },
          childDetailsComplete: { met: 3, of: 3 },
          concernsCoded: { met: 2, of: 3 },
        },
      },
      {
        agencyId: id.schools,
        agencyName: 'Fixture Schools',
        organisation: 'Oakfield Primary',
        organisationKey: 'oakfield primary',
        contacts: 3,
        decided: 1,
        referred: 0,
        decisions: 1,
        noFurtherAction: 0,
        completeness: {
          consentRecorded: { met: 2, of: 3 },
          childDetailsComplete: { met: 3, of: 3 },
          concernsCoded: { met: 2, of: 3 },
        },
      },
    ]);
    expect(await partnerCounts(db, MARCH, id.schools)).toEqual(fixture.slice(2));
  });

  it('agrees with the performance measures for an agency', async () => {
    const values = await periodValues(
      db,
      { period: MARCH, agencyId: id.police },
      ['contacts', 'contact_to_referral', 'nfa_rate'],
      { now: NOW }
    );
    expect(values.contacts.numerator).toBe(2);
    expect([values.contact_to_referral.numerator, values.contact_to_referral.denominator]).toEqual([1, 2]);
    expect([values.nfa_rate.numerator, values.nfa_rate.denominator]).toEqual([2, 3]);
  });

  it('gives each agency’s information requests as the performance pages count them', async () => {
    const requests = await informationRequestCounts(db, MARCH, NOW);
    expect(requests.find((row) => row.agencyId === id.schools)).toMatchObject({
      sent: 1,
      answered: 1,
      medianHours: 10,
      onTime: 1,
      onTimeOf: 1,
    });
    expect(requests.find((row) => row.agencyId === id.police)).toMatchObject({
      sent: 1,
      answered: 0,
      medianHours: null,
      onTime: 0,
      onTimeOf: 1,
    });
  });
});

describe('decisions within the RAG time by team and worker', () => {
  it('counts the decisions made on a rating and those in time', async () => {
    const teams = (await timelinessBy(db, 'team', MARCH)).filter((row) =>
      row.groupName.startsWith('Fixture')
    );
    expect(teams).toEqual([
      { groupId: id.teamOne, groupName: 'Fixture Team One', decisions: 2, withinRagTime: 2 },
      { groupId: id.teamTwo, groupName: 'Fixture Team Two', decisions: 1, withinRagTime: 0 },
    ]);
    const workers = (await timelinessBy(db, 'worker', MARCH)).filter((row) =>
      row.groupName.startsWith('Fixture')
    );
    expect(workers).toEqual([
      { groupId: id.workerOne, groupName: 'Fixture Worker One', decisions: 2, withinRagTime: 2 },
      { groupId: id.workerTwo, groupName: 'Fixture Worker Two', decisions: 1, withinRagTime: 0 },
    ]);
  });
});

async function insert(table: string, values: Record<string, unknown>): Promise<number> {
  const row = await db
    .insertInto(table as 'agency')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function buildFixture(db: Db): Promise<void> {
  const council = await db
    .selectFrom('agency')
    .where('kind', '=', 'council')
    .select('id')
    .executeTakeFirstOrThrow();
  id.police = await insert('agency', { name: 'Fixture Police', kind: 'police' });
  id.schools = await insert('agency', { name: 'Fixture Schools', kind: 'education' });
  id.teamOne = await insert('team', { name: 'Fixture Team One', kind: 'front_door', agency_id: council.id });
  id.teamTwo = await insert('team', { name: 'Fixture Team Two', kind: 'front_door', agency_id: council.id });
  const staff = (username: string, name: string, role: string) =>
    insert('staff_user', {
      username,
      display_name: name,
      email: `${username}@example.invalid`,
      role,
      agency_id: council.id,
    });
  id.workerOne = await staff('fixture.one', 'Fixture Worker One', 'front_door_practitioner');
  id.workerTwo = await staff('fixture.two', 'Fixture Worker Two', 'front_door_practitioner');
  id.manager = await staff('fixture.manager', 'Fixture Manager', 'team_manager');
  const person = await insert('person', { given_name: 'Fixture', family_name: 'Child', sex: 'F' });

  let reference = 0;
  const contact = (receivedAt: string, values: Record<string, unknown>) =>
    insert('contact', {
      reference: `FIX-${++reference}`,
      received_at: receivedAt,
      recorded_at: receivedAt,
      channel: 'phone',
      referral_source: '5A',
      consent_status: 'given',
      ...values,
    });
  const complete = { givenName: 'Fixture', familyName: 'Child', sex: 'F', dateOfBirth: '2014-02-03' };
  const child = (contactId: number, values: Record<string, unknown>) =>
    insert('contact_child', {
      contact_id: contactId,
      status: 'completed',
      decision_due_at: '2020-04-01T09:00:00Z',
      described_child: JSON.stringify(complete),
      ...values,
    });
  const concerns = (contactChildId: number, codes: string[]) =>
    db
      .insertInto('contact_concern')
      .values(codes.map((code) => ({ contact_child_id: contactChildId, factor_code: code })))
      .execute();
  const decide = (contactChildId: number, values: Record<string, unknown>) =>
    insert('decision', {
      contact_child_id: contactChildId,
      rationale: 'Recorded',
      status: 'authorised',
      authorised_by: id.manager,
      ...values,
    });

  const c1 = await contact('2020-03-02T09:30:00Z', {
    referrer_agency_id: id.police,
    referrer_organisation: 'Northgate Station',
  });
  const cc1 = await child(c1, {
    team_id: id.teamOne,
    worker_id: id.workerOne,
    rag: 'red',
    person_id: person,
  });
  await concerns(cc1, ['3B', '4B']);
  await decide(cc1, {
    outcome: 'assessment',
    indicated_level: 3,
    chosen_level: 3,
    rag: 'amber',
    proposed_by: id.workerOne,
    proposed_at: '2020-03-02T10:00:00Z',
    authorised_at: '2020-03-02T11:00:00Z',
    rag_due_at: '2020-03-02T12:00:00Z',
  });
  await insert('referral', {
    contact_child_id: cc1,
    person_id: person,
    referral_date: '2020-03-02',
    referral_source: '5A',
    is_rereferral: false,
  });
  const cc2 = await child(c1, {
    team_id: id.teamOne,
    described_child: JSON.stringify({ givenName: 'Fixture', familyName: 'Sibling', sex: 'M', age: 6 }),
  });
  await decide(cc2, {
    outcome: 'no_further_action',
    indicated_level: 2,
    chosen_level: 1,
    proposed_by: id.workerTwo,
    proposed_at: '2020-03-03T09:00:00Z',
    authorised_at: '2020-03-03T10:00:00Z',
  });

  const c2 = await contact('2020-03-06T23:00:00Z', {
    referrer_agency_id: id.schools,
    referrer_organisation: ' Oakfield Primary ',
    consent_status: 'refused',
    out_of_hours: true,
  });
  const cc3 = await child(c2, { team_id: id.teamTwo, worker_id: id.workerTwo, rag: 'green' });
  await concerns(cc3, ['2A']);
  await decide(cc3, {
    outcome: 'early_help',
    indicated_level: 2,
    chosen_level: 2,
    proposed_by: id.workerTwo,
    proposed_at: '2020-03-07T09:00:00Z',
    authorised_at: '2020-03-07T10:00:00Z',
    rag_due_at: '2020-03-06T23:30:00Z',
  });

  const c3 = await contact('2020-03-11T14:00:00Z', {
    referrer_agency_id: id.schools,
    referrer_organisation: 'oakfield primary',
    consent_status: 'not_sought',
    consent_reason: 'Asking would put the child at risk',
  });
  await concerns(await child(c3, { team_id: id.teamTwo }), ['2A']);
  const c6 = await contact('2020-03-12T10:00:00Z', {
    referrer_agency_id: id.schools,
    referrer_organisation: 'Oakfield Primary',
  });
  await child(c6, { team_id: id.teamTwo });

  const c4 = await contact('2020-02-25T10:00:00Z', { referrer_agency_id: id.police });
  const cc5 = await child(c4, { team_id: id.teamOne });
  await decide(cc5, {
    outcome: 'no_further_action',
    indicated_level: 1,
    chosen_level: 1,
    proposed_by: id.workerOne,
    proposed_at: '2020-03-02T14:00:00Z',
    authorised_at: '2020-03-02T15:00:00Z',
  });

  const c5 = await contact('2020-03-20T16:00:00Z', { referral_source: '1B', consent_status: null });
  const cc6 = await child(c5, { team_id: id.teamOne, worker_id: id.workerOne, rag: 'red' });
  await decide(cc6, {
    outcome: 'strategy_discussion',
    indicated_level: 4,
    chosen_level: 4,
    rag: 'red',
    proposed_by: id.workerOne,
    proposed_at: '2020-03-20T17:00:00Z',
    authorised_at: '2020-03-20T17:30:00Z',
    rag_due_at: '2020-03-20T18:00:00Z',
  });

  const request = (values: Record<string, unknown>) =>
    insert('information_request', {
      question: 'What do you know?',
      consent_status: 'given',
      requested_by: id.workerOne,
      ...values,
    });
  await request({
    contact_child_id: cc3,
    agency_id: id.schools,
    requested_at: '2020-03-09T10:00:00Z',
    due_at: '2020-03-10T10:00:00Z',
    status: 'answered',
    responded_at: '2020-03-09T20:00:00Z',
  });
  await request({
    contact_child_id: cc1,
    agency_id: id.police,
    requested_at: '2020-03-02T10:00:00Z',
    due_at: '2020-03-05T10:00:00Z',
  });
}
