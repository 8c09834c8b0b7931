import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { recordTestContact } from '../support/contact-fixtures.ts';
import { insertOpenChild } from '../../src/modules/work/work-fixtures.ts';

describeInBrowser('immediate risk and section 47 ownership in the browser', () => {
  const suite = useBrowserApp();

  it(
    'a red contact at 06:30 on a Sunday counts down 4 real hours on the out-of-hours list, never paused',
    { timeout: 120_000 },
    async () => {
      const { t, baseUrl } = suite;
      const sunday = new Date('2026-12-06T06:30:00Z');
      t.clock.set(sunday);
      const child = await insertOpenChild(t.db, {
        receivedAt: sunday,
        rag: 'red',
        ragDueAt: new Date('2026-12-06T10:30:00Z'),
        decisionDueAt: new Date('2026-12-08T08:00:00Z'),
        outOfHours: true,
      });
      const page = await suite.signedInPage('out_of_hours_worker');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/out-of-hours`);
      const countdown = page.locator(`[data-contact-child="${child.contactChildId}"] [data-countdown]`);
      // The live countdown (client script) has run: its text is its own, on real time.
      await expect.poll(() => countdown.getAttribute('data-clock')).toBe('real');
      const text = await countdown.textContent();
      expect(text).toMatch(/^\d+h \d\dm left \(real time, day and night\)$/);
      expect(text).not.toContain('paused');
      expect(text).not.toContain('working time');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );

  it(
    'a strategy discussion names its owning team and worker, and explains a worker outside the team',
    { timeout: 120_000 },
    async () => {
      const { t, baseUrl } = suite;
      t.clock.set(new Date('2026-11-20T10:00:00Z'));
      const { contactChildId } = await recordTestContact(t.db, {
        receivedAt: t.clock.now(),
        givenName: 'Philippa',
        immediateRisk: true,
      });
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/screening/${contactChildId}/strategy-discussions`);
      for (const agency of ['council', 'police', 'health']) {
        await page.locator(`#attendee-${agency}-attended`).check();
        await page.locator(`#attendee-${agency}-name`).fill(`Named person (${agency})`);
      }
      await page.getByLabel('What information did the agencies share?').fill('Bruising seen at school.');
      await page.getByLabel('Joint section 47 enquiry (children’s social care and police)').check();
      await page.getByLabel('Why was this decided?').fill('The child says a parent hit her.');
      // Chaired by the demo team manager (managers are listed first).
      await page.getByLabel('Chair', { exact: true }).selectOption({ index: 1 });
      // The practitioner's own team is offered; choose a worker from another team.
      expect(await page.locator('#ownerTeam option:checked').textContent()).toBe('Front Door (MASH)');
      const worker = page.locator('#ownerWorker option', { hasText: 'Sam Okafor' });
      await page.locator('#ownerWorker').selectOption((await worker.getAttribute('value'))!);
      await page.getByRole('button', { name: 'Save strategy discussion' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toContain('Sam Okafor is not in Front Door (MASH)');
      await expectNoAccessibilityViolations(page);

      // Sam's own team, as the worker list names it: "Sam Okafor (Assessment and Family Help – …)".
      const samsTeam = /\((.*)\)$/.exec((await worker.textContent())!.trim())![1]!;
      await page.locator('#ownerTeam').selectOption({ label: samsTeam });
      await page.getByRole('button', { name: 'Save strategy discussion' }).click();
      await page.waitForURL(/\/strategy-discussions\/\d+$/);
      expect(await page.locator('main').textContent()).toMatch(
        /Owned by\s*Sam Okafor, Assessment and Family Help/
      );
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
