import { decodeJwt } from 'jose';
import { basicAuth, codeFromSignIn, postToken, signInForTokens } from './support/hosted-ui';
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, TestIdp } from './support/test-idp';

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const MACHINE = {
  clientId: 'photos-worker',
  clientSecret: 'worker-secret',
  scopes: ['photos/read', 'photos/write'],
};

/** POST /oauth2/token: client authentication, the three grants and Cognito's errors (docs/COGNITO.md §3). */
describe('local Cognito /oauth2/token', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start({ machineClients: [MACHINE] });
  });

  afterAll(async () => {
    await idp.close();
  });

  function codeGrant(code: string, verifier: string, overrides: Record<string, string> = {}) {
    return {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK_URL,
      code_verifier: verifier,
      ...overrides,
    };
  }

  function expectError(
    result: { status: number; headers: Headers; body: Record<string, unknown> },
    error: string,
    status = 400,
  ): void {
    expect({ status: result.status, body: result.body }).toEqual({ status, body: { error } });
    expect(result.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
    expect(result.headers.get('access-control-allow-origin')).toBe('*');
  }

  describe('client authentication', () => {
    it('accepts HTTP Basic, answering JSON with no-store and CORS *', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const result = await postToken(idp, codeGrant(code, attempt.pkce.verifier));
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(result.headers.get('access-control-allow-origin')).toBe('*');
      expect(result.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(Object.keys(result.body).sort()).toEqual(
        ['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type'].sort(),
      );
    });

    it('accepts client_id and client_secret in the body', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const result = await postToken(
        idp,
        codeGrant(code, attempt.pkce.verifier, {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
        }),
        {},
      );
      expect(result.status).toBe(200);
    });

    it('a wrong secret by Basic → invalid_client, and the code is not spent', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const wrong = await postToken(idp, codeGrant(code, attempt.pkce.verifier), {
        Authorization: basicAuth(CLIENT_ID, 'not-the-secret'),
      });
      expectError(wrong, 'invalid_client');
      expect((await postToken(idp, codeGrant(code, attempt.pkce.verifier))).status).toBe(200);
    });

    it('a wrong secret in the body → invalid_client', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const fields = codeGrant(code, attempt.pkce.verifier, {
        client_id: CLIENT_ID,
        client_secret: 'nope',
      });
      expectError(await postToken(idp, fields, {}), 'invalid_client');
    });

    it('no secret at all, for a client that has one → invalid_client', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      expectError(
        await postToken(idp, codeGrant(code, attempt.pkce.verifier, { client_id: CLIENT_ID }), {}),
        'invalid_client',
      );
    });

    it('an unknown client → invalid_client', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const result = await postToken(idp, codeGrant(code, attempt.pkce.verifier), {
        Authorization: basicAuth('intruder', CLIENT_SECRET),
      });
      expectError(result, 'invalid_client');
    });

    it('another client secret, even a valid one → invalid_client', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const result = await postToken(idp, codeGrant(code, attempt.pkce.verifier), {
        Authorization: basicAuth(CLIENT_ID, MACHINE.clientSecret),
      });
      expectError(result, 'invalid_client');
    });
  });

  describe('authorization_code', () => {
    it('works once: a second use → invalid_grant, and it revokes what the first use produced', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const first = await postToken(idp, codeGrant(code, attempt.pkce.verifier));
      expect(first.status).toBe(200);
      expectError(await postToken(idp, codeGrant(code, attempt.pkce.verifier)), 'invalid_grant');
      const refresh = await postToken(idp, {
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token as string,
      });
      expectError(refresh, 'invalid_grant');
    });

    it('still works at 4:59 after it was issued', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      idp.clock.advance(4 * 60 * 1000 + 59 * 1000);
      expect((await postToken(idp, codeGrant(code, attempt.pkce.verifier))).status).toBe(200);
    });

    it('expires five minutes after it was issued → invalid_grant', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      idp.clock.advance(5 * 60 * 1000 + 1000);
      expectError(await postToken(idp, codeGrant(code, attempt.pkce.verifier)), 'invalid_grant');
    });

    it('an unknown code → invalid_grant', async () => {
      expectError(
        await postToken(idp, codeGrant('00000000-0000-4000-8000-000000000000', 'x'.repeat(43))),
        'invalid_grant',
      );
    });

    it('a wrong PKCE verifier → invalid_grant', async () => {
      const { code } = await codeFromSignIn(idp);
      expectError(await postToken(idp, codeGrant(code, 'a'.repeat(43))), 'invalid_grant');
    });

    it('no PKCE verifier for a code issued with a challenge → invalid_grant', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const fields: Record<string, string> = codeGrant(code, attempt.pkce.verifier);
      delete fields.code_verifier;
      expectError(await postToken(idp, fields), 'invalid_grant');
    });

    it('a verifier for a code issued without a challenge (a PKCE downgrade) → invalid_grant', async () => {
      const { code } = await codeFromSignIn(idp, {
        code_challenge: undefined,
        code_challenge_method: undefined,
      });
      expectError(await postToken(idp, codeGrant(code, 'b'.repeat(43))), 'invalid_grant');
    });

    it('works without PKCE when the authorize request had none', async () => {
      const { code } = await codeFromSignIn(idp, {
        code_challenge: undefined,
        code_challenge_method: undefined,
      });
      const fields: Record<string, string> = codeGrant(code, '');
      delete fields.code_verifier;
      expect((await postToken(idp, fields)).status).toBe(200);
    });

    it('a redirect_uri other than the authorized one → unauthorized_client', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const fields = codeGrant(code, attempt.pkce.verifier, { redirect_uri: `${CALLBACK_URL}/` });
      expectError(await postToken(idp, fields), 'unauthorized_client');
    });

    it('no redirect_uri → invalid_request', async () => {
      const { code, attempt } = await codeFromSignIn(idp);
      const fields: Record<string, string> = codeGrant(code, attempt.pkce.verifier);
      delete fields.redirect_uri;
      expectError(await postToken(idp, fields), 'invalid_request');
    });
  });

  describe('refresh_token', () => {
    it('gives new tokens, no new refresh token, and keeps auth_time', async () => {
      const { tokens } = await signInForTokens(idp);
      idp.clock.advance(10 * 60 * 1000);
      const result = await postToken(idp, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
      });
      expect(result.status).toBe(200);
      expect(Object.keys(result.body).sort()).toEqual([
        'access_token',
        'expires_in',
        'id_token',
        'token_type',
      ]);
      const before = decodeJwt(tokens.id_token!);
      const after = decodeJwt(result.body.id_token as string);
      expect(after.auth_time).toBe(before.auth_time);
      expect(after.iat! - before.iat!).toBeGreaterThanOrEqual(600);
      expect(after.origin_jti).toBe(before.origin_jti);
    });

    it('a made-up refresh token → invalid_grant', async () => {
      const { tokens } = await signInForTokens(idp);
      const forged = `${tokens.refresh_token!.slice(0, -4)}AAAA`;
      expectError(
        await postToken(idp, { grant_type: 'refresh_token', refresh_token: forged }),
        'invalid_grant',
      );
    });

    it('a refresh token of another client → invalid_grant', async () => {
      const { tokens } = await signInForTokens(idp);
      const result = await postToken(
        idp,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
        { Authorization: basicAuth(MACHINE.clientId, MACHINE.clientSecret) },
      );
      expectError(result, 'invalid_grant');
    });

    it('no refresh_token → invalid_request', async () => {
      expectError(await postToken(idp, { grant_type: 'refresh_token' }), 'invalid_request');
    });
  });

  describe('client_credentials', () => {
    const machineAuth = { Authorization: basicAuth(MACHINE.clientId, MACHINE.clientSecret) };

    it('gives a machine client an access token without user claims', async () => {
      const result = await postToken(
        idp,
        { grant_type: 'client_credentials', scope: 'photos/read' },
        machineAuth,
      );
      expect(result.status).toBe(200);
      expect(Object.keys(result.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
      const access = decodeJwt(result.body.access_token as string);
      expect(access).toMatchObject({
        client_id: MACHINE.clientId,
        token_use: 'access',
        scope: 'photos/read',
        version: 2,
      });
      expect(access.username).toBeUndefined();
    });

    it('a scope the machine client does not have → invalid_scope', async () => {
      const result = await postToken(
        idp,
        { grant_type: 'client_credentials', scope: 'photos/delete' },
        machineAuth,
      );
      expectError(result, 'invalid_scope');
    });

    it('the web client, not allowed the grant → unauthorized_client', async () => {
      expectError(
        await postToken(idp, { grant_type: 'client_credentials' }),
        'unauthorized_client',
      );
    });
  });

  it('an unknown grant_type → unsupported_grant_type', async () => {
    expectError(
      await postToken(idp, { grant_type: 'password', username: 'demo', password: 'demo-password' }),
      'unsupported_grant_type',
    );
  });

  it('no grant_type → invalid_request', async () => {
    expectError(await postToken(idp, {}), 'invalid_request');
  });

  it('a JSON body instead of a form → invalid_request', async () => {
    const response = await fetch(idp.url('/oauth2/token'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: basicAuth() },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request' });
  });

  it('answers CORS preflights for any origin', async () => {
    const response = await fetch(idp.url('/oauth2/token'), {
      method: 'OPTIONS',
      headers: { Origin: 'https://spa.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
  });
});
