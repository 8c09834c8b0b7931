import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import { recordTestContact } from '../support/contact-fixtures.ts';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { WALKERS, walkFromHome } from '../support/role-walk-crawl.ts';
import { JOURNEY_STEPS, type JourneyStep } from '../../src/modules/journey/journey-events.ts';

/** A page signed in as this member of staff: the session of a signed-in agent, given to the browser. */
async function pageSignedInAs(suite: BrowserApp, username: string): Promise<Page> {
  const agent = await suite.t.signedIn(username);
  const context = await suite.browser.newContext();
  await context.addCookies([
    { name: 'fd_session', value: agent.cookie('fd_session') ?? '', url: suite.baseUrl },
  ]);
  return context.newPage();
}

/**
 * The held-back walk of issue 15 in the browser: as each role, every link shown is followed (see
 * role-walk-crawl.ts) and must open, and axe (WCAG 2.2 A and AA) checks the first page of every shape.
 * A failure lists each dead end and each page's violations (rule and target), not just the first.
 */
describeInBrowser('a walk through the product in the browser by each role', () => {
  const suite = useBrowserApp();

  for (const walker of WALKERS) {
    it(
      `finds no dead end and no accessibility violation as ${walker.username}`,
      { timeout: 600_000 },
      async () => {
        const page = await pageSignedInAs(suite, walker.username);
        const pageErrors = watchForPageErrors(page);
        const violations: string[] = [];
        const scriptErrors: string[] = [];
        const checkedShapes = new Set<string>();
        const { walked, deadEnds } = await walkFromHome(walker.pages, async (link, shape) => {
          const response = await page.goto(`${suite.baseUrl}${link}`);
          const status = response?.status() ?? 0;
          if (status >= 400) return { deadEnd: `answered ${status}`, hrefs: [] };
          if (new URL(page.url()).pathname.startsWith('/sign-in'))
            return { deadEnd: 'asked to sign in', hrefs: [] };
          if (!response?.headers()['content-type']?.startsWith('text/html'))
            return { deadEnd: null, hrefs: [] };
          if (!checkedShapes.has(shape)) {
            checkedShapes.add(shape);
            await expectNoAccessibilityViolations(page).catch((error: { actual?: string[] }) =>
              violations.push(
                ...(error.actual ?? [String(error)]).map((violation) => `${link}: ${violation}`)
              )
            );
          }
          scriptErrors.push(...pageErrors.splice(0).map((error) => `${link}: ${error}`));
          const hrefs = await page.$$eval('a[href]', (anchors) =>
            anchors.map((a) => a.getAttribute('href') ?? '')
          );
          return { deadEnd: null, hrefs };
        });
        expect({ deadEnds, violations, scriptErrors }).toEqual({
          deadEnds: [],
          violations: [],
          scriptErrors: [],
        });
        expect(walked).toBeGreaterThan(10);
      }
    );
  }
});

/**
 * Issue 15, finding 9: the child's journey in the order it happened. A contact is rated, decided, written
 * to the referrer about and then discussed at a strategy discussion recorded straight after, in the same
 * minute (its form takes the time in whole minutes), then handed over. The child's record (newest first)
 * and the case page (oldest first) list every step in the order it was recorded, "linked to a record" too.
 */
