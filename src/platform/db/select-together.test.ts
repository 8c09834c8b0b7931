import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { selectTogether } from './select-together.ts';

describe('selectTogether', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());

  /** Reads of the seeded council with timestamps, dates, nulls, arrays, counts, parameters and an order. */
  function queries() {
    const { db } = t;
    return {
      contacts: {
        query: db
          .selectFrom('contact')
          .select(['id', 'reference', 'received_at', 'out_of_hours', 'referrer_agency_id'])
          .where('reference', '<>', 'no such reference')
          .orderBy('received_at', 'desc')
          .orderBy('id', 'desc')
          .limit(25),
        timestamps: ['received_at'] as const,
      },
      children: {
        query: db
          .selectFrom('contact_child as cc')
          .leftJoin('person', 'person.id', 'cc.person_id')
          .select([
            'cc.id',
            'cc.rag',
            'person.date_of_birth',
            'person.restricted',
            sql<
              string[]
            >`array(select factor_code from contact_concern where contact_child_id = cc.id order by factor_code)`.as(
              'concerns'
            ),
          ])
          .where('cc.id', '>', 0)
          .orderBy('cc.id')
          .limit(25),
      },
      counted: {
        query: db
          .selectFrom('contact_child')
          .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('rag_due_at').as('latest_due')])
          .where('status', '<>', 'completed'),
        timestamps: ['latest_due'] as const,
      },
      nothing: { query: db.selectFrom('person').select('id').where('id', '<', 0) },
    };
  }

  it('answers every query in one statement with the rows each gives alone, in its order', async () => {
    const separately = queries();
    const alone = {
      contacts: await separately.contacts.query.execute(),
      children: await separately.children.query.execute(),
      counted: await separately.counted.query.execute(),
      nothing: await separately.nothing.query.execute(),
    };
    expect(alone.contacts.length).toBeGreaterThan(1);
    expect(alone.children.some((row) => row.concerns.length > 0)).toBe(true);

    const together = await selectTogether(t.db, queries());

    expect(together).toEqual(alone);
    expect(together.contacts[0]!.received_at).toBeInstanceOf(Date);
    expect(together.nothing).toEqual([]);
  });

  it('refuses a timestamp column left out of the timestamps: in its type, and under the tests when run', async () => {
    const query = t.db.selectFrom('contact').select(['id', 'received_at']).limit(1);
    // @ts-expect-error -- received_at is a timestamp the query does not name
    await expect(selectTogether(t.db, { contacts: { query } })).rejects.toThrow(
      'contacts.received_at is a timestamp'
    );
    const people = t.db.selectFrom('person').select(['id', 'date_of_birth']).limit(1);
    // A date of birth has no time: named as a timestamp it would become a Date, so that is refused too.
    const dateAsTimestamp = () =>
      // @ts-expect-error -- date_of_birth is not a timestamp
      selectTogether(t.db, { people: { query: people, timestamps: ['date_of_birth'] } });
    expect(dateAsTimestamp).toBeTypeOf('function');
  });
});
