import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  // An empty value means unset, as in `DATABASE_URL= npm start`.
  DATABASE_URL: z.preprocess((value) => (value === '' ? undefined : value), z.string().url().optional()),
  /** PostgreSQL as the role that owns the tables: runs migrations and grants DATABASE_URL's role its rights. */
  MIGRATION_DATABASE_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().url().optional()
  ),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set when the service is behind TLS so cookies get the Secure flag. */
  SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** The council's logo for the page header: the path of an SVG or PNG file. */
  COUNCIL_LOGO: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  /** Proxy hops to trust for the client address (behind a load balancer). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Sign-in with the council's identity provider (OpenID Connect): issuer, client id and secret, or none. */
  OIDC_ISSUER: optional(z.string().url()),
  OIDC_CLIENT_ID: optional(z.string()),
  OIDC_CLIENT_SECRET: optional(z.string()),
  /** Registered at the provider; derived from the request (…/sign-in/oidc/callback) when unset. */
  OIDC_REDIRECT_URL: optional(z.string().url()),
  /** The sign-in button says "Sign in with" this, e.g. Microsoft. */
  OIDC_PROVIDER_NAME: optional(z.string().max(60)),
  /** Accept an email claim without email_verified: only for the council's own directory (see README). */
  OIDC_TRUST_EMAIL_CLAIM: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

/** An empty value means unset. */
function optional<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
