import { Browser } from '../support/browser';
import { DEMO, TestStack } from '../support/test-stack';

/** What every response of the app must carry, whatever answered it. */
function expectStrictHeaders(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  const directive = (name: string) =>
    csp
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `));
  expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  expect(directive('script-src')).toBe("script-src 'self'");
  expect(directive('style-src')).toBe("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
}

describe('Production headers and request ids', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      captureLogs: true,
      env: {
        PHOTO_STORAGE: 's3',
        S3_BUCKET: 'photos-bucket',
        S3_REGION: 'eu-west-1',
        // Behind a load balancer: its X-Request-Id is taken (test/auth/logging: not otherwise).
        TRUST_PROXY: '1',
      },
    });
  });
  afterAll(() => stack.close());

  it('puts the strict headers on a page, a signed-in page, an API 401, an error page and a static file', async () => {
    const home = await fetch(`${stack.baseUrl}/`);
    expectStrictHeaders(home.headers);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(await home.text())![1];

    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const myPhotos = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(myPhotos.status).toBe(200);
    expectStrictHeaders(myPhotos.headers);
    expect(myPhotos.body).not.toMatch(/<style|\sstyle=/i);

    const api = await fetch(`${stack.baseUrl}/api/me`);
    expect(api.status).toBe(401);
    expectStrictHeaders(api.headers);

    const missing = await fetch(`${stack.baseUrl}/no/such/page`);
    expect(missing.status).toBe(404);
    expectStrictHeaders(missing.headers);

    const file = await fetch(new URL(stylesheet, stack.baseUrl));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/css');
    expectStrictHeaders(file.headers);
  });

  it('lets images come only from the app and the configured bucket', async () => {
    const csp = (await fetch(`${stack.baseUrl}/`)).headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' https://photos-bucket.s3.eu-west-1.amazonaws.com;");
  });

  it('relaxes styles for the Swagger UI page alone, still refusing framing', async () => {
    const docs = await fetch(`${stack.baseUrl}/api/docs`);
    const csp = docs.headers.get('content-security-policy')!;
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("keeps a load balancer's well-formed request id, replaces a malformed one", async () => {
    const kept = await fetch(`${stack.baseUrl}/info`, {
      headers: { 'x-request-id': 'Root=1-67891233-abcdef012345678912345678' },
    });
    // "=" is outside the accepted characters: replaced.
    expect(kept.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const alb = await fetch(`${stack.baseUrl}/info`, {
      headers: { 'x-request-id': 'lb-1.abc_DEF-42' },
    });
    expect(alb.headers.get('x-request-id')).toBe('lb-1.abc_DEF-42');
    const tooLong = await fetch(`${stack.baseUrl}/info`, {
      headers: { 'x-request-id': 'a'.repeat(129) },
    });
    expect(tooLong.headers.get('x-request-id')).not.toBe('a'.repeat(129));
  });

  it('writes the response’s request id on the log lines of that request', async () => {
    const response = await fetch(`${stack.baseUrl}/no/such/page`);
    const id = response.headers.get('x-request-id')!;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = stack.logs
      .map((line) => JSON.parse(line) as { req?: { id?: string }; res?: { statusCode?: number } })
      .filter((line) => line.req?.id === id);
    expect(lines.map((line) => line.res?.statusCode)).toContain(404);
  });
});
