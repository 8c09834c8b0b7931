import type { Db } from '../../platform/db/database.ts';
import type { ContactChildStatus, Rag } from '../../platform/db/schema.ts';

let inserted = 0;

/** Test fixtures: a child's open contact with exactly the due times, RAG and allocation a test needs. */
export async function insertOpenChild(
  db: Db,
  child: {
    receivedAt: Date;
    decisionDueAt: Date;
    rag?: Rag;
    ragDueAt?: Date;
    status?: ContactChildStatus;
    teamId?: number;
    workerId?: number;
    outOfHours?: boolean;
    personId?: number;
  }
): Promise<{ contactId: number; contactChildId: number; reference: string }> {
  const reference = `CON-TEST-${String(++inserted).padStart(6, '0')}`;
  const contact = await db
    .insertInto('contact')
    .values({
      reference,
      received_at: child.receivedAt,
      channel: 'phone',
      referral_source: '2A',
      summary: 'Synthetic test contact',
      out_of_hours: child.outOfHours ?? false,
      recorded_at: child.receivedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contactChild = await db
    .insertInto('contact_child')
    .values({
      contact_id: contact.id,
      person_id: child.personId ?? null,
      described_child: JSON.stringify({ givenName: 'Test', familyName: 'Child' }),
      status: child.status ?? 'screening',
      rag: child.rag ?? null,
      rag_due_at: child.ragDueAt ?? null,
      decision_due_at: child.decisionDueAt,
      team_id: child.teamId ?? null,
      worker_id: child.workerId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { contactId: contact.id, contactChildId: contactChild.id, reference };
}

export function minutesAfter(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}
