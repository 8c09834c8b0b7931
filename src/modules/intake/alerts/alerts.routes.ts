import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { idParams } from '../../../platform/http/params.ts';

/** The duty manager's on-screen alerts: contacts recorded with immediate risk of significant harm. */
export function registerAlertRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const acknowledge = { config: { permission: 'alert:acknowledge' } } as const;

  app.get('/alerts', acknowledge, async (request, reply) => {
    const alerts = await request.access.listContacts({ alerts: 'recent' }, (db, visible) =>
      db
        .selectFrom('alert')
        .innerJoin('contact', 'contact.id', 'alert.contact_id')
        .innerJoin('contact_child', 'contact_child.contact_id', 'contact.id')
        .leftJoin('staff_user', 'staff_user.id', 'alert.acknowledged_by')
        .where(visible)
        .select([
          'alert.id',
          'alert.raised_at',
          'alert.acknowledged_at',
          'staff_user.display_name as acknowledged_by',
          'contact.id as contact_id',
          'contact.reference',
          'contact.summary',
        ])
        .distinctOn(['alert.raised_at', 'alert.id'])
        .orderBy('alert.raised_at', 'desc')
        .orderBy('alert.id')
        .limit(100)
        .execute()
    );
    return reply.view('modules/intake/alerts/views/alerts.njk', {
      pageTitle: 'Immediate-risk alerts',
      alerts,
    });
  });

  app.post('/alerts/:id/acknowledge', acknowledge, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Alert');
    const alert = await deps.db
      .selectFrom('alert')
      .select(['id', 'contact_id'])
      .where('id', '=', params.data.id)
      .executeTakeFirst();
    if (!alert) throw new RecordNotFoundError('Alert');
    // Reading the contact checks the manager may see the children it is about.
    await request.access.readContact(alert.contact_id, async () => null);
    await request.access.recordChange('alert:acknowledge', 'alert.acknowledge', async (trx) => {
      await trx
        .updateTable('alert')
        .set({ acknowledged_by: signedInActor(request).userId, acknowledged_at: deps.clock.now() })
        .where('id', '=', alert.id)
        .where('acknowledged_at', 'is', null)
        .execute();
      return {
        recordType: 'contact',
        recordId: alert.contact_id,
        result: null,
        details: { alertId: alert.id },
      };
    });
    return reply.redirect(`/contacts/${alert.contact_id}`, 303);
  });
}