describeInBrowser('the child’s journey in the order it happened', () => {
  const suite = useBrowserApp();

  async function submit(page: Page, button: string): Promise<void> {
    await page.getByRole('button', { name: button }).click();
    await page.waitForLoadState('load');
  }

  /** The labels of the steps in a table of steps, top to bottom. */
  async function stepsIn(page: Page, table: string, column: number): Promise<string[]> {
    return page.locator(`${table} tbody tr td:nth-child(${column})`).allTextContents();
  }

  it(
    'lists rating, letter, strategy discussion and handover in order on the child’s record',
    { timeout: 180_000 },
    async () => {
      const { t, baseUrl } = suite;
      const secondsLater = (seconds: number) =>
        t.clock.set(new Date(t.clock.now().getTime() + seconds * 1000));
      t.clock.set(new Date('2026-11-20T10:40:20Z'));
      const { contactChildId, personId } = await recordTestContact(t.db, {
        receivedAt: t.clock.now(),
        givenName: 'Elowen',
      });
      const practitioner = await pageSignedInAs(suite, 'practitioner');
      const manager = await pageSignedInAs(suite, 'manager');
      const problems = [watchForPageErrors(practitioner), watchForPageErrors(manager)];

      // Rated red, confirmed by a manager, the threshold assessed.
      secondsLater(95);
      await practitioner.goto(`${baseUrl}/screening/${contactChildId}`);
      await practitioner.locator('#rating-rag').check();
      await practitioner
        .getByLabel('Why this rating')
        .fill('Injury to a child said to be caused by a parent.');
      await submit(practitioner, 'Save rating');
      secondsLater(130);
      await manager.goto(`${baseUrl}/screening/${contactChildId}#rating`);
      await submit(manager, 'Confirm rating');
      secondsLater(140);
      await practitioner.getByRole('link', { name: 'Assess the threshold of need' }).click();
      const levelFour = await t.db
        .selectFrom('threshold_descriptor')
        .select('id')
        .where('level', '=', 4)
        .orderBy('document_id', 'desc')
        .executeTakeFirstOrThrow();
      await practitioner.locator(`input[name="descriptors"][value="${levelFour.id}"]`).check();
      await practitioner.locator('#chosenLevel-4').check();
      await submit(practitioner, 'Save the threshold assessment');

      // A strategy discussion is proposed and authorised: the handover is offered in the same instant.
      secondsLater(150);
      await practitioner.getByRole('button', { name: 'Propose a decision' }).click();
      await practitioner.getByLabel('Strategy discussion (section 47)').check();
      const team = await t.db
        .selectFrom('team')
        .select('id')
        .where('name', 'like', 'Assessment%')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await practitioner.getByLabel(/Receiving team/).selectOption(String(team.id));
      await practitioner.getByLabel('Rationale').fill('Physical harm by a parent.');
      await practitioner.getByLabel(/child's views/).fill('She said she is scared to go home.');
      await practitioner.getByLabel(/family's history/).fill('No earlier contacts.');
      await submit(practitioner, 'Send to a manager to authorise');
      secondsLater(160);
      await manager.goto(`${baseUrl}/screening/${contactChildId}`);
      await manager.getByLabel('Authorise', { exact: true }).check();
      await submit(manager, "Save the manager's decision");

      // The letter to the referrer is sent at 10:53:15; the strategy discussion is recorded 20 seconds
      // later, at the time its form starts with: 10:53, before the letter to the second.
      t.clock.set(new Date('2026-11-20T10:53:15Z'));
      await manager.getByRole('link', { name: 'See, print or send the letter to the referrer' }).click();
      await manager.getByLabel(/Who are you sending it to/).fill('Ms A Teacher');
      await manager.getByLabel('Post').check();
      await submit(manager, 'Send or record the letter');
      secondsLater(20);
      await practitioner.goto(`${baseUrl}/screening/${contactChildId}`);
      await practitioner.getByRole('link', { name: 'Record a strategy discussion' }).click();
      expect(await practitioner.locator('[name="convenedAt-time"]').inputValue()).toBe('10:53');
      for (const agency of ['council', 'police', 'health']) {
        await practitioner.locator(`#attendee-${agency}-attended`).check();
        await practitioner.locator(`#attendee-${agency}-name`).fill(`The ${agency} lead`);
      }
      await practitioner
        .getByLabel('What information did the agencies share?')
        .fill('The injury seen at school.');
      await practitioner.getByLabel(/Joint section 47 enquiry/).check();
      await practitioner.getByLabel('Why was this decided?').fill('Likely significant harm from a parent.');
      await practitioner.getByLabel('Chair', { exact: true }).selectOption({ index: 1 });
      const assessmentWorker = await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', 'assessment')
        .executeTakeFirstOrThrow();
      await practitioner.locator('#ownerWorker').selectOption(String(assessmentWorker.id));
      await submit(practitioner, 'Save strategy discussion');

      // The assessment team accepts the child.
      secondsLater(200);
      const socialWorker = await pageSignedInAs(suite, 'assessment');
      await socialWorker.goto(`${baseUrl}/handovers`);
      await socialWorker
        .getByRole('link', { name: /Elowen/ })
        .first()
        .click();
      await submit(socialWorker, 'Accept handover');

      // Every step was recorded as it happened, so the order of recording is the order they happened in.
      const recorded = await t.db
        .selectFrom('journey_event')
        .select('kind')
        .where('contact_child_id', '=', contactChildId)
        .orderBy('id')
        .execute();
      const happened = recorded.map((step) => JOURNEY_STEPS[step.kind as JourneyStep]);
      expect(happened).toEqual(
        expect.arrayContaining([
          'Child linked to a record',
          'Letter to the referrer sent',
          'Strategy discussion held',
          'Handover accepted',
        ])
      );
      expect(happened.indexOf('Letter to the referrer sent')).toBeLessThan(
        happened.indexOf('Strategy discussion held')
      );

      await practitioner.goto(`${baseUrl}/people/${personId}`);
      expect
        .soft(
          await stepsIn(practitioner, '[data-testid="person-timeline"]', 2),
          'the child’s record, newest first'
        )
        .toEqual(happened.toReversed());
      await expectNoAccessibilityViolations(practitioner);
      await practitioner.goto(`${baseUrl}/screening/${contactChildId}#journey`);
      expect
        .soft(await stepsIn(practitioner, 'table[aria-describedby="journey-caption"]', 2), 'the case page')
        .toEqual(happened);
      expect(problems).toEqual([[], []]);
    }
  );

  it('lists a demo child’s letter and strategy discussion in the order they happened', async () => {
    const { t, baseUrl } = suite;
    const seeded = await t.db
      .selectFrom('strategy_discussion')
      .innerJoin('contact_child', 'contact_child.id', 'strategy_discussion.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .innerJoin('decision', 'decision.contact_child_id', 'contact_child.id')
      .innerJoin('referrer_letter', 'referrer_letter.decision_id', 'decision.id')
      .where('referrer_letter.sent_at', 'is not', null)
      .select([
        'contact_child.person_id',
        'contact.reference',
        'strategy_discussion.convened_at',
        'referrer_letter.created_at',
        'referrer_letter.sent_at',
      ])
      .orderBy('strategy_discussion.id')
      .executeTakeFirstOrThrow();
    // What the records say happened, oldest first.
    const happened = (
      [
        ['Strategy discussion held', seeded.convened_at],
        ['Letter to the referrer written', seeded.created_at],
        ['Letter to the referrer sent', seeded.sent_at!],
      ] as const
    )
      .toSorted((a, b) => a[1].getTime() - b[1].getTime())
      .map(([label]) => label);
    const page = await pageSignedInAs(suite, 'practitioner');
    await page.goto(`${baseUrl}/people/${seeded.person_id}`);
    const rows = await page
      .locator('[data-testid="person-timeline"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''))
      );
    const contactSteps = rows.filter((cells) => cells[2] === seeded.reference).map((cells) => cells[1]!);
    expect(contactSteps).toContain('Child linked to a record');
    expect(
      contactSteps.filter((step) => (happened as readonly string[]).includes(step)),
      `the steps of ${seeded.reference}, newest first`
    ).toEqual(happened.toReversed());
  });
});
