import { sql } from 'kysely';
import { RecordNotFoundError, type RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AgencyKind, TeamKind } from '../../platform/db/schema.ts';
import { FormProblem } from '../../platform/http/forms.ts';

/*
 * The council's organisation: its teams (each with a locality, for the team suggested for a child's
 * area), partner agencies, and localities. Changed by administrators, each change audited with it.
 */

export interface TeamRow {
  id: number;
  name: string;
  kind: TeamKind;
  agencyId: number;
  agencyName: string;
  localityId: number | null;
  localityName: string | null;
  staff: number;
}

export interface AgencyRow {
  id: number;
  name: string;
  kind: AgencyKind;
  staff: number;
}

export async function listTeams(db: Db): Promise<TeamRow[]> {
  const rows = await db
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .leftJoin('locality', 'locality.id', 'team.locality_id')
    .select((eb) => [
      'team.id',
      'team.name',
      'team.kind',
      'team.agency_id as agencyId',
      'agency.name as agencyName',
      'team.locality_id as localityId',
      'locality.name as localityName',
      eb
        .selectFrom('staff_user')
        .whereRef('staff_user.team_id', '=', 'team.id')
        .where('staff_user.active', '=', true)
        .select(eb.fn.countAll<string>().as('n'))
        .as('staff'),
    ])
    .orderBy('agency.kind', 'asc')
    .orderBy('team.name')
    .execute();
  return rows.map((row) => ({ ...row, staff: Number(row.staff ?? 0) }));
}

export async function listAgencies(db: Db): Promise<AgencyRow[]> {
  const rows = await db
    .selectFrom('agency')
    .select((eb) => [
      'agency.id',
      'agency.name',
      'agency.kind',
      eb
        .selectFrom('staff_user')
        .whereRef('staff_user.agency_id', '=', 'agency.id')
        .where('staff_user.active', '=', true)
        .select(eb.fn.countAll<string>().as('n'))
        .as('staff'),
    ])
    // The council first, then its partners by name.
    .orderBy(sql`agency.kind = 'council'`, 'desc')
    .orderBy('agency.name')
    .execute();
  return rows.map((row) => ({ ...row, staff: Number(row.staff ?? 0) }));
}

export function listLocalityNames(db: Db): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('locality').select(['id', 'name']).orderBy('name').execute();
}

export interface TeamChange {
  name: string;
  kind: TeamKind;
  agencyId: number;
  localityId: number | null;
}

/** Adds a team (id null) or changes one, refusing a name another team has. */
export function saveTeam(access: RecordAccess, id: number | null, team: TeamChange): Promise<number> {
  return access.recordChange('council:configure', 'team.save', async (trx) => {
    await checkUniqueName(trx, 'team', team.name, id);
    const agency = await trx
      .selectFrom('agency')
      .select('id')
      .where('id', '=', team.agencyId)
      .executeTakeFirst();
    if (!agency) throw new FormProblem('agencyId', 'Choose the agency the team belongs to');
    if (team.localityId !== null) {
      const locality = await trx
        .selectFrom('locality')
        .select('id')
        .where('id', '=', team.localityId)
        .executeTakeFirst();
      if (!locality) throw new FormProblem('localityId', 'Choose a locality, or none');
    }
    const values = {
      name: team.name,
      kind: team.kind,
      agency_id: team.agencyId,
      locality_id: team.localityId,
    };
    let before: unknown = null;
    let teamId = id;
    if (id === null) {
      teamId = (await trx.insertInto('team').values(values).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      before = await trx.selectFrom('team').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new RecordNotFoundError('Team');
      await trx.updateTable('team').set(values).where('id', '=', id).execute();
    }
    return { recordType: 'team', recordId: teamId!, result: teamId!, details: { from: before, to: values } };
  });
}

/** Adds a partner agency (id null) or changes one; the council's own agency keeps its kind. */
export function saveAgency(
  access: RecordAccess,
  id: number | null,
  agency: { name: string; kind: AgencyKind }
): Promise<number> {
  return access.recordChange('council:configure', 'agency.save', async (trx) => {
    await checkUniqueName(trx, 'agency', agency.name, id);
    let before: { name: string; kind: AgencyKind } | undefined;
    let agencyId = id;
    if (id === null) {
      agencyId = (await trx.insertInto('agency').values(agency).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      before = await trx
        .selectFrom('agency')
        .select(['name', 'kind'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new RecordNotFoundError('Agency');
      // Which staff are partners' is decided by the agency's kind: the council stays the council.
      if (before.kind === 'council' && agency.kind !== 'council')
        throw new FormProblem('kind', 'The council’s own agency stays the council');
      if (before.kind !== 'council' && agency.kind === 'council')
        throw new FormProblem('kind', 'Choose what kind of partner agency it is');
      await trx.updateTable('agency').set(agency).where('id', '=', id).execute();
    }
    return {
      recordType: 'agency',
      recordId: agencyId!,
      result: agencyId!,
      details: { from: before ?? null, to: agency },
    };
  });
}

/** A new locality (its child population is recorded on the localities page). */
export function addLocality(access: RecordAccess, name: string): Promise<number> {
  return access.recordChange('council:configure', 'locality.add', async (trx) => {
    await checkUniqueName(trx, 'locality', name, null);
    const row = await trx.insertInto('locality').values({ name }).returning('id').executeTakeFirstOrThrow();
    return { recordType: 'locality', recordId: row.id, result: row.id, details: { name } };
  });
}

async function checkUniqueName(
  trx: Db,
  table: 'team' | 'agency' | 'locality',
  name: string,
  id: number | null
) {
  const clash = await trx
    .selectFrom(table)
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  if (clash && clash.id !== id) throw new FormProblem('name', `There is already a ${table} called ${name}`);
}
