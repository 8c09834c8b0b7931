import { sql } from 'kysely';
import { RecordNotFoundError, type RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Role } from '../../platform/db/schema.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { isLocked } from '../../platform/auth/sign-in-policy.ts';
import { issueSetUpLink, type IssuedLink } from './set-up/set-up-links.ts';
import type { StaffInvite, StaffPlacement } from './admin-forms.ts';

/*
 * Staff accounts, changed by administrators: each change and its audit row in one transaction. No
 * administrator can lock the council out: the last active administrator cannot be deactivated or given
 * another role, and no one deactivates or demotes themselves.
 */

export interface StaffRow {
  id: number;
  displayName: string;
  username: string;
  email: string;
  role: Role;
  agencyId: number;
  agencyName: string;
  teamId: number | null;
  teamName: string | null;
  active: boolean;
  hasPassword: boolean;
  secondFactor: boolean;
  locked: boolean;
  lastSignInAt: Date | null;
}

function staffQuery(db: Db) {
  return db
    .selectFrom('staff_user')
    .innerJoin('agency', 'agency.id', 'staff_user.agency_id')
    .leftJoin('team', 'team.id', 'staff_user.team_id')
    .select([
      'staff_user.id',
      'staff_user.display_name as displayName',
      'staff_user.username',
      'staff_user.email',
      'staff_user.role',
      'staff_user.agency_id as agencyId',
      'agency.name as agencyName',
      'staff_user.team_id as teamId',
      'team.name as teamName',
      'staff_user.active',
      'staff_user.password_hash',
      'staff_user.totp_enabled',
      'staff_user.locked_until',
      'staff_user.last_sign_in_at as lastSignInAt',
    ]);
}

type StaffQueryRow = Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirstOrThrow']>>;

function staffRowOf(row: StaffQueryRow, now: Date): StaffRow {
  const { password_hash: passwordHash, totp_enabled: totpEnabled, locked_until: lockedUntil, ...rest } = row;
  return {
    ...rest,
    hasPassword: passwordHash !== null,
    secondFactor: totpEnabled,
    locked: isLocked(lockedUntil, now),
  };
}

/** Staff, by name; filtered to an agency or a team when asked. */
export async function listStaff(
  db: Db,
  now: Date,
  filter: { agencyId?: number; teamId?: number } = {}
): Promise<StaffRow[]> {
  let query = staffQuery(db);
  if (filter.agencyId) query = query.where('staff_user.agency_id', '=', filter.agencyId);
  if (filter.teamId) query = query.where('staff_user.team_id', '=', filter.teamId);
  const rows = await query.orderBy('staff_user.active', 'desc').orderBy('staff_user.display_name').execute();
  return rows.map((row) => staffRowOf(row, now));
}

export async function staffMember(db: Db, id: number, now: Date): Promise<StaffRow> {
  const row = await staffQuery(db).where('staff_user.id', '=', id).executeTakeFirst();
  if (!row) throw new RecordNotFoundError('Staff member');
  return staffRowOf(row, now);
}

