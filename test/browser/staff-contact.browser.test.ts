import { expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser-app.ts';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';

describeInBrowser('recording a contact in the browser', () => {
  const suite = useBrowserApp();

  it(
    'keeps a draft through a reload, offers known people as you type, and records a contact for three children',
    { timeout: 90_000 },
    async () => {
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${suite.baseUrl}/contacts/new`);
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
      const known = await suite.t.db
        .selectFrom('person')
        .select(['id', 'given_name', 'family_name', 'date_of_birth'])
        .where('restricted', '=', false)
        // A child: the form refuses a date of birth that makes someone 18 or over.
        .where('date_of_birth', '>', '2012-01-01')
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
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Select whether the family knows about this contact');
      await page
        .getByRole('group', { name: 'Does the family know about this contact?' })
        .getByLabel('Yes')
        .check();
      await page.getByRole('button', { name: 'Record contact' }).first().click();
      await page.waitForURL(/\/contacts\/\d+\?recorded=1$/);
      expect(await page.locator('.govuk-panel').textContent()).toContain('Contact recorded');
      // Not a dead end: on to each child's screening, or the next contact.
      await expect.poll(() => page.getByTestId('next-screen').count()).toBe(3);
      expect(await page.getByRole('link', { name: 'Record another contact' }).count()).toBe(1);
      const contactId = Number(/\/contacts\/(\d+)/.exec(page.url())![1]);
      const linked = await suite.t.db
        .selectFrom('contact_child')
        .select('person_id')
        .where('contact_id', '=', contactId)
        .where('person_id', '=', known.id)
        .execute();
      expect(linked).toHaveLength(1);
      await expectNoAccessibilityViolations(page);

      await page.goto(`${suite.baseUrl}/contacts`);
      expect(await page.locator('table').textContent()).toContain('Perrin Fenwick-Tarrant');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
