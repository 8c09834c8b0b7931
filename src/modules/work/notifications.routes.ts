import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { countUnread, listNotifications, markNotificationRead } from './notifications.ts';
import { recordIdOf } from '../../platform/http/params.ts';

/** Deadline warnings and breaches raised by the sweep, for the signed-in member of staff and their team. */
export function registerNotificationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const home = { config: { permission: 'home:view' } } as const;

  app.get('/notifications', home, async (request, reply) => {
    const actor = signedInActor(request);
    const [notifications, unread] = await Promise.all([
      listNotifications(deps.db, actor),
      countUnread(deps.db, actor),
    ]);
    return reply.view('modules/work/views/notifications.njk', {
      pageTitle: 'Notifications',
      notifications,
      unread,
    });
  });

  app.post('/notifications/:id/read', home, async (request, reply) => {
    const id = recordIdOf(request, 'Notification');
    await markNotificationRead(request.access, id, deps.clock.now());
    return reply.redirect('/notifications', 303);
  });
}
