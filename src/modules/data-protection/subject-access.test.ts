import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { TEST_NOW } from '../../../test/support/test-fixtures.ts';
import { subjectAccessExport, SubjectAccessError, type SubjectAccessExport } from './subject-access.ts';

describe('subject access request export', () => {
  let t: TestApp;
  let adminId: number;
  let child: { person_id: number; contact_id: number; contact_child_id: number; decision_id: number };
  let exported: SubjectAccessExport;

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (
      await t.db
        .selectFrom('staff_user')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow()
    ).id;
    // A seeded child with a decision, whose contact has a named referrer and names other people too.
    const { rows } = await sql<typeof child>`
      select cc.person_id, cc.contact_id, cc.id as contact_child_id, d.id as decision_id
      from contact_child cc
      join contact c on c.id = cc.contact_id
      join decision d on d.contact_child_id = cc.id
      where cc.person_id is not null and c.referrer_name is not null
      order by (select count(*) from contact_child o where o.contact_id = c.id)
        + (select count(*) from contact_person cp where cp.contact_id = c.id) desc, cc.id
      limit 1`.execute(t.db);
    child = rows[0]!;
    exported = await subjectAccessExport(t.db, {
      personId: child.person_id,
      byUserId: adminId,
      now: TEST_NOW,
    });
  });
  afterAll(() => t?.close());

  it('holds the person’s record, their contacts, decisions and journey', () => {
    expect(exported.records.person!.map((row) => row.id)).toContain(child.person_id);
    expect(exported.records.contact!.map((row) => row.id)).toContain(child.contact_id);
    expect(exported.records.contact_child!.map((row) => row.id)).toContain(child.contact_child_id);
    expect(exported.records.decision!.map((row) => row.id)).toContain(child.decision_id);
    expect((exported.records.journey_event ?? []).every((row) => typeof row.kind === 'string')).toBe(true);
    // The person's own details are theirs: not marked.
    const person = exported.records.person!.find((row) => row.id === child.person_id)!;
    expect(typeof person.given_name).toBe('string');
  });

  it('finds every row that refers to the person’s contact as a child, through the foreign keys', async () => {
    for (const table of ['rag_rating', 'journey_event', 'decision'] as const) {
      const { rows } = await sql<{ id: number }>`
        select id from ${sql.table(table)} where contact_child_id = ${child.contact_child_id} order by id`.execute(
        t.db
      );
      const exportedIds = (exported.records[table] ?? []).map((row) => row.id as number);
      for (const { id } of rows) expect(exportedIds, table).toContain(id);
    }
  });

  it('marks referrers, other people named and staff for redaction', () => {
    const contact = exported.records.contact!.find((row) => row.id === child.contact_id)!;
    expect(contact.referrer_name).toMatchObject({ redact: true, reason: 'referrer' });
    expect(exported.otherPeopleNamed.length).toBeGreaterThan(0);
    for (const other of exported.otherPeopleNamed) {
      expect(other.name).toMatchObject({ redact: true });
      expect(other.personId).not.toBe(child.person_id);
    }
    const decision = exported.records.decision!.find((row) => row.id === child.decision_id)!;
    expect(decision.proposed_by).toMatchObject({
      staffId: expect.any(Number),
      name: { redact: true, reason: 'staff member' },
    });
  });

  it('leaves out other children’s case records in the same contact', async () => {
    const { rows } = await sql<{ id: number }>`
      select id from contact_child where contact_id = ${child.contact_id} and id <> ${child.contact_child_id}`.execute(
      t.db
    );
    const exportedIds = exported.records.contact_child!.map((row) => row.id);
    for (const other of rows) expect(exportedIds).not.toContain(other.id);
  });

  it('is audited as an export by the administrator, with counts and no names', async () => {
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['event_class', 'actor_user_id', 'record_id', 'details'])
      .where('action', '=', 'subject_access.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      event_class: 'export',
      actor_user_id: adminId,
      record_id: String(child.person_id),
    });
    expect(JSON.stringify(audit[0]!.details)).not.toContain(String(exported.records.person![0]!.family_name));
  });

  it('says so when there is no such person', async () => {
    await expect(
      subjectAccessExport(t.db, { personId: 99_999_999, byUserId: adminId, now: TEST_NOW })
    ).rejects.toThrow(SubjectAccessError);
  });
});
