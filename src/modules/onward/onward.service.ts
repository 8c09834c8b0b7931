import type { UpdateResult } from 'kysely';
import type { RecordAccess } from '../../platform/access/record-access.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import type { AuditAction } from '../../platform/audit/audit-events.ts';
import type { Db } from '../../platform/db/database.ts';
import { claimVersion, EditConflictError } from '../../platform/db/versioned-update.ts';
import { FormProblem } from '../../platform/http/forms.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import { recordJourneyEvent, type JourneyStep } from '../journey/journey-events.ts';
import type {
  AssessmentAnswers,
  CharacteristicsAnswers,
  ClosureAnswers,
  ConferenceAnswers,
  EarlyHelpAnswers,
  EnquiryAnswers,
  EpisodeAnswers,
  PlanAnswers,
  ProtectionPlanAnswers,
} from './onward-forms.ts';
import { closureProblem } from './onward-rules.ts';

/*
 * The receiving team's onward record of a child: each change checks the child is visible to the actor,
 * runs in one transaction with its audit row, and adds a step to the journey of the front door's contact
 * the episode came from.
 */

/** Everything the child's onward page shows, read as one audited read of the child's record. */
export function readOnwardRecord(access: RecordAccess, personId: number) {
  return access.readPerson(personId, (db) => loadOnwardRecord(db, personId), 'onward.view');
}

export type OnwardRecord = Awaited<ReturnType<typeof loadOnwardRecord>>;
export type OnwardEpisode = OnwardRecord['episodes'][number];

async function loadOnwardRecord(db: Db, personId: number) {
  const person = await db
    .selectFrom('person')
    .leftJoin('staff_user', 'staff_user.id', 'person.characteristics_recorded_by')
    .where('person.id', '=', personId)
    .select([
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.sex',
      'person.ethnicity',
      'person.date_of_birth',
      'person.expected_date_of_birth',
      'person.date_of_death',
      'person.disabilities',
      'person.upn',
      'person.former_upn',
      'person.upn_unknown_reason',
      'person.characteristics_recorded_at',
      'person.characteristics_version',
      'staff_user.display_name as characteristics_recorded_by_name',
    ])
    .executeTakeFirstOrThrow();
  const episodes = await db
    .selectFrom('cin_episode')
    .innerJoin('staff_user', 'staff_user.id', 'cin_episode.recorded_by')
    .where('cin_episode.person_id', '=', personId)
    .selectAll('cin_episode')
    .select('staff_user.display_name as recorded_by_name')
    .orderBy('cin_episode.referral_date', 'desc')
    .orderBy('cin_episode.id', 'desc')
    .execute();
  const ids = episodes.length > 0 ? episodes.map((episode) => episode.id) : [0];
  const contactChildIds = episodes.flatMap((episode) => episode.contact_child_id ?? []);
  const [assessments, cinPlans, protectionPlans, enquiries, conferences, discussions, earlyHelp] =
    await Promise.all([
      db
        .selectFrom('cin_assessment')
        .where('episode_id', 'in', ids)
        .selectAll()
        .orderBy('started_on')
        .execute(),
      db.selectFrom('cin_plan').where('episode_id', 'in', ids).selectAll().orderBy('started_on').execute(),
      db
        .selectFrom('child_protection_plan')
        .where('episode_id', 'in', ids)
        .selectAll()
        .orderBy('started_on')
        .execute(),
      db
        .selectFrom('section_47_enquiry')
        .where('episode_id', 'in', ids)
        .selectAll()
        .orderBy('started_on')
        .execute(),
      db
        .selectFrom('child_protection_conference')
        .where('episode_id', 'in', ids)
        .selectAll()
        .orderBy('held_on')
        .execute(),
      // The strategy discussions that started a section 47 enquiry, which an enquiry may be linked to.
      db
        .selectFrom('strategy_discussion')
        .where('contact_child_id', 'in', contactChildIds.length > 0 ? contactChildIds : [0])
        .where('outcome', 'in', ['single_agency_s47', 'joint_s47'])
        .select(['id', 'contact_child_id', 'convened_at', 'outcome'])
        .orderBy('convened_at')
        .execute(),
      db
        .selectFrom('early_help_record')
        .where('person_id', '=', personId)
        .selectAll()
        .orderBy('started_on', 'desc')
        .execute(),
    ]);
  const unopenedReferrals = await db
    .selectFrom('referral')
    .where('referral.person_id', '=', personId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('cin_episode').whereRef('cin_episode.referral_id', '=', 'referral.id').select('id')
        )
      )
    )
    .select(['referral.id', 'referral.referral_date', 'referral.referral_source'])
    .orderBy('referral.referral_date', 'desc')
    .execute();
  return {
    person,
    unopenedReferrals,
    earlyHelp,
    episodes: episodes.map((episode) => ({
      ...episode,
      assessments: assessments.filter((row) => row.episode_id === episode.id),
      cinPlans: cinPlans.filter((row) => row.episode_id === episode.id),
      protectionPlans: protectionPlans.filter((row) => row.episode_id === episode.id),
      enquiries: enquiries.filter((row) => row.episode_id === episode.id),
      conferences: conferences.filter((row) => row.episode_id === episode.id),
      strategyDiscussions: discussions.filter((row) => row.contact_child_id === episode.contact_child_id),
    })),
  };
}

