import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { countUnread, listNotifications, markNotificationRead } from './notifications.ts';
import { idParams } from '../../platform/http/params.ts';

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
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Notification');
    const actor = signedInActor(request);
    await request.access.recordChange('home:view', 'notification.read', async (trx) => {
      if (!(await markNotificationRead(trx, actor, params.data.id, deps.clock.now())))
        throw new RecordNotFoundError('Notification');
      return { recordType: 'notification', recordId: params.data.id, result: null };
    });
    return reply.redirect('/notifications', 303);
  });
}
