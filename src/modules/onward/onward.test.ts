import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';

// TEST_NOW is Friday 20 November 2026, 10:00 in London.
let t: TestApp;
let practitioner: TestAgent;
let personId: number;
let contactChildId: number;
let episodeId: number;

const date = (name: string, day: string, month: string, year = '2026') => ({
  [`${name}-day`]: day,
  [`${name}-month`]: month,
  [`${name}-year`]: year,
});

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  const contact = await recordTestContact(t.db, {
    receivedAt: new Date('2026-10-01T09:00:00Z'),
    givenName: 'Onwa',
  });
  ({ personId, contactChildId } = contact);
  // The front door's decision made this contact a referral (decisions.service.ts records it so).
  await t.db
    .insertInto('referral')
    .values({
      contact_child_id: contactChildId,
      person_id: personId,
      referral_date: '2026-10-01',
      referral_source: '2A',
      is_rereferral: false,
    })
    .execute();
});
afterAll(() => t.close());

describe('the child’s onward record', () => {
  it('opens the episode for the front door’s referral, with the primary need', async () => {
    const form = await practitioner.get(`/people/${personId}/onward/episodes`);
    expect(form.statusCode).toBe(200);
    const referralId = /name="referral" type="radio" value="(\d+)"/.exec(form.body)?.[1];
    const saved = await practitioner.post(`/people/${personId}/onward/episodes`, {
      referral: referralId!,
      primaryNeedCode: 'N1',
    });
    expect(saved.statusCode).toBe(303);
    const episode = await t.db
      .selectFrom('cin_episode')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(episode).toMatchObject({
      referral_date: '2026-10-01',
      referral_source: '2A',
      primary_need_code: 'N1',
      contact_child_id: contactChildId,
    });
    episodeId = episode.id;
  });

  it('records an authorised assessment with its factors, on the journey and in the audit trail', async () => {
    const saved = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/assessments`, {
      ...date('startedOn', '2', '10'),
      ...date('childSeenOn', '3', '10'),
      ...date('authorisedOn', '12', '11'),
      factors: ['3A', '16A'],
      outcome: 'cin_plan',
    });
    expect(saved.statusCode).toBe(303);
    const assessment = await t.db
      .selectFrom('cin_assessment')
      .selectAll()
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    expect(assessment).toMatchObject({
      started_on: '2026-10-02',
      child_seen_on: '2026-10-03',
      authorised_on: '2026-11-12',
      factors: ['3A', '16A'],
      outcome: 'cin_plan',
    });
    const journey = await t.db
      .selectFrom('journey_event')
      .select('kind')
      .where('contact_child_id', '=', contactChildId)
      .where('kind', 'in', ['episode_opened', 'assessment_recorded'])
      .orderBy('id')
      .execute();
    expect(journey.map((event) => event.kind)).toEqual(['episode_opened', 'assessment_recorded']);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['record_id', 'event_class'])
      .where('action', '=', 'onward.assessment')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ record_id: String(assessment.id), event_class: 'change' });
    const page = await practitioner.get(`/people/${personId}/onward`);
    expect(page.body).toContain('Neglect (16A)');
  });

  it('refuses impossible entries with specific messages, keeping what was typed', async () => {
    const refused = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/assessments`, {
      ...date('startedOn', '20', '11'),
      ...date('authorisedOn', '19', '11'),
      factors: ['21', '3A'],
      outcome: 'no_further_action',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain(
      'The authorisation date must be on or after the date the assessment started'
    );
    expect(refused.body).toContain(
      'You cannot choose ‘No factors identified’ (21) together with other factors'
    );
    expect(refused.body).toMatch(/id="startedOn-day" name="startedOn-day" type="text"[^>]*value="20"/);
    expect(refused.body).toMatch(/value="21" checked/);
    expect(refused.body).toMatch(/value="no_further_action" checked/);
  });

  it('refuses a plan ending before it starts, and a factor code that does not exist', async () => {
    const plan = await practitioner.post(
      `/people/${personId}/onward/episodes/${episodeId}/protection-plans`,
      {
        ...date('startedOn', '13', '11'),
        ...date('endedOn', '12', '11'),
        initialCategory: 'NEG',
      }
    );
    expect(plan.statusCode).toBe(400);
    expect(plan.body).toContain('The child protection plan cannot end before it starts');
    expect(plan.body).toMatch(/value="NEG" selected/);
    const factor = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/assessments`, {
      ...date('startedOn', '13', '11'),
      ...date('authorisedOn', '14', '11'),
      factors: '99Z',
      outcome: 'cin_plan',
    });
    expect(factor.statusCode).toBe(400);
    expect(factor.body).toContain('‘99Z’ is not an assessment factor code. Choose the factors from the list');
  });

  it('records plans, refuses an overlapping one, and closes the episode only when they have ended', async () => {
    const plan = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/cin-plans`, {
      ...date('startedOn', '13', '11'),
    });
    expect(plan.statusCode).toBe(303);
    const overlap = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/cin-plans`, {
      ...date('startedOn', '16', '11'),
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.body).toContain(
      'The child already has an open child in need plan from 13 November 2026: end it first'
    );
    const { version } = await t.db
      .selectFrom('cin_episode')
      .select('version')
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const early = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/closure`, {
      version: String(version),
      ...date('closureDate', '19', '11'),
      reason: 'RC7',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('End the child’s plans before closing the episode');
    const cinPlan = await t.db
      .selectFrom('cin_plan')
      .select(['id', 'version'])
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const ended = await practitioner.post(`/people/${personId}/onward/cin-plans/${cinPlan.id}`, {
      version: String(cinPlan.version),
      ...date('startedOn', '13', '11'),
      ...date('endedOn', '19', '11'),
    });
    expect(ended.statusCode).toBe(303);
    const stale = await practitioner.post(`/people/${personId}/onward/cin-plans/${cinPlan.id}`, {
      version: String(cinPlan.version),
      ...date('startedOn', '13', '11'),
      ...date('endedOn', '18', '11'),
    });
    expect(stale.statusCode).toBe(409);
    const closed = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/closure`, {
      version: String(version),
      ...date('closureDate', '19', '11'),
      reason: 'RC7',
    });
    expect(closed.statusCode).toBe(303);
    const episode = await t.db
      .selectFrom('cin_episode')
      .select(['closure_date', 'closure_reason'])
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow();
    expect(episode).toEqual({ closure_date: '2026-11-19', closure_reason: 'RC7' });
  });

  it('records the child’s characteristics, refusing NONE with a disability', async () => {
    const url = `/people/${personId}/onward/characteristics`;
    const form = await practitioner.get(url);
    expect(form.statusCode).toBe(200);
    const fields = {
      version: '1',
      sex: 'F',
      ethnicity: 'WBRI',
      upn: 'H801200001001',
      ...date('dateOfBirth', '3', '4', '2017'),
    };
    const refused = await practitioner.post(url, { ...fields, disabilities: ['NONE', 'AUT'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('You cannot choose ‘No disability’ together with a disability');
    expect(refused.body).toContain('value="H801200001001"');
    const saved = await practitioner.post(url, { ...fields, disabilities: ['AUT', 'COMM'] });
    expect(saved.statusCode).toBe(303);
    const person = await t.db
      .selectFrom('person')
      .select(['disabilities', 'upn', 'ethnicity', 'characteristics_version'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({
      disabilities: ['AUT', 'COMM'],
      upn: 'H801200001001',
      ethnicity: 'WBRI',
      characteristics_version: 2,
    });
  });

  it('refuses a partner agency the page and every form', async () => {
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    expect((await partner.get(`/people/${personId}/onward`)).statusCode).toBe(404);
    const post = await partner.post(`/people/${personId}/onward/episodes/${episodeId}/assessments`, {
      ...date('startedOn', '13', '11'),
    });
    expect(post.statusCode).toBe(403);
    expect(
      await t.db.selectFrom('cin_assessment').select('id').where('episode_id', '=', episodeId).execute()
    ).toHaveLength(1);
  });
});
