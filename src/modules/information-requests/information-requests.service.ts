import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/select-together.ts';
import type {
  AgencyKind,
  ConsentStatus,
  InformationRequestPersonTable,
  InformationRequestStatus,
} from '../../platform/db/schema.ts';
import { requestedChildIdVisibleTo, type RecordAccess } from '../../platform/access/record-access.ts';
import { decideRequestedChildRead } from '../../platform/access/record-policy.ts';
import { claimVersion, EditConflictError } from '../../platform/db/versioned-update.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { calendarOf, councilSettings } from '../../platform/council/council-settings.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { moveCase } from '../journey/case-status.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { lawfulBasisOf, lawfulBasisText, type LawfulBasis } from '../../shared/lawful-basis.ts';

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

/** Each person's part in the family, as a partner is told it. */
export const FAMILY_ROLE_LABELS: Record<InformationRequestPersonTable['role'], string> = {
  child: 'Child',
  sibling: 'Sibling',
  parent_or_carer: 'Parent or carer',
  household_member: 'Household member',
  adult_of_concern: 'Person alleged to cause harm',
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
      'c.lawful_basis_personal_data',
      'c.lawful_basis_special_category',
      'p.given_name',
      'p.family_name',
      'p.restricted',
    ])
    .executeTakeFirstOrThrow();
}

export type ChildToAsk = Awaited<ReturnType<typeof loadChildToAsk>>;

type AskedRole = InformationRequestPersonTable['role'];

/**
 * Everyone on a contact a request can ask about: each child and each adult named on it (parents,
 * carers, household members, a person alleged to cause harm). A child not yet linked to a record, or
 * anyone whose record is restricted, cannot be shared with a partner and is marked so.
 */
export async function loadPeopleToAsk(db: Db, contactId: number) {
  const [children, adults] = await Promise.all([
    db
      .selectFrom('contact_child as cc')
      .leftJoin('person as p', 'p.id', 'cc.person_id')
      .where('cc.contact_id', '=', contactId)
      .select([
        'cc.id as contact_child_id',
        'cc.person_id',
        'cc.described_child',
        'cc.rag_due_at',
        'cc.decision_due_at',
        'p.given_name',
        'p.family_name',
        'p.date_of_birth',
        'p.restricted',
      ])
      .orderBy('cc.id')
      .execute(),
    db
      .selectFrom('contact_person as cp')
      .innerJoin('person as p', 'p.id', 'cp.person_id')
      .where('cp.contact_id', '=', contactId)
      .select([
        'cp.person_id',
        'cp.role',
        'cp.relationship',
        'p.given_name',
        'p.family_name',
        'p.date_of_birth',
        'p.restricted',
      ])
      .orderBy('p.id')
      .execute(),
  ]);
  return [
    ...children.map((child) => ({
      personId: child.person_id,
      contactChildId: child.contact_child_id as number | null,
      role: 'child' as AskedRole,
      relationship: null as string | null,
      name:
        child.person_id !== null
          ? `${child.given_name} ${child.family_name}`
          : describedName(child.described_child),
      dateOfBirth: child.date_of_birth,
      dueAt: child.rag_due_at ?? child.decision_due_at,
      askable: child.person_id !== null && child.restricted !== true,
      why:
        child.person_id === null
          ? ('not_linked' as const)
          : child.restricted
            ? ('restricted' as const)
            : null,
    })),
    ...adults.map((adult) => ({
      personId: adult.person_id as number | null,
      contactChildId: null as number | null,
      role: adult.role as AskedRole,
      relationship: adult.relationship,
      name: `${adult.given_name} ${adult.family_name}`,
      dateOfBirth: adult.date_of_birth,
      dueAt: null as Date | null,
      askable: !adult.restricted,
      why: adult.restricted ? ('restricted' as const) : null,
    })),
  ];
}

