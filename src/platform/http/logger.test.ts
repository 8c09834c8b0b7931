import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { TestAgent } from '../../../test/support/test-agent.ts';
import { ManualClock } from '../clock.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { loggerOptions } from './logger.ts';

let database: TestDatabase;
const lines: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('logs', () => {
  it('never contain the names, dates of birth or NHS numbers searched for, nor passwords or cookies', async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions('info') as object;
    const app = await buildApp({
      db: database.db,
      clock: new ManualClock(TEST_NOW),
      logger: { ...options, stream },
    });
    const agent = new TestAgent(app, new ManualClock(TEST_NOW));
    await agent.signIn(demoUser('front_door_practitioner'));
    await agent.get(
      '/people?givenName=Zebedee&familyName=Oyelaran-Whitfield&dateOfBirth-day=27&dateOfBirth-month=3&dateOfBirth-year=2015&nhsNumber=9434765919'
    );
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/people');
    for (const secret of ['Zebedee', 'Oyelaran', '2015', '9434765919', 'frontdoor-demo', 'fd_session=']) {
      expect(log).not.toContain(secret);
    }
  });
});
