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

/**
 * The fields of the staff contact form (POST /contacts/new) as a practitioner fills it in about one made-up
 * child, received at the time given in its four boxes; `extra` changes or adds fields by their names.
 */
export function staffContactFormFields(
  received: { day: string; month: string; year: string; time: string },
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    'received-day': received.day,
    'received-month': received.month,
    'received-year': received.year,
    'received-time': received.time,
    channel: 'phone',
    referralSource: '6',
    referrerName: 'PC Example',
    referrerOrganisation: 'Northmoor and Dales Police',
    childCount: '1',
    personCount: '0',
    'child-0-givenName': 'Zephyrine',
    'child-0-familyName': 'Quillfeather-Osei',
    'child-0-dob-day': '14',
    'child-0-dob-month': '2',
    'child-0-dob-year': '2019',
    'child-0-sex': 'F',
    presentingConcerns: 'Police called to the home: the mother was assaulted in front of the child.',
    concerns: '18C',
    consentStatus: 'not_sought',
    familyAware: 'no',
    consentReason: 'Seeking consent could put the child at greater risk',
    lawfulBasisPersonalData: 'ukgdpr-6-1-e',
    lawfulBasisSpecialCategory: 'ukgdpr-9-2-g-dpa-sch1-18',
    lawfulBasis: 'Children Act 1989 s47',
    action: 'record',
    ...extra,
  };
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
