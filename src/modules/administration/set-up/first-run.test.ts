import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyApp, type EmptyApp } from '../../../../test/support/empty-app.ts';
import { FIRST_RUN_CODE_HOURS, isFirstRunCode, issueFirstRunCode } from './first-run-code.ts';

/* The first-run page on an empty database, and the one-time link through which the administrator chooses a password. */

let t: EmptyApp;
let code: string;

beforeAll(async () => {
  t = await createEmptyApp();
  code = (await issueFirstRunCode(t.db, t.clock.now()))!;
});

afterAll(() => t.close());

const FORM = {
  councilName: 'Eastmere Borough Council',
  laCode: '',
  adminName: 'Sam Admin',
  adminEmail: 'sam.admin@eastmere.example',
};

describe('the first-run page', () => {
  it('is where the home page and sign-in lead while there is no council', async () => {
    const visitor = t.agent();
    const home = await visitor.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/set-up');
    const page = await visitor.get('/set-up');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Set up your council');
  });

  it('refuses a missing or wrong code and bad details, keeping what was typed', async () => {
    const visitor = t.agent();
    const noCode = await visitor.post('/set-up', { ...FORM, adminEmail: 'not an email', code: '' });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.body).toContain('Enter the set-up code from the server&#39;s terminal');
    expect(noCode.body).toContain('Enter an email address in the correct format');
    expect(noCode.body).toContain('value="Eastmere Borough Council"');
    expect(noCode.body).toContain('value="not an email"');
    const wrongCode = await visitor.post('/set-up', { ...FORM, code: 'AAAA-BBBB-CCCC' });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.body).toContain('The set-up code is not right or has expired');
    expect(wrongCode.body).toContain('value="sam.admin@eastmere.example"');
    expect(await t.db.selectFrom('council').select('id').executeTakeFirst()).toBeUndefined();
  });

  it('sets up the council with the code (typed in any case), shows the link once, then is gone', async () => {
    const visitor = t.agent();
    const done = await visitor.post('/set-up', { ...FORM, code: code.toLowerCase().replace(/-/g, ' ') });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Eastmere Borough Council is set up');
    const link = /href="https?:\/\/[^/"]+(\/set-up\/account\?token=[^"]+)"/.exec(done.body)![1]!;
    expect((await visitor.get('/set-up')).headers.location).toBe('/sign-in');
    expect((await visitor.post('/set-up', { ...FORM, code })).headers.location).toBe('/sign-in');

    // The administrator chooses a password through the link; errors keep nothing secret on the page.
    const admin = t.agent();
    const form = await admin.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('sam.admin@eastmere.example');
    const token = /name="token" value="([^"]+)"/.exec(form.body)![1]!;
    const mismatch = await admin.post('/set-up/account', {
      token,
      password: 'a long enough password',
      confirm: 'something else',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The passwords do not match');
    expect(mismatch.body).not.toContain('a long enough password');
    const saved = await admin.post('/set-up/account', {
      token,
      password: 'a long enough password',
      confirm: 'a long enough password',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Your password is saved');

    // The link works once; signing in then asks for a second factor to be set up.
    expect((await admin.get(link)).statusCode).toBe(410);
    const signIn = await admin.post('/sign-in', {
      username: 'sam.admin@eastmere.example',
      password: 'a long enough password',
    });
    expect(signIn.headers.location).toBe('/account/second-factor');
  });

  it('explains a link that does not work', async () => {
    const page = await t.agent().get('/set-up/account?token=nonsense');
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link does not work');
  });
});

describe('the first-run code', () => {
  it('is issued once when several processes start on the empty database together', async () => {
    // Set-up above used the first code; processes starting together afterwards issue one between them.
    const later = new Date(t.clock.now().getTime() + (FIRST_RUN_CODE_HOURS + 1) * 3_600_000);
    const issued = await Promise.all([1, 2, 3].map(() => issueFirstRunCode(t.db, later)));
    const printed = issued.filter((one) => one !== null);
    expect(printed).toHaveLength(1);
    expect(await isFirstRunCode(t.db, printed[0]!, later)).toBe(true);
    expect(await isFirstRunCode(t.db, code, later)).toBe(false);
    // A later start leaves the code another process printed in place.
    expect(await issueFirstRunCode(t.db, later)).toBeNull();
    expect(await isFirstRunCode(t.db, printed[0]!, later)).toBe(true);
  });
});
