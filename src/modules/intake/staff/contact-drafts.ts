import type { Db } from '../../../platform/db/database.ts';
import type { FormValues } from './contact-form.ts';

const FORM = 'contact';

/** Drafts are per member of staff, kept in the database so any app process can restore them. */
export async function saveContactDraft(db: Db, userId: number, values: FormValues, now: Date): Promise<void> {
  const { _csrf: _token, action: _action, ...data } = values;
  await db
    .insertInto('form_draft')
    .values({ user_id: userId, form: FORM, data: JSON.stringify(data), saved_at: now })
    .onConflict((oc) =>
      oc.columns(['user_id', 'form']).doUpdateSet({ data: JSON.stringify(data), saved_at: now })
    )
    .execute();
}

export async function loadContactDraft(db: Db, userId: number) {
  return db
    .selectFrom('form_draft')
    .select(['data', 'saved_at'])
    .where('user_id', '=', userId)
    .where('form', '=', FORM)
    .executeTakeFirst();
}

export async function discardContactDraft(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('form_draft').where('user_id', '=', userId).where('form', '=', FORM).execute();
}
