import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { calendarOf, councilSettings } from '../../src/platform/council/council-settings.ts';
import { totpCodeAt } from '../../src/platform/auth/totp.ts';
import { dueAt } from '../../src/shared/working-time.ts';
import { formatUk, UK_FORMATS } from '../../src/shared/uk-time.ts';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  freePort,
  launchChromium,
  watchForPageErrors,
} from '../support/browser.ts';
import { startIdentityProvider, type TestIdentityProvider } from '../support/identity-provider.ts';
import { createBlankDatabase, runFrontdoor, type BlankDatabase } from '../support/frontdoor-cli.ts';

/*
 * Issue 18's "done when": a council goes live from an empty database. `frontdoor init` (the CLI, in its own
 * process), the administrator's first sign-in with a password and a second factor, a team, a practitioner
 * and a manager, a longer amber timescale; then the practitioner signs in through the council's identity
 * provider and records a contact whose amber due time follows the new timescale.
 */

const PASSWORD = 'westshire front door 2026';
const PRACTITIONER = { name: 'Priya Practitioner', email: 'Priya.Practitioner@westshire.example' };
const MANAGER = { name: 'Morgan Manager', email: 'morgan.manager@westshire.example' };
const TEAM = 'Front Door North';

describeInBrowser('going live from an empty database', () => {
  let database: BlankDatabase;
  let idp: TestIdentityProvider;
  let app: FastifyInstance;
  let db: Db;
  let browser: Browser;
  let baseUrl: string;
  let initOutput: string;
  // The identity provider dates its tokens by the machine's clock, so the app's starts there too.
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({ redirectUris: [`${baseUrl}/sign-in/oidc/callback`] });
    database = await createBlankDatabase();
    initOutput = await runFrontdoor(
      [
        'init',
        '--council',
        'Westshire Council',
        '--admin-email',
        'Ada.Admin@westshire.example',
        '--admin-name',
        'Ada Admin',
        '--url',
        baseUrl,
      ],
      database.env
    );
    ({ db } = await database.open());
    app = await buildApp({
      db,
      clock,
      singleSignOn: {
        issuer: new URL(idp.issuer),
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        redirectUrl: new URL(`${baseUrl}/sign-in/oidc/callback`),
        providerName: 'Westshire ID',
        trustEmailClaim: false,
      },
    });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
    // The CLI compiles its sources as it loads and migrates the whole schema: slow on a busy machine.
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await idp?.close();
    await database?.close();
  });

  async function choose(page: Page, label: string, option: string) {
    await page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  /** The administrator's first sign-in: the password chosen through init's link, then a second factor. */
  async function administratorSignsInForTheFirstTime(page: Page): Promise<void> {
    const link = /^\s*(http\S+\/set-up\/account\?token=\S+)$/m.exec(initOutput)?.[1];
    const username = /signs in as (\S+), after/.exec(initOutput)?.[1];
    expect(link, initOutput).toBeDefined();
    await page.goto(link!);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('heading', { name: 'Your password is saved' }).waitFor();
    await page.getByRole('link', { name: 'Go to sign in' }).click();

    await page.getByLabel('Username').fill(username!);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${baseUrl}/account/second-factor`);
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    await page.getByLabel('Security code').fill(totpCodeAt(secret, clock.now()));
    await page.getByRole('button', { name: 'Turn on second factor' }).click();
    await page.waitForURL(`${baseUrl}/`);
  }

  async function createTeam(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('link', { name: 'Teams and localities' }).click();
    await page.getByLabel('New locality').fill('North Westshire');
    await page.getByRole('button', { name: 'Add locality' }).click();
    await page.getByText('Locality added.').waitFor();
    await page.getByLabel('Team name').fill(TEAM);
    await choose(page, 'Kind of team', 'Front door (MASH)');
    await choose(page, 'Agency', 'Westshire Council');
    await choose(page, 'Locality', 'North Westshire');
    await page.getByRole('button', { name: 'Add team' }).click();
    await page.getByText('Team saved.').waitFor();
  }

  async function inviteStaff(page: Page, person: { name: string; email: string }, role: string) {
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('link', { name: 'Staff accounts' }).click();
    await page.getByRole('button', { name: 'Invite a member of staff' }).click();
    await page.getByLabel('Full name').fill(person.name);
    await page.getByLabel('Email address').fill(person.email);
    await choose(page, 'Role', role);
    await choose(page, 'Agency', 'Westshire Council');
    await choose(page, 'Team', `${TEAM} (Westshire Council)`);
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText(`${person.name} is invited`).waitFor();
  }

  async function lengthenAmber(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('link', { name: 'RAG and decision timescales' }).click();
    expect(await page.locator('main').textContent()).toContain('Amber: 1 working day');
    await page.getByLabel('Amber timescale').fill('2');
    await page.getByRole('button', { name: 'Save timescales' }).click();
    await page.getByText('New timescales saved.').waitFor();
    expect(await page.locator('main').textContent()).toContain('Amber: 2 working days');
  }

  async function practitionerSignsInThroughTheProvider(page: Page): Promise<void> {
    // The provider's email differs in case from the one the administrator typed: matched all the same.
    idp.accounts.set('priya', { email: PRACTITIONER.email.toUpperCase() });
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with Westshire ID' }).click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill('priya');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${baseUrl}/`);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain(PRACTITIONER.name);
  }

  /** Records a contact about one new child and rates the child amber; answers the child's contact id. */
  async function recordAmberContact(page: Page): Promise<number> {
    await page.goto(`${baseUrl}/contacts`);
    await page.getByRole('button', { name: 'Record a contact' }).click();
    await page.waitForURL(`${baseUrl}/contacts/new`);
    await page.locator('#child-0-givenName').fill('Tamsin');
    await page.locator('#child-0-familyName').fill('Oakridge-Vell');
    await page
      .locator('#presentingConcerns')
      .fill('School reports Tamsin has come in hungry and tired most days this half term.');
    await page.getByLabel('Phone', { exact: true }).check();
    await page.getByLabel('Referral source').selectOption('1B');
    await page.getByLabel('Yes, consent was sought and given').check();
    await page
      .getByRole('group', { name: 'Does the family know about this contact?' })
      .getByLabel('Yes')
      .check();
    await page.getByRole('button', { name: 'Record contact' }).first().click();
    await page.waitForURL(/\/contacts\/\d+\?recorded=1$/);

    await page.getByTestId('next-screen').first().click();
    await page.waitForURL(/\/screening\/\d+$/);
    const contactChildId = Number(/\/screening\/(\d+)$/.exec(page.url())![1]);
    expect(await page.locator('#rating-rag-hint').textContent()).toContain('Amber: 2 working days');
    await page.getByLabel('Amber', { exact: true }).check();
    await page
      .getByLabel('Why this rating')
      .fill('Neglect concerns from school, no immediate risk: needs a response within the amber time.');
    await page.getByRole('button', { name: 'Save rating' }).click();
    await page.locator('#rating-status').getByText('Amber').waitFor();
    return contactChildId;
  }

  it(
    'init, the administrator’s first sign-in, a team, staff and a new amber timescale; the practitioner signs in through the provider and records an amber contact due by the new timescale',
    { timeout: 240_000 },
    async () => {
      const admin = await browser.newPage();
      const adminProblems = watchForPageErrors(admin);
      await administratorSignsInForTheFirstTime(admin);
      await createTeam(admin);
      await inviteStaff(admin, PRACTITIONER, 'Front door practitioner');
      await inviteStaff(admin, MANAGER, 'Team manager');
      await admin.goto(`${baseUrl}/admin/staff`);
      expect(await admin.locator('table').textContent()).toMatch(
        new RegExp(`${PRACTITIONER.name}[\\s\\S]*${TEAM}`)
      );
      await lengthenAmber(admin);
      await admin.getByRole('button', { name: 'Sign out' }).click();
      await admin.waitForURL(`${baseUrl}/sign-in**`);
      expect(adminProblems).toEqual([]);
      await admin.close();

      // The practitioner starts work after the change: a contact received now falls under the new timescale.
      clock.advanceMinutes(5);
      const practitioner = await browser.newPage();
      const problems = watchForPageErrors(practitioner);
      await practitionerSignsInThroughTheProvider(practitioner);
      const contactChildId = await recordAmberContact(practitioner);

      const child = await db
        .selectFrom('contact_child')
        .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
        .innerJoin('staff_user', 'staff_user.id', 'contact.recorded_by')
        .select(['contact_child.rag', 'contact_child.rag_due_at', 'contact.received_at', 'staff_user.email'])
        .where('contact_child.id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      const settings = await councilSettings(db);
      const changedAt = new Date(settings.timescaleHistory!.at(-1)!.until);
      expect(child.received_at.getTime()).toBeGreaterThanOrEqual(changedAt.getTime());
      const calendar = calendarOf(settings);
      const twoWorkingDays = dueAt(child.received_at, { unit: 'working_days', amount: 2 }, calendar);
      const oneWorkingDay = dueAt(child.received_at, { unit: 'working_days', amount: 1 }, calendar);
      expect(twoWorkingDays.getTime()).toBeGreaterThan(oneWorkingDay.getTime());
      expect(child).toMatchObject({ rag: 'amber', rag_due_at: twoWorkingDays });
      expect(child.email).toBe(PRACTITIONER.email.toLowerCase());

      const ragDue = practitioner.locator('.govuk-summary-list__row', { hasText: 'RAG due' });
      expect(await ragDue.textContent()).toContain(formatUk(twoWorkingDays, UK_FORMATS.short));
      await expectNoAccessibilityViolations(practitioner);
      expect(problems).toEqual([]);
      await practitioner.close();
    }
  );
});
