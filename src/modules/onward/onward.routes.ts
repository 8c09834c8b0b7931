import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { idParam } from '../../platform/http/params.ts';
import { refusalOf } from '../../platform/http/form-refusal.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import { describeCode } from '../people/code-labels.ts';
import {
  datePartsOf,
  parseAssessment,
  parseCharacteristics,
  parseCinPlan,
  parseClosure,
  parseConference,
  parseEarlyHelp,
  parseEnquiry,
  parseEpisode,
  parseProtectionPlan,
  ticked,
  type FormValues,
} from './onward-forms.ts';
import {
  ASSESSMENT_OUTCOMES,
  CATEGORIES_OF_ABUSE,
  DISABILITIES,
  EARLY_HELP_KINDS,
  ETHNICITY_CODES,
  FACTOR_CODES,
  PRIMARY_NEED_CODES,
  REASONS_FOR_CLOSURE,
  SECTION_47_OUTCOMES,
  UPN_UNKNOWN_REASONS,
  ethnicityLabel,
  factorLabel,
} from './onward-rules.ts';
import {
  closeEpisode,
  openEpisode,
  readOnwardRecord,
  recordAssessment,
  recordCharacteristics,
  recordCinPlan,
  recordConference,
  recordEarlyHelp,
  recordEnquiry,
  recordProtectionPlan,
  type OnwardEpisode,
  type OnwardRecord,
} from './onward.service.ts';

const VIEWS = 'modules/onward/views';
const SEXES = ['M', 'F', 'U'] as const;
const read = { config: { permission: 'person:read' } } as const;
const record = { config: { permission: 'onward:record' } } as const;

const personParams = z.object({ id: idParam });
const episodeParams = z.object({ id: idParam, episodeId: idParam });
const stepParams = z.object({ id: idParam, recordId: idParam });

function paramsOf<T>(request: FastifyRequest, schema: z.ZodType<T>): T {
  const params = schema.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError('Person');
  return params.data;
}

/** The steps a plan form edits: a child in need plan or a child protection plan. */
const PLAN_KINDS = {
  'cin-plans': { title: 'child in need plan', list: 'cinPlans' },
  'protection-plans': { title: 'child protection plan', list: 'protectionPlans' },
} as const;
type PlanKind = keyof typeof PLAN_KINDS;

/** The two kinds of child protection conference, each with its own form. */
const CONFERENCE_KINDS = {
  'initial-conferences': 'initial',
  'review-conferences': 'review',
} as const;
type ConferencePath = keyof typeof CONFERENCE_KINDS;

/**
 * The child's record after the front door: the child in need episode for each referral with its
 * assessments, plans and closure, and the characteristics the DfE census and Ofsted's Annex A need.
 */
