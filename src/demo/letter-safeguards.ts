import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { recordJourneyEvent } from '../modules/journey/journey-events.ts';
import { letterContent, letterText } from '../modules/letters/letter-content.ts';
import { letterFacts, loadDecisionForLetter } from '../modules/letters/letters.ts';
import { DOMESTIC_ABUSE_CODES } from '../modules/letters/family-letter-safety.ts';

/**
 * Demo: two domestic-abuse contacts (consent not sought or not recorded; police ones first) marked by the police "not
 * for disclosure": one whose letter to the family is blocked (nothing sent yet), and one a team manager
 * sent anyway with a reason, kept on the letter and the child's journey. Call after the history is
 * saved (inside the seed transaction is fine); deterministic: it picks the latest such decisions.
 */
export async function seedLetterSafeguards(db: Db, context: { now: Date }): Promise<void> {
  const decisions = await db
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .innerJoin('person', 'person.id', 'contact_child.person_id')
    .where('decision.status', '=', 'authorised')
    .where('decision.authorised_at', '<=', context.now)
    .where((eb) =>
      eb.or([
        eb('contact.consent_status', 'is', null),
        eb('contact.consent_status', 'in', ['not_sought', 'refused']),
      ])
    )
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('referrer_letter')
            .select('referrer_letter.id')
            .whereRef('referrer_letter.decision_id', '=', 'decision.id')
            .where('referrer_letter.recipient', '=', 'family')
        )
      )
    )
    .where('person.restricted', '=', false)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('contact_concern')
          .select('contact_concern.factor_code')
          .whereRef('contact_concern.contact_child_id', '=', 'contact_child.id')
          .where('contact_concern.factor_code', 'in', [...DOMESTIC_ABUSE_CODES])
      )
    )
    .select([
      'decision.id',
      'decision.authorised_at',
      'contact.id as contact_id',
      'contact_child.id as contact_child_id',
    ])
    .orderBy(sql`contact.referral_source = '6'`, 'desc')
    .orderBy('decision.authorised_at', 'desc')
    .orderBy('decision.id', 'desc')
    .limit(2)
    .execute();
  const manager = await db
    .selectFrom('staff_user')
    .select(['id', 'display_name'])
    .where('role', '=', 'team_manager')
    .orderBy(sql`username = 'manager'`, 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (decisions.length < 2 || !manager) return;
  await db
    .updateTable('contact')
    .set({ not_for_disclosure: true })
    .where(
      'id',
      'in',
      decisions.map((decision) => decision.contact_id)
    )
    .execute();

  // The second: a manager decided it was safe and said why.
  const overridden = decisions[1]!;
  const at = new Date(overridden.authorised_at!.getTime() + 2 * 60 * 60_000);
  const decision = await loadDecisionForLetter(db, overridden.id);
  const recipientName = 'Ms Parent';
  const body = letterText(
    letterContent(
      letterFacts(decision, { to: 'family', recipientName, writtenAt: at, signedBy: manager.display_name })
    )
  );
  const { id: letterId } = await db
    .insertInto('referrer_letter')
    .values({
      decision_id: overridden.id,
      recipient: 'family',
      recipient_name: recipientName,
      body,
      created_by: manager.id,
      created_at: at,
      sent_at: at,
      sent_by: manager.id,
      sent_method: 'post',
      safety_override_reason:
        'The officer in the case confirmed the partner has been charged and is on bail away from the address; the mother asked for the outcome in writing.',
      safety_override_by: manager.id,
      safety_warnings: decision.family.warnings,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const step of ['letter_created', 'family_letter_override', 'letter_sent'] as const) {
    await recordJourneyEvent(db, {
      contactChildId: overridden.contact_child_id,
      step,
      at,
      actorId: manager.id,
      details: { letterId, decisionId: overridden.id },
    });
  }
}
