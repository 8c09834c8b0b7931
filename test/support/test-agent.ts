import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Clock } from '../../src/platform/clock.ts';
import { totpCodeAt } from '../../src/platform/auth/totp.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/demo/demo-accounts.ts';

let agentsMade = 0;

/**
 * A browser stand-in for `app.inject`: keeps cookies, fills in each form's CSRF token, and has
 * its own client address so per-address limits in one test do not spill into another.
 */
/** Form fields; a list is sent as the same name repeated. */
export type FormFields = Record<string, string | string[]>;

export class TestAgent {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;
  readonly remoteAddress = `10.0.${Math.floor(++agentsMade / 250)}.${(agentsMade % 250) + 1}`;

  constructor(
    private readonly app: FastifyInstance,
    private readonly clock: Clock,
    private readonly options: {
      /** Called before `signIn` enters a second-factor code (see createTestApp). */
      beforeSecondFactorCode?: () => Promise<void>;
    } = {}
  ) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.remoteAddress,
      headers: { ...headers, cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /** Posts a form as a browser would, with the CSRF token from a page this agent was shown. */
  async post(url: string, fields: FormFields): Promise<LightMyRequestResponse> {
    const token = this.csrfToken ?? (await this.fetchCsrfToken());
    return this.postRaw(url, { _csrf: token, ...fields });
  }

  /** Posts exactly these fields: no CSRF token is added. */
  async postRaw(url: string, fields: FormFields): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      // A field given a list repeats, as a group of ticked checkboxes does.
      payload: new URLSearchParams(
        Object.entries(fields).flatMap(([name, value]) => [value].flat().map((one) => [name, one]))
      ).toString(),
    });
    this.remember(response);
    return response;
  }

  async signIn(username: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    const response = await this.post('/sign-in', { username, password });
    if (response.headers.location === '/sign-in/second-factor') {
      await this.options.beforeSecondFactorCode?.();
      return this.post('/sign-in/second-factor', { code: totpCodeAt(DEMO_TOTP_SECRET, this.clock.now()) });
    }
    return response;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Form tokens belong to the session: a signed-in agent reads one from its home page. */
  private async fetchCsrfToken(): Promise<string> {
    let page = await this.get('/sign-in');
    if (page.statusCode === 303 && page.headers.location)
      page = await this.get(String(page.headers.location));
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error('No CSRF token on the sign-in page');
    this.csrfToken = token;
    return token;
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      // A new or ended session needs tokens made for it.
      if (/^(__Host-)?fd_session$/.test(cookie.name)) this.csrfToken = undefined;
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() <= Date.now()))
        this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