export function registerOnwardRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());

  app.get('/people/:id/onward', read, async (request, reply) => {
    const { id } = paramsOf(request, personParams);
    const onward = await readOnwardRecord(request.access, id);
    return reply.view(`${VIEWS}/onward.njk`, {
      pageTitle: 'After the front door',
      onward,
      canRecord: request.access.can('onward:record'),
      saved: (request.query as { saved?: string }).saved,
      describe: describeCode,
      labels: {
        need: PRIMARY_NEED_CODES,
        closure: REASONS_FOR_CLOSURE,
        category: CATEGORIES_OF_ABUSE,
        outcome: ASSESSMENT_OUTCOMES,
        s47Outcome: SECTION_47_OUTCOMES,
        earlyHelp: EARLY_HELP_KINDS,
        disability: DISABILITIES,
        upnUnknown: UPN_UNKNOWN_REASONS,
      },
      factorLabel,
    });
  });

  // Opening the episode for a referral.
  app.get('/people/:id/onward/episodes', record, async (request, reply) => {
    const { id } = paramsOf(request, personParams);
    const onward = await readOnwardRecord(request.access, id);
    const first = onward.unopenedReferrals[0];
    return renderEpisodeForm(reply, onward, first ? { referral: String(first.id) } : {});
  });

  app.post('/people/:id/onward/episodes', record, async (request, reply) => {
    const { id } = paramsOf(request, personParams);
    const onward = await readOnwardRecord(request.access, id);
    const values = formValues(request);
    const parsed = parseEpisode(values);
    if (!parsed.ok) return renderEpisodeForm(reply.code(400), onward, values, parsed.errors);
    try {
      await openEpisode(request.access, id, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'episode');
      if (!refusal) throw error;
      return renderEpisodeForm(reply.code(refusal.status), onward, values, refusal.errors);
    }
    return reply.redirect(`/people/${id}/onward?saved=episode`, 303);
  });

  // Assessments: a new one in an episode, or changes to one (its authorisation, factors and outcome).
  app.get('/people/:id/onward/episodes/:episodeId/assessments', record, async (request, reply) => {
    const { id, episodeId } = paramsOf(request, episodeParams);
    const onward = await readOnwardRecord(request.access, id);
    return renderAssessmentForm(reply, onward, episodeIn(onward, episodeId), null, {});
  });

  app.get('/people/:id/onward/assessments/:recordId', record, async (request, reply) => {
    const { id, recordId } = paramsOf(request, stepParams);
    const onward = await readOnwardRecord(request.access, id);
    const { episode, step } = stepIn(onward, 'assessments', recordId);
    const saved: FormValues = {
      version: String(step.version),
      ...datePartsOf('startedOn', step.started_on),
      ...datePartsOf('childSeenOn', step.child_seen_on),
      ...datePartsOf('authorisedOn', step.authorised_on),
      factors: step.factors,
      outcome: step.outcome ?? undefined,
    };
    return renderAssessmentForm(reply, onward, episode, recordId, saved);
  });

  const saveAssessment = async (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: number,
    episode: (onward: OnwardRecord) => { episode: OnwardEpisode; assessmentId: number | null }
  ) => {
    const onward = await readOnwardRecord(request.access, personId);
    const target = episode(onward);
    const values = formValues(request);
    const render = (status: number, errors: FormErrors) =>
      renderAssessmentForm(reply.code(status), onward, target.episode, target.assessmentId, values, errors);
    const parsed = parseAssessment(values, { today: today(), referralDate: target.episode.referral_date });
    if (!parsed.ok) return render(400, parsed.errors);
    try {
      await recordAssessment(
        request.access,
        { personId, episodeId: target.episode.id, assessmentId: target.assessmentId },
        parsed.value,
        deps.clock.now()
      );
    } catch (error) {
      const refusal = refusalOf(error, 'assessment');
      if (!refusal) throw error;
      return render(refusal.status, refusal.errors);
    }
    return reply.redirect(`/people/${personId}/onward?saved=assessment`, 303);
  };

  app.post('/people/:id/onward/episodes/:episodeId/assessments', record, async (request, reply) => {
    const { id, episodeId } = paramsOf(request, episodeParams);
    return saveAssessment(request, reply, id, (onward) => ({
      episode: episodeIn(onward, episodeId),
      assessmentId: null,
    }));
  });

  app.post('/people/:id/onward/assessments/:recordId', record, async (request, reply) => {
    const { id, recordId } = paramsOf(request, stepParams);
    return saveAssessment(request, reply, id, (onward) => ({
      episode: stepIn(onward, 'assessments', recordId).episode,
      assessmentId: recordId,
    }));
  });

  // Plans: a child in need plan or a child protection plan, new or changed (latest category, end).
  for (const kind of Object.keys(PLAN_KINDS) as PlanKind[]) {
    const plan = PLAN_KINDS[kind];
    app.get(`/people/:id/onward/episodes/:episodeId/${kind}`, record, async (request, reply) => {
      const { id, episodeId } = paramsOf(request, episodeParams);
      const onward = await readOnwardRecord(request.access, id);
      return renderPlanForm(reply, kind, onward, episodeIn(onward, episodeId), null, {});
    });

    app.get(`/people/:id/onward/${kind}/:recordId`, record, async (request, reply) => {
      const { id, recordId } = paramsOf(request, stepParams);
      const onward = await readOnwardRecord(request.access, id);
      const { episode, step } = stepIn(onward, plan.list, recordId);
      const saved: FormValues = {
        version: String(step.version),
        ...datePartsOf('startedOn', step.started_on),
        ...datePartsOf('endedOn', step.ended_on),
        ...('initial_category' in step
          ? { initialCategory: step.initial_category, latestCategory: step.latest_category }
          : {}),
      };
      return renderPlanForm(reply, kind, onward, episode, recordId, saved);
    });

    const savePlan = async (
      request: FastifyRequest,
      reply: FastifyReply,
      personId: number,
      target: (onward: OnwardRecord) => { episode: OnwardEpisode; planId: number | null }
    ) => {
      const onward = await readOnwardRecord(request.access, personId);
      const { episode, planId } = target(onward);
      const values = formValues(request);
      const render = (status: number, errors: FormErrors) =>
        renderPlanForm(reply.code(status), kind, onward, episode, planId, values, errors);
      const bounds = { today: today(), referralDate: episode.referral_date };
      try {
        if (kind === 'cin-plans') {
          const parsed = parseCinPlan(values, bounds);
          if (!parsed.ok) return render(400, parsed.errors);
          await recordCinPlan(
            request.access,
            { personId, episodeId: episode.id, planId },
            parsed.value,
            deps.clock.now()
          );
        } else {
          const parsed = parseProtectionPlan(values, bounds);
          if (!parsed.ok) return render(400, parsed.errors);
          await recordProtectionPlan(
            request.access,
            { personId, episodeId: episode.id, planId },
            parsed.value,
            deps.clock.now()
          );
        }
      } catch (error) {
        const refusal = refusalOf(error, plan.title);
        if (!refusal) throw error;
        return render(refusal.status, refusal.errors);
      }
      return reply.redirect(`/people/${personId}/onward?saved=${kind}`, 303);
    };

    app.post(`/people/:id/onward/episodes/:episodeId/${kind}`, record, async (request, reply) => {
      const { id, episodeId } = paramsOf(request, episodeParams);
      return savePlan(request, reply, id, (onward) => ({
        episode: episodeIn(onward, episodeId),
        planId: null,
      }));
    });

    app.post(`/people/:id/onward/${kind}/:recordId`, record, async (request, reply) => {
      const { id, recordId } = paramsOf(request, stepParams);
      return savePlan(request, reply, id, (onward) => ({
        episode: stepIn(onward, plan.list, recordId).episode,
        planId: recordId,
      }));
    });
  }

  // Section 47 enquiries: a new one in an episode, or changes to one (conference target, completion, outcome).
  app.get('/people/:id/onward/episodes/:episodeId/enquiries', record, async (request, reply) => {
    const { id, episodeId } = paramsOf(request, episodeParams);
    const onward = await readOnwardRecord(request.access, id);
    return renderEnquiryForm(reply, onward, episodeIn(onward, episodeId), null, {});
  });

  app.get('/people/:id/onward/enquiries/:recordId', record, async (request, reply) => {
    const { id, recordId } = paramsOf(request, stepParams);
    const onward = await readOnwardRecord(request.access, id);
    const { episode, step } = stepIn(onward, 'enquiries', recordId);
    const saved: FormValues = {
      version: String(step.version),
      strategyDiscussion: step.strategy_discussion_id === null ? '' : String(step.strategy_discussion_id),
      ...datePartsOf('startedOn', step.started_on),
      ...datePartsOf('icpcTargetOn', step.icpc_target_on),
      icpcNotRequired: step.icpc_not_required ? 'yes' : undefined,
      ...datePartsOf('completedOn', step.completed_on),
      outcome: step.outcome ?? undefined,
    };
    return renderEnquiryForm(reply, onward, episode, recordId, saved);
  });

  const saveEnquiry = async (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: number,
    target: (onward: OnwardRecord) => { episode: OnwardEpisode; enquiryId: number | null }
  ) => {
    const onward = await readOnwardRecord(request.access, personId);
    const { episode, enquiryId } = target(onward);
    const values = formValues(request);
    const render = (status: number, errors: FormErrors) =>
      renderEnquiryForm(reply.code(status), onward, episode, enquiryId, values, errors);
    const parsed = parseEnquiry(values, { today: today(), referralDate: episode.referral_date });
    if (!parsed.ok) return render(400, parsed.errors);
    try {
      await recordEnquiry(
        request.access,
        { personId, episodeId: episode.id, enquiryId },
        parsed.value,
        deps.clock.now()
      );
    } catch (error) {
      const refusal = refusalOf(error, 'section 47 enquiry');
      if (!refusal) throw error;
      return render(refusal.status, refusal.errors);
    }
    return reply.redirect(`/people/${personId}/onward?saved=enquiry`, 303);
  };

  app.post('/people/:id/onward/episodes/:episodeId/enquiries', record, async (request, reply) => {
    const { id, episodeId } = paramsOf(request, episodeParams);
    return saveEnquiry(request, reply, id, (onward) => ({
      episode: episodeIn(onward, episodeId),
      enquiryId: null,
    }));
  });

  app.post('/people/:id/onward/enquiries/:recordId', record, async (request, reply) => {
    const { id, recordId } = paramsOf(request, stepParams);
    return saveEnquiry(request, reply, id, (onward) => ({
      episode: stepIn(onward, 'enquiries', recordId).episode,
      enquiryId: recordId,
    }));
  });

  // Child protection conferences: initial (after an enquiry) and review (of a plan). Recorded once.
  for (const path of Object.keys(CONFERENCE_KINDS) as ConferencePath[]) {
    const kind = CONFERENCE_KINDS[path];
    app.get(`/people/:id/onward/episodes/:episodeId/${path}`, record, async (request, reply) => {
      const { id, episodeId } = paramsOf(request, episodeParams);
      const onward = await readOnwardRecord(request.access, id);
      return renderConferenceForm(reply, path, onward, episodeIn(onward, episodeId), {});
    });

    app.post(`/people/:id/onward/episodes/:episodeId/${path}`, record, async (request, reply) => {
      const { id, episodeId } = paramsOf(request, episodeParams);
      const onward = await readOnwardRecord(request.access, id);
      const episode = episodeIn(onward, episodeId);
      const values = formValues(request);
      const render = (status: number, errors: FormErrors) =>
        renderConferenceForm(reply.code(status), path, onward, episode, values, errors);
      const parsed = parseConference(values, kind, {
        today: today(),
        referralDate: episode.referral_date,
        calendar: await councilCalendar(deps.db),
      });
      if (!parsed.ok) return render(400, parsed.errors);
      try {
        await recordConference(request.access, { personId: id, episodeId }, parsed.value, deps.clock.now());
      } catch (error) {
        const refusal = refusalOf(error, 'conference');
        if (!refusal) throw error;
        return render(refusal.status, refusal.errors);
      }
      return reply.redirect(`/people/${id}/onward?saved=conference`, 303);
    });
  }

  // Early help: the child's assessments and episodes, outside any children's social care episode.
  app.get('/people/:id/onward/early-help', record, async (request, reply) => {
    const { id } = paramsOf(request, personParams);
    const onward = await readOnwardRecord(request.access, id);
    return renderEarlyHelpForm(reply, onward, null, {});
  });

  app.get('/people/:id/onward/early-help/:recordId', record, async (request, reply) => {
    const { id, recordId } = paramsOf(request, stepParams);
    const onward = await readOnwardRecord(request.access, id);
    const saved = earlyHelpIn(onward, recordId);
    return renderEarlyHelpForm(reply, onward, recordId, {
      version: String(saved.version),
      kind: saved.kind,
      ...datePartsOf('startedOn', saved.started_on),
      ...datePartsOf('completedOn', saved.completed_on),
      organisation: saved.organisation,
    });
  });

  const saveEarlyHelp = async (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: number,
    recordId: number | null
  ) => {
    const onward = await readOnwardRecord(request.access, personId);
    if (recordId !== null) earlyHelpIn(onward, recordId);
    const values = formValues(request);
    const render = (status: number, errors: FormErrors) =>
      renderEarlyHelpForm(reply.code(status), onward, recordId, values, errors);
    const parsed = parseEarlyHelp(values, today());
    if (!parsed.ok) return render(400, parsed.errors);
    try {
      await recordEarlyHelp(request.access, { personId, recordId }, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'early help record');
      if (!refusal) throw error;
      return render(refusal.status, refusal.errors);
    }
    return reply.redirect(`/people/${personId}/onward?saved=early-help`, 303);
  };

  app.post('/people/:id/onward/early-help', record, async (request, reply) => {
    const { id } = paramsOf(request, personParams);
    return saveEarlyHelp(request, reply, id, null);
  });

  app.post('/people/:id/onward/early-help/:recordId', record, async (request, reply) => {
    const { id, recordId } = paramsOf(request, stepParams);
    return saveEarlyHelp(request, reply, id, recordId);
  });

  // Closing the episode.
  app.get('/people/:id/onward/episodes/:episodeId/closure', record, async (request, reply) => {
    const { id, episodeId } = paramsOf(request, episodeParams);
    const onward = await readOnwardRecord(request.access, id);
    const episode = episodeIn(onward, episodeId);
    return renderClosureForm(reply, onward, episode, {
      version: String(episode.version),
      ...datePartsOf('closureDate', episode.closure_date),
      reason: episode.closure_reason ?? undefined,
    });
  });

  app.post('/people/:id/onward/episodes/:episodeId/closure', record, async (request, reply) => {
    const { id, episodeId } = paramsOf(request, episodeParams);
    const onward = await readOnwardRecord(request.access, id);
    const episode = episodeIn(onward, episodeId);
    const values = formValues(request);
    const parsed = parseClosure(values, { today: today(), referralDate: episode.referral_date });
    if (!parsed.ok) return renderClosureForm(reply.code(400), onward, episode, values, parsed.errors);
    try {
      await closeEpisode(request.access, { personId: id, episodeId }, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'episode');
      if (!refusal) throw error;
      return renderClosureForm(reply.code(refusal.status), onward, episode, values, refusal.errors);
    }
    return reply.redirect(`/people/${id}/onward?saved=closure`, 303);
  });

  // The child's characteristics.
  app.get('/people/:id/onward/characteristics', record, async (request, reply) => {
    const { id } = paramsOf(request, personParams);
    const onward = await readOnwardRecord(request.access, id);
    const person = onward.person;
    return renderCharacteristicsForm(reply, onward, {
      version: String(person.characteristics_version),
      sex: person.sex,
      ethnicity: person.ethnicity ?? undefined,
      disabilities: person.disabilities ?? [],
      upn: person.upn ?? undefined,
      upnUnknownReason: person.upn_unknown_reason ?? undefined,
      formerUpn: person.former_upn ?? undefined,
      ...datePartsOf('dateOfBirth', person.date_of_birth),
      ...datePartsOf('expectedDateOfBirth', person.expected_date_of_birth),
      ...datePartsOf('dateOfDeath', person.date_of_death),
    });
  });

  app.post('/people/:id/onward/characteristics', record, async (request, reply) => {
    const { id } = paramsOf(request, personParams);
    const onward = await readOnwardRecord(request.access, id);
    const values = formValues(request);
    const parsed = parseCharacteristics(values, today());
    if (!parsed.ok) return renderCharacteristicsForm(reply.code(400), onward, values, parsed.errors);
    try {
      await recordCharacteristics(request.access, id, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'record');
      if (!refusal) throw error;
      return renderCharacteristicsForm(reply.code(refusal.status), onward, values, refusal.errors);
    }
    return reply.redirect(`/people/${id}/onward?saved=characteristics`, 303);
  });
}

