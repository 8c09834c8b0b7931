import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../../../../test/support/browser.ts';
import { useBrowserApp } from '../../../../test/support/browser-app.ts';

const ADULT_NAME = 'Perpetua';

describeInBrowser('a police system’s contact, from the API to the screener and back', () => {
  const suite = useBrowserApp();

  it(
    'shows the adults, police references and a high DASH to the screener, and the outcome to the police system',
    { timeout: 120_000 },
    async () => {
      const { baseUrl } = suite;
      // An administrator issues the police force's key.
      const admin = await suite.signedInPage('administrator');
      await admin.goto(`${baseUrl}/admin/api-keys/new`);
      const police = await suite.t.db
        .selectFrom('agency')
        .select('id')
        .where('kind', '=', 'police')
        .executeTakeFirstOrThrow();
      await admin.getByLabel('Agency').selectOption(String(police.id));
      await admin.getByLabel('Name').fill('Police case system');
      await admin.getByRole('button', { name: 'Create API key' }).click();
      const key = (await admin.getByTestId('api-key').textContent())!.trim();
      await admin.close();

      // The police system sends a domestic abuse notification.
      const sent = await fetch(`${baseUrl}/api/v1/contacts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'idempotency-key': 'browser-walk-000001',
        },
        body: JSON.stringify({
          receivedAt: suite.t.clock.now().toISOString(),
          referrer: {
            name: 'PC Example',
            role: 'Police constable',
            organisation: 'Example Police',
            phone: '01632 960 001',
          },
          children: [{ givenName: 'Wren', familyName: 'Testington', dateOfBirth: '2017-05-01' }],
          concernCodes: ['3B'],
          presentingConcerns: 'Police attended a domestic incident; the child was at home.',
          otherPeople: [{ givenName: ADULT_NAME, familyName: 'Harmsworth', role: 'adult_of_concern' }],
          consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk to the child.' },
          policeIncidentReference: 'EX-20261120-0789',
          crimeReference: 'CR/54321/26',
          dash: { riskLevel: 'high', assessedOn: '2026-11-20' },
        }),
      });
      expect(sent.status).toBe(201);
      const { reference, contactId } = (await sent.json()) as { reference: string; contactId: number };

      // The screener opens the contact.
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/contacts/${contactId}`);
      const facts = page.getByTestId('police-and-dash');
      expect(await facts.textContent()).toContain('EX-20261120-0789');
      expect(await facts.textContent()).toContain('CR/54321/26');
      expect(await facts.textContent()).toContain('High risk, assessed 20 November 2026');
      expect(await page.locator('.govuk-warning-text', { hasText: 'MARAC' }).count()).toBe(1);
      // The adult the police named waits, as named, for the screener to link to a person record.
      expect(await page.getByTestId('adults-not-linked').textContent()).toContain('1 adult');
      await expectNoAccessibilityViolations(page);
      await page.getByRole('link', { name: /^Adults named by the referrer/ }).click();
      await page.waitForURL(/\/contacts\/\d+\/adults$/);
      expect(await page.locator('main').textContent()).toContain(ADULT_NAME);
      await expectNoAccessibilityViolations(page);
      await page.goto(`${baseUrl}/contacts/${contactId}`);
      // The screening page shows the same, so the MARAC question is asked where the child is screened.
      await page
        .getByRole('link', { name: /^Screening/ })
        .first()
        .click();
      await page.waitForURL(/\/screening\/\d+/);
      expect(await page.getByTestId('police-and-dash').textContent()).toContain(
        'High risk, assessed 20 November 2026'
      );
      expect(await page.locator('.govuk-warning-text', { hasText: 'MARAC' }).count()).toBe(1);
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();

      // The police system asks where the contact has got to.
      const outcome = await fetch(`${baseUrl}/api/v1/contacts/${reference}/outcome`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(outcome.status).toBe(200);
      expect(await outcome.json()).toMatchObject({ reference, status: 'received', outcomeShared: false });
    }
  );
});
