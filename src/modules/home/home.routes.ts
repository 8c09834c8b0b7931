import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import type { Role } from '../../platform/db/schema.ts';
import { councilSettingsOf, signedInActor } from '../../platform/http/request-context.ts';
import { describeCode } from '../people/code-labels.ts';
import { loadNotificationSummary } from '../work/notifications.ts';
import { workSummary } from './work-summary.ts';

/** Each role's home page: the work waiting for them, overdue work first for managers, and notifications. */
const HOME_TITLES: Record<Role, string> = {
  front_door_practitioner: 'Your front door work',
  team_manager: 'Your team',
  service_manager: 'Your service',
  partner_agency_practitioner: 'Information requests for your agency',
  out_of_hours_worker: 'Out-of-hours work',
  qa_officer: 'Quality assurance',
  performance_analyst: 'Performance and returns',
  senior_leader: 'Front door overview',
  administrator: 'Administration',
};

export function registerHomeRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/', { config: { permission: 'home:view' } }, async (request, reply) => {
    const actor = signedInActor(request);
    const now = deps.clock.now();
    const [summary, notifications] = await Promise.all([
      workSummary(request.access, deps.db, now, await councilSettingsOf(request, deps.db)),
      loadNotificationSummary(deps.db, actor),
    ]);
    return reply.view('modules/home/views/home.njk', {
      pageTitle: HOME_TITLES[actor.role],
      role: actor.role,
      userId: actor.userId,
      ...summary,
      notifications,
      now,
      describe: describeCode,
    });
  });
}
