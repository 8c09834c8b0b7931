import { expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser-app.ts';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';

/**
 * Issue 15 walked as a practitioner: a contact about two children and their mother, recorded without
 * consent, leads on to each child's screening; the queue finds the family by name; the screening page shows
 * consent, whether the family knows, the lawful basis and the other people named; the child's record lists
 * the household and a timeline whose every step is a link; the pages are the council's, not GOV.UK's.
 */
describeInBrowser('the child at the centre, in the browser', () => {
  const suite = useBrowserApp();

  it(
    'records a family, finds it, screens a child with the whole picture and reaches the child’s record',
    { timeout: 150_000 },
    async () => {
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${suite.baseUrl}/contacts/new`);
      // The council's service: its name in the header, no GOV.UK crown or name.
      const header = (await page.locator('header').first().textContent()) ?? '';
      expect(header).not.toContain('GOV.UK');
      expect(await page.locator('header svg[aria-label*="GOV.UK" i], .govuk-header__logotype').count()).toBe(
        0
      );

      await page.getByLabel('Phone', { exact: true }).check();
      await page.getByLabel('Referral source').selectOption('2A');
      await page.locator('#child-0-givenName').fill('Ysolde');
      await page.locator('#child-0-familyName').fill('Thornwick');
      await page.locator('#child-0-dob-day').fill('12');
      await page.locator('#child-0-dob-month').fill('5');
      await page.locator('#child-0-dob-year').fill('2016');
      await page.getByRole('button', { name: 'Add another child' }).click();
      await page.locator('#child-1-givenName').fill('Caspian');
      await page.locator('#child-1-familyName').fill('Thornwick');
      await page.getByRole('button', { name: 'Add another person' }).click();
      await page.locator('#person-0-givenName').fill('Marigold');
      await page.locator('#person-0-familyName').fill('Thornwick');
      await page.locator('#person-0-role').selectOption('parent_or_carer');
      await page
        .locator('#presentingConcerns')
        .fill('Ysolde told her teacher that her mother’s partner pushed her down the stairs.');
      await page.locator('input[name="consentStatus"][value="not_sought"]').check();
      await page.locator('#consentReason').fill('Asking the mother could put the children at risk.');
      await page.locator('input[name="lawfulBasisPersonalData"]').first().check();
      await page.locator('input[name="lawfulBasisSpecialCategory"]').first().check();
      await page.locator('input[name="familyAware"][value="no"]').check();
      await page.getByRole('button', { name: 'Record contact' }).first().click();
      await page.waitForURL(/\/contacts\/\d+\?recorded=1$/);
      const contactId = Number(/\/contacts\/(\d+)/.exec(page.url())![1]);
      // Finding 2: not a dead end — on to each child's screening.
      await expect.poll(() => page.getByTestId('next-screen').count()).toBe(2);
      await expectNoAccessibilityViolations(page);

      // Finding 3: the queue finds the family by name, and the search stays in the address.
      await page.goto(`${suite.baseUrl}/contacts`);
      await page.getByLabel('Search', { exact: true }).fill('thornwick');
      await page.getByRole('button', { name: 'Search and filter' }).click();
      await page.waitForURL(/q=thornwick/);
      const queue = (await page.locator('main').textContent()) ?? '';
      expect(queue).toContain('Ysolde Thornwick');
      expect(queue).toContain('Caspian Thornwick');
      await expectNoAccessibilityViolations(page);

      // Finding 12: the screening page shows consent, whether the family knows, the lawful basis and the people.
      await page.getByRole('link', { name: 'Ysolde Thornwick' }).click();
      await page.waitForURL(/\/screening\/\d+/);
      const screening = (await page.locator('main').textContent()) ?? '';
      expect(screening).toContain('Not sought');
      expect(screening).toContain('Asking the mother could put the children at risk');
      expect(screening).toContain('Article 6');
      expect(screening).toContain('Marigold Thornwick');
      await expectNoAccessibilityViolations(page);

      // Findings 1, 7 and 9: the child's record lists the household and the journey, each step a link.
      await page.getByTestId('child-record-link').first().click();
      await page.waitForURL(/\/people\/\d+$/);
      const record = (await page.locator('main').textContent()) ?? '';
      expect(record).toContain('Caspian Thornwick');
      expect(record).toContain('Marigold Thornwick');
      expect(record).toContain('Contact received');
      expect(record).toContain('Child linked to a record');
      await page
        .getByRole('link', { name: /Contact received/ })
        .first()
        .click();
      await page.waitForURL(`${suite.baseUrl}/contacts/${contactId}`);
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
