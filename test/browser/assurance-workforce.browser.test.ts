import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';

/*
 * A QA officer on the workforce page records a supervision (first with a mistake, which the form names
 * and keeps what was typed) and a worker's employment; then on the capacity page asks what if the front
 * door had one practitioner less on weekday days, and reads the model beside the replayed month.
 */
describeInBrowser('the workforce and capacity pages in the browser', () => {
  const suite = useBrowserApp();

  it(
    'a QA officer records supervision and employment, then tries a what-if on staffing',
    { timeout: 240_000 },
    async () => {
      const { baseUrl, t } = suite;
      // Jordan Ellis's supervision on 19 November is the one recorded below, not a seeded one.
      await t.db
        .deleteFrom('supervision')
        .where('held_on', '=', '2026-11-19')
        .where(
          'staff_user_id',
          'in',
          t.db.selectFrom('staff_user').where('username', '=', 'practitioner').select('id')
        )
        .execute();
      const page = await suite.signedInPage('qa_officer');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/assurance/workforce`);
      await page.getByRole('heading', { name: /^Workforce: Front Door/ }).waitFor();
      await page.getByRole('table', { name: 'Staff, their open work and supervision' }).waitFor();
      await expectNoAccessibilityViolations(page);

      await page.getByRole('link', { name: /^Record a supervision/ }).click();
      await page.getByLabel('Who had the supervision').selectOption({ label: 'Jordan Ellis' });
      await page.getByLabel('Day').fill('31');
      await page.getByLabel('Month').fill('9');
      await page.getByLabel('Year').fill('2026');
      await page.getByRole('button', { name: 'Save the supervision' }).click();
      await page.getByText('There is a problem').waitFor();
      await page
        .getByRole('link', { name: 'Date of the supervision must be a real date, for example 27 3 2015' })
        .waitFor();
      expect(await page.getByLabel('Who had the supervision').inputValue()).not.toBe('');
      expect(await page.getByLabel('Day').inputValue()).toBe('31');
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Day').fill('19');
      await page.getByLabel('Month').fill('11');
      await page.getByRole('button', { name: 'Save the supervision' }).click();
      await page.getByText('The supervision is saved.').waitFor();
      const jordan = page.getByRole('row', { name: /Jordan Ellis/ });
      await expect.poll(() => jordan.textContent()).toContain('19 November 2026');

      await page.getByRole('link', { name: 'Change employment of Jordan Ellis' }).click();
      await page.getByLabel('Agency (locum)').check();
      await page.getByLabel('Full-time equivalent').fill('0.6');
      await page.getByRole('button', { name: 'Save the employment' }).click();
      await page.getByText('The employment details are saved.').waitFor();
      await expect.poll(() => jordan.textContent()).toContain('Agency, 0.6 FTE');

      await page.getByRole('link', { name: 'Demand and capacity' }).click();
      await page.getByRole('heading', { name: 'What is measured and what is assumed' }).waitFor();
      await page.getByRole('table', { name: 'Recommended staff on duty' }).waitFor();
      await expectNoAccessibilityViolations(page);
      const recommended = Number(
        await page
          .getByRole('table', { name: 'Recommended staff on duty' })
          .getByRole('row', { name: /^Weekday day/ })
          .locator('td')
          .nth(1)
          .textContent()
      );
      const dayShift = page.getByRole('group', { name: /^Weekday day/ });
      await dayShift.getByLabel('Practitioners').fill(String(Math.max(0, recommended - 1)));
      await page.getByRole('button', { name: 'Predict timeliness' }).click();
      await page.getByText('the staffing you entered').waitFor();
      expect(new URL(page.url()).searchParams.get('weekday_day-practitioners')).toBe(
        String(Math.max(0, recommended - 1))
      );
      const check = page.getByRole('table', { name: /^Share of contacts meeting their RAG timescale/ });
      await expect.poll(() => check.getByRole('row', { name: /^All contacts/ }).textContent()).toMatch(/%/);
      await expectNoAccessibilityViolations(page);

      await dayShift.getByLabel('Managers').fill('one');
      await page.getByRole('button', { name: 'Predict timeliness' }).click();
      await page
        .getByRole('link', { name: 'Weekday day managers must be a whole number, like 0, 1 or 4' })
        .waitFor();
      expect(await dayShift.getByLabel('Managers').inputValue()).toBe('one');
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
