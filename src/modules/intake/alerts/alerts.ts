import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import { hasPermission } from '../../../platform/access/permissions.ts';

/** How many immediate-risk alerts no manager has picked up: shown on every page to those who act on them. */
export async function openAlertBanner(db: Db, request: FastifyRequest): Promise<{ openAlerts?: number }> {
  const actor = request.session?.actor;
  if (!actor || !hasPermission(actor.role, 'alert:acknowledge')) return {};
  const row = await db
    .selectFrom('alert')
    .where('acknowledged_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('open'))
    .executeTakeFirstOrThrow();
  return { openAlerts: Number(row.open) };
}
