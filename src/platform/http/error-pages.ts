import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { PermissionDeniedError, RecordNotFoundError } from '../access/record-access.ts';
import { isApiRequest } from './route-guard.ts';

export interface RequestIssue {
  /** JSON pointer to the field, e.g. /children/0/dateOfBirth; '' for the request as a whole. */
  path: string;
  message: string;
}

/** Headings for the web page of each refusal; the message under it says what exactly was wrong. */
const HEADINGS: Record<number, string> = {
  400: 'There is a problem with the request',
  405: 'This page cannot be used that way',
  406: 'There is a problem with the request',
  411: 'There is a problem with the request',
  413: 'The form is too large to send',
  414: 'The web address is too long',
  415: 'The form was sent in a way Front Door cannot read',
  431: 'There is a problem with the request',
};

/** Fastify's own refusals, each with a message that says what was wrong. */
const FRAMEWORK_MESSAGES: Record<string, { api: string; web: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    api: 'The body is not valid JSON. Check the brackets, quotes and commas.',
    web: 'The request body could not be read.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    api: 'The body is empty: send a JSON object.',
    web: 'The request body was empty.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    api: 'The body is too large.',
    web: 'What was entered is too long to send. Shorten the longest answers and try again.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    api: 'Send the body as JSON, with Content-Type: application/json.',
    web: 'The form was not sent as a web form. Use the form on the page.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    api: 'The Content-Length header does not match the body.',
    web: 'The form did not arrive whole. Try again.',
  },
  FST_ERR_BAD_URL: {
    api: 'The web address is not valid.',
    web: 'The web address is not valid. Check it is typed correctly.',
  },
  FST_ERR_VALIDATION: {
    api: 'The request is not valid.',
    web: 'Some of what was sent is not valid.',
  },
};

/**
 * PostgreSQL "data exceptions" (SQLSTATE class 22), a reference to a row that does not exist and an
 * over-complex statement come from a value in the request that no check caught first: a refusal of the
 * request, not a fault in the service. Logged as a warning (redacted), so the missing check is seen.
 */
const DATABASE_VALUE_MESSAGES: Record<string, string> = {
  '22001': 'A value in the request is too long.',
  '22003': 'A number in the request is too large or too small.',
  '22007': 'A date or time in the request is not a real date or time.',
  '22008': 'A date or time in the request is not a real date or time.',
  '22021': 'The request contains a character that is not allowed.',
  '22P05': 'The request contains a character that is not allowed.',
  '22P02': 'A value in the request is not in the expected format.',
  '54001': 'The request is too complex.',
  // A chosen team, person or option that does not exist (or no longer does): a stale or altered form.
  '23503':
    'Something chosen in the form does not exist or no longer exists. Reload the page and choose again.',
};

function databaseValueProblem(error: unknown): string | null {
  const code = (error as { code?: unknown; severity?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (!('severity' in (error as object))) return null;
  if (DATABASE_VALUE_MESSAGES[code]) return DATABASE_VALUE_MESSAGES[code];
  return code.startsWith('22') ? 'A value in the request is not valid.' : null;
}

/**
 * A refusal that says what was wrong: a JSON problem body (`error` and `issues`) for the API, a page
 * for the web. The API body is serialised as it is, never through the route's response schema, so the
 * refusal itself can never fail.
 */
export function sendRequestProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { status: number; message: string; issues?: RequestIssue[]; beforeHandler?: boolean }
) {
  const { status, message } = options;
  if (isApiRequest(request)) {
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .serializer((payload: unknown) => JSON.stringify(payload))
      .send({ error: message, issues: options.issues ?? [{ path: '', message }] });
  }
  return reply.code(status).view('platform/views/errors/request-problem.njk', {
    pageTitle: HEADINGS[status] ?? HEADINGS[400],
    heading: HEADINGS[status] ?? HEADINGS[400],
    message,
    requestId: request.id,
    beforeHandler: options.beforeHandler ?? false,
  });
}

/** Accessible GOV.UK error pages for the web, JSON problem bodies for the API. */
export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler({}, (request, reply) => notFound(request, reply));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RecordNotFoundError) return notFound(request, reply);
    if (error instanceof PermissionDeniedError) {
      if (isApiRequest(request)) return apiError(reply, 403, 'You do not have permission to do this');
      return reply
        .code(403)
        .view('platform/views/errors/forbidden.njk', { pageTitle: 'You do not have permission' });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: issue.instancePath,
        message: issue.message ?? 'Not valid',
      }));
      return sendRequestProblem(request, reply, {
        status: 400,
        message: isApiRequest(request)
          ? 'The request is not valid'
          : issues.map((issue) => issue.message).join('. '),
        issues,
        beforeHandler: true,
      });
    }
    if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') {
      return reply
        .code(403)
        .view('platform/views/errors/session-form.njk', { pageTitle: 'The form had expired' });
    }
    const databaseProblem = databaseValueProblem(error);
    if (databaseProblem) {
      request.log.warn({ err: error }, 'request refused: the database rejected a value');
      return sendRequestProblem(request, reply, { status: 400, message: databaseProblem });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      if (error.statusCode === 404) return notFound(request, reply);
      const known = error.code ? FRAMEWORK_MESSAGES[error.code] : undefined;
      const api = isApiRequest(request);
      const message = known
        ? api
          ? known.api
          : known.web
        : api
          ? error.message
          : defaultMessage(error.statusCode);
      return sendRequestProblem(request, reply, { status: error.statusCode, message, beforeHandler: true });
    }
    request.log.error({ err: error }, 'request failed');
    if (isApiRequest(request)) return apiError(reply, 500, 'Something went wrong', { requestId: request.id });
    return reply.code(500).view('platform/views/errors/problem.njk', {
      pageTitle: 'Sorry, there is a problem',
      requestId: request.id,
    });
  });
}

function defaultMessage(status: number): string {
  if (status === 405) return 'This address does not accept that kind of request.';
  if (status === 413) return FRAMEWORK_MESSAGES.FST_ERR_CTP_BODY_TOO_LARGE!.web;
  if (status === 415) return FRAMEWORK_MESSAGES.FST_ERR_CTP_INVALID_MEDIA_TYPE!.web;
  return 'Some of what was sent could not be understood.';
}

function apiError(reply: FastifyReply, status: number, error: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send({ error, ...extra });
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) return apiError(reply, 404, 'Not found');
  return reply.code(404).view('platform/views/errors/not-found.njk', { pageTitle: 'Page not found' });
}
