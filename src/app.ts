import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db } from './platform/db/database.ts';
import type { AppDeps } from './platform/http/app-deps.ts';
import { NODE_MODULES, SOURCE_ROOT } from './platform/paths.ts';
import { registerRequestContext } from './platform/http/request-context.ts';
import { registerRouteGuard } from './platform/http/route-guard.ts';
import { registerViews } from './platform/http/render.ts';
import { registerErrorPages } from './platform/http/error-pages.ts';
import { registerCsrf } from './platform/http/csrf.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerInputHygiene } from './platform/http/input-hygiene.ts';
import { registerAuthRoutes } from './platform/auth/auth.routes.ts';
import { registerAuditRoutes } from './platform/audit/audit.routes.ts';
import { registerServiceRoutes } from './platform/http/service.routes.ts';
import { API_SECURITY_SCHEMES, API_TAGS } from './platform/http/openapi.ts';
import { registerHomeRoutes } from './modules/home/home.routes.ts';
import { registerPeopleRoutes } from './modules/people/people.routes.ts';
import { registerMergeRoutes } from './modules/people/merge/merge.routes.ts';
import { registerPersonMatchesRoutes } from './modules/people/person-matches.routes.ts';
import { registerPartnerApiRoutes } from './modules/intake/partner-api/partner-api.routes.ts';
import { registerApiKeyAdminRoutes } from './modules/intake/partner-api/api-key-admin.routes.ts';
import { registerStaffContactRoutes } from './modules/intake/staff/contact.routes.ts';
import { registerAlertRoutes } from './modules/intake/alerts/alerts.routes.ts';
import { registerLinkChildRoutes } from './modules/intake/staff/link-child.routes.ts';
import { registerLinkAdultRoutes } from './modules/intake/staff/link-adult.routes.ts';
import { registerRestrictionRoutes } from './modules/people/restriction/restriction.routes.ts';
import { openAlertBanner } from './modules/intake/alerts/alerts.ts';
import { registerOnlineRequestRoutes } from './modules/intake/online/online-request.routes.ts';
import { registerConsultationRoutes } from './modules/intake/consultation/consultation.routes.ts';
import { registerScreeningRoutes } from './modules/screening/screening.routes.ts';
import { registerCaseRoutes } from './modules/case/case.routes.ts';
import { registerDecisionRoutes } from './modules/decisions/decision.routes.ts';
import { registerOutcomeOptionRoutes } from './modules/decisions/outcome-options.routes.ts';
import { registerInformationRequestRoutes } from './modules/information-requests/information-requests.routes.ts';
import { registerLetterRoutes } from './modules/letters/letters.routes.ts';
import { registerStrategyRoutes } from './modules/strategy/strategy.routes.ts';
import { registerHandoverRoutes } from './modules/handover/handover.routes.ts';
import { registerWorkRoutes } from './modules/work/work.routes.ts';
import { registerThresholdRoutes } from './modules/thresholds/thresholds.routes.ts';
import { registerOnwardRoutes } from './modules/onward/onward.routes.ts';
import { registerReturnsRoutes } from './modules/returns/returns.routes.ts';
import { registerPerformanceRoutes } from './modules/performance/performance.routes.ts';
import { registerAssuranceRoutes } from './modules/assurance/assurance.routes.ts';
import { registerLocalityRoutes } from './modules/administration/localities.routes.ts';
import { registerAdministrationRoutes } from './modules/administration/administration.routes.ts';
import { registerFirstRunRoutes } from './modules/administration/set-up/first-run.routes.ts';
import { registerSingleSignOnRoutes } from './platform/auth/single-sign-on.routes.ts';
import { clientAssets } from './web/client-assets.ts';
import { councilStylesheets, readCouncilLogo, type CouncilLogo } from './web/council-branding.ts';

