import { expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser-app.ts';
import { demoUser } from '../support/demo-users.ts';
import { ukDateTimeParts } from '../../src/shared/uk-time.ts';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';

/**
 * Issue 16, section 2 on screen: an adult named on a second family's contact is offered as the person
 * already known, linked by the practitioner's choice, and shown with their relationship on the contact,
 * on the child's record and on their own record, one link apart.
 */
describeInBrowser('the people around the child in the browser', () => {
  const suite = useBrowserApp();

  it(
    'links an adult already known from another family and shows the relationships both ways',
    { timeout: 120_000 },
    async () => {
      // The first family's contact, recorded over HTTP: it names the man for the first time.
      const agent = await suite.t.signedIn(demoUser('front_door_practitioner'));
      const first = await agent.post('/contacts/new', {
        ...contactFields(suite.t.clock.now()),
        'child-0-givenName': 'Isolde',
        'child-0-familyName': 'Penhallow',
        'person-0-givenName': 'Cornelius',
        'person-0-familyName': 'Waterhouse',
        'person-0-dob-day': '9',
        'person-0-dob-month': '7',
        'person-0-dob-year': '1985',
        'person-0-role': 'adult_of_concern',
        'person-0-kind': 'partner_of_parent',
        channel: 'police_notification',
        referralSource: '6',
        action: 'record',
      });
      expect(first.statusCode).toBe(303);
      const man = await suite.t.db
        .selectFrom('person')
        .where('given_name', '=', 'Cornelius')
        .where('family_name', '=', 'Waterhouse')
        .select('id')
        .executeTakeFirstOrThrow();

      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${suite.baseUrl}/contacts/new`);
      await page.getByLabel('Police notification', { exact: true }).check();
      await page.getByLabel('Referral source').selectOption('6');
      await page.locator('#child-0-givenName').fill('Wilhelmina');
      await page.locator('#child-0-familyName').fill('Treharne');
      await page.locator('#person-0-givenName').fill('Cornelius');
      await page.locator('#person-0-familyName').fill('Waterhouse');
      await page.locator('#person-0-role').selectOption('adult_of_concern');
      await page.locator('#person-0-kind').selectOption('partner_of_parent');
      await page.locator('#person-0-relationship').fill("Mother's partner");
      await page.locator('#person-0-dob-day').fill('9');
      await page.locator('#person-0-dob-month').fill('7');
      await page.locator('#person-0-dob-year').fill('1985');
      await page.locator('#presentingConcerns').fill('Police called to a domestic incident at the home.');
      await page.getByLabel('Domestic abuse: the child is the subject').check();
      await page.getByLabel('Yes, consent was sought and given').check();
      await page
        .getByRole('group', { name: 'Does the family know about this contact?' })
        .getByLabel('Yes')
        .check();
      await page.getByRole('button', { name: 'Record contact' }).first().click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Choose whether Cornelius Waterhouse is someone already known, or a new record');
      await expectNoAccessibilityViolations(page);
      await page.locator(`input[name="person-0-match"][value="${man.id}"]`).check();
      await page.getByRole('button', { name: 'Record contact' }).first().click();
      await page.waitForURL(/\/contacts\/\d+\?recorded=1$/);

      const named = page.getByTestId('named-people');
      expect(await named.textContent()).toContain('Cornelius Waterhouse: Partner of a parent');
      expect(await named.textContent()).toContain('Linked to an existing record');
      await expectNoAccessibilityViolations(page);

      // The child's record: the man, linked, with the relationship; then his record, one link away.
      const child = await suite.t.db
        .selectFrom('person')
        .where('given_name', '=', 'Wilhelmina')
        .where('family_name', '=', 'Treharne')
        .select('id')
        .executeTakeFirstOrThrow();
      await page.locator(`a[href="/people/${child.id}"]`).first().click();
      const childUrl = `${suite.baseUrl}/people/${child.id}`;
      await page.waitForURL(childUrl);
      const relationships = page.getByTestId('relationships');
      expect(await relationships.textContent()).toContain('Partner of a parent');
      expect(await page.getByTestId('household-over-time').first().textContent()).toContain(
        'Wilhelmina Treharne'
      );
      expect(await page.getByTestId('history-panel').textContent()).toContain(
        '2nd domestic abuse notification naming Cornelius Waterhouse in 12 months across 2 households'
      );
      await expectNoAccessibilityViolations(page);

      await relationships.getByRole('link', { name: 'Cornelius Waterhouse', exact: true }).click();
      await page.waitForURL(`${suite.baseUrl}/people/${man.id}`);
      const his = page.getByTestId('relationships');
      expect(await his.textContent()).toContain('Partner of a parent of');
      expect(await his.getByRole('link', { name: 'Isolde Penhallow', exact: true }).count()).toBe(1);
      expect(await his.getByRole('link', { name: 'Wilhelmina Treharne', exact: true }).count()).toBe(1);
      await expectNoAccessibilityViolations(page);
      await his.getByRole('link', { name: 'Wilhelmina Treharne', exact: true }).click();
      await page.waitForURL(childUrl);
      expect(problems).toEqual([]);
    }
  );
});

/** The contact form's other required answers, received now (the test clock's moment, in London). */
function contactFields(now: Date): Record<string, string> {
  const received = ukDateTimeParts(now);
  return {
    'received-day': received.day,
    'received-month': received.month,
    'received-year': received.year,
    'received-time': received.time,
    childCount: '1',
    personCount: '1',
    presentingConcerns: 'Police called to a domestic incident at the home.',
    concerns: '3A',
    consentStatus: 'given',
    familyAware: 'yes',
  };
}
