import { generateKeyPair, importJWK, JWK, SignJWT } from 'jose';
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, Page } from '../support/browser';
import { links, text } from '../support/html';
import { sessionRows } from '../support/sessions';
import { TokenResponse } from '../support/tampering-proxy';
import { apiTokens } from '../support/api-token';
import { DEMO, TestStack } from '../support/test-stack';

type CryptoKey = webcrypto.CryptoKey;

/** Reads the local Cognito's private signing keys (kept there so tests can forge tokens). */
async function idSigningKey(dataDir: string): Promise<{ key: CryptoKey; kid: string }> {
  const file = JSON.parse(
    await readFile(join(dataDir, 'local-cognito', 'signing-keys.json'), 'utf8'),
  ) as { keys: (JWK & { token_use?: string })[] };
  const jwk = [...file.keys].reverse().find((k) => k.token_use === 'id')!;
  return { key: (await importJWK(jwk, 'RS256')) as CryptoKey, kid: jwk.kid! };
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

async function reSign(
  token: string,
  changes: Record<string, unknown>,
  key: CryptoKey,
  kid: string,
): Promise<string> {
  return new SignJWT({ ...claimsOf(token), ...changes })
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(key);
}

/** Signs in on the hosted form but stops before the app's /callback, returning its URL. */
async function callbackUrl(browser: Browser, stack: TestStack, returnTo?: string): Promise<string> {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const form = await browser.get(`${stack.baseUrl}/login${query}`);
  let page: Page = await browser.submit(
    form,
    /login/,
    { username: DEMO.username, password: DEMO.password },
    { follow: false },
  );
  while (page.status >= 300 && page.status < 400) {
    const next = new URL(page.headers.get('location')!, page.url).toString();
    if (next.startsWith(`${stack.baseUrl}/callback`)) return next;
    page = await browser.get(next, { follow: false });
  }
  throw new Error(`Sign-in did not reach the callback: ${page.status} ${page.url}`);
}

async function expectFailedSignIn(
  browser: Browser,
  stack: TestStack,
  page: Page,
  status: number,
): Promise<void> {
  expect(page.status).toBe(status);
  expect(links(page.body)).toContainEqual({ href: '/login', text: 'Try again' });
  const home = await browser.get(`${stack.baseUrl}/`);
  expect(text(home.body)).not.toContain('Hello');
  const sid = browser.jar.get('localhost', 'photos.sid');
  const rows = await sessionRows(stack.databaseUrl);
  expect(rows.some((row) => sid?.includes(row.sid) && row.sess.user)).toBe(false);
}

describe('The callback refuses every forged or replayed sign-in', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ proxy: true });
  });
  afterEach(() => {
    stack.proxy!.tamper = undefined;
    stack.proxy!.failTokenEndpointWith = undefined;
  });
  afterAll(() => stack.close());

  it('refuses a callback with no state, or a state it never issued', async () => {
    const browser = new Browser();
    const url = new URL(await callbackUrl(browser, stack));
    const code = url.searchParams.get('code')!;
    await expectFailedSignIn(
      browser,
      stack,
      await browser.get(`${stack.baseUrl}/callback?code=${code}`),
      400,
    );
    await expectFailedSignIn(
      browser,
      stack,
      await browser.get(`${stack.baseUrl}/callback?code=${code}&state=forged`),
      400,
    );
  });

  it('refuses a state from another browser (login CSRF)', async () => {
    const attacker = new Browser();
    const url = await callbackUrl(attacker, stack);
    const victim = new Browser();
    await expectFailedSignIn(victim, stack, await victim.get(url), 400);
  });

  it('refuses a replayed state after a good sign-in', async () => {
    const browser = new Browser();
    const url = await callbackUrl(browser, stack);
    const first = await browser.get(url);
    expect(text(first.body)).toContain('Signed in as Demo');
    const replay = await browser.get(url);
    expect(replay.status).toBe(400);
    expect(links(replay.body)).toContainEqual({ href: '/login', text: 'Try again' });
  });

  it('refuses a replayed code under a fresh state (the exchange fails)', async () => {
    const browser = new Browser();
    const used = new URL(await callbackUrl(browser, stack));
    await browser.get(used.toString());
    const fresh = new Browser();
    const start = await fresh.get(`${stack.baseUrl}/login`, { follow: false });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const replay = await fresh.get(
      `${stack.baseUrl}/callback?code=${used.searchParams.get('code')}&state=${state}`,
    );
    await expectFailedSignIn(fresh, stack, replay, 400);
  });

  it('shows error=access_denied as a refused sign-in (403) with a way to try again', async () => {
    const browser = new Browser();
    const start = await browser.get(`${stack.baseUrl}/login`, { follow: false });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const denied = await browser.get(
      `${stack.baseUrl}/callback?error=access_denied&state=${state}`,
    );
    await expectFailedSignIn(browser, stack, denied, 403);
  });

  it('ignores error=access_denied without a valid state (state is checked first)', async () => {
    const browser = new Browser();
    const denied = await browser.get(`${stack.baseUrl}/callback?error=access_denied&state=nope`);
    await expectFailedSignIn(browser, stack, denied, 400);
  });

  const forgeries: [string, (tokens: TokenResponse) => Promise<TokenResponse>][] = [
    [
      'signed by another key',
      async (tokens) => {
        const { privateKey } = await generateKeyPair('RS256');
        const { kid } = await idSigningKey(stack.dataDir);
        return { ...tokens, id_token: await reSign(tokens.id_token!, {}, privateKey, kid) };
      },
    ],
    [
      'for another client',
      async (tokens) => {
        const { key, kid } = await idSigningKey(stack.dataDir);
        return {
          ...tokens,
          id_token: await reSign(tokens.id_token!, { aud: 'another-client' }, key, kid),
        };
      },
    ],
    [
      'expired',
      async (tokens) => {
        const { key, kid } = await idSigningKey(stack.dataDir);
        const past = Math.floor(Date.now() / 1000) - 7200;
        return {
          ...tokens,
          id_token: await reSign(tokens.id_token!, { iat: past, exp: past + 3600 }, key, kid),
        };
      },
    ],
    [
      'with the wrong nonce',
      async (tokens) => {
        const { key, kid } = await idSigningKey(stack.dataDir);
        return {
          ...tokens,
          id_token: await reSign(tokens.id_token!, { nonce: 'attacker-nonce' }, key, kid),
        };
      },
    ],
    [
      'with alg none',
      (tokens) => {
        const [, payload] = tokens.id_token!.split('.');
        return Promise.resolve({
          ...tokens,
          id_token: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`,
        });
      },
    ],
  ];

  it.each(forgeries)('refuses an ID token %s (401, no session)', async (_name, forge) => {
    stack.proxy!.tamper = forge;
    const browser = new Browser();
    const url = await callbackUrl(browser, stack);
    await expectFailedSignIn(browser, stack, await browser.get(url), 401);
  });

  it('refuses the ID token with the access token of another sign-in of the same user (at_hash)', async () => {
    // Same user, so only at_hash tells them apart (the sub check cannot).
    const other = await apiTokens(stack, DEMO);
    stack.proxy!.tamper = (tokens) =>
      Promise.resolve({ ...tokens, access_token: other.accessToken });
    const browser = new Browser();
    const url = await callbackUrl(browser, stack);
    await expectFailedSignIn(browser, stack, await browser.get(url), 401);
  });

  it.each(['/.//evil.example/phish', '/..//evil.example/phish', '/%2e//evil.example/phish'])(
    'never sends the browser off-site after sign-in (returnTo=%s)',
    async (returnTo) => {
      const browser = new Browser();
      const url = await callbackUrl(browser, stack, returnTo);
      // Not followed: a redirect off-site must not be requested from the test machine.
      const landed = await browser.get(url, { follow: false });
      expect(landed.status).toBe(302);
      expect(landed.headers.get('location')).toBe('/myphotos');
    },
  );

  it('returns to a page of the site after sign-in', async () => {
    const browser = new Browser();
    const url = await callbackUrl(browser, stack, '/myphotos?x=1');
    const landed = await browser.get(url, { follow: false });
    expect(landed.headers.get('location')).toBe('/myphotos?x=1');
  });

  it('shows a 502 page when the token endpoint of Cognito is down, and signs no one in', async () => {
    stack.proxy!.failTokenEndpointWith = 503;
    const browser = new Browser();
    const url = await callbackUrl(browser, stack);
    await expectFailedSignIn(browser, stack, await browser.get(url), 502);
  });

  it('the same flow without tampering signs in (the forgeries above are what fails)', async () => {
    const browser = new Browser();
    const url = await callbackUrl(browser, stack);
    expect(text((await browser.get(url)).body)).toContain('Signed in as Demo');
  });
});
