import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Browser } from '../support/browser';
import { formWithAction, text } from '../support/html';
import { sessionIdFromCookie } from '../support/sessions';
import { TestStack } from '../support/test-stack';
import { fixture, signedIn } from '../photos/photos-test-kit';

/** The session's row as PostgreSQL has it: xmin changes with every write of the row. */
async function sessionRow(
  stack: TestStack,
  browser: Browser,
): Promise<{ xmin: string; expire: Date } | undefined> {
  const sid = sessionIdFromCookie(browser.jar.get('localhost', 'photos.sid'));
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    // expire is a timestamp without time zone, written through to_timestamp in the session's zone.
    const result = await client.query<{ xmin: string; expire_ms: number }>(
      `SELECT xmin::text AS xmin, EXTRACT(EPOCH FROM expire::timestamptz)::float8 * 1000 AS expire_ms
         FROM user_sessions WHERE sid = $1`,
      [sid],
    );
    const row = result.rows[0];
    return row && { xmin: row.xmin, expire: new Date(row.expire_ms) };
  } finally {
    await client.end();
  }
}

const signedInHome = async (stack: TestStack, browser: Browser) =>
  text((await browser.get(`${stack.baseUrl}/`)).body).includes('Hello, Demo');

/**
 * An upload from another tab, as the page's form sends it, whose body is still arriving: the app
 * has loaded the session (it does so on the request's headers) but has not answered yet.
 */
async function startUpload(stack: TestStack, browser: Browser) {
  const page = await browser.get(`${stack.baseUrl}/myphotos`);
  const csrf = formWithAction(page.body, /^\/myphotos$/).fields._csrf;
  const boundary = `----late${randomBytes(8).toString('hex')}`;
  const part = (headers: string, content: string | Buffer) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
      Buffer.from(content),
      Buffer.from('\r\n'),
    ]);
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="_csrf"', csrf),
    part('Content-Disposition: form-data; name="description"', 'Sent from another tab'),
    part(
      'Content-Disposition: form-data; name="photo"; filename="rocket.jpg"\r\nContent-Type: image/jpeg',
      await fixture('rocket.jpg'),
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const url = `${stack.baseUrl}/myphotos`;
  const req = httpRequest(url, {
    method: 'POST',
    headers: {
      cookie: browser.jar.header(url) ?? '',
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': body.length,
    },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      // What the browser keeps from the late answer (with rolling sessions: the cookie again).
      browser.jar.store(url, res.headers['set-cookie'] ?? []);
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
  });
  req.write(body.subarray(0, 1024));
  // The request's headers are in: the session middleware loads the session now.
  await sleep(1_000);
  return {
    finish: () => {
      req.end(body.subarray(1024));
      return answered;
    },
  };
}

describe('A signed-out session stays signed out (finding 4)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(() => stack.close());

  it('is not brought back by an upload that was still in flight at logout (5 of 5)', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const browser = await signedIn(stack);
      const upload = await startUpload(stack, browser);
      const logout = await browser.signOut(stack.baseUrl, { follow: false });
      expect(logout.status).toBe(302);
      expect(await upload.finish()).toBe(303); // it was allowed to finish: it began signed in
      expect(await sessionRow(stack, browser)).toBeUndefined();
      expect(await signedInHome(stack, browser)).toBe(false);
      expect((await browser.get(`${stack.baseUrl}/myphotos`, { follow: false })).status).toBe(302);
    }
  });

  it('still creates the session of a new sign-in, and keeps saving it', async () => {
    const browser = await signedIn(stack);
    expect(await sessionRow(stack, browser)).toBeDefined();
    expect(await signedInHome(stack, browser)).toBe(true);
  });
});

describe('Rolling expiry without a write per request (issue 10)', () => {
  // Idle timeout 6 s: the store writes a new deadline only once it moved by 1.5 s (a quarter).
  // (express-session sets a cookie's deadline from the system clock: these waits are real.)
  const IDLE_MS = 6_000;
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { SESSION_IDLE_TIMEOUT: String(IDLE_MS / 1000), SESSION_ABSOLUTE_TIMEOUT: '600' },
    });
  });
  afterAll(() => stack.close());

  it('skips the write while the deadline moves by less than the bound, then writes it', async () => {
    const browser = await signedIn(stack);
    const before = (await sessionRow(stack, browser))!;
    for (let i = 0; i < 3; i++) expect(await signedInHome(stack, browser)).toBe(true);
    expect((await sessionRow(stack, browser))!.xmin).toBe(before.xmin);

    await sleep(IDLE_MS / 4 + 500);
    expect(await signedInHome(stack, browser)).toBe(true);
    const after = (await sessionRow(stack, browser))!;
    expect(after.xmin).not.toBe(before.xmin);
    expect(after.expire.getTime() - before.expire.getTime()).toBeGreaterThanOrEqual(IDLE_MS / 4);
  });

  it('still ends a session idle for longer than the timeout when its last touches were skipped', async () => {
    const browser = await signedIn(stack);
    const written = (await sessionRow(stack, browser))!;
    await sleep(300);
    expect(await signedInHome(stack, browser)).toBe(true); // a touch that was skipped…
    const lastActivity = Date.now();
    expect((await sessionRow(stack, browser))!.xmin).toBe(written.xmin);
    // …yet the row's deadline is never later than last activity + idle timeout.
    expect(written.expire.getTime()).toBeLessThanOrEqual(lastActivity + IDLE_MS + 1_000);

    await sleep(lastActivity + IDLE_MS + 1_200 - Date.now());
    const cookie = browser.jar.get('localhost', 'photos.sid')!;
    expect(await signedInHome(stack, browser)).toBe(false);
    // Even a client that keeps the old cookie gets nothing from it.
    browser.jar.set('localhost', 'photos.sid', cookie);
    expect((await browser.get(`${stack.baseUrl}/myphotos`, { follow: false })).status).toBe(302);
  });

  it('keeps a session alive that is used a little more often than the idle timeout', async () => {
    const browser = await signedIn(stack);
    for (let i = 0; i < 3; i++) {
      await sleep(IDLE_MS * 0.6);
      expect(await signedInHome(stack, browser)).toBe(true);
    }
  }, 60_000);
});
