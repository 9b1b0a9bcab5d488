import { generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { apiTokens, type ApiTokens } from '../support/api-token';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { DEMO, TestStack } from '../support/test-stack';

const CACHE_SECONDS = 2;

/** Issue 8, finding 2: junk kids cannot starve the JWKS cache; a JWKS outage is a 503. */
describe('JWKS under attack and down', () => {
  let stack: TestStack;
  let tokens: ApiTokens;
  let junk: () => Promise<string>;

  const api = (token: string, baseUrl = stack.baseUrl) =>
    fetch(`${baseUrl}/api/photos`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { JWKS_CACHE_SECONDS: String(CACHE_SECONDS), JWKS_UNKNOWN_KID_PENALTY_SECONDS: '1' },
    });
    tokens = await apiTokens(stack);
    const claims = JSON.parse(
      Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString(),
    ) as Record<string, unknown>;
    const { privateKey } = await generateKeyPair('RS256');
    // Well-formed tokens a stranger can make: right issuer and client, a kid nobody issued.
    junk = () =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: randomUUID() }).sign(privateKey);
  });
  afterAll(() => stack.close());

  it('keeps sign-ins and API calls working through a burst, then a trickle across the cache age', async () => {
    // The burst arrives before the app has fetched the JWKS even once.
    const burst = await Promise.all(Array.from({ length: 40 }, async () => api(await junk())));
    expect(burst.map((r) => r.status)).toEqual(Array(40).fill(401));

    const browser = new Browser();
    expect(
      text((await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password)).body),
    ).toContain('Signed in as Demo');
    expect((await api(tokens.accessToken)).status).toBe(200);

    // Ten junk tokens a second for three cache ages, with a real API call every 200 ms.
    const until = Date.now() + 3 * CACHE_SECONDS * 1000;
    const junkStatuses: number[] = [];
    const real: { status: number; ms: number }[] = [];
    const trickle = (async () => {
      while (Date.now() < until) {
        void junk()
          .then(api)
          .then((r) => junkStatuses.push(r.status));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    while (Date.now() < until) {
      const started = Date.now();
      const response = await api(tokens.accessToken);
      real.push({ status: response.status, ms: Date.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await trickle;
    expect(real.length).toBeGreaterThan(10);
    expect(real.filter((r) => r.status !== 200)).toEqual([]);
    // Nobody waits behind the attacker: the slowest real call is far below the JWKS timeout.
    expect(Math.max(...real.map((r) => r.ms))).toBeLessThan(2000);
    expect(new Set(junkStatuses)).toEqual(new Set([401]));

    const later = new Browser();
    expect(text((await later.signIn(stack.baseUrl, DEMO.username, DEMO.password)).body)).toContain(
      'Signed in as Demo',
    );
    console.log(
      `junk-kid trickle: ${junkStatuses.length} junk (all 401), ${real.length} real API calls ` +
        `(all 200, slowest ${Math.max(...real.map((r) => r.ms))} ms)`,
    );
  });

  it('answers 503 with Retry-After, not 401, when the JWKS cannot be fetched; cached keys keep working', async () => {
    await stack.idp.close();
    // A fresh instance has no JWKS cached: the token cannot be checked, which is not its fault.
    const fresh = await stack.startInstance();
    const refused = await api(tokens.accessToken, fresh.baseUrl);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('www-authenticate')).toBeNull();
    expect(await refused.json()).toMatchObject({ statusCode: 503 });

    // The primary fetched the JWKS before the outage: past the cache age it keeps serving it.
    await new Promise((resolve) => setTimeout(resolve, CACHE_SECONDS * 1000 + 200));
    expect((await api(tokens.accessToken)).status).toBe(200);
    expect((await api(await junk())).status).toBe(401);
    await fresh.close();
  });
});
