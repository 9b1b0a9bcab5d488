import { formatLogLine } from '../../src/common/pretty-log-stream';
import { Browser } from '../support/browser';
import { decryptRefreshToken, signedInSession } from '../support/sessions';
import { DEMO, TestStack } from '../support/test-stack';

describe('Logs', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ captureLogs: true });
  });
  afterAll(() => stack.close());

  it('record each request but no code, state, cookie, token, secret or password', async () => {
    const browser = new Browser();
    const form = await browser.get(`${stack.baseUrl}/login`);
    const state = new URL(form.url).searchParams.get('state');
    const signedIn = await browser.submit(form, /login/, {
      username: DEMO.username,
      password: DEMO.password,
    });
    const callback = new URL(signedIn.history.find((url) => url.includes('/callback'))!);
    const cookie = browser.jar.get('localhost', 'photos.sid')!;
    const refreshToken = decryptRefreshToken(
      (await signedInSession(stack.databaseUrl, cookie))!,
      stack.env.SESSION_SECRET,
    );
    await browser.signOut(stack.baseUrl);

    const logs = stack.logs.join('\n');
    expect(logs).toContain('"url":"/callback?[redacted]"');
    expect(logs).toContain('"url":"/logout"');
    const secrets = {
      code: callback.searchParams.get('code')!,
      state: state ?? callback.searchParams.get('state')!,
      sessionCookie: decodeURIComponent(cookie).slice(2, 20),
      refreshToken,
      clientSecret: stack.env.COGNITO_CLIENT_SECRET,
      sessionSecret: stack.env.SESSION_SECRET,
      password: DEMO.password,
    };
    for (const [name, value] of Object.entries(secrets)) {
      expect({ name, found: logs.includes(value) }).toEqual({ name, found: false });
    }
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/); // no JWT
  });

  /** Every captured line (production's JSON) and the same records as development writes them. */
  function bothFormats(): { json: string; readable: string } {
    return {
      json: stack.logs.join('\n'),
      readable: stack.logs.map((line) => formatLogLine(JSON.parse(line) as object)).join(''),
    };
  }

  it('writes no line an attacker forged in a callback error_description, in either format', async () => {
    const browser = new Browser({ follow: false });
    const ownState = async () => {
      const start = await browser.get(`${stack.baseUrl}/login`);
      return new URL(start.headers.get('location')!).searchParams.get('state')!;
    };
    const state = await ownState();
    const forged = `\n19:40:00 INFO  [Shutdown] Stopped forged-line ${'x'.repeat(15_000)}`;
    const callback = await browser.get(
      `${stack.baseUrl}/callback?${new URLSearchParams({ state, error: 'access_denied', error_description: forged }).toString()}`,
    );
    expect(callback.status).toBe(403);
    const oddError = await browser.get(
      `${stack.baseUrl}/callback?${new URLSearchParams({ state: await ownState(), error: `odd\n19:40:00 INFO  forged-code` }).toString()}`,
    );
    expect(oddError.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request lines, at close
    const { json, readable } = bothFormats();
    expect(json).not.toContain('forged');
    expect(readable).not.toContain('forged');
    expect(readable).not.toMatch(/^19:40:00 /m);
    for (const line of stack.logs) expect(line.length).toBeLessThan(2048);
  });

  it.each(['/Callback', '/callback/', '/CALLBACK/'])(
    'keeps the code out of both formats when the callback is spelled %s',
    async (path) => {
      const code = `secret-code-${path.length}-${path.charCodeAt(1)}`;
      const response = await fetch(`${stack.baseUrl}${path}?code=${code}&state=some-state`);
      expect(response.status).toBe(400); // reached the handler: its state is unknown
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { json, readable } = bothFormats();
      expect(json).toContain(`"url":"${path}?[redacted]"`);
      expect(json).not.toContain(code);
      expect(readable).not.toContain(code);
    },
  );

  it('takes no X-Request-Id from a client when no proxy is trusted: a fresh id, on the response and the log', async () => {
    const response = await fetch(`${stack.baseUrl}/info`, {
      headers: { 'x-request-id': 'someone-elses-request' },
    });
    await response.arrayBuffer();
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { json, readable } = bothFormats();
    expect(json).not.toContain('someone-elses-request');
    expect(json).toContain(`"id":"${id}"`);
    expect(readable).toMatch(new RegExp(`GET /info 200 \\d+ms \\(request ${id}\\)`));
  });
});
