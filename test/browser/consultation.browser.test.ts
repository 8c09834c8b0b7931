import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';

describeInBrowser('recording a professional consultation in the browser', () => {
  const suite = useBrowserApp();

  it(
    'shows GOV.UK errors that keep what was typed, then saves and lists the consultation',
    { timeout: 90_000 },
    async () => {
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${suite.baseUrl}/consultations/new`);
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Name', { exact: true }).fill('Mrs D Lead');
      await page.getByRole('button', { name: 'Save consultation' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('There is a problem');
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Mrs D Lead');
      await expectNoAccessibilityViolations(page);

      await page.getByLabel('Organisation').fill('Northmoor Academy');
      await page
        .getByLabel('What is the professional worried about?')
        .fill('A pupil says there is not enough food at home.');
      await page
        .getByLabel('What advice did you give?')
        .fill('Level 2: offer early help; make a request for support if it continues.');
      await page.getByLabel('No', { exact: true }).check();
      await page.getByRole('button', { name: 'Save consultation' }).click();
      await page.waitForURL(/\/consultations\?recorded=1$/);
      expect(await page.locator('main').textContent()).toContain('Northmoor Academy');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
