import { decodeJwt } from 'jose';
import {
  MAX_USERNAME_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_RULE,
  USERNAME_RULE,
} from '../src/support/validation';
import { Browser } from './support/browser';
import { parsePage } from './support/html';
import {
  authorizeUrl,
  csrfFieldOf,
  formActionOf,
  hostOf,
  idpCookie,
  locationOf,
  postToken,
  signInForTokens,
  signInThroughForm,
} from './support/hosted-ui';
import { CALLBACK_URL, CLIENT_ID, LOGOUT_URL, TestIdp } from './support/test-idp';

/** The hosted sign-in, sign-up and sign-out pages, driven over HTTP the way a browser does. */
describe('local Cognito hosted UI', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start();
  });

  afterAll(async () => {
    await idp.close();
  });

  /** Opens a hosted page (login or signup) for a fresh authorize request; returns its HTML. */
  async function openPage(browser: Browser, path: '/login' | '/signup', overrides = {}) {
    const attempt = authorizeUrl(idp, overrides);
    const response = await browser.get(idp.url(`${path}${new URL(attempt.url).search}`));
    expect(response.status).toBe(200);
    return { attempt, html: response.body };
  }

  async function submit(browser: Browser, html: string, fields: Record<string, string>) {
    return browser.postForm(idp.url(formActionOf(html)), { _csrf: csrfFieldOf(html), ...fields });
  }

  /** Opens the page in a fresh browser and submits its form once with `fields`. */
  async function submitFresh(path: '/login' | '/signup', fields: Record<string, string>) {
    const browser = new Browser({ follow: false });
    const { html } = await openPage(browser, path);
    return submit(browser, html, fields);
  }

  describe('sign-in', () => {
    it.each([
      ['a wrong password', { username: 'demo', password: 'wrong-password' }],
      ['an unknown user', { username: 'nobody', password: 'demo-password' }],
      ['an empty password', { username: 'demo', password: '' }],
    ])(
      '%s → the form again with "Incorrect username or password." and no code',
      async (_case, credentials) => {
        const browser = new Browser({ follow: false });
        const { html } = await openPage(browser, '/login');
        const response = await submit(browser, html, credentials);
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        expect(idpCookie(browser, idp, 'lc_session') !== undefined).toBe(false);
        const page = response.body;
        expect(page).toContain('Incorrect username or password.');
        expect(page).toContain(`value="${credentials.username}"`);
        expect(page).toMatch(/<button type="submit">Sign in<\/button>/);
      },
    );

    it('accepts the username in any case, as a case-insensitive pool does', async () => {
      const callback = await signInThroughForm(
        idp,
        new Browser({ follow: false }),
        authorizeUrl(idp).url,
        {
          username: 'DEMO',
          password: 'demo-password',
        },
      );
      expect(callback.searchParams.get('code')).not.toBeNull();
    });

    it('refuses a post without the CSRF cookie (403, no code)', async () => {
      const browser = new Browser({ follow: false });
      const { html } = await openPage(browser, '/login');
      browser.jar.delete(hostOf(idp), 'lc_csrf');
      const response = await submit(browser, html, { username: 'demo', password: 'demo-password' });
      expect(response.status).toBe(403);
      expect(response.headers.get('location')).toBeNull();
      expect(response.body).toContain('This page has expired. Please try again.');
    });

    it('refuses a CSRF field that does not match the cookie, even one valid for another cookie', async () => {
      const attacker = new Browser({ follow: false });
      const { html: attackerPage } = await openPage(attacker, '/login');
      const victim = new Browser({ follow: false });
      const { html: victimPage } = await openPage(victim, '/login');
      const response = await victim.postForm(idp.url(formActionOf(victimPage)), {
        _csrf: csrfFieldOf(attackerPage),
        username: 'demo',
        password: 'demo-password',
      });
      expect(response.status).toBe(403);
      expect(idpCookie(victim, idp, 'lc_session') !== undefined).toBe(false);
    });

    it('refuses a planted CSRF cookie whose field was not issued for it', async () => {
      const browser = new Browser({ follow: false });
      const { html } = await openPage(browser, '/login');
      browser.jar.set(hostOf(idp), 'lc_csrf', 'A'.repeat(43));
      const response = await submit(browser, html, { username: 'demo', password: 'demo-password' });
      expect(response.status).toBe(403);
    });

    it('re-checks the authorize parameters on submit: a tampered redirect_uri never gets a code', async () => {
      const browser = new Browser({ follow: false });
      const { html } = await openPage(browser, '/login');
      const action = formActionOf(html).replace(
        encodeURIComponent(CALLBACK_URL),
        encodeURIComponent('http://evil.localhost/cb'),
      );
      const response = await browser.postForm(idp.url(action), {
        _csrf: csrfFieldOf(html),
        username: 'demo',
        password: 'demo-password',
      });
      expect(response.status).toBe(302);
      const location = locationOf(response, idp.origin);
      expect(location.origin).toBe(idp.origin);
      expect(location.pathname).toBe('/error');
      expect(location.searchParams.get('error')).toBe('redirect_mismatch');
    });

    it('sends security headers and no x-powered-by', async () => {
      const response = await fetch(idp.url(`/login${new URL(authorizeUrl(idp).url).search}`));
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect((await fetch(idp.url('/static/style.css'))).status).toBe(200);
    });
  });

  describe('sign-up', () => {
    it('shows labelled Username, Email, Nickname and Password fields and a Sign up button', async () => {
      const { html, attempt } = await openPage(new Browser({ follow: false }), '/signup');
      for (const [id, label] of [
        ['username', 'Username'],
        ['email', 'Email'],
        ['nickname', 'Nickname'],
        ['password', 'Password'],
      ]) {
        expect(html).toMatch(
          new RegExp(`<label for="${id}">${label}</label>\\s*<input id="${id}" name="${id}"`),
        );
      }
      expect(html).toMatch(/<button type="submit">Sign up<\/button>/);
      expect(formActionOf(html)).toBe(`/signup${new URL(attempt.url).search}`);
    });

    it.each([
      ['a username that exists (in another case)', { username: 'Demo' }, 'User already exists'],
      ['a username with spaces', { username: 'new user' }, 'Username must be'],
      ['a bad email', { email: 'not-an-email' }, 'Email must be'],
      ['a 7-character password', { password: '1234567' }, 'Password must be at least 8 characters'],
      ['an empty nickname', { nickname: '  ' }, 'Nickname must be'],
    ])('refuses %s with a message and no code', async (_case, change, message) => {
      const browser = new Browser({ follow: false });
      const { html } = await openPage(browser, '/signup');
      const fields = {
        username: 'fresh-user',
        email: 'fresh@example.com',
        nickname: 'Fresh',
        password: 'long-enough',
        ...change,
      };
      const response = await submit(browser, html, fields);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(idpCookie(browser, idp, 'lc_session') !== undefined).toBe(false);
      expect(response.body).toContain(message);
    });

    it('creates the user, signs them in with a code, and their ID token carries email and nickname', async () => {
      const browser = new Browser({ follow: false });
      const { html, attempt } = await openPage(browser, '/signup');
      const response = await submit(browser, html, {
        username: 'alice',
        email: 'alice@example.com',
        nickname: 'Alice',
        password: 'alice-password',
      });
      expect(response.status).toBe(302);
      const callback = locationOf(response, idp.origin);
      expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK_URL);
      expect(callback.searchParams.get('state')).toBe(attempt.state);
      expect(idpCookie(browser, idp, 'lc_session') !== undefined).toBe(true);
      const exchange = await postToken(idp, {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: CALLBACK_URL,
        code_verifier: attempt.pkce.verifier,
      });
      const id = decodeJwt(exchange.body.id_token as string);
      expect(id).toMatchObject({
        'cognito:username': 'alice',
        email: 'alice@example.com',
        email_verified: true,
        nickname: 'Alice',
        nonce: attempt.nonce,
      });
      expect(id['cognito:groups']).toBeUndefined();

      const { tokens } = await signInForTokens(idp, {
        credentials: { username: 'alice', password: 'alice-password', email: '', nickname: '' },
      });
      expect(decodeJwt(tokens.id_token!).sub).toBe(id.sub);
    });
  });

  /** What a screen reader announces with a field: the texts of the ids in its aria-describedby. */
  function descriptionOf(html: string, field: string): string[] {
    const $ = parsePage(html);
    const ids = ($(`#${field}`).attr('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids.map((id) => {
      expect($(`#${id}`)).toHaveLength(1);
      return $(`#${id}`).text().trim();
    });
  }

  function invalidFields(html: string): string[] {
    const $ = parsePage(html);
    return $('input[aria-invalid="true"]')
      .toArray()
      .map((input) => $(input).attr('name') ?? '');
  }

  describe('form guidance', () => {
    it("sign-up's browser-side limits are the server's: the rules name them", async () => {
      const { html } = await openPage(new Browser({ follow: false }), '/signup');
      const $ = parsePage(html);
      expect($('#username').attr('maxlength')).toBe(String(MAX_USERNAME_LENGTH));
      expect($('#password').attr('minlength')).toBe(String(MIN_PASSWORD_LENGTH));
      expect(USERNAME_RULE).toContain(`1 to ${MAX_USERNAME_LENGTH} characters`);
      expect(PASSWORD_RULE).toContain(`${MIN_PASSWORD_LENGTH} characters`);
    });

    it.each(['/login', '/signup'] as const)(
      '%s shows the username and password rules before any try',
      async (path) => {
        const { html } = await openPage(new Browser({ follow: false }), path);
        expect(descriptionOf(html, 'username')).toEqual([USERNAME_RULE]);
        expect(descriptionOf(html, 'password')).toEqual([PASSWORD_RULE]);
        expect(invalidFields(html)).toEqual([]);
      },
    );

    it('a failed sign-in keeps the username, never the password, and points both fields at the error', async () => {
      const response = await submitFresh('/login', { username: 'demo', password: 'wrong-one' });
      expect(response.status).toBe(400);
      const $ = parsePage(response.body);
      expect($('#username').val()).toBe('demo');
      expect($('#password').val() ?? '').toBe('');
      expect(response.body).not.toContain('wrong-one');
      expect(invalidFields(response.body)).toEqual(['username', 'password']);
      for (const field of ['username', 'password']) {
        expect(descriptionOf(response.body, field)).toContain('Incorrect username or password.');
      }
    });

    it('a failed sign-up keeps username, email and nickname, never the password, and marks the bad field', async () => {
      const response = await submitFresh('/signup', {
        username: 'kept-user',
        email: 'kept@example.com',
        nickname: 'Kept',
        password: 'short',
      });
      expect(response.status).toBe(400);
      const $ = parsePage(response.body);
      expect($('#username').val()).toBe('kept-user');
      expect($('#email').val()).toBe('kept@example.com');
      expect($('#nickname').val()).toBe('Kept');
      expect($('#password').val() ?? '').toBe('');
      expect(response.body).not.toContain('value="short"');
      expect(invalidFields(response.body)).toEqual(['password']);
      expect(descriptionOf(response.body, 'password')).toEqual([
        PASSWORD_RULE,
        `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
      ]);
      expect(descriptionOf(response.body, 'username')).toEqual([USERNAME_RULE]);
    });

    it('a sign-up with a bad username marks that field with the rule it broke', async () => {
      const response = await submitFresh('/signup', {
        username: 'has space',
        email: 'not-an-email',
        nickname: 'N',
        password: 'long-enough',
      });
      expect(response.status).toBe(400);
      expect(invalidFields(response.body)).toEqual(['username', 'email']);
      expect(descriptionOf(response.body, 'username')).toEqual([
        USERNAME_RULE,
        `Username must be ${USERNAME_RULE}`,
      ]);
      expect(descriptionOf(response.body, 'email')).toEqual([
        'Email must be an address like name@example.com',
      ]);
    });
  });

  describe('the app client', () => {
    function headingAndBackLink(html: string) {
      const $ = parsePage(html);
      const back = $('a')
        .toArray()
        .filter((a) => $(a).text().startsWith('Back to'));
      return {
        heading: $('h1').text().trim(),
        back: back.map((a) => ({ text: $(a).text().trim(), href: $(a).attr('href') })),
      };
    }

    it.each([
      ['/login', 'Sign in to Photos'],
      ['/signup', 'Sign up for Photos'],
    ] as const)(
      '%s names the app client and links back to its registered sign-out URL',
      async (path, heading) => {
        const { html } = await openPage(new Browser({ follow: false }), path);
        expect(headingAndBackLink(html)).toEqual({
          heading,
          back: [{ text: 'Back to Photos', href: LOGOUT_URL }],
        });
      },
    );

    it('the link back never comes from the query string', async () => {
      const attempt = authorizeUrl(idp);
      const query = `${new URL(attempt.url).search}&logout_uri=https%3A%2F%2Fevil.example%2F`;
      const response = await new Browser({ follow: false }).get(idp.url(`/login${query}`));
      expect(response.status).toBe(200);
      expect(headingAndBackLink(response.body).back).toEqual([
        { text: 'Back to Photos', href: LOGOUT_URL },
      ]);
      const $ = parsePage(response.body);
      const hrefs = $('a[href]')
        .toArray()
        .map((a) => $(a).attr('href') ?? '');
      expect(hrefs.filter((href) => href.startsWith('https://evil.example'))).toEqual([]);
    });

    it("uses the client's configured name, and without sign-out URLs its callback's origin", async () => {
      const named = await TestIdp.start({ clientName: 'Holiday Album', logoutUrls: [] });
      try {
        const attempt = authorizeUrl(named);
        const response = await new Browser({ follow: false }).get(
          named.url(`/login${new URL(attempt.url).search}`),
        );
        expect(headingAndBackLink(response.body)).toEqual({
          heading: 'Sign in to Holiday Album',
          back: [{ text: 'Back to Holiday Album', href: new URL(CALLBACK_URL).origin + '/' }],
        });
      } finally {
        await named.close();
      }
    });
  });

  describe('sign-out', () => {
    async function signedInBrowser(): Promise<Browser> {
      const browser = new Browser({ follow: false });
      await signInThroughForm(idp, browser, authorizeUrl(idp).url);
      return browser;
    }

    async function silentSignInWorks(browser: Browser): Promise<boolean> {
      const response = await browser.get(authorizeUrl(idp, { prompt: 'none' }).url);
      return locationOf(response, idp.origin).searchParams.has('code');
    }

    it('logout_uri registered exactly → 302 there, the cookie cleared and the session ended', async () => {
      const browser = await signedInBrowser();
      const sessionCookie = idpCookie(browser, idp, 'lc_session')!;
      const response = await browser.get(
        idp.url(`/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent(LOGOUT_URL)}`),
      );
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(LOGOUT_URL);
      expect(response.headers.getSetCookie().join()).toMatch(
        /lc_session=;.*Expires=Thu, 01 Jan 1970/,
      );
      // Replaying the old cookie does not bring the session back.
      browser.jar.set(hostOf(idp), 'lc_session', sessionCookie);
      expect(await silentSignInWorks(browser)).toBe(false);
    });

    it.each([
      ['without its trailing slash', LOGOUT_URL.replace(/\/$/, '')],
      ['on another host', 'http://evil.localhost/'],
    ])('a logout_uri %s → the error page, and the session stays', async (_case, logoutUri) => {
      const browser = await signedInBrowser();
      const response = await browser.get(
        idp.url(`/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent(logoutUri)}`),
      );
      const location = locationOf(response, idp.origin);
      expect(location.origin).toBe(idp.origin);
      expect(location.pathname).toBe('/error');
      expect(location.searchParams.get('error')).toBe('redirect_mismatch');
      expect(await silentSignInWorks(browser)).toBe(true);
    });

    it('an unknown client_id → the error page', async () => {
      const response = await fetch(
        idp.url(`/logout?client_id=nobody&logout_uri=${encodeURIComponent(LOGOUT_URL)}`),
        {
          redirect: 'manual',
        },
      );
      const location = locationOf(response, idp.origin);
      expect(location.pathname).toBe('/error');
      expect(location.searchParams.get('error')).toBe('invalid_client');
    });

    it('redirect_uri + response_type → 302 to /login with the parameters (scope filled in), session ended', async () => {
      const browser = await signedInBrowser();
      const query = new URLSearchParams({
        client_id: CLIENT_ID,
        redirect_uri: CALLBACK_URL,
        response_type: 'code',
        state: 'again',
      });
      const response = await browser.get(idp.url(`/logout?${query.toString()}`));
      expect(response.status).toBe(302);
      const location = locationOf(response, idp.origin);
      expect(location.origin).toBe(idp.origin);
      expect(location.pathname).toBe('/login');
      expect(Object.fromEntries(location.searchParams)).toEqual({
        client_id: CLIENT_ID,
        redirect_uri: CALLBACK_URL,
        response_type: 'code',
        state: 'again',
        scope: 'openid email phone profile aws.cognito.signin.user.admin',
      });
      expect(await silentSignInWorks(browser)).toBe(false);
      const page = await browser.get(location.toString());
      expect(page.status).toBe(200);
    });

    it('re-login mode with an unregistered redirect_uri → the error page', async () => {
      const query = new URLSearchParams({
        client_id: CLIENT_ID,
        redirect_uri: LOGOUT_URL,
        response_type: 'code',
      });
      const response = await fetch(idp.url(`/logout?${query.toString()}`), { redirect: 'manual' });
      expect(locationOf(response, idp.origin).searchParams.get('error')).toBe('redirect_mismatch');
    });

    it('revokes no tokens: a refresh token from before sign-out still works', async () => {
      const browser = new Browser({ follow: false });
      const { tokens } = await signInForTokens(idp, { browser });
      await browser.get(
        idp.url(`/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent(LOGOUT_URL)}`),
      );
      const refreshed = await postToken(idp, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
      });
      expect(refreshed.status).toBe(200);
    });
  });
});
