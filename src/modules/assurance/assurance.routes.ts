import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { registerAuditRoutes } from './audits/audits.routes.ts';
import { registerAuditFormRoutes } from './audits/forms.routes.ts';
import { registerAnalysisRoutes } from './analysis/analysis.routes.ts';
import { registerWorkforceRoutes } from './workforce/workforce.routes.ts';
import { registerSefRoutes } from './sef/sef.routes.ts';

/** The assurance area (/assurance): audits, threshold consistency, partner feedback, workforce and the SEF. */
export function registerAssuranceRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerAuditRoutes(app, deps);
  registerAuditFormRoutes(app, deps);
  registerAnalysisRoutes(app, deps);
  registerWorkforceRoutes(app, deps);
  registerSefRoutes(app, deps);
}
