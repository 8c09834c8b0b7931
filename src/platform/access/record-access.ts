import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { writeAudit, type AuditEntry } from '../audit/audit-log.ts';
import type { AuditAction } from '../audit/audit-events.ts';
import type { Actor } from './actor.ts';
import { hasPermission, isPartnerAgency, type Permission } from './permissions.ts';
import {
  decideBreakGlass,
  decidePersonRead,
  decideRequestedChildRead,
  decideRestrictionManagement,
  type PersonAccessFacts,
} from './record-policy.ts';
import { watchForUnusualAccess, type WrittenTrace } from './unusual-access-watch.ts';

/** Thrown for a record that does not exist or that the actor may not know exists. */
export class RecordNotFoundError extends Error {
  constructor(recordType: string) {
    super(`${recordType} not found`);
    this.name = 'RecordNotFoundError';
  }
}

/**
 * A refused read of a restricted record by someone who may open it in an emergency (break-glass): a
 * "not found" like any refusal, which a page may instead answer with the break-glass page.
 */
export class RecordRestrictedError extends RecordNotFoundError {
  constructor(readonly personId: number) {
    super('Person');
    this.name = 'RecordRestrictedError';
  }
}

/** Thrown when the actor's role lacks a permission the operation needs. */
export class PermissionDeniedError extends Error {
  constructor(readonly permission: Permission) {
    super(`Permission ${permission} is required`);
    this.name = 'PermissionDeniedError';
  }
}

export interface RequestOrigin {
  ip: string;
  requestId: string;
  /** The route pattern the request came through (e.g. `/screening/:id`): "through which page". */
  page?: string;
}

/*
 * Visibility as SQL over any column holding an id, for summary surfaces (lists, counts, notifications)
 * that show something about a child without opening the record. The same rule as a read: a restricted
 * person only with a named grant; a contact (and each child's part of it) only when every child it
 * names is visible, as readContact decides; partner agencies none at all. A null id is visible (a
 * child not yet linked to a record, a notification about no child).
 */

/** The actor may see the person whose id is in `personIdColumn`. */
export function personIdVisibleTo(actor: Actor, personIdColumn: string): RawBuilder<SqlBool> {
  if (isPartnerAgency(actor.agencyKind)) return sql<SqlBool>`false`;
  return sql<SqlBool>`not exists (
    select 1 from person ra_p
    where ra_p.id = ${sql.ref(personIdColumn)} and ra_p.restricted and ${notGranted(actor, 'ra_p.id')})`;
}

/** The actor may see the contact whose id is in `contactIdColumn`: every child it names. */
export function contactIdVisibleTo(actor: Actor, contactIdColumn: string): RawBuilder<SqlBool> {
  if (isPartnerAgency(actor.agencyKind)) return sql<SqlBool>`false`;
  return sql<SqlBool>`not exists (
    select 1 from contact_child ra_cc join person ra_p on ra_p.id = ra_cc.person_id
    where ra_cc.contact_id = ${sql.ref(contactIdColumn)} and ra_p.restricted and ${notGranted(actor, 'ra_p.id')})`;
}

/** The actor may see the contact the child's part in `contactChildIdColumn` belongs to. */
export function contactChildIdVisibleTo(actor: Actor, contactChildIdColumn: string): RawBuilder<SqlBool> {
  if (isPartnerAgency(actor.agencyKind)) return sql<SqlBool>`false`;
  return sql<SqlBool>`not exists (
    select 1 from contact_child ra_t
      join contact_child ra_cc on ra_cc.contact_id = ra_t.contact_id
      join person ra_p on ra_p.id = ra_cc.person_id
    where ra_t.id = ${sql.ref(contactChildIdColumn)} and ra_p.restricted and ${notGranted(actor, 'ra_p.id')})`;
}

/**
 * For a partner agency answering an information request: the child of the request's child's part in
 * `contactChildIdColumn` may be named to them (decideRequestedChildRead: never a restricted child
 * without a grant). Staff are judged by contactChildIdVisibleTo.
 */
