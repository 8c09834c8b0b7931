import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { runDeadlineSweep } from '../../src/modules/work/deadline-sweep.ts';
import { insertOpenChild, minutesAfter } from '../../src/modules/work/work-fixtures.ts';

describeInBrowser('work management pages in the browser', () => {
  const suite = useBrowserApp();

  it(
    'out of hours: the list, an action with a GOV.UK error, and the handover list pass axe',
    { timeout: 120_000 },
    async () => {
      const { t, baseUrl } = suite;
      t.clock.set(new Date('2026-11-21T22:00:00Z')); // Saturday night
      const now = t.clock.now();
      const child = await insertOpenChild(t.db, {
        receivedAt: minutesAfter(now, -30),
        rag: 'red',
        ragDueAt: new Date('2026-11-23T12:00:00Z'),
        decisionDueAt: new Date('2026-11-23T12:00:00Z'),
        outOfHours: true,
      });
      const page = await suite.signedInPage('out_of_hours_worker');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/out-of-hours`);
      // Immediate risk (red) counts down on real time, day and night.
      expect(await page.locator(`[data-contact-child="${child.contactChildId}"]`).textContent()).toContain(
        'left (real time, day and night)'
      );
      await expectNoAccessibilityViolations(page);

      await page.goto(`${baseUrl}/out-of-hours/${child.contactChildId}/actions`);
      await page.getByRole('button', { name: 'Record the action' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Describe what you did');
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('What did you do?').fill('Called the police; officers attending.');
      // The coded answers an inspector looks for: not seen yet, no powers used, at home, day team to act.
      for (const no of ['childSeen', 'policeProtection', 'epoSought', 'safetyPlan'])
        await page.locator(`#${no}-2`).check();
      await page.getByLabel('At home').check();
      await page.locator('#dayTeam').check();
      await page.locator('#dayTeamNextSteps').fill('See the child at school on Monday.');
      await page.getByRole('button', { name: 'Record the action' }).click();
      await page.waitForURL(/recorded=1$/);
      await expectNoAccessibilityViolations(page);

      await page.goto(`${baseUrl}/out-of-hours/handover`);
      expect(await page.locator('main').textContent()).toContain('officers attending');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );

  it('the MASH meeting, notifications and queues pass axe', { timeout: 120_000 }, async () => {
    const { t, baseUrl } = suite;
    t.clock.set(new Date('2026-11-23T09:00:00Z')); // Monday, before the meeting
    const now = t.clock.now();
    const page = await suite.signedInPage('team_manager');
    const problems = watchForPageErrors(page);
    const manager = await t.db
      .selectFrom('staff_user')
      .where('username', '=', 'manager')
      .select(['id', 'team_id'])
      .executeTakeFirstOrThrow();
    const child = await insertOpenChild(t.db, {
      receivedAt: minutesAfter(now, -300),
      rag: 'amber',
      ragDueAt: minutesAfter(now, -1),
      decisionDueAt: minutesAfter(now, 600),
      workerId: manager.id,
      teamId: manager.team_id!,
    });
    await runDeadlineSweep(t.db, t.clock);

    await page.goto(`${baseUrl}/screening/${child.contactChildId}/mash-meeting`);
    await page.getByRole('button', { name: 'Add to the MASH meeting' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Enter the question');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('What should the meeting decide?').fill('Level 2 or level 3?');
    await page.getByRole('button', { name: 'Add to the MASH meeting' }).click();
    await page.waitForLoadState('load');

    await page.goto(`${baseUrl}/mash-meeting`);
    await expectNoAccessibilityViolations(page);
    await page
      .getByRole('link', { name: /Record the outcome/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Enter what the meeting agreed');
    await expectNoAccessibilityViolations(page);

    await page.goto(`${baseUrl}/notifications`);
    expect(await page.locator('main').textContent()).toContain('RAG timescale ended');
    await expectNoAccessibilityViolations(page);
    await page
      .getByRole('button', { name: /Mark as read/ })
      .first()
      .click();
    await page.waitForURL(`${baseUrl}/notifications`);

    await page.goto(`${baseUrl}/work`);
    await expectNoAccessibilityViolations(page);
    expect(problems).toEqual([]);
    await page.close();
  });
});
