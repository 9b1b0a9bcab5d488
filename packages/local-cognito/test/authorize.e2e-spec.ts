import { decodeJwt } from 'jose';
import { Browser } from './support/browser';
import { links } from './support/html';
import {
  authorizeUrl,
  csrfFieldOf,
  formActionOf,
  idpCookie,
  locationOf,
  postToken,
  signInThroughForm,
  type AuthorizeAttempt,
} from './support/hosted-ui';
import { CALLBACK_URL, CLIENT_ID, LOGOUT_URL, TestIdp } from './support/test-idp';

/** GET /oauth2/authorize and the hosted-UI session, as strict as Cognito (docs/COGNITO.md §2, §9). */
describe('local Cognito /oauth2/authorize', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start();
  });

  afterAll(async () => {
    await idp.close();
  });

  async function authorize(
    attempt: AuthorizeAttempt | string,
    browser = new Browser({ follow: false }),
  ): Promise<URL> {
    const url = typeof attempt === 'string' ? attempt : attempt.url;
    const response = await browser.get(url);
    expect(response.status).toBe(302);
    return locationOf(response, url);
  }

  function expectErrorPage(location: URL, error: string, clientId?: string): void {
    expect(location.origin).toBe(idp.origin);
    expect(location.pathname).toBe('/error');
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('client_id')).toBe(clientId ?? null);
  }

  function expectAppError(location: URL, error: string, state: string | null): void {
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK_URL);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('code')).toBeNull();
  }

  async function exchange(callback: URL, attempt: AuthorizeAttempt) {
    return postToken(idp, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: CALLBACK_URL,
      code_verifier: attempt.pkce.verifier,
    });
  }

  describe('refuses without ever redirecting to an unverified app', () => {
    it.each([
      ['an unregistered host', 'http://localhost:4000/callback'],
      ['a trailing slash', `${CALLBACK_URL}/`],
      ['a different case', 'http://localhost:3000/Callback'],
      ['an extra query', `${CALLBACK_URL}?next=/`],
      ['https instead of http', 'https://localhost:3000/callback'],
    ])('redirect_uri with %s → /error?error=redirect_mismatch', async (_case, redirectUri) => {
      const location = await authorize(authorizeUrl(idp, { redirect_uri: redirectUri }));
      expectErrorPage(location, 'redirect_mismatch', CLIENT_ID);
    });

    it('a missing redirect_uri → redirect_mismatch', async () => {
      expectErrorPage(
        await authorize(authorizeUrl(idp, { redirect_uri: undefined })),
        'redirect_mismatch',
        CLIENT_ID,
      );
    });

    it('an unknown client_id → the error page', async () => {
      const location = await authorize(authorizeUrl(idp, { client_id: 'someone-else' }));
      expectErrorPage(location, 'invalid_client', 'someone-else');
    });

    it('no client_id → the error page', async () => {
      expectErrorPage(
        await authorize(authorizeUrl(idp, { client_id: undefined })),
        'invalid_request',
      );
    });

    it('the error page explains, with status 400, escaping what it echoes', async () => {
      const response = await fetch(
        idp.url('/error?error=redirect_mismatch&client_id=%3Cscript%3Ex%3C/script%3E'),
      );
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain('redirect_mismatch');
      expect(html).toContain('The redirect URI is not registered for this app client.');
      expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
      expect(html).not.toContain('<script>');
    });
  });

  describe("the error page's way back", () => {
    /** Where the page the browser lands on links to, followed from the refused authorize. */
    async function linksOnErrorPage(attempt: AuthorizeAttempt): Promise<string[]> {
      const location = await authorize(attempt);
      const page = await new Browser().get(location.toString());
      expect(page.status).toBe(400);
      return links(page.body).map((link) => `${link.text} → ${link.href}`);
    }

    it('an unregistered redirect_uri: back to the client’s registered home, never to that URI', async () => {
      const evil = 'https://evil.example/callback';
      const found = await linksOnErrorPage(authorizeUrl(idp, { redirect_uri: evil }));
      expect(found).toEqual([`Back to Photos → ${LOGOUT_URL}`]);
    });

    it('an unknown client: no link at all (nothing this pool registered to go back to)', async () => {
      const found = await linksOnErrorPage(
        authorizeUrl(idp, {
          client_id: 'someone-else',
          redirect_uri: 'https://evil.example/callback',
        }),
      );
      expect(found).toEqual([]);
    });
  });

  describe('sends malformed requests back to the app with ?error= and the state', () => {
    it('code_challenge_method=plain → invalid_request', async () => {
      const attempt = authorizeUrl(idp, { code_challenge_method: 'plain' });
      expectAppError(await authorize(attempt), 'invalid_request', attempt.state);
    });

    it('a code_challenge without its method → invalid_request', async () => {
      const attempt = authorizeUrl(idp, { code_challenge_method: undefined });
      expectAppError(await authorize(attempt), 'invalid_request', attempt.state);
    });

    it('a missing response_type → invalid_request', async () => {
      const attempt = authorizeUrl(idp, { response_type: undefined });
      expectAppError(await authorize(attempt), 'invalid_request', attempt.state);
    });

    it('response_type=token (implicit, not enabled for this client) → unauthorized_client', async () => {
      const attempt = authorizeUrl(idp, { response_type: 'token' });
      expectAppError(await authorize(attempt), 'unauthorized_client', attempt.state);
    });

    it.each([
      ['email without openid', 'email'],
      ['profile without openid', 'profile phone'],
      ['an unknown scope', 'openid photos/admin'],
    ])('%s → invalid_scope', async (_case, scope) => {
      const attempt = authorizeUrl(idp, { scope });
      expectAppError(await authorize(attempt), 'invalid_scope', attempt.state);
    });

    it('a repeated parameter → invalid_request', async () => {
      const attempt = authorizeUrl(idp);
      const location = await authorize(`${attempt.url}&nonce=second`);
      expectAppError(location, 'invalid_request', attempt.state);
    });
  });

  it('sends the browser to /login with the query string exactly as received', async () => {
    const attempt = authorizeUrl(idp, { state: 'a+b/c=d&e é~*' });
    const location = await authorize(attempt);
    expect(location.pathname).toBe('/login');
    expect(location.search).toBe(new URL(attempt.url).search);
  });

  it('shows a sign-in form with labelled fields, a Sign up link and a CSRF field', async () => {
    const attempt = authorizeUrl(idp);
    const browser = new Browser({ follow: false });
    const login = await authorize(attempt, browser);
    const response = await browser.get(login.toString());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = response.body;
    expect(html).toMatch(
      /<label for="username">Username<\/label>\s*<input id="username" name="username"/,
    );
    expect(html).toMatch(
      /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/,
    );
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(links(html)).toContainEqual({
      href: `/signup${new URL(attempt.url).search}`,
      text: 'Sign up',
    });
    expect(formActionOf(html)).toBe(`/login${new URL(attempt.url).search}`);
    expect(csrfFieldOf(html)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(html).not.toMatch(/<script/i);
  });

  it('carries state and nonce through the form byte for byte', async () => {
    const state = 'eyJyZXR1cm5UbyI6Ii9teXBob3RvcyJ9+/= ü';
    const nonce = 'n-0S6_WzA2Mj+/=';
    const attempt = authorizeUrl(idp, { state, nonce });
    const callback = await signInThroughForm(idp, new Browser({ follow: false }), attempt.url);
    expect(callback.searchParams.get('state')).toBe(state);
    const { body } = await exchange(callback, attempt);
    expect(decodeJwt(body.id_token as string).nonce).toBe(nonce);
  });

  it('prompt=none without a session → login_required with the state', async () => {
    const attempt = authorizeUrl(idp, { prompt: 'none' });
    expectAppError(await authorize(attempt), 'login_required', attempt.state);
  });

  describe('with a hosted-UI session', () => {
    let browser: Browser;
    let firstAuthTime: number;

    beforeAll(async () => {
      browser = new Browser({ follow: false });
      const attempt = authorizeUrl(idp);
      const callback = await signInThroughForm(idp, browser, attempt.url);
      firstAuthTime = decodeJwt((await exchange(callback, attempt)).body.id_token as string)
        .auth_time as number;
    });

    it('issues a code straight away, without the form, keeping the original auth_time', async () => {
      expect(idpCookie(browser, idp, 'lc_session') !== undefined).toBe(true);
      const attempt = authorizeUrl(idp);
      const callback = await authorize(attempt, browser);
      expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK_URL);
      expect(callback.searchParams.get('state')).toBe(attempt.state);
      const { status, body } = await exchange(callback, attempt);
      expect(status).toBe(200);
      expect(decodeJwt(body.id_token as string).auth_time).toBe(firstAuthTime);
    });

    it('prompt=none → a code', async () => {
      const attempt = authorizeUrl(idp, { prompt: 'none' });
      const callback = await authorize(attempt, browser);
      expect(callback.searchParams.get('code')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('prompt=login → the sign-in form all the same', async () => {
      const attempt = authorizeUrl(idp, { prompt: 'login' });
      const location = await authorize(attempt, browser);
      expect(location.pathname).toBe('/login');
      expect(location.searchParams.get('prompt')).toBe('login');
    });

    it('without the session cookie → the form (the session is not keyed on anything else)', async () => {
      const location = await authorize(authorizeUrl(idp));
      expect(location.pathname).toBe('/login');
    });
  });

  it('sets the session cookie for exactly one hour, HttpOnly, SameSite=Lax, named lc_', async () => {
    const browser = new Browser({ follow: false });
    const attempt = authorizeUrl(idp);
    await browser.get(attempt.url);
    const page = await browser.get(idp.url(`/login${new URL(attempt.url).search}`));
    const html = page.body;
    const response = await fetch(idp.url(formActionOf(html)), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: `lc_csrf=${idpCookie(browser, idp, 'lc_csrf')}`,
      },
      body: new URLSearchParams({
        _csrf: csrfFieldOf(html),
        username: 'demo',
        password: 'demo-password',
      }).toString(),
    });
    expect(response.status).toBe(302);
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    const [session] = cookies;
    expect(session).toMatch(/^lc_session=[A-Za-z0-9_-]{43}; /);
    expect(session).toContain('Max-Age=3600');
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Lax');
    expect(session).toContain('Path=/');
    expect(page.headers.getSetCookie().every((cookie) => cookie.startsWith('lc_'))).toBe(true);
  });

  it('ends the session one hour after sign-in, however often it was used (not sliding)', async () => {
    const browser = new Browser({ follow: false });
    await signInThroughForm(idp, browser, authorizeUrl(idp).url);
    idp.clock.advance(50 * 60 * 1000);
    const silent = await authorize(authorizeUrl(idp), browser);
    expect(silent.searchParams.get('code')).not.toBeNull();
    idp.clock.advance(10 * 60 * 1000 + 1000);
    const later = await authorize(authorizeUrl(idp), browser);
    expect(later.pathname).toBe('/login');
    const attempt = authorizeUrl(idp, { prompt: 'none' });
    expectAppError(await authorize(attempt, browser), 'login_required', attempt.state);
  });
});
