import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { PermissionDeniedError, RecordNotFoundError } from '../access/record-access.ts';
import { isApiRequest } from './route-guard.ts';

/** Accessible GOV.UK error pages for the web, plain JSON errors for the API. */
export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler({}, (request, reply) => notFound(request, reply));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RecordNotFoundError) return notFound(request, reply);
    if (error instanceof PermissionDeniedError) {
      if (isApiRequest(request))
        return reply.code(403).send({ error: 'You do not have permission to do this' });
      return reply
        .code(403)
        .view('platform/views/errors/forbidden.njk', { pageTitle: 'You do not have permission' });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({
        error: 'The request is not valid',
        issues: error.validation.map((issue) => ({ path: issue.instancePath, message: issue.message })),
      });
    }
    if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') {
      return reply
        .code(403)
        .view('platform/views/errors/session-form.njk', { pageTitle: 'The form had expired' });
    }
    if (error.statusCode && error.statusCode < 500) {
      return isApiRequest(request)
        ? reply.code(error.statusCode).send({ error: error.message })
        : notFound(request, reply);
    }
    request.log.error({ err: error }, 'request failed');
    if (isApiRequest(request))
      return reply.code(500).send({ error: 'Something went wrong', requestId: request.id });
    return reply.code(500).view('platform/views/errors/problem.njk', {
      pageTitle: 'Sorry, there is a problem',
      requestId: request.id,
    });
  });
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) return reply.code(404).send({ error: 'Not found' });
  return reply.code(404).view('platform/views/errors/not-found.njk', { pageTitle: 'Page not found' });
}
