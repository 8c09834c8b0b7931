import { expect, it } from 'vitest';
import { useBrowserApp } from '../support/browser-app.ts';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';

describeInBrowser('the online request for support in a real browser', () => {
  const suite = useBrowserApp();

  async function startAs(who: string): Promise<{ page: Page; problems: string[] }> {
    const page = await suite.browser.newPage();
    const problems = watchForPageErrors(page);
    await page.goto(`${suite.baseUrl}/request-support`);
    await expectNoAccessibilityViolations(page);
    await page.getByLabel(who).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    return { page, problems };
  }

  async function continueTo(page: Page, heading: string): Promise<void> {
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toContain(heading);
    await expectNoAccessibilityViolations(page);
  }

  async function errorSummary(page: Page): Promise<string | null> {
    await page.locator('.govuk-error-summary').waitFor();
    return page.locator('.govuk-error-summary').textContent();
  }

  async function sendAndReadReference(page: Page): Promise<string> {
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/sent\?reference=/);
    await expectNoAccessibilityViolations(page);
    const reference = (await page.locator('.govuk-panel strong').textContent())!.trim();
    expect(reference).toMatch(/^FD-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    return reference;
  }

  it('lets a young person ask for help anonymously, in plain language', async () => {
    const { page, problems } = await startAs('I am a young person asking for help for myself');
    expect(await page.locator('h1').textContent()).toContain('About you');
    expect(await page.getByRole('button', { name: 'Emergency Exit this page' }).count()).toBe(1);
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('How old are you? (optional)').fill('14');
    await continueTo(page, 'What is happening?');

    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errorSummary(page)).toContain('Tell us what is happening, in your own words');
    await expectNoAccessibilityViolations(page);
    await page
      .getByLabel('Tell us in your own words')
      .fill('I get shouted at every night and I am scared to go home.');
    await continueTo(page, 'The adults in your life');
    await continueTo(page, 'What would help');
    await continueTo(page, 'Does your family know you are asking for help?');
    await page.getByLabel('No', { exact: true }).check();
    await continueTo(page, 'Where do you live?');
    await continueTo(page, 'How can we contact you?');
    await continueTo(page, 'Check your answers before sending');

    const reference = await sendAndReadReference(page);
    expect(await page.locator('main').textContent()).toContain('Childline');
    const contact = await suite.t.db
      .selectFrom('contact')
      .select(['referral_source', 'channel'])
      .where('public_reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ referral_source: '1C', channel: 'online_form' });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('lets a member of the public stay anonymous, describe a child by age, and fix a postcode', async () => {
    const { page, problems } = await startAs(
      'I am a family member, friend, neighbour or someone else worried about a child'
    );
    expect(await page.locator('h1').textContent()).toContain('About you');
    await page.getByLabel('Neighbour, friend or someone who knows the family').check();
    await continueTo(page, 'About the children');
    await page.getByLabel('First name (if you know it)').fill('Kit');
    await page.getByLabel('Age, if you do not know their date of birth').fill('6');
    await continueTo(page, 'Adults around the children');
    await continueTo(page, 'Where do the children live?');

    await page.getByLabel('Address line 1').fill('3 Wren Fold');
    await page.getByLabel('Postcode').fill('NM1');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errorSummary(page)).toContain('Enter a real postcode, like NM1 4AB');
    await expectNoAccessibilityViolations(page);
    expect(await page.getByLabel('Address line 1').inputValue()).toBe('3 Wren Fold');
    await page.getByLabel('Postcode').fill('nm1 4ab');
    await continueTo(page, 'What are you worried about?');
    await page
      .getByLabel('What are you worried about?')
      .fill('I hear shouting and crying next door most nights, and Kit is often outside alone late.');
    await page.getByLabel('Neglect').check();
    await continueTo(page, 'What the child has said');
    await continueTo(page, 'Does the family know you are contacting us?');
    await page.getByLabel('No', { exact: true }).check();
    await continueTo(page, 'Check your answers before sending');
    expect(await page.locator('main').textContent()).toContain('You chose to stay anonymous');
    expect(await page.locator('main').textContent()).toContain('NM1 4AB');

    const reference = await sendAndReadReference(page);
    const contact = await suite.t.db
      .selectFrom('contact')
      .select(['id', 'referral_source', 'referrer_name', 'family_aware'])
      .where('public_reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ referral_source: '9', referrer_name: null, family_aware: 'no' });
    const child = await suite.t.db
      .selectFrom('contact_child')
      .select(['described_child', 'person_id'])
      .where('contact_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(child).toMatchObject({ person_id: null, described_child: { givenName: 'Kit', age: 6 } });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('walks a professional through several children, a consent error and a change, without losing answers', async () => {
    const { page, problems } = await startAs('I work with children or families');
    await expectNoAccessibilityViolations(page);
    await page.getByLabel('Full name').fill('Harriet Pennock');
    await page.getByLabel('Job title or role').fill('Health visitor');
    await page.getByLabel('Organisation', { exact: true }).fill('Fennick Bridge Health Centre');
    await page.getByLabel('Type of organisation').selectOption('3B');
    await page.getByLabel('Work email address').fill('h.pennock@nhs.example');
    // Enter in a text box continues (it must not press Back).
    await page.getByLabel('Work phone number').press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toContain('About the children');
    await expectNoAccessibilityViolations(page);

    await page.locator('#children-0-givenName').fill('Ellis');
    await page.locator('#children-0-familyName').fill('Varley');
    await page.locator('#children-0-age').fill('2');
    await page.getByRole('button', { name: 'Add another child' }).click();
    await page.locator('#children-1-givenName').waitFor();
    expect(await page.locator('#children-0-givenName').inputValue()).toBe('Ellis');
    await expectNoAccessibilityViolations(page);
    await page.locator('#children-1-givenName').fill('Baby');
    await page.locator('#children-1-familyName').fill('Varley');
    await page.locator('#children-1-dateOfBirth-day').fill('14');
    await page.locator('#children-1-dateOfBirth-month').fill('2');
    await page.locator('#children-1-dateOfBirth-year').fill('2027');
    await continueTo(page, 'Adults around the children');
    await page.locator('#adults-0-givenName').fill('Gemma');
    await page.locator('#adults-0-familyName').fill('Varley');
    await page.getByLabel('How are they related to the child?').selectOption('mother');
    await page.locator('#adults-0-livesWithChild').check();
    await continueTo(page, 'Where do the children live?');
    await page.getByLabel('Postcode').fill('NM8 3LP');
    await continueTo(page, 'What are you worried about?');
    await page
      .getByLabel('What are you worried about?')
      .fill('Mum is pregnant and drinking heavily; the home is unsafe for a toddler.');
    await page.getByLabel('A parent’s or carer’s alcohol use').check();
    await continueTo(page, 'The child’s experience');
    await continueTo(page, 'Consent and the family');

    await page.getByLabel('I have not asked the family').check();
    await page.getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await errorSummary(page)).toContain('Tell us why you have not asked the family');
    await expectNoAccessibilityViolations(page);
    await page
      .getByLabel('If the family does not agree, or you have not asked them, tell us why')
      .fill('Mum’s partner is violent when agencies are involved.');
    await continueTo(page, 'Check your answers before sending');

    await page.getByRole('button', { name: 'Change job title or role' }).click();
    await page.getByLabel('Job title or role').fill('Specialist health visitor');
    await continueTo(page, 'Check your answers before sending');
    const answers = await page.locator('main').textContent();
    expect(answers).toContain('Specialist health visitor');
    expect(answers).toContain('Due 14 February 2027');
    expect(answers).toContain('Gemma Varley');

    const reference = await sendAndReadReference(page);
    const contact = await suite.t.db
      .selectFrom('contact')
      .select(['id', 'referral_source', 'referrer_role'])
      .where('public_reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ referral_source: '3B', referrer_role: 'Specialist health visitor' });
    const children = await suite.t.db
      .selectFrom('contact_child')
      .select('status')
      .where('contact_id', '=', contact.id)
      .execute();
    expect(children).toEqual([{ status: 'new' }, { status: 'new' }]);
    const adults = await suite.t.db
      .selectFrom('contact_named_adult')
      .select(['person_id', 'described'])
      .where('contact_id', '=', contact.id)
      .execute();
    expect(adults).toMatchObject([
      { person_id: null, described: { givenName: 'Gemma', relationship: 'Mother' } },
    ]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
