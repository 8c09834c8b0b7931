import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmptyDatabase, type EmptyDatabase } from '../../test/support/empty-app.ts';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { TEST_NOW } from '../../test/support/test-fixtures.ts';
import { councilSettings } from '../platform/council/council-settings.ts';
import { CommandFailed, UsageError } from './data-protection-commands.ts';
import { initCommand } from './init-command.ts';

/* `frontdoor init`: an empty database gets the council and a first administrator's set-up link; any other is refused. */

let empty: EmptyDatabase;
let demo: TestDatabase;

beforeAll(async () => {
  empty = await openEmptyDatabase();
  demo = await openTestDatabase();
});

afterAll(async () => {
  await empty.close();
  await demo.close();
});

const ARGS = [
  '--council',
  'Westshire Council',
  '--admin-email',
  'Ada.Admin@westshire.example',
  '--la-code',
  '201',
];

function run(database: { db: EmptyDatabase['db']; pool: EmptyDatabase['pool'] }, args = ARGS) {
  const printed: string[] = [];
  const done = initCommand(args, (work) => work(database.db, database.pool), {
    now: () => TEST_NOW,
    print: (line) => printed.push(line),
  });
  return { printed, done };
}

describe('frontdoor init', () => {
  it('sets up an empty database: the council with national defaults and an administrator with a set-up link', async () => {
    const { printed, done } = run(empty);
    await done;
    const council = await empty.db.selectFrom('council').selectAll().executeTakeFirstOrThrow();
    expect(council).toMatchObject({ name: 'Westshire Council', la_code: '201' });
    const settings = await councilSettings(empty.db);
    expect(settings.ragTimescales).toEqual({
      red: { unit: 'hours', amount: 4 },
      amber: { unit: 'working_days', amount: 1 },
      green: { unit: 'working_days', amount: 3 },
    });
    expect(settings.decisionTimescale).toEqual({ unit: 'working_days', amount: 1 });
    expect(settings.serviceHours).toEqual({ weekdays: [1, 2, 3, 4, 5], opens: '08:00', closes: '20:00' });
    expect(settings.secondFactorRequiredRoles).toContain('administrator');
    const admin = await empty.db.selectFrom('staff_user').selectAll().executeTakeFirstOrThrow();
    expect(admin).toMatchObject({
      username: 'ada.admin@westshire.example',
      role: 'administrator',
      password_hash: null,
      totp_enabled: false,
      is_demo: false,
    });
    const agency = await empty.db.selectFrom('agency').selectAll().executeTakeFirstOrThrow();
    expect(agency).toMatchObject({ name: 'Westshire Council', kind: 'council' });
    const teams = await empty.db.selectFrom('team').select('kind').execute();
    expect(teams.map((team) => team.kind).sort()).toEqual(['administration', 'front_door']);
    const continuum = await empty.db.selectFrom('threshold_document').selectAll().executeTakeFirstOrThrow();
    expect(continuum.title).toBe('Westshire Council continuum of need');
    const levels = await empty.db.selectFrom('threshold_level').select('level').execute();
    expect(levels).toHaveLength(4);
    const outcomes = await empty.db.selectFrom('outcome_option').select('code').execute();
    expect(outcomes.length).toBeGreaterThan(0);
    // The link is printed once and only its hash is stored.
    const link = printed.find((line) => line.includes('/set-up/account?token='))!;
    const token = /token=([A-Za-z0-9_-]+)/.exec(link)![1]!;
    const stored = await empty.db.selectFrom('staff_set_up_link').selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.expires_at.getTime()).toBeGreaterThan(TEST_NOW.getTime());
    const audit = await empty.db
      .selectFrom('audit_event')
      .where('action', '=', 'council.initialise')
      .select('details')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ councilName: 'Westshire Council' });
  });

  it('refuses a database that already has a council, changing nothing', async () => {
    const staffBefore = await demo.db.selectFrom('staff_user').select('id').execute();
    const { done } = run({ db: demo.db, pool: demo.pool });
    await expect(done).rejects.toThrow(CommandFailed);
    await expect(done).rejects.toThrow(/already has a council \(.+\), so nothing was changed/);
    expect(await demo.db.selectFrom('staff_user').select('id').execute()).toHaveLength(staffBefore.length);
    // And running it twice on the same database is refused the second time.
    await expect(run(empty).done).rejects.toThrow(CommandFailed);
  });

  it('says what is missing or wrong before touching the database', async () => {
    await expect(run(empty, ['--council', 'Westshire Council']).done).rejects.toThrow(UsageError);
    await expect(run(empty, [...ARGS.slice(0, 2), '--admin-email', 'not-an-email']).done).rejects.toThrow(
      /Enter an email address in the correct format/
    );
    await expect(run(empty, [...ARGS.slice(0, 4), '--la-code', '20A']).done).rejects.toThrow(
      /3 digits the DfE gives the council/
    );
  });
});
