import { createHash } from 'node:crypto';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as client from 'openid-client';
import { Browser } from './support/browser';
import { signInForTokens, signInThroughForm } from './support/hosted-ui';
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, DEMO, TestIdp } from './support/test-idp';

/**
 * The local Cognito as real relying-party code sees it: openid-client (discovery, code + PKCE +
 * nonce, userInfo, refresh, revocation) and aws-jwt-verify with Cognito's own claim checks.
 */
describe('local Cognito with real relying-party libraries', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start();
  });

  afterAll(async () => {
    await idp.close();
  });

  async function discover(auth: client.ClientAuth = client.ClientSecretBasic(CLIENT_SECRET)) {
    return client.discovery(new URL(idp.issuer), CLIENT_ID, {}, auth, {
      execute: [client.allowInsecureRequests],
    });
  }

  /** Runs the browser part of the flow; returns the callback URL the browser lands on. */
  async function browserSignIn(config: client.Configuration) {
    const codeVerifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const state = client.randomState();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK_URL,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    const callback = await signInThroughForm(
      idp,
      new Browser({ follow: false }),
      authorizationUrl.toString(),
    );
    return { callback, codeVerifier, nonce, state };
  }

  async function fetchJwks(): Promise<Jwks> {
    const response = await fetch(`${idp.issuer}/.well-known/jwks.json`);
    return (await response.json()) as Jwks;
  }

  it('publishes a Cognito-shaped discovery document, with end_session and revocation endpoints', async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Record<string, unknown>;
    expect(document).toEqual({
      authorization_endpoint: `${idp.origin}/oauth2/authorize`,
      end_session_endpoint: `${idp.origin}/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: idp.issuer,
      jwks_uri: `${idp.issuer}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${idp.origin}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${idp.origin}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${idp.origin}/oauth2/userInfo`,
    });
    expect(Object.keys(document)).toEqual(Object.keys(document).sort());
    expect(idp.issuer).toBe(`${idp.origin}/us-local-1_Photos`);
  });

  it('publishes two public RSA keys with different kids, and nothing private', async () => {
    const { keys } = await fetchJwks();
    expect(keys).toHaveLength(2);
    expect(new Set(keys.map((key) => key.kid)).size).toBe(2);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).toMatchObject({ alg: 'RS256', kty: 'RSA', e: 'AQAB', use: 'sig' });
      expect(key.kid).toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
  });

  it('answers 404 for the well-known documents of another pool', async () => {
    const response = await fetch(`${idp.origin}/us-local-1_Other/.well-known/jwks.json`);
    expect(response.status).toBe(404);
  });

  it('signs in with openid-client: code + PKCE + nonce, validated ID token, userInfo', async () => {
    const config = await discover();
    const { callback, codeVerifier, nonce, state } = await browserSignIn(config);
    expect(callback.origin + callback.pathname).toBe(CALLBACK_URL);

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT_ID,
      token_use: 'id',
      nonce,
      'cognito:username': DEMO.username,
      email: DEMO.email,
      email_verified: true,
      nickname: DEMO.nickname,
      'cognito:groups': ['admins', 'editors'],
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeDefined();

    const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims!.sub);
    expect(userInfo).toEqual({
      sub: claims!.sub,
      email_verified: 'true',
      email: DEMO.email,
      nickname: DEMO.nickname,
      username: DEMO.username,
    });
  });

  it('exchanges with client_secret_post as well as client_secret_basic', async () => {
    const config = await discover(client.ClientSecretPost(CLIENT_SECRET));
    const { callback, codeVerifier, nonce, state } = await browserSignIn(config);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    expect(tokens.claims()?.nonce).toBe(nonce);
  });

  it('refreshes without a new refresh token, keeping auth_time, then revokes everything', async () => {
    const config = await discover();
    const { callback, codeVerifier, nonce, state } = await browserSignIn(config);
    const first = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    const refreshToken = first.refresh_token!;
    expect(refreshToken.split('.')).toHaveLength(5);

    await new Promise((resolve) => setTimeout(resolve, 1100)); // so iat can differ from auth_time
    const refreshed = await client.refreshTokenGrant(config, refreshToken);
    expect(refreshed.refresh_token).toBeUndefined();
    expect(refreshed.access_token).not.toBe(first.access_token);
    const refreshedClaims = refreshed.claims()!;
    expect(refreshedClaims.auth_time).toBe(first.claims()!.auth_time);
    expect(refreshedClaims.iat).toBeGreaterThan(first.claims()!.iat);
    expect(refreshedClaims.origin_jti).toBe(first.claims()!.origin_jti);
    expect(refreshedClaims.jti).not.toBe(first.claims()!.jti);
    expect(refreshedClaims.nonce).toBeUndefined();

    await client.tokenRevocation(config, refreshToken);

    const refreshAgain = client.refreshTokenGrant(config, refreshToken);
    await expect(refreshAgain).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    for (const accessToken of [first.access_token, refreshed.access_token]) {
      await expect(
        client.fetchUserInfo(config, accessToken, client.skipSubjectCheck),
      ).rejects.toBeInstanceOf(client.WWWAuthenticateChallengeError);
    }
  });

  it('issues tokens that aws-jwt-verify accepts with Cognito field checks', async () => {
    const { tokens } = await signInForTokens(idp);
    const jwks = await fetchJwks();
    const verifierFor = (tokenUse: 'id' | 'access') => {
      const verifier = JwtVerifier.create({
        issuer: idp.issuer,
        audience: null,
        jwksUri: `${idp.issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) =>
          validateCognitoJwtFields(payload, { tokenUse, clientId: CLIENT_ID }),
      });
      verifier.cacheJwks(jwks);
      return verifier;
    };
    const access = await verifierFor('access').verify(tokens.access_token);
    expect(access).toMatchObject({
      token_use: 'access',
      client_id: CLIENT_ID,
      username: DEMO.username,
    });
    const id = await verifierFor('id').verify(tokens.id_token!);
    expect(id).toMatchObject({ token_use: 'id', aud: CLIENT_ID });
    // Each token type is refused where the other is expected.
    await expect(verifierFor('id').verify(tokens.access_token)).rejects.toThrow();
    await expect(verifierFor('access').verify(tokens.id_token!)).rejects.toThrow();
  });

  it("shapes tokens like Cognito's: headers, keys, claims", async () => {
    const { tokens, attempt } = await signInForTokens(idp);
    const { keys } = await fetchJwks();
    const idHeader = decodeProtectedHeader(tokens.id_token!);
    const accessHeader = decodeProtectedHeader(tokens.access_token);
    expect(Object.keys(idHeader)).toEqual(['kid', 'alg']);
    expect(Object.keys(accessHeader)).toEqual(['kid', 'alg']);
    expect(idHeader.alg).toBe('RS256');
    expect(idHeader.kid).not.toBe(accessHeader.kid);
    expect(keys.map((key) => key.kid)).toEqual(
      expect.arrayContaining([idHeader.kid, accessHeader.kid]),
    );

    const id = decodeJwt(tokens.id_token!);
    const access = decodeJwt(tokens.access_token);
    expect(Object.keys(id).sort()).toEqual(
      [
        'at_hash',
        'aud',
        'auth_time',
        'cognito:groups',
        'cognito:username',
        'email',
        'email_verified',
        'event_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'nickname',
        'nonce',
        'origin_jti',
        'sub',
        'token_use',
      ].sort(),
    );
    expect(Object.keys(access).sort()).toEqual(
      [
        'auth_time',
        'client_id',
        'cognito:groups',
        'event_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'origin_jti',
        'scope',
        'sub',
        'token_use',
        'username',
        'version',
      ].sort(),
    );
    expect(access.aud).toBeUndefined();
    expect(access.version).toBe(2);
    expect(access.scope).toBe('openid email profile');
    expect(id.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(access.sub).toBe(id.sub);
    expect(id.nonce).toBe(attempt.nonce);
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(id.event_id).toBe(access.event_id);
    expect(id.jti).not.toBe(access.jti);
    const expectedAtHash = createHash('sha256')
      .update(tokens.access_token)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    expect(id.at_hash).toBe(expectedAtHash);
  });

  it('gives no ID token, and refuses userInfo, without the openid scope', async () => {
    const { tokens } = await signInForTokens(idp, {
      overrides: { scope: 'aws.cognito.signin.user.admin' },
    });
    expect(tokens.id_token).toBeUndefined();
    expect(decodeJwt(tokens.access_token).scope).toBe('aws.cognito.signin.user.admin');
    const response = await fetch(idp.url('/oauth2/userInfo'), {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(401);
  });
});
