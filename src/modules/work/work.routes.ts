import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { describeCode } from '../people/code-labels.ts';
import { OPEN_STATUSES } from '../screening/queue.ts';
import { registerNotificationRoutes } from './notifications.routes.ts';
import { registerOutOfHoursRoutes } from './out-of-hours.routes.ts';
import { registerMashMeetingRoutes } from './mash-meeting.routes.ts';
import { loadWorkQueues } from './queues.ts';
import { councilCalendar } from '../../platform/council/council-settings.ts';
import { listOpenEnquiries } from '../strategy/strategy-discussions.ts';
import { contactIdVisibleTo } from '../../platform/access/record-access.ts';

/** Work management and safety: queues and caseloads, notifications, out of hours and the MASH meeting. */
export function registerWorkRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerNotificationRoutes(app, deps);
  registerOutOfHoursRoutes(app, deps);
  registerMashMeetingRoutes(app, deps);

  app.get('/work', { config: { permission: 'contact:read' } }, async (request, reply) => {
    const now = deps.clock.now();
    const calendar = await councilCalendar(deps.db);
    const queues = await request.access.withPermission(
      'contact:read',
      { action: 'work.queue_view', recordType: 'contact' },
      async (db) => ({
        ...(await loadWorkQueues(db, now)),
        // Open section 47 enquiries sit in their owners' queue, whatever became of the front door's contact.
        enquiries: await listOpenEnquiries(db, now, calendar, {
          visible: contactIdVisibleTo(request.access.actor, 'contact.id'),
        }),
      })
    );
    return reply.view('modules/work/views/work.njk', {
      pageTitle: 'Queues and caseloads',
      ...queues,
      now,
      statuses: OPEN_STATUSES.map((status) => ({ status, label: describeCode('contactStatus', status) })),
    });
  });
}
