import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoAccessibilityViolations,
  watchForPageErrors,
} from '../support/browser.ts';
import { useBrowserApp } from '../support/browser-app.ts';
import { auditAs, recordTestContact } from '../support/contact-fixtures.ts';
import { demoUser } from '../support/demo-users.ts';
import { recordContact } from '../../src/modules/intake/record-contact.ts';
import { offerHandover } from '../../src/modules/handover/handovers.ts';
import { councilSettings } from '../../src/platform/council/council-settings.ts';

/**
 * Issue 9, items 5, 6 and 8 on screen: a restricted record that may match is said to exist (never
 * shown) and a record made meanwhile is held restricted; a police officer cannot open a child's
 * record; accepting a handover asks for the worker and the child's record then shows the open case.
 */
describeInBrowser('safe records in the browser', () => {
  const suite = useBrowserApp();

  async function userId(username: string) {
    const row = await suite.t.db
      .selectFrom('staff_user')
      .select(['id', 'display_name'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row;
  }

  it(
    'says a restricted record may match on the link step, and holds the new record restricted',
    { timeout: 90_000 },
    async () => {
      const db = suite.t.db;
      const hidden = await db
        .insertInto('person')
        .values({
          given_name: 'Eoghan',
          family_name: 'Blackwood-Ibe',
          date_of_birth: '2014-02-02',
          sex: 'M',
          restricted: true,
          restriction_reason: 'Adopted',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const online = await recordContact(
        db,
        {
          receivedAt: suite.t.clock.now(),
          channel: 'online_form',
          referralSource: '1A',
          referrer: { isProfessional: false },
          children: [
            {
              details: { givenName: 'Eoghan', familyName: 'Blackwood-Ibe', dateOfBirth: '2014-02-02' },
              resolution: { kind: 'unlinked' },
            },
          ],
          otherPeople: [],
          concernCodes: [],
          presentingConcerns: 'Worried about him',
          consent: { status: 'not_sought', reason: 'Member of the public' },
          immediateRisk: false,
        },
        { recordedBy: null, now: suite.t.clock.now(), settings: await councilSettings(db) }
      );
      const childId = online.contactChildIds[0]!;
      const page = await suite.signedInPage('front_door_practitioner');
      const problems = watchForPageErrors(page);
      await page.goto(`${suite.baseUrl}/contacts/${online.contactId}/children/${childId}/link`);
      const warning = page.getByTestId('restricted-may-match');
      expect(await warning.textContent()).toContain(
        'A restricted record may match this child. Someone with access must decide.'
      );
      expect(await page.locator('main').textContent()).not.toContain('Adopted');
      expect(await page.locator(`a[href="/people/${hidden.id}"]`).count()).toBe(0);
      await expectNoAccessibilityViolations(page);

      await page.getByLabel(/Create a new person record/).check();
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Say why a new record is needed when a restricted record may match'
      );
      await expectNoAccessibilityViolations(page);
      await page
        .getByLabel('If you create a new record, why is it needed?')
        .fill('He cannot wait for a review');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(`${suite.baseUrl}/contacts/${online.contactId}`);
      expect(await page.getByTestId('history-incomplete').textContent()).toContain(
        'None found in the records you can see.'
      );
      const linked = await db
        .selectFrom('contact_child')
        .innerJoin('person', 'person.id', 'contact_child.person_id')
        .select(['person.restricted', 'person.restriction_reason'])
        .where('contact_child.id', '=', childId)
        .executeTakeFirstOrThrow();
      expect(linked).toEqual({
        restricted: true,
        restriction_reason: 'Possible match to a restricted record — pending review',
      });
      expect(problems).toEqual([]);
    }
  );

  it(
    'shows a police officer "Page not found" for the record of a child they have a request about',
    { timeout: 60_000 },
    async () => {
      const { contactChildId, personId } = await recordTestContact(suite.t.db, {
        receivedAt: suite.t.clock.now(),
        givenName: 'Perpetua',
      });
      const police = await suite.t.db
        .selectFrom('agency')
        .select('id')
        .where('kind', '=', 'police')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const asker = await userId(demoUser('front_door_practitioner'));
      await suite.t.db
        .insertInto('information_request')
        .values({
          contact_child_id: contactChildId,
          agency_id: police.id,
          question: 'Any call-outs this year?',
          consent_status: 'not_sought',
          due_at: new Date(suite.t.clock.now().getTime() + 4 * 3_600_000),
          requested_by: asker.id,
          requested_at: suite.t.clock.now(),
        })
        .execute();
      const page = await suite.signedInPage('partner_agency_practitioner');
      const response = await page.goto(`${suite.baseUrl}/people/${personId}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toContain('Page not found');
      expect(await page.locator('main').textContent()).not.toContain('Perpetua');
      await expectNoAccessibilityViolations(page);
    }
  );

  it(
    'asks for the worker when accepting, then shows the open assessment on the record',
    { timeout: 90_000 },
    async () => {
      const db = suite.t.db;
      const team = await db
        .selectFrom('team')
        .select(['id', 'name'])
        .where('kind', '=', 'assessment')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const assessor = await userId('assessment');
      const { contactChildId, personId } = await recordTestContact(db, {
        receivedAt: suite.t.clock.now(),
        givenName: 'Rosalind',
      });
      const offerer = await userId(demoUser('team_manager'));
      await db.transaction().execute(async (trx) => {
        const decision = await trx
          .insertInto('decision')
          .values({
            contact_child_id: contactChildId,
            outcome: 'assessment',
            outcomes: ['assessment'],
            rationale: 'Needs a child and family assessment',
            proposed_by: offerer.id,
            proposed_at: suite.t.clock.now(),
            status: 'authorised',
            receiving_team_id: team.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('referral')
          .values({
            contact_child_id: contactChildId,
            person_id: personId,
            referral_date: '2026-11-20',
            referral_source: '2A',
            is_rereferral: false,
          })
          .execute();
        await offerHandover(
          trx,
          {
            contactChildId,
            decisionId: decision.id,
            toTeamId: team.id,
            offeredBy: offerer.id,
            at: suite.t.clock.now(),
          },
          auditAs(trx, offerer.id, suite.t.clock.now())
        );
      });

      const page = await suite.browser.newPage();
      await page.goto(`${suite.baseUrl}/sign-in`);
      await page.getByLabel('Username').fill('assessment');
      const { DEMO_PASSWORD } = await import('../../src/demo/demo-accounts.ts');
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${suite.baseUrl}/`);
      await page.goto(`${suite.baseUrl}/handovers`);
      await page
        .getByRole('link', { name: /Rosalind/ })
        .first()
        .click();
      await page.waitForLoadState('load');
      await page.getByLabel('Who will be the child’s worker?').selectOption('');
      await page.getByRole('button', { name: 'Accept handover' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Choose the worker in your team who will take the child on'
      );
      await expectNoAccessibilityViolations(page);
      await page.getByLabel('Who will be the child’s worker?').selectOption(String(assessor.id));
      await page.getByRole('button', { name: 'Accept handover' }).click();
      await page.waitForURL(/\/handovers\?answered=accepted/);

      const reader = await suite.signedInPage('front_door_practitioner');
      await reader.goto(`${suite.baseUrl}/people/${personId}`);
      const openCase = await reader.getByTestId('open-involvement').textContent();
      expect(openCase).toContain(
        `Child and family assessment with ${team.name}, worker ${assessor.display_name}, since 20 November 2026. Assessment due 27 January 2027.`
      );
      expect(await reader.locator('main').textContent()).not.toContain('No involvement recorded');
      await expectNoAccessibilityViolations(reader);
    }
  );
});