interface EpisodeRow {
  id: number;
  contact_child_id: number | null;
  referral_date: string;
  closure_date: string | null;
}

/** The child's episode, refused as "not found" when it is not theirs. */
async function episodeOf(trx: Db, personId: number, episodeId: number): Promise<EpisodeRow> {
  const episode = await trx
    .selectFrom('cin_episode')
    .where('id', '=', episodeId)
    .where('person_id', '=', personId)
    .select(['id', 'contact_child_id', 'referral_date', 'closure_date'])
    .forUpdate()
    .executeTakeFirst();
  if (!episode) throw new RecordNotFoundError('Episode');
  return episode;
}

/** A new step is not added to a closed episode: the census counts nothing after its closure. */
function assertOpen(episode: EpisodeRow, field: string): void {
  if (episode.closure_date)
    throw new FormProblem(
      field,
      `The episode closed on ${formatUk(episode.closure_date, UK_FORMATS.date)}. Record this in a new episode`
    );
}

/** An update of one record by id and owner, refused as "not found" when the owner is not its own. */
function updatedOne(result: UpdateResult): void {
  if (result.numUpdatedRows === 0n) throw new RecordNotFoundError('Record');
}

/** The records of an episode that a form adds, or edits at the version it was opened with. */
type EpisodeStepTable = 'cin_assessment' | 'cin_plan' | 'child_protection_plan' | 'section_47_enquiry';

/**
 * Adds a step to an open episode, or saves changes to one of its steps (claiming the version the form
 * was opened with): answers the step's id. One place for the insert-or-update every step form shares.
 */
