import {
  OUTAGE_BACKOFF_MS,
  USERINFO_TIMEOUT_MS,
} from '../../src/auth/revocation/cognito-sign-in-check';
import { apiTokens, postAsAppClient, type ApiTokens } from '../support/api-token';
import { fixture } from '../support/fixtures';
import { TestClock } from '../support/test-clock';
import { type AppInstance, SECOND, TestStack } from '../support/test-stack';
import { AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoApi } from '../../packages/local-cognito/test/support/cognito-api';

const CHECK_SECONDS = 30;

/**
 * Issue 17: an API client that revokes its refresh token at Cognito (not through Photos) loses
 * write access within REVOCATION_CHECK_SECONDS on every instance; Cognito down leaves writes on.
 */
describe('A refresh token revoked at Cognito', () => {
  const clock = new TestClock();
  let stack: TestStack;
  let second: AppInstance;

  beforeAll(async () => {
    stack = await TestStack.start({
      clock,
      proxy: true,
      captureLogs: true,
      env: { REVOCATION_CHECK_SECONDS: String(CHECK_SECONDS) },
    });
    second = await stack.startInstance();
  });
  afterEach(() => {
    stack.proxy!.failUserInfoWith = undefined;
  });
  afterAll(() => stack.close());

  const api = (baseUrl: string, path: string, token: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });

  async function upload(baseUrl: string, tokens: ApiTokens): Promise<Response> {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(await fixture('coffee-phone.jpg'))]), 'c.jpg');
    return api(baseUrl, '/api/photos', tokens.accessToken, { method: 'POST', body: form });
  }

  async function revokeAtCognito(tokens: ApiTokens): Promise<void> {
    // Straight to the local Cognito, as the API client would: Photos never hears of it.
    const response = await postAsAppClient(stack, '/oauth2/revoke', {
      token: tokens.refreshToken!,
    });
    expect(response.status).toBe(200);
  }

  const userInfoAsked = () => stack.proxy!.userInfoRequests;

  it('stops that sign-in’s uploads and deletes within the check window on every instance, and only its own', async () => {
    const revoked = await apiTokens(stack);
    const other = await apiTokens(stack);
    const before = await upload(stack.baseUrl, revoked);
    expect(before.status).toBe(201);
    const { id } = (await before.json()) as { id: string };
    expect((await upload(second.baseUrl, revoked)).status).toBe(201);
    expect((await upload(second.baseUrl, other)).status).toBe(201);
    // Within the window each instance answers from memory: Cognito is not asked again.
    const asked = userInfoAsked();
    expect((await upload(stack.baseUrl, revoked)).status).toBe(201);
    expect(userInfoAsked()).toBe(asked);

    await revokeAtCognito(revoked);
    clock.advance(CHECK_SECONDS * 1000 + 1);

    const refused = await upload(second.baseUrl, revoked);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(userInfoAsked()).toBe(asked + 1);
    // The first instance hears it from the shared denylist, without asking Cognito itself.
    expect((await upload(stack.baseUrl, revoked)).status).toBe(401);
    expect(userInfoAsked()).toBe(asked + 1);
    for (const instance of [stack.baseUrl, second.baseUrl]) {
      const deleted = await api(instance, `/api/photos/${id}`, revoked.accessToken, {
        method: 'DELETE',
      });
      expect(deleted.status).toBe(401);
      // Reads stay offline checks (README): the photo is still there and readable.
      expect((await api(instance, `/api/photos/${id}`, revoked.accessToken)).status).toBe(200);
      // Another sign-in of the same person writes on.
      expect((await upload(instance, other)).status).toBe(201);
    }
  });

  it('stops every sign-in of a user signed out globally (AdminUserGlobalSignOut), on every instance', async () => {
    const signedOut = await apiTokens(stack, SECOND);
    const other = await apiTokens(stack);
    expect((await upload(stack.baseUrl, signedOut)).status).toBe(201);
    expect((await upload(second.baseUrl, signedOut)).status).toBe(201);
    const api = cognitoApi({
      origin: stack.idp.origin,
      url: (path: string) => `${stack.idp.origin}${path}`,
    });
    await api.send(
      new AdminUserGlobalSignOutCommand({
        UserPoolId: 'us-local-1_Photos',
        Username: SECOND.username,
      }),
    );
    api.destroy();
    clock.advance(CHECK_SECONDS * 1000 + 1);
    expect((await upload(second.baseUrl, signedOut)).status).toBe(401);
    expect((await upload(stack.baseUrl, signedOut)).status).toBe(401);
    expect((await upload(stack.baseUrl, other)).status).toBe(201);
  });

  it('lets writes through while Cognito cannot answer, waits at most the timeout, warns once, and catches up after', async () => {
    const tokens = await apiTokens(stack);
    const logsBefore = stack.logs.length;
    clock.advance(OUTAGE_BACKOFF_MS + 1);

    stack.proxy!.failUserInfoWith = 503;
    expect((await upload(stack.baseUrl, tokens)).status).toBe(201);
    // Down: not asked again until the backoff is over.
    const asked = userInfoAsked();
    expect((await upload(stack.baseUrl, tokens)).status).toBe(201);
    expect(userInfoAsked()).toBe(asked);

    clock.advance(OUTAGE_BACKOFF_MS + 1);
    stack.proxy!.failUserInfoWith = 'hang';
    const started = Date.now();
    expect((await upload(stack.baseUrl, tokens)).status).toBe(201);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(USERINFO_TIMEOUT_MS - 100);
    expect(waited).toBeLessThan(USERINFO_TIMEOUT_MS + 2_000);

    // Revoked while Cognito cannot be asked: writes go on (fail open, docs/SECURITY.md)…
    await revokeAtCognito(tokens);
    clock.advance(CHECK_SECONDS * 1000 + 1);
    expect((await upload(stack.baseUrl, tokens)).status).toBe(201);

    // …until it answers again.
    stack.proxy!.failUserInfoWith = undefined;
    clock.advance(OUTAGE_BACKOFF_MS + 1);
    expect((await upload(stack.baseUrl, tokens)).status).toBe(401);

    const logs = stack.logs.slice(logsBefore).join('\n');
    expect(logs.match(/Cognito userInfo answered HTTP 503/g)).toHaveLength(1);
    expect(logs).not.toContain('did not answer in time');
    expect(logs).toContain('Cognito userInfo answers again');
    expect(logs).not.toContain(tokens.accessToken);
  });
});
