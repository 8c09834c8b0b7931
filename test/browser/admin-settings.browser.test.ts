import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';

describeInBrowser('council settings pages in the browser', () => {
  const suite = useBrowserApp();

  it('shows thresholds and decision outcomes accessibly, errors included', { timeout: 90_000 }, async () => {
    const page = await suite.signedInPage('administrator');
    const problems = watchForPageErrors(page);
    await page.goto(`${suite.baseUrl}/admin/thresholds`);
    await expectNoAccessibilityViolations(page);
    await page.goto(`${suite.baseUrl}/admin/outcomes`);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Add outcome' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a code');
    await expectNoAccessibilityViolations(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});
