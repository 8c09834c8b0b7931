import { sql } from 'kysely';
import {
  contactIdVisibleTo,
  type ChangeAudit,
  type RecordAccess,
} from '../../platform/access/record-access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { claimVersion } from '../../platform/db/versioned-update.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { recordJourneyEvent } from '../journey/journey-events.ts';
import { DECIDED_STATUSES, moveCase } from '../journey/case-status.ts';
import { offerHandover } from '../handover/handovers.ts';
import { latestAssessment } from '../screening/threshold-assessment.ts';
import {
  decisionCountdown,
  earliestDueCountdown,
  ragCountdown,
  type CountdownSettings,
} from '../screening/countdown.ts';
import { childNameOf } from '../people/child-name.ts';
import { decisionTimeliness } from './decision-timeliness.ts';
import type { CouncilSettings, Rag } from '../../platform/db/schema.ts';
import { ROLE_LABELS } from '../../platform/access/permissions.ts';
import { ratingState } from '../screening/screening.service.ts';
import {
  authorisationRefusal,
  decisionFacts,
  DEFAULT_SECOND_AUTHORISER_ROLES,
  extensionProblem,
  managerCommentProblem,
  outcomesProblem,
  proposalRefusal,
  proposalWordsProblem,
  secondSignOffReasons,
  secondSignOffRefusal,
  type DecisionFacts,
  type RuleProblem,
  type SecondSignOffReason,
} from './decision-rules.ts';

export function activeOutcomes(db: Db) {
  return db
    .selectFrom('outcome_option')
    .where('active', '=', true)
    .select(['code', 'label', 'needs_team', 'is_referral'])
    .orderBy('sort_order')
    .execute();
}

/** The roles the council lets give a decision's second sign-off. */
export function secondAuthoriserRoles(settings: CouncilSettings) {
  return settings.secondAuthoriserRoles ?? DEFAULT_SECOND_AUTHORISER_ROLES;
}

/** The facts the second sign-off rules weigh, with every outcome (an outcome switched off still counts). */
async function loadDecisionFacts(
  trx: Db,
  decision: { outcomes: string[]; rag: Rag | null; indicatedLevel: number | null; chosenLevel: number | null }
): Promise<DecisionFacts> {
  const options = await trx.selectFrom('outcome_option').select(['code', 'label', 'is_referral']).execute();
  return decisionFacts(decision, options);
}

/**
 * A decision stands on a rating a manager gave or agreed, with no lower rating waiting. Refuses with
 * what to do otherwise; `decided` is the rating a decision was proposed on, which must still hold.
 */
async function requireConfirmedRating(
  trx: Db,
  contactChildId: number,
  field: string,
  decided?: Rag | null
): Promise<Rag> {
  const state = await ratingState(trx, contactChildId);
  if (state.pending)
    throw new FormProblem(
      field,
      `A lower rating (${state.pending.rag}) is waiting for a manager: the child stays red until a manager ` +
        'confirms or refuses it on the screening page'
    );
  if (!state.rag)
    throw new FormProblem(
      field,
      'Rate the contact, and have a manager confirm the rating, before a decision'
    );
  if (!state.confirmed)
    throw new FormProblem(
      field,
      `A manager must confirm the ${state.rag} rating on the screening page before a decision can be made`
    );
  if (decided !== undefined && decided !== state.rag)
    throw new FormProblem(
      field,
      `The rating is now ${state.rag}, not the ${decided ?? 'unconfirmed'} rating this decision was proposed on: ` +
        'return it so it can be proposed again'
    );
  return state.rag;
}

export function receivingTeams(db: Db) {
  return db
    .selectFrom('team')
    .leftJoin('locality', 'locality.id', 'team.locality_id')
    .where('team.kind', 'in', ['early_help', 'assessment', 'child_protection'])
    .select(['team.id', 'team.name', 'team.kind', 'team.locality_id', 'locality.name as locality_name'])
    .orderBy('team.name')
    .execute();
}

