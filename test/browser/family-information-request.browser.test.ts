import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { demoUser } from '../support/demo-users.ts';
import { recordContact } from '../../src/modules/intake/record-contact.ts';
import { councilSettings } from '../../src/platform/council/council-settings.ts';

/**
 * Issue 15, items 8 and 13: the front door asks the police once about a family of two children and the
 * person alleged to cause harm; the police see each person they are asked about and answer about each;
 * the front door sees each answer on either child's screening page.
 */
describeInBrowser('one information request per family, answered per person, in the browser', () => {
  const suite = useBrowserApp();

  it('a police partner answers about two children and one adult', { timeout: 180_000 }, async () => {
    const { t, baseUrl } = suite;
    const db = t.db;
    const practitionerId = (
      await db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', demoUser('front_door_practitioner'))
        .executeTakeFirstOrThrow()
    ).id;
    const police = await db
      .selectFrom('staff_user')
      .innerJoin('agency', 'agency.id', 'staff_user.agency_id')
      .select(['agency.id', 'agency.name'])
      .where('staff_user.username', '=', demoUser('partner_agency_practitioner'))
      .executeTakeFirstOrThrow();
    const recorded = await recordContact(
      db,
      {
        receivedAt: t.clock.now(),
        channel: 'police_notification',
        referralSource: '5A',
        referrer: { name: 'PC Example', organisation: police.name, isProfessional: true },
        address: { line1: '9 Wrenfield Court', town: 'Northmoor', postcode: 'NM4 6WC' },
        children: [
          {
            details: { givenName: 'Araminta', familyName: 'Pellowe', dateOfBirth: '2014-04-02', sex: 'F' },
            resolution: { kind: 'create' },
          },
          {
            details: { givenName: 'Bartholomew', familyName: 'Pellowe', dateOfBirth: '2020-10-17', sex: 'M' },
            resolution: { kind: 'create' },
          },
        ],
        otherPeople: [
          {
            givenName: 'Cassius',
            familyName: 'Thornbury',
            dateOfBirth: '1986-08-21',
            role: 'adult_of_concern',
            relationship: 'Mother’s former partner',
          },
        ],
        concernCodes: [],
        presentingConcerns: 'Domestic abuse incident at the home; both children present.',
        consent: { status: 'not_sought', reason: 'Seeking it could increase the risk to the children' },
        immediateRisk: false,
      },
      { recordedBy: practitionerId, now: t.clock.now(), settings: await councilSettings(db) }
    );
    const [older, younger] = recorded.contactChildIds as [number, number];

    const practitioner = await suite.signedInPage('front_door_practitioner');
    const practitionerProblems = watchForPageErrors(practitioner);
    await practitioner.goto(`${baseUrl}/screening/${older}/information-requests`);
    await expectNoAccessibilityViolations(practitioner);
    const askedAbout = (await practitioner.getByTestId('asked-about').textContent()) ?? '';
    for (const name of ['Araminta Pellowe', 'Bartholomew Pellowe', 'Cassius Thornbury'])
      expect(askedAbout).toContain(name);
    await practitioner.locator(`input[name="agencyIds"][value="${police.id}"]`).check();
    await practitioner
      .getByLabel('What do you want to know?')
      .fill('Any call-outs or incidents involving the family?');
    await practitioner.getByLabel('Consent was not sought').check();
    // Sent without the Article 9 condition: a specific error, and nothing chosen is lost.
    await practitioner.locator('#lawfulBasisPersonalData').check();
    await practitioner
      .getByLabel('Detail of the lawful basis (optional)')
      .fill('Children Act 1989 section 47');
    await practitioner.getByRole('button', { name: 'Send requests' }).click();
    await practitioner.waitForLoadState('load');
    expect(await practitioner.locator('.govuk-error-summary').textContent()).toContain(
      'Select the UK GDPR Article 9 condition for sharing without consent'
    );
    await expectNoAccessibilityViolations(practitioner);
    expect(await practitioner.locator('#lawfulBasisPersonalData').isChecked()).toBe(true);
    expect(await practitioner.getByLabel('Detail of the lawful basis (optional)').inputValue()).toBe(
      'Children Act 1989 section 47'
    );
    await practitioner.locator('#lawfulBasisSpecialCategory').check();
    await practitioner.getByRole('button', { name: 'Send requests' }).click();
    await practitioner.waitForURL(`${baseUrl}/screening/${older}`);
    const request = await db
      .selectFrom('information_request')
      .select('id')
      .where('contact_id', '=', recorded.contactId)
      .executeTakeFirstOrThrow();
    expect(practitionerProblems).toEqual([]);

    const partner = await suite.signedInPage('partner_agency_practitioner');
    const partnerProblems = watchForPageErrors(partner);
    await partner.goto(`${baseUrl}/information-requests`);
    await expectNoAccessibilityViolations(partner);
    await partner.locator(`a[href="/information-requests/${request.id}"]`).click();
    await partner.waitForURL(`${baseUrl}/information-requests/${request.id}`);
    await expectNoAccessibilityViolations(partner);
    expect(await partner.getByTestId('asked-person').count()).toBe(3);
    const main = (await partner.locator('main').textContent()) ?? '';
    expect(main).toContain('Cassius Thornbury (Person alleged to cause harm)');
    expect(main).toContain('21 August 1986');
    expect(main).not.toContain('Domestic abuse incident at the home');
    await partner
      .getByLabel('Known involvement with Araminta Pellowe (optional)')
      .fill('Present at both call-outs.');
    await partner.getByLabel('Strengths: Bartholomew Pellowe (optional)').fill('Goes to nursery every day.');
    await partner.getByLabel('Risks: Cassius Thornbury (optional)').fill('Two assaults on former partners.');
    await partner.getByRole('button', { name: 'Send answer' }).click();
    await partner.waitForLoadState('load');
    expect(await partner.locator('.govuk-error-summary').textContent()).toContain(
      'Enter a summary of what your agency knows'
    );
    await expectNoAccessibilityViolations(partner);
    expect(await partner.getByLabel('Risks: Cassius Thornbury (optional)').inputValue()).toBe(
      'Two assaults on former partners.'
    );
    await partner.getByLabel('Summary').fill('Known to police; we support a joint visit.');
    await partner.getByRole('button', { name: 'Send answer' }).click();
    await partner.waitForURL(`${baseUrl}/information-requests?answered=1`);
    expect(partnerProblems).toEqual([]);

    await practitioner.goto(`${baseUrl}/screening/${younger}`);
    await expectNoAccessibilityViolations(practitioner);
    const panel =
      (await practitioner.locator('#information-requests-heading').locator('..').textContent()) ?? '';
    for (const said of [
      'Present at both call-outs.',
      'Goes to nursery every day.',
      'Two assaults on former partners.',
      'Known to police; we support a joint visit.',
    ])
      expect(panel).toContain(said);
  });
});