async function saveEpisodeStep(
  trx: Db,
  table: EpisodeStepTable,
  step: {
    id: number | null;
    episode: EpisodeRow;
    version: number | null;
    fields: Record<string, unknown>;
    actorId: number;
    now: Date;
  }
): Promise<number> {
  // The four tables share these columns; Kysely cannot type a write to "one of" them, hence the casts.
  const one = table as 'cin_plan';
  if (step.id === null) {
    assertOpen(step.episode, 'startedOn');
    const { id } = await trx
      .insertInto(one)
      .values({
        ...(step.fields as { started_on: string }),
        episode_id: step.episode.id,
        recorded_by: step.actorId,
        recorded_at: step.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }
  await claimVersion(trx, table, step.id, step.version ?? 0);
  updatedOne(
    await trx
      .updateTable(one)
      .set({ ...step.fields, updated_by: step.actorId, updated_at: step.now })
      .where('id', '=', step.id)
      .where('episode_id', '=', step.episode.id)
      .executeTakeFirst()
  );
  return step.id;
}

/**
 * One change to a child's onward record: the child must be visible to the actor; the change, its
 * audit row and the journey step (when the episode came from a front-door contact) commit together.
 */
async function recordOnward<T extends { id: number }>(
  access: RecordAccess,
  personId: number,
  change: { action: AuditAction; recordType: string; step?: JourneyStep },
  work: (
    trx: Db,
    actorId: number
  ) => Promise<T & { contactChildId: number | null; details: Record<string, string | number> }>,
  now: Date
): Promise<T> {
  await access.assertPersonVisible(personId);
  return access.recordChange('onward:record', change.action, async (trx) => {
    const actorId = access.actor.userId;
    const result = await work(trx, actorId);
    if (change.step && result.contactChildId !== null)
      await recordJourneyEvent(trx, {
        contactChildId: result.contactChildId,
        step: change.step,
        at: now,
        actorId,
        details: result.details,
      });
    return {
      recordType: change.recordType,
      recordId: result.id,
      result,
      details: { personId, ...result.details },
    };
  });
}

/** Opens the child in need episode for one of the child's referrals from the front door. */
export function openEpisode(access: RecordAccess, personId: number, answers: EpisodeAnswers, now: Date) {
  const change = {
    action: 'onward.episode_open',
    recordType: 'cin_episode',
    step: 'episode_opened',
  } as const;
  return recordOnward(
    access,
    personId,
    change,
    async (trx, actorId) => {
      const referral = await trx
        .selectFrom('referral')
        .where('id', '=', answers.referralId)
        .where('person_id', '=', personId)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('cin_episode')
                .whereRef('cin_episode.referral_id', '=', 'referral.id')
                .select('id')
            )
          )
        )
        .select(['id', 'contact_child_id', 'referral_date', 'referral_source'])
        .executeTakeFirst();
      if (!referral)
        throw new FormProblem('referral', 'Select a referral of this child that has no episode yet');
      const { id } = await trx
        .insertInto('cin_episode')
        .values({
          person_id: personId,
          referral_id: referral.id,
          contact_child_id: referral.contact_child_id,
          referral_date: referral.referral_date,
          referral_source: referral.referral_source,
          primary_need_code: answers.primaryNeedCode,
          recorded_by: actorId,
          recorded_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        id,
        contactChildId: referral.contact_child_id,
        details: { episodeId: id, referralId: referral.id, primaryNeedCode: answers.primaryNeedCode },
      };
    },
    now
  );
}

/** Records a new assessment in the episode, or saves changes to one (e.g. its authorisation). */
export function recordAssessment(
  access: RecordAccess,
  target: { personId: number; episodeId: number; assessmentId: number | null },
  answers: AssessmentAnswers,
  now: Date
) {
  const change = {
    action: 'onward.assessment',
    recordType: 'cin_assessment',
    step: 'assessment_recorded',
  } as const;
  return recordOnward(
    access,
    target.personId,
    change,
    async (trx, actorId) => {
      const episode = await episodeOf(trx, target.personId, target.episodeId);
      const fields = {
        started_on: answers.startedOn,
        child_seen_on: answers.childSeenOn,
        authorised_on: answers.authorisedOn,
        factors: answers.factors,
        outcome: answers.outcome,
      };
      if (target.assessmentId === null) {
        const open = await trx
          .selectFrom('cin_assessment')
          .where('episode_id', '=', episode.id)
          .where('authorised_on', 'is', null)
          .select('id')
          .executeTakeFirst();
        if (open) throw new FormProblem('startedOn', 'Authorise the open assessment before starting another'); // 8896
      }
      const id = await saveEpisodeStep(trx, 'cin_assessment', {
        id: target.assessmentId,
        episode,
        version: answers.version,
        fields,
        actorId,
        now,
      });
      return {
        id,
        contactChildId: episode.contact_child_id,
        details: {
          episodeId: episode.id,
          assessmentId: id,
          authorised: answers.authorisedOn === null ? 0 : 1,
          factors: answers.factors.join(' '),
        },
      };
    },
    now
  );
}

/** Records a child in need plan (start, and end when it ends), or saves changes to one. */
export function recordCinPlan(
  access: RecordAccess,
  target: { personId: number; episodeId: number; planId: number | null },
  answers: PlanAnswers,
  now: Date
) {
  const change = { action: 'onward.cin_plan', recordType: 'cin_plan', step: 'cin_plan_recorded' } as const;
  return recordOnward(
    access,
    target.personId,
    change,
    async (trx, actorId) => {
      const episode = await episodeOf(trx, target.personId, target.episodeId);
      const fields = { started_on: answers.startedOn, ended_on: answers.endedOn };
      await refuseOverlap(trx, episode, { table: 'cin_plan', id: target.planId, ...answers });
      const id = await saveEpisodeStep(trx, 'cin_plan', {
        id: target.planId,
        episode,
        version: answers.version,
        fields,
        actorId,
        now,
      });
      return {
        id,
        contactChildId: episode.contact_child_id,
        details: { episodeId: episode.id, cinPlanId: id, ended: answers.endedOn === null ? 0 : 1 },
      };
    },
    now
  );
}

