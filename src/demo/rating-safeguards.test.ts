import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { demoUser } from '../../test/support/demo-users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo council’s rating safeguards', () => {
  it('shows a pending red downgrade and a decision waiting for its second sign-off', async () => {
    // Seeded with the demo council the tests start from.
    const pending = await t.db
      .selectFrom('rag_rating')
      .innerJoin('contact_child', 'contact_child.id', 'rag_rating.contact_child_id')
      .select(['contact_child.id', 'contact_child.rag'])
      .where('rag_rating.review_status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(pending.rag).toBe('red');
    const waiting = await t.db
      .selectFrom('decision')
      .select(['contact_child_id', 'second_authorisation_reasons'])
      .where('status', '=', 'awaiting_second_authorisation')
      .executeTakeFirstOrThrow();
    expect(waiting.second_authorisation_reasons).toEqual([
      'level_below_indicated',
      'no_social_care_at_level_4',
    ]);

    const serviceManager = await t.signedIn(demoUser('service_manager'));
    const page = (await serviceManager.get('/decisions')).body;
    expect(page).toContain(`href="/screening/${pending.id}#rating"`);
    expect(page.slice(page.indexOf('id="second-sign-off"'))).toContain(
      `href="/screening/${waiting.contact_child_id}#decision"`
    );
    const screening = (await serviceManager.get(`/screening/${waiting.contact_child_id}`)).body;
    expect(screening).toContain('Save the second sign-off');
  });
});
