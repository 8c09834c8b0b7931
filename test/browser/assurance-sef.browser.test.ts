import fs from 'node:fs';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { docxToPdfText, libreOfficeAvailable, requireLibreOfficeInCi } from '../support/libreoffice.ts';
import { TEST_NOW } from '../support/test-fixtures.ts';
import { seedSelfEvaluation } from '../../src/demo/self-evaluation.ts';

/*
 * The self-evaluation walked by the QA officer and the police partner: the QA officer opens the demo
 * council's SEF and writes in an area, the partner adds theirs (labelled with their agency), the QA officer
 * changes their entry (its earlier version kept) and downloads the Appendix C report, which LibreOffice
 * opens with the evidence tables filled with the figures the page showed.
 */

const QA_TEXT = 'Children’s views are recorded in most contacts; the dip sample found gaps out of hours.';
const QA_CHANGED =
  'Children’s views are recorded in most contacts; out-of-hours recording is the gap to close.';
const CHECKLIST_NOTE = 'Evidence tables drawn live from the performance pages.';
const PRIORITY = 'Bring out-of-hours recording of the child’s views up to the day team’s.';
const POLICE_TEXT = 'Officers record what each child said at the scene in every domestic abuse notification.';

/** The figure a row of an evidence section's measures table shows, e.g. Contacts in Appendix B 1. */
async function evidenceFigure(page: Page, section: string, measure: string): Promise<string> {
  const row = page
    .locator(`section[aria-labelledby="evidence-${section}"] tr`)
    .filter({ has: page.locator('th', { hasText: new RegExp(`^${measure}$`) }) });
  return ((await row.locator('td').first().textContent()) ?? '').trim();
}