/** Records a child protection plan, or saves changes to one (its latest category, its end). */
export function recordProtectionPlan(
  access: RecordAccess,
  target: { personId: number; episodeId: number; planId: number | null },
  answers: ProtectionPlanAnswers,
  now: Date
) {
  const change = {
    action: 'onward.cp_plan',
    recordType: 'child_protection_plan',
    step: 'cp_plan_recorded',
  } as const;
  return recordOnward(
    access,
    target.personId,
    change,
    async (trx, actorId) => {
      const episode = await episodeOf(trx, target.personId, target.episodeId);
      const fields = {
        started_on: answers.startedOn,
        ended_on: answers.endedOn,
        initial_category: answers.initialCategory,
        latest_category: answers.latestCategory,
      };
      await refuseOverlap(trx, episode, { table: 'child_protection_plan', id: target.planId, ...answers });
      const id = await saveEpisodeStep(trx, 'child_protection_plan', {
        id: target.planId,
        episode,
        version: answers.version,
        fields,
        actorId,
        now,
      });
      return {
        id,
        contactChildId: episode.contact_child_id,
        details: {
          episodeId: episode.id,
          protectionPlanId: id,
          initialCategory: answers.initialCategory,
          latestCategory: answers.latestCategory,
          ended: answers.endedOn === null ? 0 : 1,
        },
      };
    },
    now
  );
}

/**
 * Records a section 47 enquiry, or saves changes to one (the conference target, completion, outcome).
 * The strategy discussion it came from must be one of the episode's contact's that started a section
 * 47 enquiry, and not already linked to another enquiry.
 */
export function recordEnquiry(
  access: RecordAccess,
  target: { personId: number; episodeId: number; enquiryId: number | null },
  answers: EnquiryAnswers,
  now: Date
) {
  const change = {
    action: 'onward.section_47',
    recordType: 'section_47_enquiry',
    step: 'section_47_recorded',
  } as const;
  return recordOnward(
    access,
    target.personId,
    change,
    async (trx, actorId) => {
      const episode = await episodeOf(trx, target.personId, target.episodeId);
      if (answers.strategyDiscussionId !== null)
        await assertDiscussionFree(trx, episode, answers.strategyDiscussionId, target.enquiryId);
      const fields = {
        strategy_discussion_id: answers.strategyDiscussionId,
        started_on: answers.startedOn,
        icpc_target_on: answers.icpcTargetOn,
        icpc_not_required: answers.icpcNotRequired,
        completed_on: answers.completedOn,
        outcome: answers.outcome,
      };
      if (target.enquiryId !== null) {
        const held = await initialConferenceOf(trx, target.enquiryId);
        if (held && answers.icpcNotRequired)
          throw new FormProblem(
            'icpcNotRequired',
            `An initial conference was held on ${formatUk(held.held_on, UK_FORMATS.date)}: it cannot be ‘not required’`
          );
      }
      const id = await saveEpisodeStep(trx, 'section_47_enquiry', {
        id: target.enquiryId,
        episode,
        version: answers.version,
        fields,
        actorId,
        now,
      });
      return {
        id,
        contactChildId: episode.contact_child_id,
        details: {
          episodeId: episode.id,
          section47EnquiryId: id,
          strategyDiscussionId: answers.strategyDiscussionId ?? 0,
          completed: answers.completedOn === null ? 0 : 1,
          outcome: answers.outcome ?? '',
        },
      };
    },
    now
  );
}

