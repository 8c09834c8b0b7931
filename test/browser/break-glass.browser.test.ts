import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';

/**
 * Issue 18's restricted records on screen: a manager restricts a record with a reason; a practitioner
 * without a grant who opens it is taken to emergency access, gives the emergency and sees the record;
 * another manager reviews that opening in the queue.
 */
describeInBrowser('break-glass in the browser', () => {
  const suite = useBrowserApp();

  it(
    'restricts a record, opens it in an emergency, and has the opening reviewed by another manager',
    { timeout: 120_000 },
    async () => {
      const child = await suite.t.db
        .insertInto('person')
        .values({ given_name: 'Ottilie', family_name: 'Penhallow', date_of_birth: '2016-06-06', sex: 'F' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const record = `${suite.baseUrl}/people/${child.id}`;

      // A manager restricts the record, with a reason and a date to review their own access.
      const manager = await suite.signedInPage('team_manager');
      const managerProblems = watchForPageErrors(manager);
      await manager.goto(record);
      await manager.getByRole('link', { name: 'Restrict this record' }).click();
      await manager.waitForURL(`${record}/restriction`);
      await expectNoAccessibilityViolations(manager);
      await manager
        .getByLabel('Why is this record restricted?')
        .fill('Adopted: the placement address is confidential');
      await manager.getByLabel('Day').fill('1');
      await manager.getByLabel('Month').fill('3');
      await manager.getByLabel('Year').fill('2027');
      await manager.getByRole('button', { name: 'Restrict this record' }).click();
      await manager.waitForURL(`${record}/restriction?done=restricted`);
      expect(await manager.getByTestId('restriction-status').textContent()).toContain('Restricted');
      await expectNoAccessibilityViolations(manager);
      expect(managerProblems).toEqual([]);

      // A practitioner without a grant is taken to emergency access, never shown who the child is there.
      const practitioner = await suite.signedInPage('front_door_practitioner');
      const practitionerProblems = watchForPageErrors(practitioner);
      await practitioner.goto(record);
      await practitioner.waitForURL(`${record}/emergency-access`);
      expect(await practitioner.locator('h1').textContent()).toContain('This record is restricted');
      expect(await practitioner.locator('main').textContent()).not.toContain('Ottilie');
      await expectNoAccessibilityViolations(practitioner);
      await practitioner.getByRole('button', { name: 'Open the record in an emergency' }).click();
      await practitioner.waitForLoadState('load');
      expect(await practitioner.locator('.govuk-error-summary').textContent()).toContain(
        'Say what the emergency is'
      );
      await expectNoAccessibilityViolations(practitioner);
      await practitioner
        .getByLabel('What is the emergency?')
        .fill('Police at the door asking whether this child is known to us; nobody with access on shift');
      await practitioner.getByRole('button', { name: 'Open the record in an emergency' }).click();
      await practitioner.waitForURL(record);
      expect(await practitioner.locator('main').textContent()).toContain('Ottilie');
      await expectNoAccessibilityViolations(practitioner);
      expect(practitionerProblems).toEqual([]);

      // A different manager reviews the opening in the queue.
      const opening = await suite.t.db
        .selectFrom('break_glass_access')
        .where('person_id', '=', child.id)
        .select('id')
        .executeTakeFirstOrThrow();
      const reviewer = await suite.signedInPage('service_manager');
      const reviewerProblems = watchForPageErrors(reviewer);
      await reviewer.goto(`${suite.baseUrl}/people/restricted/emergency-access`);
      const card = reviewer.getByTestId(`opening-${opening.id}`);
      expect(await card.textContent()).toContain('Police at the door');
      expect(await card.textContent()).not.toContain('Ottilie');
      await expectNoAccessibilityViolations(reviewer);
      await card.getByLabel('Yes, justified').check();
      await card
        .getByLabel('How did you decide?')
        .fill('Police needed an answer at once; access ended with the shift');
      await card.getByRole('button', { name: 'Save review' }).click();
      await reviewer.waitForURL(`${suite.baseUrl}/people/restricted/emergency-access?reviewed=${opening.id}`);
      expect(await reviewer.locator('.govuk-notification-banner').textContent()).toContain('Review saved');
      expect(await reviewer.getByTestId(`opening-${opening.id}`).count()).toBe(0);
      await expectNoAccessibilityViolations(reviewer);
      expect(reviewerProblems).toEqual([]);

      const reviewed = await suite.t.db
        .selectFrom('break_glass_access')
        .innerJoin('staff_user', 'staff_user.id', 'break_glass_access.reviewed_by')
        .where('break_glass_access.id', '=', opening.id)
        .select(['break_glass_access.justified', 'staff_user.username'])
        .executeTakeFirstOrThrow();
      expect(reviewed).toEqual({ justified: true, username: 'servicemanager' });
    }
  );
});
