import type { RecordAccess } from '../../platform/access/record-access.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import {
  changeOwner,
  defaultOwner,
  insertStrategyDiscussion,
  loadChild,
  loadStrategyDiscussion,
  ownerChoices,
  recordSection47Outcome,
  resolveOwner,
} from './strategy-discussions.ts';
import type { NewStrategyDiscussion, OwnerChoice, Section47Update } from './strategy-form.ts';

/** What the form for a new discussion about a child needs: the child, the default owner and the choices. */
export function readNewDiscussionForm(access: RecordAccess, contactChildId: number) {
  return access.readContactChild(contactChildId, async (db) => ({
    child: await loadChild(db, contactChildId),
    owner: await defaultOwner(db, contactChildId, access.actor.userId),
    choices: await ownerChoices(db),
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
    const calendar = await councilCalendar(trx);
    const result = await insertStrategyDiscussion(
      trx,
      contactChildId,
      { ...discussion, owner },
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
      },
    };
  });
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
