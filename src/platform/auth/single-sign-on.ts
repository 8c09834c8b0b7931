import * as oidc from 'openid-client';
import type { Config } from '../config/config.ts';
import type { Clock } from '../clock.ts';

/** The council's OpenID Connect identity provider, as configured (OIDC_* settings). */
export interface SingleSignOnSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends staff back; derived from the request when unset. */
  redirectUrl?: URL;
  /** The provider's name for the button, "Sign in with <name>" (default "your organisation"). */
  providerName: string;
  /** Accept an email without `email_verified`: the council's own directory vouches for it. */
  trustEmailClaim: boolean;
}

export const CALLBACK_PATH = '/sign-in/oidc/callback';

/** Single sign-on is on when an issuer, client id and secret are all set; one without the others is a mistake. */
export function singleSignOnSettings(config: Config): SingleSignOnSettings | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = config;
  if (!issuer && !clientId && !clientSecret) return undefined;
  if (!issuer || !clientId || !clientSecret)
    throw new Error('Invalid configuration: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together');
  const settings = {
    issuer: new URL(issuer),
    clientId,
    clientSecret,
    redirectUrl: config.OIDC_REDIRECT_URL ? new URL(config.OIDC_REDIRECT_URL) : undefined,
    providerName: config.OIDC_PROVIDER_NAME ?? 'your organisation',
    trustEmailClaim: config.OIDC_TRUST_EMAIL_CLAIM,
  };
  for (const [name, url] of [
    ['OIDC_ISSUER', settings.issuer],
    ['OIDC_REDIRECT_URL', settings.redirectUrl],
  ] as const) {
    if (url && !secureOrLoopback(url))
      throw new Error(`Invalid configuration: ${name} must be an https address (http only for localhost)`);
  }
  return settings;
}

/**
 * Tokens and the provider's address travel over TLS; plain http is allowed only to this machine (tests,
 * a developer's provider), never across a network.
 */
function secureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** What the provider's answer is checked against: made fresh for each sign-in, used once. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** The person the provider vouches for. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean | undefined;
}

/** Why a provider's answer was refused: each has its own message and audit reason. */
export type TokenRefusal =
  | 'state_mismatch'
  | 'provider_error'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'token_expired'
  | 'nonce_mismatch'
  | 'invalid_token';

export class ProviderUnreachable extends Error {
  constructor(issuer: URL, cause: unknown) {
    super(`The identity provider at ${issuer.href} could not be reached or did not answer discovery`, {
      cause,
    });
    this.name = 'ProviderUnreachable';
  }
}

/**
 * The council's provider through openid-client: discovery once (retried after a failure), then the
 * authorization code flow with PKCE, state and nonce. Validation of the ID token (signature, issuer,
 * audience, expiry, nonce) is the library's; times are judged by the application's clock.
 */
export class IdentityProvider {
  private discovered: Promise<oidc.ServerMetadata> | undefined;

  constructor(
    readonly settings: SingleSignOnSettings,
    private readonly clock: Clock
  ) {}

  get buttonText(): string {
    return `Sign in with ${this.settings.providerName}`;
  }

  /** Where to send the browser, and what its return must match. */
  async authorizationRequest(redirectUri: string): Promise<{ url: URL; checks: AuthorizationChecks }> {
    const config = await this.configuration();
    const checks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      redirectUri,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /** Exchanges the code the provider sent back, and checks everything about the answer and its ID token. */
  async finish(
    query: URLSearchParams,
    checks: AuthorizationChecks
  ): Promise<{ identity: ProviderIdentity } | { refused: TokenRefusal; code?: string }> {
    if (query.get('state') !== checks.state) return { refused: 'state_mismatch' };
    const currentUrl = new URL(checks.redirectUri);
    currentUrl.search = query.toString();
    const config = await this.configuration();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      return {
        identity: {
          issuer: claims.iss,
          subject: claims.sub,
          email: typeof claims.email === 'string' ? claims.email : undefined,
          emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
        },
      };
    } catch (error) {
      // The provider said no: the person cancelled, or it would not exchange the code.
      if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError)
        return { refused: 'provider_error', code: error.error };
      if (lostTheProvider(error)) throw new ProviderUnreachable(this.settings.issuer, error);
      if (error instanceof oidc.ClientError) return { refused: refusalOf(error), code: error.code };
      throw error;
    }
  }

  /** A configuration for this sign-in, at the application's time (a fixed offset from the machine's). */
  private async configuration(): Promise<oidc.Configuration> {
    const server = await this.serverMetadata();
    const skewSeconds = Math.round((this.clock.now().getTime() - Date.now()) / 1000);
    const config = new oidc.Configuration(server, this.settings.clientId, {
      client_secret: this.settings.clientSecret,
      [oidc.clockSkew]: skewSeconds,
    });
    if (this.settings.issuer.protocol === 'http:') oidc.allowInsecureRequests(config);
    return config;
  }

  private serverMetadata(): Promise<oidc.ServerMetadata> {
    this.discovered ??= oidc
      .discovery(this.settings.issuer, this.settings.clientId, this.settings.clientSecret, undefined, {
        execute: this.settings.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .then((config) => config.serverMetadata())
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw new ProviderUnreachable(this.settings.issuer, error);
      });
    return this.discovered;
  }
}

/** The provider stopped answering between discovery and the code exchange: the network's fault, not the token's. */
function lostTheProvider(error: unknown): boolean {
  if (error instanceof TypeError) return error.message === 'fetch failed';
  return (
    error instanceof oidc.ClientError && (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT')
  );
}

/** The claim that failed says which refusal it is; the error's details (which hold the claims) stay here. */
function refusalOf(error: oidc.ClientError): TokenRefusal {
  const claim = failedClaim(error);
  if (error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' && (claim === 'exp' || claim === 'iat'))
    return 'token_expired';
  if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    if (claim === 'aud' || claim === 'azp') return 'wrong_audience';
    if (claim === 'iss') return 'wrong_issuer';
    if (claim === 'nonce') return 'nonce_mismatch';
  }
  if (error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') return 'wrong_issuer';
  return 'invalid_token';
}

/** The name of the claim that failed, from the chain of causes the library wraps its errors in. */
function failedClaim(error: unknown): unknown {
  let cause = (error as { cause?: unknown }).cause;
  for (let depth = 0; depth < 3 && cause && typeof cause === 'object'; depth++) {
    if ('claim' in cause) return cause.claim;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
