import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createViewEnvironment } from './views.ts';
import { hasPermission, ROLE_LABELS, type Permission } from '../access/permissions.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks template inside the service layout and sends it. */
    view(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
  }
}

interface NavigationItem {
  text: string;
  href: string;
  permission: Permission;
}

/** The service navigation: each role sees only what it may open. */
const NAVIGATION: NavigationItem[] = [
  { text: 'Home', href: '/', permission: 'home:view' },
  { text: 'Incoming contacts', href: '/contacts', permission: 'contact:read' },
  { text: 'Decisions', href: '/decisions', permission: 'decision:authorise' },
  { text: 'Work', href: '/work', permission: 'contact:read' },
  { text: 'Out of hours', href: '/out-of-hours', permission: 'contact:read' },
  { text: 'MASH meeting', href: '/mash-meeting', permission: 'screening:record' },
  { text: 'Find a person', href: '/people', permission: 'person:search' },
  { text: 'Likely duplicates', href: '/people/duplicates', permission: 'person:deduplicate' },
  { text: 'Information requests', href: '/information-requests', permission: 'information_request:respond' },
  { text: 'MASH meetings', href: '/mash-meeting/partner', permission: 'information_request:respond' },
  { text: 'Handovers', href: '/handovers', permission: 'handover:respond' },
  { text: 'Alerts', href: '/alerts', permission: 'alert:acknowledge' },
  { text: 'Notifications', href: '/notifications', permission: 'home:view' },
  { text: 'Consultations', href: '/consultations', permission: 'consultation:record' },
  { text: 'Census fixes', href: '/returns/readiness/team', permission: 'onward:record' },
  { text: 'Performance', href: '/performance', permission: 'performance:view' },
  { text: 'Assurance', href: '/assurance', permission: 'assurance:view' },
  { text: 'Returns', href: '/returns', permission: 'returns:export' },
  { text: 'Audit trail', href: '/admin/audit', permission: 'audit:search' },
  { text: 'API keys', href: '/admin/api-keys', permission: 'api_key:manage' },
  { text: 'Thresholds', href: '/admin/thresholds', permission: 'threshold:manage' },
  { text: 'Decision outcomes', href: '/admin/outcomes', permission: 'outcome:manage' },
  { text: 'Localities', href: '/admin/localities', permission: 'council:configure' },
];

export interface ViewOptions {
  /**
   * The council's name for the header, read for each page: a rename — by first-run set-up, an
   * administrator, or another process on the same database — shows on the next page. A signed-in request
   * has it already, read with its session; this reads it for the others.
   */
  councilName: () => Promise<string>;
  /** Where the council's logo is served, if it has one. */
  councilLogoUrl?: string;
  /** Extra layout data for the signed-in actor, such as alerts that must show on every page. */
  layoutExtras?: (request: FastifyRequest) => Promise<Record<string, unknown>>;
}

export function registerViews(app: FastifyInstance, options: ViewOptions): void {
  const env = createViewEnvironment();
  app.decorateReply('view', async function (template: string, context: Record<string, unknown> = {}) {
    const csrfToken = await this.generateCsrf();
    const signedIn = this.request.session?.secondFactorDone === true;
    const extras = signedIn && options.layoutExtras ? await options.layoutExtras(this.request) : {};
    const html = env.render(template, {
      ...layoutContext(this.request, this.request.session?.councilName ?? (await options.councilName())),
      councilLogoUrl: options.councilLogoUrl,
      ...extras,
      csrfToken,
      ...context,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });
}

function layoutContext(request: FastifyRequest, councilName: string) {
  const session = request.session;
  const actor = session?.secondFactorDone ? session.actor : null;
  const path = request.url.split('?')[0] ?? '/';
  return {
    councilName,
    signedIn: session !== null,
    actor,
    roleLabel: actor ? ROLE_LABELS[actor.role] : null,
    /** Whether the signed-in user may do this: a page shows a link only to someone it would open for. */
    may: (permission: Permission) => actor !== null && hasPermission(actor.role, permission),
    navigation: actor
      ? NAVIGATION.filter((item) => hasPermission(actor.role, item.permission)).map((item) => ({
          text: item.text,
          href: item.href,
          active: item.href === '/' ? path === '/' : path.startsWith(item.href),
        }))
      : [],
  };
}
