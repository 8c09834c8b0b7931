import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from './test-app.ts';
import { launchChromium, listen } from './browser.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/demo/demo-accounts.ts';
import { totpCodeAt } from '../../src/platform/auth/totp.ts';
import type { Role } from '../../src/platform/db/schema.ts';
import { demoUser } from './demo-users.ts';

export interface BrowserApp {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A new page signed in as the role's demo account (second factor answered when asked). */
  signedInPage(role: Role): Promise<Page>;
}

/** The app listening on a free port with Chromium, for one browser suite; call inside the describe. */
export function useBrowserApp(): BrowserApp {
  const suite = {} as BrowserApp;
  beforeAll(async () => {
    suite.t = await createTestApp();
    suite.baseUrl = await listen(suite.t.app);
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.t?.close();
  });
  suite.signedInPage = async (role) => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.baseUrl}/sign-in`);
    await page.getByLabel('Username').fill(demoUser(role));
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    if (page.url().endsWith('/sign-in/second-factor')) {
      await suite.t.allowSecondFactorCodesAgain();
      await page.getByLabel('Security code').fill(totpCodeAt(DEMO_TOTP_SECRET, suite.t.clock.now()));
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    await page.waitForURL(`${suite.baseUrl}/`);
    return page;
  };
  return suite;
}
