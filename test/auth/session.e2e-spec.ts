import { postAsAppClient } from '../support/api-token';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { decryptRefreshToken, signedInSession } from '../support/sessions';
import { Client } from 'pg';
import { TestClock } from '../support/test-clock';
import { DEMO, TestStack } from '../support/test-stack';

/** Past the 5 s tokens' expiry (the app refreshes 2 s before it). */
const PAST_EXPIRY_MS = 5_500;

async function revoke(stack: TestStack, refreshToken: string): Promise<void> {
  const response = await postAsAppClient(stack, '/oauth2/revoke', { token: refreshToken });
  expect(response.status).toBe(200);
}

describe('Sessions live in PostgreSQL', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(() => stack.close());

  it('survive an app restart', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    await stack.restartPrimary();
    expect(text((await browser.get(`${stack.baseUrl}/`)).body)).toContain('Hello, Demo');
  });

  it('are accepted by a second instance on the same database', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const second = await stack.startInstance();
    try {
      const home = await browser.get(`${second.baseUrl}/`);
      expect(text(home.body)).toContain('Hello, Demo');
    } finally {
      await second.close();
    }
  });
});

describe('Token refresh inside a live session', () => {
  let stack: TestStack;
  const clock = new TestClock();

  beforeAll(async () => {
    stack = await TestStack.start({ tokenTtlSeconds: 5, proxy: true, clock });
  });
  afterAll(() => stack.close());

  it('refreshes expired tokens silently on the next request', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const cookie = () => browser.jar.get('localhost', 'photos.sid');
    const before = (await signedInSession(stack.databaseUrl, cookie()))!.tokens!.expiresAt;
    clock.advance(PAST_EXPIRY_MS);
    const home = await browser.get(`${stack.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(text(home.body)).toContain('Hello, Demo');
    const after = (await signedInSession(stack.databaseUrl, cookie()))!.tokens!.expiresAt;
    expect(after).toBeGreaterThan(before);
  });

  it('refreshes once for a burst of requests (a page and its images) after expiry', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    clock.advance(PAST_EXPIRY_MS);
    const before = stack.proxy!.tokenGrants.filter((g) => g === 'refresh_token').length;
    const pages = await Promise.all(
      Array.from({ length: 10 }, () => browser.get(`${stack.baseUrl}/`)),
    );
    expect(pages.every((page) => text(page.body).includes('Hello, Demo'))).toBe(true);
    const refreshes = stack.proxy!.tokenGrants.filter((g) => g === 'refresh_token').length - before;
    expect(refreshes).toBe(1);
  });

  it('signs the user out cleanly when the refresh token was revoked', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const cookie = browser.jar.get('localhost', 'photos.sid');
    const sess = await signedInSession(stack.databaseUrl, cookie);
    await revoke(stack, decryptRefreshToken(sess!, stack.env.SESSION_SECRET));
    clock.advance(PAST_EXPIRY_MS);
    const page = await browser.get(`${stack.baseUrl}/logout`, { follow: false });
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('You are signed out');
    expect(await signedInSession(stack.databaseUrl, cookie)).toBeUndefined();
    // A page that needs a user now sends them to sign in again, not to an error.
    const photos = await browser.get(`${stack.baseUrl}/myphotos`, { follow: false });
    expect(photos.status).toBe(302);
    expect(photos.headers.get('location')).toBe('/login?returnTo=%2Fmyphotos');
  });
});

/** The session row's idle deadline, in epoch ms, as the store keeps it. */
async function rowDeadline(databaseUrl: string, sid: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ ms: string }>(
      'SELECT (EXTRACT(EPOCH FROM expire) * 1000)::bigint AS ms FROM user_sessions WHERE sid = $1',
      [sid],
    );
    return Number(rows[0].ms);
  } finally {
    await db.end();
  }
}

describe('Session expiry', () => {
  const IDLE_SECONDS = 600;
  const clock = new TestClock();
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      clock,
      env: { SESSION_IDLE_TIMEOUT: String(IDLE_SECONDS), SESSION_ABSOLUTE_TIMEOUT: '3600' },
    });
  });
  afterAll(() => stack.close());

  it('ends an idle session: its row expires the idle timeout after the last request', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const cookie = browser.jar.get('localhost', 'photos.sid')!;
    const sid = decodeURIComponent(cookie).slice(2).split('.')[0];
    const deadline = await rowDeadline(stack.databaseUrl, sid);
    // Rounded up to whole seconds by the store.
    expect(deadline - Date.now()).toBeGreaterThan((IDLE_SECONDS - 5) * 1000);
    expect(deadline - Date.now()).toBeLessThanOrEqual((IDLE_SECONDS + 1) * 1000);
    // The idle time passes in the database (the row's deadline is what PostgreSQL compares).
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    await db.query(`UPDATE user_sessions SET expire = now() - interval '1 second' WHERE sid = $1`, [
      sid,
    ]);
    await db.end();
    // Even a browser that ignores the cookie's expiry gets nothing from the old id.
    browser.jar.set('localhost', 'photos.sid', cookie);
    expect(text((await browser.get(`${stack.baseUrl}/`)).body)).not.toContain('Hello');
  });

  it('ends a busy session at its absolute limit', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000_000); // busy: a request every ~17 minutes, well inside the idle limit
      expect(text((await browser.get(`${stack.baseUrl}/`)).body)).toContain('Hello, Demo');
    }
    clock.advance(700_000); // 3,700 s after sign-in
    expect(text((await browser.get(`${stack.baseUrl}/`)).body)).not.toContain('Hello');
  });
});
