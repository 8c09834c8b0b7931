import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordIdOf } from '../../../platform/http/params.ts';
import { acknowledgeAlert, listRecentAlerts } from './alerts.service.ts';

/** The duty manager's on-screen alerts: contacts recorded with immediate risk of significant harm. */
export function registerAlertRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const acknowledge = { config: { permission: 'alert:acknowledge' } } as const;

  app.get('/alerts', acknowledge, async (request, reply) => {
    return reply.view('modules/intake/alerts/views/alerts.njk', {
      pageTitle: 'Immediate-risk alerts',
      alerts: await listRecentAlerts(request.access),
    });
  });

  app.post('/alerts/:id/acknowledge', acknowledge, async (request, reply) => {
    const id = recordIdOf(request, 'Alert');
    const { contactId } = await acknowledgeAlert(request.access, deps.db, id, deps.clock.now());
    return reply.redirect(`/contacts/${contactId}`, 303);
  });
}
