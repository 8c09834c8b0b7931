import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { describeCode } from '../people/code-labels.ts';
import { OPEN_STATUSES } from '../screening/queue.ts';
import { registerNotificationRoutes } from './notifications.routes.ts';
import { registerOutOfHoursRoutes } from './out-of-hours.routes.ts';
import { registerMashMeetingRoutes } from './mash-meeting.routes.ts';
import { loadWorkQueues } from './queues.ts';
import { calendarOf } from '../../platform/council/council-settings.ts';
import { OPEN_ENQUIRIES_PAGE_SIZE, listOpenEnquiries } from '../strategy/strategy-discussions.ts';
import { govukPagination } from '../../platform/http/pagination.ts';
import { contactIdVisibleTo } from '../../platform/access/record-access.ts';
import { councilSettingsOf } from '../../platform/http/request-context.ts';

/** A page of the open enquiries: anything not a page number is the first. */
const enquiriesPage = z.coerce.number().int().min(1).max(100_000).catch(1);

/** Work management and safety: queues and caseloads, notifications, out of hours and the MASH meeting. */
export function registerWorkRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerNotificationRoutes(app, deps);
  registerOutOfHoursRoutes(app, deps);
  registerMashMeetingRoutes(app, deps);

  app.get('/work', { config: { permission: 'contact:read' } }, async (request, reply) => {
    const now = deps.clock.now();
    const calendar = calendarOf(await councilSettingsOf(request, deps.db));
    const page = enquiriesPage.parse((request.query as { page?: unknown } | undefined)?.page);
    const queues = await request.access.withPermission(
      'contact:read',
      { action: 'work.queue_view', recordType: 'contact' },
      async (db) => ({
        ...(await loadWorkQueues(db, now)),
        // Open section 47 enquiries sit in their owners' queue, whatever became of the front door's contact.
        ...(await listOpenEnquiries(db, now, calendar, {
          visible: contactIdVisibleTo(request.access.actor, 'contact.id'),
          page,
        })),
      })
    );
    const pages = Math.ceil(queues.total / OPEN_ENQUIRIES_PAGE_SIZE);
    // A page past the end (enquiries closed since the link was made): back to the first.
    if (page > 1 && queues.enquiries.length === 0) return reply.redirect('/work#enquiries', 303);
    const href = (number: number) => `/work?page=${number}#enquiries`;
    return reply.view('modules/work/views/work.njk', {
      pageTitle: 'Queues and caseloads',
      ...queues,
      firstEnquiry: (page - 1) * OPEN_ENQUIRIES_PAGE_SIZE + 1,
      // Past the count, previous and next only: how many pages there are is not known.
      pagination: queues.moreThanCounted
        ? {
            previous: page > 1 ? { href: href(page - 1) } : undefined,
            next: queues.hasNextPage ? { href: href(page + 1) } : undefined,
          }
        : govukPagination(page, pages, href),
      now,
      statuses: OPEN_STATUSES.map((status) => ({ status, label: describeCode('contactStatus', status) })),
    });
  });
}
