import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import {
  contactIdVisibleTo,
  personIdVisibleTo,
  RecordNotFoundError,
  type RecordAccess,
} from '../../../platform/access/record-access.ts';
import type { NewConsultation } from './consultation-form.ts';

const RECENT = 50;

export function listAgencies(db: Db) {
  return db.selectFrom('agency').select(['id', 'name']).orderBy('name').execute();
}

/**
 * Records the advice given. Linking it to a child needs the same right as seeing the child: answers
 * 'child_not_visible' (and records nothing) for a child the actor cannot find in the person index.
 */
export async function recordConsultation(
  access: RecordAccess,
  consultation: NewConsultation
): Promise<'recorded' | 'child_not_visible'> {
  if (consultation.personId !== undefined && !(await canSee(access, consultation.personId)))
    return 'child_not_visible';
  await access.recordChange('consultation:record', 'consultation.record', async (trx) => {
    const id = await insertConsultation(trx, consultation, access.actor.userId);
    return {
      recordType: 'consultation',
      recordId: id,
      result: id,
      details: {
        agencyId: consultation.agencyId ?? null,
        personId: consultation.personId ?? null,
        referralExpected: consultation.referralExpected,
      },
    };
  });
  return 'recorded';
}

async function canSee(access: RecordAccess, personId: number): Promise<boolean> {
  try {
    await access.assertPersonVisible(personId);
    return true;
  } catch (error) {
    if (error instanceof RecordNotFoundError) return false;
    throw error;
  }
}

/** The child a new consultation is opened from (their record's "record a consultation"), read as a view. */
export function readConsultedChild(access: RecordAccess, personId: number) {
  return access.readPerson(personId, (db) =>
    db
      .selectFrom('person')
      .select(['given_name', 'family_name', 'date_of_birth'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow()
  );
}

/** The latest consultations, audited as a list. */
export function listConsultations(access: RecordAccess) {
  return access.withPermission(
    'consultation:record',
    { action: 'consultation.list', recordType: 'consultation' },
    (db) => listRecentConsultations(db, access.actor)
  );
}

async function insertConsultation(
  trx: Db,
  consultation: NewConsultation,
  advisedBy: number
): Promise<number> {
  const row = await trx
    .insertInto('consultation')
    .values({
      consulted_at: consultation.consultedAt,
      advised_by: advisedBy,
      professional_name: consultation.professionalName,
      professional_role: consultation.professionalRole ?? null,
      organisation: consultation.organisation,
      agency_id: consultation.agencyId ?? null,
      phone: consultation.phone ?? null,
      email: consultation.email ?? null,
      person_id: consultation.personId ?? null,
      child_description: consultation.childDescription ?? null,
      concerns: consultation.concerns,
      advice: consultation.advice,
      referral_expected: consultation.referralExpected,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The latest consultations, newest first, with the contact that followed: linked from either side
 * (consultation.contact_id, or a contact recorded with consultation_id). One about a child the actor
 * may not see (a restricted record, or a contact that followed naming one) says "Restricted record"
 * instead of the child and the contact.
 */
async function listRecentConsultations(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('consultation as c')
    .innerJoin('staff_user as adviser', 'adviser.id', 'c.advised_by')
    .leftJoin('agency', 'agency.id', 'c.agency_id')
    .leftJoin('contact as followed', (join) =>
      join.on((eb) =>
        eb.or([
          eb('followed.id', '=', eb.ref('c.contact_id')),
          eb('followed.consultation_id', '=', eb.ref('c.id')),
        ])
      )
    )
    .distinctOn(['c.consulted_at', 'c.id'])
    .select([
      'c.id',
      'c.consulted_at',
      'c.professional_name',
      'c.professional_role',
      'c.organisation',
      'agency.name as agency_name',
      'c.person_id',
      'c.child_description',
      'c.referral_expected',
      'adviser.display_name as advised_by',
      'followed.id as contact_id',
      'followed.reference as contact_reference',
      sql<boolean>`${personIdVisibleTo(actor, 'c.person_id')} and ${contactIdVisibleTo(actor, 'followed.id')}`.as(
        'visible'
      ),
    ])
    .orderBy('c.consulted_at', 'desc')
    .orderBy('c.id', 'desc')
    .orderBy('followed.received_at')
    .limit(RECENT)
    .execute();
  return rows.map(({ visible, ...row }) =>
    visible
      ? { ...row, restricted: false }
      : {
          ...row,
          restricted: true,
          person_id: null,
          child_description: null,
          contact_id: null,
          contact_reference: null,
        }
  );
}
