import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../../test/support/demo-users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { TestAgent } from '../../../test/support/test-agent.ts';

/* /admin/letter-templates: the wording of letters, previewed, saved as versions, used by letters written after. */

let t: TestApp;
let admin: TestAgent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signedIn(demoUser('administrator'));
});

afterAll(() => t.close());

const NFA = '/admin/letter-templates/referrer-no_further_action';

async function versionsOf(key: string) {
  return t.db
    .selectFrom('letter_template_version')
    .where('template_key', '=', key)
    .selectAll()
    .orderBy('version')
    .execute();
}

/** An authorised "no further action" decision about a child open to everyone, from a professional. */
async function nfaDecision(): Promise<number> {
  const row = await t.db
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .innerJoin('person', 'person.id', 'contact_child.person_id')
    .where('decision.status', '=', 'authorised')
    .where('person.restricted', '=', false)
    .select(['decision.id', 'contact_child.contact_id'])
    .orderBy('decision.id')
    .executeTakeFirstOrThrow();
  await t.db
    .updateTable('decision')
    .set({ outcome: 'no_further_action', outcomes: ['no_further_action'] })
    .where('id', '=', row.id)
    .execute();
  await t.db
    .updateTable('contact')
    .set({ referrer_is_professional: true, referrer_name: 'Imogen Threlfall' })
    .where('id', '=', row.contact_id)
    .execute();
  return row.id;
}

describe('letter templates', () => {
  it('are listed for administrators only, each at the national wording until changed', async () => {
    const list = await admin.get('/admin/letter-templates');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Letter to a professional referrer: No further action');
    expect(list.body).toContain('Letter to the family: Passed to the LADO');
    expect(list.body).toContain('1 (national wording)');
    const manager = await t.signedIn(demoUser('team_manager'));
    expect((await manager.get('/admin/letter-templates')).statusCode).toBe(403);
    expect((await manager.get(NFA)).statusCode).toBe(403);
    expect((await admin.get('/admin/letter-templates/no-such-template')).statusCode).toBe(404);
  });

  it('show the placeholders and a preview with sample details', async () => {
    const page = await admin.get('/admin/letter-templates/family-early_help');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('((child))');
    expect(page.body).toContain('((duty_line))');
    expect(page.body).not.toContain('<code>((referrer_name))</code>');
    expect(page.body).toContain('Preview with sample details');
    expect(page.body).toContain('We would like to offer your family early help from our early help team.');
    expect(page.body).toContain('Sam');
  });

  it('refuse a misspelt placeholder, naming it and keeping what was typed', async () => {
    const refused = await admin.post(NFA, {
      version: '1',
      'part-decided': 'We will do nothing more for ((chld)).',
      'part-next': 'Keep supporting them.',
      action: 'save',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('((chld)) is not a placeholder');
    expect(refused.body).toContain('We will do nothing more for ((chld)).');
    expect(refused.body).toContain('Keep supporting them.');
    expect(await versionsOf('referrer-no_further_action')).toHaveLength(0);
  });

  it('refuse a family letter that could reveal the referrer', async () => {
    const refused = await admin.post('/admin/letter-templates/family-no_further_action', {
      version: '1',
      'part-decided': '((referrer_organisation)) told us about ((child)).',
      'part-next': '',
      action: 'save',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      '((referrer_organisation)) cannot be used in a letter to the family: it could tell the family who made the referral'
    );
    expect(await versionsOf('family-no_further_action')).toHaveLength(0);
  });

  it('preview typed wording without saving it', async () => {
    const preview = await admin.post(NFA, {
      version: '1',
      'part-decided': 'We will not act on this for ((child)) now.',
      'part-next': '',
      action: 'preview',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('We will not act on this for Sam now.');
    expect(preview.body).toContain('We will not act on this for ((child)) now.');
    expect(await versionsOf('referrer-no_further_action')).toHaveLength(0);
  });

  it('save new versions that letters written after use, never changing a letter already written', async () => {
    const decisionId = await nfaDecision();
    const practitioner = await t.signedIn(demoUser('front_door_practitioner'));
    const send = () =>
      practitioner.post(`/decisions/${decisionId}/letter/send`, {
        to: 'referrer',
        recipientName: 'Ms I Threlfall',
        recipientEmail: '',
        method: 'post',
      });

    const saved = await admin.post(NFA, {
      version: '1',
      'part-decided': 'After careful thought, we will take no further action for ((child)).',
      'part-next': '',
      reason: 'Plainer words agreed with schools',
      action: 'save',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${NFA}?saved=1`);
    const [version] = await versionsOf('referrer-no_further_action');
    expect(version).toMatchObject({ version: 2, reason: 'Plainer words agreed with schools' });
    const audit = await t.db
      .selectFrom('audit_event')
      .where('record_type', '=', 'letter_template')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'letter_template.save',
      record_id: 'referrer-no_further_action',
    });

    // Only the letters written here: the demo council may have written some already.
    const earlier = await t.db
      .selectFrom('referrer_letter')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    expect((await send()).statusCode).toBe(303);
    const letters = () =>
      t.db
        .selectFrom('referrer_letter')
        .where('decision_id', '=', decisionId)
        .where('id', '>', earlier?.id ?? 0)
        .select('body')
        .orderBy('id')
        .execute();
    const [first] = await letters();
    expect(first!.body).toMatch(/After careful thought, we will take no further action for \w+\./);

    // A stale page cannot replace a version it has not seen.
    const stale = await admin.post(NFA, {
      version: '1',
      'part-decided': 'Stale words.',
      'part-next': '',
      action: 'save',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Stale words.');

    expect(
      (
        await admin.post(NFA, {
          version: '2',
          'part-decided': 'Version three for ((child)).',
          'part-next': '',
          action: 'save',
        })
      ).statusCode
    ).toBe(303);
    expect((await send()).statusCode).toBe(303);
    const [kept, second] = await letters();
    expect(kept!.body).toBe(first!.body);
    expect(second!.body).toMatch(/Version three for \w+\./);

    const page = await admin.get(NFA);
    expect(page.body).toContain('Version 3 (in force)');
    expect(page.body).toContain('Plainer words agreed with schools');
    expect(page.body).toContain('Version 1: the national wording');
  });
});
