import { TestStack } from '../support/test-stack';

/**
 * The exception filters (common/http-exception.filter.ts, auth/http/auth-exception.filter.ts) as a
 * person or API client meets them, on the app built by createApp with a real PostgreSQL. No local
 * Cognito: the app's Cognito address is a closed port, so a token can never be checked.
 */
describe('Errors as clients see them (the exception filters)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ localCognito: false });
  });
  afterAll(() => stack?.close());

  async function request(path: string, init: RequestInit = {}) {
    const response = await fetch(`${stack.baseUrl}${path}`, { redirect: 'manual', ...init });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** Nothing internal in an answer: no stack frame, no source path, no address of a backend. */
  function expectNothingInternal(body: string): void {
    expect(body).not.toMatch(
      /\bat \S+ \(|\.ts:\d+|node_modules|ECONNREFUSED|127\.0\.0\.1:9\b|postgres:/,
    );
  }

  /** A JWT-shaped access token (RS256, a key id) that only the pool's signing keys could vouch for. */
  function tokenNeedingKeys(): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: stack.env.COGNITO_ISSUER,
      token_use: 'access',
      client_id: stack.env.COGNITO_API_CLIENT_ID,
      sub: 'someone',
      scope: 'openid',
      iat: now,
      exp: now + 600,
    };
    return [
      part({ alg: 'RS256', kid: 'key-1', typ: 'JWT' }),
      part(claims),
      Buffer.alloc(256, 1).toString('base64url'),
    ].join('.');
  }

  it('a page that does not exist: a 404 HTML page that says so and does not echo the path', async () => {
    const answer = await request('/no-such-page-<b>here</b>', { headers: { accept: 'text/html' } });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.body).toContain('<title>Page not found</title>');
    expect(answer.body).toContain('There is no page at this address.');
    expect(answer.body).not.toContain('no-such-page');
    expectNothingInternal(answer.body);
  });

  it('an API path that does not exist: JSON 404 naming the method and path, never a page', async () => {
    const answer = await request('/api/no-such', { headers: { accept: 'text/html' } });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      statusCode: 404,
      error: 'NOT_FOUND',
      message: 'Cannot GET /api/no-such',
    });
  });

  it('the API without a token: JSON 401 and a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const answer = await request('/api/photos');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="photos"');
    expect(JSON.parse(answer.body)).toMatchObject({
      statusCode: 401,
      message: 'A Bearer access token is required.',
    });
  });

  it('the API when Cognito keys cannot be fetched: JSON 503 with Retry-After, no challenge, no backend detail', async () => {
    const answer = await request('/api/photos', {
      headers: { authorization: `Bearer ${tokenNeedingKeys()}` },
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    // A 401 would make the client throw a token away that may be good.
    expect(answer.headers.get('www-authenticate')).toBeNull();
    expect(JSON.parse(answer.body)).toEqual({
      statusCode: 503,
      error: 'SERVICE_UNAVAILABLE',
      message: 'Something went wrong on our side. Please try again.',
    });
    expectNothingInternal(answer.body);
  });

  it('a page that needs a signed-in person: a redirect to sign in that comes back here', async () => {
    const answer = await request('/myphotos', { headers: { accept: 'text/html' } });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/login?returnTo=%2Fmyphotos');
  });

  it('a post whose body cannot be parsed: a 400 HTML page, nothing of the body as markup, no stack', async () => {
    const answer = await request('/logout', {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/json' },
      body: '<script>alert(1)</script>',
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.body).toContain('<title>Bad request</title>');
    expect(answer.body).not.toContain('<script>');
    expectNothingInternal(answer.body);
  });
});