function describedName(described: unknown): string {
  const details = (typeof described === 'string' ? JSON.parse(described) : described) as {
    givenName?: string;
    familyName?: string;
  } | null;
  return `${details?.givenName ?? ''} ${details?.familyName ?? ''}`.trim() || 'A child not yet linked';
}

/** The child the send form asks from, the family it asks about and the requests already sent. */
export function readChildToAsk(access: RecordAccess, contactChildId: number, now: Date) {
  return access.readContactChild(contactChildId, async (db, contactId) => ({
    ...(await loadChildToAsk(db, contactChildId)),
    people: await loadPeopleToAsk(db, contactId),
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
  lawfulBasis?: LawfulBasis;
}

/** Sends the screener's requests (sendInformationRequests) with the audit row, in one transaction. */
export function askPartnerAgencies(
  access: RecordAccess,
  input: NewInformationRequests,
  now: Date
): Promise<number[]> {
  return access.recordChange('screening:record', 'information_request.send', async (trx) => {
    const sent = await sendInformationRequests(trx, input, { userId: access.actor.userId, now });
    return {
      recordType: 'contact_child',
      recordId: input.contactChildId,
      result: sent.ids,
      details: {
        informationRequestIds: sent.ids,
        agencyIds: input.agencyIds,
        personIds: sent.personIds,
        consentStatus: input.consentStatus,
        lawfulBasis: input.lawfulBasis
          ? [input.lawfulBasis.personalData, input.lawfulBasis.specialCategory]
          : null,
      },
    };
  });
}

/** An agency already has an open request about this family: it is not asked twice. */
export class AlreadyAskedError extends FormProblem {
  constructor(agencyName: string) {
    super('agencyIds', `${agencyName} already has an open request about this family; wait for its answer`);
  }
}

/**
 * One request per agency per contact, asking about every child and adult on it whose record can be
 * shared. Due by the earliest RAG time of its children (or decision time before rating). The agency's
 * staff see only the minimum about each person on the request itself: it does not share anyone's
 * record with them (see readAgencyRequest).
 */
export async function sendInformationRequests(
  trx: Db,
  input: NewInformationRequests,
  by: { userId: number; now: Date }
): Promise<{ ids: number[]; personIds: number[] }> {
  const child = await trx
    .selectFrom('contact_child')
    .select(['person_id', 'contact_id'])
    .where('id', '=', input.contactChildId)
    .executeTakeFirstOrThrow();
  if (child.person_id === null) throw new Error('A child must be linked to a person before asking partners');
  // Held until the requests are saved, so two screeners cannot both ask one agency about one family.
  await trx.selectFrom('contact').select('id').where('id', '=', child.contact_id).forUpdate().execute();
  const people = (await loadPeopleToAsk(trx, child.contact_id)).filter((person) => person.askable);
  const children = people.filter((person) => person.contactChildId !== null);
  const dueAt = new Date(Math.min(...children.map((person) => person.dueAt!.getTime())));
  const outOfHours = isOutOfHours(by.now, calendarOf(await councilSettings(trx)));
  await refuseAgenciesAlreadyAsked(trx, child.contact_id, input.agencyIds);
  const ids: number[] = [];
  for (const agencyId of input.agencyIds) {
    const { id } = await trx
      .insertInto('information_request')
      .values({
        contact_child_id: input.contactChildId,
        contact_id: child.contact_id,
        agency_id: agencyId,
        question: input.question,
        consent_status: input.consentStatus,
        lawful_basis: input.lawfulBasis?.detail ?? null,
        lawful_basis_personal_data: input.lawfulBasis?.personalData ?? null,
        lawful_basis_special_category: input.lawfulBasis?.specialCategory ?? null,
        due_at: dueAt,
        requested_by: by.userId,
        requested_at: by.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('information_request_person')
      .values(
        people.map((person) => ({
          information_request_id: id,
          person_id: person.personId!,
          contact_child_id: person.contactChildId,
          role: person.role,
          relationship: person.relationship,
        }))
      )
      // The database has already added the request's own child.
      .onConflict((conflict) => conflict.columns(['information_request_id', 'person_id']).doNothing())
      .execute();
    for (const asked of children) {
      await recordJourneyEvent(trx, {
        contactChildId: asked.contactChildId!,
        step: 'information_requested',
        at: by.now,
        actorId: by.userId,
        outOfHours,
        details: { informationRequestId: id, agencyId },
      });
    }
    ids.push(id);
  }
  for (const asked of children)
    await moveCase(trx, asked.contactChildId!, 'await_information', { at: by.now });
  return { ids, personIds: people.map((person) => person.personId!) };
}

async function refuseAgenciesAlreadyAsked(trx: Db, contactId: number, agencyIds: number[]) {
  const open = await trx
    .selectFrom('information_request as ir')
    .innerJoin('agency', 'agency.id', 'ir.agency_id')
    .where('ir.contact_id', '=', contactId)
    .where('ir.status', '=', 'open')
    .where('ir.agency_id', 'in', agencyIds)
    .select('agency.name')
    .orderBy('agency.name')
    .executeTakeFirst();
  if (open) throw new AlreadyAskedError(open.name);
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
      'asker.display_name as requested_by_name',
      'asker.email as requested_by_email',
      'responder.display_name as responded_by_name',
    ])
    .executeTakeFirst();
}

export type FoundRequest = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/**
 * A request put to the actor's agency, with the minimum about each person it asks about: the access
 * layer answers "not found" (and audits it) for another agency's request, one about no linked child, or
 * one whose child was restricted since it was sent. Each other person is shown under the same rule
 * (never a restricted record without a grant) and each read is audited against that person.
 */
export async function readAgencyRequest(access: RecordAccess, id: number) {
  const { request, anchorPersonId, shown } = await access.readVia(
    'information_request',
    id,
    async (db, owner) => {
      const asked = await askedPeopleWithFacts(db, access, id);
      const allowed = asked.filter(
        (person) =>
          decideRequestedChildRead(access.actor, {
            restricted: person.restricted,
            grantedToActor: Boolean(person.granted),
          }).allowed
      );
      return {
        request: (await findRequest(db, id))!,
        anchorPersonId: owner.personId!,
        shown: await Promise.all(
          allowed.map(async (person) => ({
            personId: person.person_id,
            details: await loadRequestedPerson(db, person.id),
          }))
        ),
      };
    }
  );
  // readVia audited the read of the request's own child; each other person shown is audited too.
  const people: RequestedPerson[] = [];
  for (const person of shown) {
    people.push(
      person.personId === anchorPersonId
        ? person.details
        : await access.readRequestedChild(id, person.personId, async () => person.details)
    );
  }
  return { request, people };
}

export type AgencyRequest = Awaited<ReturnType<typeof readAgencyRequest>>;

function askedPeopleWithFacts(db: Db, access: RecordAccess, requestId: number) {
  return db
    .selectFrom('information_request_person as irp')
    .innerJoin('person', 'person.id', 'irp.person_id')
    .where('irp.information_request_id', '=', requestId)
    .select((eb) => ['irp.id', 'irp.person_id', 'person.restricted', ...access.personFactColumns(eb)])
    .orderBy(sql`irp.contact_child_id is null`)
    .orderBy('irp.id')
    .execute();
}

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
      details: {
        contactChildId: request.contact_child_id,
        agencyId: request.agency_id,
        answeredAbout: response.people.map((person) => person.id),
      },
    };
  });
}

