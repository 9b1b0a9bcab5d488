import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalCognitoConfig } from '../../src/local-cognito.config';
import { startLocalCognito, type RunningLocalCognito } from '../../src/local-cognito.server';
import type { Clock } from '../../src/support/clock';

export const CALLBACK_URL = 'http://localhost:3000/callback';
export const LOGOUT_URL = 'http://localhost:3000/';
export const CLIENT_ID = 'photos-local';
export const CLIENT_SECRET = 'photos-local-secret';
export const DEMO = {
  username: 'demo',
  password: 'demo-password',
  email: 'demo@example.com',
  nickname: 'Demo',
};

/** Where a local Cognito answers: all the sign-in helpers need. */
export interface IdpAddress {
  readonly origin: string;
  url(path: string): string;
}

export function addressOf(running: RunningLocalCognito): IdpAddress {
  return { origin: running.origin, url: (path) => new URL(path, running.origin).toString() };
}

/** A clock the tests move forward, so expiry can be checked without waiting. */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export function testConfig(
  dataDir: string,
  overrides: Partial<LocalCognitoConfig> = {},
): LocalCognitoConfig {
  return {
    port: 0,
    userPoolId: 'us-local-1_Photos',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    callbackUrls: [CALLBACK_URL],
    logoutUrls: [LOGOUT_URL],
    users: [{ ...DEMO, groups: ['admins', 'editors'] }],
    tokenTtlSeconds: 3600,
    refreshTtlSeconds: 30 * 24 * 3600,
    dataDir,
    ...overrides,
  };
}

/** A local Cognito on a free port with a fresh data dir; restart() keeps the dir. */
export class TestIdp implements IdpAddress {
  private constructor(
    public running: RunningLocalCognito,
    readonly dataDir: string,
    readonly clock: TestClock,
    private readonly overrides: Partial<LocalCognitoConfig>,
  ) {}

  static async start(overrides: Partial<LocalCognitoConfig> = {}): Promise<TestIdp> {
    const dataDir = await mkdtemp(join(tmpdir(), 'local-cognito-test-'));
    const clock = new TestClock();
    const running = await startLocalCognito(testConfig(dataDir, overrides), { clock });
    return new TestIdp(running, dataDir, clock, overrides);
  }

  get origin(): string {
    return this.running.origin;
  }

  get issuer(): string {
    return this.running.issuer;
  }

  get stateDir(): string {
    return join(this.dataDir, 'local-cognito');
  }

  url(path: string): string {
    return new URL(path, this.origin).toString();
  }

  /** Stops and starts again on the same data dir (and a new port). */
  async restart(): Promise<void> {
    await this.running.close();
    this.running = await startLocalCognito(testConfig(this.dataDir, this.overrides), {
      clock: this.clock,
    });
  }

  async close(): Promise<void> {
    await this.running.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
