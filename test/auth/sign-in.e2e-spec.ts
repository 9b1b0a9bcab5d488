import { postAsAppClient } from '../support/api-token';
import { Browser } from '../support/browser';
import { forms, links, text } from '../support/html';
import { decryptRefreshToken, sessionRows, signedInSession } from '../support/sessions';
import { DEMO, TestStack } from '../support/test-stack';

describe('Signing in and out through the hosted UI', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(() => stack.close());

  it('shows a signed-out visitor the way in, and gives them no session', async () => {
    const browser = new Browser();
    const home = await browser.get(`${stack.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(links(home.body)).toContainEqual({ href: '/login', text: 'Log in / Sign up' });
    expect(text(home.body)).not.toContain('Hello');
    expect(browser.jar.get('localhost', 'photos.sid')).toBeUndefined();
  });

  it('sends /login to Cognito with code flow, exact redirect_uri, state, nonce and PKCE S256', async () => {
    const browser = new Browser();
    const response = await browser.get(`${stack.baseUrl}/login`, { follow: false });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(
      `${stack.env.COGNITO_DOMAIN}/oauth2/authorize`,
    );
    const params = location.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(stack.env.COGNITO_CLIENT_ID);
    expect(params.get('redirect_uri')).toBe(`${stack.baseUrl}/callback`);
    expect(params.get('scope')).toBe('openid email profile');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(params.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    // Two sign-ins never share state or nonce.
    const again = new URL(
      (await browser.get(`${stack.baseUrl}/login`, { follow: false })).headers.get('location')!,
    );
    expect(again.searchParams.get('state')).not.toBe(params.get('state'));
    expect(again.searchParams.get('nonce')).not.toBe(params.get('nonce'));
  });

  it('signs the demo user in: "Hello, Demo", with a fresh, HttpOnly, SameSite=Lax session cookie', async () => {
    const browser = new Browser();
    const signInPage = await browser.get(`${stack.baseUrl}/login`);
    // The anonymous session holding the sign-in state…
    const before = browser.jar.get('localhost', 'photos.sid');
    expect(before).toBeDefined();
    const home = await browser.submit(signInPage, /login/, {
      username: DEMO.username,
      password: DEMO.password,
    });
    expect(home.status).toBe(200);
    expect(home.url).toBe(`${stack.baseUrl}/`);
    expect(text(home.body)).toContain('Hello, Demo');
    expect(links(home.body)).toContainEqual({ href: '/myphotos', text: 'My photos' });
    expect(
      forms(home.body).some((f) => f.action === '/logout' && f.method === 'post' && f.fields._csrf),
    ).toBe(true);
    // …is not the session after sign-in (no fixation).
    const after = browser.jar.get('localhost', 'photos.sid');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const cookie = browser.jar.attributes('localhost', 'photos.sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite?.toLowerCase()).toBe('lax');
    // The old id is worthless: a browser holding it is signed out.
    const planted = new Browser();
    planted.jar.set('localhost', 'photos.sid', before!);
    expect(text((await planted.get(`${stack.baseUrl}/`)).body)).not.toContain('Hello');
  });

  it('keeps the refresh token encrypted in the session store, and no ID or access token at all', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const sess = await signedInSession(
      stack.databaseUrl,
      browser.jar.get('localhost', 'photos.sid'),
    );
    expect(sess?.user).toMatchObject({
      username: 'demo',
      nickname: 'Demo',
      email: 'demo@example.com',
    });
    const stored = JSON.stringify(sess);
    const refreshToken = decryptRefreshToken(sess!, stack.env.SESSION_SECRET);
    expect(refreshToken.length).toBeGreaterThan(20);
    expect(stored).not.toContain(refreshToken);
    expect(stored).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/); // no JWT anywhere
  });

  it('returns to a local returnTo after sign-in', async () => {
    const browser = new Browser();
    const landed = await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password, '/info');
    expect(landed.url).toBe(`${stack.baseUrl}/info`);
    expect(text(landed.body)).toContain('Instance info');
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)'])(
    'never redirects off-site after sign-in (returnTo=%s)',
    async (returnTo) => {
      const browser = new Browser();
      const landed = await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password, returnTo);
      expect(landed.url).toBe(`${stack.baseUrl}/`);
      expect(landed.history.every((url) => new URL(url).hostname === 'localhost')).toBe(true);
    },
  );

  it('signs up a new user on the hosted page and signs them in', async () => {
    const browser = new Browser();
    const signInPage = await browser.get(`${stack.baseUrl}/login`);
    const signUpLink = links(signInPage.body).find((l) => l.text === 'Sign up');
    expect(signUpLink).toBeDefined();
    const signUpPage = await browser.get(new URL(signUpLink!.href, signInPage.url).toString());
    expect(signUpPage.status).toBe(200);
    const home = await browser.submit(signUpPage, /signup/, {
      username: 'newcomer',
      email: 'newcomer@example.com',
      nickname: 'Newbie',
      password: 'a-long-password',
    });
    expect(home.url).toBe(`${stack.baseUrl}/`);
    expect(text(home.body)).toContain('Hello, Newbie');
  });

  it('logs out: session gone, refresh token revoked, and Cognito logout with the exact logout_uri', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const cookie = browser.jar.get('localhost', 'photos.sid');
    const sess = await signedInSession(stack.databaseUrl, cookie);
    const refreshToken = decryptRefreshToken(sess!, stack.env.SESSION_SECRET);

    const logout = await browser.signOut(stack.baseUrl, { follow: false });
    expect(logout.status).toBe(302);
    const location = new URL(logout.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${stack.env.COGNITO_DOMAIN}/logout`);
    expect(location.searchParams.get('client_id')).toBe(stack.env.COGNITO_CLIENT_ID);
    expect(location.searchParams.get('logout_uri')).toBe(`${stack.baseUrl}/`);

    const landed = await browser.get(location.toString());
    expect(landed.url).toBe(`${stack.baseUrl}/`);
    expect(text(landed.body)).toContain('Log in / Sign up');
    expect(await signedInSession(stack.databaseUrl, cookie)).toBeUndefined();

    const refresh = await postAsAppClient(stack, '/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('cannot be logged out by a cross-site request: GET shows a button, POST needs the CSRF token', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const page = await browser.get(`${stack.baseUrl}/logout`);
    expect(page.status).toBe(200);
    expect(forms(page.body).find((f) => f.action === '/logout')?.method).toBe('post');

    const forged = await browser.request(`${stack.baseUrl}/logout`, {
      method: 'POST',
      body: new URLSearchParams({}),
      follow: false,
    });
    expect(forged.status).toBe(403);
    const wrong = await browser.request(`${stack.baseUrl}/logout`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: 'not-the-token' }),
      follow: false,
    });
    expect(wrong.status).toBe(403);
    expect(text((await browser.get(`${stack.baseUrl}/`)).body)).toContain('Hello, Demo');
    expect((await sessionRows(stack.databaseUrl)).length).toBeGreaterThan(0);
  });
});
