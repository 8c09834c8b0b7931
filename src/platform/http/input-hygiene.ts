import type { FastifyInstance } from 'fastify';
import { impossibleIsoDate } from './dates.ts';
import { sendRequestProblem, type RequestIssue } from './error-pages.ts';
import { isApiRequest } from './route-guard.ts';

/** No form or API body nests this deep; a body that does is an attack, not data. */
const MAX_DEPTH = 32;

type Finding = { kind: 'nul' | 'depth' | 'date'; path: string };

/**
 * Checks every request's path params, query and body before any route sees them, so no route can fail
 * on them:
 * - a NUL character anywhere (PostgreSQL cannot store one in text or JSON) → 400;
 * - a body nested deeper than 32 levels → 400;
 * - on the API, after the route's own validation, any whole ISO date or date-time that does not exist
 *   or is outside 1900–2100 (`0000-01-01`, `99999-12-31`) → 400 naming the field.
 * Runs after the route guard, so a caller without access learns nothing from it.
 */
export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    if (request.is404) return;
    const finding =
      scan(request.params, '', 0, false) ??
      scan(request.query, '', 0, false) ??
      scan(request.body, '', 0, false);
    if (!finding) return;
    const message =
      finding.kind === 'nul'
        ? 'The request contains a null character (\\u0000), which is not allowed. Remove it and try again.'
        : `The request is nested more than ${MAX_DEPTH} levels deep.`;
    await sendRequestProblem(request, reply, {
      status: 400,
      message,
      issues: [{ path: finding.path, message }],
      beforeHandler: true,
    });
    return reply;
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.is404 || !isApiRequest(request)) return;
    const finding = scan(request.query, '', 0, true) ?? scan(request.body, '', 0, true);
    if (!finding || finding.kind !== 'date') return;
    const issue: RequestIssue = {
      path: finding.path,
      message: 'Must be a real date between 1900 and 2100, in the format YYYY-MM-DD',
    };
    await sendRequestProblem(request, reply, {
      status: 400,
      message: 'The request is not valid',
      issues: [issue],
      beforeHandler: true,
    });
    return reply;
  });
}

function scan(value: unknown, path: string, depth: number, dates: boolean): Finding | null {
  if (depth > MAX_DEPTH) return { kind: 'depth', path };
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { kind: 'nul', path };
    if (dates && impossibleIsoDate(value.trim())) return { kind: 'date', path };
    return null;
  }
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    return dates && (Number.isNaN(year) || year < 1900 || year > 2100) ? { kind: 'date', path } : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = scan(item, `${path}/${index}`, depth + 1, dates);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const where = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.includes('\u0000')) return { kind: 'nul', path: where.split('\u0000').join('\\u0000') };
      const found = scan(item, where, depth + 1, dates);
      if (found) return found;
    }
  }
  return null;
}
