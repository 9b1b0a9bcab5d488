import { ModuleRef } from '@nestjs/core';
import type { TestingModule } from '@nestjs/testing';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { AuthModule } from '../../src/auth/auth.module';
import { AuthService, RefreshRejectedError, type SignedIn } from '../../src/auth/auth.service';
import { SESSION_COOKIE, SESSION_TABLE } from '../../src/auth/session/session.constants';
import { SessionRefreshMiddleware } from '../../src/auth/session/session-refresh.middleware';
import { PhotosSessionStore } from '../../src/auth/session/session-store';
import { CognitoTokenClient } from '../../src/auth/tokens/cognito-token.client';
import { sharedPool } from '../../src/database/shared-pool';
import {
  authorizeUrl,
  signInThroughForm,
} from '../../packages/local-cognito/test/support/hosted-ui';
import { addressOf } from '../../packages/local-cognito/test/support/test-idp';
import { Browser } from '../../packages/local-cognito/test/support/browser';
import { DEMO, TestStack } from '../support/test-stack';

/** A request as the session middleware leaves it: a stored session, and no socket. */
interface SessionRequest {
  sessionID: string;
  session?: Request['session'];
  sessionStore: PhotosSessionStore;
}

/**
 * AuthService's refresh and the middleware that runs it, on the app's modules, its session table
 * in PostgreSQL and the local Cognito in this process; no HTTP server of the app.
 */
describe('Token refresh (AuthService, SessionRefreshMiddleware)', () => {
  let stack: TestStack;
  let module: TestingModule;
  let auth: AuthService;
  let middleware: SessionRefreshMiddleware;
  let store: PhotosSessionStore;

  beforeAll(async () => {
    stack = await TestStack.start({ startApp: false });
    module = await stack.startModule();
    auth = module.get(AuthService);
    // Middleware is built by Nest's HTTP layer, which this tier leaves out: build it the same way,
    // with AuthModule's providers injected.
    middleware = await module
      .select(AuthModule)
      .get(ModuleRef, { strict: true })
      .create(SessionRefreshMiddleware);
    store = new PhotosSessionStore({
      pool: sharedPool(module.get(DataSource)),
      tableName: SESSION_TABLE,
      touchAfterMs: 60_000,
    });
  });

  afterAll(async () => {
    store?.close();
    await stack?.close();
  });

  /** Signs DEMO in at the local Cognito and completes the sign-in through AuthService. */
  async function signIn(): Promise<SignedIn> {
    const attempt = authorizeUrl(addressOf(stack.idp), {
      client_id: stack.env.COGNITO_CLIENT_ID,
      redirect_uri: `${stack.baseUrl}/callback`,
    });
    const browser = new Browser({ follow: false });
    const callback = await signInThroughForm(addressOf(stack.idp), browser, attempt.url, DEMO);
    return auth.signInWithCode(callback.searchParams.get('code')!, {
      codeVerifier: attempt.pkce.verifier,
      nonce: attempt.nonce,
    });
  }

  /** The same sign-in whose ID and access tokens expired a second ago. */
  const expired = (signedIn: SignedIn): SignedIn => ({
    ...signedIn,
    tokens: { ...signedIn.tokens, expiresAt: Date.now() - 1000 },
  });

  /** A session row holding `signedIn`, and `count` requests that loaded it. */
  async function storedSession(signedIn: SignedIn, count = 1): Promise<SessionRequest[]> {
    const sessionID = randomUUID();
    const data = { cookie: { originalMaxAge: 3_600_000, path: '/' }, ...signedIn };
    const requests = Array.from({ length: count }, () => {
      const req: SessionRequest = { sessionID, sessionStore: store };
      store.createSession(req as unknown as Request, structuredClone(data));
      return req;
    });
    await promisify(store.set.bind(store))(sessionID, requests[0].session!);
    return requests;
  }

  const sessionRow = (sid: string) => promisify(store.get.bind(store))(sid);

  /** Runs the middleware as Express would; answers the cookies it cleared and the error passed on. */
  async function run(req: SessionRequest): Promise<{ cleared: string[]; error: unknown }> {
    const cleared: string[] = [];
    const res = { clearCookie: (name: string) => cleared.push(name) } as unknown as Response;
    let error: unknown;
    await middleware.use(req as unknown as Request, res, (passed?: unknown) => (error = passed));
    return { cleared, error };
  }

  it('AuthService.refresh: new tokens for the same person; the stored refresh token still works', async () => {
    const before = expired(await signIn());
    const after = await auth.refresh(before);
    expect(after.user).toEqual(before.user);
    expect(after.tokens.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(after.tokens.signedInAt).toBe(before.tokens.signedInAt);
    await expect(auth.refresh(after)).resolves.toMatchObject({ user: before.user });
  });

  it('AuthService.refresh: a revoked refresh token is refused as RefreshRejectedError', async () => {
    const signedIn = await signIn();
    await auth.signOut(signedIn.tokens);
    await expect(auth.refresh(signedIn)).rejects.toBeInstanceOf(RefreshRejectedError);
  });

  it('the middleware stores fresh tokens in a session whose tokens expired', async () => {
    const signedIn = expired(await signIn());
    const [req] = await storedSession(signedIn);
    const { cleared, error } = await run(req);
    expect(error).toBeUndefined();
    expect(cleared).toEqual([]);
    expect(req.session?.user).toEqual(signedIn.user);
    expect(req.session?.tokens?.expiresAt).toBeGreaterThan(Date.now() + 60_000);
  });

  it('a refused refresh signs the session out: row deleted, cookie cleared, request goes on signed out', async () => {
    const signedIn = await signIn();
    await auth.signOut(signedIn.tokens);
    const [req] = await storedSession(expired(signedIn));
    const { cleared, error } = await run(req);
    expect(error).toBeUndefined();
    expect(cleared).toEqual([SESSION_COOKIE]);
    expect(req.session).toBeUndefined();
    expect(await sessionRow(req.sessionID)).toBeNull();
  });

  it('requests of one session arriving together with expired tokens share one refresh', async () => {
    const signedIn = expired(await signIn());
    const requests = await storedSession(signedIn, 5);
    const refreshes = jest.spyOn(module.get(CognitoTokenClient), 'refresh');
    try {
      await Promise.all(requests.map(run));
      expect(refreshes).toHaveBeenCalledTimes(1);
    } finally {
      refreshes.mockRestore();
    }
    const tokens = requests.map((req) => req.session?.tokens);
    expect(new Set(tokens.map((t) => JSON.stringify(t))).size).toBe(1);
    expect(tokens[0]?.expiresAt).toBeGreaterThan(Date.now() + 60_000);
  });
});