/**
 * Where a decision's handover can go, for the manager authorising it: every receiving team with its
 * locality, and the team of the same kind for the child's home locality as the suggestion.
 */
export async function handoverTeamChoices(
  db: Db,
  decision: { receivingTeamId: number; personId: number | null }
) {
  const [teams, home] = await Promise.all([
    receivingTeams(db),
    decision.personId === null
      ? undefined
      : db
          .selectFrom('person')
          .innerJoin('address', 'address.id', 'person.address_id')
          .leftJoin('locality', 'locality.id', 'address.locality_id')
          .where('person.id', '=', decision.personId)
          .select(['address.locality_id', 'locality.name'])
          .executeTakeFirst(),
  ]);
  const proposed = teams.find((team) => team.id === decision.receivingTeamId);
  const suggested = teams.find(
    (team) =>
      team.kind === proposed?.kind && home?.locality_id != null && team.locality_id === home.locality_id
  );
  return { teams, proposedId: decision.receivingTeamId, suggested, childLocality: home?.name ?? null };
}

/**
 * What the proposal form needs for one child, read through the access layer: the child, the latest
 * threshold assessment, the outcomes and receiving teams to choose from, and where the rating stands.
 */
export function loadProposalForm(access: RecordAccess, contactChildId: number) {
  return access.readContactChild(contactChildId, async (db) => {
    const [child, assessment, outcomes, teams, rating] = await Promise.all([
      db
        .selectFrom('contact_child')
        .leftJoin('person', 'person.id', 'contact_child.person_id')
        .where('contact_child.id', '=', contactChildId)
        .select([
          'contact_child.id',
          'contact_child.version',
          'contact_child.person_id',
          'contact_child.described_child',
          'person.given_name',
          'person.family_name',
        ])
        .executeTakeFirstOrThrow(),
      latestAssessment(db, contactChildId),
      activeOutcomes(db),
      receivingTeams(db),
      ratingState(db, contactChildId),
    ]);
    return { child, assessment, outcomes, teams, rating };
  });
}

export interface ProposedDecision {
  contactChildId: number;
  openedVersion: number;
  outcomes: string[];
  receivingTeamId?: number;
  transferTo?: string;
  rationale: string;
  childsViews: string;
  historyConsidered: string;
}

/**
 * A practitioner proposes the decision for one child: the outcomes, the threshold level from the
 * latest assessment, the rationale and how the child's views and the family's history were weighed,
 * with the due times it is measured against. A manager then authorises or returns it.
 */
