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
});
