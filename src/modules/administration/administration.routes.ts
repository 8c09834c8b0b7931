import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { VIEWS } from './admin-pages.ts';
import { registerStaffRoutes } from './staff.routes.ts';
import { registerCouncilRoutes } from './council.routes.ts';
import { registerLetterTemplateRoutes } from './letter-templates.routes.ts';
import { registerOutOfHoursRoutes } from './out-of-hours.routes.ts';

/** The council's administration (issue 18): staff, teams, agencies, timescales, hours and closures. */
export function registerAdministrationRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/admin', { config: { permission: 'council:configure' } }, async (_request, reply) => {
    const settings = await councilSettings(deps.db);
    return reply.view(`${VIEWS}/index.njk`, {
      pageTitle: 'Administration',
      dutyLineMissing: !settings.dutyContact.line || !settings.dutyContact.outOfHours,
    });
  });
  registerStaffRoutes(app, deps);
  registerCouncilRoutes(app, deps);
  registerLetterTemplateRoutes(app, deps);
  registerOutOfHoursRoutes(app, deps);
}
