import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../clock.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { hitRateLimit } from './rate-limit.ts';

/**
 * Partner API keys look like `fdk_<prefix>_<secret>`. The 8-character prefix is stored in clear to
 * find the row (it is an identifier, not a secret); only the secret's hash is stored.
 */
const KEY_PATTERN = /^fdk_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/;

/** The key a partner system presented, once checked. */
export interface PartnerApiKey {
  id: number;
  agencyId: number;
  name: string;
}

export interface NewApiKey {
  /** Shown to the administrator once; never stored. */
  key: string;
  prefix: string;
  keyHash: string;
}

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(6).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { key: `fdk_${prefix}_${secret}`, prefix, keyHash: hashSecret(secret) };
}

/**
 * SHA-256, not Argon2: the secret is 256 random bits, so it cannot be guessed from its hash and a
 * slow hash would only slow every API call down. Slow hashes are for low-entropy passwords.
 */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** The active key this string is, or null for a malformed, unknown or revoked key. */
export async function authenticateApiKey(
  db: Db,
  presented: string,
  now: Date
): Promise<PartnerApiKey | null> {
  const parsed = parseApiKey(presented);
  if (!parsed) return null;
  const row = await db
    .selectFrom('partner_api_key')
    .select(['id', 'agency_id', 'name', 'key_hash', 'revoked_at'])
    .where('prefix', '=', parsed.prefix)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || !secretMatches(parsed.secret, row.key_hash)) return null;
  await db.updateTable('partner_api_key').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return { id: row.id, agencyId: row.agency_id, name: row.name };
}

/** `Authorization: Bearer fdk_…`, or `X-API-Key: fdk_…` for systems that cannot set Authorization. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const header = request.headers['x-api-key'];
  return bearer ?? (typeof header === 'string' ? header.trim() : undefined);
}

export const PARTNER_API_LIMIT = { perMinute: 120 } as const;

const keyByRequest = new WeakMap<FastifyRequest, PartnerApiKey>();

/**
 * An onRequest hook for partner-system routes, which are `public` to the session route guard:
 * answers 401 unless the request carries an active key, audits every use and limits each key's rate.
 */
export function requirePartnerApiKey(deps: { db: Db; clock: Clock }): onRequestAsyncHookHandler {
  return async function checkPartnerApiKey(request, reply) {
    const presented = presentedApiKey(request);
    if (!presented) return refuseKey(reply, 'Present your API key in the Authorization header: Bearer fdk_…');
    const now = deps.clock.now();
    const key = await authenticateApiKey(deps.db, presented, now);
    if (!key) return refuseKey(reply, 'The API key is not valid or has been revoked');
    await auditKeyUse(deps.db, request, key, now);
    const limit = await hitRateLimit(deps.db, `partner-api:${key.id}`, PARTNER_API_LIMIT.perMinute, 60, now);
    if (!limit.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(limit.retryAfterSeconds))
        .send({ error: `Too many requests: at most ${PARTNER_API_LIMIT.perMinute} a minute for each key` });
    }
    keyByRequest.set(request, key);
  };
}

/** The key `requirePartnerApiKey` accepted for this request. */
export function partnerApiKeyOf(request: FastifyRequest): PartnerApiKey {
  const key = keyByRequest.get(request);
  if (!key) throw new Error('No partner API key on this request: add requirePartnerApiKey to the route');
  return key;
}

function refuseKey(reply: FastifyReply, error: string) {
  return reply.code(401).header('www-authenticate', 'Bearer realm="Front Door"').send({ error });
}

function auditKeyUse(db: Db, request: FastifyRequest, key: PartnerApiKey, now: Date): Promise<void> {
  return writeAudit(
    db,
    {
      action: 'api_key.used',
      actorAgencyId: key.agencyId,
      recordType: 'partner_api_key',
      recordId: key.id,
      ip: request.ip,
      requestId: request.id,
      details: { route: `${request.method} ${request.routeOptions.url}` },
    },
    now
  );
}
