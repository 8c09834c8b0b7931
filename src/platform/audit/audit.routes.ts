import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sql } from 'kysely';
import { formErrors } from '../http/forms.ts';
import { AUDIT_ACTIONS } from './audit-events.ts';
import type { Db } from '../db/database.ts';
import { registerAccessLogRoutes } from './access-log.routes.ts';

const PAGE_SIZE = 100;

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);
const auditSearchForm = z
  .object({
    user: optional,
    recordType: optional,
    recordId: optional,
    action: optional.refine((v) => !v || v in AUDIT_ACTIONS, 'Choose an action from the list'),
    from: optional.refine(
      (v) => !v || /^\d{4}-\d{2}-\d{2}$/.test(v),
      'From date must be a date like 2026-11-01'
    ),
    to: optional.refine((v) => !v || /^\d{4}-\d{2}-\d{2}$/.test(v), 'To date must be a date like 2026-11-30'),
    page: z.coerce.number().int().min(1).default(1),
  })
  .refine((form) => !form.from || !form.to || form.from <= form.to, {
    path: ['to'],
    message: 'To date must be the same as or after the from date',
  });

type AuditSearch = z.infer<typeof auditSearchForm>;

/** Administrators search the audit trail: who viewed, searched, exported or changed what, and when. */
export function registerAuditRoutes(app: FastifyInstance): void {
  registerAccessLogRoutes(app);
  app.get('/admin/audit', { config: { permission: 'audit:search' } }, async (request, reply) => {
    const query = request.query as Record<string, string>;
    const context = { pageTitle: 'Audit trail', values: query, actions: Object.keys(AUDIT_ACTIONS) };
    const parsed = auditSearchForm.safeParse(query);
    if (!parsed.success)
      return reply
        .code(400)
        .view('platform/audit/views/audit.njk', { ...context, errors: formErrors(parsed.error) });
    const { page, ...criteria } = parsed.data;
    const rows = await request.access.withPermission(
      'audit:search',
      { action: 'audit.search', recordType: 'audit_event', details: { criteria, page } },
      (db) => findAuditEvents(db, parsed.data)
    );
    return reply.view('platform/audit/views/audit.njk', {
      ...context,
      rows: rows.slice(0, PAGE_SIZE),
      page,
      nextPage: rows.length > PAGE_SIZE ? page + 1 : null,
      pageQuery: new URLSearchParams(
        Object.entries(criteria).filter(([, v]) => v) as [string, string][]
      ).toString(),
    });
  });
}

function findAuditEvents(db: Db, search: AuditSearch) {
  let query = db
    .selectFrom('audit_event as e')
    .leftJoin('staff_user as u', 'u.id', 'e.actor_user_id')
    .select([
      'e.id',
      'e.at',
      'e.event_class',
      'e.action',
      'e.record_type',
      'e.record_id',
      'e.reason',
      'e.ip',
      'e.details',
      'u.username',
      'u.display_name',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(PAGE_SIZE + 1)
    .offset((search.page - 1) * PAGE_SIZE);
  if (search.user) query = query.where(sql<string>`lower(u.username)`, '=', search.user.toLowerCase());
  if (search.recordType) query = query.where('e.record_type', '=', search.recordType);
  if (search.recordId) query = query.where('e.record_id', '=', search.recordId);
  if (search.action) query = query.where('e.action', '=', search.action);
  if (search.from) query = query.where('e.at', '>=', new Date(`${search.from}T00:00:00Z`));
  if (search.to)
    query = query.where('e.at', '<', new Date(new Date(`${search.to}T00:00:00Z`).getTime() + 86_400_000));
  return query.execute();
}
