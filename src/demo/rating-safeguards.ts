import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { recordJourneyEvent } from '../modules/journey/journey-events.ts';
import { moveCase } from '../modules/journey/case-status.ts';
import { secondSignOffReasons } from '../modules/decisions/decision-rules.ts';
import { ragDueAt } from '../modules/screening/screening.service.ts';
import { councilSettings } from '../platform/council/council-settings.ts';

/**
 * Demo: the rating and decision safeguards at work on today's open contacts — a practitioner's lower
 * rating for a red contact waiting for a manager (the child stays red), and a decision stepping down
 * from level 4 that a team manager authorised with a comment and that waits for the service manager's
 * second sign-off. Call after the history is saved (inside the seed transaction is fine); deterministic:
 * it picks the oldest suitable open contacts received at least two hours before `now`.
 */
export async function seedRatingSafeguards(db: Db, context: { now: Date }): Promise<void> {
  const before = new Date(context.now.getTime() - 2 * 3600_000);
  const minutesBefore = (minutes: number) => new Date(context.now.getTime() - minutes * 60_000);
  const [practitioner, manager] = await Promise.all([
    staffMember(db, 'front_door_practitioner', 'practitioner'),
    staffMember(db, 'team_manager', 'manager'),
  ]);
  if (!practitioner || !manager) return;
  const open = (rags: ('red' | 'amber' | 'green')[]) =>
    db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .innerJoin('person', 'person.id', 'contact_child.person_id')
      .where('contact_child.status', 'in', ['new', 'screening', 'awaiting_information', 'awaiting_decision'])
      .where('contact_child.rag', 'in', rags)
      .where('contact.received_at', '<', before)
      .where('person.restricted', '=', false)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('decision')
              .select('decision.id')
              .whereRef('decision.contact_child_id', '=', 'contact_child.id')
          )
        )
      )
      .select(['contact_child.id', 'contact_child.rag', 'contact_child.rag_due_at', 'contact.received_at'])
      .orderBy(sql`contact_child.rag = 'amber'`, 'desc')
      .orderBy('contact.received_at')
      .orderBy('contact_child.id');

  // 1. A lower rating for a red contact, waiting for a manager.
  const red = await open(['red']).executeTakeFirst();
  if (red) {
    await db
      .insertInto('rag_rating')
      .values([
        {
          contact_child_id: red.id,
          rag: 'red',
          kind: 'screening',
          rationale: 'Police report a parent hit the child last night; the child is at home with them today.',
          due_at: red.rag_due_at ?? context.now,
          rated_by: practitioner,
          rated_at: minutesBefore(90),
        },
        {
          contact_child_id: red.id,
          rag: 'green',
          kind: 're_rating',
          rationale: 'Mother says the father has left the home; she will keep the children with her sister.',
          // What the green due time would be, if a manager agrees.
          due_at: ragDueAt(red.received_at, 'green', await councilSettings(db)),
          rated_by: practitioner,
          rated_at: minutesBefore(30),
          review_status: 'pending',
        },
      ])
      .execute();
    await recordJourneyEvent(db, {
      contactChildId: red.id,
      step: 'rating_downgrade_requested',
      at: minutesBefore(30),
      actorId: practitioner,
      details: { rag: 'green', from: 'red' },
    });
  }

  // 2. A decision stepping down from level 4, authorised by a manager, waiting for the second sign-off.
  const lower = await open(['amber', 'green']).executeTakeFirst();
  const levelFour = await db
    .selectFrom('threshold_descriptor')
    .innerJoin('threshold_document', 'threshold_document.id', 'threshold_descriptor.document_id')
    .where('threshold_descriptor.level', '=', 4)
    .select(['threshold_descriptor.id', 'threshold_descriptor.document_id'])
    .orderBy('threshold_document.version', 'desc')
    .orderBy('threshold_descriptor.id')
    .executeTakeFirst();
  if (!lower || !levelFour) return;
  const rag = lower.rag ?? 'amber';
  await db
    .insertInto('threshold_assessment')
    .values({
      contact_child_id: lower.id,
      threshold_document_id: levelFour.document_id,
      descriptor_ids: [levelFour.id],
      indicated_level: 4,
      chosen_level: 2,
      difference_reason:
        'The injury was explained by a fall the school saw; the worry is about routines at home.',
      assessed_by: practitioner,
      assessed_at: minutesBefore(80),
    })
    .execute();
  await db
    .insertInto('rag_rating')
    .values({
      contact_child_id: lower.id,
      rag,
      kind: 'manager_confirmed',
      rationale: 'Rating confirmed',
      due_at: lower.rag_due_at ?? context.now,
      rated_by: manager,
      rated_at: minutesBefore(75),
    })
    .execute();
  const reasons = secondSignOffReasons({
    rag,
    indicatedLevel: 4,
    chosenLevel: 2,
    outcomes: [{ label: 'No further action', opensSocialCare: false }],
  });
  const child = await db
    .selectFrom('contact_child')
    .select(['decision_due_at', 'decision_extended_to', 'rag_due_at'])
    .where('id', '=', lower.id)
    .executeTakeFirstOrThrow();
  const { id: decisionId } = await db
    .insertInto('decision')
    .values({
      contact_child_id: lower.id,
      outcome: 'no_further_action',
      outcomes: ['no_further_action'],
      threshold_document_id: levelFour.document_id,
      indicated_level: 4,
      chosen_level: 2,
      rationale:
        'The school saw the fall that caused the bruise and the school nurse agrees it matches; the police hold ' +
        'nothing on the family, the child says she feels safe, and her mother has agreed to speak to the school ' +
        'nurse about bedtime routines, so no social-care work is needed.',
      childs_views: 'She says she fell in the playground and likes living at home.',
      history_considered: 'One earlier contact two years ago, advice given; no referrals.',
      proposed_by: practitioner,
      proposed_at: minutesBefore(60),
      status: 'awaiting_second_authorisation',
      authorised_by: manager,
      authorised_at: minutesBefore(40),
      manager_comment:
        'I read the nurse’s note and spoke to the school: the fall explains the injury and the child is seen daily.',
      decision_due_at: child.decision_extended_to ?? child.decision_due_at,
      rag_due_at: child.rag_due_at,
      rag,
      second_authorisation_reasons: reasons,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await moveCase(db, lower.id, 'propose_decision', { at: minutesBefore(60) });
  const steps = [
    ['threshold_assessed', 80, practitioner, { indicatedLevel: 4, chosenLevel: 2 }],
    ['rating_confirmed', 75, manager, { rag, from: rag }],
    [
      'decision_proposed',
      60,
      practitioner,
      { decisionId, outcomes: ['no_further_action'], secondSignOff: reasons },
    ],
    ['decision_awaiting_second_authoriser', 40, manager, { decisionId }],
  ] as const;
  for (const [step, minutes, actorId, details] of steps) {
    await recordJourneyEvent(db, {
      contactChildId: lower.id,
      step,
      at: minutesBefore(minutes),
      actorId,
      details: details as Record<string, string | number | (string | number)[]>,
    });
  }
}

/** The demo account for a role when it exists, else the first active member of staff in that role. */
async function staffMember(db: Db, role: 'front_door_practitioner' | 'team_manager', username: string) {
  const row = await db
    .selectFrom('staff_user')
    .select('id')
    .where('role', '=', role)
    .where('active', '=', true)
    .orderBy(sql`username = ${username}`, 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}
