import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  freePort,
  launchChromium,
} from '../support/browser.ts';
import {
  addPractitioner,
  createSingleSignOnApp,
  type SingleSignOnTestApp,
} from '../support/single-sign-on-app.ts';

/** A port free now, for Front Door, whose callback address the provider must know before either starts. */
describeInBrowser('single sign-on in a real browser', () => {
  let t: SingleSignOnTestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createSingleSignOnApp(`${baseUrl}/sign-in/oidc/callback`);
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a practitioner signs in at the provider’s login and consent pages and lands on their home page', async () => {
    await addPractitioner(t.db, 'Rowan.Hale@frontdoor-council.example');
    t.idp.accounts.set('rowan.hale', { email: 'rowan.hale@frontdoor-council.example' });
    const page = await browser.newPage();

    await page.goto(`${baseUrl}/sign-in`);
    await expectNoAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Sign in with Test Council ID' }).click();

    await page.waitForURL(`${t.idp.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill('rowan.hale');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${baseUrl}/`);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('Sso Practitioner');
    await page.close();
  });

  it('shows a refusal the person can act on when they have no staff record', async () => {
    t.idp.accounts.set('visitor', { email: 'visitor@another-organisation.example' });
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with Test Council ID' }).click();
    await page.waitForURL(`${t.idp.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill('visitor');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${baseUrl}/sign-in/oidc/callback**`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('You could not be signed in');
    expect(await page.locator('main').textContent()).toContain('There is no Front Door account');
    await expectNoAccessibilityViolations(page);
    await page.close();
  });
});
