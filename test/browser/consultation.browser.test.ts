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
      await page.waitForURL(/\/consultations\?recorded=\d+$/);
      expect(await page.locator('main').textContent()).toContain('Northmoor Academy');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );

  it(
    'finds the child by search, shows the consultation on their record, and changes their details',
    { timeout: 120_000 },
    async () => {
      const child = await suite.t.db
        .insertInto('person')
        .values({ given_name: 'Araminta', family_name: 'Kellaway', date_of_birth: '2015-03-27', sex: 'F' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${suite.baseUrl}/consultations/new`);
      await page.getByLabel('Name', { exact: true }).fill('Mr R Nurse');
      await page.getByLabel('Organisation').fill('Northmoor Health Centre');
      await page.getByLabel('First name').fill('Araminta');
      await page.getByLabel('Last name').fill('Kelaway');
      await page.locator('#childDateOfBirth-day').fill('27');
      await page.locator('#childDateOfBirth-month').fill('3');
      await page.locator('#childDateOfBirth-year').fill('2015');
      await page.getByRole('button', { name: 'Search the person index' }).click();
      const choice = page.getByTestId('child-choice');
      await expect.poll(() => choice.textContent()).toContain('Araminta Kellaway');
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Mr R Nurse');
      await expectNoAccessibilityViolations(page);

      await choice.getByLabel('Araminta Kellaway').check();
      await page.getByLabel('Neglect').check();
      await page
        .getByLabel('What is the professional worried about?')
        .fill('Araminta is often hungry at clinic appointments.');
      await page.getByRole('group', { name: 'Is a referral expected?' }).getByLabel('Yes').check();
      // Enter in a field saves the consultation: it never presses "Choose a different child".
      await page.getByLabel('What advice did you give?').fill('Make a request for support today.');
      await page.getByLabel('Organisation').press('Enter');
      await page.waitForURL(/\/consultations\?recorded=\d+$/);
      await page.getByRole('link', { name: 'View the consultation' }).click();
      await expect.poll(() => page.locator('main').textContent()).toContain('Araminta Kellaway');
      await expectNoAccessibilityViolations(page);

      await page.getByRole('link', { name: 'Araminta Kellaway' }).click();
      await page.waitForURL(`${suite.baseUrl}/people/${child.id}`);
      const timeline = page.getByTestId('person-timeline');
      expect(await timeline.textContent()).toContain(
        'Professional consultation with Northmoor Health Centre: referral advised'
      );
      await expectNoAccessibilityViolations(page);

      await page.getByRole('link', { name: 'Change details of Araminta Kellaway' }).click();
      await page.getByLabel('Ethnicity').selectOption('WBRI');
      await page.getByLabel('First language').fill('English');
      await page.getByLabel('No interpreter needed').check();
      await page.getByLabel('Unique pupil number (UPN)').fill('H801200001002');
      await page.getByRole('button', { name: 'Save details' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('The UPN is not valid');
      expect(await page.getByLabel('First language').inputValue()).toBe('English');
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Unique pupil number (UPN)').fill('H801200001001');
      await page.getByRole('button', { name: 'Save details' }).click();
      await page.waitForURL(`${suite.baseUrl}/people/${child.id}?changed=details`);
      const details = page.getByTestId('personal-details');
      await expect.poll(() => details.textContent()).toContain('H801200001001');
      expect(await details.textContent()).toContain('White British');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
