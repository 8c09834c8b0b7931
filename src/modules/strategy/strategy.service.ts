import type { RecordAccess } from '../../platform/access/record-access.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import {
  chairChoices,
  changeOwner,
  defaultOwner,
  insertStrategyDiscussion,
  loadChild,
  loadStrategyDiscussion,
  ownerChoices,
  recordSection47Outcome,
  resolveChair,
  resolveOwner,
} from './strategy-discussions.ts';
import { markAcknowledged, markClosed } from './strategy-escalations.ts';
import type { Db } from '../../platform/db/database.ts';
import type { EscalationClose } from './strategy-rules.ts';
import type { NewStrategyDiscussion, OwnerChoice, Section47Update } from './strategy-form.ts';

/** What the form for a new discussion about a child needs: the child, the default owner and the choices. */
export function readNewDiscussionForm(access: RecordAccess, contactChildId: number) {
  return access.readContactChild(contactChildId, async (db) => ({
    child: await loadChild(db, contactChildId),
    owner: await defaultOwner(db, contactChildId, access.actor.userId),
    choices: await ownerChoices(db),
    chairs: await chairChoices(db),
  }));
}

export type NewDiscussionForm = Awaited<ReturnType<typeof readNewDiscussionForm>>;

/**
 * Records a discussion about a child. Nobody may record one that no team and worker owns: blanks in
 * the owner chosen are filled from `defaultOwner`, and an owner that cannot be is a FormProblem.
 */
export function recordStrategyDiscussion(
  access: RecordAccess,
  contactChildId: number,
  discussion: NewStrategyDiscussion,
  fallbackOwner: NewDiscussionForm['owner'],
  now: Date
) {
  return access.recordChange('strategy:record', 'strategy.record', async (trx) => {
    const owner = await resolveOwner(trx, discussion.owner, fallbackOwner);
    const chair = await resolveChair(trx, discussion.chair);
    const calendar = await councilCalendar(trx);
    const result = await insertStrategyDiscussion(
      trx,
      contactChildId,
      { ...discussion, owner, chair },
      { recordedBy: access.actor.userId, now, calendar }
    );
    return {
      recordType: 'strategy_discussion',
      recordId: result.id,
      result,
      details: {
        contactChildId,
        outcome: discussion.outcome,
        missingAgencies: result.missingAgencies,
        actions: discussion.actions.length,
        outOfHours: result.outOfHours,
        ownerTeamId: owner.teamId,
        ownerWorkerId: owner.workerId,
        chairId: chair.chairId,
        escalated: result.missingAgencies,
      },
    };
  });
}

/** A manager acknowledges an agency's absence; false when it was already acknowledged. Audited either way. */
export function acknowledgeEscalation(
  access: RecordAccess,
  discussion: DiscussionRead,
  escalationId: number,
  now: Date
): Promise<boolean> {
  return access.recordChange('work:allocate', 'strategy.escalation_acknowledge', async (trx) => {
    const state = await escalationState(trx, discussion.id, escalationId);
    return {
      recordType: 'strategy_escalation',
      recordId: escalationId,
      result: state === 'open' && (await markAcknowledged(trx, escalationId, access.actor.userId, now)),
      details: { strategyDiscussionId: discussion.id, contactChildId: discussion.contact_child_id },
    };
  });
}

/** Closes an escalation with what was done; a FormProblem when someone closed it first. */
export function closeEscalation(
  access: RecordAccess,
  discussion: DiscussionRead,
  escalationId: number,
  close: EscalationClose,
  now: Date
): Promise<void> {
  return access.recordChange('work:allocate', 'strategy.escalation_close', async (trx) => {
    await escalationState(trx, discussion.id, escalationId);
    if (!(await markClosed(trx, escalationId, { ...close, by: access.actor.userId, now })))
      throw new FormProblem(
        `escalation-${escalationId}-outcome`,
        'Someone else closed this escalation since you opened the page. Their outcome is shown; nothing of yours was saved.'
      );
    return {
      recordType: 'strategy_escalation',
      recordId: escalationId,
      result: undefined,
      details: {
        strategyDiscussionId: discussion.id,
        contactChildId: discussion.contact_child_id,
        outcome: close.outcome,
      },
    };
  });
}

/** The escalation's status, "not found" unless it belongs to the discussion the actor has opened. */
async function escalationState(trx: Db, discussionId: number, escalationId: number) {
  const row = await trx
    .selectFrom('strategy_escalation')
    .where('id', '=', escalationId)
    .where('strategy_discussion_id', '=', discussionId)
    .select('status')
    .executeTakeFirst();
  if (!row) throw new RecordNotFoundError('Escalation');
  return row.status;
}

/** Reads a discussion under the same access rule as the child it is about. */
export function readDiscussion(access: RecordAccess, id: number, now: Date) {
  return access.readVia('strategy_discussion', id, async (db, owner) => ({
    child: await loadChild(db, owner.contactChildId),
    ...(await loadStrategyDiscussion(db, id, now, await councilCalendar(db))),
    ownerChoices: await ownerChoices(db),
  }));
}

export type DiscussionPage = Awaited<ReturnType<typeof readDiscussion>>;
type DiscussionRead = Pick<DiscussionPage['discussion'], 'id' | 'contact_child_id' | 'icpc_due_on'>;

/**
 * Gives the discussion (and its enquiry) to another team and worker, e.g. the day team after an
 * out-of-hours discussion; an owner that cannot be is a FormProblem.
 */
export function changeDiscussionOwner(access: RecordAccess, discussion: DiscussionRead, choice: OwnerChoice) {
  return access.recordChange('work:allocate', 'strategy.update', async (trx) => {
    const owner = await resolveOwner(trx, choice, { teamId: null, workerId: null });
    await changeOwner(trx, discussion.id, owner);
    return {
      recordType: 'strategy_discussion',
      recordId: discussion.id,
      result: undefined,
      details: {
        contactChildId: discussion.contact_child_id,
        ownerTeamId: owner.teamId,
        ownerWorkerId: owner.workerId,
      },
    };
  });
}

/** Records the section 47 enquiry's outcome; EditConflictError when someone saved it since the page was opened. */
export function recordEnquiryOutcome(
  access: RecordAccess,
  discussion: DiscussionRead,
  update: Section47Update,
  now: Date
) {
  return access.recordChange('strategy:record', 'strategy.update', async (trx) => {
    const { withinTimescale } = await recordSection47Outcome(
      trx,
      { id: discussion.id, contactChildId: discussion.contact_child_id, icpcDueOn: discussion.icpc_due_on },
      update,
      { actorId: access.actor.userId, now }
    );
    return {
      recordType: 'strategy_discussion',
      recordId: discussion.id,
      result: undefined,
      details: {
        contactChildId: discussion.contact_child_id,
        s47Outcome: update.s47Outcome,
        icpcHeld: update.icpcHeldOn !== null,
        icpcWithinTimescale: withinTimescale,
      },
    };
  });
}
