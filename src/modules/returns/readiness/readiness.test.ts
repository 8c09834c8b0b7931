import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';
import type { Db } from '../../../platform/db/database.ts';
import { startReadinessCheck } from './readiness-job.ts';
import { runDailyReadinessCheck } from './readiness.service.ts';

/*
 * Return readiness on the test council, on PGlite or PostgreSQL: the daily run of the 2026-27 census (in
 * progress on TEST_NOW, Friday 20 November 2026) with the team that fixes each finding, the analysts'
 * page with "Run the check now", and the receiving team's list of fixes. A child of the demo
 * `assessment` worker's team is given two faults: no ethnicity (about the child) and no primary need
 * on their open episode (inside it).
 */

let t: TestApp;
let analyst: TestAgent;
let worker: TestAgent;
let teamId: number;
let child: { personId: number; episodeId: number; name: string };

async function teamOf(db: Db, username: string): Promise<number> {
  const user = await db
    .selectFrom('staff_user')
    .where('username', '=', username)
    .select('team_id')
    .executeTakeFirstOrThrow();
  return user.team_id!;
}

/** An open further-action episode the team alone holds, the child's latest, of an unrestricted child. */
async function openEpisodeHeldBy(db: Db, team: number) {
  return db
    .selectFrom('cin_episode as e')
    .innerJoin('person as p', 'p.id', 'e.person_id')
    .innerJoin('involvement as i', 'i.referral_id', 'e.referral_id')
    .where('i.team_id', '=', team)
    .where('i.ended_on', 'is', null)
    .where('e.closure_date', 'is', null)
    .where('e.referral_nfa', '=', false)
    .where('p.restricted', '=', false)
    .where('p.merged_into_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('involvement as other')
            .whereRef('other.referral_id', '=', 'e.referral_id')
            .where('other.team_id', '<>', team)
            .select('other.id')
        )
      )
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cin_episode as later')
            .whereRef('later.person_id', '=', 'e.person_id')
            .whereRef('later.referral_date', '>', 'e.referral_date')
            .select('later.id')
        )
      )
    )
    .select(['e.id as episodeId', 'e.person_id as personId', 'p.given_name', 'p.family_name'])
    .orderBy('e.id')
    .executeTakeFirstOrThrow();
}

function runsOf(year: number) {
  return t.db
    .selectFrom('readiness_run')
    .where('collection_year', '=', year)
    .select(['id', 'run_date', 'ran_by', 'children', 'errors', 'queries'])
    .orderBy('run_date')
    .execute();
}

function findingsOf(personId: number) {
  return t.db
    .selectFrom('readiness_finding')
    .where('person_id', '=', personId)
    .select(['run_id', 'episode_id', 'team_id', 'code', 'severity', 'fields', 'value'])
    .orderBy('code')
    .execute();
}

async function staffId(username: string): Promise<number> {
  const user = await t.db
    .selectFrom('staff_user')
    .where('username', '=', username)
    .select('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function lastAudit(action: string) {
  return t.db
    .selectFrom('audit_event')
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .select(['actor_user_id', 'details'])
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  teamId = await teamOf(t.db, 'assessment');
  const found = await openEpisodeHeldBy(t.db, teamId);
  child = {
    personId: found.personId,
    episodeId: found.episodeId,
    name: `${found.given_name} ${found.family_name}`,
  };
  await t.db.updateTable('person').set({ ethnicity: null }).where('id', '=', child.personId).execute();
  await t.db
    .updateTable('cin_episode')
    .set({ primary_need_code: null })
    .where('id', '=', child.episodeId)
    .execute();
});

afterAll(() => t.close());

