import { Client } from 'pg';
import { postAsAppClient } from '../support/api-token';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { decryptRefreshToken, signedInSession } from '../support/sessions';
import { TestClock } from '../support/test-clock';
import { DEMO, TestStack } from '../support/test-stack';
import { fixture } from '../photos/photos-test-kit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pendingRevocations(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(
      'SELECT count(*) FROM pending_revocations',
    );
    return Number(result.rows[0].count);
  } finally {
    await client.end();
  }
}

/** Signs in through the app and returns the browser and the session's refresh token. */
async function signedIn(stack: TestStack): Promise<{ browser: Browser; refreshToken: string }> {
  const browser = new Browser();
  await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
  const sess = await signedInSession(stack.databaseUrl, browser.jar.get('localhost', 'photos.sid'));
  return { browser, refreshToken: decryptRefreshToken(sess!, stack.env.SESSION_SECRET) };
}

/** Tokens minted from a refresh token, straight from Cognito (same sign-in, same origin_jti). */
function refreshAtCognito(stack: TestStack, refreshToken: string): Promise<Response> {
  return postAsAppClient(stack, '/oauth2/token', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
}

/** Issue 8, findings 7 and 8 (Cognito half). */
describe('Signing out ends the sign-in everywhere', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ proxy: true, env: { REVOCATION_RETRY_SECONDS: '1' } });
  });
  afterEach(() => {
    stack.proxy!.failRevokeEndpointWith = undefined;
  });
  afterAll(() => stack.close());

  const api = (baseUrl: string, path: string, token: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });

  async function upload(baseUrl: string, token: string): Promise<Response> {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(await fixture('coffee-phone.jpg'))]), 'c.jpg');
    return api(baseUrl, '/api/photos', token, { method: 'POST', body: form });
  }

  it('refuses uploads and deletes with the access tokens of a signed-out session, on any instance', async () => {
    const { browser, refreshToken } = await signedIn(stack);
    const accessToken = (
      (await (await refreshAtCognito(stack, refreshToken)).json()) as {
        access_token: string;
      }
    ).access_token;
    const before = await upload(stack.baseUrl, accessToken);
    expect(before.status).toBe(201);
    const { id } = (await before.json()) as { id: string };

    await browser.signOut(stack.baseUrl);

    const other = await stack.startInstance();
    try {
      for (const baseUrl of [stack.baseUrl, other.baseUrl]) {
        const refusedUpload = await upload(baseUrl, accessToken);
        expect(refusedUpload.status).toBe(401);
        expect(refusedUpload.headers.get('www-authenticate')).toContain('invalid_token');
        const refusedDelete = await api(baseUrl, `/api/photos/${id}`, accessToken, {
          method: 'DELETE',
        });
        expect(refusedDelete.status).toBe(401);
        // Reads check the token offline only: they work until it expires (README).
        expect((await api(baseUrl, `/api/photos/${id}`, accessToken)).status).toBe(200);
      }
    } finally {
      await other.close();
    }
  });

  it('retries a revoke Cognito did not answer at sign-out, until the refresh token is dead', async () => {
    const { browser, refreshToken } = await signedIn(stack);
    stack.proxy!.failRevokeEndpointWith = 503;
    const out = await browser.signOut(stack.baseUrl);
    expect(text(out.body)).not.toContain('Hello');
    expect(await pendingRevocations(stack.databaseUrl)).toBe(1);
    // Cognito never heard of the sign-out: the refresh token still works there.
    expect((await refreshAtCognito(stack, refreshToken)).status).toBe(200);

    stack.proxy!.failRevokeEndpointWith = undefined;
    const deadline = Date.now() + 15_000;
    while ((await pendingRevocations(stack.databaseUrl)) > 0 && Date.now() < deadline)
      await sleep(250);
    expect(await pendingRevocations(stack.databaseUrl)).toBe(0);
    const refused = await refreshAtCognito(stack, refreshToken);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('A refresh while Cognito is down', () => {
  let stack: TestStack;

  const clock = new TestClock();

  beforeAll(async () => {
    stack = await TestStack.start({
      proxy: true,
      clock,
      tokenTtlSeconds: 3,
      env: { COGNITO_OUTAGE_GRACE_SECONDS: '4', REVOCATION_RETRY_SECONDS: '1' },
    });
  });
  afterAll(() => stack.close());

  it('keeps the session for the bounded grace, then signs it out cleanly', async () => {
    const { browser } = await signedIn(stack);
    const cookie = browser.jar.get('localhost', 'photos.sid');
    const { expiresAt } = (await signedInSession(stack.databaseUrl, cookie))!.tokens!;
    stack.proxy!.failTokenEndpointWith = 503;
    try {
      clock.advance(expiresAt - clock.now() + 500);
      // Tokens expired, Cognito out, within the grace: still signed in.
      expect(text((await browser.get(`${stack.baseUrl}/`)).body)).toContain('Hello, Demo');
      clock.advance(expiresAt + 4_000 - clock.now() + 500);
      // Past the grace: signed out, the session row gone, a page asks to sign in again.
      expect(text((await browser.get(`${stack.baseUrl}/`)).body)).not.toContain('Hello');
      expect(await signedInSession(stack.databaseUrl, cookie)).toBeUndefined();
      const photos = await browser.get(`${stack.baseUrl}/myphotos`, { follow: false });
      expect(photos.headers.get('location')).toBe('/login?returnTo=%2Fmyphotos');
    } finally {
      stack.proxy!.failTokenEndpointWith = undefined;
    }
  });
});
