import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordNotFoundError } from '../access/record-access.ts';

/** The largest id a PostgreSQL `integer` (serial) column holds: 2^31 - 1. */
export const MAX_ID = 2_147_483_647;

/**
 * A record id in a path or a filter: plain digits, 1 to 2^31 - 1. Anything else (`-1`, `1e3`, `0x1F`,
 * `2147483648`) is not an id of any record, so the route answers 404 (or the filter is ignored) instead
 * of the database failing on it.
 */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .pipe(z.number().int().max(MAX_ID));

/** Params of a route with one record id, `/things/:id`. */
export const idParams = z.object({ id: idParam });

/** The record id in a route's path; a path whose id is not one answers "not found", as a missing record would. */
export function recordIdOf(request: FastifyRequest, record: string): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError(record);
  return params.data.id;
}
