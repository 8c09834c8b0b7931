import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { AUDIT_GRADES } from '../../src/modules/assurance/audits/audit-summary.ts';
import { generateDecisions } from '../../src/modules/assurance/consistency/synthetic.ts';
import { plantDecisions } from '../../src/modules/assurance/analysis/planted-decisions.ts';

/*
 * A QA officer walks the assurance analysis: threshold consistency finds the team planted in 2019's
 * records that escalates less on Fridays for the same need and reads the auditors' agreement; partner
 * feedback leads to a partner's report, which prints on A4 without the service's header; the quality and
 * timeliness matrix places each team. Every page passes axe.
 */

const PERIOD_2019 = { from: ['1', '1', '2019'], to: ['31', '12', '2019'] } as const;

/** Completed audits of the first planted decisions: grades in turn, the auditor agreeing with most levels. */
async function completeAudits(db: Db, count: number): Promise<void> {
  const qa = await db
    .selectFrom('staff_user')
    .where('username', '=', 'qa')
    .select('id')
    .executeTakeFirstOrThrow();
  const form = await db
    .insertInto('audit_form')
    .values({ code: 'browser-test', title: 'Browser test audit', description: 'For the browser test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const decided = await db
    .selectFrom('decision as d')
    .innerJoin('contact_child as cc', 'cc.id', 'd.contact_child_id')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .where('c.reference', 'like', 'Planted %')
    .select(['d.contact_child_id', 'd.chosen_level', 'd.outcome', 'd.authorised_at'])
    .orderBy('d.id')
    .limit(count)
    .execute();
  await db
    .insertInto('case_audit')
    .values(
      decided.map((decision, index) => ({
        form_id: form.id,
        contact_child_id: decision.contact_child_id,
        auditor_id: qa.id,
        assigned_by: qa.id,
        assigned_at: decision.authorised_at!,
        due_on: '2019-12-31',
        status: 'completed' as const,
        grade: AUDIT_GRADES[index % AUDIT_GRADES.length]!,
        auditor_level:
          index % 5 === 0 ? Math.min(4, (decision.chosen_level ?? 1) + 1) : decision.chosen_level,
        auditor_outcome: index % 7 === 0 ? 'early_help' : decision.outcome,
        completed_at: new Date(decision.authorised_at!.getTime() + 86_400_000),
      }))
    )
    .execute();
}

async function choosePeriod(page: Page): Promise<void> {
  const fields = [
    ['First day of the period', PERIOD_2019.from],
    ['Last day of the period', PERIOD_2019.to],
  ] as const;
  for (const [legend, [day, month, year]] of fields) {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  }
}

describeInBrowser('the assurance analysis in the browser', () => {
  const suite = useBrowserApp();

  it(
    'a QA officer reads threshold consistency, a partner’s printable report and the quality and timeliness matrix',
    { timeout: 240_000 },
    async () => {
      const { baseUrl, t } = suite;
      const decisions = generateDecisions({
        seed: 1,
        decisions: 6000,
        planted: { team: 'Team C', weekday: 'Fri', oddsRatio: 0.3 },
      });
      await plantDecisions(t.db, decisions, { firstMonday: '2019-01-07', prefix: 'Planted ' });
      await completeAudits(t.db, 60);
      const page = await suite.signedInPage('qa_officer');
      const problems = watchForPageErrors(page);

      await page.goto(`${baseUrl}/assurance/consistency`);
      await page.getByRole('heading', { name: 'Threshold consistency', level: 1 }).waitFor();
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Compare decisions by').selectOption({ label: 'Team and day of the week' });
      await choosePeriod(page);
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.waitForURL((url) => url.searchParams.get('by') === 'teamWeekday');
      const summary = await page.getByTestId('consistency-summary').textContent();
      expect(summary).toContain('Planted Team C, Friday (fewer escalations than expected for the same need)');
      expect(await page.getByRole('img', { name: /Escalation for the same need/ }).count()).toBe(1);
      await page.getByRole('heading', { name: 'What a flag means, and what it does not' }).waitFor();
      expect(await page.getByText('60 audits completed in this period.').count()).toBe(1);
      await page.getByRole('table', { name: /Level decided against the level the auditor/ }).waitFor();
      await expectNoAccessibilityViolations(page);

      await page.getByRole('link', { name: 'Partner feedback' }).click();
      await page.getByRole('table', { name: 'Partners and what they sent' }).waitFor();
      await expectNoAccessibilityViolations(page);
      await page.getByRole('table', { name: 'Partners and what they sent' }).locator('a').first().click();
      await page.getByRole('heading', { name: /^Feedback for / }).waitFor();
      await page.getByRole('heading', { name: 'How complete your contacts were' }).waitFor();
      await expectNoAccessibilityViolations(page);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.govuk-template__header').isVisible()).toBe(false);
      expect(await page.getByRole('heading', { name: /^Feedback for / }).isVisible()).toBe(true);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.emulateMedia({ media: 'screen' });

      await page.goto(`${baseUrl}/assurance/quality-timeliness`);
      await choosePeriod(page);
      await page.getByRole('button', { name: 'Show the figures' }).click();
      await page.waitForURL((url) => url.searchParams.get('from-year') === '2019');
      await page.getByRole('img', { name: 'Audit grades against timeliness, by team' }).waitFor();
      const table = page.getByRole('table', { name: 'Audit grades and timeliness, by team' });
      expect(await table.getByRole('rowheader', { name: 'Planted Team C' }).count()).toBe(1);
      await expectNoAccessibilityViolations(page);
      expect(problems).toEqual([]);
      await page.close();
    }
  );
});
