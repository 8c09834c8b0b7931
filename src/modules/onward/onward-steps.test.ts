import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';
import { recordTestContact } from '../../../test/support/contact-fixtures.ts';

// The section 47 enquiry, conference and early help forms. TEST_NOW is Friday 20 November 2026.
let t: TestApp;
let practitioner: TestAgent;
let personId: number;
let contactChildId: number;
let episodeId: number;
let discussionId: number;

const date = (name: string, day: string, month: string, year = '2026') => ({
  [`${name}-day`]: day,
  [`${name}-month`]: month,
  [`${name}-year`]: year,
});

async function journeySteps(kind: string) {
  return t.db
    .selectFrom('journey_event')
    .select('kind')
    .where('contact_child_id', '=', contactChildId)
    .where('kind', '=', kind)
    .execute();
}

async function auditOf(action: string) {
  return t.db
    .selectFrom('audit_event')
    .select(['record_id', 'event_class'])
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
  ({ personId, contactChildId } = await recordTestContact(t.db, {
    receivedAt: new Date('2026-10-01T09:00:00Z'),
    givenName: 'Steppa',
  }));
  const referral = await t.db
    .insertInto('referral')
    .values({
      contact_child_id: contactChildId,
      person_id: personId,
      referral_date: '2026-10-01',
      referral_source: '6',
      is_rereferral: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const worker = await t.db
    .selectFrom('staff_user')
    .select(['id', 'team_id'])
    .where('team_id', 'is not', null)
    .executeTakeFirstOrThrow();
  ({ id: discussionId } = await t.db
    .insertInto('strategy_discussion')
    .values({
      contact_child_id: contactChildId,
      convened_at: new Date('2026-10-02T10:00:00Z'),
      outcome: 'joint_s47',
      rationale: 'Joint enquiry',
      recorded_by: worker.id,
      recorded_at: new Date('2026-10-02T11:00:00Z'),
      team_id: worker.team_id!,
      worker_id: worker.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow());
  const opened = await practitioner.post(`/people/${personId}/onward/episodes`, {
    referral: String(referral.id),
    primaryNeedCode: 'N1',
  });
  expect(opened.statusCode).toBe(303);
  ({ id: episodeId } = await t.db
    .selectFrom('cin_episode')
    .select('id')
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow());
});
afterAll(() => t.close());

describe('section 47 enquiries', () => {
  it('records an enquiry started by the strategy discussion, audited and on the journey', async () => {
    const form = await practitioner.get(`/people/${personId}/onward/episodes/${episodeId}/enquiries`);
    expect(form.body).toContain('Strategy discussion of 2 October 2026');
    const saved = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/enquiries`, {
      strategyDiscussion: String(discussionId),
      ...date('startedOn', '2', '10'),
      ...date('icpcTargetOn', '23', '10'),
      ...date('completedOn', '16', '10'),
      outcome: 'icpc',
    });
    expect(saved.statusCode).toBe(303);
    const enquiry = await t.db
      .selectFrom('section_47_enquiry')
      .selectAll()
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    expect(enquiry).toMatchObject({
      strategy_discussion_id: discussionId,
      started_on: '2026-10-02',
      icpc_target_on: '2026-10-23',
      icpc_not_required: false,
      completed_on: '2026-10-16',
      outcome: 'icpc',
    });
    expect(await auditOf('onward.section_47')).toEqual({
      record_id: String(enquiry.id),
      event_class: 'change',
    });
    expect(await journeySteps('section_47_recorded')).toHaveLength(1);
    // The strategy module's own record of the enquiry is left alone.
    const discussion = await t.db
      .selectFrom('strategy_discussion')
      .select(['s47_outcome', 'icpc_held_on'])
      .where('id', '=', discussionId)
      .executeTakeFirstOrThrow();
    expect(discussion).toEqual({ s47_outcome: null, icpc_held_on: null });
  });

  it('refuses a completion before the start, and a second enquiry from the same discussion', async () => {
    const refused = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/enquiries`, {
      strategyDiscussion: '',
      ...date('startedOn', '10', '11'),
      ...date('completedOn', '9', '11'),
      outcome: 'no_further_action',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The completion date must be on or after the date the enquiry started');
    expect(refused.body).toMatch(/id="completedOn-day" name="completedOn-day" type="text"[^>]*value="9"/);
    expect(refused.body).toMatch(/value="no_further_action" checked/);
    const twice = await practitioner.post(`/people/${personId}/onward/episodes/${episodeId}/enquiries`, {
      strategyDiscussion: String(discussionId),
      ...date('startedOn', '10', '11'),
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('That strategy discussion’s section 47 enquiry is already recorded');
    expect(
      await t.db.selectFrom('section_47_enquiry').select('id').where('episode_id', '=', episodeId).execute()
    ).toHaveLength(1);
  });
});

describe('child protection conferences', () => {
  it('records the initial conference of the enquiry and whether it made a plan', async () => {
    const enquiry = await t.db
      .selectFrom('section_47_enquiry')
      .select('id')
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const saved = await practitioner.post(
      `/people/${personId}/onward/episodes/${episodeId}/initial-conferences`,
      { ...date('heldOn', '22', '10'), enquiry: String(enquiry.id), resultedInPlan: 'yes' }
    );
    expect(saved.statusCode).toBe(303);
    const conference = await t.db
      .selectFrom('child_protection_conference')
      .selectAll()
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    expect(conference).toMatchObject({
      kind: 'initial',
      held_on: '2026-10-22',
      section_47_enquiry_id: enquiry.id,
      resulted_in_plan: true,
    });
    expect(await auditOf('onward.conference')).toEqual({
      record_id: String(conference.id),
      event_class: 'change',
    });
    expect(await journeySteps('conference_recorded')).toHaveLength(1);
  });

  it('refuses a conference on a Saturday, keeping what was typed', async () => {
    const refused = await practitioner.post(
      `/people/${personId}/onward/episodes/${episodeId}/initial-conferences`,
      { ...date('heldOn', '14', '11'), enquiry: '', resultedInPlan: 'no' }
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The conference cannot be on a weekend: 14 November 2026 is a Saturday');
    expect(refused.body).toMatch(/id="heldOn-day" name="heldOn-day" type="text"[^>]*value="14"/);
    expect(refused.body).toMatch(/value="no" checked/);
  });

  it('records a review conference of a plan, and refuses one before the plan', async () => {
    const plan = await practitioner.post(
      `/people/${personId}/onward/episodes/${episodeId}/protection-plans`,
      { ...date('startedOn', '22', '10'), initialCategory: 'NEG' }
    );
    expect(plan.statusCode).toBe(303);
    const { id: planId } = await t.db
      .selectFrom('child_protection_plan')
      .select('id')
      .where('episode_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const early = await practitioner.post(
      `/people/${personId}/onward/episodes/${episodeId}/review-conferences`,
      { ...date('heldOn', '21', '10'), plan: String(planId) }
    );
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('A review conference must be after the day the plan started');
    const saved = await practitioner.post(
      `/people/${personId}/onward/episodes/${episodeId}/review-conferences`,
      { ...date('heldOn', '19', '11'), plan: String(planId) }
    );
    expect(saved.statusCode).toBe(303);
    const review = await t.db
      .selectFrom('child_protection_conference')
      .select(['kind', 'child_protection_plan_id', 'resulted_in_plan'])
      .where('episode_id', '=', episodeId)
      .where('kind', '=', 'review')
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ kind: 'review', child_protection_plan_id: planId, resulted_in_plan: null });
    expect(await journeySteps('conference_recorded')).toHaveLength(2);
    const page = await practitioner.get(`/people/${personId}/onward`);
    expect(page.body).toContain('Review child protection conference');
    expect(page.body).toContain('Child made subject to a child protection plan');
  });
});

describe('early help', () => {
  it('records an early help episode with its organisation, audited', async () => {
    const saved = await practitioner.post(`/people/${personId}/onward/early-help`, {
      kind: 'episode',
      ...date('startedOn', '1', '9'),
      ...date('completedOn', '30', '9'),
      organisation: 'Family Hub North',
    });
    expect(saved.statusCode).toBe(303);
    const help = await t.db
      .selectFrom('early_help_record')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(help).toMatchObject({
      kind: 'episode',
      started_on: '2026-09-01',
      completed_on: '2026-09-30',
      organisation: 'Family Hub North',
    });
    expect(await auditOf('onward.early_help')).toEqual({ record_id: String(help.id), event_class: 'change' });
    // Early help is the child's, not a front-door contact's step.
    expect(await journeySteps('early_help_recorded')).toHaveLength(0);
    const changed = await practitioner.post(`/people/${personId}/onward/early-help/${help.id}`, {
      version: String(help.version),
      kind: 'episode',
      ...date('startedOn', '1', '9'),
      organisation: 'Family Hub North',
    });
    expect(changed.statusCode).toBe(303);
    const stale = await practitioner.post(`/people/${personId}/onward/early-help/${help.id}`, {
      version: String(help.version),
      kind: 'episode',
      ...date('startedOn', '2', '9'),
      organisation: 'Family Hub North',
    });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses a completion before the start, keeping what was typed', async () => {
    const refused = await practitioner.post(`/people/${personId}/onward/early-help`, {
      kind: 'assessment',
      ...date('startedOn', '10', '11'),
      ...date('completedOn', '3', '11'),
      organisation: 'Family Hub South',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The completion date must be on or after the start date');
    expect(refused.body).toContain('value="Family Hub South"');
    expect(refused.body).toMatch(/value="assessment" checked/);
  });
});

describe('a partner agency', () => {
  it('is refused the enquiry, conference and early help forms', async () => {
    const partner = await t.signedIn(demoUser('partner_agency_practitioner'));
    const posts = {
      [`/people/${personId}/onward/episodes/${episodeId}/enquiries`]: { ...date('startedOn', '13', '11') },
      [`/people/${personId}/onward/episodes/${episodeId}/initial-conferences`]: {
        ...date('heldOn', '19', '11'),
        resultedInPlan: 'no',
      },
      [`/people/${personId}/onward/early-help`]: {
        kind: 'episode',
        ...date('startedOn', '13', '11'),
        organisation: 'Partner',
      },
    };
    for (const [url, body] of Object.entries(posts)) {
      expect((await partner.get(url)).statusCode).toBe(403);
      expect((await partner.post(url, body)).statusCode).toBe(403);
    }
    const counts = await Promise.all([
      t.db.selectFrom('section_47_enquiry').select('id').where('episode_id', '=', episodeId).execute(),
      t.db
        .selectFrom('child_protection_conference')
        .select('id')
        .where('episode_id', '=', episodeId)
        .execute(),
      t.db.selectFrom('early_help_record').select('id').where('person_id', '=', personId).execute(),
    ]);
    expect(counts.map((rows) => rows.length)).toEqual([1, 2, 1]);
  });
});