export function requestedChildIdVisibleTo(actor: Actor, contactChildIdColumn: string): RawBuilder<SqlBool> {
  if (!isPartnerAgency(actor.agencyKind)) return contactChildIdVisibleTo(actor, contactChildIdColumn);
  return sql<SqlBool>`not exists (
    select 1 from contact_child ra_t join person ra_p on ra_p.id = ra_t.person_id
    where ra_t.id = ${sql.ref(contactChildIdColumn)} and ra_p.restricted and ${notGranted(actor, 'ra_p.id')})`;
}

function notGranted(actor: Actor, personIdColumn: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`not exists (
    select 1 from record_access_grant ra_g
    where ra_g.person_id = ${sql.ref(personIdColumn)} and ra_g.user_id = ${actor.userId})`;
}

/**
 * Records that belong to one child's part of a contact, and the rule that scopes each beyond the
 * child's own: a handover is opened only by the team it was offered to; a partner agency sees only the
 * information requests put to it. readVia and assertVisibleVia find the owning child here, so no
 * module looks up "whose record is this?" around the access check.
 */
const CHILD_RECORDS = {
  decision: { table: 'decision', label: 'Decision' },
  handover: { table: 'handover', label: 'Handover' },
  information_request: { table: 'information_request', label: 'Information request' },
  mash_discussion: { table: 'mash_discussion', label: 'MASH meeting item' },
  strategy_discussion: { table: 'strategy_discussion', label: 'Strategy discussion' },
} as const;

export type ChildRecordKind = keyof typeof CHILD_RECORDS;

/**
 * Writes a further audit row, for the same actor and request, inside a change's transaction: for a
 * change that also makes another record (an authorised decision that offers a handover).
 */
export type ChangeAudit = (entry: Omit<AuditEntry, 'actorUserId'>) => Promise<void>;

/** What a refused actor tried: an audited action, a view of a child's record, or a change. */
type RefusedAttempt = AuditAction | `${ChildRecordKind}.view` | 'change';

/** What reading a contact needs to know of its people (RecordAccess.contactPeople). */
interface ContactPeople {
  contactId: number;
  /** How many children's parts the contact has, linked to a record or not. */
  childParts: number;
  /** What the read rule needs to know of each child linked to a record. */
  linkedChildren: PersonAccessFacts[];
  /** Everyone the contact names who has a record, children and others: the read's audit row names them. */
  shown: number[];
}

/** The child's part of a contact that owns a record, with the facts its kind's scope rule needs. */
interface ChildRecordOwner {
  contactChildId: number;
  contactId: number;
  personId: number | null;
  teamId: number | null;
  agencyId: number | null;
}

/**
 * The one way to a person's record. Built once per request for the signed-in actor, it checks
 * role permission, agency scope and restriction, and writes the audit trail for every read,
 * search and change. Modules hand it their queries; they never reach person data around it.
 */
