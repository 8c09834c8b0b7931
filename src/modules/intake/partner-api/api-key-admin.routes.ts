import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { formError, formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { requiredText } from '../../../platform/http/form-fields.ts';
import { createApiKey, findApiKey, listAgencies, listApiKeys, revokeApiKey } from './api-keys.service.ts';
import { idParam } from '../../../platform/http/params.ts';

const VIEWS = 'modules/intake/partner-api/views';
const MANAGE = { config: { permission: 'api_key:manage' } } as const;

const newKeyForm = z.object({
  agencyId: z
    .string({ error: 'Choose the agency this key is for' })
    .regex(/^\d+$/, 'Choose the agency this key is for')
    .transform(Number),
  name: requiredText(100, 'Enter a name for the key, for example the partner system it is for'),
});

const revokeForm = z.object({
  reason: requiredText(500, 'Enter why you are revoking this key'),
});

const keyId = idParam;

/** Administrators issue and revoke the API keys partner systems use to send contacts. */
export function registerApiKeyAdminRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;

  app.get('/admin/api-keys', MANAGE, async (request, reply) => {
    const revokedId = keyId.safeParse((request.query as { revoked?: string }).revoked).data;
    const revoked = revokedId ? await findApiKey(db, revokedId) : undefined;
    return reply.view(`${VIEWS}/api-keys.njk`, {
      pageTitle: 'Partner API keys',
      keys: await listApiKeys(db),
      revoked: revoked?.revoked_at ? revoked : undefined,
    });
  });

  app.get('/admin/api-keys/new', MANAGE, async (_request, reply) => renderNewKey(reply, db, {}));

  app.post('/admin/api-keys/new', MANAGE, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const parsed = newKeyForm.safeParse(body);
    if (!parsed.success) return renderNewKey(reply.code(400), db, body, formErrors(parsed.error));
    const agencies = await listAgencies(db);
    const agency = agencies.find((candidate) => candidate.id === parsed.data.agencyId);
    if (!agency) {
      return renderNewKey(
        reply.code(400),
        db,
        body,
        formError('agencyId', 'Choose the agency this key is for')
      );
    }
    const created = await createApiKey(request.access, { ...parsed.data, now: clock.now() });
    // The key is on this page only: keep it out of every cache.
    return reply.header('cache-control', 'no-store').view(`${VIEWS}/api-key-created.njk`, {
      pageTitle: 'API key created',
      key: created.key,
      name: parsed.data.name,
      agency: agency.name,
    });
  });

  app.get('/admin/api-keys/:id/revoke', MANAGE, async (request, reply) => {
    const key = await activeKeyOf(db, request);
    if (key === undefined) return reply.callNotFound();
    if (key === null) return reply.redirect('/admin/api-keys', 303);
    return reply.view(`${VIEWS}/api-key-revoke.njk`, { pageTitle: 'Revoke an API key', key, values: {} });
  });

  app.post('/admin/api-keys/:id/revoke', MANAGE, async (request, reply) => {
    const key = await activeKeyOf(db, request);
    if (key === undefined) return reply.callNotFound();
    if (key === null) return reply.redirect('/admin/api-keys', 303);
    const body = (request.body ?? {}) as Record<string, string>;
    const parsed = revokeForm.safeParse(body);
    if (!parsed.success) {
      return reply.code(400).view(`${VIEWS}/api-key-revoke.njk`, {
        pageTitle: 'Revoke an API key',
        key,
        values: body,
        errors: formErrors(parsed.error),
      });
    }
    await revokeApiKey(db, {
      id: key.id,
      reason: parsed.data.reason,
      actor: signedInActor(request),
      origin: { ip: request.ip, requestId: request.id },
      now: clock.now(),
    });
    return reply.redirect(`/admin/api-keys?revoked=${key.id}`, 303);
  });
}

async function renderNewKey(
  reply: FastifyReply,
  db: Db,
  values: Record<string, string>,
  errors?: FormErrors
): Promise<FastifyReply> {
  return reply.view(`${VIEWS}/api-key-new.njk`, {
    pageTitle: 'Create an API key',
    agencies: await listAgencies(db),
    values,
    errors,
  });
}

/** The key named in the URL: undefined when there is none, null when it is already revoked. */
async function activeKeyOf(db: Db, request: FastifyRequest) {
  const id = keyId.safeParse((request.params as { id: string }).id);
  const key = id.success ? await findApiKey(db, id.data) : undefined;
  if (!key) return undefined;
  return key.revoked_at === null ? key : null;
}
