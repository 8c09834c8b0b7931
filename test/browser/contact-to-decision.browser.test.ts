import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { recordTestContact } from '../support/contact-fixtures.ts';
import { TEST_NOW } from '../support/test-fixtures.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-accounts.ts';

/**
 * One child's contact from the incoming queue to a handover, in a real browser, with the server's
 * clock moved between steps: screening, a police answer, the decision and its authorisation, the
 * letter, the strategy discussion and the assessment team accepting the child.
 */
describeInBrowser('from contact to decision in the browser', () => {
  const suite = useBrowserApp();

  async function signIn(username: string): Promise<Page> {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.baseUrl}/sign-in`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${suite.baseUrl}/`);
    return page;
  }

  async function submit(page: Page, button: string): Promise<void> {
    await page.getByRole('button', { name: button }).click();
    await page.waitForLoadState('load');
  }

  const minutesLater = (minutes: number) => suite.t.clock.advanceMinutes(minutes);

  it(
    'screens, asks the police, decides, authorises, writes to the referrer, holds a strategy discussion and hands over',
    { timeout: 180_000 },
    async () => {
      const { contactChildId } = await recordTestContact(suite.t.db, {
        receivedAt: TEST_NOW,
        givenName: 'Morwenna',
      });
      const db = suite.t.db;

      // Practitioner: the queue, then screening with a red rating and the threshold.
      const practitioner = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(practitioner);
      await practitioner.goto(`${suite.baseUrl}/contacts`);
      await expectNoAccessibilityViolations(practitioner);
      await practitioner.getByRole('link', { name: 'Morwenna Vantablack' }).click();
      await practitioner.waitForURL(`${suite.baseUrl}/screening/${contactChildId}`);
      await expectNoAccessibilityViolations(practitioner);
      await practitioner.locator('#rating-rag').check();
      await practitioner
        .getByLabel('Why this rating')
        .fill('Injury to a 9-year-old said to be caused by a parent.');
      await submit(practitioner, 'Save rating');
      const main = () => practitioner.locator('main').textContent();
      // Red runs on real time, day and night.
      expect(await main()).toContain('4h 00m left (real time, day and night)');
      expect(await practitioner.locator('[data-countdown]').first().textContent()).toContain(
        'left (real time, day and night)'
      );

      await practitioner.getByRole('link', { name: 'Assess the threshold of need' }).click();
      await expectNoAccessibilityViolations(practitioner);
      const levelFour = await db
        .selectFrom('threshold_descriptor')
        .select('id')
        .where('level', '=', 4)
        .orderBy('document_id', 'desc')
        .executeTakeFirstOrThrow();
      await practitioner.locator(`input[name="descriptors"][value="${levelFour.id}"]`).check();
      await expect
        .poll(() => practitioner.locator('[data-indicated-level]').textContent())
        .toContain('point to level 4');
      await practitioner.locator('#chosenLevel-4').check();
      await submit(practitioner, 'Save the threshold assessment');
      expect(await main()).toContain('Level 4 chosen');

      // Ask the police; their answer is due by the red time.
      await practitioner.getByRole('link', { name: 'Ask partner agencies' }).click();
      await expectNoAccessibilityViolations(practitioner);
      const police = await db
        .selectFrom('agency')
        .select('id')
        .where('kind', '=', 'police')
        .executeTakeFirstOrThrow();
      await practitioner.locator(`input[name="agencyIds"][value="${police.id}"]`).check();
      await practitioner
        .getByLabel('What do you want to know?')
        .fill('Any call-outs to the address this year?');
      await submit(practitioner, 'Send requests');
      const request = await db
        .selectFrom('information_request')
        .select(['id', 'due_at'])
        .where('contact_child_id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      expect(request.due_at).toEqual(new Date('2026-11-20T14:00:00Z'));

      // Ten minutes later the police answer.
      minutesLater(10);
      const partner = await suite.signedInPage('partner_agency_practitioner');
      await partner.goto(`${suite.baseUrl}/information-requests`);
      await expectNoAccessibilityViolations(partner);
      await partner.locator(`a[href="/information-requests/${request.id}"]`).click();
      await expectNoAccessibilityViolations(partner);
      await partner
        .getByLabel('Summary')
        .fill('Two call-outs for domestic abuse this year; mother arrested in March.');
      await submit(partner, 'Send answer');

      // A manager confirms the red rating: every decision stands on a confirmed rating.
      minutesLater(5);
      const manager = await suite.signedInPage('team_manager');
      await manager.goto(`${suite.baseUrl}/screening/${contactChildId}#rating`);
      await submit(manager, 'Confirm rating');
      expect(await manager.locator('main').textContent()).toContain('Confirmed by a manager.');

      // The practitioner sees the answer and proposes the decision.
      minutesLater(5);
      await practitioner.goto(`${suite.baseUrl}/screening/${contactChildId}`);
      expect(await main()).toContain('mother arrested in March');
      await practitioner.getByRole('button', { name: 'Propose a decision' }).click();
      await practitioner.waitForURL(/\/decision$/);
      await expectNoAccessibilityViolations(practitioner);
      await practitioner.getByLabel('Strategy discussion (section 47)').check();
      await practitioner.getByLabel('Child and family assessment (section 17)').check();
      const team = await db
        .selectFrom('team')
        .select(['id', 'name'])
        .where('name', 'like', 'Assessment%')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await practitioner.getByLabel(/Receiving team/).selectOption(String(team.id));
      await practitioner
        .getByLabel('Rationale')
        .fill('Physical harm by a parent, with police history of domestic abuse.');
      await practitioner.getByLabel(/child's views/).fill('She told her teacher she is scared to go home.');
      await practitioner
        .getByLabel(/family's history/)
        .fill('Two police call-outs this year for domestic abuse.');
      await submit(practitioner, 'Send to a manager to authorise');
      expect(await main()).toContain('Waiting for authorisation');

      // The manager authorises it from their home page.
      minutesLater(10);
      await manager.goto(`${suite.baseUrl}/`);
      expect(await manager.locator('main').textContent()).toContain('Decisions to authorise (1)');
      await expectNoAccessibilityViolations(manager);
      await manager.getByRole('link', { name: 'Morwenna Vantablack' }).first().click();
      await manager.getByLabel('Authorise', { exact: true }).check();
      // The manager sees, and could change, where the handover goes (issue 15, item 5).
      const handTo = manager.getByLabel('If you authorise it, hand the child to');
      expect(await handTo.locator('option:checked').textContent()).toContain(team.name);
      await handTo.selectOption(String(team.id));
      await submit(manager, "Save the manager's decision");
      const managerMain = await manager.locator('main').textContent();
      expect(managerMain).toContain('Authorised');
      expect(managerMain).toContain('Within one working day of receipt; within the RAG time');
      // The clocks stop at the decision and say how long it took (item 6).
      expect(await manager.getByTestId('settled-due').first().textContent()).toMatch(
        /Decided in .*within time/
      );
      await expectNoAccessibilityViolations(manager);

      // The letter to the referrer, sent by post.
      await manager.getByRole('link', { name: 'See, print or send the letter to the referrer' }).click();
      await expectNoAccessibilityViolations(manager);
      await manager.getByLabel(/Who are you sending it to/).fill('Ms A Teacher');
      await manager.getByLabel('Post').check();
      await submit(manager, 'Send or record the letter');
      const letter = await db
        .selectFrom('referrer_letter')
        .innerJoin('decision', 'decision.id', 'referrer_letter.decision_id')
        .select(['referrer_letter.sent_method', 'referrer_letter.sent_at'])
        .where('decision.contact_child_id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      expect(letter.sent_method).toBe('post');

      // The strategy discussion, with health absent for a recorded reason.
      minutesLater(10);
      await practitioner.goto(`${suite.baseUrl}/screening/${contactChildId}`);
      await practitioner.getByRole('link', { name: 'Record a strategy discussion' }).click();
      await expectNoAccessibilityViolations(practitioner);
      await practitioner.locator('#attendee-council-attended').check();
      await practitioner.locator('#attendee-council-name').fill('Jordan Ellis');
      await practitioner.locator('#attendee-police-attended').check();
      await practitioner.locator('#attendee-police-name').fill('DC Rowe');
      await practitioner.locator('#attendee-health-attended-2').check();
      await practitioner
        .locator('#attendee-health-reason')
        .fill('The school nurse was on leave; the GP could not join.');
      await practitioner
        .getByLabel('What information did the agencies share?')
        .fill('Police history and the injury seen at school.');
      await practitioner.getByLabel(/Joint section 47 enquiry/).check();
      await practitioner.getByLabel('Why was this decided?').fill('Likely significant harm from a parent.');
      await practitioner.getByLabel('Chair', { exact: true }).selectOption({ index: 1 });
      // The enquiry needs an owner: the receiving assessment team's social worker.
      const assessmentWorker = await db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', 'assessment')
        .executeTakeFirstOrThrow();
      await practitioner.locator('#ownerWorker').selectOption(String(assessmentWorker.id));
      await submit(practitioner, 'Save strategy discussion');
      await expectNoAccessibilityViolations(practitioner);
      const discussion = await db
        .selectFrom('strategy_discussion')
        .select(['icpc_due_on', 'outcome'])
        .where('contact_child_id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      // 15 working days after Friday 20 November 2026.
      expect(discussion).toEqual({ icpc_due_on: '2026-12-11', outcome: 'joint_s47' });
      expect(await main()).toContain('Health');

      // The assessment team accepts the child.
      const socialWorker = await signIn('assessment');
      await socialWorker.goto(`${suite.baseUrl}/handovers`);
      await expectNoAccessibilityViolations(socialWorker);
      await socialWorker
        .getByRole('link', { name: /Morwenna/ })
        .first()
        .click();
      await submit(socialWorker, 'Accept handover');
      const child = await db
        .selectFrom('contact_child')
        .select(['status'])
        .where('id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      expect(child.status).toBe('completed');

      // Every step is on the child's journey with when and who.
      await practitioner.goto(`${suite.baseUrl}/screening/${contactChildId}#journey`);
      const journey = await practitioner.locator('#journey-caption').locator('xpath=..').textContent();
      for (const step of [
        'Contact received',
        'RAG rated',
        'Threshold assessed',
        'Information requested from a partner agency',
        'Information received from a partner agency',
        'Decision proposed',
        'Decision authorised',
        'Handed over to a team',
        'Letter to the referrer sent',
        'Strategy discussion held',
        'Handover accepted',
      ]) {
        expect(journey, step).toContain(step);
      }
      expect(journey).toContain('Helen Marsh');
      expect(problems).toEqual([]);
    }
  );
});
