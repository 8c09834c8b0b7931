import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { writeAudit, type AuditEntry } from '../audit/audit-log.ts';
import type { AuditAction } from '../audit/audit-events.ts';
import type { Actor } from './actor.ts';
import { hasPermission, isPartnerAgency, type Permission } from './permissions.ts';
import { decidePersonRead, decideRequestedChildRead, type PersonAccessFacts } from './record-policy.ts';

/** Thrown for a record that does not exist or that the actor may not know exists. */
export class RecordNotFoundError extends Error {
  constructor(recordType: string) {
    super(`${recordType} not found`);
    this.name = 'RecordNotFoundError';
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
    const facts = await this.personFacts(personId);
    const decision = facts ? decidePersonRead(this.actor, facts) : undefined;
    if (!decision?.allowed) {
      await this.audit({
        action: 'access.denied',
        recordType: 'person',
        recordId: personId,
        details: { attempted: action, reason: decision ? decision.reason : 'no_such_record' },
      });
      throw new RecordNotFoundError('Person');
    }
    const record = await load(this.db);
    await this.audit({ action, recordType: 'person', recordId: personId });
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
   * Reads one contact. A contact is about its children, so the actor must be allowed to read every
   * child already linked to a person record; otherwise it answers "not found" like a person would.
   */
  async readContact<T>(contactId: number, load: (db: Db) => Promise<T>): Promise<T> {
    this.require('contact:read');
    const children = await this.db
      .selectFrom('contact_child')
      .where('contact_id', '=', contactId)
      .select('person_id')
      .execute();
    const linked = children.flatMap((child) => (child.person_id === null ? [] : [child.person_id]));
    const refused = children.length === 0 ? 'no_such_record' : await this.firstRefusal(linked);
    if (refused) {
      await this.audit({
        action: 'access.denied',
        recordType: 'contact',
        recordId: contactId,
        details: { reason: refused },
      });
      throw new RecordNotFoundError('Contact');
    }
    const record = await load(this.db);
    await this.audit({
      action: 'contact.view',
      recordType: 'contact',
      recordId: contactId,
      details: { children: children.length },
    });
    return record;
  }

  /**
   * Reads one child's part of a contact (the unit screened, decided and handed over) under the same
   * rule as its contact: "not found" unless every child it names is visible to the actor.
   */
  async readContactChild<T>(contactChildId: number, load: (db: Db, contactId: number) => Promise<T>) {
    this.require('contact:read');
    const row = await this.db
      .selectFrom('contact_child')
      .where('id', '=', contactChildId)
      .select('contact_id')
      .executeTakeFirst();
    if (!row) {
      await this.audit({
        action: 'access.denied',
        recordType: 'contact_child',
        recordId: contactChildId,
        details: { reason: 'no_such_record' },
      });
      throw new RecordNotFoundError('Contact');
    }
    return this.readContact(row.contact_id, (db) => load(db, row.contact_id));
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
    const results = await find(this.db, (eb) =>
      eb.or([
        eb('contact_child.person_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('person')
            .whereRef('person.id', '=', 'contact_child.person_id')
            .where((inner) => this.personVisible(inner))
            .select(sql`1`.as('one'))
        ),
      ])
    );
    await this.audit({
      action: 'contact.queue_view',
      recordType: 'contact',
      details: { criteria, results: results.length },
    });
    return results;
  }

  private async firstRefusal(personIds: number[]): Promise<string | null> {
    for (const personId of personIds) {
      const facts = await this.personFacts(personId);
      const decision = facts ? decidePersonRead(this.actor, facts) : undefined;
      if (!decision?.allowed) return decision ? decision.reason : 'no_such_record';
    }
    return null;
  }

  /** For operations that are not about one person (audit search, exports): permission plus audit. */
  async withPermission<T>(
    permission: Permission,
    entry: Omit<AuditEntry, 'actorUserId'>,
    run: (db: Db) => Promise<T>
  ) {
    this.require(permission);
    const result = await run(this.db);
    await this.audit(entry);
    return result;
  }

  /**
   * A change that needs a permission: runs in one transaction with its audit row, so a change is
   * never saved without its evidence. `work` must use the transaction handle it is given.
   */
  async recordChange<T>(
    permission: Permission,
    action: AuditAction,
    work: (trx: Db) => Promise<{
      recordType: string;
      recordId: number | string;
      result: T;
      details?: Record<string, unknown>;
    }>
  ): Promise<T> {
    this.require(permission);
    return this.db.transaction().execute(async (trx) => {
      const change = await work(trx);
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
      throw new RecordNotFoundError('Information request');
    }
    const child = await load(this.db);
    await this.audit({
      action: 'information_request.view',
      recordType: 'information_request',
      recordId: requestId,
      details: { personId },
    });
    return child;
  }

  /**
   * Checks, before a change, that the actor may see the child's contact (as readContactChild would),
   * so a change to a restricted child answers "not found" like a read; only a refusal is audited.
   */
  async assertContactChildVisible(contactChildId: number): Promise<void> {
    const children = await this.db
      .selectFrom('contact_child as target')
      .innerJoin('contact_child as sibling', 'sibling.contact_id', 'target.contact_id')
      .where('target.id', '=', contactChildId)
      .select('sibling.person_id')
      .execute();
    const linked = children.flatMap((child) => (child.person_id === null ? [] : [child.person_id]));
    const refused = children.length === 0 ? 'no_such_record' : await this.firstRefusal(linked);
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
    const refused = await this.firstRefusal([personId]);
    if (!refused) return;
    await this.audit({
      action: 'access.denied',
      recordType: 'person',
      recordId: personId,
      details: { attempted: 'link', reason: refused },
    });
    throw new RecordNotFoundError('Person');
  }

  can(permission: Permission): boolean {
    return hasPermission(this.actor.role, permission);
  }

  private require(permission: Permission): void {
    if (!this.can(permission)) throw new PermissionDeniedError(permission);
  }

  private personVisible(eb: ExpressionBuilder<Database, 'person'>): Expression<SqlBool> {
    const notRestricted = eb.or([eb('person.restricted', '=', false), eb.exists(this.grantToActor(eb))]);
    if (!isPartnerAgency(this.actor.agencyKind)) return notRestricted;
    return eb.and([notRestricted, eb.exists(this.activeShare(eb))]);
  }

  /** The restriction grant and agency share facts for `person` rows, for loaders that judge linked people. */
  personFactColumns(eb: ExpressionBuilder<Database, 'person'>) {
    return [
      eb.exists(this.grantToActor(eb)).as('granted'),
      eb.exists(this.activeShare(eb)).as('shared'),
    ] as const;
  }

  private grantToActor(eb: ExpressionBuilder<Database, 'person'>) {
    return eb
      .selectFrom('record_access_grant as g')
      .whereRef('g.person_id', '=', 'person.id')
      .where('g.user_id', '=', this.actor.userId)
      .select(sql`1`.as('one'));
  }

  private activeShare(eb: ExpressionBuilder<Database, 'person'>) {
    return eb
      .selectFrom('record_share as s')
      .whereRef('s.person_id', '=', 'person.id')
      .where('s.agency_id', '=', this.actor.agencyId)
      .where((w) => w.or([w('s.expires_at', 'is', null), w('s.expires_at', '>', this.clock.now())]))
      .select(sql`1`.as('one'));
  }

  private async personFacts(personId: number): Promise<PersonAccessFacts | undefined> {
    const row = await this.db
      .selectFrom('person')
      .where('person.id', '=', personId)
      .select((eb) => ['person.restricted', ...this.personFactColumns(eb)])
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      restricted: row.restricted,
      grantedToActor: Boolean(row.granted),
      sharedWithActorAgency: Boolean(row.shared),
    };
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