export class RecordAccess {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly actor: Actor,
    private readonly origin: RequestOrigin
  ) {}

  /** Reads one person's record; answers "not found" (and audits the refusal) when not allowed. */
  async readPerson<T>(
    personId: number,
    load: (db: Db) => Promise<T>,
    action: AuditAction = 'person.view'
  ): Promise<T> {
    const facts = await this.personFactsAndShown(personId);
    const decision = facts ? decidePersonRead(this.actor, facts) : undefined;
    if (!facts || !decision?.allowed) {
      const reason = decision && !decision.allowed ? decision.reason : 'no_such_record';
      await this.audit({
        action: 'access.denied',
        recordType: 'person',
        recordId: personId,
        details: { attempted: action, reason },
      });
      await this.watch();
      if (facts && reason === 'restricted' && decideBreakGlass(this.actor, facts).allowed)
        throw new RecordRestrictedError(personId);
      throw new RecordNotFoundError('Person');
    }
    const record = await load(this.db);
    await this.auditRead({ action, recordType: 'person', recordId: personId }, facts.shown);
    return record;
  }

  /**
   * Runs a search of the person index. `find` must add `visible` to its WHERE clause so records
   * the actor may not see never leave the database; the criteria and result count are audited.
   */
  async searchPeople<T>(
    criteria: Record<string, unknown>,
    find: (
      db: Db,
      visible: (eb: ExpressionBuilder<Database, 'person'>) => Expression<SqlBool>
    ) => Promise<T[]>
  ): Promise<T[]> {
    this.require('person:search');
    const results = await find(this.db, (eb) => this.personVisible(eb));
    await this.audit({
      action: 'person.search',
      recordType: 'person',
      details: { criteria, results: results.length },
    });
    return results;
  }

  /**
   * Lists the people behind a figure (a drill-down), under `permission`. `find` selects person ids;
   * only the ones the actor may read come back with their names, and how many were left out is said,
   * so the list stays true without showing a restricted child. Audited as a read of every person shown.
   */
  async listPeople<T extends { personId: number }>(
    permission: Permission,
    criteria: Record<string, unknown>,
    rows: readonly T[]
  ): Promise<{ shown: (T & { givenName: string; familyName: string })[]; withheld: number }> {
    this.require(permission);
    const ids = uniqueIds(rows.map((row) => row.personId));
    const visible = ids.length
      ? await this.db
          .selectFrom('person')
          .where('person.id', 'in', ids)
          .where((eb) => this.personVisible(eb))
          .select(['person.id', 'person.given_name', 'person.family_name'])
          .execute()
      : [];
    const names = new Map(
      visible.map((row) => [row.id, { givenName: row.given_name, familyName: row.family_name }])
    );
    const shown = rows.flatMap((row) => {
      const name = names.get(row.personId);
      return name ? [{ ...row, ...name }] : [];
    });
    await this.auditRead(
      { action: 'person.list', recordType: 'person', details: { criteria, results: shown.length } },
      [...names.keys()]
    );
    return { shown, withheld: rows.length - shown.length };
  }

  /**
   * The restricted records the actor may not see that `find` selects (e.g. as a strong or possible
   * match for a child being recorded), so the screen can say that one may match and a review can be
   * routed to those with access. The ids must never reach the actor's screen. `find` must add
   * `hidden` to its WHERE clause. Audited as a search: the criteria and which records were hit.
   */
  async restrictedRecordsMatching(
    criteria: Record<string, unknown>,
    find: (
      db: Db,
      hidden: (eb: ExpressionBuilder<Database, 'person'>) => Expression<SqlBool>
    ) => Promise<number[]>
  ): Promise<number[]> {
    this.require('person:search');
    const ids = await find(this.db, (eb) => this.hiddenRestricted(eb));
    await this.audit({
      action: 'person.search',
      recordType: 'person',
      details: { criteria, restrictedMayMatch: ids.length > 0, restrictedPersonIds: ids },
    });
    return ids;
  }

  /**
   * Reads one contact. A contact is about its children, so the actor must be allowed to read every
   * child already linked to a person record; otherwise it answers "not found" like a person would.
   */
  async readContact<T>(contactId: number, load: (db: Db) => Promise<T>): Promise<T> {
    this.require('contact:read');
    return this.readContactOf(contactId, await this.contactPeople({ contactId }), load);
  }

  /**
   * Reads one child's part of a contact (the unit screened, decided and handed over) under the same
   * rule as its contact: "not found" unless every child it names is visible to the actor.
   */
  async readContactChild<T>(contactChildId: number, load: (db: Db, contactId: number) => Promise<T>) {
    this.require('contact:read');
    const people = await this.contactPeople({ contactChildId });
    if (!people) {
      await this.audit({
        action: 'access.denied',
        recordType: 'contact_child',
        recordId: contactChildId,
        details: { reason: 'no_such_record' },
      });
      await this.watch();
      throw new RecordNotFoundError('Contact');
    }
    return this.readContactOf(people.contactId, people, (db) => load(db, people.contactId));
  }

  private async readContactOf<T>(
    contactId: number,
    people: ContactPeople | null,
    load: (db: Db) => Promise<T>
  ): Promise<T> {
    const refused = people ? this.refusalAmong(people.linkedChildren) : 'no_such_record';
    if (refused || !people) {
      await this.audit({
        action: 'access.denied',
        recordType: 'contact',
        recordId: contactId,
        details: { reason: refused },
      });
      await this.watch();
      throw new RecordNotFoundError('Contact');
    }
    const record = await load(this.db);
    await this.auditRead(
      {
        action: 'contact.view',
        recordType: 'contact',
        recordId: contactId,
        details: { children: people.childParts },
      },
      people.shown
    );
    return record;
  }

  /** Lists contacts (e.g. the incoming queue); `find` must filter children with `visible`. */
  async listContacts<T>(
    criteria: Record<string, unknown>,
    find: (
      db: Db,
      visible: (eb: ExpressionBuilder<Database, 'contact_child'>) => Expression<SqlBool>
    ) => Promise<T[]>
  ): Promise<T[]> {
    this.require('contact:read');
    // The whole contact must be visible, not just this child: its text is about every child it names.
    const results = await find(this.db, () => contactIdVisibleTo(this.actor, 'contact_child.contact_id'));
    await this.audit({
      action: 'contact.queue_view',
      recordType: 'contact',
      details: { criteria, results: results.length },
    });
    return results;
  }

  /** Why the actor may not read one of these people (undefined: no such record), or null when they may read all. */
  private refusalAmong(people: (PersonAccessFacts | undefined)[]): string | null {
    for (const facts of people) {
      const decision = facts ? decidePersonRead(this.actor, facts) : undefined;
      if (!decision?.allowed) return decision ? decision.reason : 'no_such_record';
    }
    return null;
  }

  /**
   * For operations that are not about one person (audit search, exports): permission plus audit. The
   * entry may depend on the result, so an export's audit row says how many rows it gave.
   */
  async withPermission<T>(
    permission: Permission,
    entry: Omit<AuditEntry, 'actorUserId'> | ((result: NoInfer<T>) => Omit<AuditEntry, 'actorUserId'>),
    run: (db: Db) => Promise<T>
  ) {
    this.require(permission);
    const result = await run(this.db);
    await this.audit(typeof entry === 'function' ? entry(result) : entry);
    return result;
  }

  /**
   * A change that needs a permission: runs in one transaction with its audit row, so a change is
   * never saved without its evidence. `work` must use the transaction handle it is given.
   */
  async recordChange<T>(
    permission: Permission,
    action: AuditAction,
    work: (
      trx: Db,
      alsoAudit: ChangeAudit
    ) => Promise<{
      recordType: string;
      recordId: number | string;
      result: T;
      details?: Record<string, unknown>;
    }>
  ): Promise<T> {
    this.require(permission);
    return this.db.transaction().execute(async (trx) => {
      const change = await work(trx, (entry) => this.audit(entry, trx));
      await this.audit(
        { action, recordType: change.recordType, recordId: change.recordId, details: change.details },
        trx
      );
      return change.result;
    });
  }

  /**
   * The child an information request to the actor's agency is about (the caller has checked the
   * request is that agency's): "not found" when the child is restricted, audited either way.
   */
  async readRequestedChild<T>(requestId: number, personId: number, load: (db: Db) => Promise<T>): Promise<T> {
    const facts = await this.personFacts(personId);
    const decision = facts ? decideRequestedChildRead(this.actor, facts) : undefined;
    if (!decision?.allowed) {
      await this.audit({
        action: 'access.denied',
        recordType: 'information_request',
        recordId: requestId,
        details: {
          attempted: 'information_request.view',
          reason: decision ? decision.reason : 'no_such_record',
        },
      });
      await this.watch();
      throw new RecordNotFoundError('Information request');
    }
    const child = await load(this.db);
    await this.auditRead(
      {
        action: 'information_request.view',
        recordType: 'information_request',
        recordId: requestId,
        details: { personId },
      },
      [personId]
    );
    return child;
  }

  /**
   * Reads a record that belongs to a child's part of a contact (a decision, a handover, a MASH item…)
   * under that child's access check and its kind's scope: "not found", audited, for a record that does
   * not exist, is out of the actor's scope or is about a child they may not see. A partner agency reads
   * an information request put to it as a read of the requested child only (readRequestedChild).
   */
  async readVia<T>(
    kind: ChildRecordKind,
    id: number,
    load: (db: Db, owner: ChildRecordOwner) => Promise<T>
  ): Promise<T> {
    const owner = await this.ownerInScope(kind, id, `${kind}.view`);
    if (kind === 'information_request' && isPartnerAgency(this.actor.agencyKind))
      return this.readRequestedChild(id, owner.personId!, (db) => load(db, owner));
    return this.readContactChild(owner.contactChildId, (db) => load(db, owner));
  }

  /**
   * Checks, before a change to a record that belongs to a child's part of a contact, that the actor may
   * see it (as readVia would) without reading it; answers the owning child's part. Only a refusal is audited.
   */
  async assertVisibleVia(
    kind: ChildRecordKind,
    id: number,
    attempted: RefusedAttempt = 'change'
  ): Promise<ChildRecordOwner> {
    const owner = await this.ownerInScope(kind, id, attempted);
    if (kind === 'information_request' && isPartnerAgency(this.actor.agencyKind)) {
      const facts = await this.personFacts(owner.personId!);
      const decision = facts ? decideRequestedChildRead(this.actor, facts) : undefined;
      if (!decision?.allowed)
        await this.refuse(
          kind,
          id,
          { attempted, reason: decision ? decision.reason : 'no_such_record' },
          CHILD_RECORDS[kind].label
        );
      return owner;
    }
    await this.assertContactChildVisible(owner.contactChildId);
    return owner;
  }

  /** The owning child's part of a record, refused as "not found" when it is missing or out of scope. */
  private async ownerInScope(
    kind: ChildRecordKind,
    id: number,
    attempted: RefusedAttempt
  ): Promise<ChildRecordOwner> {
    const { table, label } = CHILD_RECORDS[kind];
    const owner = await this.db
      .selectFrom(`${table} as record` as 'decision as record')
      .innerJoin('contact_child', 'contact_child.id', 'record.contact_child_id')
      .where('record.id', '=', id)
      .select([
        'contact_child.id as contactChildId',
        'contact_child.contact_id as contactId',
        'contact_child.person_id as personId',
        sql<
          number | null
        >`${sql.ref(kind === 'handover' ? 'record.to_team_id' : 'contact_child.team_id')}`.as('teamId'),
        sql<number | null>`${kind === 'information_request' ? sql.ref('record.agency_id') : sql`null`}`.as(
          'agencyId'
        ),
      ])
      .executeTakeFirst();
    const reason = !owner ? 'no_such_record' : this.outOfScope(kind, owner);
    if (reason) await this.refuse(kind, id, { attempted, reason }, label);
    return owner!;
  }

  /** Why a record is out of the actor's scope for its kind, or null when it is within it. */
  private outOfScope(kind: ChildRecordKind, owner: ChildRecordOwner): string | null {
    if (kind === 'handover' && owner.teamId !== this.actor.teamId) return 'not_receiving_team';
    if (kind === 'information_request' && isPartnerAgency(this.actor.agencyKind)) {
      if (owner.agencyId !== this.actor.agencyId) return 'agency_scope';
      if (owner.personId === null) return 'no_linked_child';
    }
    return null;
  }

  /**
   * Checks, before a change, that the actor may see the child's contact (as readContactChild would),
   * so a change to a restricted child answers "not found" like a read; only a refusal is audited.
   */
  async assertContactChildVisible(contactChildId: number): Promise<void> {
    const people = await this.contactPeople({ contactChildId });
    const refused = people ? this.refusalAmong(people.linkedChildren) : 'no_such_record';
    if (!refused) return;
    await this.audit({
      action: 'access.denied',
      recordType: 'contact_child',
      recordId: contactChildId,
      details: { attempted: 'change', reason: refused },
    });
    throw new RecordNotFoundError('Contact');
  }

  /** Checks, without reading it, that the actor may see a person (e.g. before linking a contact to them). */
  async assertPersonVisible(personId: number): Promise<void> {
    const refused = this.refusalAmong([await this.personFacts(personId)]);
    if (!refused) return;
    await this.audit({
      action: 'access.denied',
      recordType: 'person',
      recordId: personId,
      details: { attempted: 'link', reason: refused },
    });
    throw new RecordNotFoundError('Person');
  }

  /**
   * "Who has looked at this child?": the audit of one person's record. Administrators may read any
   * child's; a team or service manager only a child whose work (a child's part of a contact, open or
   * closed) is or was allocated to their own team, because those are the children they answer for.
   * Restricted and partner rules are those of a read. Refused as "not found" for a record the actor
   * may not read; answers 'not_team_work' (audited) when they may read it but it is not their team's.
   */
  async readAccessLog<T>(personId: number, load: (db: Db) => Promise<T>): Promise<T | 'not_team_work'> {
    this.require('access_log:read');
    const facts = await this.personFacts(personId);
    const decision = facts ? decidePersonRead(this.actor, facts) : undefined;
    const refusal = (reason: string) =>
      this.audit({
        action: 'access.denied',
        recordType: 'person',
        recordId: personId,
        details: { attempted: 'person.access_log_view', reason },
      });
    if (!decision?.allowed) {
      await refusal(decision ? decision.reason : 'no_such_record');
      await this.watch();
      throw new RecordNotFoundError('Person');
    }
    if (this.actor.role !== 'administrator') {
      const teamWork =
        this.actor.teamId === null
          ? undefined
          : await this.db
              .selectFrom('contact_child')
              .where('person_id', '=', personId)
              .where('team_id', '=', this.actor.teamId)
              .select('id')
              .executeTakeFirst();
      if (!teamWork) {
        await refusal('not_team_work');
        return 'not_team_work';
      }
    }
    const log = await load(this.db);
    await this.auditRead({ action: 'person.access_log_view', recordType: 'person', recordId: personId }, [
      personId,
    ]);
    return log;
  }

  /**
   * Checks that the actor may open this restricted record in an emergency (decideBreakGlass), before
   * the break-glass page or its change; 'already_open' when a grant or running emergency access lets
   * them read it anyway. Any other refusal is audited and answered "not found".
   */
  async assertMayBreakGlass(personId: number): Promise<'may_open' | 'already_open'> {
    const facts = await this.personFacts(personId);
    const decision = facts ? decideBreakGlass(this.actor, facts) : undefined;
    if (decision?.allowed) return 'may_open';
    if (decision?.reason === 'already_open') return 'already_open';
    return this.refuse(
      'person',
      personId,
      { attempted: 'person.break_glass', reason: decision ? decision.reason : 'no_such_record' },
      'Person'
    );
  }

  /**
   * Reads who holds access to a record, for restricting it or managing its grants
   * (decideRestrictionManagement). `load` is told whether the actor may see the child: an administrator
   * without a grant manages a restricted record's access without being shown who the child is.
   */
  async readRestriction<T>(personId: number, load: (db: Db, childShown: boolean) => Promise<T>): Promise<T> {
    const facts = await this.personFacts(personId);
    const decision = facts ? decideRestrictionManagement(this.actor, facts) : undefined;
    if (!decision?.allowed)
      return this.refuse(
        'person',
        personId,
        { attempted: 'person.restriction_view', reason: decision ? decision.reason : 'no_such_record' },
        'Person'
      );
    const childShown = decidePersonRead(this.actor, facts!).allowed;
    const record = await load(this.db, childShown);
    await this.auditRead(
      {
        action: 'person.restriction_view',
        recordType: 'person',
        recordId: personId,
        details: { childShown },
      },
      childShown ? [personId] : []
    );
    return record;
  }

  /**
   * Records a refusal the caller decided itself (e.g. an information request of another agency) and
   * answers "not found", so refusals everywhere are audited alike and watched for id walking.
   */
  async refuse(
    recordType: string,
    recordId: number,
    details: { attempted: RefusedAttempt; reason: string },
    notFound = 'Record'
  ): Promise<never> {
    await this.audit({ action: 'access.denied', recordType, recordId, details });
    await this.watch();
    throw new RecordNotFoundError(notFound);
  }

  can(permission: Permission): boolean {
    return hasPermission(this.actor.role, permission);
  }

  private require(permission: Permission): void {
    if (!this.can(permission)) throw new PermissionDeniedError(permission);
  }

  /** Records the actor may see: none for partner agencies (see decidePersonRead). */
  private personVisible(eb: ExpressionBuilder<Database, 'person'>): Expression<SqlBool> {
    if (isPartnerAgency(this.actor.agencyKind)) return sql<SqlBool>`false`;
    return eb.or([eb('person.restricted', '=', false), this.accessToActor(eb)]);
  }

  /** Restricted records the actor holds no grant to: the ones a search must not show. */
  private hiddenRestricted(eb: ExpressionBuilder<Database, 'person'>): Expression<SqlBool> {
    return eb.and([eb('person.restricted', '=', true), eb.not(this.accessToActor(eb))]);
  }

  /**
   * Whether the actor may open each restricted `person` row (a named grant, or their break-glass access
   * still running), for loaders that judge linked people.
   */
  personFactColumns(eb: ExpressionBuilder<Database, 'person'>) {
    return [this.accessToActor(eb).as('granted')] as const;
  }

  private accessToActor(eb: ExpressionBuilder<Database, 'person'>) {
    return eb.or([eb.exists(this.grantToActor(eb)), eb.exists(this.emergencyAccessOfActor(eb))]);
  }

  /** The actor's break-glass access to the record that has not yet ended (by the app's clock). */
  private emergencyAccessOfActor(eb: ExpressionBuilder<Database, 'person'>) {
    return eb
      .selectFrom('break_glass_access as bg')
      .whereRef('bg.person_id', '=', 'person.id')
      .where('bg.user_id', '=', this.actor.userId)
      .where('bg.expires_at', '>', this.clock.now())
      .select(sql`1`.as('one'));
  }

  private grantToActor(eb: ExpressionBuilder<Database, 'person'>) {
    return eb
      .selectFrom('record_access_grant as g')
      .whereRef('g.person_id', '=', 'person.id')
      .where('g.user_id', '=', this.actor.userId)
      .select(sql`1`.as('one'));
  }

  private async personFacts(personId: number): Promise<PersonAccessFacts | undefined> {
    const row = await this.db
      .selectFrom('person')
      .where('person.id', '=', personId)
      .select((eb) => this.accessFactColumns(eb))
      .executeTakeFirst();
    return row && accessFactsOf(row);
  }

  /** What the read rule needs of a person row: whether it is restricted, and the actor's grant or running emergency access. */
  private accessFactColumns(eb: ExpressionBuilder<Database, 'person'>) {
    return [
      eb.ref('person.restricted').$castTo<boolean | null>().as('restricted'),
      eb.exists(this.grantToActor(eb)).$castTo<boolean | null>().as('granted'),
      eb.exists(this.emergencyAccessOfActor(eb)).$castTo<boolean | null>().as('emergency'),
    ];
  }

  /**
   * What the read rule needs to know of a person's record, with the people its page shows: the child,
   * the people in their household and their relatives (the read's audit row names them). One statement.
   */
  private async personFactsAndShown(
    personId: number
  ): Promise<(PersonAccessFacts & { shown: number[] }) | undefined> {
    const row = await this.db
      .selectFrom('person')
      .where('person.id', '=', personId)
      .select((eb) => [
        ...this.accessFactColumns(eb),
        sql<number[]>`array(${eb
          .selectFrom('household_member as mine')
          .innerJoin('household_member as member', 'member.household_id', 'mine.household_id')
          .whereRef('mine.person_id', '=', 'person.id')
          .select('member.person_id as id')
          .union(
            eb
              .selectFrom('person_relationship as relationship')
              .whereRef('relationship.person_id', '=', 'person.id')
              .select('relationship.relative_id as id')
          )
          .union(
            eb
              .selectFrom('person_relationship as relationship')
              .whereRef('relationship.relative_id', '=', 'person.id')
              .select('relationship.person_id as id')
          )})`.as('shown'),
      ])
      .executeTakeFirst();
    return row && { ...accessFactsOf(row), shown: uniqueIds([personId, ...row.shown]) };
  }

  /**
   * A contact's people in one statement: each child's part, with what the read rule needs to know of the
   * child's record, and everyone else the contact names. Null when there is no such contact (or child's part).
   */
  private async contactPeople(
    of: { contactId: number } | { contactChildId: number }
  ): Promise<ContactPeople | null> {
    const theContact =
      'contactId' in of
        ? sql<number>`${of.contactId}`
        : sql<number>`(select contact_id from contact_child where id = ${of.contactChildId})`;
    const rows = await this.db
      .selectFrom('contact_child')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .where('contact_child.contact_id', '=', theContact)
      .select((eb) => [
        'contact_child.contact_id',
        'contact_child.person_id',
        sql<boolean>`true`.as('child_part'),
        ...this.accessFactColumns(eb),
      ])
      .unionAll(
        this.db
          .selectFrom('contact_person')
          .where('contact_person.contact_id', '=', theContact)
          .select([
            'contact_person.contact_id',
            'contact_person.person_id',
            sql<boolean>`false`.as('child_part'),
            sql<boolean | null>`null`.as('restricted'),
            sql<boolean | null>`null`.as('granted'),
            sql<boolean | null>`null`.as('emergency'),
          ])
      )
      .execute();
    const childParts = rows.filter((row) => row.child_part);
    if (childParts.length === 0) return null;
    return {
      contactId: childParts[0]!.contact_id,
      childParts: childParts.length,
      linkedChildren: childParts.flatMap((row) => (row.person_id === null ? [] : [accessFactsOf(row)])),
      shown: uniqueIds(rows.flatMap((row) => (row.person_id === null ? [] : [row.person_id]))),
    };
  }

  /**
   * A read of records: audited with the ids of every person it shows (so "who has looked at this
   * child" finds it whichever page showed them) and the page it came through, then checked for
   * unusual access.
   */
  private async auditRead(entry: Omit<AuditEntry, 'actorUserId'>, personIds: number[]): Promise<void> {
    await this.audit({
      ...entry,
      details: { ...entry.details, personIds, ...(this.origin.page ? { page: this.origin.page } : {}) },
    });
    await this.watch(
      entry.recordId === undefined || entry.recordType === undefined
        ? undefined
        : { action: entry.action, recordType: entry.recordType, recordId: entry.recordId, personIds }
    );
  }

  /** Raises an alert when this actor's recent reads look unusual (see unusual-access.ts). */
  private watch(written?: WrittenTrace): Promise<void> {
    return watchForUnusualAccess(this.db, this.actor, this.clock.now(), written);
  }

  private audit(entry: Omit<AuditEntry, 'actorUserId'>, db: Db = this.db): Promise<void> {
    return writeAudit(
      db,
      {
        ...entry,
        actorUserId: this.actor.userId,
        actorRole: this.actor.role,
        actorAgencyId: this.actor.agencyId,
        ip: this.origin.ip,
        requestId: this.origin.requestId,
      },
      this.clock.now()
    );
  }
}

function accessFactsOf(row: {
  restricted: boolean | null;
  granted: boolean | null;
  emergency: boolean | null;
}): PersonAccessFacts {
  return {
    restricted: Boolean(row.restricted),
    grantedToActor: Boolean(row.granted),
    emergencyAccess: Boolean(row.emergency),
  };
}

function uniqueIds(ids: number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}
