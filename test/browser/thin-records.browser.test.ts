import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { recordTestContact } from '../support/contact-fixtures.ts';
import { demoUser } from '../support/demo-users.ts';
import { insertOpenChild, minutesAfter } from '../../src/modules/work/work-fixtures.ts';

/*
 * Issue 15, item 15: the records inspectors look at. A strategy discussion with its chair and the
 * police's absence escalated to a manager who closes it; a MASH meeting with who attended and the
 * minutes, opened by the police who see only their part; an out-of-hours worker's coded actions.
 */
describeInBrowser('strategy, MASH meeting and out-of-hours records in the browser', () => {
  const suite = useBrowserApp();

  async function staffId(username: string) {
    return (
      await suite.t.db
        .selectFrom('staff_user')
        .where('username', '=', username)
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  it(
    'a strategy discussion names its chair; the police’s absence is escalated, acknowledged and closed',
    { timeout: 180_000 },
    async () => {
      const { t, baseUrl } = suite;
      t.clock.set(new Date('2026-11-20T10:00:00Z'));
      const { contactChildId } = await recordTestContact(t.db, {
        receivedAt: t.clock.now(),
        givenName: 'Rosalind',
        immediateRisk: true,
      });
      const managerId = await staffId(demoUser('team_manager'));
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/screening/${contactChildId}/strategy-discussions`);
      await page.locator('#attendee-council-attended').check();
      await page.locator('#attendee-council-name').fill('Priya Sandhu');
      await page.locator('#attendee-police-attended-2').check();
      await page.locator('#attendee-police-reason').fill('No officer free from the custody suite');
      await page.locator('#attendee-health-attended').check();
      await page.locator('#attendee-health-name').fill('Dr Amos Kerr');
      await page.getByLabel('What information did the agencies share?').fill('Bruising seen at school.');
      await page.getByLabel('Joint section 47 enquiry (children’s social care and police)').check();
      await page.getByLabel('Why was this decided?').fill('The child says a parent hit her.');
      await page.getByRole('button', { name: 'Save strategy discussion' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Select who chaired the strategy discussion');
      expect(await page.locator('#attendee-police-reason').inputValue()).toBe(
        'No officer free from the custody suite'
      );
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Chair', { exact: true }).selectOption(String(managerId));
      await page.getByRole('button', { name: 'Save strategy discussion' }).click();
      await page.waitForURL(/\/strategy-discussions\/\d+$/);
      const discussionUrl = page.url();
      expect(await page.locator('main').textContent()).toContain('Police did not take part');
      await expectNoAccessibilityViolations(page);
      await page.close();

      const manager = await suite.signedInPage('team_manager');
      const managerProblems = watchForPageErrors(manager);
      await manager.goto(`${baseUrl}/notifications`);
      expect(await manager.locator('main').textContent()).toContain(
        'Agency missing from a strategy discussion'
      );
      await manager.goto(discussionUrl);
      await manager.getByRole('button', { name: 'Acknowledge' }).click();
      await manager.waitForURL(/#escalation-\d+$/);
      expect(await manager.locator('main').textContent()).toContain('Acknowledged: not yet closed');
      await manager.getByRole('button', { name: 'Close the escalation' }).click();
      await expect
        .poll(() => manager.locator('.govuk-error-summary').textContent())
        .toContain('Select what was done about the agency’s absence');
      await expectNoAccessibilityViolations(manager);
      await manager.getByLabel('The discussion was reconvened with the agency').check();
      await manager
        .getByLabel('Who you spoke to and what they shared or agreed')
        .fill('Spoke to DI Shah: DC Rowe joins the reconvened discussion at 14:00 today.');
      await manager.getByRole('button', { name: 'Close the escalation' }).click();
      await manager.waitForURL(/closed=1/);
      expect(await manager.locator('main').textContent()).toContain('Escalation closed');
      await expectNoAccessibilityViolations(manager);

      await manager.goto(`${baseUrl}/screening/${contactChildId}`);
      const strategy = await manager.locator('#strategy-discussions-heading').locator('..').textContent();
      expect(strategy).toMatch(/Chaired by\s+\S/);
      expect(strategy).toContain('Police missing: escalated to');
      expect(strategy).toContain('The discussion was reconvened with the agency');
      await expectNoAccessibilityViolations(manager);
      expect([...problems, ...managerProblems]).toEqual([]);
      await manager.close();
    }
  );

  it(
    'a MASH meeting records who attended and the minutes; the police open it and see only their child',
    { timeout: 180_000 },
    async () => {
      const { t, baseUrl } = suite;
      t.clock.set(new Date('2026-11-23T09:00:00Z')); // Monday, before the 10:00 meeting
      const now = t.clock.now();
      const child = () =>
        insertOpenChild(t.db, {
          receivedAt: minutesAfter(now, -120),
          rag: 'amber',
          ragDueAt: minutesAfter(now, 24 * 60),
          decisionDueAt: minutesAfter(now, 24 * 60),
        });
      const [policeChild, healthChild, redChild] = [await child(), await child(), await child()];
      await t.db
        .updateTable('contact_child')
        .set({ rag: 'red' })
        .where('id', '=', redChild.contactChildId)
        .execute();
      const managerId = await staffId(demoUser('team_manager'));
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      for (const { contactChildId } of [policeChild, healthChild]) {
        await page.goto(`${baseUrl}/screening/${contactChildId}/mash-meeting`);
        await page.getByLabel('What should the meeting decide?').fill('Level 2 or level 3?');
        await page.getByRole('button', { name: 'Add to the MASH meeting' }).click();
        await page.waitForURL(/#mash-meeting$/);
      }
      // A red child is decided now: the form is not offered.
      await page.goto(`${baseUrl}/screening/${redChild.contactChildId}/mash-meeting`);
      expect(await page.locator('main').textContent()).toContain('the decision must be made now');
      await expectNoAccessibilityViolations(page);

      await page.goto(`${baseUrl}/mash-meeting`);
      await page.getByRole('link', { name: 'Record who attended' }).click();
      await page.locator('#attendee-0-staff').selectOption(String(managerId));
      await page.locator('#attendee-0-role').fill('Chair');
      await page.locator('#attendee-1-name').fill('DS Kay Lennox');
      await page.getByRole('button', { name: 'Save who attended' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Attendee 2: select the agency DS Kay Lennox represented');
      await expectNoAccessibilityViolations(page);
      await page.locator('#attendee-1-agency').selectOption({ label: 'Northmoor and Dales Police' });
      await page.getByRole('button', { name: 'Save who attended' }).click();
      await page.waitForURL(/attendees=1$/);
      expect(await page.getByTestId('mash-attendees').textContent()).toContain('DS Kay Lennox');
      await expectNoAccessibilityViolations(page);

      const minutes = [
        {
          row: policeChild,
          agency: 'Northmoor and Dales Police',
          text: 'Police: two domestic call-outs this month.',
        },
        {
          row: healthChild,
          agency: 'Northmoor Hospitals NHS Foundation Trust',
          text: 'Health: missed checks.',
        },
      ];
      for (const { row, agency, text } of minutes) {
        await page.goto(`${baseUrl}/mash-meeting`);
        await page.locator(`[data-mash-item] a[href$="/outcome"]`, { hasText: row.reference }).click();
        await page.getByLabel('Minutes').fill(text);
        await page.getByLabel('What did the meeting agree?').fill('Level 3: a child and family assessment.');
        await page.getByLabel(/Level 3:/).check();
        await page.getByLabel(agency).check();
        await page.locator('#action-0-action').fill('Share the records with the assessing worker');
        await page.locator('#action-0-owner').fill('DS Kay Lennox');
        await page.locator('#action-0-due-day').fill('24');
        await page.locator('#action-0-due-month').fill('11');
        await page.locator('#action-0-due-year').fill('2026');
        await expectNoAccessibilityViolations(page);
        await page.getByRole('button', { name: 'Record the outcome' }).click();
        await page.waitForURL(/recorded=1$/);
      }
      expect(await page.getByTestId('mash-meeting').textContent()).toContain(
        'Police: two domestic call-outs'
      );
      await expectNoAccessibilityViolations(page);
      await page.close();

      const police = await suite.signedInPage('partner_agency_practitioner');
      const policeProblems = watchForPageErrors(police);
      await police.getByRole('link', { name: 'MASH meetings' }).click();
      await police.getByRole('link', { name: '23 November 2026' }).click();
      const main = await police.locator('main').textContent();
      expect(main).toContain(policeChild.reference);
      expect(main).toContain('Police: two domestic call-outs this month.');
      expect(main).toContain('DS Kay Lennox');
      expect(main).not.toContain(healthChild.reference);
      expect(main).not.toContain('Health: missed checks.');
      await expectNoAccessibilityViolations(police);
      expect([...problems, ...policeProblems]).toEqual([]);
      await police.close();
    }
  );

  it(
    'an out-of-hours worker records coded actions, shown on the case page',
    { timeout: 180_000 },
    async () => {
      const { t, baseUrl } = suite;
      t.clock.set(new Date('2026-11-21T02:30:00Z')); // Saturday night
      const now = t.clock.now();
      const child = await insertOpenChild(t.db, {
        receivedAt: minutesAfter(now, -45),
        rag: 'red',
        ragDueAt: minutesAfter(now, 195),
        decisionDueAt: minutesAfter(now, 48 * 60),
        outOfHours: true,
      });
      const page = await suite.signedInPage('out_of_hours_worker');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/out-of-hours/${child.contactChildId}/actions`);
      await page
        .getByLabel('What did you do?')
        .fill('Visited with police; the child is staying with her aunt.');
      await page.getByRole('button', { name: 'Record the action' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Select whether the child was seen');
      expect(await page.getByLabel('What did you do?').inputValue()).toContain('staying with her aunt');
      await expectNoAccessibilityViolations(page);

      await page.locator('#childSeen').check();
      await page.locator('#childSeenAt-time').fill('02:10');
      await page.locator('#policeProtection-2').check();
      await page.locator('#epoSought-2').check();
      await page.locator('#safetyPlan').check();
      await page.getByLabel('With family or friends').check();
      await page.locator('#dayTeam').check();
      await page
        .getByLabel('If so, what does the day team need to do next?')
        .fill('Visit the aunt on Monday.');
      await expectNoAccessibilityViolations(page);
      await page.getByRole('button', { name: 'Record the action' }).click();
      await page.waitForURL(/recorded=1$/);
      const recorded = await page.getByTestId('out-of-hours-actions').textContent();
      expect(recorded).toMatch(/Child seen\s*Yes, 21 Nov 2026 02:10/);
      expect(recorded).toMatch(/Handed to the day team\s*Yes: Visit the aunt on Monday\./);
      await expectNoAccessibilityViolations(page);

      await page.goto(`${baseUrl}/screening/${child.contactChildId}`);
      const panel = await page.getByTestId('out-of-hours-panel').textContent();
      expect(panel).toMatch(/Safety plan agreed\s*Yes/);
      expect(panel).toMatch(/Police protection \(section 46\)\s*No/);
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
