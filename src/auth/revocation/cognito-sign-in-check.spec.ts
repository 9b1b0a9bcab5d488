import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from '../../common/clock';
import { AuthResilienceConfig, CognitoConfig } from '../../config/config-slices';
import { CognitoTokenClient } from '../tokens/cognito-token.client';
import type { AccessTokenClaims } from '../tokens/token-claims';
import { CognitoSignInCheck } from './cognito-sign-in-check';

class HandClock extends Clock {
  time = 1_700_000_000_000;
  now(): number {
    return this.time;
  }
}

/** A userInfo endpoint on loopback: answers `status` and counts the questions per token. */
async function userInfoEndpoint() {
  const endpoint = { status: 200, asked: new Map<string, number>(), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const token = (req.headers.authorization ?? '').replace('Bearer ', '');
    endpoint.asked.set(token, (endpoint.asked.get(token) ?? 0) + 1);
    res.writeHead(endpoint.status, { 'content-type': 'application/json' });
    res.end(endpoint.status === 200 ? '{"sub":"s"}' : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { endpoint, domain };
}

describe('CognitoSignInCheck', () => {
  const clock = new HandClock();
  let endpoint: Awaited<ReturnType<typeof userInfoEndpoint>>['endpoint'];
  let check: CognitoSignInCheck;

  // The outage warning is the e2e suite's to check (test/auth/revoked-at-cognito).
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    const started = await userInfoEndpoint();
    endpoint = started.endpoint;
    const cognito = { domain: started.domain } as CognitoConfig;
    check = new CognitoSignInCheck(new CognitoTokenClient(cognito), clock, {
      revocationCheckSeconds: 30,
    } as AuthResilienceConfig);
  });
  afterEach(() => endpoint.close());

  const claims = (changes: Partial<AccessTokenClaims>): AccessTokenClaims => ({
    sub: 's',
    iss: 'i',
    client_id: 'c',
    token_use: 'access',
    iat: clock.now() / 1000,
    exp: clock.now() / 1000 + 3600,
    scope: 'openid',
    ...changes,
  });

  it('asks once per sign-in within the window, concurrent questions included, and again after it', async () => {
    const first = claims({ origin_jti: 'sign-in', jti: 'a' });
    const refreshed = claims({ origin_jti: 'sign-in', jti: 'b' });
    expect(await Promise.all([check.status('A', first), check.status('A', first)])).toEqual([
      'active',
      'active',
    ]);
    expect(await check.status('B', refreshed)).toBe('active');
    expect(endpoint.asked.get('A')).toBe(1);
    expect(endpoint.asked.get('B')).toBeUndefined();
    clock.time += 30_000;
    expect(await check.status('B', refreshed)).toBe('active');
    expect(endpoint.asked.get('B')).toBe(1);
  });

  it('keeps tokens without an origin_jti apart, by jti or else by the token itself', async () => {
    expect(await check.status('A', claims({ jti: 'same' }))).toBe('active');
    expect(await check.status('B', claims({ jti: 'other' }))).toBe('active');
    expect(await check.status('C', claims({}))).toBe('active');
    expect(await check.status('D', claims({}))).toBe('active');
    expect([...endpoint.asked.keys()].sort()).toEqual(['A', 'B', 'C', 'D']);
    endpoint.status = 401;
    clock.time += 30_000;
    expect(await check.status('A', claims({ jti: 'same' }))).toBe('revoked');
    // A refusal is kept: a revoked token does not make Cognito answer it again and again.
    expect(await check.status('A', claims({ jti: 'same' }))).toBe('revoked');
    expect(endpoint.asked.get('A')).toBe(2);
  });

  it('reads a refusal at the end of the token’s life as expiry, not as a revoked sign-in', async () => {
    endpoint.status = 401;
    const ending = claims({ origin_jti: 'o', exp: clock.now() / 1000 + 10 });
    expect(await check.status('A', ending)).toBe('refused');
  });

  it('answers unverified while Cognito fails, without asking again during the backoff', async () => {
    endpoint.status = 503;
    expect(await check.status('A', claims({ origin_jti: 'o' }))).toBe('unverified');
    endpoint.status = 200;
    expect(await check.status('A', claims({ origin_jti: 'o' }))).toBe('unverified');
    expect(endpoint.asked.get('A')).toBe(1);
    clock.time += 10_001;
    expect(await check.status('A', claims({ origin_jti: 'o' }))).toBe('active');
  });
});
