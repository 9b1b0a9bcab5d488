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

  const refusedTokens: [string, () => Promise<Record<string, string>>][] = [
    ['no Authorization header', () => Promise.resolve({})],
    ['credentials of another scheme', () => Promise.resolve({ authorization: 'Basic ZGVtbzp4' })],
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

  it.each(refusedTokens)('%s: 401 with error="invalid_token"', async (_label, headersOf) => {
    const headers = await headersOf();
    for (const path of ['/api/photos', '/api/me']) {
      expect(await challengeOf(headers, path)).toEqual({
        status: 401,
        challenge: 'Bearer error="invalid_token"',
      });
    }
  });

  it('a good token short of the openid scope: 403 with error="insufficient_scope", scope="openid"', async () => {
    const token = await forgeAccessToken(stack, accessToken, { scope: 'email profile' });
    for (const path of ['/api/photos', '/api/me']) {
      expect(await challengeOf(bearer(token), path)).toEqual({
        status: 403,
        challenge: 'Bearer error="insufficient_scope", scope="openid"',
      });
    }
  });

  it('an accepted token: no challenge', async () => {
    expect(await challengeOf(bearer(accessToken))).toEqual({ status: 200, challenge: null });
  });
});
