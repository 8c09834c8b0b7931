import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/session-store.ts';
import { PARTNER_API_LIMIT } from '../auth/api-key.ts';

/** The shared parts of the /api/v1 OpenAPI document: how callers authenticate, and the error answers. */

export const API_SECURITY_SCHEMES = {
  partnerApiKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'A per-agency API key (fdk_…) issued by the council’s administrators.',
  },
  partnerApiKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'The same key in X-API-Key, for systems that cannot set Authorization.',
  },
  staffSession: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `The session of a member of staff signed in to Front Door in the browser (named __Host-${SESSION_COOKIE} over HTTPS). For the service’s own pages; partner API keys are not accepted.`,
  },
} as const;

type SecurityRequirement = Record<keyof typeof API_SECURITY_SCHEMES, string[]>;

/** A partner agency's API key, presented either way. */
export const PARTNER_API_KEY_SECURITY: Partial<SecurityRequirement>[] = [
  { partnerApiKey: [] },
  { partnerApiKeyHeader: [] },
];

/** A signed-in member of staff, from the service's own pages. */
export const STAFF_SESSION_SECURITY: Partial<SecurityRequirement>[] = [{ staffSession: [] }];

/** An error answer, with one example of its message. */
export function apiErrorResponse(description: string, example: string) {
  return z.object({ error: z.string() }).meta({ description, examples: [{ error: example }] });
}

/** A refused request, as sendRequestProblem answers it: each problem with the JSON path of its field. */
export function requestProblemResponse(description: string, example: { path: string; message: string }) {
  return z
    .object({
      error: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).meta({
        description: 'Each problem, with the JSON path of the field, for example /summary.',
      }),
    })
    .meta({ description, examples: [{ error: 'The request is not valid', issues: [example] }] });
}

/** A partner's key missing, not valid or revoked (401). */
export const partnerKeyRefusedResponse = () =>
  apiErrorResponse(
    'No API key, or one that is not valid or has been revoked',
    'The API key is not valid or has been revoked'
  );

/** A partner's key over its rate limit (429). */
export const tooManyRequestsResponse = () =>
  apiErrorResponse(
    'Too many requests with this key; wait for Retry-After seconds',
    `Too many requests: at most ${PARTNER_API_LIMIT.perMinute} a minute for each key`
  );

/** The groups of operations, in the order the document shows them. */
export const API_TAGS = [
  { name: 'partner', description: 'For partner agencies’ systems, with the agency’s API key.' },
  { name: 'people', description: 'For the service’s own pages: signed-in staff only.' },
  { name: 'service', description: 'About the caller: signed-in staff only.' },
];
