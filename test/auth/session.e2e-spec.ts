import { postAsAppClient } from '../support/api-token';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { decryptRefreshToken, signedInSession } from '../support/sessions';
import { DEMO, TestStack } from '../support/test-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  beforeAll(async () => {
    stack = await TestStack.start({ tokenTtlSeconds: 5, proxy: true });
  });
  afterAll(() => stack.close());

  it('refreshes expired tokens silently on the next request', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const cookie = () => browser.jar.get('localhost', 'photos.sid');
    const before = (await signedInSession(stack.databaseUrl, cookie()))!.tokens!.expiresAt;
    await sleep(5500);
    const home = await browser.get(`${stack.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(text(home.body)).toContain('Hello, Demo');
    const after = (await signedInSession(stack.databaseUrl, cookie()))!.tokens!.expiresAt;
    expect(after).toBeGreaterThan(before);
  });

  it('refreshes once for a burst of requests (a page and its images) after expiry', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    await sleep(5500);
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
    await sleep(5500);
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

describe('Session expiry', () => {
  it('ends an idle session', async () => {
    const stack = await TestStack.start({
      env: { SESSION_IDLE_TIMEOUT: '2', SESSION_ABSOLUTE_TIMEOUT: '60' },
    });
    try {
      const browser = new Browser();
      await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
      const cookie = browser.jar.get('localhost', 'photos.sid');
      // The store keeps expiry in whole seconds, rounded up.
      await sleep(3500);
      // Even a browser that ignores the cookie's expiry gets nothing from the old id.
      browser.jar.set('localhost', 'photos.sid', cookie!);
      expect(text((await browser.get(`${stack.baseUrl}/`)).body)).not.toContain('Hello');
    } finally {
      await stack.close();
    }
  });

  it('ends a busy session at its absolute limit', async () => {
    const stack = await TestStack.start({
      env: { SESSION_IDLE_TIMEOUT: '3', SESSION_ABSOLUTE_TIMEOUT: '3' },
    });
    try {
      const browser = new Browser();
      await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
      for (let i = 0; i < 3; i++) {
        await sleep(1000);
        await browser.get(`${stack.baseUrl}/`);
      }
      await sleep(500);
      expect(text((await browser.get(`${stack.baseUrl}/`)).body)).not.toContain('Hello');
    } finally {
      await stack.close();
    }
  });
});
