import { sql } from 'kysely';
import { RecordNotFoundError, type RecordAccess } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';

/*
 * The council's localities and the child population of each: council configuration, changed by
 * administrators, audited with the figure before and after in the same transaction.
 */

export interface LocalityRow {
  id: number;
  name: string;
  childPopulation: number | null;
}

export function listLocalities(db: Db): Promise<LocalityRow[]> {
  return db
    .selectFrom('locality')
    .select(['id', 'name', 'child_population as childPopulation'])
    .orderBy('name')
    .execute();
}

/**
 * Records a locality's child population. `opened` is the figure the form showed: when another save
 * has changed it since, nothing is saved (EditConflictError), so no one overwrites a figure unseen.
 */
export function setChildPopulation(
  access: RecordAccess,
  change: { localityId: number; population: number; opened: number | null }
) {
  return access.recordChange('council:configure', 'locality.change', async (trx) => {
    const saved = await trx
      .updateTable('locality')
      .set({ child_population: change.population })
      .where('id', '=', change.localityId)
      .where(sql<boolean>`child_population is not distinct from ${change.opened}::int`)
      .executeTakeFirst();
    if (saved.numUpdatedRows === 0n) {
      const exists = await trx
        .selectFrom('locality')
        .where('id', '=', change.localityId)
        .select('id')
        .executeTakeFirst();
      throw exists ? new EditConflictError('locality') : new RecordNotFoundError('Locality');
    }
    return {
      recordType: 'locality',
      recordId: change.localityId,
      result: null,
      details: { childPopulation: { from: change.opened, to: change.population } },
    };
  });
}
