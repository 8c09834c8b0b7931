import { beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { TEST_NOW } from '../support/test-fixtures.ts';
import { seedCaseAudits } from '../../src/demo/case-audits.ts';

/*
 * The QA officer draws a stratified dip sample, sees its coverage, completes an audit beside the record
 * (after being told what is missing) and raises an action; the service manager moderates it. The QA
 * officer then changes a question of the form in use, which makes a new version.
 */

describeInBrowser('dip sampling and case audits in the browser', () => {
  const suite = useBrowserApp();

  beforeAll(async () => {
    await seedCaseAudits(suite.t.db, { now: TEST_NOW, seed: 7 });
  });

  it(
    'a QA officer draws a stratified sample and completes an audit with an action; a service manager moderates it',
    { timeout: 240_000 },
    async () => {
      const { baseUrl } = suite;
      const qa = await suite.signedInPage('qa_officer');
      const problems = watchForPageErrors(qa);
      await qa.getByRole('link', { name: 'Assurance', exact: true }).click();
      await qa.getByRole('heading', { name: 'Assurance', exact: true }).waitFor();
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('link', { name: 'Dip samples' }).click();

      const dateBoxes = async (legend: string, day: string, month: string, year: string) => {
        const group = qa.getByRole('group', { name: legend, exact: true });
        await group.getByLabel('Day').fill(day);
        await group.getByLabel('Month').fill(month);
        await group.getByLabel('Year').fill(year);
      };
      await dateBoxes('Contacts received from', '1', '9', '2026');
      await dateBoxes('Contacts received up to and including', '30', '9', '2026');
      await qa.getByLabel('How many contacts to sample').fill('15');
      await qa.getByLabel('Seed (optional)').fill('777');
      await qa.getByRole('group', { name: 'Auditors' }).getByLabel('Ruth Bennett').check();
      await dateBoxes('Audits due by', '18', '12', '2026');
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('button', { name: 'Draw the sample' }).click();
      await qa.waitForURL(/\/assurance\/samples\/\d+$/);
      await qa.getByRole('table', { name: 'Time of day' }).waitFor();
      expect(await qa.locator('.govuk-summary-list').first().textContent()).toContain('777');
      const outOfHours = qa
        .getByRole('table', { name: 'Time of day' })
        .getByRole('row', { name: /Out of hours/ });
      expect(await outOfHours.count()).toBe(1);
      await expectNoAccessibilityViolations(qa);

      await qa.locator('main table a[href^="/assurance/audits/"]').first().click();
      await qa.waitForURL(/\/assurance\/audits\/\d+$/);
      const auditUrl = qa.url();
      await qa.getByRole('heading', { name: 'The record' }).waitFor();
      await expectNoAccessibilityViolations(qa);

      await qa
        .getByLabel('Summary: what went well and what must change')
        .fill('Sound decision; history thin.');
      await qa.getByRole('button', { name: 'Complete audit' }).click();
      await qa.getByRole('alert').getByText('There is a problem').waitFor();
      await qa.getByRole('link', { name: 'Grade the audit overall' }).waitFor();
      expect(await qa.getByLabel('Summary: what went well and what must change').inputValue()).toBe(
        'Sound decision; history thin.'
      );
      await expectNoAccessibilityViolations(qa);

      for (const radio of await qa.locator('input[type="radio"][name^="q-"][value="good"]').all())
        await radio.check();
      for (const comment of await qa.locator('textarea[name^="q-"]').all())
        await comment.fill('Evidenced in the record.');
      await qa.getByLabel('Threshold level').selectOption({ label: 'Level 2' });
      await qa.getByLabel('Outcome', { exact: true }).selectOption({ index: 1 });
      await qa.getByRole('group', { name: 'Overall grade' }).getByLabel('Good').check();
      await qa.getByRole('group', { name: 'Learning themes' }).getByLabel('History and chronology').check();
      await qa.getByRole('button', { name: 'Complete audit' }).click();
      await qa.getByText('Completed', { exact: true }).first().waitFor();

      await qa.getByLabel('What must be done').fill('Team session on checking siblings’ history');
      await qa.getByLabel('Owner').selectOption({ label: 'Helen Marsh' });
      await dateBoxes('Action due by', '4', '12', '2026');
      await qa.getByRole('button', { name: 'Add the action' }).click();
      await qa
        .getByRole('cell', { name: 'Team session on checking siblings’ history', exact: true })
        .waitFor();
      await expectNoAccessibilityViolations(qa);
      expect(problems).toEqual([]);
      await qa.close();

      const serviceManager = await suite.signedInPage('service_manager');
      await serviceManager.goto(auditUrl);
      await serviceManager
        .getByRole('group', { name: 'The grade that should count' })
        .getByLabel('Requires improvement')
        .check();
      await serviceManager
        .getByLabel('Your reasons')
        .fill('History of the older sibling was missed: not yet good.');
      await expectNoAccessibilityViolations(serviceManager);
      await serviceManager.getByRole('button', { name: 'Record moderation' }).click();
      await serviceManager.getByText('This grade counts.').waitFor();
      expect(await serviceManager.locator('#moderation ~ p').first().textContent()).toContain(
        'changed from Good'
      );
      await serviceManager.goto(`${baseUrl}/assurance/actions`);
      await serviceManager
        .getByRole('cell', { name: 'Team session on checking siblings’ history', exact: true })
        .waitFor();
      await expectNoAccessibilityViolations(serviceManager);
      await serviceManager.close();
    }
  );

  it(
    'a QA officer changes a question of the audit form in use, making a new version',
    { timeout: 240_000 },
    async () => {
      const qa = await suite.signedInPage('qa_officer');
      const problems = watchForPageErrors(qa);
      await qa.getByRole('link', { name: 'Assurance', exact: true }).click();
      await qa.getByRole('link', { name: 'Audit forms' }).click();
      await qa.getByRole('heading', { name: 'Audit forms', level: 1 }).waitFor();
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('link', { name: 'Front-door audit' }).click();
      await qa.getByText('Changing anything makes version 2').waitFor();
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('link', { name: 'Change “The child’s voice”' }).click();
      await qa.getByLabel('Question').fill('');
      await qa.getByRole('button', { name: 'Save the question' }).click();
      await qa.getByRole('link', { name: 'Enter the question' }).waitFor();
      await expectNoAccessibilityViolations(qa);
      await qa.getByLabel('Question').fill('The child’s voice and lived experience');
      await qa.getByLabel('Who answers it').selectOption({ label: 'The council’s auditor' });
      await qa.getByRole('button', { name: 'Save the question' }).click();
      await qa.getByText('The question is saved.').waitFor();
      await qa.getByText('Audit form, version 2').waitFor();
      await qa.getByRole('button', { name: 'Move up “The child’s voice and lived experience”' }).click();
      await qa.getByText('The question is moved.').waitFor();
      const first = qa.locator('main table tbody tr').first();
      expect(await first.textContent()).toContain('1. The child’s voice and lived experience');
      await expectNoAccessibilityViolations(qa);
      // Version 1 is kept, read-only, for the audits that use it.
      await qa.getByRole('link', { name: 'Version 1' }).click();
      await qa.getByText('This is an earlier version').waitFor();
      expect(await qa.getByRole('link', { name: /^Change “/ }).count()).toBe(0);
      expect(problems).toEqual([]);
      await qa.close();
    }
  );
});
