import { createHash } from 'node:crypto';
import type { Db } from '../../../platform/db/database.ts';
import type { PartnerApiKey } from '../../../platform/auth/api-key.ts';
import type { RequestOrigin } from '../../../platform/access/record-access.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import type { ContactInput } from '../contact-input.ts';
import { holdAdultsAsNamed } from '../staff/link-adult.service.ts';
import { recordContact } from '../record-contact.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import type { ContactSubmission } from './contact-api.schema.ts';

export interface SubmittedContact {
  reference: string;
  contactId: number;
  children: { contactChildId: number }[];
  receivedAt: string;
}

export type SubmissionOutcome =
  | { kind: 'created'; contact: SubmittedContact }
  | { kind: 'replayed'; contact: SubmittedContact }
  | { kind: 'key_reused' };

export interface Submission {
  key: PartnerApiKey;
  idempotencyKey: string;
  /** Checked against the contact rules, with the referral source its key implies filled in. */
  contact: ContactSubmission & { referralSource: string };
  origin: RequestOrigin;
  now: Date;
}

/**
 * Saves a partner system's contact once per idempotency key: a retry of the same request returns
 * the first result, and the same key with a different body is refused. The idempotency row's
 * primary key makes concurrent retries safe: the loser's transaction fails and it replays the winner.
 */
export async function submitPartnerContact(db: Db, submission: Submission): Promise<SubmissionOutcome> {
  const requestHash = hashOf(submission.contact);
  const earlier = await replayOf(db, submission, requestHash);
  if (earlier) return earlier;
  try {
    const contact = await db.transaction().execute((trx) => saveContact(trx, submission, requestHash));
    return { kind: 'created', contact };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await replayOf(db, submission, requestHash);
    if (!winner) throw error;
    return winner;
  }
}

/**
 * The parsed body serialises with its keys in schema order, so equal requests hash equally. An empty
 * otherPeople (the default since it was added) is left out, so a retry sent before then still replays.
 */
function hashOf(contact: ContactSubmission): string {
  const body = JSON.stringify(contact, (key, value: unknown) =>
    key === 'otherPeople' && Array.isArray(value) && value.length === 0 ? undefined : value
  );
  return createHash('sha256').update(body).digest('hex');
}

async function replayOf(
  db: Db,
  submission: Submission,
  requestHash: string
): Promise<SubmissionOutcome | null> {
  const row = await db
    .selectFrom('api_idempotency')
    .select(['request_hash', 'contact_id'])
    .where('partner_api_key_id', '=', submission.key.id)
    .where('idempotency_key', '=', submission.idempotencyKey)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== requestHash) return { kind: 'key_reused' };
  return { kind: 'replayed', contact: await describeContact(db, row.contact_id) };
}

async function saveContact(trx: Db, submission: Submission, requestHash: string): Promise<SubmittedContact> {
  const { key, now } = submission;
  const recorded = await recordContact(trx, contactInput(submission), {
    recordedBy: null,
    now,
    settings: await councilSettings(trx),
  });
  await holdAdultsAsNamed(trx, recorded.contactId, submission.contact.otherPeople);
  await trx
    .insertInto('api_idempotency')
    .values({
      partner_api_key_id: key.id,
      idempotency_key: submission.idempotencyKey,
      request_hash: requestHash,
      contact_id: recorded.contactId,
      created_at: now,
    })
    .execute();
  await writeAudit(
    trx,
    {
      action: 'contact.submitted_by_partner',
      actorUserId: null,
      actorAgencyId: key.agencyId,
      recordType: 'contact',
      recordId: recorded.contactId,
      ip: submission.origin.ip,
      requestId: submission.origin.requestId,
      details: { apiKeyId: key.id, children: recorded.contactChildIds.length },
    },
    now
  );
  return {
    reference: recorded.reference,
    contactId: recorded.contactId,
    children: recorded.contactChildIds.map((contactChildId) => ({ contactChildId })),
    receivedAt: submission.contact.receivedAt.toISOString(),
  };
}

function contactInput({ contact, key }: Submission): ContactInput {
  return {
    receivedAt: contact.receivedAt,
    channel: 'partner_api',
    referralSource: contact.referralSource,
    referrer: { ...contact.referrer, agencyId: key.agencyId, isProfessional: true },
    address: contact.address,
    // Partner systems do not know our person index: a practitioner links each child when screening.
    children: contact.children.map((details) => ({ details, resolution: { kind: 'unlinked' } })),
    // Nor can they match adults: each is held as named, for a practitioner to link (link-adult.service.ts).
    otherPeople: [],
    concernCodes: contact.concernCodes,
    presentingConcerns: contact.presentingConcerns,
    childsLivedExperience: contact.childsLivedExperience,
    strengths: contact.strengths,
    consent: contact.consent,
    familyAware: contact.familyAware,
    lawfulBasis: contact.lawfulBasis,
    lawfulBasisCodes: contact.lawfulBasisCodes,
    immediateRisk: contact.immediateRisk,
    notForDisclosure: contact.notForDisclosure,
    partnerApiKeyId: key.id,
    policeIncidentReference: contact.policeIncidentReference,
    crimeReference: contact.crimeReference,
    dash: contact.dash,
  };
}

async function describeContact(db: Db, contactId: number): Promise<SubmittedContact> {
  const contact = await db
    .selectFrom('contact')
    .select(['reference', 'received_at'])
    .where('id', '=', contactId)
    .executeTakeFirstOrThrow();
  const children = await db
    .selectFrom('contact_child')
    .select('id')
    .where('contact_id', '=', contactId)
    .orderBy('id')
    .execute();
  return {
    reference: contact.reference,
    contactId,
    children: children.map((child) => ({ contactChildId: child.id })),
    receivedAt: contact.received_at.toISOString(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