export async function proposeDecision(access: RecordAccess, proposal: ProposedDecision, now: Date) {
  await access.assertContactChildVisible(proposal.contactChildId);
  return access.recordChange('decision:propose', 'decision.propose', async (trx) => {
    const child = await trx
      .selectFrom('contact_child')
      .where('id', '=', proposal.contactChildId)
      .select(['person_id', 'status', 'rag_due_at', 'decision_due_at', 'decision_extended_to'])
      .executeTakeFirstOrThrow();
    refuseWith(proposalRefusal({ personLinked: child.person_id !== null, status: child.status }));
    const assessment = await latestAssessment(trx, proposal.contactChildId);
    if (!assessment)
      throw new FormProblem('outcomes', 'Assess the threshold of need before proposing a decision');
    const rag = await requireConfirmedRating(trx, proposal.contactChildId, 'rating');
    const [offered, teams] = await Promise.all([activeOutcomes(trx), receivingTeams(trx)]);
    refuseWith(
      outcomesProblem(
        proposal,
        offered,
        teams.map((team) => team.id)
      )
    );
    const facts = await loadDecisionFacts(trx, {
      outcomes: proposal.outcomes,
      rag,
      indicatedLevel: assessment.indicated_level,
      chosenLevel: assessment.chosen_level,
    });
    const reasons = secondSignOffReasons(facts);
    refuseWith(proposalWordsProblem(proposal, reasons, facts));
    await claimVersion(trx, 'contact_child', proposal.contactChildId, proposal.openedVersion);
    const { id } = await trx
      .insertInto('decision')
      .values({
        contact_child_id: proposal.contactChildId,
        outcome: proposal.outcomes[0]!,
        outcomes: proposal.outcomes,
        threshold_document_id: assessment.threshold_document_id,
        indicated_level: assessment.indicated_level,
        chosen_level: assessment.chosen_level,
        rationale: proposal.rationale,
        childs_views: proposal.childsViews,
        history_considered: proposal.historyConsidered,
        receiving_team_id: proposal.receivingTeamId ?? null,
        transfer_to: proposal.transferTo ?? null,
        proposed_by: access.actor.userId,
        proposed_at: now,
        status: 'proposed',
        decision_due_at: child.decision_extended_to ?? child.decision_due_at,
        rag_due_at: child.rag_due_at,
        rag,
        second_authorisation_reasons: reasons,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const details = {
      decisionId: id,
      outcomes: proposal.outcomes,
      chosenLevel: assessment.chosen_level,
      rag,
      secondSignOff: reasons,
    };
    await moveCase(trx, proposal.contactChildId, 'propose_decision', {
      at: now,
      event: { step: 'decision_proposed', actorId: access.actor.userId, details },
    });
    return { recordType: 'contact_child', recordId: proposal.contactChildId, result: id, details };
  });
}

/** Refuses the save with a rule's problem, against its field. */
function refuseWith(problem: RuleProblem | null): void {
  if (problem) throw new FormProblem(problem.field, problem.message);
}

export interface ManagerVerdict {
  decisionId: number;
  openedVersion: number;
  verdict: 'authorise' | 'return';
  comment?: string;
  /** Where the handover goes, when the manager chooses another team than the one proposed. */
  receivingTeamId?: number;
}

/** A decision with what authorising it needs: its outcomes, who proposed and authorised it, the child. */
function decisionToAuthorise(trx: Db, decisionId: number) {
  return trx
    .selectFrom('decision')
    .innerJoin('contact_child', 'contact_child.id', 'decision.contact_child_id')
    .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
    .where('decision.id', '=', decisionId)
    .select([
      'decision.id',
      'decision.status',
      'decision.outcomes',
      'decision.receiving_team_id',
      'decision.proposed_by',
      'decision.authorised_by',
      'decision.rag',
      'decision.indicated_level',
      'decision.chosen_level',
      'decision.second_authorisation_reasons',
      'contact_child.id as contact_child_id',
      'contact_child.person_id',
      'contact.received_at',
      'contact.referral_source',
    ])
    .executeTakeFirstOrThrow();
}

/** The team the manager hands the child to: the proposed one unless they chose another receiving team. */
async function chosenHandoverTeam(
  trx: Db,
  proposedTeamId: number | null,
  verdict: ManagerVerdict
): Promise<number | null> {
  if (proposedTeamId === null || verdict.receivingTeamId === undefined) return proposedTeamId;
  const teams = await receivingTeams(trx);
  if (!teams.some((team) => team.id === verdict.receivingTeamId))
    throw new FormProblem('receivingTeam', 'Choose a receiving team from the list');
  return verdict.receivingTeamId;
}

/**
 * A manager authorises a proposed decision — the child is handed to the receiving team, or the
 * front door's work is done — or returns it with the reason, back to the practitioner.
 */
export async function decideAuthorisation(access: RecordAccess, verdict: ManagerVerdict, now: Date) {
  await access.assertVisibleVia('decision', verdict.decisionId);
  const action = verdict.verdict === 'authorise' ? 'decision.authorise' : 'decision.return';
  return access.recordChange('decision:authorise', action, async (trx, alsoAudit) => {
    const decision = await decisionToAuthorise(trx, verdict.decisionId);
    const refusal = authorisationRefusal(
      { status: decision.status, proposedBy: decision.proposed_by },
      access.actor.userId,
      verdict.verdict
    );
    if (refusal) throw new FormProblem('comment', refusal);
    const reasons = decision.second_authorisation_reasons as SecondSignOffReason[];
    if (verdict.verdict === 'authorise') {
      await requireConfirmedRating(trx, decision.contact_child_id, 'comment', decision.rag);
      const facts = await loadDecisionFacts(trx, {
        outcomes: decision.outcomes,
        rag: decision.rag,
        indicatedLevel: decision.indicated_level,
        chosenLevel: decision.chosen_level,
      });
      const problem = managerCommentProblem(verdict.comment, reasons, facts);
      if (problem) throw new FormProblem('comment', problem);
      decision.receiving_team_id = await chosenHandoverTeam(trx, decision.receiving_team_id, verdict);
    }
    await claimVersion(trx, 'contact_child', decision.contact_child_id, verdict.openedVersion);
    const needsSecond = verdict.verdict === 'authorise' && reasons.length > 0;
    await trx
      .updateTable('decision')
      .set({
        status:
          verdict.verdict === 'return'
            ? 'returned'
            : needsSecond
              ? 'awaiting_second_authorisation'
              : 'authorised',
        authorised_by: access.actor.userId,
        authorised_at: now,
        manager_comment: verdict.comment ?? null,
        receiving_team_id: decision.receiving_team_id,
      })
      .where('id', '=', decision.id)
      .execute();
    const step =
      verdict.verdict === 'return'
        ? 'decision_returned'
        : needsSecond
          ? 'decision_awaiting_second_authoriser'
          : 'decision_authorised';
    await recordJourneyEvent(trx, {
      contactChildId: decision.contact_child_id,
      step,
      at: now,
      actorId: access.actor.userId,
      details: { decisionId: decision.id },
    });
    if (verdict.verdict === 'return') {
      await moveCase(trx, decision.contact_child_id, 'return_decision', { at: now });
    } else if (!needsSecond) {
      await carryOut(trx, decision, { managerId: access.actor.userId, now, alsoAudit });
    }
    return {
      recordType: 'decision',
      recordId: decision.id,
      result: decision.contact_child_id,
      details: {
        contactChildId: decision.contact_child_id,
        outcomes: decision.outcomes,
        receivingTeamId: decision.receiving_team_id,
        ...(needsSecond ? { awaitingSecondSignOff: reasons } : {}),
      },
    };
  });
}

/**
 * The second sign-off on a decision that steps down from red or level 4, or chooses a level below the
 * descriptors: by someone in a role the council names, who neither proposed it nor authorised it
 * first. Only then is the child handed over or the front door's work done; or it is returned.
 */
export async function secondAuthorisation(
  access: RecordAccess,
  verdict: ManagerVerdict,
  now: Date,
  settings: CouncilSettings
) {
  await access.assertVisibleVia('decision', verdict.decisionId);
  const action = verdict.verdict === 'authorise' ? 'decision.second_authorise' : 'decision.return';
  return access.recordChange('decision:second_authorise', action, async (trx, alsoAudit) => {
    const decision = await decisionToAuthorise(trx, verdict.decisionId);
    if (decision.status !== 'awaiting_second_authorisation')
      throw new FormProblem('comment', 'This decision is not waiting for a second sign-off');
    const refusal = secondSignOffRefusal(
      {
        actorId: access.actor.userId,
        actorRole: access.actor.role,
        proposedBy: decision.proposed_by,
        firstAuthorisedBy: decision.authorised_by,
        allowedRoles: secondAuthoriserRoles(settings),
      },
      (role) => ROLE_LABELS[role]
    );
    if (refusal) throw new FormProblem('comment', refusal);
    if (verdict.verdict === 'authorise')
      await requireConfirmedRating(trx, decision.contact_child_id, 'comment', decision.rag);
    await claimVersion(trx, 'contact_child', decision.contact_child_id, verdict.openedVersion);
    await trx
      .updateTable('decision')
      .set({
        status: verdict.verdict === 'authorise' ? 'authorised' : 'returned',
        second_authorised_by: access.actor.userId,
        second_authorised_at: now,
        second_comment: verdict.comment ?? null,
      })
      .where('id', '=', decision.id)
      .execute();
    await recordJourneyEvent(trx, {
      contactChildId: decision.contact_child_id,
      step: verdict.verdict === 'authorise' ? 'decision_second_authorised' : 'decision_returned',
      at: now,
      actorId: access.actor.userId,
      details: { decisionId: decision.id, secondSignOff: true },
    });
    if (verdict.verdict === 'return')
      await moveCase(trx, decision.contact_child_id, 'return_decision', { at: now });
    else await carryOut(trx, decision, { managerId: access.actor.userId, now, alsoAudit });
    return {
      recordType: 'decision',
      recordId: decision.id,
      result: decision.contact_child_id,
      details: {
        contactChildId: decision.contact_child_id,
        outcomes: decision.outcomes,
        secondSignOff: true,
      },
    };
  });
}

async function carryOut(
  trx: Db,
  decision: {
    id: number;
    outcomes: string[];
    receiving_team_id: number | null;
    contact_child_id: number;
    person_id: number | null;
    received_at: Date;
    referral_source: string;
  },
  { managerId, now, alsoAudit }: { managerId: number; now: Date; alsoAudit: ChangeAudit }
): Promise<void> {
  // The front door's questions to partners end with its decision: a question about several children
  // ends with the decision on the last of them still undecided.
  await sql`
    update information_request ir set status = 'withdrawn'
    where ir.status = 'open'
      and exists (select 1 from information_request_person irp
        where irp.information_request_id = ir.id and irp.contact_child_id = ${decision.contact_child_id})
      and not exists (select 1 from information_request_person irp
        join contact_child cc on cc.id = irp.contact_child_id
        where irp.information_request_id = ir.id and cc.id <> ${decision.contact_child_id}
          and cc.status not in (${sql.join(DECIDED_STATUSES)}))
  `.execute(trx);
  // Every option, switched off or not: an outcome proposed before it was switched off still counts.
  const options = await trx
    .selectFrom('outcome_option')
    .select(['code', 'needs_team', 'is_referral'])
    .execute();
  const chosen = options.filter((option) => decision.outcomes.includes(option.code));
  if (chosen.some((option) => option.is_referral) && decision.person_id !== null) {
    await recordReferral(trx, { ...decision, person_id: decision.person_id });
  }
  if (chosen.some((option) => option.needs_team) && decision.receiving_team_id !== null) {
    await offerHandover(
      trx,
      {
        contactChildId: decision.contact_child_id,
        decisionId: decision.id,
        toTeamId: decision.receiving_team_id,
        offeredBy: managerId,
        at: now,
      },
      alsoAudit
    );
    return;
  }
  await moveCase(trx, decision.contact_child_id, 'complete_without_handover', {
    at: now,
    event: { step: 'completed', actorId: managerId },
  });
}

/**
 * A decision that opens social care work is a referral (CIN census): a re-referral when the child
 * had another referral in the 12 months before this one.
 */
async function recordReferral(
  trx: Db,
  decision: { contact_child_id: number; person_id: number; received_at: Date; referral_source: string }
): Promise<void> {
  const referralDate = londonDateOf(decision.received_at);
  const earlier = await trx
    .selectFrom('referral')
    .where('person_id', '=', decision.person_id)
    .where('referral_date', '<', referralDate)
    .where(sql<boolean>`referral_date >= ${referralDate}::date - interval '12 months'`)
    .select('id')
    .executeTakeFirst();
  await trx
    .insertInto('referral')
    .values({
      contact_child_id: decision.contact_child_id,
      person_id: decision.person_id,
      referral_date: referralDate,
      referral_source: decision.referral_source,
      is_rereferral: earlier !== undefined,
    })
    .onConflict((conflict) => conflict.column('contact_child_id').doNothing())
    .execute();
}

/** A manager extends the decision timescale; the reason is kept and the original due time still counts. */
export async function extendDecisionTimescale(
  access: RecordAccess,
  extension: { contactChildId: number; openedVersion: number; until: Date; reason: string },
  now: Date
) {
  await access.assertContactChildVisible(extension.contactChildId);
  return access.recordChange('decision:authorise', 'decision.extend', async (trx) => {
    const child = await trx
      .selectFrom('contact_child')
      .where('id', '=', extension.contactChildId)
      .select(['decision_due_at', 'decision_extended_to', 'status'])
      .executeTakeFirstOrThrow();
    const currentDue = child.decision_extended_to ?? child.decision_due_at;
    const problem = extensionProblem({ status: child.status, currentDue, until: extension.until, now });
    if (problem) throw new FormProblem('until', problem);
    await claimVersion(trx, 'contact_child', extension.contactChildId, extension.openedVersion);
    await trx
      .updateTable('contact_child')
      .set({ decision_extended_to: extension.until, decision_extension_reason: extension.reason })
      .where('id', '=', extension.contactChildId)
      .execute();
    const details = { from: currentDue.toISOString(), to: extension.until.toISOString() };
    await recordJourneyEvent(trx, {
      contactChildId: extension.contactChildId,
      step: 'decision_extended',
      at: now,
      actorId: access.actor.userId,
      details,
    });
    return { recordType: 'contact_child', recordId: extension.contactChildId, result: null, details };
  });
}

/** Highest risk first (red, amber, green, not rated), then the oldest contact. */
/** The oversight lists show at most this many rows each, highest risk and oldest first. */
export const OVERSIGHT_LIST_LIMIT = 200;

const RISK_ORDER = sql`case contact_child.rag when 'red' then 0 when 'amber' then 1 when 'green' then 2 else 3 end`;

/**
 * Work a manager must see: decisions waiting for authorisation or for their second sign-off, and open
 * children past their decision or RAG due time — highest risk first, then oldest, through the access
 * layer.
 */
export async function managerOversight(access: RecordAccess, now: Date, settings: CountdownSettings) {
  const rows = await access.listContacts({ oversight: true }, (db, visible) =>
    db
      .selectFrom('contact_child')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .leftJoin('decision', (join) =>
        join
          .onRef('decision.contact_child_id', '=', 'contact_child.id')
          .on('decision.status', 'in', ['proposed', 'awaiting_second_authorisation'])
      )
      .leftJoin('staff_user as proposer', 'proposer.id', 'decision.proposed_by')
      .leftJoin('staff_user as first_manager', 'first_manager.id', 'decision.authorised_by')
      .where('contact_child.status', 'not in', DECIDED_STATUSES)
      .where(visible)
      .where((eb) =>
        eb.or([
          eb('decision.id', 'is not', null),
          eb(sql`coalesce(contact_child.decision_extended_to, contact_child.decision_due_at)`, '<', now),
          eb('contact_child.rag_due_at', '<', now),
        ])
      )
      .select([
        'contact_child.id',
        'contact_child.status',
        'contact_child.rag',
        'contact_child.rag_due_at',
        'contact_child.decision_due_at',
        'contact_child.decision_extended_to',
        'contact_child.described_child',
        'contact.reference',
        'contact.received_at',
        'person.given_name',
        'person.family_name',
        'decision.id as decision_id',
        'decision.status as decision_status',
        'decision.outcome',
        'decision.proposed_at',
        'decision.second_authorisation_reasons',
        'proposer.display_name as proposed_by',
        'first_manager.display_name as first_authorised_by',
      ])
      // Decisions waiting for a manager first, so overdue work can never crowd one out of the list.
      .orderBy(sql`decision.id is null`)
      .orderBy(RISK_ORDER)
      .orderBy('contact.received_at')
      .limit(OVERSIGHT_LIST_LIMIT)
      .execute()
  );
  return rows.map((row) => ({
    ...row,
    childName: childNameOf(row),
    awaitingSecondSignOff: row.decision_status === 'awaiting_second_authorisation',
    waitingFor:
      row.decision_status === 'awaiting_second_authorisation'
        ? 'Second sign-off'
        : row.decision_status === 'proposed'
          ? 'Manager authorisation'
          : null,
    // The earlier of the RAG and decision times, on the RAG's own clock (red runs day and night).
    countdown: earliestDueCountdown(row, now, settings),
    timeliness: decisionTimeliness(
      { decisionDueAt: row.decision_due_at, extendedTo: row.decision_extended_to, ragDueAt: row.rag_due_at },
      now
    ),
  }));
}

/**
 * Lower ratings for red contacts waiting for a manager: the child stays red, with the red due time,
 * until a manager confirms or refuses. Oldest contact first (they are all red).
 */
/**
 * How much is waiting in each oversight category, counted in full (numbers only, no record read), so a
 * heading's count is true however long the list behind it.
 */
export async function oversightCounts(db: Db, actor: Actor, now: Date) {
  const row = await db
    .selectFrom('contact_child')
    .leftJoin('decision', (join) =>
      join
        .onRef('decision.contact_child_id', '=', 'contact_child.id')
        .on('decision.status', 'in', ['proposed', 'awaiting_second_authorisation'])
    )
    .where('contact_child.status', 'not in', DECIDED_STATUSES)
    .where(contactIdVisibleTo(actor, 'contact_child.contact_id'))
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('decision.status', '=', 'proposed').as('awaiting'),
      eb.fn
        .countAll<string>()
        .filterWhere('decision.status', '=', 'awaiting_second_authorisation')
        .as('secondSignOff'),
      eb.fn
        .countAll<string>()
        .filterWhere((inner) =>
          inner.and([
            inner('decision.id', 'is', null),
            inner.or([
              inner(
                sql`coalesce(contact_child.decision_extended_to, contact_child.decision_due_at)`,
                '<',
                now
              ),
              inner('contact_child.rag_due_at', '<', now),
            ]),
          ])
        )
        .as('overdue'),
      eb.fn
        .countAll<string>()
        .filterWhere(({ exists, selectFrom }) =>
          exists(
            selectFrom('rag_rating')
              .whereRef('rag_rating.contact_child_id', '=', 'contact_child.id')
              .where('rag_rating.review_status', '=', 'pending')
              .select(sql`1`.as('one'))
          )
        )
        .as('downgrades'),
    ])
    .executeTakeFirstOrThrow();
  return {
    awaiting: Number(row.awaiting),
    secondSignOff: Number(row.secondSignOff),
    overdue: Number(row.overdue),
    downgrades: Number(row.downgrades),
  };
}

