import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import Provider from 'oidc-provider';

/** A synthetic person at the identity provider, kept under their login, which is also their subject (`sub`). */
export interface TestAccount {
  email?: string;
  /** Defaults to true. */
  email_verified?: boolean;
}

export type ClaimsRewrite = (claims: Record<string, unknown>) => Record<string, unknown>;

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People who can sign in at the provider: add or change them at any time. */
  accounts: Map<string, TestAccount>;
  /**
   * From now on the token endpoint answers with the ID token's claims rewritten and signed again with the
   * provider's own key: a genuine token, but for another client or already expired (null: tokens as issued).
   */
  rewriteIdTokens(rewrite: ClaimsRewrite | null): void;
  /**
   * Follows the authorization URL through the provider's own login and consent pages as `login`, the way a
   * browser would, and answers the URL the provider sends the browser back to (the redirect URI, with
   * the code and state).
   */
  signInAs(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

const TEST_CLIENT = { clientId: 'frontdoor-test', clientSecret: 'test-only-client-secret-not-for-real-use' };

/**
 * A real OpenID Connect provider (oidc-provider, with its development login and consent pages) on a
 * random localhost port, over plain HTTP: for tests only. Any password is accepted at its login page.
 */
export async function startIdentityProvider(options: {
  redirectUris: string[];
  accounts?: Record<string, TestAccount>;
}): Promise<TestIdentityProvider> {
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey, jwk } = signingKey();
  let rewrite: ClaimsRewrite | null = null;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    async findAccount(_context: unknown, login: string) {
      const account = accounts.get(login);
      if (!account) return undefined;
      const { email_verified = true, email } = account;
      return { accountId: login, claims: () => ({ sub: login, email, email_verified }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // ID tokens carry the claims themselves, as Entra ID's do, rather than only from the userinfo endpoint.
    conformIdTokenClaims: false,
    cookies: { keys: ['test-only-cookie-key'] },
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  provider.use(async (context, next) => {
    await next();
    const body = context.body as { id_token?: string } | undefined;
    if (rewrite && context.path === '/token' && body?.id_token) {
      context.body = { ...body, id_token: resign(body.id_token, rewrite, privateKey) };
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    ...TEST_CLIENT,
    accounts,
    rewriteIdTokens(change) {
      rewrite = change;
    },
    signInAs: (authorizationUrl, login) =>
      followLoginAndConsent(authorizationUrl, login, options.redirectUris),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function signingKey(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    jwk: { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' },
  };
}

function resign(jwt: string, rewrite: ClaimsRewrite, privateKey: KeyObject): string {
  const [header, payload] = jwt.split('.') as [string, string];
  const claims = rewrite(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url');
  return `${body}.${signature}`;
}

/** A cookie jar and redirects by hand, answering the login page as `login` and the consent page yes. */
async function followLoginAndConsent(start: string, login: string, redirectUris: string[]): Promise<URL> {
  const cookies = new Map<string, string>();
  let next: { url: URL; form?: URLSearchParams } = { url: new URL(start) };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(next.url, {
      method: next.form ? 'POST' : 'GET',
      body: next.form,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      const url = new URL(location, next.url);
      if (redirectUris.some((uri) => url.href.startsWith(uri))) return url;
      next = { url };
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`The identity provider answered ${response.status} with no form`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    next = { url: new URL(action.replaceAll('&amp;', '&'), next.url), form };
  }
  throw new Error('The identity provider never sent the browser back');
}
