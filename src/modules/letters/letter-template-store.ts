import type { Db } from '../../platform/db/database.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import { NATIONAL_WORDING, type LetterWording, type TemplateParts } from './letter-templates.ts';

/*
 * The council's saved letter-template versions. A version is never changed: a save adds the next
 * one. A template never saved is at version 1, the national wording.
 */

/** The wording in force now: each template's latest version, else the national wording. */
export async function wordingInForce(db: Db): Promise<LetterWording> {
  const rows = await db
    .selectFrom('letter_template_version')
    .distinctOn('template_key')
    .select(['template_key', 'version', 'parts'])
    .orderBy('template_key')
    .orderBy('version', 'desc')
    .execute();
  const saved = Object.fromEntries(
    rows.map((row) => [row.template_key, { version: row.version, parts: row.parts }])
  );
  return { ...NATIONAL_WORDING, ...saved };
}

export interface TemplateVersion {
  version: number;
  parts: TemplateParts;
  savedBy: string | null;
  savedAt: Date | null;
  reason: string | null;
}

/** Every version of one template, newest first, ending with the national wording. */
export async function templateVersions(db: Db, key: string): Promise<TemplateVersion[]> {
  const rows = await db
    .selectFrom('letter_template_version')
    .innerJoin('staff_user', 'staff_user.id', 'letter_template_version.saved_by')
    .where('template_key', '=', key)
    .select(['version', 'parts', 'staff_user.display_name as savedBy', 'saved_at as savedAt', 'reason'])
    .orderBy('version', 'desc')
    .execute();
  const national = NATIONAL_WORDING[key];
  return national
    ? [...rows, { version: 1, parts: national.parts, savedBy: null, savedAt: null, reason: null }]
    : rows;
}

/**
 * Adds the next version, in the caller's transaction. EditConflictError when another version was
 * saved since the editor opened `openedVersion`: no one replaces wording they have not seen.
 */
export async function addTemplateVersion(
  trx: Db,
  change: {
    key: string;
    openedVersion: number;
    parts: TemplateParts;
    by: number;
    at: Date;
    reason: string | null;
  }
): Promise<number> {
  const latest = await trx
    .selectFrom('letter_template_version')
    .where('template_key', '=', change.key)
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  const current = latest?.version ?? 1;
  if (current !== change.openedVersion) throw new EditConflictError('letter template');
  const version = current + 1;
  // Two saves racing past the check above meet the unique (template_key, version) constraint.
  await trx
    .insertInto('letter_template_version')
    .values({
      template_key: change.key,
      version,
      parts: JSON.stringify(change.parts),
      saved_by: change.by,
      saved_at: change.at,
      reason: change.reason,
    })
    .execute();
  return version;
}
