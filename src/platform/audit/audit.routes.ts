import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formErrors } from '../http/forms.ts';
import { AUDIT_ACTIONS } from './audit-events.ts';
import { govukPagination } from '../http/pagination.ts';
import { AUDIT_LAST_PAGE, AUDIT_PAGE_SIZE, searchAuditTrail } from './audit-search.ts';
import { registerAccessLogRoutes } from './access-log.routes.ts';

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
    // A page that is not a page number is page 1; one past the deepest offered is said so, never shown as page 1.
    page: z.coerce
      .number()
      .int()
      .min(1)
      .catch(1)
      .pipe(
        z
          .number()
          .max(
            AUDIT_LAST_PAGE,
            `Only the first ${AUDIT_LAST_PAGE} pages can be shown: narrow the search, for example by dates, to see older events`
          )
      ),
  })
  .refine((form) => !form.from || !form.to || form.from <= form.to, {
    path: ['to'],
    message: 'To date must be the same as or after the from date',
  });

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
    const found = await request.access.withPermission(
      'audit:search',
      { action: 'audit.search', recordType: 'audit_event', details: { criteria, page } },
      (db) => searchAuditTrail(db, parsed.data)
    );
    if (found.unknownUser)
      return reply.view('platform/audit/views/audit.njk', { ...context, unknownUser: true });
    const filters = Object.entries(criteria).filter(([, v]) => v) as [string, string][];
    const href = (number: number) =>
      `/admin/audit?${new URLSearchParams([...filters, ['page', String(number)]])}`;
    return reply.view('platform/audit/views/audit.njk', {
      ...context,
      ...found,
      page,
      firstShown: (page - 1) * AUDIT_PAGE_SIZE + 1,
      lastShown: (page - 1) * AUDIT_PAGE_SIZE + found.rows.length,
      pagination: found.moreThanCounted
        ? {
            previous: page > 1 ? { href: href(page - 1) } : undefined,
            next: found.hasNextPage ? { href: href(page + 1) } : undefined,
          }
        : govukPagination(page, Math.ceil(found.matched / AUDIT_PAGE_SIZE), href),
      lastPageReached: page === AUDIT_LAST_PAGE && found.moreThanCounted,
    });
  });
}
