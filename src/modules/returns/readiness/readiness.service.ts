import { sql } from 'kysely';
import type { RecordAccess } from '../../../platform/access/record-access.ts';
import type { Db } from '../../../platform/db/database.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { extractCensusWithSources } from '../cin-census/census-extract.ts';
import { censusAsAt, inProgressCensusYear } from '../cin-census/census-years.ts';
import { checkCensus } from '../cin-census/check-census.ts';
import { censusSource } from '../returns.service.ts';
import { childQueue, findingsToFix, type FindingToFix, type QueueChild } from './readiness-findings.ts';

/*
 * Return readiness: the whole CIN census check of the year in progress, run on live data every day (and
 * whenever an analyst asks), stored so each team works through its own list of fixes during the year.
 *
 * A day's run is claimed by inserting its (collection year, London day) row first, in the transaction
 * that then runs the check and stores what it found: a second process inserting the same row waits on
 * the unique key until the first commits (and then does nothing) or rolls back (and then runs it
 * itself), so exactly one run is stored per day however many processes try, at whatever hour.
 */

/** Findings per insert: well under PostgreSQL's 65,535 parameters at nine a row. */
const FINDINGS_PER_INSERT = 1000;

export interface RunTotals {
  year: number;
  children: number;
  errors: number;
  queries: number;
}

/**
 * The daily run: checks the year in progress unless today's run of it is already stored (by another
 * process, or by someone who asked for it); answers the totals when this call ran it.
 */
export async function runDailyReadinessCheck(db: Db, now: Date): Promise<RunTotals | null> {
  const year = inProgressCensusYear(now);
  const runDate = londonDateOf(now);
  const done = await db
    .selectFrom('readiness_run')
    .where('collection_year', '=', year)
    .where('run_date', '=', runDate)
    .select('id')
    .executeTakeFirst();
  if (done) return null;
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('readiness_run')
      .values(newRun(year, runDate, now, null))
      .onConflict((conflict) => conflict.columns(['collection_year', 'run_date']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return claimed ? checkInto(trx, claimed.id, year, now) : null;
  });
}

/** "Run the check now": today's run of the year in progress, replaced by a fresh one. Audited. */
export function runReadinessCheckNow(access: RecordAccess, now: Date): Promise<RunTotals> {
  return access.withPermission(
    'returns:export',
    ({ year, children, errors, queries }) => ({
      action: 'returns.check',
      recordType: 'return',
      details: { return: 'cin_census', year, view: 'readiness_run', rows: children, errors, queries },
    }),
    (db) =>
      db.transaction().execute(async (trx) => {
        const year = inProgressCensusYear(now);
        const run = await trx
          .insertInto('readiness_run')
          .values(newRun(year, londonDateOf(now), now, access.actor.userId))
          .onConflict((conflict) =>
            conflict
              .columns(['collection_year', 'run_date'])
              .doUpdateSet({ run_at: now, ran_by: access.actor.userId })
          )
          .returning('id')
          .executeTakeFirstOrThrow();
        return checkInto(trx, run.id, year, now);
      })
  );
}

function newRun(year: number, runDate: string, now: Date, ranBy: number | null) {
  return {
    collection_year: year,
    run_date: runDate,
    run_at: now,
    ran_by: ranBy,
    children: 0,
    errors: 0,
    queries: 0,
  };
}

/** Runs the check of `year` into the claimed run: its totals are the day's, its findings the only ones kept. */
async function checkInto(trx: Db, runId: number, year: number, now: Date): Promise<RunTotals> {
  const { census, sources } = await extractCensusWithSources(trx, year, await censusSource(trx, now));
  const check = checkCensus(census, { asAt: censusAsAt(year, now) });
  const teams = await teamsHolding(
    trx,
    sources.flatMap((source) => source.episodeIds)
  );
  const findings = findingsToFix(check, sources, teams);
  // Only the latest run keeps its findings (a finished year's are shown nowhere); every day keeps its
  // totals, for the trend.
  await trx.deleteFrom('readiness_finding').execute();
  for (let from = 0; from < findings.length; from += FINDINGS_PER_INSERT) {
    await trx
      .insertInto('readiness_finding')
      .values(findings.slice(from, from + FINDINGS_PER_INSERT).map((finding) => findingRow(runId, finding)))
      .execute();
  }
  const totals = { children: census.Children.length, errors: check.errors, queries: check.queries };
  await trx.updateTable('readiness_run').set(totals).where('id', '=', runId).execute();
  return { year, ...totals };
}

function findingRow(runId: number, finding: FindingToFix) {
  return {
    run_id: runId,
    person_id: finding.personId,
    episode_id: finding.episodeId,
    team_id: finding.teamId,
    code: finding.code,
    severity: finding.severity,
    fields: finding.fields,
    value: finding.value,
    message: finding.message,
  };
}

/**
 * The team holding each episode: the team of the involvement opened for its referral (the open one,
 * else the latest: a child protection plan moves the child to that team), else the team that accepted
 * the handover it came through (a child already open to a team gets no second involvement); none when
 * neither is recorded.
 */
