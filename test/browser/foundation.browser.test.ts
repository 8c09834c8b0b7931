import { expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser-app.ts';
import { demoUser } from '../support/demo-users.ts';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/demo/demo-accounts.ts';
import { totpCodeAt } from '../../src/platform/auth/totp.ts';
import type { Role } from '../../src/platform/db/schema.ts';

describeInBrowser('the foundation in a real browser', () => {
  const suite = useBrowserApp();

  async function signedInPage(role: Role) {
    const page = await suite.browser.newPage();
    const problems = watchForPageErrors(page);
    await page.goto(`${suite.baseUrl}/sign-in`);
    await page.getByLabel('Username').fill(demoUser(role));
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (page.url().endsWith('/sign-in/second-factor')) {
      // A code works once; the manager signs in again at the same moment of the test clock.
      await suite.t.allowSecondFactorCodesAgain();
      await page.getByLabel('Security code').fill(totpCodeAt(DEMO_TOTP_SECRET, suite.t.clock.now()));
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    return { page, problems };
  }

  it('signs in with an accessible form that shows GOV.UK errors and keeps the username', async () => {
    const page = await suite.browser.newPage();
    const problems = watchForPageErrors(page);
    await page.goto(`${suite.baseUrl}/sign-in`);
    await expect
      .poll(() => page.evaluate(() => document.body.className))
      .toContain('govuk-frontend-supported');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Username').fill(demoUser('front_door_practitioner'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Enter your password');
    expect(await page.getByLabel('Username').inputValue()).toBe(demoUser('front_door_practitioner'));
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${suite.baseUrl}/`);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('Front door practitioner');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows each role its own home page and navigation, with no accessibility violations', async () => {
    for (const role of [
      'front_door_practitioner',
      'team_manager',
      'partner_agency_practitioner',
      'administrator',
    ] as const) {
      const { page, problems } = await signedInPage(role);
      await page.waitForURL(`${suite.baseUrl}/`);
      const navigation = await page.getByRole('navigation', { name: 'Main menu' }).textContent();
      expect(navigation?.includes('Find a person'), role).toBe(role !== 'partner_agency_practitioner');
      expect(navigation?.includes('Audit trail'), role).toBe(role === 'administrator');
      await expectNoAccessibilityViolations(page);
      expect(problems, role).toEqual([]);
      await page.close();
    }
  });

  it('searches the person index, opens a record and shows search errors accessibly', async () => {
    const person = await suite.t.db
      .selectFrom('person')
      .select(['id', 'family_name'])
      .where('restricted', '=', false)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { page, problems } = await signedInPage('front_door_practitioner');
    await page.goto(`${suite.baseUrl}/people`);
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Last name').fill(person.family_name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator(`a[href="/people/${person.id}"]`).first().click();
    await page.waitForURL(`${suite.baseUrl}/people/${person.id}`);
    expect(await page.locator('h1').textContent()).toContain(person.family_name);
    await expectNoAccessibilityViolations(page);
    await page.goto(
      `${suite.baseUrl}/people?familyName=Smith&dateOfBirth-day=40&dateOfBirth-month=1&dateOfBirth-year=2015`
    );
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Date of birth must be a real date'
    );
    await expectNoAccessibilityViolations(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lets the manager through the TOTP second factor, and the administrator search the audit trail', async () => {
    const manager = await signedInPage('team_manager');
    await manager.page.waitForURL(`${suite.baseUrl}/`);
    expect(await manager.page.getByTestId('signed-in-user').textContent()).toContain('Team manager');
    await manager.page.close();
    const admin = await signedInPage('administrator');
    await admin.page.goto(`${suite.baseUrl}/admin/audit?action=person.view`);
    await expectNoAccessibilityViolations(admin.page);
    await admin.page.goto(`${suite.baseUrl}/not-a-page`);
    await expectNoAccessibilityViolations(admin.page);
    expect(admin.problems.filter((problem) => !problem.includes('404'))).toEqual([]);
    await admin.page.close();
  });
});
