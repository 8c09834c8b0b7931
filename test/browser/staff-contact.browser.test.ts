import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { demoUser } from '../support/demo-users.ts';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  launchChromium,
  listen,
  watchForPageErrors,
} from '../support/browser.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-accounts.ts';

let t: TestApp;
let browser: Browser;
let baseUrl: string;

describeInBrowser('recording a contact in the browser', () => {
  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t.app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Username').fill(demoUser('front_door_practitioner'));
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
  }

  it(
    'keeps a draft through a reload, offers known people as you type, and records a contact for three children',
    { timeout: 90_000 },
    async () => {
      const page = await browser.newPage();
      const problems = watchForPageErrors(page);
      await signIn(page);
      await page.goto(`${baseUrl}/contacts/new`);
      await expectNoAccessibilityViolations(page);

      await page.locator('#child-0-givenName').fill('Oriel');
      await page.locator('#child-0-familyName').fill('Fenwick-Tarrant');
      await page
        .locator('#presentingConcerns')
        .fill('Neighbour heard shouting and a child crying late at night.');
      await expect
        .poll(() => page.locator('[data-autosave-status]').textContent(), { timeout: 10_000 })
        .toContain('Draft saved');
      await page.reload();
      expect(await page.locator('#child-0-givenName').inputValue()).toBe('Oriel');
      expect(await page.locator('#presentingConcerns').inputValue()).toContain('shouting');

      await page.getByRole('button', { name: 'Record contact' }).first().click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Select how the contact came in');
      await expectNoAccessibilityViolations(page);
      expect(await page.locator('#child-0-familyName').inputValue()).toBe('Fenwick-Tarrant');

      // Typing a known child's details offers the matching people before the form is sent.
      const known = await t.db
        .selectFrom('person')
        .select(['id', 'given_name', 'family_name', 'date_of_birth'])
        .where('restricted', '=', false)
        .where('date_of_birth', 'is not', null)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await page.getByRole('button', { name: 'Add another child' }).click();
      await page.locator('#child-1-givenName').fill(known.given_name);
      await page.locator('#child-1-familyName').fill(known.family_name);
      const [year, month, day] = known.date_of_birth!.split('-');
      await page.locator('#child-1-dob-day').fill(day!);
      await page.locator('#child-1-dob-month').fill(month!);
      await page.locator('#child-1-dob-year').fill(year!);
      const liveChoice = page.locator(`input[name="child-1-match"][value="${known.id}"]`);
      await liveChoice.waitFor({ timeout: 10_000 });
      await liveChoice.check();
      await expectNoAccessibilityViolations(page);

      await page.getByLabel('Phone', { exact: true }).check();
      await page.getByLabel('Referral source').selectOption('1B');
      await page.getByRole('button', { name: 'Add another child' }).click();
      await page.locator('#child-2-givenName').fill('Perrin');
      await page.locator('#child-2-familyName').fill('Fenwick-Tarrant');
      await page.getByLabel('Yes, consent was sought and given').check();
      await page.getByRole('button', { name: 'Record contact' }).first().click();
      await page.waitForURL(/\/contacts\/\d+\?recorded=1$/);
      expect(await page.locator('.govuk-panel').textContent()).toContain('Contact recorded');
      const contactId = Number(/\/contacts\/(\d+)/.exec(page.url())![1]);
      const linked = await t.db
        .selectFrom('contact_child')
        .select('person_id')
        .where('contact_id', '=', contactId)
        .where('person_id', '=', known.id)
        .execute();
      expect(linked).toHaveLength(1);
      await expectNoAccessibilityViolations(page);

      await page.goto(`${baseUrl}/contacts`);
      expect(await page.locator('table').textContent()).toContain('Perrin Fenwick-Tarrant');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
