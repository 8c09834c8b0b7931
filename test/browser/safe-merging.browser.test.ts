import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { findDuplicatesInIndex } from '../../src/modules/people/merge/duplicates-finder.ts';

/**
 * Issue 16, section 3 on screen: an administrator works a pair from the likely-duplicates list to a
 * merge, seeing both records side by side, ticking each difference and giving a reason that says enough.
 */
describeInBrowser('safe merging in the browser', () => {
  const suite = useBrowserApp();

  it(
    'works one likely duplicate pair to a merge with its conflicts acknowledged',
    { timeout: 120_000 },
    async () => {
      const db = suite.t.db;
      const [kept, duplicate] = await db
        .insertInto('person')
        .values([
          { given_name: 'Philippa', family_name: 'Underhay', date_of_birth: '2017-10-21', sex: 'F' },
          { given_name: 'Philippa', family_name: 'Underhey', date_of_birth: '2017-10-21', sex: 'M' },
        ])
        .returning('id')
        .execute();
      await findDuplicatesInIndex(db, () => suite.t.clock.now());

      const page = await suite.signedInPage('administrator');
      const problems = watchForPageErrors(page);
      await page.goto(`${suite.baseUrl}/people/duplicates`);
      expect(await page.getByTestId('last-search').textContent()).toContain('records compared');
      await expectNoAccessibilityViolations(page);

      await page.locator(`a[href="/people/${kept!.id}/merge?duplicate=${duplicate!.id}"]`).click();
      await page.waitForURL(`${suite.baseUrl}/people/${kept!.id}/merge?duplicate=${duplicate!.id}`);
      const comparison = page.getByTestId('merge-comparison');
      expect(await comparison.textContent()).toContain('Underhey');
      expect(await comparison.locator('[data-conflict="sex"]').textContent()).toContain('Check');
      await expectNoAccessibilityViolations(page);

      // "same" and no ticks: refused with both problems, nothing lost.
      await page.getByLabel('Why are these the same person?').fill('same');
      await page.getByRole('button', { name: 'Merge these records' }).click();
      await page.waitForLoadState('load');
      const summary = await page.locator('.govuk-error-summary').textContent();
      expect(summary).toContain('Tick each difference to confirm you have checked it');
      expect(summary).toContain('Say why these are the same person despite the differences listed');
      await expectNoAccessibilityViolations(page);

      await page.getByLabel(/The sex recorded differs/).check();
      await page.getByLabel(/The family names differ/).check();
      await page
        .getByLabel('Why are these the same person?')
        .fill('The police recorded the wrong sex and misspelt the surname; the school confirmed one child');
      await page.getByRole('button', { name: 'Merge these records' }).click();
      await page.waitForURL(`${suite.baseUrl}/people/${kept!.id}?merged=${duplicate!.id}`);
      const merged = await db
        .selectFrom('person')
        .select('merged_into_id')
        .where('id', '=', duplicate!.id)
        .executeTakeFirstOrThrow();
      expect(merged.merged_into_id).toBe(kept!.id);

      await page.goto(`${suite.baseUrl}/people/duplicates`);
      expect(
        await page.locator(`a[href="/people/${kept!.id}/merge?duplicate=${duplicate!.id}"]`).count()
      ).toBe(0);
      expect(problems).toEqual([]);
    }
  );
});
