import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { describeCode } from '../people/code-labels.ts';
import { OPEN_STATUSES } from '../screening/queue.ts';
import { registerNotificationRoutes } from './notifications.routes.ts';
import { registerOutOfHoursRoutes } from './out-of-hours.routes.ts';
import { registerMashMeetingRoutes } from './mash-meeting.routes.ts';
import { loadWorkQueues } from './queues.ts';

/** Work management and safety: queues and caseloads, notifications, out of hours and the MASH meeting. */
export function registerWorkRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerNotificationRoutes(app, deps);
  registerOutOfHoursRoutes(app, deps);
  registerMashMeetingRoutes(app, deps);

  app.get('/work', { config: { permission: 'contact:read' } }, async (request, reply) => {
    const now = deps.clock.now();
    const queues = await request.access.withPermission(
      'contact:read',
      { action: 'work.queue_view', recordType: 'contact' },
      (db) => loadWorkQueues(db, now)
    );
    return reply.view('modules/work/views/work.njk', {
      pageTitle: 'Queues and caseloads',
      ...queues,
      now,
      statuses: OPEN_STATUSES.map((status) => ({ status, label: describeCode('contactStatus', status) })),
    });
  });
}
