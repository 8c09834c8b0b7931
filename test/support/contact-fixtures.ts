import type { Db } from '../../src/platform/db/database.ts';
import type { ContactInput } from '../../src/modules/intake/contact-input.ts';
import { recordContact } from '../../src/modules/intake/record-contact.ts';
import { councilSettings } from '../../src/platform/council/council-settings.ts';
import { writeAudit } from '../../src/platform/audit/audit-log.ts';
import type { ChangeAudit } from '../../src/platform/access/record-access.ts';

/**
 * Records a contact about one made-up child, linked to a new person record, as the staff form would:
 * the starting point for screening, decision and handover tests. Returns the child's contact id.
 */
export async function recordTestContact(
  db: Db,
  options: { receivedAt: Date; givenName?: string; immediateRisk?: boolean; recordedBy?: number | null }
): Promise<{ contactId: number; contactChildId: number; personId: number }> {
  const input: ContactInput = {
    receivedAt: options.receivedAt,
    channel: 'phone',
    referralSource: '2A',
    referrer: {
      name: 'Ms A Teacher',
      organisation: 'Northmoor Primary',
      email: 'a.teacher@school.example',
      isProfessional: true,
    },
    children: [
      {
        details: {
          givenName: options.givenName ?? 'Quorra',
          familyName: 'Vantablack',
          dateOfBirth: '2017-04-03',
          sex: 'F',
        },
        resolution: { kind: 'create', reason: 'Test child: no one like her in the index' },
      },
    ],
    otherPeople: [],
    concernCodes: ['18C'],
    presentingConcerns: 'Arrived at school with bruising to her arm and said her mother hit her.',
    consent: { status: 'not_sought', reason: 'Seeking consent could increase the risk' },
    lawfulBasis: 'Children Act 1989 s47',
    lawfulBasisCodes: { personalData: 'ukgdpr-6-1-e', specialCategory: 'ukgdpr-9-2-g-dpa-sch1-18' },
    immediateRisk: options.immediateRisk ?? false,
  };
  return db.transaction().execute(async (trx) => {
    const settings = await councilSettings(trx);
    const { contactId, contactChildIds } = await recordContact(trx, input, {
      recordedBy: options.recordedBy ?? null,
      now: options.receivedAt,
      settings,
    });
    const child = await trx
      .selectFrom('contact_child')
      .select(['id', 'person_id'])
      .where('id', '=', contactChildIds[0]!)
      .executeTakeFirstOrThrow();
    return { contactId, contactChildId: child.id, personId: child.person_id! };
  });
}

/** The version a form would carry for a child's contact, as if the page had just been opened. */
export async function openedVersion(db: Db, contactChildId: number): Promise<string> {
  const row = await db
    .selectFrom('contact_child')
    .select('version')
    .where('id', '=', contactChildId)
    .executeTakeFirstOrThrow();
  return String(row.version);
}

/** The further-audit function a change would hand over, for fixtures that make records directly in a transaction. */
export function auditAs(trx: Db, actorUserId: number, at: Date): ChangeAudit {
  return (entry) => writeAudit(trx, { ...entry, actorUserId }, at);
}