function formValues(request: FastifyRequest): FormValues {
  return (request.body ?? {}) as FormValues;
}

function episodeIn(onward: OnwardRecord, episodeId: number): OnwardEpisode {
  const episode = onward.episodes.find((candidate) => candidate.id === episodeId);
  if (!episode) throw new RecordNotFoundError('Episode');
  return episode;
}

function stepIn<K extends 'assessments' | 'cinPlans' | 'protectionPlans' | 'enquiries'>(
  onward: OnwardRecord,
  list: K,
  recordId: number
): { episode: OnwardEpisode; step: OnwardEpisode[K][number] } {
  for (const episode of onward.episodes) {
    const step = (episode[list] as OnwardEpisode[K][number][]).find((candidate) => candidate.id === recordId);
    if (step) return { episode, step };
  }
  throw new RecordNotFoundError('Record');
}

function earlyHelpIn(onward: OnwardRecord, recordId: number): OnwardRecord['earlyHelp'][number] {
  const saved = onward.earlyHelp.find((candidate) => candidate.id === recordId);
  if (!saved) throw new RecordNotFoundError('Record');
  return saved;
}

function childName(onward: OnwardRecord): string {
  return `${onward.person.given_name} ${onward.person.family_name}`;
}

function options(
  labels: Record<string, string>,
  chosen: string | string[] | undefined,
  describe = (code: string) => labels[code]!
) {
  const picked = Array.isArray(chosen) ? chosen : chosen === undefined ? [] : [chosen];
  return Object.keys(labels).map((code) => ({
    value: code,
    text: `${describe(code)} (${code})`,
    checked: picked.includes(code),
    selected: picked.includes(code),
  }));
}

