import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { Browser } from './support/browser';
import { forms } from './support/html';
import { csrfFieldOf, formActionOf, locationOf } from './support/hosted-ui';
import { cognitoApi, STRONG_PASSWORD, verifyCognitoToken } from './support/cognito-api';
import { secretHashOf } from './support/secret-hash';
import { TestIdp } from './support/test-idp';

const CALLBACK = 'https://shop.example.com/callback';
const NEW_PASSWORD = 'N3w!Password-for-dana';

/**
 * The whole cycle on a pool made through the API: pool, client (with a secret), domain and user
 * through the AWS SDK; sign-in on the hosted page with that client (choosing a new password, as
 * a user made by AdminCreateUser must); refresh; GlobalSignOut; then the refresh fails.
 */
describe('local Cognito: a pool made through the API, signed in to on the hosted page', () => {
  let idp: TestIdp;
  let api: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  let clientSecret: string;
  const domain = `shop-${Date.now()}`;

  beforeAll(async () => {
    idp = await TestIdp.start();
    api = cognitoApi(idp);
    const { UserPool } = await api.send(new CreateUserPoolCommand({ PoolName: 'Shop' }));
    poolId = UserPool?.Id ?? '';
    const { UserPoolClient } = await api.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'shop-web',
        GenerateSecret: true,
        CallbackURLs: [CALLBACK],
        LogoutURLs: ['https://shop.example.com/'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        AllowedOAuthFlowsUserPoolClient: true,
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        IdTokenValidity: 15,
        AccessTokenValidity: 15,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes' },
      }),
    );
    clientId = UserPoolClient?.ClientId ?? '';
    clientSecret = UserPoolClient?.ClientSecret ?? '';
    await api.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
    await api.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'buyers' }));
    await api.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'dana',
        TemporaryPassword: STRONG_PASSWORD,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'dana@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await api.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'dana', GroupName: 'buyers' }),
    );
  });

  afterAll(async () => {
    api.destroy();
    await idp.close();
  });

  /** What the app would be configured with: COGNITO_DOMAIN and COGNITO_ISSUER for this pool. */
  async function appSettings(): Promise<{ cognitoDomain: string; issuer: string }> {
    const { DomainDescription } = await api.send(
      new DescribeUserPoolDomainCommand({ Domain: domain }),
    );
    return {
      cognitoDomain: `http://${DomainDescription?.CloudFrontDistribution}`,
      issuer: `http://${DomainDescription?.CloudFrontDistribution}/${DomainDescription?.UserPoolId}`,
    };
  }

  it('signs the new user in on the hosted page after they choose a new password, then refreshes, and GlobalSignOut ends the refresh', async () => {
    const { cognitoDomain, issuer } = await appSettings();
    expect(cognitoDomain).toBe(idp.origin);
    const config = await oidc.discovery(
      new URL(issuer),
      clientId,
      {},
      oidc.ClientSecretBasic(clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    expect(config.serverMetadata().authorization_endpoint).toBe(`${idp.origin}/oauth2/authorize`);
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const authorizeUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email aws.cognito.signin.user.admin',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });

    const browser = new Browser({ follow: false });
    const toLogin = await browser.get(authorizeUrl.toString());
    const loginUrl = locationOf(toLogin, authorizeUrl.toString()).toString();
    const loginPage = await browser.get(loginUrl);
    expect(loginPage.body).toContain('Sign in to shop-web');
    const afterPassword = await browser.postForm(idp.url(formActionOf(loginPage.body)), {
      _csrf: csrfFieldOf(loginPage.body),
      username: 'dana',
      password: STRONG_PASSWORD,
    });
    // The temporary password is right, but no code yet: the page asks for a new password.
    expect(afterPassword.status).toBe(200);
    expect(afterPassword.body).toContain('Change password');
    const form = forms(afterPassword.body).find((f) => f.method === 'post');
    expect(form?.fields.challenge).toBeTruthy();

    const weak = await browser.postForm(idp.url(form?.action ?? ''), {
      _csrf: form?.fields._csrf ?? '',
      challenge: form?.fields.challenge ?? '',
      new_password: 'weakpassword',
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('Password does not conform to policy');
    const retry = forms(weak.body).find((f) => f.method === 'post');

    const done = await browser.postForm(idp.url(retry?.action ?? ''), {
      _csrf: retry?.fields._csrf ?? '',
      challenge: retry?.fields.challenge ?? '',
      new_password: NEW_PASSWORD,
    });
    expect(done.status).toBe(302);
    const callback = locationOf(done, idp.origin);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    expect(tokens.refresh_token).toBeDefined();
    const id = await verifyCognitoToken(idp, poolId, tokens.id_token ?? '', 'id', clientId);
    expect(id).toMatchObject({
      'cognito:username': 'dana',
      'cognito:groups': ['buyers'],
      email: 'dana@example.com',
      iss: issuer,
    });
    expect((id.exp as number) - (id.iat as number)).toBe(15 * 60);
    const access = await verifyCognitoToken(idp, poolId, tokens.access_token, 'access', clientId);
    expect(access).toMatchObject({
      client_id: clientId,
      username: 'dana',
      'cognito:groups': ['buyers'],
    });

    // The new password is now the user's password, through the API as well.
    const apiSignIn = await api.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: 'dana',
          PASSWORD: NEW_PASSWORD,
          SECRET_HASH: secretHashOf(clientSecret, 'dana', clientId),
        },
      }),
    );
    const apiId = apiSignIn.AuthenticationResult?.IdToken ?? '';
    // Same keys and the same identity claims as the hosted UI's tokens.
    expect(decodeProtectedHeader(apiId).kid).toBe(decodeProtectedHeader(tokens.id_token ?? '').kid);
    const apiClaims = await verifyCognitoToken(idp, poolId, apiId, 'id', clientId);
    for (const claim of [
      'sub',
      'iss',
      'aud',
      'cognito:username',
      'cognito:groups',
      'email',
      'email_verified',
    ])
      expect(apiClaims[claim]).toEqual(id[claim]);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(decodeJwt(refreshed.access_token).username).toBe('dana');

    const me = await api.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    expect(me.Username).toBe('dana');
    await api.send(new GlobalSignOutCommand({ AccessToken: tokens.access_token }));

    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // Every flow: the API's own refresh token is ended too, and the access token no longer works.
    await expect(
      api.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: {
            REFRESH_TOKEN: apiSignIn.AuthenticationResult?.RefreshToken ?? '',
            SECRET_HASH: secretHashOf(clientSecret, 'dana', clientId),
          },
        }),
      ),
    ).rejects.toThrow(NotAuthorizedException);
    await expect(
      api.send(new GetUserCommand({ AccessToken: tokens.access_token })),
    ).rejects.toThrow(NotAuthorizedException);
  });

  it('enforces the API client’s exact settings at the hosted UI, and an update at once', async () => {
    const browser = new Browser({ follow: false });
    const authorize = (id: string, redirectUri: string) =>
      browser.get(
        idp.url(
          `/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: id, redirect_uri: redirectUri, scope: 'openid' }).toString()}`,
        ),
      );
    const slash = await authorize(clientId, `${CALLBACK}/`);
    expect(locationOf(slash, idp.origin).toString()).toBe(
      idp.url(`/error?error=redirect_mismatch&client_id=${clientId}`),
    );
    const { UserPoolClient: noOauth } = await api.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'api-only',
        CallbackURLs: [CALLBACK],
      }),
    );
    const refused = await authorize(noOauth?.ClientId ?? '', CALLBACK);
    expect(locationOf(refused, idp.origin).searchParams.get('error')).toBe('unauthorized_client');

    await api.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: noOauth?.ClientId,
        CallbackURLs: [CALLBACK, 'https://shop.example.com/other'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    const served = await authorize(noOauth?.ClientId ?? '', 'https://shop.example.com/other');
    expect(locationOf(served, idp.origin).pathname).toBe('/login');
  });

  it('holds a hosted sign-up to the pool’s password policy', async () => {
    const browser = new Browser({ follow: false });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CALLBACK,
      scope: 'openid',
    });
    const page = await browser.get(idp.url(`/signup?${query.toString()}`));
    const submit = (password: string) =>
      browser.postForm(idp.url(formActionOf(page.body)), {
        _csrf: csrfFieldOf(page.body),
        username: `signup-${password.length}`,
        email: 'new@example.com',
        nickname: 'New',
        password,
      });
    const weak = await submit('onlylowercase');
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('Password must have uppercase characters');
    const strong = await submit('Upper!lower9');
    expect(strong.status).toBe(302);
    expect(locationOf(strong, idp.origin).searchParams.get('code')).toBeTruthy();
  });

  it('serves the pool’s discovery and keys under its own issuer, with keys of its own', async () => {
    const ours = (await (await fetch(idp.url(`/${poolId}/.well-known/jwks.json`))).json()) as {
      keys: { kid: string }[];
    };
    const configured = (await (await fetch(`${idp.issuer}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    expect(ours.keys).toHaveLength(2);
    const configuredKids = configured.keys.map((key) => key.kid);
    expect(ours.keys.every((key) => !configuredKids.includes(key.kid))).toBe(true);
  });

  it('does not sign a user of this pool in with the configured pool’s client', async () => {
    const browser = new Browser({ follow: false });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'photos-local',
      redirect_uri: 'http://localhost:3000/callback',
      scope: 'openid',
    });
    const login = await browser.get(idp.url(`/login?${query.toString()}`));
    const refused = await browser.postForm(idp.url(formActionOf(login.body)), {
      _csrf: csrfFieldOf(login.body),
      username: 'dana',
      password: NEW_PASSWORD,
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Incorrect username or password.');
  });

  // Last: it moves the clock past the temporary password's seven days.
  it('refuses a temporary password older than the pool’s TemporaryPasswordValidityDays, on both sides', async () => {
    await api.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'late',
        TemporaryPassword: STRONG_PASSWORD,
        MessageAction: 'SUPPRESS',
      }),
    );
    idp.clock.advance(8 * 24 * 3600 * 1000);
    await expect(
      api.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: {
            USERNAME: 'late',
            PASSWORD: STRONG_PASSWORD,
            SECRET_HASH: secretHashOf(clientSecret, 'late', clientId),
          },
        }),
      ),
    ).rejects.toThrow('Temporary password has expired and must be reset by an administrator.');
    const browser = new Browser({ follow: false });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CALLBACK,
      scope: 'openid',
    });
    const login = await browser.get(idp.url(`/login?${query.toString()}`));
    const refused = await browser.postForm(idp.url(formActionOf(login.body)), {
      _csrf: csrfFieldOf(login.body),
      username: 'late',
      password: STRONG_PASSWORD,
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Temporary password has expired');
  });
});
