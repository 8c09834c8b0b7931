import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { demoUser } from '../../../../test/support/demo-users.ts';
import type { TestAgent } from '../../../../test/support/test-agent.ts';

let t: TestApp;
let practitioner: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  practitioner = await t.signedIn(demoUser('front_door_practitioner'));
});
afterAll(() => t.close());

describe('the contact page', () => {
  it('says a child already on a record is linked, and offers no link that would lead nowhere', async () => {
    // A child recorded on a record without a link choice of its own (as the history before the
    // person-matching rules was): not "Not yet linked".
    const child = await t.db
      .selectFrom('contact_child')
      .where('contact_child.person_id', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('person_link_decision')
              .whereRef('contact_child_id', '=', 'contact_child.id')
              .select('id')
          )
        )
      )
      .select(['contact_child.id', 'contact_child.contact_id', 'contact_child.person_id'])
      .orderBy('contact_child.id', 'desc')
      .executeTakeFirstOrThrow();
    const page = await practitioner.get(`/contacts/${child.contact_id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Linked to a record');
    expect(page.body).not.toContain(`/children/${child.id}/link`);
    expect(page.body).toContain(`href="/people/${child.person_id}"`);
  });
});
