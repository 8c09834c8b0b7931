import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { TestAgent } from '../../../test/support/test-agent.ts';
import { ManualClock } from '../clock.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { demoUser } from '../../../test/support/demo-users.ts';
import { loggerOptions } from './logger.ts';
import { captureLog } from '../../../test/support/log-capture.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('logs', () => {
  it('never contain the names, dates of birth or NHS numbers searched for, nor passwords or cookies', async () => {
    const { stream, text } = captureLog();
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
    const log = text();
    expect(log).toContain('/people');
    for (const secret of ['Zebedee', 'Oyelaran', '2015', '9434765919', 'frontdoor-demo', 'fd_session=']) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('logged errors', () => {
  it('keep the database error code and names of tables, never the values quoted', async () => {
    const { redactError, redactMessage } = await import('./logger.ts');
    expect(redactMessage('invalid input syntax for type integer: "Zebedee"')).toBe(
      'invalid input syntax for type integer: "[redacted]"'
    );
    expect(
      redactMessage(
        'insert or update on table "contact_child" violates foreign key constraint "contact_child_team_id_fkey"'
      )
    ).toBe(
      'insert or update on table "contact_child" violates foreign key constraint "contact_child_team_id_fkey"'
    );
    const error = Object.assign(new Error('invalid input syntax for type json'), {
      severity: 'ERROR',
      code: '22P02',
      detail: 'Token "Zebedee" is invalid.',
      where: 'JSON data, line 1: {"givenName":"Zebedee","phone":"01632 960999"',
      hint: 'Zebedee',
      internalQuery: "select 'Zebedee'",
      table: 'contact',
    });
    const logged = JSON.stringify(redactError(error));
    expect(logged).not.toContain('Zebedee');
    expect(logged).not.toContain('960999');
    expect(logged).toContain('"errorCode":"22P02"');
    expect(logged).toContain('"table":"contact"');
  });
});
