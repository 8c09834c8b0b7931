import type { Db } from '../../../platform/db/database.ts';
import { RecordNotFoundError, type RecordAccess } from '../../../platform/access/record-access.ts';

/** The latest immediate-risk alerts about contacts the manager may see, newest first. */
export function listRecentAlerts(access: RecordAccess) {
  return access.listContacts({ alerts: 'recent' }, (db, visible) =>
    db
      .selectFrom('alert')
      .innerJoin('contact', 'contact.id', 'alert.contact_id')
      .innerJoin('contact_child', 'contact_child.contact_id', 'contact.id')
      .leftJoin('staff_user', 'staff_user.id', 'alert.acknowledged_by')
      .where(visible)
      .select([
        'alert.id',
        'alert.raised_at',
        'alert.acknowledged_at',
        'staff_user.display_name as acknowledged_by',
        'contact.id as contact_id',
        'contact.reference',
        'contact.summary',
      ])
      .distinctOn(['alert.raised_at', 'alert.id'])
      .orderBy('alert.raised_at', 'desc')
      .orderBy('alert.id')
      .limit(100)
      .execute()
  );
}

/**
 * A manager picks up an alert (once: acknowledging it again changes nothing); answers the contact it
 * is about. "Not found" unless the manager may see the children the contact is about.
 */
export async function acknowledgeAlert(
  access: RecordAccess,
  db: Db,
  alertId: number,
  now: Date
): Promise<{ contactId: number }> {
  const alert = await db
    .selectFrom('alert')
    .select(['id', 'contact_id'])
    .where('id', '=', alertId)
    .executeTakeFirst();
  if (!alert) throw new RecordNotFoundError('Alert');
  await access.readContact(alert.contact_id, async () => null);
  await access.recordChange('alert:acknowledge', 'alert.acknowledge', async (trx) => {
    await trx
      .updateTable('alert')
      .set({ acknowledged_by: access.actor.userId, acknowledged_at: now })
      .where('id', '=', alert.id)
      .where('acknowledged_at', 'is', null)
      .execute();
    return {
      recordType: 'contact',
      recordId: alert.contact_id,
      result: null,
      details: { alertId: alert.id },
    };
  });
  return { contactId: alert.contact_id };
}
