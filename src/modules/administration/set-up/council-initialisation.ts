import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import { writeAudit } from '../../../platform/audit/audit-log.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { THRESHOLD_DESCRIPTORS, THRESHOLD_LEVELS } from '../../../demo/continuum-of-need.ts';
import { newCouncilSettings } from './council-defaults.ts';
import { issueSetUpLink, type IssuedLink } from './set-up-links.ts';

/*
 * Setting up a council in an empty database (`frontdoor init` and the first-run page): the council
 * with the national defaults, its own agency, a front-door team and an administration team, the
 * default continuum of need to edit, and a first administrator with no password yet, who chooses one
 * through a one-time link and sets up a second factor at first sign-in. All in one transaction.
 */

const text = (what: string, max = 100) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);

export const councilSetUpForm = z.object({
  councilName: text("the council's name"),
  laCode: z
    .string()
    .trim()
    .optional()
    .transform((code) => code || '')
    .refine((code) => code === '' || /^\d{3}$/.test(code), {
      message: 'The local authority code is the 3 digits the DfE gives the council, like 201',
    }),
  adminName: text("the administrator's name"),
  adminEmail: z
    .string({ error: "Enter the administrator's email address" })
    .trim()
    .min(1, "Enter the administrator's email address")
    .max(254, 'The email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@council.gov.uk')
    .transform((email) => email.toLowerCase()),
});

export type CouncilSetUp = z.output<typeof councilSetUpForm>;

export class CouncilAlreadySetUpError extends Error {
  constructor(councilName: string) {
    super(
      `This database already has a council (${councilName}), so nothing was changed: ` +
        'frontdoor init only sets up an empty database.'
    );
  }
}

export interface InitialisedCouncil {
  adminUserId: number;
  adminUsername: string;
  link: IssuedLink;
}

/** Whether the database has no council yet (initialiseCouncil also refuses one that has staff). */
export async function hasNoCouncil(db: Db): Promise<boolean> {
  const council = await db.selectFrom('council').select('id').executeTakeFirst();
  return council === undefined;
}

export async function initialiseCouncil(db: Db, setUp: CouncilSetUp, now: Date): Promise<InitialisedCouncil> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('council').select('name').executeTakeFirst();
    const anyStaff = await trx.selectFrom('staff_user').select('id').limit(1).executeTakeFirst();
    if (existing || anyStaff) throw new CouncilAlreadySetUpError(existing?.name ?? 'with staff already');
    // The council row goes first: a concurrent set-up fails on its primary key straight away.
    await trx
      .insertInto('council')
      .values({
        id: 1,
        name: setUp.councilName,
        la_code: setUp.laCode,
        settings: JSON.stringify(newCouncilSettings()),
      })
      .execute();
    const agency = await trx
      .insertInto('agency')
      .values({ name: setUp.councilName, kind: 'council' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('team')
      .values({ name: 'Front Door', kind: 'front_door', agency_id: agency.id, locality_id: null })
      .execute();
    const administration = await trx
      .insertInto('team')
      .values({ name: 'Administration', kind: 'administration', agency_id: agency.id, locality_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const admin = await trx
      .insertInto('staff_user')
      .values({
        username: setUp.adminEmail,
        display_name: setUp.adminName,
        email: setUp.adminEmail,
        role: 'administrator',
        agency_id: agency.id,
        team_id: administration.id,
        password_hash: null,
        totp_secret: null,
        locked_until: null,
        last_sign_in_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertDefaultContinuum(trx, `${setUp.councilName} continuum of need`, now, admin.id);
    const link = await issueSetUpLink(trx, admin.id, { userId: null, now });
    await trx.deleteFrom('first_run_code').execute();
    await writeAudit(
      trx,
      {
        action: 'council.initialise',
        recordType: 'council',
        recordId: 1,
        details: { councilName: setUp.councilName, laCode: setUp.laCode, administratorId: admin.id },
      },
      now
    );
    return { adminUserId: admin.id, adminUsername: setUp.adminEmail, link };
  });
}

/** Version 1 of the continuum of need: the demo council's four levels and descriptors, to edit. */
async function insertDefaultContinuum(trx: Db, title: string, now: Date, publishedBy: number): Promise<void> {
  const document = await trx
    .insertInto('threshold_document')
    .values({
      version: 1,
      title,
      effective_from: londonDateOf(now),
      published_at: now,
      published_by: publishedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('threshold_level')
    .values(
      THRESHOLD_LEVELS.map((level) => ({
        document_id: document.id,
        level: level.level,
        name: level.name,
        summary: level.summary,
        typical_response: level.typicalResponse,
      }))
    )
    .execute();
  await trx
    .insertInto('threshold_descriptor')
    .values(
      Object.entries(THRESHOLD_DESCRIPTORS).flatMap(([area, levels]) =>
        levels.flatMap((texts, index) =>
          texts.map((descriptor) => ({
            document_id: document.id,
            level: index + 1,
            area_of_need: area,
            text: descriptor,
          }))
        )
      )
    )
    .execute();
}
