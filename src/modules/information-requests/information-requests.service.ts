import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AgencyKind, ConsentStatus, InformationRequestStatus } from '../../platform/db/schema.ts';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import { decideRequestedChildRead } from '../../platform/access/record-policy.ts';
import { claimVersion, EditConflictError } from '../../platform/db/versioned-update.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { calendarOf, councilSettings } from '../../platform/council/council-settings.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { moveCase } from '../journey/case-status.ts';

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  council: 'Council',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  housing: 'Housing',
  adult_services: 'Adult services',
  youth_justice: 'Youth justice',
  other: 'Other',
};

export const CONSENT_LABELS: Record<ConsentStatus, string> = {
  given: 'Given',
  refused: 'Refused',
  not_sought: 'Not sought',
};

/** Open, late (open past its due time), answered or withdrawn: what a screener and a partner see. */
export type RequestState = 'open' | 'late' | 'answered' | 'withdrawn';

export function stateOf(
  request: { status: InformationRequestStatus; due_at: Date },
  now: Date
): RequestState {
  if (request.status === 'open') return request.due_at < now ? 'late' : 'open';
  return request.status;
}

/** How long past its due time a request is, in clock time: "3 hours 20 minutes", "2 days 1 hour". */
export function lateBy(dueAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.floor((now.getTime() - dueAt.getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts =
    days > 0
      ? [counted(days, 'day'), hours > 0 ? counted(hours, 'hour') : '']
      : [hours > 0 ? counted(hours, 'hour') : '', minutes % 60 > 0 ? counted(minutes % 60, 'minute') : ''];
  return parts.filter(Boolean).join(' ');
}

function counted(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** The agencies a request can go to: every partner, never the council itself. */
export function listPartnerAgencies(db: Db) {
  return db
    .selectFrom('agency')
    .select(['id', 'name', 'kind'])
    .where('kind', '<>', 'council')
    .orderBy('name')
    .execute();
}

/** A child's part of a contact as the send form needs it: who, whether linked, and the contact's consent. */
export function loadChildToAsk(db: Db, contactChildId: number) {
  return db
    .selectFrom('contact_child as cc')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .leftJoin('person as p', 'p.id', 'cc.person_id')
    .where('cc.id', '=', contactChildId)
    .select([
      'cc.id',
      'cc.contact_id',
      'cc.person_id',
      'cc.described_child',
      'cc.rag_due_at',
      'cc.decision_due_at',
      'c.reference',
      'c.consent_status',
      'c.lawful_basis',
      'p.given_name',
      'p.family_name',
      'p.restricted',
    ])
    .executeTakeFirstOrThrow();
}

export type ChildToAsk = Awaited<ReturnType<typeof loadChildToAsk>>;

/** The child the send form asks about, with the requests already sent, read through record access. */
export function readChildToAsk(access: RecordAccess, contactChildId: number, now: Date) {
  return access.readContactChild(contactChildId, async (db) => ({
    ...(await loadChildToAsk(db, contactChildId)),
    requests: await loadInformationRequests(db, contactChildId, now),
  }));
}

/** Partners read a child only through a share of a person record, which a restricted record never gets. */
export function canAskAbout(child: Pick<ChildToAsk, 'person_id' | 'restricted'>): boolean {
  return child.person_id !== null && child.restricted !== true;
}

export interface NewInformationRequests {
  contactChildId: number;
  agencyIds: number[];
  question: string;
  consentStatus: ConsentStatus;
  lawfulBasis?: string;
}

/** Sends the screener's requests (sendInformationRequests) with the audit row, in one transaction. */
export function askPartnerAgencies(
  access: RecordAccess,
  input: NewInformationRequests,
  now: Date
): Promise<number[]> {
  return access.recordChange('screening:record', 'information_request.send', async (trx) => {
    const ids = await sendInformationRequests(trx, input, { userId: access.actor.userId, now });
    return {
      recordType: 'contact_child',
      recordId: input.contactChildId,
      result: ids,
      details: {
        informationRequestIds: ids,
        agencyIds: input.agencyIds,
        consentStatus: input.consentStatus,
      },
    };
  });
}

/**
 * One request per agency, due by the child's RAG time (or the decision time before rating). The
 * agency's staff see only the minimum about the child on the request itself: the request does not
 * share the child's record with them (see RecordAccess.readRequestedChild).
 */
export async function sendInformationRequests(
  trx: Db,
  input: NewInformationRequests,
  by: { userId: number; now: Date }
): Promise<number[]> {
  const child = await trx
    .selectFrom('contact_child')
    .select(['person_id', 'rag_due_at', 'decision_due_at'])
    .where('id', '=', input.contactChildId)
    .executeTakeFirstOrThrow();
  if (child.person_id === null) throw new Error('A child must be linked to a person before asking partners');
  const outOfHours = isOutOfHours(by.now, calendarOf(await councilSettings(trx)));
  const ids: number[] = [];
  for (const agencyId of input.agencyIds) {
    const { id } = await trx
      .insertInto('information_request')
      .values({
        contact_child_id: input.contactChildId,
        agency_id: agencyId,
        question: input.question,
        consent_status: input.consentStatus,
        lawful_basis: input.lawfulBasis ?? null,
        due_at: child.rag_due_at ?? child.decision_due_at,
        requested_by: by.userId,
        requested_at: by.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordJourneyEvent(trx, {
      contactChildId: input.contactChildId,
      step: 'information_requested',
      at: by.now,
      actorId: by.userId,
      outOfHours,
      details: { informationRequestId: id, agencyId },
    });
    ids.push(id);
  }
  await moveCase(trx, input.contactChildId, 'await_information', { at: by.now });
  return ids;
}

/** One request with who asked, without anything about the child (read that through record access). */
export function findRequest(db: Db, id: number) {
  return db
    .selectFrom('information_request as ir')
    .innerJoin('contact_child as cc', 'cc.id', 'ir.contact_child_id')
    .innerJoin('staff_user as asker', 'asker.id', 'ir.requested_by')
    .leftJoin('staff_user as responder', 'responder.id', 'ir.responded_by')
    .leftJoin('person', 'person.id', 'cc.person_id')
    .where('ir.id', '=', id)
    .selectAll('ir')
    .select([
      'cc.person_id',
      'person.restricted as child_restricted',
      'cc.contact_id',
      'asker.display_name as requested_by_name',
      'asker.email as requested_by_email',
      'responder.display_name as responded_by_name',
    ])
    .executeTakeFirst();
}

export type FoundRequest = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/**
 * A request put to the actor's agency, with the minimum about its child: the access layer answers
 * "not found" (and audits it) for another agency's request, one about no linked child, or a child
 * restricted since it was sent.
 */
export function readAgencyRequest(access: RecordAccess, id: number) {
  return access.readVia('information_request', id, async (db, owner) => ({
    request: (await findRequest(db, id))!,
    child: await loadRequestedChild(db, owner.personId!, owner.contactId),
  }));
}

export type AgencyRequest = Awaited<ReturnType<typeof readAgencyRequest>>;

/**
 * A request the actor's agency is about to answer: refused like a read when it is not theirs to
 * answer (the refusal names the change), then read as readAgencyRequest does.
 */
export async function readAgencyRequestToAnswer(access: RecordAccess, id: number): Promise<AgencyRequest> {
  await access.assertVisibleVia('information_request', id, 'information_request.respond');
  return readAgencyRequest(access, id);
}

/** Saves an agency's answer (recordResponse) with the audit row, in one transaction. */
export function answerInformationRequest(
  access: RecordAccess,
  request: Pick<FoundRequest, 'id' | 'contact_child_id' | 'agency_id'>,
  openedVersion: number,
  response: InformationResponse,
  now: Date
): Promise<void> {
  return access.recordChange('information_request:respond', 'information_request.respond', async (trx) => {
    await recordResponse(trx, request, openedVersion, response, { userId: access.actor.userId, now });
    return {
      recordType: 'information_request',
      recordId: request.id,
      result: undefined,
      details: { contactChildId: request.contact_child_id, agencyId: request.agency_id },
    };
  });
}

/** The minimum a partner needs to identify the child: name, date of birth and address. */
export function loadRequestedChild(db: Db, personId: number, contactId: number) {
  return db
    .selectFrom('person as p')
    .innerJoin('contact as c', (join) => join.on('c.id', '=', contactId))
    .leftJoin('address as a', (join) =>
      join.on((eb) => eb('a.id', '=', eb.fn.coalesce('p.address_id', 'c.address_id')))
    )
    .where('p.id', '=', personId)
    .select([
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'a.line1',
      'a.line2',
      'a.town',
      'a.postcode',
    ])
    .executeTakeFirstOrThrow();
}

export interface InformationResponse {
  knownInvolvement?: string;
  risks?: string;
  strengths?: string;
  summary: string;
  /** The agency says what it shared must not reach the family: family letters are then withheld. */
  notForDisclosure?: boolean;
}

/**
 * Saves a partner's answer once: the version claim refuses a save over someone else's, and only an
 * open request can be answered. When the child's last open request is answered, screening resumes.
 */
export async function recordResponse(
  trx: Db,
  request: Pick<FoundRequest, 'id' | 'contact_child_id' | 'agency_id'>,
  openedVersion: number,
  response: InformationResponse,
  by: { userId: number | null; now: Date }
): Promise<void> {
  await claimVersion(trx, 'information_request', request.id, openedVersion);
  const answered = await trx
    .updateTable('information_request')
    .set({
      status: 'answered',
      known_involvement: response.knownInvolvement ?? null,
      risks: response.risks ?? null,
      strengths: response.strengths ?? null,
      summary: response.summary,
      not_for_disclosure: response.notForDisclosure ?? false,
      responded_by: by.userId,
      responded_at: by.now,
    })
    .where('id', '=', request.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (answered.numUpdatedRows === 0n) throw new EditConflictError('information_request');
  await recordJourneyEvent(trx, {
    contactChildId: request.contact_child_id,
    step: 'information_received',
    at: by.now,
    actorId: by.userId,
    outOfHours: isOutOfHours(by.now, calendarOf(await councilSettings(trx))),
    details: { informationRequestId: request.id, agencyId: request.agency_id },
  });
  const stillOpen = await trx
    .selectFrom('information_request')
    .select('id')
    .where('contact_child_id', '=', request.contact_child_id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (!stillOpen) await moveCase(trx, request.contact_child_id, 'information_complete', { at: by.now });
}

/** Every request about a child, for the screener: each agency's answer side by side. */
export async function loadInformationRequests(db: Db, contactChildId: number, now: Date) {
  const rows = await db
    .selectFrom('information_request as ir')
    .innerJoin('agency', 'agency.id', 'ir.agency_id')
    .innerJoin('staff_user as asker', 'asker.id', 'ir.requested_by')
    .leftJoin('staff_user as responder', 'responder.id', 'ir.responded_by')
    .where('ir.contact_child_id', '=', contactChildId)
    .selectAll('ir')
    .select([
      'agency.name as agency_name',
      'agency.kind as agency_kind',
      'asker.display_name as requested_by_name',
      'responder.display_name as responded_by_name',
    ])
    .orderBy('ir.requested_at')
    .orderBy('ir.id')
    .execute();
  return rows.map((row) => withState(row, now));
}

function withState<T extends { status: InformationRequestStatus; due_at: Date }>(row: T, now: Date) {
  const state = stateOf(row, now);
  return { ...row, state, late_by: state === 'late' ? lateBy(row.due_at, now) : null };
}

/** How many answered requests a partner's list shows below the open ones. */
const RECENTLY_ANSWERED = 50;

/**
 * A partner's requests: open ones by due time, then the latest answered. Requests about restricted
 * children are left out, and only the listed children's names leave the database. Audited as a list.
 */
export function listAgencyRequests(access: RecordAccess, now: Date) {
  return access.withPermission(
    'information_request:respond',
    { action: 'information_request.list', recordType: 'information_request' },
    (db) => agencyRequests(db, access, now)
  );
}

async function agencyRequests(db: Db, access: RecordAccess, now: Date) {
  const agencyId = access.actor.agencyId;
  const requests = await db
    .selectFrom('information_request as ir')
    .innerJoin('contact_child as cc', 'cc.id', 'ir.contact_child_id')
    .innerJoin('person', 'person.id', 'cc.person_id')
    .where('ir.agency_id', '=', agencyId)
    .where('ir.status', '<>', 'withdrawn')
    .select((eb) => [
      'ir.id',
      'ir.status',
      'ir.due_at',
      'ir.requested_at',
      'ir.responded_at',
      'cc.person_id',
      'person.restricted',
      ...access.personFactColumns(eb),
    ])
    .orderBy(sql`ir.status = 'open'`, 'desc')
    .orderBy(sql`case when ir.status = 'open' then ir.due_at end`)
    .orderBy('ir.responded_at', 'desc')
    .execute();
  const readable = requests.filter(
    (row) =>
      decideRequestedChildRead(access.actor, {
        restricted: row.restricted,
        grantedToActor: Boolean(row.granted),
      }).allowed
  );
  const names = await childNames(db, [...new Set(readable.map((row) => row.person_id!))]);
  const listed = readable.map((row) => ({
    ...withState(row, now),
    child: names.get(row.person_id!)!,
  }));
  return {
    open: listed.filter((row) => row.status === 'open'),
    answered: listed.filter((row) => row.status === 'answered').slice(0, RECENTLY_ANSWERED),
  };
}

interface ChildName {
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
}

async function childNames(db: Db, personIds: number[]): Promise<Map<number, ChildName>> {
  if (personIds.length === 0) return new Map();
  const people = await db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('id', 'in', personIds)
    .execute();
  return new Map(people.map((person) => [person.id, person]));
}

/**
 * A partner system's open requests with the minimum about each child. An API key acts for its
 * agency, with no named grants: restricted children are left out.
 */
export async function listOpenRequestsForAgency(db: Db, agencyId: number, now: Date) {
  const rows = await db
    .selectFrom('information_request as ir')
    .innerJoin('contact_child as cc', 'cc.id', 'ir.contact_child_id')
    .innerJoin('contact as c', 'c.id', 'cc.contact_id')
    .innerJoin('person as p', 'p.id', 'cc.person_id')
    .innerJoin('staff_user as asker', 'asker.id', 'ir.requested_by')
    .leftJoin('address as a', (join) =>
      join.on((eb) => eb('a.id', '=', eb.fn.coalesce('p.address_id', 'c.address_id')))
    )
    .where('ir.agency_id', '=', agencyId)
    .where('ir.status', '=', 'open')
    .where('p.restricted', '=', false)
    .select([
      'ir.id',
      'ir.version',
      'ir.question',
      'ir.consent_status',
      'ir.lawful_basis',
      'ir.requested_at',
      'ir.due_at',
      'ir.status',
      'asker.display_name as requested_by_name',
      'asker.email as requested_by_email',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
      'a.line1',
      'a.line2',
      'a.town',
      'a.postcode',
    ])
    .orderBy('ir.due_at')
    .orderBy('ir.id')
    .execute();
  return rows.map((row) => withState(row, now));
}
