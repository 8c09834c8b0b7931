import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import { formError, FormProblem, type FormErrors } from '../../platform/http/forms.ts';
import {
  LAWFUL_BASIS_FIELDS,
  lawfulBasisRadios,
  lawfulBasisOf,
  lawfulBasisText,
} from '../../shared/lawful-basis.ts';
import {
  openedVersion,
  parseResponseForm,
  parseSendForm,
  personFieldName,
  type FormValues,
} from './information-request-forms.ts';
import {
  AGENCY_KIND_LABELS,
  AGENCY_REQUESTS_PAGE_SIZE,
  FAMILY_ROLE_LABELS,
  answerInformationRequest,
  askPartnerAgencies,
  canAskAbout,
  CONSENT_LABELS,
  lateBy,
  listAgencyRequests,
  listPartnerAgencies,
  readAgencyRequest,
  readAgencyRequestToAnswer,
  readChildToAsk,
  stateOf,
  type AgencyRequest,
  type AgencyRequestPages,
} from './information-requests.service.ts';
import { govukPagination } from '../../platform/http/pagination.ts';
import { registerInformationRequestApiRoutes } from './information-requests-api.routes.ts';
import { recordIdOf } from '../../platform/http/params.ts';

const VIEWS = 'modules/information-requests/views';

/** The query parameters that say which page of each list a partner sees. */
const OPEN = 'open-page';
const ANSWERED = 'answered-page';
/** A page of one of a partner's lists: anything not a page number is the first. */
const listPage = z.coerce.number().int().min(1).max(10_000).catch(1);

/** A partner's list of requests at these pages (page 1 left out), with the "answer sent" banner if asked. */
function requestsUrl(pages: AgencyRequestPages, answeredNow: boolean): string {
  const query = new URLSearchParams();
  if (answeredNow) query.set('answered', '1');
  if (pages.open > 1) query.set(OPEN, String(pages.open));
  if (pages.answered > 1) query.set(ANSWERED, String(pages.answered));
  const text = query.toString();
  return text ? `/information-requests?${text}` : '/information-requests';
}

/**
 * Multi-agency information gathering: the screener asks chosen partner agencies what they know about a
 * child; each agency's staff see only their own requests and only the children shared with them, and
 * answer on the web or from their own systems (the API routes).
 */
export function registerInformationRequestRoutes(app: FastifyInstance, deps: AppDeps): void {
  const ask = { config: { permission: 'screening:record' } } as const;
  const respond = { config: { permission: 'information_request:respond' } } as const;

  app.get('/screening/:id/information-requests', ask, async (request, reply) => {
    const child = await readChildToAsk(request.access, recordIdOf(request, 'Contact'), deps.clock.now());
    // The contact's recorded consent and lawful basis start the form; older free text comes as the detail.
    return renderSendForm(reply, deps, child, {
      consentStatus: child.consent_status ?? undefined,
      [LAWFUL_BASIS_FIELDS.personalData]: child.lawful_basis_personal_data ?? undefined,
      [LAWFUL_BASIS_FIELDS.specialCategory]: child.lawful_basis_special_category ?? undefined,
      [LAWFUL_BASIS_FIELDS.detail]: child.lawful_basis ?? undefined,
    });
  });

  app.post('/screening/:id/information-requests', ask, async (request, reply) => {
    const child = await readChildToAsk(request.access, recordIdOf(request, 'Contact'), deps.clock.now());
    const values = (request.body ?? {}) as FormValues;
    if (!canAskAbout(child)) return renderSendForm(reply.code(400), deps, child, values);
    const agencies = await listPartnerAgencies(deps.db);
    const parsed = parseSendForm(values, child.id, new Set(agencies.map((agency) => agency.id)));
    if (!parsed.ok) return renderSendForm(reply.code(400), deps, child, values, parsed.errors);
    try {
      await askPartnerAgencies(request.access, parsed.requests, deps.clock.now());
    } catch (error) {
      if (!(error instanceof FormProblem)) throw error;
      return renderSendForm(reply.code(409), deps, child, values, formError(error.field, error.message));
    }
    return reply.redirect(`/screening/${child.id}`, 303);
  });

  app.get('/information-requests', respond, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const answeredNow = query.answered === '1';
    const pages = { open: listPage.parse(query[OPEN]), answered: listPage.parse(query[ANSWERED]) };
    const { open, answered } = await listAgencyRequests(request.access, deps.clock.now(), pages);
    // A page past the end of its list (requests answered since the link was made): that list's first page.
    if (open.total === null || answered.total === null) {
      const first = {
        open: open.total === null ? 1 : pages.open,
        answered: answered.total === null ? 1 : pages.answered,
      };
      return reply.redirect(requestsUrl(first, answeredNow), 303);
    }
    const href = (list: 'open' | 'answered') => (page: number) =>
      `${requestsUrl({ ...pages, [list]: page }, false)}#${list}`;
    return reply.view(`${VIEWS}/list.njk`, {
      pageTitle: 'Information requests',
      open: {
        ...open,
        pagination: govukPagination(
          pages.open,
          Math.ceil(open.total / AGENCY_REQUESTS_PAGE_SIZE),
          href('open')
        ),
      },
      answered: {
        ...answered,
        // Past the count, previous and next only: how many pages there are is not known.
        pagination: answered.moreThanCounted
          ? {
              previous: pages.answered > 1 ? { href: href('answered')(pages.answered - 1) } : undefined,
              next: { href: href('answered')(pages.answered + 1) },
            }
          : govukPagination(
              pages.answered,
              Math.ceil(answered.total / AGENCY_REQUESTS_PAGE_SIZE),
              href('answered')
            ),
      },
      answeredNow,
    });
  });

  app.get('/information-requests/:id', respond, async (request, reply) => {
    const found = await readAgencyRequest(request.access, recordIdOf(request, 'Information request'));
    return renderRequest(reply, deps, found, {});
  });

  app.post('/information-requests/:id', respond, async (request, reply) => {
    const id = recordIdOf(request, 'Information request');
    const found = await readAgencyRequestToAnswer(request.access, id);
    const values = (request.body ?? {}) as FormValues;
    if (found.request.status !== 'open') {
      return renderRequest(reply.code(409), deps, found, { values, conflict: true });
    }
    const parsed = parseResponseForm(
      values,
      found.people.map((person) => person.id)
    );
    if (!parsed.ok) {
      return renderRequest(reply.code(400), deps, found, { values, errors: parsed.errors });
    }
    try {
      await answerInformationRequest(
        request.access,
        found.request,
        openedVersion(values),
        parsed.response,
        deps.clock.now()
      );
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error;
      const latest = await readAgencyRequestToAnswer(request.access, id);
      return renderRequest(reply.code(409), deps, latest, {
        values: { ...values, version: String(latest.request.version) },
        conflict: true,
      });
    }
    return reply.redirect('/information-requests?answered=1', 303);
  });

  registerInformationRequestApiRoutes(app, deps);
}

