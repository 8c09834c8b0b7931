import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/platform/http/app-deps.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { TEST_NOW } from './test-fixtures.ts';
import { TestAgent } from './test-agent.ts';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase['db'];
  clock: ManualClock;
  /** A new cookie jar: one person at one browser. */
  agent(): TestAgent;
  /** An agent already signed in as this user (demo password; second factor answered if needed). */
  signedIn(username: string): Promise<TestAgent>;
  /**
   * Lets a second-factor code be used again. A code is accepted once (its 30-second step is kept), but
   * tests sign the demo manager in many times at one moment of the test clock: the sign-in helpers call
   * this first, as a real person would wait for their app's next code. Tests of reuse post codes directly.
   */
  allowSecondFactorCodesAgain(): Promise<void>;
  close(): Promise<void>;
}

/** The whole application on a private copy of the seeded test council, with a clock tests can move. */
export async function createTestApp(options: Pick<AppDeps, 'councilLogoFile'> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = new ManualClock(TEST_NOW);
  const app = await buildApp({ db: database.db, clock, ...options });
  const allowSecondFactorCodesAgain = async () => {
    await database.db.updateTable('staff_user').set({ totp_last_step: null }).execute();
  };
  const agent = () => new TestAgent(app, clock, { beforeSecondFactorCode: allowSecondFactorCodesAgain });
  return {
    app,
    db: database.db,
    clock,
    agent,
    allowSecondFactorCodesAgain,
    async signedIn(username) {
      const user = agent();
      await user.signIn(username);
      return user;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
