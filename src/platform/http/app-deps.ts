import type { FastifyServerOptions } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Clock } from '../clock.ts';
import type { SingleSignOnSettings } from '../auth/single-sign-on.ts';

/**
 * What the application is built from and every module's routes are given. It lives here, not in
 * app.ts, so routes depend on the platform and never on the app that registers them.
 */
export interface AppDeps {
  db: Db;
  clock: Clock;
  secureCookies?: boolean;
  trustProxy?: number;
  logger?: FastifyServerOptions['logger'];
  /** The council's logo for the header (an SVG or PNG file); without one the header shows its name alone. */
  councilLogoFile?: string;
  /** The council's OpenID Connect identity provider; unset: username, password and second factor only. */
  singleSignOn?: SingleSignOnSettings;
}
