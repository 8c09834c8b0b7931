import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/platform/http/app-deps.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { SingleSignOnSettings } from '../../src/platform/auth/single-sign-on.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { startIdentityProvider, type TestIdentityProvider } from './identity-provider.ts';
import { TestAgent } from './test-agent.ts';
import { demoUser } from './demo-users.ts';

export interface SingleSignOnTestApp {
  app: FastifyInstance;
  db: TestDatabase['db'];
  /** Starts at the real time: the provider's tokens are dated by the machine's clock. */
  clock: ManualClock;
  idp: TestIdentityProvider;
  settings: SingleSignOnSettings;
  agent(): TestAgent;
  /** Another app on the same database, configured differently (e.g. a provider that cannot be reached). */
  buildAnother(settings: Partial<SingleSignOnSettings>): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/** Front Door configured for single sign-on with a test identity provider, on a private test database. */
export async function createSingleSignOnApp(redirectUrl: string): Promise<SingleSignOnTestApp> {
  const idp = await startIdentityProvider({ redirectUris: [redirectUrl] });
  const database = await openTestDatabase();
  const clock = new ManualClock(new Date());
  const settings: SingleSignOnSettings = {
    issuer: new URL(idp.issuer),
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    redirectUrl: new URL(redirectUrl),
    providerName: 'Test Council ID',
    trustEmailClaim: false,
  };
  const build = (singleSignOn: SingleSignOnSettings) => {
    const deps: AppDeps = { db: database.db, clock, singleSignOn };
    return buildApp(deps);
  };
  const app = await build(settings);
  const others: FastifyInstance[] = [];
  return {
    app,
    db: database.db,
    clock,
    idp,
    settings,
    agent: () => new TestAgent(app, clock),
    async buildAnother(changes) {
      const other = await build({ ...settings, ...changes });
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await app.close();
      await idp.close();
      await database.close();
    },
  };
}

let staffMade = 0;

/** A synthetic practitioner on the demo practitioner's team, with this email. */
export async function addPractitioner(
  db: TestDatabase['db'],
  email: string,
  options: { active?: boolean } = {}
): Promise<number> {
  const model = await db
    .selectFrom('staff_user')
    .select(['agency_id', 'team_id'])
    .where('username', '=', demoUser('front_door_practitioner'))
    .executeTakeFirstOrThrow();
  const number = ++staffMade;
  const { id } = await db
    .insertInto('staff_user')
    .values({
      username: `sso.practitioner.${number}`,
      display_name: `Sso Practitioner ${number}`,
      email,
      role: 'front_door_practitioner',
      agency_id: model.agency_id,
      team_id: model.team_id,
      active: options.active ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