describe('the daily run', () => {
  it('checks the year in progress as at today, giving each finding to the team that fixes it', async () => {
    const totals = await runDailyReadinessCheck(t.db, t.clock.now());
    expect(totals).toMatchObject({ year: 2027 });
    expect(totals!.errors).toBeGreaterThanOrEqual(2);
    const [run] = await runsOf(2027);
    expect(run).toMatchObject({ run_date: '2026-11-20', ran_by: null, errors: totals!.errors });
    expect(await findingsOf(child.personId)).toEqual([
      {
        run_id: run!.id,
        episode_id: null,
        team_id: teamId,
        code: '4220',
        severity: 'error',
        fields: ['Ethnicity'],
        value: null,
      },
      {
        run_id: run!.id,
        episode_id: child.episodeId,
        team_id: teamId,
        code: '8610',
        severity: 'error',
        fields: ['PrimaryNeedCode', 'ReferralNFA'],
        value: null,
      },
    ]);
  });

  it('does not query an assessment still open today as if it had to be done by 31 March', async () => {
    const starts = await t.db
      .selectFrom('readiness_finding')
      .where('code', '=', '8670Q')
      .select('value')
      .execute();
    // 45 working days before Friday 20 November 2026 is Friday 18 September. Judged as at 31 March 2027,
    // every assessment open today would be queried; the test council has a few that are late today.
    expect(starts.length).toBeGreaterThan(0);
    for (const { value } of starts) expect(value! < '2026-09-18', value!).toBe(true);
  });

  it('runs once a London day, however often it is asked, and keeps each day’s totals', async () => {
    expect(await runDailyReadinessCheck(t.db, t.clock.now())).toBeNull();
    // 23:30 in November is still the 20th in London.
    expect(await runDailyReadinessCheck(t.db, new Date('2026-11-20T23:30:00Z'))).toBeNull();
    expect(await runsOf(2027)).toHaveLength(1);

    t.clock.set(new Date('2026-11-21T00:30:00Z'));
    expect(await runDailyReadinessCheck(t.db, t.clock.now())).not.toBeNull();
    const runs = await runsOf(2027);
    expect(runs.map((run) => run.run_date)).toEqual(['2026-11-20', '2026-11-21']);
    // Only the latest run keeps its findings.
    expect(new Set((await findingsOf(child.personId)).map((row) => row.run_id))).toEqual(
      new Set([runs[1]!.id])
    );
  });

  it('counts the day in London in summer time too: 00:30 on 1 June is 1 June’s run', async () => {
    expect(await runDailyReadinessCheck(t.db, new Date('2026-05-31T23:30:00Z'))).not.toBeNull();
    expect((await runsOf(2027)).map((run) => run.run_date)).toContain('2026-06-01');
    await t.db.deleteFrom('readiness_run').where('run_date', '=', '2026-06-01').execute();
  });
});

describe('the background job', () => {
  it('runs at once, stops cleanly once its run is done, and logs totals only', async () => {
    t.clock.set(new Date('2026-11-22T09:00:00Z'));
    const logged: { details: object; message: string }[] = [];
    const stop = startReadinessCheck({
      db: t.db,
      clock: t.clock,
      intervalMs: 60_000,
      logger: {
        info: (details, message) => logged.push({ details, message }),
        error: (details, message) => logged.push({ details, message }),
      },
    });
    await stop();
    expect((await runsOf(2027)).map((run) => run.run_date)).toContain('2026-11-22');
    expect(logged).toEqual([
      {
        details: {
          year: 2027,
          children: expect.any(Number),
          errors: expect.any(Number),
          queries: expect.any(Number),
        },
        message: 'return readiness check ran',
      },
    ]);
  });
});

