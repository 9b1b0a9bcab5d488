import { fixture, noticeOn, photoIdsOn, signedIn, uploadPhoto } from '../photos/photos-test-kit';
import { postAsAppClient } from '../support/api-token';
import { Browser } from '../support/browser';
import { formWithAction, forms, links, text } from '../support/html';
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

  it('signs the demo user in onto "My photos", with a fresh, HttpOnly, SameSite=Lax session cookie', async () => {
    const browser = new Browser();
    const signInPage = await browser.get(`${stack.baseUrl}/login`);
    // The anonymous session holding the sign-in state…
    const before = browser.jar.get('localhost', 'photos.sid');
    expect(before).toBeDefined();
    const landed = await browser.submit(signInPage, /login/, {
      username: DEMO.username,
      password: DEMO.password,
    });
    // Nowhere in particular to go back to: the person's photos, not the home page.
    expect(landed.status).toBe(200);
    expect(landed.url).toBe(`${stack.baseUrl}/myphotos`);
    expect(text(landed.body)).toContain('Signed in as Demo');
    expect(
      forms(landed.body).some(
        (f) => f.action === '/logout' && f.method === 'post' && f.fields._csrf,
      ),
    ).toBe(true);
    expect(text((await browser.get(`${stack.baseUrl}/`)).body)).toContain('Hello, Demo');
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

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%2e%2e//evil.example',
    '%2F%2Fevil.example',
    'http%3A%2F%2Fevil.example',
    'javascript:alert(1)',
    '/',
    '/login?returnTo=%2F%2Fevil.example',
  ])(
    'never redirects off-site or home after sign-in: returnTo=%s lands on My photos',
    async (returnTo) => {
      const browser = new Browser();
      const landed = await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password, returnTo);
      expect(landed.url).toBe(`${stack.baseUrl}/myphotos`);
      expect(landed.history.every((url) => new URL(url).hostname === 'localhost')).toBe(true);
    },
  );

  it('offers a failed sign-in a "Try again" bound for the same page', async () => {
    const browser = new Browser({ follow: false });
    const start = await browser.get(
      `${stack.baseUrl}/login?returnTo=${encodeURIComponent('/albums')}`,
    );
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const refused = await browser.get(
      `${stack.baseUrl}/callback?error=access_denied&state=${encodeURIComponent(state)}`,
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(links(refused.body)).toContainEqual({
      href: '/login?returnTo=%2Falbums',
      text: 'Try again',
    });
  });

  describe('a signed-out visitor on a signed-in page', () => {
    let photoId: string;
    let albumId: string;

    beforeAll(async () => {
      const owner = await signedIn(stack);
      await uploadPhoto(owner, stack, await fixture('rocket.jpg'), { description: 'Launch' });
      [photoId] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
      const albums = await owner.get(`${stack.baseUrl}/albums`);
      const made = await owner.submit(albums, /^\/albums$/, { name: 'Trip' }, { follow: false });
      albumId = made.headers.get('location')!.split('/').pop()!;
    });

    /** Opens `path` signed out, signs in on the hosted page it is sent to, and lands. */
    async function signInFrom(path: string) {
      const browser = new Browser();
      const signInPage = await browser.get(`${stack.baseUrl}${path}`);
      expect(signInPage.history[1]).toBe(
        `${stack.baseUrl}/login?returnTo=${encodeURIComponent(path)}`,
      );
      return browser.submit(signInPage, /login/, {
        username: DEMO.username,
        password: DEMO.password,
      });
    }

    it.each([
      ['a later grid page', () => '/myphotos?page=2'],
      [
        'a photo, opened from a later grid page',
        () => `/photos/${photoId}?returnTo=${encodeURIComponent('/myphotos?cursor=abc&page=2')}`,
      ],
      ['an album', () => `/albums/${albumId}`],
      ['a photo', () => `/photos/${photoId}`],
    ])('comes back to exactly that page after signing in: %s', async (_label, pathOf) => {
      const path = pathOf();
      const landed = await signInFrom(path);
      expect(landed.status).toBe(200);
      expect(landed.url).toBe(`${stack.baseUrl}${path}`);
    });

    it("keeps the photo page's way back to its grid page", async () => {
      const back = '/myphotos?cursor=abc&page=2';
      const landed = await signInFrom(`/photos/${photoId}?returnTo=${encodeURIComponent(back)}`);
      expect(links(landed.body)).toContainEqual(expect.objectContaining({ href: back }) as unknown);
    });
  });

  it('signs up a new user on the hosted page and signs them in', async () => {
    const browser = new Browser();
    const signInPage = await browser.get(`${stack.baseUrl}/login`);
    const signUpLink = links(signInPage.body).find((l) => l.text === 'Sign up');
    expect(signUpLink).toBeDefined();
    const signUpPage = await browser.get(new URL(signUpLink!.href, signInPage.url).toString());
    expect(signUpPage.status).toBe(200);
    const landed = await browser.submit(signUpPage, /signup/, {
      username: 'newcomer',
      email: 'newcomer@example.com',
      nickname: 'Newbie',
      password: 'a-long-password',
    });
    expect(landed.url).toBe(`${stack.baseUrl}/myphotos`);
    expect(text(landed.body)).toContain('Signed in as Newbie');
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
    // Gone before the browser is even sent to Cognito.
    expect(await signedInSession(stack.databaseUrl, cookie)).toBeUndefined();

    const landed = await browser.get(location.toString());
    expect(landed.url).toBe(`${stack.baseUrl}/`);
    expect(text(landed.body)).toContain('Log in / Sign up');
    expect(noticeOn(landed.body)).toBe('You are signed out.');
    // Said once: the next visit is a plain signed-out home page, and still no session.
    expect(noticeOn((await browser.get(`${stack.baseUrl}/`)).body)).toBeUndefined();
    expect(browser.jar.get('localhost', 'photos.sid')).toBeUndefined();

    const refresh = await postAsAppClient(stack, '/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('says "You are signed out" on no other page, and not to someone signed in again', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const logout = await browser.signOut(stack.baseUrl, { follow: false });
    const mark = logout.headers.getSetCookie().find((c) => c.startsWith('photos_signed_out='));
    expect(mark).toMatch(/HttpOnly/i);
    expect(mark).toMatch(/SameSite=Lax/i);
    // Another page first: not where the sign-out lands, so nothing is said or spent there.
    expect(noticeOn((await browser.get(`${stack.baseUrl}/info`)).body)).toBeUndefined();
    // Signed in again in another tab before Cognito's redirect came back (Cognito still knew
    // the person: the trip through its /logout never happened).
    expect((await browser.get(`${stack.baseUrl}/login`)).url).toBe(`${stack.baseUrl}/myphotos`);
    const home = await browser.get(`${stack.baseUrl}/`);
    expect(text(home.body)).toContain('Hello, Demo');
    expect(noticeOn(home.body)).toBeUndefined();
  });

  it('says "You are signed out" to someone whose session had already ended', async () => {
    const browser = new Browser();
    const page = await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const form = formWithAction(page.body, /^\/logout$/);
    await browser.signOut(stack.baseUrl);
    // The old page's "Log out" button, pressed again.
    const again = await browser.postForm(`${stack.baseUrl}/logout`, form.fields);
    expect(again.url).toBe(`${stack.baseUrl}/`);
    expect(noticeOn(again.body)).toBe('You are signed out.');
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
