import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import type { ContactInput } from './contact-input.ts';
import { recordContact } from './record-contact.ts';

let database: TestDatabase;
// A year no other test writes contacts in, so this file owns its counter row.
const NOW = new Date('2031-03-04T10:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const input: ContactInput = {
  receivedAt: NOW,
  channel: 'phone',
  referralSource: '2A',
  referrer: { name: 'Ms A Teacher', isProfessional: true },
  children: [
    { details: { givenName: 'Tamsin', familyName: 'Referenceford' }, resolution: { kind: 'create' } },
  ],
  otherPeople: [],
  concernCodes: ['18C'],
  presentingConcerns: 'Came to school with a bruise she would not talk about.',
  consent: { status: 'given' },
  immediateRisk: false,
};

async function record(): Promise<string> {
  const recorded = await database.db
    .transaction()
    .execute(async (trx) =>
      recordContact(trx, input, { recordedBy: null, now: NOW, settings: await councilSettings(trx) })
    );
  return recorded.reference;
}

describe('contact references', () => {
  it('start after the year’s migrated contacts, then count on one at a time, however many are recorded at once', async () => {
    // A contact brought over from the council's old system, before this year's counter exists.
    await sql`insert into contact (reference, received_at, recorded_at, channel, referral_source, referrer_is_professional,
        summary, presenting_concerns, consent_status)
      values ('CON-2031-000041', ${NOW}, ${NOW}, 'phone', '2A', true, 'Migrated', 'Migrated', 'given')`.execute(
      database.db
    );

    expect(await record()).toBe('CON-2031-000042');
    expect(await record()).toBe('CON-2031-000043');
    const together = await Promise.all(Array.from({ length: 6 }, record));
    expect(together.sort()).toEqual([44, 45, 46, 47, 48, 49].map((n) => `CON-2031-0000${n}`));
  });

  it('are the ones stored, leave no gap when a contact is rolled back, and go past 999,999 whole', async () => {
    const rolledBack = database.db.transaction().execute(async (trx) => {
      await recordContact(trx, input, { recordedBy: null, now: NOW, settings: await councilSettings(trx) });
      throw new Error('the form failed after the contact was written');
    });
    await expect(rolledBack).rejects.toThrow('the form failed');
    const next = await record();
    expect(next).toBe('CON-2031-000050');
    const stored = await database.db
      .selectFrom('contact')
      .select('reference')
      .where('reference', 'like', 'provisional-%')
      .execute();
    expect(stored).toEqual([]);

    await sql`update contact_reference_counter set last = 999999 where year = 2031`.execute(database.db);
    expect(await record()).toBe('CON-2031-1000000');
  });
});
