import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { AuditAction } from '../../platform/audit/audit-events.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { EditConflictError } from '../../platform/db/versioned-update.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import {
  openedVersion,
  parseResponseForm,
  parseSendForm,
  type FormValues,
} from './information-request-forms.ts';
import {
  AGENCY_KIND_LABELS,
  CONSENT_LABELS,
  findRequest,
  lateBy,
  listAgencyRequests,
  listPartnerAgencies,
  loadChildToAsk,
  loadInformationRequests,
  loadRequestedChild,
  recordResponse,
  sendInformationRequests,
  stateOf,
  type ChildToAsk,
  type FoundRequest,
} from './information-requests.service.ts';
import { registerInformationRequestApiRoutes } from './information-requests-api.routes.ts';
import { idParams } from '../../platform/http/params.ts';

const VIEWS = 'modules/information-requests/views';
/** Ids are Postgres integers: anything else is a page that does not exist. */

function idOf(request: FastifyRequest, recordType: string): number {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw new RecordNotFoundError(recordType);
  return parsed.data.id;
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
    const child = await childToAsk(request, deps);
    return renderSendForm(reply, deps, child, {
      consentStatus: child.consent_status ?? undefined,
      lawfulBasis: child.lawful_basis ?? undefined,
    });
  });

  app.post('/screening/:id/information-requests', ask, async (request, reply) => {
    const child = await childToAsk(request, deps);
    const values = (request.body ?? {}) as FormValues;
    if (!canAskAbout(child)) return renderSendForm(reply.code(400), deps, child, values);
    const agencies = await listPartnerAgencies(deps.db);
    const parsed = parseSendForm(values, child.id, new Set(agencies.map((agency) => agency.id)));
    if (!parsed.ok) return renderSendForm(reply.code(400), deps, child, values, parsed.errors);
    const { requests } = parsed;
    await request.access.recordChange('screening:record', 'information_request.send', async (trx) => {
      const ids = await sendInformationRequests(trx, requests, {
        userId: signedInActor(request).userId,
        now: deps.clock.now(),
      });
      return {
        recordType: 'contact_child',
        recordId: child.id,
        result: ids,
        details: {
          informationRequestIds: ids,
          agencyIds: requests.agencyIds,
          consentStatus: requests.consentStatus,
        },
      };
    });
    return reply.redirect(`/screening/${child.id}`, 303);
  });

  app.get('/information-requests', respond, async (request, reply) => {
    const { answered } = request.query as { answered?: string };
    const requests = await request.access.withPermission(
      'information_request:respond',
      { action: 'information_request.list', recordType: 'information_request' },
      (db) => listAgencyRequests(db, request.access, deps.clock.now())
    );
    return reply.view(`${VIEWS}/list.njk`, {
      pageTitle: 'Information requests',
      ...requests,
      answeredNow: answered === '1',
    });
  });

  app.get('/information-requests/:id', respond, async (request, reply) => {
    const found = await agencyRequest(request, deps, 'information_request.view');
    return renderRequest(reply, request, deps, found, {});
  });

  app.post('/information-requests/:id', respond, async (request, reply) => {
    const found = await agencyRequest(request, deps, 'information_request.respond');
    const values = (request.body ?? {}) as FormValues;
    if (found.status !== 'open') {
      return renderRequest(reply.code(409), request, deps, found, { values, conflict: true });
    }
    // A child restricted since the request was sent can no longer be written about by the agency.
    await request.access.readRequestedChild(found.id, found.person_id!, async () => null);
    const parsed = parseResponseForm(values);
    if (!parsed.ok) {
      return renderRequest(reply.code(400), request, deps, found, { values, errors: parsed.errors });
    }
    try {
      await request.access.recordChange(
        'information_request:respond',
        'information_request.respond',
        async (trx) => {
          await recordResponse(trx, found, openedVersion(values), parsed.response, {
            userId: signedInActor(request).userId,
            now: deps.clock.now(),
          });
          return {
            recordType: 'information_request',
            recordId: found.id,
            result: undefined,
            details: { contactChildId: found.contact_child_id, agencyId: found.agency_id },
          };
        }
      );
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error;
      const latest = await agencyRequest(request, deps, 'information_request.respond');
      return renderRequest(reply.code(409), request, deps, latest, {
        values: { ...values, version: String(latest.version) },
        conflict: true,
      });
    }
    return reply.redirect('/information-requests?answered=1', 303);
  });

  registerInformationRequestApiRoutes(app, deps);
}

async function childToAsk(request: FastifyRequest, deps: AppDeps) {
  const contactChildId = idOf(request, 'Contact');
  return request.access.readContactChild(contactChildId, async (db) => ({
    ...(await loadChildToAsk(db, contactChildId)),
    requests: await loadInformationRequests(db, contactChildId, deps.clock.now()),
  }));
}

/** Partners read a child only through a share of a person record, which a restricted record never gets. */
function canAskAbout(child: ChildToAsk): boolean {
  return child.person_id !== null && child.restricted !== true;
}

async function renderSendForm(
  reply: FastifyReply,
  deps: AppDeps,
  child: ChildToAsk & { requests: Awaited<ReturnType<typeof loadInformationRequests>> },
  values: FormValues,
  errors?: FormErrors
) {
  const agencies = await listPartnerAgencies(deps.db);
  const ticked = new Set([values.agencyIds ?? []].flat());
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
    agencies: agencies.map((agency) => ({
      value: String(agency.id),
      text: agency.name,
      kind: AGENCY_KIND_LABELS[agency.kind],
      checked: ticked.has(String(agency.id)),
      openSince: openSince.get(agency.id),
    })),
  });
}

/**
 * The request, if it is one of the actor's agency's; otherwise "not found", with the refusal in the
 * audit trail as the record-access layer records one.
 */
async function agencyRequest(
  request: FastifyRequest,
  deps: AppDeps,
  attempted: AuditAction
): Promise<FoundRequest> {
  const id = idOf(request, 'Information request');
  const actor = signedInActor(request);
  const found = await findRequest(deps.db, id);
  if (found && found.agency_id === actor.agencyId && found.person_id !== null) return found;
  return request.access.refuse(
    'information_request',
    id,
    { attempted, reason: found ? 'agency_scope' : 'no_such_record' },
    'Information request'
  );
}

async function renderRequest(
  reply: FastifyReply,
  request: FastifyRequest,
  deps: AppDeps,
  found: FoundRequest,
  form: { values?: FormValues; errors?: FormErrors; conflict?: boolean }
) {
  const child = await request.access.readRequestedChild(found.id, found.person_id!, (db) =>
    loadRequestedChild(db, found.person_id!, found.contact_id)
  );
  const now = deps.clock.now();
  const state = stateOf(found, now);
  return reply.view(`${VIEWS}/request.njk`, {
    pageTitle: `Information request about ${child.given_name} ${child.family_name}`,
    informationRequest: found,
    child,
    state,
    lateBy: state === 'late' ? lateBy(found.due_at, now) : null,
    consentLabel: CONSENT_LABELS[found.consent_status],
    values: form.values ?? { version: String(found.version) },
    errors: form.errors,
    conflict: form.conflict ?? false,
  });
}
