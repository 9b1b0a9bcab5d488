import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { signedInSession } from '../support/sessions';
import { DEMO, TestStack } from '../support/test-stack';

describe('Rotating SESSION_SECRET without signing anyone out', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ tokenTtlSeconds: 5 });
  });
  afterAll(() => stack.close());

  it('keeps sessions signed with the previous secret, refreshing their stored tokens', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const cookie = () => browser.jar.get('localhost', 'photos.sid');
    const signedBefore = cookie();
    const before = (await signedInSession(stack.databaseUrl, signedBefore))!.tokens!.expiresAt;

    const oldSecret = stack.env.SESSION_SECRET;
    stack.env.SESSION_SECRET = randomBytes(32).toString('hex');
    stack.env.SESSION_SECRET_PREVIOUS = oldSecret;
    await stack.restartPrimary();
    await sleep(5500); // the access token expires: the refresh token stored under the old key is used

    const home = await browser.get(`${stack.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(text(home.body)).toContain('Hello, Demo');
    expect(cookie()).not.toBe(signedBefore); // re-signed with the new secret
    const after = (await signedInSession(stack.databaseUrl, cookie()))!.tokens!.expiresAt;
    expect(after).toBeGreaterThan(before);

    // Once the previous secret is dropped, a cookie signed only with it is worthless.
    stack.env.SESSION_SECRET_PREVIOUS = '';
    await stack.restartPrimary();
    const stale = new Browser();
    stale.jar.store(stack.baseUrl, [`photos.sid=${signedBefore}; Path=/`]);
    const refused = await stale.get(`${stack.baseUrl}/myphotos`, { follow: false });
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toMatch(/^\/login/);
  });
});