describeInBrowser('the self-evaluation in the browser', () => {
  const suite = useBrowserApp();

  it.skipIf(!libreOfficeAvailable)(
    'a QA officer and a police partner write in the SEF and the DOCX report opens with its evidence filled',
    { timeout: 300_000 },
    async () => {
      const { baseUrl, t } = suite;
      await seedSelfEvaluation(t.db, { now: TEST_NOW });

      const qa = await suite.signedInPage('qa_officer');
      const qaProblems = watchForPageErrors(qa);
      await qa.goto(`${baseUrl}/assurance/sef`);
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('link', { name: '2026-27' }).click();
      await qa.getByRole('heading', { name: '2026-27', level: 1 }).waitFor();
      await expectNoAccessibilityViolations(qa);
      const contacts = await evidenceFigure(qa, 'activity', 'Contacts');
      const referrals = await evidenceFigure(qa, 'activity', 'Referrals');
      expect(contacts).toMatch(/^[0-9][0-9,]*$/);
      expect(referrals).toMatch(/^[0-9][0-9,]*$/);

      await qa.getByRole('link', { name: /^4\. Keeping every child/ }).click();
      await qa
        .getByRole('heading', { name: /Keeping every child and their experiences at the centre/, level: 1 })
        .waitFor();
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('button', { name: 'Save your narrative' }).click();
      await qa.getByRole('link', { name: 'Enter your narrative for this area' }).waitFor();
      await expectNoAccessibilityViolations(qa);
      await qa.getByLabel('Add your narrative').fill(QA_TEXT);
      await qa.getByRole('button', { name: 'Save your narrative' }).click();
      await qa.getByText('Your narrative is saved.').waitFor();
      await expectNoAccessibilityViolations(qa);

      const police = await suite.signedInPage('partner_agency_practitioner');
      const policeProblems = watchForPageErrors(police);
      await police.goto(`${baseUrl}/assurance/sef`);
      await police.getByRole('link', { name: '2026-27' }).click();
      await police.getByText('You see your own agency’s figures only').waitFor();
      await expectNoAccessibilityViolations(police);
      await police.getByRole('link', { name: /^4\. Keeping every child/ }).click();
      await police.getByText(QA_TEXT).waitFor();
      // The council's entry is the council's: the partner cannot change it.
      expect(await police.getByRole('link', { name: /Change/ }).count()).toBe(0);
      await police.getByLabel('Add your narrative').fill(POLICE_TEXT);
      await police.getByRole('button', { name: 'Save your narrative' }).click();
      await police.getByText('Your narrative is saved.').waitFor();
      await police.getByText(POLICE_TEXT).waitFor();
      await expectNoAccessibilityViolations(police);

      await qa.reload();
      const policeCard = qa.locator('.govuk-summary-card').filter({ hasText: POLICE_TEXT });
      expect(await policeCard.locator('.govuk-tag').textContent()).toMatch(/Police/);
      await qa.getByRole('link', { name: 'Change the entry by Ruth Bennett' }).click();
      await qa.getByLabel('Narrative').fill(QA_CHANGED);
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('button', { name: 'Save a new version' }).click();
      await qa.getByText('Your narrative is saved.').waitFor();
      await qa.getByText('Earlier versions (1)', { exact: false }).first().click();
      await qa.getByText(QA_TEXT).waitFor();
      await expectNoAccessibilityViolations(qa);

      await qa.getByRole('link', { name: /Back to the 2026-27 self-evaluation/ }).click();
      await qa
        .getByText(/Tom Rowe \(.*Police\)/)
        .first()
        .waitFor();
      await qa.getByRole('link', { name: 'Answer the checklist' }).click();
      await expectNoAccessibilityViolations(qa);
      await qa.getByRole('group', { name: 'j) Use data wisely' }).getByLabel('Shown').check();
      await qa.getByLabel('Note on j) (optional)').fill(CHECKLIST_NOTE);
      await qa.getByRole('button', { name: 'Save the checklist' }).click();
      await qa.getByText('The checklist is saved.').waitFor();
      await qa.getByRole('link', { name: 'Add a priority for improvement' }).click();
      await qa.getByLabel('Priority for improvement').fill(PRIORITY);
      await qa.getByLabel('Owner').selectOption({ label: 'Ruth Bennett' });
      await qa.getByRole('button', { name: 'Add the priority' }).click();
      await qa.getByText('Enter the due date').first().waitFor();
      await expectNoAccessibilityViolations(qa);
      expect(await qa.getByLabel('Priority for improvement').inputValue()).toBe(PRIORITY);
      await qa.getByLabel('Day').fill('30');
      await qa.getByLabel('Month').fill('6');
      await qa.getByLabel('Year').fill('2027');
      await qa.getByRole('button', { name: 'Add the priority' }).click();
      await qa.getByText('The priority is saved.').waitFor();
      await expectNoAccessibilityViolations(qa);
      // Its owner and due date are followed up: changed, then closed with its outcome.
      await qa
        .getByRole('link', { name: new RegExp(`Change or close the priority: ${PRIORITY.slice(0, 20)}`) })
        .click();
      await expectNoAccessibilityViolations(qa);
      await qa.getByLabel('Day').fill('31');
      await qa.getByLabel('Month').fill('7');
      await qa.getByRole('button', { name: 'Save the changes' }).click();
      await qa.getByText('The priority is saved.').waitFor();
      await qa.getByRole('cell', { name: '31 July 2027' }).waitFor();
      const [download] = await Promise.all([
        qa.waitForEvent('download'),
        qa.getByRole('link', { name: 'Download the report (DOCX)' }).click(),
      ]);
      const docx = fs.readFileSync(await download.path());
      const zip = await JSZip.loadAsync(docx);
      expect(await zip.file('word/document.xml')!.async('string')).toContain('Lead Person:');

      const { text } = docxToPdfText(docx);
      expect(text).toContain('Self-Evaluation of the Social Care Front Door Arrangements');
      expect(text).toContain('Lead Person: Ruth Bennett');
      expect(text).toContain(QA_CHANGED);
      expect(text).toContain(POLICE_TEXT);
      expect(text).not.toContain(QA_TEXT);
      expect(text).toContain(`Contacts ${contacts}`);
      expect(text).toContain(`Referrals ${referrals}`);
      expect(text).toContain('9. Summarising priorities and areas for improvement');
      expect(text).toContain('31 July 2027');
      expect(text).toContain('3 Workforce and resource data');
      expect(text).toContain(CHECKLIST_NOTE);
      expect([...qaProblems, ...policeProblems]).toEqual([]);
    }
  );
});

requireLibreOfficeInCi();
