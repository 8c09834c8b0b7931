import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import type { CouncilSettings, Rag, RagRatingKind, RatingReviewStatus } from '../../platform/db/schema.ts';
import { prefixFormErrors, type FormErrors } from '../../platform/http/forms.ts';
import { refusalOf } from '../../platform/http/form-refusal.ts';
import { describeTimescale } from '../../shared/duration-text.ts';
import { settingsInForceAt } from '../../platform/council/council-settings.ts';
import { childNameOf } from '../people/child-name.ts';
import { describeCode } from '../people/code-labels.ts';
import { isDecided } from '../journey/case-status.ts';
import { allocationChoices } from '../screening/queue.ts';
import { loadScreening } from '../screening/screening.service.ts';
import { handoverTeamChoices, secondAuthoriserRoles } from '../decisions/decisions.service.ts';
import { describeSecondSignOffReason, type SecondSignOffReason } from '../decisions/decision-rules.ts';
import { casePanels } from './case-panels.ts';
import { councilSettingsOf } from '../../platform/http/request-context.ts';

type Screening = Awaited<ReturnType<typeof loadScreening>>;

/*
 * The child's case page: one child's contact with every stage on it. Its forms (rating, manager
 * confirmation, allocation, the manager's verdict, the second sign-off, extensions) post to their own
 * routes and, when refused, come back here with their errors and what was typed.
 */

const VIEWS = 'modules/case/views';

export type CaseForm = 'rating' | 'confirmation' | 'allocation' | 'verdict' | 'second' | 'extension';

/** Where each form is on the page, to come back to after a save. */
const ANCHORS: Record<CaseForm, string> = {
  rating: 'rating',
  confirmation: 'rating',
  allocation: 'allocation',
  verdict: 'decision',
  second: 'decision',
  extension: 'decision',
};

interface FailedForm {
  form: CaseForm;
  values: unknown;
  errors: FormErrors;
  status: number;
}

/** Shows the case page again with one form's errors and what was typed in it. */
export function showFormErrors(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  form: CaseForm,
  errors: FormErrors,
  status = 400
) {
  // Field ids take the form's name, so several forms share one error summary.
  const failure = { form, values: request.body ?? {}, errors: prefixFormErrors(form, errors), status };
  return renderCasePage(deps, request, reply, id, failure);
}

/**
 * Saves one of the case page's forms, then returns to it at the form's place; when the record changed
 * since it was opened, or a stored rule refuses the change, shows the page again with the message and
 * what was typed.
 */
export async function saveCaseForm(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  form: CaseForm,
  save: () => Promise<unknown>
) {
  try {
    await save();
  } catch (error) {
    const refusal = refusalOf(error, 'contact');
    if (!refusal) throw error;
    return showFormErrors(deps, request, reply, id, form, refusal.errors, refusal.status);
  }
  return reply.redirect(`/screening/${id}#${ANCHORS[form]}`, 303);
}

export async function renderCasePage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  failure?: FailedForm
) {
  const now = deps.clock.now();
  const settings = await councilSettingsOf(request, deps.db);
  const screening = await loadScreening(request.access, id, now, settings);
  const canAllocate = request.access.can('work:allocate');
  const latest = screening.decisions[0];
  const choosesHandover =
    request.access.can('decision:authorise') &&
    latest?.status === 'proposed' &&
    latest.receiving_team_id !== null;
  const [choices, panels, handoverTeams] = await Promise.all([
    canAllocate ? allocationChoices(deps.db) : undefined,
    casePanels(deps.db, screening, now),
    choosesHandover
      ? handoverTeamChoices(deps.db, {
          receivingTeamId: latest.receiving_team_id!,
          personId: screening.child.person_id,
        })
      : undefined,
  ]);
  if (failure) reply.code(failure.status);
  const name = childNameOf(screening.child);
  return reply.view(`${VIEWS}/case.njk`, {
    pageTitle: `Screening: ${name}`,
    childName: name,
    ...screening,
    ...panels,
    now,
    decided: isDecided(screening.child.status),
    allocation:
      choices && allocationItems(choices, failure?.form === 'allocation' ? failure.values : screening.child),
    handoverTeams,
    failure,
    errors: failure?.errors,
    can: {
      screen: request.access.can('screening:record'),
      authorise: request.access.can('decision:authorise'),
      secondAuthorise:
        request.access.can('decision:second_authorise') &&
        secondAuthoriserRoles(settings).includes(request.access.actor.role),
      allocate: canAllocate,
      propose: request.access.can('decision:propose'),
      strategy: request.access.can('strategy:record'),
      letters: request.access.can('letter:send'),
    },
    timescales: describeTimescales(settingsInForceAt(settings, screening.child.received_at)),
    secondSignOffReasons: describeReasons(screening.decisions[0], panels.outcomeLabels),
    ratingKinds: RATING_KINDS,
    reviewLabels: REVIEW_LABELS,
    describe: describeCode,
  });
}

const RATING_KINDS: Record<RagRatingKind, string> = {
  screening: 'Screening',
  re_rating: 'Re-rated',
  manager_confirmed: 'Confirmed by a manager',
  manager_changed: 'Changed by a manager',
  immediate_risk: 'Immediate risk recorded',
};

/** Why the latest decision needs a second sign-off, in words, or null when it does not. */
function describeReasons(
  decision: Screening['decisions'][number] | undefined,
  labels: Record<string, string>
): string | null {
  if (!decision || decision.second_authorisation_reasons.length === 0) return null;
  const facts = {
    rag: decision.rag,
    indicatedLevel: decision.indicated_level,
    chosenLevel: decision.chosen_level,
    outcomes: decision.outcomes.map((code) => ({ label: labels[code] ?? code, opensSocialCare: false })),
  };
  return (decision.second_authorisation_reasons as SecondSignOffReason[])
    .map((reason) => describeSecondSignOffReason(reason, facts))
    .join('; ');
}

/** A lower rating asked for on a red contact, by what became of it. */
const REVIEW_LABELS: Record<RatingReviewStatus, string> = {
  pending: 'Lower rating asked for: waiting for a manager',
  confirmed: 'Lower rating asked for: agreed by a manager',
  rejected: 'Lower rating asked for: refused by a manager',
  withdrawn: 'Lower rating asked for: replaced by a later rating',
};

function describeTimescales(settings: CouncilSettings): Record<Rag, string> {
  const { red, amber, green } = settings.ragTimescales;
  return { red: describeTimescale(red), amber: describeTimescale(amber), green: describeTimescale(green) };
}

/** Select items for the allocation form: what was typed after an error, else the current allocation. */
function allocationItems(
  choices: Awaited<ReturnType<typeof allocationChoices>>,
  current: unknown
): { teamItems: SelectItem[]; workerItems: SelectItem[] } {
  const { team, worker, team_id, worker_id } = current as Record<string, unknown>;
  const chosenTeam = String(team ?? team_id ?? '');
  const chosenWorker = String(worker ?? worker_id ?? '');
  return {
    teamItems: [
      { value: '', text: 'Choose a team' },
      ...choices.teams.map((option) => ({
        value: String(option.id),
        text: option.name,
        selected: chosenTeam === String(option.id),
      })),
    ],
    workerItems: [
      { value: '', text: 'No named worker yet' },
      ...choices.workers.map((option) => ({
        value: String(option.id),
        text: `${option.display_name} (${option.team_name})`,
        selected: chosenWorker === String(option.id),
      })),
    ],
  };
}

interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}