async function renderSendForm(
  reply: FastifyReply,
  deps: AppDeps,
  child: Awaited<ReturnType<typeof readChildToAsk>>,
  values: FormValues,
  errors?: FormErrors
) {
  const agencies = await listPartnerAgencies(deps.db);
  const ticked = new Set([values.agencyIds ?? []].flat());
  const askable = child.people.filter((person) => person.askable);
  const openSince = new Map(
    child.requests
      .filter((sent) => sent.status === 'open')
      .map((sent) => [sent.agency_id, sent.requested_at] as const)
  );
  return reply.view(`${VIEWS}/send.njk`, {
    pageTitle: 'Ask partner agencies',
    child,
    canAsk: canAskAbout(child),
    dueAt: child.rag_due_at ?? child.decision_due_at,
    values,
    errors,
    informationRequests: child.requests,
    contactChildId: child.id,
    askedAbout: askable,
    notAsked: child.people.filter((person) => !person.askable),
    lawfulBasis: lawfulBasisRadios(values),
    roleLabels: FAMILY_ROLE_LABELS,
    agencies: agencies.map((agency) => ({
      value: String(agency.id),
      text: agency.name,
      kind: AGENCY_KIND_LABELS[agency.kind],
      checked: ticked.has(String(agency.id)),
      openSince: openSince.get(agency.id),
    })),
  });
}

function renderRequest(
  reply: FastifyReply,
  deps: AppDeps,
  { request, people }: AgencyRequest,
  form: { values?: FormValues; errors?: FormErrors; conflict?: boolean }
) {
  const now = deps.clock.now();
  const state = stateOf(request, now);
  return reply.view(`${VIEWS}/request.njk`, {
    pageTitle: `Information request about ${familyNameOf(people)}`,
    informationRequest: request,
    people: people.map((person) => ({
      ...person,
      roleText: FAMILY_ROLE_LABELS[person.role],
      fields: {
        knownInvolvement: personFieldName('knownInvolvement', person.id),
        risks: personFieldName('risks', person.id),
        strengths: personFieldName('strengths', person.id),
      },
    })),
    familyName: familyNameOf(people),
    state,
    lateBy: state === 'late' ? lateBy(request.due_at, now) : null,
    consentLabel: CONSENT_LABELS[request.consent_status],
    lawfulBasis: lawfulBasisText(lawfulBasisOf(request)),
    values: form.values ?? { version: String(request.version) },
    errors: form.errors,
    conflict: form.conflict ?? false,
  });
}

/** "Amy Khan and family": the first child asked about names the request, as the partner's list does. */
function familyNameOf(people: AgencyRequest['people']): string {
  const [first] = people;
  if (!first) return 'a family';
  return `${first.given_name} ${first.family_name}${people.length > 1 ? ' and family' : ''}`;
}
