import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';

export function registerThresholdRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app;
  void deps;
}
