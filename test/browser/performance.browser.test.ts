import fs from 'node:fs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { parseCsv } from '../../src/shared/csv.ts';

/*
 * The evidence base walked by the analyst, a manager, a leader and a police partner: each sees what their
 * role allows; the analyst drills from re-referrals to the children and a record, and from a cell of a
 * breakdown to the children it counts, downloads a trend whose CSV matches its table, and sees a control
 * chart flag a special cause planted in one agency's contacts and none in another agency's steady ones.
 */

/** Contacts a month from an agency, over the 24 months the default trend shows (Nov 2024 to Oct 2026). */
const STEADY = [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11];
const SPIKE_MONTH = 20; // Jul 2026
const PLANTED = STEADY.map((count, month) => (month === SPIKE_MONTH ? 28 : count));

/** Copies of one demo contact and its child, received from `agencyId` with `perMonth` in each month. */
async function plantContacts(db: Db, agencyName: string, perMonth: readonly number[]): Promise<number> {
  const agency = await db
    .insertInto('agency')
    .values({ name: agencyName, kind: 'health' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: _contactId, ...contact } = await db
    .selectFrom('contact')
    .selectAll()
    .where('channel', '=', 'phone')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const {
    id: _childId,
    contact_id: _of,
    ...child
  } = await db
    .selectFrom('contact_child')
    .selectAll()
    .where('contact_id', '=', _contactId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  let sequence = 0;
  for (const [month, count] of perMonth.entries()) {
    for (let day = 1; day <= count; day++) {
      const receivedAt = new Date(Date.UTC(2024, 10 + month, day, 11));
      sequence += 1;
      const inserted = await db
        .insertInto('contact')
        .values({
          ...contact,
          reference: `${agencyName.slice(0, 6).toUpperCase()}-${sequence}`,
          public_reference: null,
          received_at: receivedAt,
          recorded_at: receivedAt,
          referrer_agency_id: agency.id,
          out_of_hours: false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('contact_child')
        .values({ ...child, contact_id: inserted.id, described_child: null })
        .execute();
    }
  }
  return agency.id;
}

/** The cells of the "Contacts" trend table, as shown. */
async function contactsTable(page: Page): Promise<string[][]> {
  const table = page.locator('#measure-contacts').locator('xpath=..').locator('table');
  return table.locator('tr').evaluateAll((rows) =>
    rows.map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => {
        const copy = cell.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.govuk-visually-hidden').forEach((hidden) => hidden.remove());
        return (copy.textContent ?? '').trim();
      })
    )
  );
}

describeInBrowser('the performance pages in the browser', () => {
  const suite = useBrowserApp();

  it(
    'the analyst filters, sees a planted special cause and none on steady data, downloads a trend and drills to a child',
    { timeout: 240_000 },
    async () => {
      const { baseUrl, t } = suite;
      const steadyId = await plantContacts(t.db, 'Steady Health Trust', STEADY);
      const plantedId = await plantContacts(t.db, 'Planted Health Trust', PLANTED);
      const page = await suite.signedInPage('performance_analyst');
      const problems = watchForPageErrors(page);
      await page.getByRole('link', { name: 'Performance', exact: true }).click();
      await page.getByRole('link', { name: 'Demand' }).first().click();
      await page.waitForURL(`${baseUrl}/performance/demand`);
      await expectNoAccessibilityViolations(page);

      await page.getByLabel('Referring agency').selectOption({ label: 'Steady Health Trust' });
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.waitForURL((url) => url.searchParams.get('agency') === String(steadyId));
      const steady = await contactsTable(page);
      expect(steady.slice(1).map((row) => row[0])).toContain('Jul 2026');
      expect(steady.slice(1).every((row) => row.at(-1) === '')).toBe(true);

      await page.getByLabel('Referring agency').selectOption({ label: 'Planted Health Trust' });
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.waitForURL((url) => url.searchParams.get('agency') === String(plantedId));
      const planted = await contactsTable(page);
      const flagged = planted.slice(1).filter((row) => row.at(-1) !== '');
      expect(
        flagged.map((row) => row[0]),
        JSON.stringify(planted)
      ).toEqual(['Jul 2026']);
      expect(flagged[0]!.at(-1)).toContain('outside the process limits');

      const csvLink = page.locator('a[href^="/performance/measures/contacts.csv"]');
      const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
      expect(parseCsv(fs.readFileSync((await download.path())!, 'utf8'))).toEqual(planted);

      await page.goto(`${baseUrl}/performance/demand`);
      await page
        .getByRole('link', { name: /^See the children behind this figure\W+Re-referrals within 12 months$/ })
        .click();
      await page.getByRole('heading', { name: 'The children behind this figure' }).waitFor();
      await expectNoAccessibilityViolations(page);
      await page.locator('main table a').first().click();
      await page.waitForURL(/\/people\/\d+$/);
      expect(problems).toEqual([]);
      await page.close();
    }
  );

  it(
    'the analyst drills from a cell of a breakdown to the children it counts',
    { timeout: 120_000 },
    async () => {
      const { baseUrl } = suite;
      const page = await suite.signedInPage('performance_analyst');
      const problems = watchForPageErrors(page);
      await page.goto(`${baseUrl}/performance/decisions`);
      const table = page.locator('#table-nfa_by_agency').locator('xpath=..').locator('table');
      const cell = table.locator('td a').first();
      const count = await cell.evaluate((link) => (link.firstChild?.textContent ?? '').trim());
      expect(count).toMatch(/^[1-9][0-9]*$/);
      await cell.click();
      await page.getByRole('heading', { name: 'The children behind this figure' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(
        `: ${count} ${count === '1' ? 'case' : 'cases'}.`
      );
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );

  it('a manager sees the figures and the workload; a leader the figures', { timeout: 120_000 }, async () => {
    const { baseUrl } = suite;
    const manager = await suite.signedInPage('team_manager');
    await manager.goto(`${baseUrl}/performance/timeliness`);
    await manager.getByRole('heading', { name: 'Decisions within one working day' }).waitFor();
    await expectNoAccessibilityViolations(manager);
    await manager.getByRole('link', { name: 'Workload' }).click();
    await manager.getByRole('table', { name: 'What is waiting on whom' }).waitFor();
    await expectNoAccessibilityViolations(manager);
    await manager.close();

    const leader = await suite.signedInPage('senior_leader');
    await leader.goto(`${baseUrl}/performance/decisions`);
    await leader.getByRole('heading', { name: 'No further action by referring agency' }).waitFor();
    await expectNoAccessibilityViolations(leader);
    await leader.close();
  });

  it(
    'a police partner sees only their own agency’s figures and never a child',
    { timeout: 120_000 },
    async () => {
      const { baseUrl } = suite;
      const police = await suite.signedInPage('partner_agency_practitioner');
      await police.getByRole('link', { name: 'Performance', exact: true }).click();
      await police.getByRole('link', { name: 'Decisions' }).first().click();
      await police.getByText('your agency’s figures only').first().waitFor();
      expect(await police.getByLabel('Referring agency', { exact: true }).count()).toBe(0);
      expect(await police.locator('a[href*="/children"]').count()).toBe(0);
      expect(await police.getByRole('link', { name: 'Workload' }).count()).toBe(0);
      await expectNoAccessibilityViolations(police);
      const workload = await police.goto(`${baseUrl}/performance/workload`);
      expect(workload?.status()).toBe(403);
      await police.close();
    }
  );
});