async function assertDiscussionFree(
  trx: Db,
  episode: EpisodeRow,
  discussionId: number,
  enquiryId: number | null
): Promise<void> {
  const discussion = await trx
    .selectFrom('strategy_discussion')
    .leftJoin('section_47_enquiry', 'section_47_enquiry.strategy_discussion_id', 'strategy_discussion.id')
    .where('strategy_discussion.id', '=', discussionId)
    .where('strategy_discussion.contact_child_id', '=', episode.contact_child_id ?? 0)
    .where('strategy_discussion.outcome', 'in', ['single_agency_s47', 'joint_s47'])
    .select('section_47_enquiry.id as enquiry_id')
    .executeTakeFirst();
  if (!discussion)
    throw new FormProblem('strategyDiscussion', 'Select a strategy discussion from the list, or ‘None’');
  if (discussion.enquiry_id !== null && discussion.enquiry_id !== enquiryId)
    throw new FormProblem(
      'strategyDiscussion',
      'That strategy discussion’s section 47 enquiry is already recorded. Change that enquiry instead'
    );
}

function initialConferenceOf(trx: Db, enquiryId: number) {
  return trx
    .selectFrom('child_protection_conference')
    .where('section_47_enquiry_id', '=', enquiryId)
    .where('kind', '=', 'initial')
    .select(['id', 'held_on'])
    .executeTakeFirst();
}

/**
 * Records a child protection conference. An initial conference follows its enquiry (not one marked
 * "no conference needed", and one conference per enquiry); a review conference is held while the
 * plan it reviews is open.
 */