function renderEpisodeForm(
  reply: FastifyReply,
  onward: OnwardRecord,
  values: FormValues,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/episode-form.njk`, {
    pageTitle: 'Open the child in need episode',
    child: { id: onward.person.id, name: childName(onward) },
    values,
    errors,
    referrals: onward.unopenedReferrals.map((referral) => ({
      value: String(referral.id),
      text: `Referred on ${referral.referral_date}`,
      referralDate: referral.referral_date,
      source: describeCode('referralSource', referral.referral_source),
      checked: values.referral === String(referral.id),
    })),
    needs: [{ value: '', text: 'Choose…' }, ...options(PRIMARY_NEED_CODES, values.primaryNeedCode)],
  });
}

function renderAssessmentForm(
  reply: FastifyReply,
  onward: OnwardRecord,
  episode: OnwardEpisode,
  assessmentId: number | null,
  values: FormValues,
  errors?: FormErrors
) {
  const factorLabels = Object.fromEntries(FACTOR_CODES.map((code) => [code, factorLabel(code)]));
  return reply.view(`${VIEWS}/assessment-form.njk`, {
    pageTitle: assessmentId ? 'Update the assessment' : 'Record an assessment',
    child: { id: onward.person.id, name: childName(onward) },
    action: assessmentId
      ? `/people/${onward.person.id}/onward/assessments/${assessmentId}`
      : `/people/${onward.person.id}/onward/episodes/${episode.id}/assessments`,
    episode,
    values,
    errors,
    factors: options(factorLabels, ticked(values, 'factors')),
    outcomes: options(
      ASSESSMENT_OUTCOMES,
      values.outcome,
      (code) => ASSESSMENT_OUTCOMES[code as keyof typeof ASSESSMENT_OUTCOMES]
    ),
  });
}

function renderPlanForm(
  reply: FastifyReply,
  kind: PlanKind,
  onward: OnwardRecord,
  episode: OnwardEpisode,
  planId: number | null,
  values: FormValues,
  errors?: FormErrors
) {
  const plan = PLAN_KINDS[kind];
  const none = { value: '', text: 'Choose…' };
  return reply.view(`${VIEWS}/plan-form.njk`, {
    pageTitle: `${planId ? 'Update the' : 'Record a'} ${plan.title}`,
    child: { id: onward.person.id, name: childName(onward) },
    action: planId
      ? `/people/${onward.person.id}/onward/${kind}/${planId}`
      : `/people/${onward.person.id}/onward/episodes/${episode.id}/${kind}`,
    protection: kind === 'protection-plans',
    isNew: planId === null,
    values,
    errors,
    initialCategories: [none, ...options(CATEGORIES_OF_ABUSE, values.initialCategory)],
    latestCategories: [none, ...options(CATEGORIES_OF_ABUSE, values.latestCategory)],
  });
}

function renderEnquiryForm(
  reply: FastifyReply,
  onward: OnwardRecord,
  episode: OnwardEpisode,
  enquiryId: number | null,
  values: FormValues,
  errors?: FormErrors
) {
  const linked = new Set(
    onward.episodes.flatMap((each) =>
      each.enquiries
        .filter((enquiry) => enquiry.id !== enquiryId)
        .map((enquiry) => enquiry.strategy_discussion_id)
    )
  );
  const chosen = values.strategyDiscussion ?? '';
  return reply.view(`${VIEWS}/enquiry-form.njk`, {
    pageTitle: enquiryId ? 'Update the section 47 enquiry' : 'Record a section 47 enquiry',
    child: { id: onward.person.id, name: childName(onward) },
    action: enquiryId
      ? `/people/${onward.person.id}/onward/enquiries/${enquiryId}`
      : `/people/${onward.person.id}/onward/episodes/${episode.id}/enquiries`,
    episode,
    values,
    errors,
    discussions: [
      ...episode.strategyDiscussions
        .filter((discussion) => !linked.has(discussion.id))
        .map((discussion) => ({
          value: String(discussion.id),
          text: `Strategy discussion of ${formatUk(discussion.convened_at, UK_FORMATS.date)}`,
          checked: chosen === String(discussion.id),
        })),
      { value: '', text: 'None: not started by a strategy discussion recorded here', checked: chosen === '' },
    ],
    outcomes: options(SECTION_47_OUTCOMES, values.outcome),
  });
}

function renderConferenceForm(
  reply: FastifyReply,
  path: ConferencePath,
  onward: OnwardRecord,
  episode: OnwardEpisode,
  values: FormValues,
  errors?: FormErrors
) {
  const kind = CONFERENCE_KINDS[path];
  const date = (day: string) => formatUk(day, UK_FORMATS.date);
  return reply.view(`${VIEWS}/conference-form.njk`, {
    pageTitle: `Record ${kind === 'initial' ? 'an initial' : 'a review'} child protection conference`,
    child: { id: onward.person.id, name: childName(onward) },
    action: `/people/${onward.person.id}/onward/episodes/${episode.id}/${path}`,
    kind,
    episode,
    values,
    errors,
    enquiries: [
      ...episode.enquiries
        .filter((enquiry) => !enquiry.icpc_not_required)
        .map((enquiry) => ({
          value: String(enquiry.id),
          text: `Section 47 enquiry started ${date(enquiry.started_on)}`,
          checked: values.enquiry === String(enquiry.id),
        })),
      { value: '', text: 'None: no section 47 enquiry is recorded', checked: (values.enquiry ?? '') === '' },
    ],
    plans: episode.protectionPlans.map((plan) => ({
      value: String(plan.id),
      text: `Child protection plan from ${date(plan.started_on)}${plan.ended_on ? ` to ${date(plan.ended_on)}` : ''}`,
      checked: values.plan === String(plan.id),
    })),
    resultedInPlan: [
      { value: 'yes', text: 'Yes', checked: values.resultedInPlan === 'yes' },
      { value: 'no', text: 'No', checked: values.resultedInPlan === 'no' },
    ],
  });
}

function renderEarlyHelpForm(
  reply: FastifyReply,
  onward: OnwardRecord,
  recordId: number | null,
  values: FormValues,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/early-help-form.njk`, {
    pageTitle: recordId ? 'Update the early help' : 'Record early help',
    child: { id: onward.person.id, name: childName(onward) },
    action: recordId
      ? `/people/${onward.person.id}/onward/early-help/${recordId}`
      : `/people/${onward.person.id}/onward/early-help`,
    values,
    errors,
    kinds: options(EARLY_HELP_KINDS, values.kind),
  });
}

