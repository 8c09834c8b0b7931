import type { Db } from '../../../platform/db/database.ts';
import type { PartnerApiKey } from '../../../platform/auth/api-key.ts';
import type { RequestOrigin } from '../../../platform/access/record-access.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import { watchApiKeyForUnusualAccess } from '../../../platform/access/unusual-access-watch.ts';
import { partnerOutcome, type ChildForOutcome, type PartnerOutcome } from './outcome-disclosure.ts';

export interface OutcomeRead {
  key: PartnerApiKey;
  reference: string;
  origin: RequestOrigin;
  now: Date;
}

/**
 * The outcome of a contact for the agency whose key sent it, as far as the disclosure rule allows;
 * null for a reference that is unknown or another agency's, so the answer never says which. Every read,
 * and every refusal, is audited with the key that asked.
 */
export async function readPartnerOutcome(
  db: Db,
  read: OutcomeRead
): Promise<(PartnerOutcome & { reference: string }) | null> {
  const found = await db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contact')
      .innerJoin('partner_api_key', 'partner_api_key.id', 'contact.partner_api_key_id')
      .select(['contact.id', 'contact.consent_status', 'contact.family_aware', 'partner_api_key.agency_id'])
      .where('contact.reference', '=', read.reference)
      .executeTakeFirst();
    if (!contact || contact.agency_id !== read.key.agencyId) {
      await auditRead(trx, read, {
        action: 'access.denied',
        recordId: contact?.id,
        details: { reason: contact ? 'agency_scope' : 'no_such_record', reference: read.reference },
      });
      return null;
    }
    const outcome = partnerOutcome({
      consentStatus: contact.consent_status,
      familyAware: contact.family_aware,
      children: await childrenOf(trx, contact.id),
    });
    await auditRead(trx, read, {
      action: 'contact.outcome_read_by_partner',
      recordId: contact.id,
      details: { status: outcome.status, outcomeShared: outcome.outcomeShared },
    });
    return { reference: read.reference, ...outcome };
  });
  // A partner system walking references that are not its agency's is told to administrators.
  if (!found) await watchApiKeyForUnusualAccess(db, read.key, read.now);
  return found;
}

async function childrenOf(trx: Db, contactId: number): Promise<ChildForOutcome[]> {
  const children = await trx
    .selectFrom('contact_child')
    .select(['id', 'status'])
    .where('contact_id', '=', contactId)
    .orderBy('id')
    .execute();
  const decisions = await trx
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .select(['decision.contact_child_id', 'decision.outcomes', 'decision.outcome', 'decision.authorised_at'])
    .where('contact_child.contact_id', '=', contactId)
    .where('decision.status', '=', 'authorised')
    .where('decision.authorised_at', 'is not', null)
    .orderBy('decision.authorised_at', 'desc')
    .orderBy('decision.id', 'desc')
    .execute();
  return children.map((child) => {
    const latest = decisions.find((decision) => decision.contact_child_id === child.id);
    return {
      contactChildId: child.id,
      status: child.status,
      authorisedDecision: latest
        ? {
            outcomes: latest.outcomes.length > 0 ? latest.outcomes : [latest.outcome],
            authorisedAt: latest.authorised_at!,
          }
        : null,
    };
  });
}

function auditRead(
  trx: Db,
  read: OutcomeRead,
  entry: {
    action: 'access.denied' | 'contact.outcome_read_by_partner';
    recordId: number | undefined;
    details: Record<string, unknown>;
  }
): Promise<void> {
  return writeAudit(
    trx,
    {
      action: entry.action,
      actorUserId: null,
      actorAgencyId: read.key.agencyId,
      recordType: 'contact',
      recordId: entry.recordId,
      ip: read.origin.ip,
      requestId: read.origin.requestId,
      details: { apiKeyId: read.key.id, attempted: 'contact.outcome_read_by_partner', ...entry.details },
    },
    read.now
  );
}
