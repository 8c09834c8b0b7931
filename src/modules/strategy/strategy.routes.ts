import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';

export function registerStrategyRoutes(app: FastifyInstance, deps: AppDeps): void {
  void app;
  void deps;
}