/**
 * The minimum a partner needs to identify one person asked about: name, date of birth, address and
 * their part in the family. A child's address falls back to the contact's; an adult's never does (the
 * person alleged to cause harm may live elsewhere).
 */
export function loadRequestedPerson(db: Db, askedId: number) {
  return db
    .selectFrom('information_request_person as irp')
    .innerJoin('information_request as ir', 'ir.id', 'irp.information_request_id')
    .innerJoin('contact as c', 'c.id', 'ir.contact_id')
    .innerJoin('person as p', 'p.id', 'irp.person_id')
    .leftJoin('address as a', (join) =>
      join.on((eb) =>
        eb(
          'a.id',
          '=',
          eb.fn.coalesce('p.address_id', sql<number>`case when irp.role = 'child' then c.address_id end`)
        )
      )
    )
    .where('irp.id', '=', askedId)
    .select([
      'irp.id',
      'irp.role',
      'irp.relationship',
      'irp.known_involvement',
      'irp.risks',
      'irp.strengths',
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

export type RequestedPerson = Awaited<ReturnType<typeof loadRequestedPerson>>;

/** What the agency knows about one person asked about. */
export interface PersonAnswer {
  /** The information_request_person id: which person on the request this is about. */
  id: number;
  knownInvolvement?: string;
  risks?: string;
  strengths?: string;
}

export interface InformationResponse {
  /** About the family as a whole: older answers and partner systems that answer per request. */
  knownInvolvement?: string;
  risks?: string;
  strengths?: string;
  summary: string;
  /** The agency says what it shared must not reach the family: family letters are then withheld. */
  notForDisclosure?: boolean;
  people: PersonAnswer[];
}

/** Thrown when an answer names a person the request does not ask about (or one the partner may not see). */
export class NotAskedAboutError extends Error {
  constructor(readonly askedId: number) {
    super('The answer names a person the request does not ask about');
  }
}

/**
 * Saves a partner's answer once: the version claim refuses a save over someone else's, and only an
 * open request can be answered. When a child's last open request is answered, their screening resumes.
 */
export async function recordResponse(
  trx: Db,
  request: Pick<FoundRequest, 'id' | 'contact_child_id' | 'agency_id'>,
  openedVersion: number,
  response: InformationResponse,
  by: { userId: number | null; now: Date; answerable?: ReadonlySet<number> }
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
  for (const person of response.people) {
    if (by.answerable && !by.answerable.has(person.id)) throw new NotAskedAboutError(person.id);
    const saved = await trx
      .updateTable('information_request_person')
      .set({
        known_involvement: person.knownInvolvement ?? null,
        risks: person.risks ?? null,
        strengths: person.strengths ?? null,
      })
      .where('id', '=', person.id)
      .where('information_request_id', '=', request.id)
      .executeTakeFirst();
    if (saved.numUpdatedRows === 0n) throw new NotAskedAboutError(person.id);
  }
  const children = await trx
    .selectFrom('information_request_person')
    .select('contact_child_id')
    .where('information_request_id', '=', request.id)
    .where('contact_child_id', 'is not', null)
    .execute();
  const outOfHours = isOutOfHours(by.now, calendarOf(await councilSettings(trx)));
  for (const { contact_child_id } of children) {
    const contactChildId = contact_child_id!;
    await recordJourneyEvent(trx, {
      contactChildId,
      step: 'information_received',
      at: by.now,
      actorId: by.userId,
      outOfHours,
      details: { informationRequestId: request.id, agencyId: request.agency_id },
    });
    const stillOpen = await trx
      .selectFrom('information_request as ir')
      .innerJoin('information_request_person as irp', 'irp.information_request_id', 'ir.id')
      .select('ir.id')
      .where('irp.contact_child_id', '=', contactChildId)
      .where('ir.status', '=', 'open')
      .executeTakeFirst();
    if (!stillOpen) await moveCase(trx, contactChildId, 'information_complete', { at: by.now });
  }
}

/**
 * Every request about the family of a child's contact, for the screener: each agency's answer side by
 * side, with the people each asked about and what the agency said about each.
 */
export async function loadInformationRequests(db: Db, contactChildId: number, now: Date) {
  return informationRequestsFrom(db, await informationRequestsQuery(db, contactChildId).execute(), now);
}

/** The requests behind loadInformationRequests, for a caller sending it with other reads (selectTogether). */
export function informationRequestsQuery(db: Db, contactChildId: number) {
  return db
    .selectFrom('information_request as ir')
    .innerJoin('contact_child as cc', 'cc.contact_id', 'ir.contact_id')
    .innerJoin('agency', 'agency.id', 'ir.agency_id')
    .innerJoin('staff_user as asker', 'asker.id', 'ir.requested_by')
    .leftJoin('staff_user as responder', 'responder.id', 'ir.responded_by')
    .where('cc.id', '=', contactChildId)
    .selectAll('ir')
    .select([
      'agency.name as agency_name',
      'agency.kind as agency_kind',
      'asker.display_name as requested_by_name',
      'responder.display_name as responded_by_name',
    ])
    .orderBy('ir.requested_at')
    .orderBy('ir.id');
}

/** The requests with the people each asks about (read here, when there are any) and where each stands. */
export async function informationRequestsFrom(
  db: Db,
  rows: RowOf<ReturnType<typeof informationRequestsQuery>>[],
  now: Date
) {
  const people = await askedPeopleOf(
    db,
    rows.map((row) => row.id)
  );
  return rows.map((row) => ({
    ...withState(row, now),
    lawful_basis_text: lawfulBasisText(lawfulBasisOf(row)),
    people: people
      .filter((person) => person.information_request_id === row.id)
      .map((person) => ({ ...person, role_text: FAMILY_ROLE_LABELS[person.role] })),
  }));
}

/** The people each request asks about, children first, for the front door's own pages. */
function askedPeopleOf(db: Db, requestIds: number[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('information_request_person as irp')
    .innerJoin('person as p', 'p.id', 'irp.person_id')
    .where('irp.information_request_id', 'in', requestIds)
    .select([
      'irp.id',
      'irp.information_request_id',
      'irp.person_id',
      'irp.contact_child_id',
      'irp.role',
      'irp.relationship',
      'irp.known_involvement',
      'irp.risks',
      'irp.strengths',
      'p.given_name',
      'p.family_name',
      'p.date_of_birth',
    ])
    .orderBy(sql`irp.contact_child_id is null`)
    .orderBy('irp.id')
    .execute();
}

function withState<T extends { status: InformationRequestStatus; due_at: Date }>(row: T, now: Date) {
  const state = stateOf(row, now);
  return { ...row, state, late_by: state === 'late' ? lateBy(row.due_at, now) : null };
}

/** Each list on a partner's page shows this many requests a page. */
export const AGENCY_REQUESTS_PAGE_SIZE = 50;
/**
 * Answered requests are counted as far as this many (or to the end of the page asked for, if further);
 * beyond it the page says "more than". An agency answers thousands a year: counting every one it ever
 * answered would read them all, where the page reads its own fifty by the index of the newest.
 */
const ANSWERED_COUNT_CAP = 1000;

/** The page of each list on a partner's page to show, from 1. */
export interface AgencyRequestPages {
  open: number;
  answered: number;
}

/**
 * A partner's requests: open ones by due time, then the latest answered, a page of each at a time with
 * how many there are (answered ones counted as far as ANSWERED_COUNT_CAP). Requests about restricted
 * children are neither listed nor counted, and only the listed children's names leave the database.
 * Audited as a list.
 */
export function listAgencyRequests(access: RecordAccess, now: Date, pages: AgencyRequestPages) {
  return access.withPermission(
    'information_request:respond',
    { action: 'information_request.list', recordType: 'information_request' },
    (db) => agencyRequests(db, access, now, pages)
  );
}

async function agencyRequests(db: Db, access: RecordAccess, now: Date, pages: AgencyRequestPages) {
  const agencyId = access.actor.agencyId;
  const requests = (status: 'open' | 'answered') =>
    db
      .selectFrom('information_request as ir')
      .innerJoin('contact_child as cc', 'cc.id', 'ir.contact_child_id')
      .innerJoin('person', 'person.id', 'cc.person_id')
      .where('ir.agency_id', '=', agencyId)
      .where('ir.status', '=', status)
      // As the partner's home page counts them: never a request about a restricted child without a grant.
      .where(requestedChildIdVisibleTo(access.actor, 'ir.contact_child_id'))
      .select((eb) => [
        'ir.id',
        'ir.status',
        'ir.due_at',
        'ir.requested_at',
        'ir.responded_at',
        'person.restricted',
        ...access.personFactColumns(eb),
      ]);
  const offset = (page: number) => (page - 1) * AGENCY_REQUESTS_PAGE_SIZE;
  // Answered ones are read newest first by their own index, only as far as they are counted, and only
  // their ids: the page's fifty are then read whole (joining and judging a thousand cost 8 ms a page).
  const answeredCounted = Math.max(ANSWERED_COUNT_CAP, pages.answered * AGENCY_REQUESTS_PAGE_SIZE) + 1;
  const answeredPage = db
    .selectFrom(
      db
        .selectFrom('information_request as ir')
        .where('ir.agency_id', '=', agencyId)
        .where('ir.status', '=', 'answered')
        .where(requestedChildIdVisibleTo(access.actor, 'ir.contact_child_id'))
        .select(['ir.id', 'ir.responded_at'])
        .orderBy('ir.responded_at', 'desc')
        .orderBy('ir.id', 'desc')
        .limit(answeredCounted)
        .as('counted')
    )
    .select(['counted.id', sql<string>`count(*) over ()`.as('total')])
    .orderBy('counted.responded_at', 'desc')
    .orderBy('counted.id', 'desc')
    .limit(AGENCY_REQUESTS_PAGE_SIZE)
    .offset(offset(pages.answered));
  const [open, answered] = await Promise.all([
    requests('open')
      .select(sql<string>`count(*) over ()`.as('total'))
      .orderBy('ir.due_at')
      .orderBy('ir.id')
      .limit(AGENCY_REQUESTS_PAGE_SIZE)
      .offset(offset(pages.open))
      .execute(),
    requests('answered')
      .innerJoin(answeredPage.as('page'), 'page.id', 'ir.id')
      .select('page.total')
      .orderBy('ir.responded_at', 'desc')
      .orderBy('ir.id', 'desc')
      .execute(),
  ]);
  // Each row is still judged by the access layer's rule before it is shown.
  const readable = <T extends { restricted: boolean; granted: unknown }>(rows: T[]) =>
    rows.filter((row) => readableByPartner(access, row));
  const [openShown, answeredShown] = [readable(open), readable(answered)];
  const named = await namesAskedAbout(
    db,
    access,
    [...openShown, ...answeredShown].map((row) => row.id)
  );
  const listed = <T extends (typeof open)[number]>(rows: T[]) =>
    rows.map(({ total: _total, ...row }) => ({ ...withState(row, now), people: named.get(row.id) ?? [] }));
  const counted = (rows: { total: string }[], page: number) =>
    rows[0] ? Number(rows[0].total) : page === 1 ? 0 : null;
  const answeredTotal = counted(answered, pages.answered);
  return {
    open: {
      rows: listed(openShown),
      page: pages.open,
      first: offset(pages.open) + 1,
      total: counted(open, pages.open),
      moreThanCounted: false,
    },
    answered: {
      rows: listed(answeredShown),
      page: pages.answered,
      first: offset(pages.answered) + 1,
      /** How many were counted: all there are, unless moreThanCounted says there are more. */
      total: answeredTotal === null ? null : Math.min(answeredTotal, answeredCounted - 1),
      moreThanCounted: answeredTotal !== null && answeredTotal >= answeredCounted,
    },
  };
}

function readableByPartner(access: RecordAccess, person: { restricted: boolean; granted: unknown }) {
  return decideRequestedChildRead(access.actor, {
    restricted: person.restricted,
    grantedToActor: Boolean(person.granted),
  }).allowed;
}

/** The names (and children's dates of birth) of the people each listed request asks about that the partner may see. */
async function namesAskedAbout(db: Db, access: RecordAccess, requestIds: number[]) {
  const people =
    requestIds.length === 0
      ? []
      : await db
          .selectFrom('information_request_person as irp')
          .innerJoin('person', 'person.id', 'irp.person_id')
          .where('irp.information_request_id', 'in', requestIds)
          .select((eb) => [
            'irp.information_request_id',
            'irp.role',
            'person.given_name',
            'person.family_name',
            'person.date_of_birth',
            'person.restricted',
            ...access.personFactColumns(eb),
          ])
          .orderBy(sql`irp.contact_child_id is null`)
          .orderBy('irp.id')
          .execute();
  const byRequest = new Map<
    number,
    (Omit<(typeof people)[number], 'restricted' | 'granted'> & { role_text: string })[]
  >();
  for (const { restricted, granted, ...person } of people) {
    if (!readableByPartner(access, { restricted, granted })) continue;
    const listed = byRequest.get(person.information_request_id) ?? [];
    listed.push({ ...person, role_text: FAMILY_ROLE_LABELS[person.role] });
    byRequest.set(person.information_request_id, listed);
  }
  return byRequest;
}

/**
 * A partner system's open requests with the minimum about each person asked about. An API key acts
 * for its agency, with no named grants: a request whose child is restricted is left out, and so is
 * any restricted person on a request.
 */
export async function listOpenRequestsForAgency(db: Db, agencyId: number, now: Date) {
  const rows = await db
    .selectFrom('information_request as ir')
    .innerJoin('contact_child as cc', 'cc.id', 'ir.contact_child_id')
    .innerJoin('person as p', 'p.id', 'cc.person_id')
    .innerJoin('staff_user as asker', 'asker.id', 'ir.requested_by')
    .where('ir.agency_id', '=', agencyId)
    .where('ir.status', '=', 'open')
    .where('p.restricted', '=', false)
    .select([
      'ir.id',
      'ir.version',
      'ir.question',
      'ir.consent_status',
      'ir.lawful_basis',
      'ir.lawful_basis_personal_data',
      'ir.lawful_basis_special_category',
      'ir.requested_at',
      'ir.due_at',
      'ir.status',
      'cc.person_id as anchor_person_id',
      'asker.display_name as requested_by_name',
      'asker.email as requested_by_email',
    ])
    .orderBy('ir.due_at')
    .orderBy('ir.id')
    .execute();
  const people = await unrestrictedPeopleAsked(
    db,
    rows.map((row) => row.id)
  );
  return rows.map((row) => ({
    ...withState(row, now),
    people: people.filter((person) => person.information_request_id === row.id),
  }));
}

/** The people on a request an API key may answer about: never a restricted record (a key holds no grants). */
export async function answerableByApiKey(db: Db, requestId: number): Promise<ReadonlySet<number>> {
  const rows = await db
    .selectFrom('information_request_person as irp')
    .innerJoin('person as p', 'p.id', 'irp.person_id')
    .where('irp.information_request_id', '=', requestId)
    .where('p.restricted', '=', false)
    .select('irp.id')
    .execute();
  return new Set(rows.map((row) => row.id));
}

async function unrestrictedPeopleAsked(db: Db, requestIds: number[]) {
  if (requestIds.length === 0) return [];
  const asked = await db
    .selectFrom('information_request_person as irp')
    .innerJoin('person as p', 'p.id', 'irp.person_id')
    .where('irp.information_request_id', 'in', requestIds)
    .where('p.restricted', '=', false)
    .select(['irp.id', 'irp.information_request_id', 'irp.person_id'])
    .orderBy(sql`irp.contact_child_id is null`)
    .orderBy('irp.id')
    .execute();
  return Promise.all(
    asked.map(async (person) => ({
      information_request_id: person.information_request_id,
      person_id: person.person_id,
      ...(await loadRequestedPerson(db, person.id)),
    }))
  );
}
