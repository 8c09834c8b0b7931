import type { Db } from '../../platform/db/database.ts';
import type { StrategyEscalationStatus } from '../../platform/db/schema.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import { agencyLabel, type StrategyAgencyKind } from './strategy-form.ts';
import { ESCALATION_OUTCOMES, type EscalationClose } from './strategy-rules.ts';

/** The notification kind (labelled in work/notification-kinds.ts, which this stage may not import). */
const ABSENT = 'strategy_agency_absent';

/**
 * Who is told that a statutory agency missed a discussion: the active team managers of the team that
 * owns it; else the front door's (the duty managers); else, with no manager at all, the owning team.
 */
async function escalationRecipients(
  db: Db,
  owningTeamId: number
): Promise<{ users: number[]; teams: number[] }> {
  const managersOf = (teamId: number) =>
    db
      .selectFrom('staff_user')
      .where('role', '=', 'team_manager')
      .where('active', '=', true)
      .where('team_id', '=', teamId)
      .select('id')
      .orderBy('id')
      .execute();
  const owning = await managersOf(owningTeamId);
  if (owning.length > 0) return { users: owning.map((row) => row.id), teams: [] };
  const frontDoor = await db
    .selectFrom('team')
    .where('kind', '=', 'front_door')
    .select('id')
    .orderBy('id')
    .executeTakeFirst();
  const duty = frontDoor ? await managersOf(frontDoor.id) : [];
  if (duty.length > 0) return { users: duty.map((row) => row.id), teams: [] };
  return { users: [], teams: [owningTeamId] };
}

/**
 * Escalates each statutory agency missing from a discussion, in the discussion's own transaction: an
 * escalation to acknowledge and close, a notification to each manager told, and who was told when.
 */
export async function raiseEscalations(
  trx: Db,
  discussion: {
    id: number;
    contactChildId: number;
    owningTeamId: number;
    convenedAt: Date;
    agencies: readonly StrategyAgencyKind[];
  },
  context: { raisedBy: number; now: Date }
): Promise<void> {
  if (discussion.agencies.length === 0) return;
  const recipients = await escalationRecipients(trx, discussion.owningTeamId);
  const { reference } = await trx
    .selectFrom('contact_child')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('contact_child.id', '=', discussion.contactChildId)
    .select('contact.reference')
    .executeTakeFirstOrThrow();
  const held = formatUk(discussion.convenedAt, UK_FORMATS.timeOnDate);
  for (const agency of discussion.agencies) {
    const escalation = await trx
      .insertInto('strategy_escalation')
      .values({
        strategy_discussion_id: discussion.id,
        agency_kind: agency as 'council' | 'police' | 'health',
        raised_at: context.now,
        raised_by: context.raisedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const addressed = [
      ...recipients.users.map((userId) => ({ user_id: userId, team_id: null })),
      ...recipients.teams.map((teamId) => ({ user_id: null, team_id: teamId })),
    ];
    await trx
      .insertInto('strategy_escalation_recipient')
      .values(
        addressed.map((to) => ({ ...to, strategy_escalation_id: escalation.id, notified_at: context.now }))
      )
      .execute();
    await trx
      .insertInto('notification')
      .values(
        addressed.map((to) => ({
          ...to,
          event_key: `${ABSENT}:${escalation.id}:${to.user_id ? `user:${to.user_id}` : `team:${to.team_id}`}`,
          kind: ABSENT,
          contact_child_id: discussion.contactChildId,
          strategy_discussion_id: discussion.id,
          message:
            `${reference}: ${agencyLabel(agency)} did not take part in the strategy discussion held at ${held}. ` +
            'Acknowledge the escalation and record what was done.',
          raised_at: context.now,
        }))
      )
      .execute();
  }
}

/** The escalations of these discussions with who was told and who acknowledged or closed them. */
export async function loadEscalations(db: Db, discussionIds: readonly number[]) {
  if (discussionIds.length === 0) return [];
  const [escalations, recipients] = await Promise.all([
    db
      .selectFrom('strategy_escalation as e')
      .leftJoin('staff_user as acknowledger', 'acknowledger.id', 'e.acknowledged_by')
      .leftJoin('staff_user as closer', 'closer.id', 'e.closed_by')
      .where('e.strategy_discussion_id', 'in', discussionIds)
      .selectAll('e')
      .select(['acknowledger.display_name as acknowledged_by_name', 'closer.display_name as closed_by_name'])
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('strategy_escalation_recipient as r')
      .innerJoin('strategy_escalation as e', 'e.id', 'r.strategy_escalation_id')
      .leftJoin('staff_user as u', 'u.id', 'r.user_id')
      .leftJoin('team as t', 't.id', 'r.team_id')
      .where('e.strategy_discussion_id', 'in', discussionIds)
      .select(['r.strategy_escalation_id', 'r.notified_at', 'u.display_name', 't.name as team_name'])
      .orderBy('r.id')
      .execute(),
  ]);
  return escalations.map((escalation) => ({
    ...escalation,
    agencyLabel: agencyLabel(escalation.agency_kind),
    statusLabel: STATUS_LABELS[escalation.status],
    outcomeLabel: escalation.outcome ? ESCALATION_OUTCOMES[escalation.outcome] : null,
    told: recipients
      .filter((row) => row.strategy_escalation_id === escalation.id)
      .map((row) => ({ name: row.display_name ?? `${row.team_name} (the team)`, at: row.notified_at })),
  }));
}

export type Escalation = Awaited<ReturnType<typeof loadEscalations>>[number];

const STATUS_LABELS: Record<StrategyEscalationStatus, string> = {
  open: 'Escalated: not yet acknowledged',
  acknowledged: 'Acknowledged: not yet closed',
  closed: 'Closed',
};

/** Marks an open escalation acknowledged; false when it already was (a second click, or someone else). */
export async function markAcknowledged(
  trx: Db,
  escalationId: number,
  by: number,
  now: Date
): Promise<boolean> {
  const updated = await trx
    .updateTable('strategy_escalation')
    .set({ status: 'acknowledged', acknowledged_by: by, acknowledged_at: now })
    .where('id', '=', escalationId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/**
 * Closes an escalation with its outcome (acknowledging it too when nobody had); false when it was
 * already closed, so a second person is told rather than overwriting the outcome.
 */
export async function markClosed(
  trx: Db,
  escalationId: number,
  close: EscalationClose & { by: number; now: Date }
): Promise<boolean> {
  const current = await trx
    .selectFrom('strategy_escalation')
    .where('id', '=', escalationId)
    .where('status', '<>', 'closed')
    .select(['acknowledged_by', 'acknowledged_at'])
    .forUpdate()
    .executeTakeFirst();
  if (!current) return false;
  await trx
    .updateTable('strategy_escalation')
    .set({
      status: 'closed',
      acknowledged_by: current.acknowledged_by ?? close.by,
      acknowledged_at: current.acknowledged_at ?? close.now,
      closed_by: close.by,
      closed_at: close.now,
      outcome: close.outcome,
      outcome_note: close.note,
    })
    .where('id', '=', escalationId)
    .execute();
  return true;
}