export function recordConference(
  access: RecordAccess,
  target: { personId: number; episodeId: number },
  answers: ConferenceAnswers,
  now: Date
) {
  const change = {
    action: 'onward.conference',
    recordType: 'child_protection_conference',
    step: 'conference_recorded',
  } as const;
  return recordOnward(
    access,
    target.personId,
    change,
    async (trx, actorId) => {
      const episode = await episodeOf(trx, target.personId, target.episodeId);
      assertOpen(episode, 'heldOn');
      const links =
        answers.kind === 'initial'
          ? await initialConferenceLinks(trx, episode, answers)
          : await reviewConferenceLinks(trx, episode, answers);
      const { id } = await trx
        .insertInto('child_protection_conference')
        .values({
          episode_id: episode.id,
          kind: answers.kind,
          held_on: answers.heldOn,
          ...links,
          recorded_by: actorId,
          recorded_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        id,
        contactChildId: episode.contact_child_id,
        details: {
          episodeId: episode.id,
          conferenceId: id,
          kind: answers.kind,
          section47EnquiryId: links.section_47_enquiry_id ?? 0,
          protectionPlanId: links.child_protection_plan_id ?? 0,
          resultedInPlan: links.resulted_in_plan ? 1 : 0,
        },
      };
    },
    now
  );
}

async function initialConferenceLinks(
  trx: Db,
  episode: EpisodeRow,
  answers: Extract<ConferenceAnswers, { kind: 'initial' }>
) {
  const links = {
    section_47_enquiry_id: answers.section47EnquiryId,
    child_protection_plan_id: null,
    resulted_in_plan: answers.resultedInPlan,
  };
  if (answers.section47EnquiryId === null) return links;
  const enquiry = await trx
    .selectFrom('section_47_enquiry')
    .where('id', '=', answers.section47EnquiryId)
    .where('episode_id', '=', episode.id)
    .select(['id', 'started_on', 'icpc_not_required'])
    .executeTakeFirst();
  if (!enquiry) throw new FormProblem('enquiry', 'Select a section 47 enquiry from the list, or ‘None’');
  if (enquiry.icpc_not_required)
    throw new FormProblem('enquiry', 'That enquiry is recorded as needing no initial conference');
  if (answers.heldOn < enquiry.started_on)
    throw new FormProblem('heldOn', 'The conference must be on or after the date the enquiry started');
  const held = await initialConferenceOf(trx, enquiry.id);
  if (held)
    throw new FormProblem(
      'enquiry',
      `The initial conference for that enquiry is already recorded, on ${formatUk(held.held_on, UK_FORMATS.date)}`
    );
  return links;
}

async function reviewConferenceLinks(
  trx: Db,
  episode: EpisodeRow,
  answers: Extract<ConferenceAnswers, { kind: 'review' }>
) {
  const plan = await trx
    .selectFrom('child_protection_plan')
    .where('id', '=', answers.protectionPlanId)
    .where('episode_id', '=', episode.id)
    .select(['id', 'started_on', 'ended_on'])
    .executeTakeFirst();
  if (!plan) throw new FormProblem('plan', 'Select the plan the conference reviewed');
  if (answers.heldOn <= plan.started_on)
    throw new FormProblem('heldOn', 'A review conference must be after the day the plan started');
  if (plan.ended_on && answers.heldOn > plan.ended_on)
    throw new FormProblem(
      'heldOn',
      `The plan ended on ${formatUk(plan.ended_on, UK_FORMATS.date)}: a review conference must be before then`
    );
  return { section_47_enquiry_id: null, child_protection_plan_id: plan.id, resulted_in_plan: null };
}

/**
 * Records an early help assessment or episode, or saves changes to one. Early help is the child's, not
 * an episode's, so it adds no step to a front-door contact's journey.
 */
export function recordEarlyHelp(
  access: RecordAccess,
  target: { personId: number; recordId: number | null },
  answers: EarlyHelpAnswers,
  now: Date
) {
  const change = { action: 'onward.early_help', recordType: 'early_help_record' } as const;
  return recordOnward(
    access,
    target.personId,
    change,
    async (trx, actorId) => {
      const fields = {
        kind: answers.kind,
        started_on: answers.startedOn,
        completed_on: answers.completedOn,
        organisation: answers.organisation,
      };
      let id = target.recordId;
      if (id === null) {
        ({ id } = await trx
          .insertInto('early_help_record')
          .values({ person_id: target.personId, ...fields, recorded_by: actorId, recorded_at: now })
          .returning('id')
          .executeTakeFirstOrThrow());
      } else {
        await claimVersion(trx, 'early_help_record', id, answers.version ?? 0);
        updatedOne(
          await trx
            .updateTable('early_help_record')
            .set({ ...fields, updated_by: actorId, updated_at: now })
            .where('id', '=', id)
            .where('person_id', '=', target.personId)
            .executeTakeFirst()
        );
      }
      return {
        id,
        contactChildId: null,
        details: { earlyHelpId: id, kind: answers.kind, completed: answers.completedOn === null ? 0 : 1 },
      };
    },
    now
  );
}

/**
 * A child's plans of one kind never overlap, and only one is open (census rules 4004, 4014, 8935,
 * 8940): checked across all the child's episodes.
 */
async function refuseOverlap(
  trx: Db,
  episode: EpisodeRow,
  plan: {
    table: 'cin_plan' | 'child_protection_plan';
    id: number | null;
    startedOn: string;
    endedOn: string | null;
  }
): Promise<void> {
  const others = await trx
    .selectFrom(`${plan.table} as plan` as 'cin_plan as plan')
    .innerJoin('cin_episode', 'cin_episode.id', 'plan.episode_id')
    .where('cin_episode.person_id', '=', (eb) =>
      eb.selectFrom('cin_episode as mine').where('mine.id', '=', episode.id).select('mine.person_id')
    )
    .where('plan.id', '!=', plan.id ?? 0)
    .select(['plan.started_on', 'plan.ended_on'])
    .execute();
  const end = plan.endedOn ?? '9999-12-31';
  const clash = others.find(
    (other) => other.started_on < end && (other.ended_on ?? '9999-12-31') > plan.startedOn
  );
  if (!clash) return;
  const what = plan.table === 'cin_plan' ? 'child in need plan' : 'child protection plan';
  throw new FormProblem(
    'startedOn',
    clash.ended_on
      ? `The child had another ${what} from ${formatUk(clash.started_on, UK_FORMATS.date)} to ${formatUk(clash.ended_on, UK_FORMATS.date)}: plans cannot overlap`
      : `The child already has an open ${what} from ${formatUk(clash.started_on, UK_FORMATS.date)}: end it first`
  );
}

/** Closes the episode with its census reason, once everything in it allows (closureProblem). */
export function closeEpisode(
  access: RecordAccess,
  target: { personId: number; episodeId: number },
  answers: ClosureAnswers,
  now: Date
) {
  const change = {
    action: 'onward.episode_close',
    recordType: 'cin_episode',
    step: 'episode_closed',
  } as const;
  return recordOnward(
    access,
    target.personId,
    change,
    async (trx, actorId) => {
      const episode = await episodeOf(trx, target.personId, target.episodeId);
      const problem = closureProblem(
        await episodeActivity(trx, episode),
        answers.closureDate,
        answers.reason
      );
      if (problem) throw new FormProblem(problem.field, problem.message);
      await claimVersion(trx, 'cin_episode', episode.id, answers.version);
      await trx
        .updateTable('cin_episode')
        .set({
          closure_date: answers.closureDate,
          closure_reason: answers.reason,
          updated_by: actorId,
          updated_at: now,
        })
        .where('id', '=', episode.id)
        .execute();
      return {
        id: episode.id,
        contactChildId: episode.contact_child_id,
        details: { episodeId: episode.id, reason: answers.reason },
      };
    },
    now
  );
}

async function episodeActivity(trx: Db, episode: EpisodeRow) {
  const [assessments, cinPlans, protectionPlans, enquiries, conferences, person] = await Promise.all([
    trx.selectFrom('cin_assessment').where('episode_id', '=', episode.id).selectAll().execute(),
    trx.selectFrom('cin_plan').where('episode_id', '=', episode.id).selectAll().execute(),
    trx.selectFrom('child_protection_plan').where('episode_id', '=', episode.id).selectAll().execute(),
    trx.selectFrom('section_47_enquiry').where('episode_id', '=', episode.id).selectAll().execute(),
    trx.selectFrom('child_protection_conference').where('episode_id', '=', episode.id).selectAll().execute(),
    trx
      .selectFrom('person')
      .innerJoin('cin_episode', 'cin_episode.person_id', 'person.id')
      .where('cin_episode.id', '=', episode.id)
      .select('person.date_of_death')
      .executeTakeFirstOrThrow(),
  ]);
  const decided = new Set(conferences.map((conference) => conference.section_47_enquiry_id));
  const dates = [
    ...assessments.flatMap((row) => [row.started_on, row.authorised_on]),
    ...cinPlans.flatMap((row) => [row.started_on, row.ended_on]),
    ...protectionPlans.flatMap((row) => [row.started_on, row.ended_on]),
    ...enquiries.map((row) => row.started_on),
    ...conferences.map((row) => row.held_on),
  ];
  return {
    referralDate: episode.referral_date,
    activityDates: dates.filter((date): date is string => date !== null),
    assessments: assessments.length,
    unauthorisedAssessments: assessments.filter((row) => row.authorised_on === null).length,
    undecidedEnquiries: enquiries.filter((row) => !row.icpc_not_required && !decided.has(row.id)).length,
    planEnquiryOrConference:
      cinPlans.length + protectionPlans.length + enquiries.length + conferences.length > 0,
    openPlans: [...cinPlans, ...protectionPlans].filter((row) => row.ended_on === null).length,
    dateOfDeath: person.date_of_death,
  };
}

/** Saves the child's characteristics the returns need, at the version the form opened. */
export function recordCharacteristics(
  access: RecordAccess,
  personId: number,
  answers: CharacteristicsAnswers,
  now: Date
) {
  const change = { action: 'onward.characteristics', recordType: 'person' } as const;
  return recordOnward(
    access,
    personId,
    change,
    async (trx, actorId) => {
      // The person's characteristics carry their own version, so claimVersion (id and version) does not fit.
      const { numUpdatedRows } = await trx
        .updateTable('person')
        .set((eb) => ({
          sex: answers.sex,
          ethnicity: answers.ethnicity,
          disabilities: answers.disabilities,
          upn: answers.upn,
          upn_unknown_reason: answers.upnUnknownReason,
          former_upn: answers.formerUpn,
          date_of_birth: answers.dateOfBirth,
          expected_date_of_birth: answers.expectedDateOfBirth,
          date_of_death: answers.dateOfDeath,
          characteristics_recorded_by: actorId,
          characteristics_recorded_at: now,
          characteristics_version: eb('characteristics_version', '+', 1),
        }))
        .where('id', '=', personId)
        .where('characteristics_version', '=', answers.version)
        .executeTakeFirst();
      if (numUpdatedRows === 0n) throw new EditConflictError('person');
      // The characteristics are the child's, not a step of one contact's journey.
      return { id: personId, contactChildId: null, details: { disabilities: answers.disabilities.length } };
    },
    now
  );
}