async function teamsHolding(trx: Db, episodeIds: number[]): Promise<Map<number, number | null>> {
  if (episodeIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('cin_episode as e')
    .where('e.id', '=', sql<number>`any(${episodeIds}::int[])`)
    .select((eb) => [
      'e.id',
      eb.fn
        .coalesce(
          eb
            .selectFrom('involvement as i')
            .whereRef('i.referral_id', '=', 'e.referral_id')
            .where('i.team_id', 'is not', null)
            .select('i.team_id')
            .orderBy(sql`i.ended_on is null`, 'desc')
            .orderBy('i.started_on', 'desc')
            .orderBy('i.id', 'desc')
            .limit(1),
          eb
            .selectFrom('handover as h')
            .whereRef('h.contact_child_id', '=', 'e.contact_child_id')
            .where('h.status', '=', 'accepted')
            .select('h.to_team_id')
            .orderBy('h.responded_at', 'desc')
            .orderBy('h.id', 'desc')
            .limit(1)
        )
        .as('team_id'),
    ])
    .execute();
  return new Map(rows.map((row) => [row.id, row.team_id]));
}

/** The latest stored run of a collection year, with who asked for it (none: the daily job). */
function latestRun(db: Db, year: number) {
  return db
    .selectFrom('readiness_run as r')
    .leftJoin('staff_user as u', 'u.id', 'r.ran_by')
    .where('r.collection_year', '=', year)
    .select(['r.id', 'r.run_at', 'r.children', 'r.errors', 'r.queries', 'u.display_name as ran_by_name'])
    .orderBy('r.run_date', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const ERRORS = sql<number>`(count(*) filter (where f.severity = 'error'))::int`;
const QUERIES = sql<number>`(count(*) filter (where f.severity = 'query'))::int`;

/**
 * The analysts' page: the latest run of the year in progress, its errors and queries per team (and
 * those no team holds), the findings about the return as a whole, and every day's totals this year.
 * Figures only, no child: audited as a look at the check.
 */
export function readinessOverview(access: RecordAccess, now: Date) {
  const year = inProgressCensusYear(now);
  return access.withPermission(
    'returns:export',
    {
      action: 'returns.check',
      recordType: 'return',
      details: { return: 'cin_census', year, view: 'readiness' },
    },
    async (db) => {
      const days = await db
        .selectFrom('readiness_run')
        .where('collection_year', '=', year)
        .select(['run_date', 'children', 'errors', 'queries'])
        .orderBy('run_date')
        .execute();
      const latest = await latestRun(db, year);
      if (!latest) return { year, latest, days, teams: [], returnFindings: [] };
      const [teams, returnFindings] = await Promise.all([
        db
          .selectFrom('readiness_finding as f')
          .leftJoin('team as t', 't.id', 'f.team_id')
          .where('f.run_id', '=', latest.id)
          .where('f.person_id', 'is not', null)
          .groupBy(['f.team_id', 't.name'])
          .select([
            'f.team_id',
            't.name',
            ERRORS.as('errors'),
            QUERIES.as('queries'),
            sql<number>`count(distinct f.person_id)::int`.as('children'),
          ])
          .orderBy(sql`f.team_id is null`)
          .orderBy('errors', 'desc')
          .orderBy('queries', 'desc')
          .orderBy('t.name')
          .execute(),
        db
          .selectFrom('readiness_finding')
          .where('run_id', '=', latest.id)
          .where('person_id', 'is', null)
          .select(['code', 'severity', 'fields', 'value', 'message'])
          .orderBy(sql`severity = 'query'`)
          .orderBy('id')
          .execute(),
      ]);
      return { year, latest, days, teams, returnFindings };
    }
  );
}

export interface TeamQueue {
  year: number;
  latest: Awaited<ReturnType<typeof latestRun>>;
  team: { name: string } | undefined;
  children: QueueChild[];
  /** Children on the list whose restricted records the actor may not open: counted, never named. */
  withheld: number;
}

/**
 * A team's list of fixes: the children whose episodes it holds in the latest run of the year in
 * progress, each finding with where it is fixed. Read as a list of people (RecordAccess.listPeople):
 * a restricted child the actor may not open is left out and counted, and the children shown are audited.
 */
export async function teamFixQueue(access: RecordAccess, db: Db, now: Date): Promise<TeamQueue> {
  const year = inProgressCensusYear(now);
  const teamId = access.actor.teamId;
  const [latest, team] = await Promise.all([
    latestRun(db, year),
    teamId === null
      ? undefined
      : db.selectFrom('team').where('id', '=', teamId).select('name').executeTakeFirst(),
  ]);
  const findings =
    latest && teamId !== null
      ? await db
          .selectFrom('readiness_finding')
          .where('run_id', '=', latest.id)
          .where('team_id', '=', teamId)
          .where('person_id', 'is not', null)
          .select([
            sql<number>`person_id`.as('personId'),
            'episode_id as episodeId',
            'code',
            'severity',
            'fields',
            'value',
            'message',
          ])
          .orderBy('id')
          .execute()
      : [];
  const onList = [...new Set(findings.map((finding) => finding.personId))].map((personId) => ({ personId }));
  const { shown, withheld } = await access.listPeople(
    'onward:record',
    { queue: 'census_readiness', year, teamId },
    onList
  );
  const names = new Map(shown.map((child) => [child.personId, `${child.givenName} ${child.familyName}`]));
  const children = childQueue(
    findings.flatMap((finding) => {
      const name = names.get(finding.personId);
      return name === undefined ? [] : [{ ...finding, name }];
    })
  );
  return { year, latest, team, children, withheld };
}
