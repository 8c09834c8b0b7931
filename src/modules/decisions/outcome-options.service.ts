import type { RecordAccess } from '../../platform/access/record-access.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import type { Db } from '../../platform/db/database.ts';
import { FormProblem } from '../../platform/http/forms.ts';

/*
 * The decision outcomes a council offers, beyond the usual ones (for example private fostering or the
 * LADO). Outcomes are never deleted, because past decisions name them: they are switched off instead.
 */

/** Every outcome, switched on or off, in the order practitioners see them. */
export function listOutcomeOptions(db: Db) {
  return db.selectFrom('outcome_option').selectAll().orderBy('sort_order').execute();
}

export interface NewOutcomeOption {
  code: string;
  label: string;
  needsTeam: boolean;
  isReferral: boolean;
}

/** Adds an outcome after the others; refuses a code already taken. */
export function addOutcomeOption(access: RecordAccess, outcome: NewOutcomeOption) {
  return access.recordChange('outcome:manage', 'outcome.add', async (trx) => {
    const taken = await trx
      .selectFrom('outcome_option')
      .where('code', '=', outcome.code)
      .select('code')
      .executeTakeFirst();
    if (taken) throw new FormProblem('code', 'There is already an outcome with this code');
    const { last } = await trx
      .selectFrom('outcome_option')
      .select((eb) => eb.fn.max('sort_order').as('last'))
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('outcome_option')
      .values({
        code: outcome.code,
        label: outcome.label,
        needs_team: outcome.needsTeam,
        is_referral: outcome.isReferral,
        sort_order: Number(last ?? 0) + 1,
      })
      .execute();
    return { recordType: 'outcome_option', recordId: outcome.code, result: null };
  });
}

/** Switches an outcome on or off for new decisions. */
export function setOutcomeOptionActive(access: RecordAccess, code: string, active: boolean) {
  return access.recordChange('outcome:manage', 'outcome.change', async (trx) => {
    const changed = await trx
      .updateTable('outcome_option')
      .set({ active })
      .where('code', '=', code)
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) throw new RecordNotFoundError('Outcome');
    return { recordType: 'outcome_option', recordId: code, result: null, details: { active } };
  });
}