/** Invites a member of staff: an account with no password yet, and its one-time set-up link. */
export function inviteStaff(
  access: RecordAccess,
  invite: StaffInvite,
  now: Date
): Promise<{ id: number; link: IssuedLink }> {
  return access.recordChange('staff:manage', 'staff.invite', async (trx) => {
    const taken = await trx
      .selectFrom('staff_user')
      .where(sql<string>`lower(username)`, '=', invite.email)
      .select('id')
      .executeTakeFirst();
    if (taken) throw new FormProblem('email', 'There is already an account with this email address');
    await checkPlacement(trx, invite);
    const user = await trx
      .insertInto('staff_user')
      .values({
        username: invite.email,
        display_name: invite.displayName,
        email: invite.email,
        role: invite.role,
        agency_id: invite.agencyId,
        team_id: invite.teamId,
        password_hash: null,
        totp_secret: null,
        locked_until: null,
        last_sign_in_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const link = await issueSetUpLink(trx, user.id, { userId: access.actor.userId, now });
    return {
      recordType: 'staff_user',
      recordId: user.id,
      result: { id: user.id, link },
      details: { role: invite.role, agencyId: invite.agencyId, teamId: invite.teamId },
    };
  });
}

/** A new role, agency or team for a member of staff (at their next page), with what it was before in the audit row. */
export function changePlacement(access: RecordAccess, id: number, placement: StaffPlacement): Promise<void> {
  return access.recordChange('staff:manage', 'staff.change', async (trx) => {
    const before = await lockedStaff(trx, id);
    if (before.role === 'administrator' && placement.role !== 'administrator') {
      if (id === access.actor.userId)
        throw new FormProblem(
          'role',
          'You cannot take away your own administrator role: ask another administrator'
        );
      await checkNotLastAdministrator(trx, id, 'role');
    }
    await checkPlacement(trx, placement);
    await trx
      .updateTable('staff_user')
      .set({ role: placement.role, agency_id: placement.agencyId, team_id: placement.teamId })
      .where('id', '=', id)
      .execute();
    return {
      recordType: 'staff_user',
      recordId: id,
      result: undefined,
      details: {
        from: { role: before.role, agencyId: before.agency_id, teamId: before.team_id },
        to: placement,
      },
    };
  });
}

/** Deactivates an account (signed out at once, set-up links stop working) or lets it sign in again. */
export function setActive(access: RecordAccess, id: number, active: boolean): Promise<void> {
  return access.recordChange(
    'staff:manage',
    active ? 'staff.reactivate' : 'staff.deactivate',
    async (trx) => {
      const before = await lockedStaff(trx, id);
      if (!active) {
        if (id === access.actor.userId)
          throw new FormProblem(
            'active',
            'You cannot deactivate your own account: ask another administrator'
          );
        if (before.role === 'administrator') await checkNotLastAdministrator(trx, id, 'active');
        await endSessions(trx, id);
        await trx
          .deleteFrom('staff_set_up_link')
          .where('staff_user_id', '=', id)
          .where('used_at', 'is', null)
          .execute();
      }
      await trx.updateTable('staff_user').set({ active }).where('id', '=', id).execute();
      return { recordType: 'staff_user', recordId: id, result: undefined };
    }
  );
}

/** Clears the second factor: they are signed out, and set up a new one at their next sign-in. */
export function resetSecondFactor(access: RecordAccess, id: number): Promise<void> {
  return access.recordChange('staff:manage', 'staff.reset_second_factor', async (trx) => {
    await lockedStaff(trx, id);
    await trx
      .updateTable('staff_user')
      .set({ totp_enabled: false, totp_secret: null, totp_last_step: null })
      .where('id', '=', id)
      .execute();
    await endSessions(trx, id);
    return { recordType: 'staff_user', recordId: id, result: undefined };
  });
}

/** Lifts a lock after failed sign-ins (the count of failures starts again). */
export function unlock(access: RecordAccess, id: number): Promise<void> {
  return access.recordChange('staff:manage', 'staff.unlock', async (trx) => {
    await lockedStaff(trx, id);
    await trx
      .updateTable('staff_user')
      .set({ failed_sign_ins: 0, locked_until: null })
      .where('id', '=', id)
      .execute();
    return { recordType: 'staff_user', recordId: id, result: undefined };
  });
}

/** A new one-time link to choose a password (a lost password, an expired invitation); older links stop working. */
export function newSetUpLink(access: RecordAccess, id: number, now: Date): Promise<IssuedLink> {
  return access.recordChange('staff:manage', 'staff.set_up_link', async (trx) => {
    const staff = await lockedStaff(trx, id);
    if (!staff.active)
      throw new FormProblem(
        'active',
        'This account is deactivated: reactivate it before making a set-up link'
      );
    const link = await issueSetUpLink(trx, id, { userId: access.actor.userId, now });
    return { recordType: 'staff_user', recordId: id, result: link, details: { expiresAt: link.expiresAt } };
  });
}

async function lockedStaff(trx: Db, id: number) {
  const row = await trx
    .selectFrom('staff_user')
    .select(['id', 'role', 'agency_id', 'team_id', 'active'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new RecordNotFoundError('Staff member');
  return row;
}

/** Another active administrator must remain, or no one could manage staff again. */
async function checkNotLastAdministrator(trx: Db, id: number, field: string): Promise<void> {
  const others = await trx
    .selectFrom('staff_user')
    .where('role', '=', 'administrator')
    .where('active', '=', true)
    .where('id', '<>', id)
    .select('id')
    .forUpdate()
    .execute();
  if (others.length === 0)
    throw new FormProblem(
      field,
      'This is the only active administrator: make someone else an administrator first'
    );
}

/**
 * The team must be one of the agency's, and the role must fit the agency: partner agencies' staff are
 * partner agency practitioners (they see only what their agency is asked), the council's staff are not.
 */
async function checkPlacement(trx: Db, placement: StaffPlacement): Promise<void> {
  const agency = await trx
    .selectFrom('agency')
    .select('kind')
    .where('id', '=', placement.agencyId)
    .executeTakeFirst();
  if (!agency) throw new FormProblem('agencyId', 'Choose an agency');
  const isPartner = agency.kind !== 'council';
  if (isPartner && placement.role !== 'partner_agency_practitioner')
    throw new FormProblem('role', 'Staff of a partner agency must have the partner agency practitioner role');
  if (!isPartner && placement.role === 'partner_agency_practitioner')
    throw new FormProblem('role', 'The partner agency practitioner role is for staff of partner agencies');
  if (placement.teamId === null) return;
  const team = await trx
    .selectFrom('team')
    .select('agency_id')
    .where('id', '=', placement.teamId)
    .executeTakeFirst();
  if (!team || team.agency_id !== placement.agencyId)
    throw new FormProblem('teamId', 'Choose one of the chosen agency’s teams, or no team');
}

async function endSessions(trx: Db, id: number): Promise<void> {
  await trx.deleteFrom('user_session').where('user_id', '=', id).execute();
}
