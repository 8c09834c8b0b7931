import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { CouncilSettings, Rag, RagRatingKind, RatingReviewStatus } from '../../platform/db/schema.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import { formError, FormProblem, type FormErrors } from '../../platform/http/forms.ts';
import { describeTimescale } from '../../shared/duration-text.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { childNameOf } from '../people/child-name.ts';
import { describeCode } from '../people/code-labels.ts';
import { allocationChoices } from './queue.ts';
import { screeningPanels } from './screening-panels.ts';
import { loadScreening } from './screening.service.ts';
import { secondAuthoriserRoles } from '../decisions/decisions.service.ts';
import { describeSecondSignOffReason, type SecondSignOffReason } from '../decisions/decision-rules.ts';

type Screening = Awaited<ReturnType<typeof loadScreening>>;

/*
 * The screening page: one child's contact with every stage on it. Its forms (rating, manager
 * confirmation, allocation, the manager's verdict, extensions) post to their own routes and, when
 * refused, come back here with their errors and what was typed.
 */

const VIEWS = 'modules/screening/views';

export type FormName = 'rating' | 'confirmation' | 'allocation' | 'verdict' | 'second' | 'extension';

const CONFLICT_MESSAGE =
  'Someone else saved this contact since you opened it. The page now shows their changes; your answers are ' +
  'still in the form below. Check them and save again.';

interface FailedForm {
  form: FormName;
  values: unknown;
  errors: FormErrors;
  status: number;
}

/** Field ids are prefixed with the form's name so several forms share one error summary. */
function failed(form: FormName, request: FastifyRequest, errors: FormErrors, status = 400): FailedForm {
  const prefixed = {
    summary: errors.summary.map((item) => ({
      ...item,
      href: item.href.startsWith(`#${form}-`) ? item.href : `#${form}-${item.href.slice(1)}`,
    })),
    fields: Object.fromEntries(
      Object.entries(errors.fields).map(([field, message]) => [
        field.startsWith(`${form}-`) ? field : `${form}-${field}`,
        message,
      ])
    ),
  };
  return { form, values: request.body ?? {}, errors: prefixed, status };
}

/** Shows the screening page again with one form's errors and what was typed in it. */
export function showFormErrors(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  form: FormName,
  errors: FormErrors
) {
  return renderScreening(deps, request, reply, id, failed(form, request, errors));
}

/** A save refused because the record changed since it was opened (409) or a stored rule says no (400). */
export function refusalOf(error: unknown): { status: number; errors: FormErrors } | undefined {
  if (error instanceof EditConflictError)
    return { status: 409, errors: formError('version', CONFLICT_MESSAGE) };
  if (error instanceof FormProblem) return { status: 400, errors: formError(error.field, error.message) };
  return undefined;
}

/**
 * Saves one of the screening page's forms, then returns to it at the form's anchor; when the record
 * changed since it was opened, or a stored rule refuses the change, shows the page again with the
 * message and what was typed.
 */
export async function saveScreeningForm(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  form: FormName,
  save: () => Promise<unknown>
) {
  try {
    await save();
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return renderScreening(deps, request, reply, id, failed(form, request, refusal.errors, refusal.status));
  }
  const anchor = form === 'verdict' || form === 'second' || form === 'extension' ? 'decision' : form;
  const anchorFor = form === 'confirmation' ? 'rating' : anchor;
  return reply.redirect(`/screening/${id}#${anchorFor}`, 303);
}

export async function renderScreening(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  failure?: FailedForm
) {
  const now = deps.clock.now();
  const settings = await councilSettings(deps.db);
  const screening = await loadScreening(request.access, id, now, settings);
  const canAllocate = request.access.can('work:allocate');
  const [choices, panels] = await Promise.all([
    canAllocate ? allocationChoices(deps.db) : undefined,
    screeningPanels(deps.db, screening, now),
  ]);
  if (failure) reply.code(failure.status);
  const name = childNameOf(screening.child);
  return reply.view(`${VIEWS}/screening.njk`, {
    pageTitle: `Screening: ${name}`,
    childName: name,
    ...screening,
    ...panels,
    now,
    allocation:
      choices && allocationItems(choices, failure?.form === 'allocation' ? failure.values : screening.child),
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
    timescales: describeTimescales(settings),
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