export async function pendingDowngrades(access: RecordAccess, now: Date, settings: CouncilSettings) {
  const rows = await access.listContacts({ oversight: 'pending_downgrades' }, (db, visible) =>
    db
      .selectFrom('rag_rating')
      .innerJoin('contact_child', 'contact_child.id', 'rag_rating.contact_child_id')
      .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
      .leftJoin('person', 'person.id', 'contact_child.person_id')
      .leftJoin('staff_user as rater', 'rater.id', 'rag_rating.rated_by')
      .where('rag_rating.review_status', '=', 'pending')
      .where('contact_child.status', 'not in', DECIDED_STATUSES)
      .where(visible)
      .select([
        'contact_child.id',
        'contact_child.rag',
        'contact_child.rag_due_at',
        'contact_child.decision_due_at',
        'contact_child.decision_extended_to',
        'contact_child.described_child',
        'contact.reference',
        'contact.received_at',
        'person.given_name',
        'person.family_name',
        'rag_rating.rag as asked_rag',
        'rag_rating.rated_at as asked_at',
        'rater.display_name as asked_by',
      ])
      .orderBy(RISK_ORDER)
      .orderBy('contact.received_at')
      .limit(OVERSIGHT_LIST_LIMIT)
      .execute()
  );
  return rows.map((row) => ({
    ...row,
    childName: childNameOf(row),
    // Red until a manager confirms: the countdown runs on the red clock.
    countdown: ragCountdown(row, now, settings) ?? decisionCountdown(row, now, settings),
  }));
}
