import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  launchChromium,
  listen,
  watchForPageErrors,
} from '../support/browser.ts';
import { createEmptyApp, type EmptyApp } from '../support/empty-app.ts';
import { initCommand } from '../../src/cli/init-command.ts';
import { totpCodeAt } from '../../src/platform/auth/totp.ts';
import { councilSettings } from '../../src/platform/council/council-settings.ts';

/*
 * Issue 18, from an empty database: `frontdoor init`, the administrator follows the set-up link, chooses
 * a password, signs in and sets up a second factor, creates a team, a practitioner and a manager, and
 * changes the amber timescale. (Signing in through the council's identity provider is tested apart.)
 */

describeInBrowser('setting up a council from an empty database', () => {
  let t: EmptyApp;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createEmptyApp();
    baseUrl = await listen(t.app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function choose(page: Page, label: string, option: string) {
    await page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  it(
    'init, first sign-in with a second factor, a team, two staff and a new amber timescale',
    { timeout: 120_000 },
    async () => {
      // Before set-up, the home page leads to the first-run page, whose errors are accessible too.
      const firstRun = await browser.newPage();
      const firstRunProblems = watchForPageErrors(firstRun);
      await firstRun.goto(baseUrl);
      await firstRun.waitForURL(`${baseUrl}/set-up`);
      await expectNoAccessibilityViolations(firstRun);
      await firstRun.getByLabel('Council name').fill('Westshire Council');
      await firstRun.getByRole('button', { name: 'Set up the council' }).click();
      await firstRun.locator('.govuk-error-summary').waitFor();
      expect(await firstRun.locator('.govuk-error-summary').textContent()).toContain('Enter the set-up code');
      expect(await firstRun.getByLabel('Council name').inputValue()).toBe('Westshire Council');
      await expectNoAccessibilityViolations(firstRun);
      expect(firstRunProblems).toEqual([]);
      await firstRun.close();

      const printed: string[] = [];
      await initCommand(
        [
          '--council',
          'Westshire Council',
          '--admin-email',
          'ada.admin@westshire.example',
          '--admin-name',
          'Ada Admin',
          '--url',
          baseUrl,
        ],
        (work) => work(t.db, t.pool),
        { now: () => t.clock.now(), print: (line) => printed.push(line) }
      );
      const link = printed
        .map((line) => line.trim())
        .find((line) => line.startsWith(`${baseUrl}/set-up/account`))!;
      expect(link).toBeDefined();

      const page = await browser.newPage();
      const problems = watchForPageErrors(page);
      await page.goto(link);
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Password', { exact: true }).fill('westshire front door 2026');
      await page.getByLabel('Password again').fill('westshire front door 2026');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByRole('heading', { name: 'Your password is saved' }).waitFor();
      await page.getByRole('link', { name: 'Go to sign in' }).click();

      await page.getByLabel('Username').fill('ada.admin@westshire.example');
      await page.getByLabel('Password', { exact: true }).fill('westshire front door 2026');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${baseUrl}/account/second-factor`);
      const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
      await page.getByLabel('Security code').fill(totpCodeAt(secret, t.clock.now()));
      await page.getByRole('button', { name: 'Turn on second factor' }).click();
      await page.waitForURL(`${baseUrl}/`);

      await page.goto(`${baseUrl}/admin`);
      await expectNoAccessibilityViolations(page);
      await page.getByRole('link', { name: 'Teams and localities' }).click();
      await page.getByLabel('New locality').fill('North Westshire');
      await page.getByRole('button', { name: 'Add locality' }).click();
      await page.getByText('Locality added.').waitFor();
      await page.getByLabel('Team name').fill('Front Door North');
      await choose(page, 'Kind of team', 'Front door (MASH)');
      await choose(page, 'Agency', 'Westshire Council');
      await choose(page, 'Locality', 'North Westshire');
      await page.getByRole('button', { name: 'Add team' }).click();
      await page.getByText('Team saved.').waitFor();
      await expectNoAccessibilityViolations(page);

      for (const [name, email, role] of [
        ['Priya Practitioner', 'priya.practitioner@westshire.example', 'Front door practitioner'],
        ['Morgan Manager', 'morgan.manager@westshire.example', 'Team manager'],
      ] as const) {
        await page.goto(`${baseUrl}/admin/staff/new`);
        await page.getByLabel('Full name').fill(name);
        await page.getByLabel('Email address').fill(email);
        await choose(page, 'Role', role);
        await choose(page, 'Agency', 'Westshire Council');
        await choose(page, 'Team', 'Front Door North (Westshire Council)');
        await page.getByRole('button', { name: 'Invite' }).click();
        await page.getByText(`${name} is invited`).waitFor();
        expect(await page.locator('code').textContent()).toContain(`${baseUrl}/set-up/account?token=`);
      }
      await expectNoAccessibilityViolations(page);
      await page.goto(`${baseUrl}/admin/staff`);
      expect(await page.locator('table').textContent()).toMatch(/Priya Practitioner[\s\S]*Front Door North/);

      await page.goto(`${baseUrl}/admin/timescales`);
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Amber timescale').fill('2');
      await page.getByRole('button', { name: 'Save timescales' }).click();
      await page.getByText('New timescales saved.').waitFor();
      expect(await page.locator('main').textContent()).toContain('Amber: 2 working days');
      const settings = await councilSettings(t.db);
      expect(settings.ragTimescales.amber).toEqual({ unit: 'working_days', amount: 2 });
      expect(settings.timescaleHistory).toHaveLength(1);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
