import { apiTokens, forgeAccessToken } from '../support/api-token';
import { TestStack } from '../support/test-stack';

/**
 * What an API client is told to do about a refused request (RFC 6750 §3): a 401 says the
 * access token is no good (get another), a 403 says which scope a token would need.
 */
describe('The API challenge (WWW-Authenticate) on refused requests', () => {
  let stack: TestStack;
  let accessToken: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    accessToken = (await apiTokens(stack)).accessToken;
  });
  afterAll(() => stack.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const challengeOf = async (headers: Record<string, string>, path = '/api/photos') => {
    const response = await fetch(`${stack.baseUrl}${path}`, { headers });
    await response.arrayBuffer();
    return { status: response.status, challenge: response.headers.get('www-authenticate') };
  };

  // RFC 6750 §3.1: a request that presented no token gets the bare challenge, no error code (the
  // client may not have known a token was needed); error codes are for tokens that were refused.
  it.each([
    ['no Authorization header', {}],
    ['credentials of another scheme', { authorization: 'Basic ZGVtbzp4' }],
  ])('%s: 401 with a bare Bearer challenge, no error code', async (_label, headers) => {
    for (const path of ['/api/photos', '/api/me']) {
      expect(await challengeOf(headers, path)).toEqual({
        status: 401,
        challenge: 'Bearer realm="photos"',
      });
    }
  });

  const refusedTokens: [string, () => Promise<Record<string, string>>][] = [
    ['a Bearer credential that is no token', () => Promise.resolve(bearer('not a token'))],
    ['a token that is no JWT', () => Promise.resolve(bearer('not.a.jwt'))],
    [
      'a token whose signature does not match',
      () => Promise.resolve(bearer(`${accessToken.slice(0, -4)}AAAA`)),
    ],
    [
      'an expired token',
      async () =>
        bearer(
          await forgeAccessToken(stack, accessToken, {
            iat: Math.floor(Date.now() / 1000) - 7200,
            exp: Math.floor(Date.now() / 1000) - 3600,
          }),
        ),
    ],
  ];

  it.each(refusedTokens)(
    '%s: 401 with error="invalid_token" and a description that says no more than that',
    async (_label, headersOf) => {
      const headers = await headersOf();
      for (const path of ['/api/photos', '/api/me']) {
        expect(await challengeOf(headers, path)).toEqual({
          status: 401,
          challenge:
            'Bearer realm="photos", error="invalid_token", error_description="The access token is invalid or expired."',
        });
      }
    },
  );

  it('a good token short of the openid scope: 403 with error="insufficient_scope", scope="openid"', async () => {
    const token = await forgeAccessToken(stack, accessToken, { scope: 'email profile' });
    for (const path of ['/api/photos', '/api/me']) {
      expect(await challengeOf(bearer(token), path)).toEqual({
        status: 403,
        challenge: 'Bearer realm="photos", error="insufficient_scope", scope="openid"',
      });
    }
  });

  it('an accepted token: no challenge', async () => {
    expect(await challengeOf(bearer(accessToken))).toEqual({ status: 200, challenge: null });
  });

  it('a token that names no sign-in (no origin_jti): reads work, writes are refused (the denylist cannot vouch for it)', async () => {
    const token = await forgeAccessToken(stack, accessToken, { origin_jti: undefined });
    expect(await challengeOf(bearer(token))).toEqual({ status: 200, challenge: null });
    const write = await fetch(`${stack.baseUrl}/api/photos/00000000-0000-4000-8000-000000000000`, {
      method: 'DELETE',
      headers: bearer(token),
    });
    expect(write.status).toBe(401);
    expect(write.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
