import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, decodeJwt, generateKeyPair, importJWK } from 'jose';
import { basicAuth, postToken, signInForTokens, type TokenSet } from './support/hosted-ui';
import { CLIENT_ID, DEMO, TestIdp } from './support/test-idp';

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** GET /oauth2/userInfo and POST /oauth2/revoke (docs/COGNITO.md §5, §6). */
describe('local Cognito userInfo and revocation', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start({ tokenTtlSeconds: 600 });
  });

  afterAll(async () => {
    await idp.close();
  });

  function userInfo(authorization?: string): Promise<Response> {
    return fetch(idp.url('/oauth2/userInfo'), {
      headers: authorization ? { Authorization: authorization } : {},
    });
  }

  async function expectInvalidToken(authorization: string | undefined): Promise<void> {
    const response = await userInfo(authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await response.text()).toBe('');
  }

  function revoke(
    fields: Record<string, string>,
    headers: Record<string, string> = { Authorization: basicAuth() },
  ) {
    return fetch(idp.url('/oauth2/revoke'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async function refresh(tokens: TokenSet) {
    return postToken(idp, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
  }

  describe('userInfo', () => {
    it("returns Cognito's attributes, with email_verified as a string", async () => {
      const { tokens } = await signInForTokens(idp);
      const response = await userInfo(`Bearer ${tokens.access_token}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toEqual({
        sub: decodeJwt(tokens.access_token).sub,
        email_verified: 'true',
        email: DEMO.email,
        nickname: DEMO.nickname,
        username: DEMO.username,
      });
    });

    it('no Authorization header → 401 invalid_token', async () => {
      await expectInvalidToken(undefined);
    });

    it('a garbage token → 401 invalid_token', async () => {
      await expectInvalidToken('Bearer not.a.token');
    });

    it('an ID token instead of an access token → 401 invalid_token', async () => {
      const { tokens } = await signInForTokens(idp);
      await expectInvalidToken(`Bearer ${tokens.id_token}`);
    });

    it('a token signed with a key that is not ours, though shaped right → 401 invalid_token', async () => {
      const { tokens } = await signInForTokens(idp);
      const { privateKey } = await generateKeyPair('RS256');
      const header = JSON.parse(
        Buffer.from(tokens.access_token.split('.')[0], 'base64url').toString(),
      ) as {
        kid: string;
      };
      const forged = await new SignJWT(decodeJwt(tokens.access_token))
        .setProtectedHeader({ kid: header.kid, alg: 'RS256' })
        .sign(privateKey);
      await expectInvalidToken(`Bearer ${forged}`);
    });

    it('a token forged with the documented signing-keys.json is accepted (the contract tests rely on)', async () => {
      const { tokens } = await signInForTokens(idp);
      const { keys } = JSON.parse(
        await readFile(join(idp.stateDir, 'signing-keys.json'), 'utf8'),
      ) as {
        keys: Array<{ kid: string; token_use: string }>;
      };
      const accessKey = keys.filter((key) => key.token_use === 'access').at(-1)!;
      const claims = decodeJwt(tokens.access_token);
      const forged = await new SignJWT({ ...claims, jti: 'forged' })
        .setProtectedHeader({ kid: accessKey.kid, alg: 'RS256' })
        .sign(await importJWK(accessKey, 'RS256'));
      expect((await userInfo(`Bearer ${forged}`)).status).toBe(200);
    });

    it('an expired access token → 401 invalid_token', async () => {
      const { tokens } = await signInForTokens(idp);
      expect((await userInfo(`Bearer ${tokens.access_token}`)).status).toBe(200);
      idp.clock.advance(601 * 1000);
      await expectInvalidToken(`Bearer ${tokens.access_token}`);
    });

    it('a malformed Authorization header → 400 invalid_request', async () => {
      const response = await userInfo(basicAuth());
      expect(response.status).toBe(400);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_request"');
    });
  });

  describe('revoke', () => {
    it('answers 200 with an empty body, and the refresh token stops working', async () => {
      const { tokens } = await signInForTokens(idp);
      const response = await revoke({ token: tokens.refresh_token! });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const refreshed = await refresh(tokens);
      expect({ status: refreshed.status, body: refreshed.body }).toEqual({
        status: 400,
        body: { error: 'invalid_grant' },
      });
    });

    it('makes every token sharing its origin_jti unusable at userInfo, refreshed ones included', async () => {
      const { tokens } = await signInForTokens(idp);
      const refreshed = await refresh(tokens);
      const refreshedAccess = refreshed.body.access_token as string;
      expect((await userInfo(`Bearer ${refreshedAccess}`)).status).toBe(200);
      expect((await revoke({ token: tokens.refresh_token! })).status).toBe(200);
      await expectInvalidToken(`Bearer ${tokens.access_token}`);
      await expectInvalidToken(`Bearer ${refreshedAccess}`);
    });

    it("leaves the user's other sign-ins alone", async () => {
      const revoked = await signInForTokens(idp);
      const other = await signInForTokens(idp);
      await revoke({ token: revoked.tokens.refresh_token! });
      expect((await userInfo(`Bearer ${other.tokens.access_token}`)).status).toBe(200);
      expect((await refresh(other.tokens)).status).toBe(200);
    });

    it('answers 200 for an unknown token, and for one already revoked', async () => {
      expect((await revoke({ token: 'never-issued' })).status).toBe(200);
      const { tokens } = await signInForTokens(idp);
      expect((await revoke({ token: tokens.refresh_token! })).status).toBe(200);
      expect((await revoke({ token: tokens.refresh_token! })).status).toBe(200);
    });

    it('bad client credentials → 401 invalid_client, and nothing is revoked', async () => {
      const { tokens } = await signInForTokens(idp);
      const response = await revoke(
        { token: tokens.refresh_token! },
        { Authorization: basicAuth(CLIENT_ID, 'wrong') },
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'invalid_client' });
      expect((await refresh(tokens)).status).toBe(200);
    });

    it('no token → 400 invalid_request', async () => {
      const response = await revoke({});
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
      expect(await response.json()).toEqual({ error: 'invalid_request' });
    });

    it('an access token → 400 unsupported_token_type, and it keeps working', async () => {
      const { tokens } = await signInForTokens(idp);
      const response = await revoke({ token: tokens.access_token });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'unsupported_token_type' });
      expect((await userInfo(`Bearer ${tokens.access_token}`)).status).toBe(200);
    });
  });
});