function renderClosureForm(
  reply: FastifyReply,
  onward: OnwardRecord,
  episode: OnwardEpisode,
  values: FormValues,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/closure-form.njk`, {
    pageTitle: 'Close the episode',
    child: { id: onward.person.id, name: childName(onward) },
    episode,
    values,
    errors,
    reasons: options(REASONS_FOR_CLOSURE, values.reason),
  });
}

function renderCharacteristicsForm(
  reply: FastifyReply,
  onward: OnwardRecord,
  values: FormValues,
  errors?: FormErrors
) {
  const ethnicities = Object.fromEntries(ETHNICITY_CODES.map((code) => [code, ethnicityLabel(code)]));
  return reply.view(`${VIEWS}/characteristics-form.njk`, {
    pageTitle: 'The child’s characteristics',
    child: { id: onward.person.id, name: childName(onward) },
    values,
    errors,
    sexes: options(Object.fromEntries(SEXES.map((sex) => [sex, describeCode('sex', sex)])), values.sex),
    ethnicities: [{ value: '', text: 'Choose…' }, ...options(ethnicities, values.ethnicity)],
    disabilities: options(DISABILITIES, ticked(values, 'disabilities')),
    upnReasons: [
      { value: '', text: 'Not applicable: the UPN is known' },
      ...options(UPN_UNKNOWN_REASONS, values.upnUnknownReason),
    ],
  });
}
