import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { openedVersion, recordTestContact } from '../support/contact-fixtures.ts';
import { TEST_NOW } from '../support/test-fixtures.ts';
import { demoUser } from '../support/demo-users.ts';

/**
 * The safeguards on a red contact, in a real browser: a practitioner's lower rating waits for a
 * manager, who confirms it from the decisions page; a decision stepping down from level 4 needs the
 * manager's comment and a service manager's second sign-off before the front door's work ends.
 */
describeInBrowser('rating and decision safeguards in the browser', () => {
  const suite = useBrowserApp();

  async function submit(page: Page, button: string): Promise<void> {
    await page.getByRole('button', { name: button }).click();
    await page.waitForLoadState('load');
  }

  const heading = (page: Page) => page.locator('h1').textContent();
  const main = (page: Page) => page.locator('main').textContent();

  it(
    'keeps a red contact red until a manager confirms the lower rating, then drops the immediate-risk tag',
    { timeout: 120_000 },
    async () => {
      const { contactChildId } = await recordTestContact(suite.t.db, {
        receivedAt: TEST_NOW,
        givenName: 'Wilhelmina',
        immediateRisk: true,
      });
      const practitioner = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(practitioner);
      await practitioner.goto(`${suite.baseUrl}/screening/${contactChildId}`);
      await practitioner.locator('#rating-rag-3').check(); // green
      await practitioner.getByLabel('Why this rating').fill('x');
      await submit(practitioner, 'Save rating');
      expect(await main(practitioner)).toContain('Explain the rating in at least 5 words');
      await expectNoAccessibilityViolations(practitioner);
      await practitioner
        .getByLabel('Why this rating')
        .fill('Police confirm the father has left the home and is on bail conditions.');
      await submit(practitioner, 'Save rating');
      expect(await main(practitioner)).toContain('A lower rating is waiting for a manager.');
      expect(await heading(practitioner)).toContain('Immediate risk');
      await expectNoAccessibilityViolations(practitioner);

      const manager = await suite.signedInPage('team_manager');
      await manager.goto(`${suite.baseUrl}/decisions`);
      await expectNoAccessibilityViolations(manager);
      await manager.locator(`#lower-ratings ~ table a[href="/screening/${contactChildId}#rating"]`).click();
      await manager.waitForURL(`${suite.baseUrl}/screening/${contactChildId}#rating`);
      await manager.locator('#confirmation-rag-3').check(); // green, as asked
      await submit(manager, 'Confirm rating');
      expect(await main(manager)).toContain('Say in at least 5 words why the rating can come down from red');
      await manager
        .getByLabel(/Reason/)
        .fill('Spoke to the police sergeant: father bailed away from the home, mother protective.');
      await submit(manager, 'Confirm rating');
      expect(await heading(manager)).not.toContain('Immediate risk');
      expect(await main(manager)).toContain('Lower rating asked for: agreed by a manager');
      expect(await main(manager)).toContain('Confirmed by a manager.');
      await expectNoAccessibilityViolations(manager);
      expect(problems).toEqual([]);
    }
  );

  it(
    'needs a manager’s comment and a service manager’s sign-off for no further action at level 4',
    { timeout: 120_000 },
    async () => {
      const db = suite.t.db;
      const { contactChildId } = await recordTestContact(db, { receivedAt: TEST_NOW, givenName: 'Xanthe' });
      // Set up through the same routes the forms use: rating confirmed, level 4 indicated, NFA proposed.
      const practitionerAgent = await suite.t.signedIn(demoUser('front_door_practitioner'));
      const managerAgent = await suite.t.signedIn(demoUser('team_manager'));
      const version = () => openedVersion(db, contactChildId);
      await practitionerAgent.post(`/screening/${contactChildId}/rating`, {
        version: await version(),
        rag: 'amber',
        rationale: 'Bruising seen at school, explained by a fall at the park.',
      });
      await managerAgent.post(`/screening/${contactChildId}/rating/confirmation`, {
        version: await version(),
        rag: 'amber',
      });
      const levelFour = await db
        .selectFrom('threshold_descriptor')
        .select(['id', 'document_id'])
        .where('level', '=', 4)
        .orderBy('document_id', 'desc')
        .executeTakeFirstOrThrow();
      await practitionerAgent.post(`/screening/${contactChildId}/threshold`, {
        documentId: String(levelFour.document_id),
        descriptors: String(levelFour.id),
        chosenLevel: '4',
        action: 'save',
      });
      const proposed = await practitionerAgent.post(`/screening/${contactChildId}/decision`, {
        version: await version(),
        outcomes: 'no_further_action',
        rationale:
          'The school nurse and GP both examined the bruising and agree it matches the fall the child and her ' +
          'father described; the police have no record for the family and the child says she feels safe at home.',
        childsViews: 'She says she fell from the climbing frame and feels safe at home.',
        historyConsidered: 'No earlier contacts or referrals for this family.',
      });
      expect(proposed.statusCode).toBe(303);

      // The team manager authorises, with a comment, in the browser.
      const manager = await suite.signedInPage('team_manager');
      const problems = watchForPageErrors(manager);
      await manager.goto(`${suite.baseUrl}/screening/${contactChildId}#decision`);
      expect(await main(manager)).toContain('This decision needs your comment and then a second sign-off');
      await manager.getByLabel('Authorise', { exact: true }).check();
      await submit(manager, "Save the manager's decision");
      expect(await main(manager)).toContain('Comment on why you agree, in at least 10 words');
      await expectNoAccessibilityViolations(manager);
      await manager
        .locator('#verdict-comment')
        .fill(
          'I read the nurse and GP notes: the injury matches the fall, and the child is seen daily at school.'
        );
      await submit(manager, "Save the manager's decision");
      expect(await main(manager)).toContain('Waiting for a second sign-off');
      expect(await main(manager)).not.toContain('Front-door work completed');

      // The service manager finds it on the decisions page and signs it off.
      const serviceManager = await suite.signedInPage('service_manager');
      await serviceManager.goto(`${suite.baseUrl}/decisions`);
      await expectNoAccessibilityViolations(serviceManager);
      await serviceManager
        .locator(`#second-sign-off ~ table a[href="/screening/${contactChildId}#decision"]`)
        .first()
        .click();
      await serviceManager.getByLabel('Sign off the decision').check();
      await submit(serviceManager, 'Save the second sign-off');
      const signedOff = await main(serviceManager);
      expect(signedOff).toContain('Authorised');
      expect(signedOff).toContain('Front-door work completed');
      await expectNoAccessibilityViolations(serviceManager);
      const child = await db
        .selectFrom('contact_child')
        .select('status')
        .where('id', '=', contactChildId)
        .executeTakeFirstOrThrow();
      expect(child.status).toBe('completed');
      expect(problems).toEqual([]);
    }
  );
});
