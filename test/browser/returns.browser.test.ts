import fs from 'node:fs';
import { expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { readCensusXml } from '../../src/modules/returns/cin-census/census-xml.ts';
import { checkCensus } from '../../src/modules/returns/cin-census/check-census.ts';
import { ANNEX_A_LISTS } from '../../src/modules/returns/annex-a/annex-a-lists.ts';

describeInBrowser('an analyst downloads the returns in the browser', () => {
  const suite = useBrowserApp();

  it(
    'checks the CIN census, downloads it and Annex A for the demo council, and the pages pass axe',
    { timeout: 180_000 },
    async () => {
      const { baseUrl } = suite;
      const page = await suite.signedInPage('performance_analyst');
      const problems = watchForPageErrors(page);
      await page
        .getByRole('navigation', { name: 'Main menu' })
        .getByRole('link', { name: 'Returns' })
        .click();
      await page.waitForURL(`${baseUrl}/returns`);
      await expectNoAccessibilityViolations(page);

      await page.getByRole('link', { name: 'Check the 2025 to 2026 census' }).click();
      await page.waitForURL(`${baseUrl}/returns/cin-census/2026/check`);
      expect(await page.locator('main').textContent()).toMatch(/children in the return\. 0 errors/);
      await expectNoAccessibilityViolations(page);

      await page.goto(`${baseUrl}/returns`);
      const [census] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download the 2025 to 2026 census (XML)' }).click(),
      ]);
      expect(census.suggestedFilename()).toBe('cin-census-2026.xml');
      const xml = fs.readFileSync((await census.path())!, 'utf8');
      const check = checkCensus(readCensusXml(xml));
      expect(check.errors).toBe(0);

      await page.getByLabel('Day').fill('20');
      await page.getByLabel('Month').fill('11');
      await page.getByLabel('Year').fill('2026');
      const [annexA] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download Annex A (Excel)' }).click(),
      ]);
      expect(annexA.suggestedFilename()).toBe('annex-a-2026-11-20.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await annexA.path())!);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(
        Object.values(ANNEX_A_LISTS).map((list) => list.sheet)
      );
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
