import type { Db } from '../../../platform/db/database.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import type { RequestOrigin } from '../../../platform/access/record-access.ts';
import { recordContact } from '../record-contact.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import type { ContactInput } from '../contact-input.ts';
import { holdAdultsAsNamed } from '../staff/link-adult.service.ts';
import type { Audience, RequestDetails } from './journey.ts';

/**
 * Saves an online request as a contact in the front door's incoming queue, with each child left
 * unlinked and each adult held as named for screening, and its audit row in the same transaction.
 * Nobody is signed in, so the audit holds the address and request id, and only the channel and
 * audience: never a name.
 */
export async function saveOnlineRequest(
  db: Db,
  request: { details: RequestDetails; audience: Audience; publicReference: string },
  origin: RequestOrigin,
  now: Date
): Promise<number> {
  const { namedAdults, ...details } = request.details;
  return db.transaction().execute(async (trx) => {
    const settings = await councilSettings(trx);
    const input: ContactInput = {
      ...details,
      receivedAt: now,
      channel: 'online_form',
      otherPeople: [],
      immediateRisk: false,
      publicReference: request.publicReference,
    };
    const { contactId } = await recordContact(trx, input, { recordedBy: null, now, settings });
    await holdAdultsAsNamed(trx, contactId, namedAdults);
    await writeAudit(
      trx,
      {
        action: 'contact.submitted_online',
        actorUserId: null,
        recordType: 'contact',
        recordId: contactId,
        ip: origin.ip,
        requestId: origin.requestId,
        details: { channel: 'online_form', audience: request.audience },
      },
      now
    );
    return contactId;
  });
}