describe('the analysts’ page', () => {
  // Signed in once the daily runs above have moved the clock on (a session expires when left idle).
  beforeAll(async () => {
    analyst = await t.signedIn(demoUser('performance_analyst'));
    worker = await t.signedIn('assessment');
  });

  it('shows the latest run, each team’s errors and queries, and the errors day by day', async () => {
    const response = await analyst.get('/returns/readiness');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('Return readiness: the 2026 to 2027 census');
    expect(body).toContain('by the daily check');
    const team = await t.db
      .selectFrom('team')
      .where('id', '=', teamId)
      .select('name')
      .executeTakeFirstOrThrow();
    const teamRow = body.match(
      new RegExp(
        `<th scope="row" class="govuk-table__header">${escapeRegExp(team.name)}</th>([\\s\\S]*?)</tr>`
      )
    );
    expect(teamRow, 'the team’s row').not.toBeNull();
    const [children, errors] = [...teamRow![1]!.matchAll(/numeric">(\d+)</g)].map((match) =>
      Number(match[1])
    );
    expect(children).toBeGreaterThanOrEqual(1);
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(body).toContain('<svg viewBox="0 0 600 120"');
    expect(body).toContain('20 November 2026');
    expect(body).toContain('22 November 2026');
    expect((await lastAudit('returns.check')).details).toMatchObject({ year: 2027, view: 'readiness' });
  });

  it('runs the check now on request, replacing the day’s run, and audits it', async () => {
    const before = await runsOf(2027);
    const response = await analyst.post('/returns/readiness/run', {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/returns/readiness?ran=1');
    const after = await runsOf(2027);
    expect(after).toHaveLength(before.length);
    const analystId = await staffId(demoUser('performance_analyst'));
    expect(after.at(-1)).toMatchObject({ run_date: '2026-11-22', ran_by: analystId });
    const audited = await lastAudit('returns.check');
    expect(audited).toMatchObject({
      actor_user_id: analystId,
      details: { view: 'readiness_run', year: 2027 },
    });
    const page = await analyst.get('/returns/readiness?ran=1');
    expect(page.body).toContain('The check has run:');
    const { display_name } = await t.db
      .selectFrom('staff_user')
      .where('id', '=', analystId)
      .select('display_name')
      .executeTakeFirstOrThrow();
    expect(page.body).toContain(`by ${display_name}:`);
  });

  it('refuses "Run the check now" without the form’s token', async () => {
    const response = await analyst.postRaw('/returns/readiness/run', {});
    expect(response.statusCode).toBe(403);
  });
});

describe('the team’s list of fixes', () => {
  it('lists the team’s children with what to fix and where, and audits the children shown', async () => {
    const response = await worker.get('/returns/readiness/team');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain(child.name);
    expect(body).toContain(`href="/people/${child.personId}/onward/characteristics"`);
    expect(body).toContain(`href="/people/${child.personId}/onward#episode-${child.episodeId}"`);
    expect(body).toMatch(/4220[\s\S]*Ethnicity/);
    const audited = await lastAudit('person.list');
    expect(audited.details).toMatchObject({
      criteria: { queue: 'census_readiness', year: 2027, teamId },
      page: '/returns/readiness/team',
    });
    expect(audited.details.personIds).toContain(child.personId);
  });

  it('puts the list on the child’s "who has looked at this record"', async () => {
    const admin = await t.signedIn(demoUser('administrator'));
    const log = await admin.get(`/people/${child.personId}/access-log`);
    expect(log.body).toContain('person.list');
    expect(log.body).toContain('/returns/readiness/team');
  });

  it('leaves out a restricted child the worker may not open, saying only that one is withheld', async () => {
    await t.db.updateTable('person').set({ restricted: true }).where('id', '=', child.personId).execute();
    const hidden = await worker.get('/returns/readiness/team');
    expect(hidden.body).not.toContain(child.name);
    expect(hidden.body).not.toContain(`/people/${child.personId}/`);
    expect(hidden.body).toMatch(/more child[^<]*restricted/);
    const workerId = await staffId('assessment');
    await t.db
      .insertInto('record_access_grant')
      .values({ person_id: child.personId, user_id: workerId, granted_by: null, reason: 'Allocated worker' })
      .execute();
    expect((await worker.get('/returns/readiness/team')).body).toContain(child.name);
  });
});

describe('the check page', () => {
  it('names each child the analyst may open, with a link to the record, and audits every child shown', async () => {
    const response = await analyst.get('/returns/cin-census/2027/check');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('checked as at today, 22 November 2026');
    // The child is restricted now (previous test) and the analyst holds no grant: no name, no link.
    expect(response.body).toContain(`Child ${child.personId}: a restricted record`);
    expect(response.body).not.toContain(child.name);
    expect(response.body).not.toContain(`href="/people/${child.personId}"`);
    expect(response.body).toMatch(/<a class="govuk-link" href="\/people\/\d+">[^<]+<\/a> \(child \d+\)/);
    const audited = await lastAudit('returns.check');
    expect(audited.details).toMatchObject({ year: 2027, page: '/returns/cin-census/:year/check' });
    expect(audited.details.personIds).toContain(child.personId);
  });

  it('names the child once the analyst holds a grant', async () => {
    const analystId = await staffId(demoUser('performance_analyst'));
    await t.db
      .insertInto('record_access_grant')
      .values({ person_id: child.personId, user_id: analystId, granted_by: null, reason: 'Census work' })
      .execute();
    const response = await analyst.get('/returns/cin-census/2027/check');
    expect(response.body).toContain(
      `<a class="govuk-link" href="/people/${child.personId}">${child.name}</a>`
    );
  });
});

describe('who may see readiness', () => {
  it('keeps the analysts’ page from practitioners and the team list from analysts', async () => {
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    expect((await practitioner.get('/returns/readiness')).statusCode).toBe(403);
    expect((await practitioner.get('/returns/readiness/team')).statusCode).toBe(200);
    expect((await analyst.get('/returns/readiness/team')).statusCode).toBe(403);
    expect((await worker.post('/returns/readiness/run', {})).statusCode).toBe(403);
  });
});
