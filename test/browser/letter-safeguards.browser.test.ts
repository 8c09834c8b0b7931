import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';

/**
 * A letter to the family where the police said "not for disclosure" about domestic abuse: the
 * practitioner is told why and cannot send it; a manager sends it only with a reason that says
 * something, and the letters panel shows it was sent despite the warnings.
 */
describeInBrowser('a family letter that could tip someone off, in the browser', () => {
  const suite = useBrowserApp();

  it('blocks the practitioner and lets a manager send it with a reason', { timeout: 120_000 }, async () => {
    const db = suite.t.db;
    const decision = await db
      .selectFrom('decision')
      .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
      .innerJoin('person', 'person.id', 'contact_child.person_id')
      .where('decision.status', '=', 'authorised')
      .where('person.restricted', '=', false)
      .select(['decision.id', 'contact_child.id as contact_child_id', 'contact_child.contact_id'])
      .orderBy('decision.id', 'desc')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('contact')
      .set({ not_for_disclosure: true, consent_status: 'not_sought', referral_source: '6' })
      .where('id', '=', decision.contact_id)
      .execute();
    await db
      .deleteFrom('contact_concern')
      .where('contact_child_id', '=', decision.contact_child_id)
      .execute();
    await db
      .insertInto('contact_concern')
      .values({ contact_child_id: decision.contact_child_id, factor_code: '3B' })
      .execute();
    const url = `${suite.baseUrl}/decisions/${decision.id}/letter?to=family`;

    const practitioner = await suite.signedInPage('front_door_practitioner');
    const problems = watchForPageErrors(practitioner);
    await practitioner.goto(url);
    await expectNoAccessibilityViolations(practitioner);
    const warnings = practitioner.getByTestId('family-letter-warnings');
    await expect.poll(() => warnings.textContent()).toContain('not for disclosure to the family');
    expect(await warnings.textContent()).toContain('Domestic abuse was reported');
    expect(await practitioner.locator('article.app-letter').count()).toBe(0);
    expect(await practitioner.getByLabel('Yes, it is safe to send').count()).toBe(0);
    await practitioner.getByLabel('No, do not send it').check();
    await practitioner.getByRole('button', { name: 'Record that it is not safe to send' }).click();
    await practitioner.waitForLoadState('load');
    expect(await practitioner.locator('main').textContent()).toContain(
      'The letter to the family has not been sent'
    );
    expect(problems).toEqual([]);

    const manager = await suite.signedInPage('team_manager');
    await manager.goto(url);
    await expectNoAccessibilityViolations(manager);
    expect(await manager.locator('article.app-letter').count()).toBe(1);
    await manager.getByLabel('Yes, it is safe to send').check();
    await manager.getByLabel('Who are you sending it to?').fill('Ms Parent');
    await manager.getByLabel('Post').check();
    await manager.getByLabel('If it is safe to send, why, despite the warnings?').fill('ok');
    await manager.getByRole('button', { name: 'Send or record the letter' }).click();
    await manager.waitForLoadState('load');
    expect(await manager.locator('.govuk-error-summary').textContent()).toContain(
      'Explain why it is safe to send this letter to the family'
    );
    await expectNoAccessibilityViolations(manager);
    await manager
      .getByLabel('If it is safe to send, why, despite the warnings?')
      .fill(
        'DC Example, the officer in the case, says the partner is in custody and the mother asked for it.'
      );
    await manager.getByRole('button', { name: 'Send or record the letter' }).click();
    await manager.waitForLoadState('load');
    const main = (await manager.locator('main').textContent()) ?? '';
    expect(main).toContain('Letter to Ms Parent recorded as sent (post)');
    expect(main).toContain('Sent despite the safety warnings by');
  });
});