/** Builds the Front Door web application without listening, so tests can use `inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // Trust only as many proxy hops as configured, so clients cannot spoof their address.
    trustProxy: (_address: string, hop: number) => hop < (deps.trustProxy ?? 0),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: deps.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: deps.secureCookies ? undefined : false,
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Front Door API',
        version: '1.0.0',
        description:
          'JSON API for partner systems, with their agency’s API key, and for the service’s own pages. Every call is authorised and audited like the web pages.',
      },
      tags: API_TAGS,
      components: { securitySchemes: API_SECURITY_SCHEMES },
    },
    // The document describes the /api/v1 JSON API alone, not the service's HTML pages.
    transform: (route) =>
      route.url.startsWith('/api/v1/')
        ? jsonSchemaTransform(route)
        : { schema: { hide: true }, url: route.url },
    hideUntagged: false,
  });

  registerRequestContext(app, deps);
  registerRouteGuard(app, deps);
  // After the guard: NUL characters and impossible dates never reach a route; then each form's CSRF token.
  registerInputHygiene(app);
  registerCsrf(app, { secureCookies: deps.secureCookies ?? false });
  registerSecurityHeaders(app);
  const logo = deps.councilLogoFile ? await readCouncilLogo(deps.councilLogoFile) : undefined;
  registerViews(app, {
    councilName: () => councilName(deps.db),
    councilLogoUrl: logo?.url,
    layoutExtras: (request) => openAlertBanner(deps.db, request),
  });
  registerErrorPages(app);
  await registerStaticAssets(app, logo);

  registerServiceRoutes(app, deps);
  registerAuthRoutes(app, { db: deps.db, clock: deps.clock, secureCookies: deps.secureCookies ?? false });
  registerHomeRoutes(app, deps);
  registerPeopleRoutes(app, deps);
  registerMergeRoutes(app, deps);
  registerPersonMatchesRoutes(app);
  registerStaffContactRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerLinkChildRoutes(app, deps);
  registerLinkAdultRoutes(app, deps);
  registerRestrictionRoutes(app, deps);
  registerAuditRoutes(app);
  registerPartnerApiRoutes(app, deps);
  registerApiKeyAdminRoutes(app, deps);
  registerOnlineRequestRoutes(app, deps);
  registerConsultationRoutes(app, deps);
  registerScreeningRoutes(app, deps);
  registerCaseRoutes(app, deps);
  registerDecisionRoutes(app, deps);
  registerOutcomeOptionRoutes(app, deps);
  registerInformationRequestRoutes(app, deps);
  registerLetterRoutes(app, deps);
  registerStrategyRoutes(app, deps);
  registerHandoverRoutes(app, deps);
  registerWorkRoutes(app, deps);
  registerThresholdRoutes(app, deps);
  registerOnwardRoutes(app, deps);
  registerReturnsRoutes(app, deps);
  registerPerformanceRoutes(app, deps);
  registerAssuranceRoutes(app, deps);
  registerLocalityRoutes(app, deps);
  registerAdministrationRoutes(app, deps);
  registerFirstRunRoutes(app, deps);
  registerSingleSignOnRoutes(app, deps);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger()
  );
  await app.ready();
  return app;
}

async function councilName(db: Db): Promise<string> {
  const council = await db.selectFrom('council').select('name').executeTakeFirst();
  return council?.name ?? 'Front Door';
}

async function registerStaticAssets(app: FastifyInstance, logo: CouncilLogo | undefined): Promise<void> {
  const assets = await clientAssets();
  const stylesheets = await councilStylesheets();
  const folders: [string, string, (file: string) => boolean][] = [
    ['/assets/public/', path.join(SOURCE_ROOT, 'web/public'), () => true],
    // MOJ Frontend's stylesheet looks for its icons under /assets/images/; no crown or crest is served.
    [
      '/assets/images/',
      path.join(NODE_MODULES, '@ministryofjustice/frontend/moj/assets/images'),
      (file) => /^\/?icon-[\w-]+\.svg$/.test(file),
    ],
  ];
  for (const [prefix, root, allowedPath] of folders) {
    await app.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: false,
      index: false,
      wildcard: true,
      maxAge: '1h',
      allowedPath,
    });
  }
  if (logo) {
    app.get(logo.url, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply.type(logo.contentType).header('cache-control', 'public, max-age=3600').send(logo.body)
    );
  }
  app.get(
    '/assets/styles/:file',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const body = stylesheets.get((request.params as { file: string }).file);
      if (!body) return reply.code(404).type('text/plain').send('Not found');
      return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
    }
  );
  app.get(
    '/assets/app/:file',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const body = assets.get((request.params as { file: string }).file);
      if (!body) return reply.code(404).type('text/plain').send('Not found');
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(body);
    }
  );
}
