import { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModule, type TestingModuleBuilder } from '@nestjs/testing';
import { AppLogger } from '../../src/common/app-logger';
import type { Clock } from '../../src/common/clock';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { loadAppConfig } from '../../src/config/load-app-config';
import { findFreePort } from '../../src/common/free-port';
import {
  API_DOCS_REDIRECT_PATH,
  type LocalCognitoConfig,
  type LocalCognitoSeedUser,
} from '../../packages/local-cognito/src/local-cognito.config';
import type { RunningLocalCognito } from '../../packages/local-cognito/src/local-cognito.server';
import { buildLocalCognitoOnce } from './app-process';
import { createTestDatabase } from './database';
import { startLocalCognitoProcess } from './local-cognito-process';
import { TestClock } from './test-clock';
import { TamperingProxy } from './tampering-proxy';

export const DEMO: LocalCognitoSeedUser = {
  username: 'demo',
  password: 'demo-password',
  email: 'demo@example.com',
  nickname: 'Demo',
};
export const SECOND: LocalCognitoSeedUser = {
  username: 'second',
  password: 'second-password',
  email: 'second@example.com',
  nickname: 'Second',
};

export interface StackOptions {
  tokenTtlSeconds?: number;
  /** Extra app environment (e.g. MAX_UPLOAD_BYTES). */
  env?: Record<string, string>;
  /** A database of the suite's own (a dedicated server it may stop); left as it is at close. */
  databaseUrl?: string;
  /** Put a TamperingProxy between the app and the local Cognito (for forged-token tests). */
  proxy?: boolean;
  /** Keep the app's log lines (at info level) in `stack.logs` instead of discarding them. */
  captureLogs?: boolean;
  /**
   * false: prepare everything but start no app in this process; a benchmark runs the app in a
   * process of its own with `stack.env` (the app must listen on `stack.port`, which the local
   * Cognito's registered callback names).
   */
  startApp?: boolean;
  /** The local Cognito's users (default: DEMO and SECOND). */
  users?: LocalCognitoSeedUser[];
  /**
   * false: start no local Cognito, for int suites that never sign in (the app's settings then
   * name a closed loopback port; nothing contacts Cognito until a token or sign-in needs it).
   */
  localCognito?: boolean;
  /**
   * The app's clock (`TestClock` to step past expiries); the system clock when absent. A TestClock
   * is shared with the local Cognito's process through a file it reads its offset from
   * (LOCAL_COGNITO_CLOCK_OFFSET_FILE), so tokens it mints agree with the app's now.
   */
  clock?: Clock;
}

/** Where the app is told Cognito lives when the suite starts none: a port nothing listens on. */
const NO_COGNITO = { origin: 'http://127.0.0.1:9', issuer: 'http://127.0.0.1:9/us-local-1_Photos' };

export interface AppInstance {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real thing for e2e suites: a fresh database on the run's PostgreSQL, the local Cognito
 * package as its own process on its own port (registered for this app's callback and logout URLs),
 * as `npm start` runs it, and the app built by the same factory main.ts uses, listening on loopback.
 */
export class TestStack {
  readonly instances: AppInstance[] = [];
  private readonly modules: TestingModule[] = [];
  /** The app's log lines, when started with `captureLogs`. */
  readonly logs: string[] = [];
  private captureLogs = false;
  private clock?: Clock;

  private constructor(
    private readonly runningIdp: RunningLocalCognito | undefined,
    readonly env: Record<string, string>,
    readonly dropDatabase: () => Promise<void>,
    readonly port: number,
    readonly proxy?: TamperingProxy,
  ) {}

  static async start(options: StackOptions = {}): Promise<TestStack> {
    const root = process.env.TEST_ROOT_DIR ?? tmpdir();
    const dataDir = await mkdtemp(join(root, 'stack-'));
    const database = options.databaseUrl
      ? { url: options.databaseUrl, drop: () => Promise.resolve() }
      : await createTestDatabase();
    const port = await findFreePort();
    const baseUrl = `http://localhost:${port}`;
    const idpConfig: LocalCognitoConfig = {
      port: 0,
      userPoolId: 'us-local-1_Photos',
      clientId: 'photos-test',
      clientSecret: randomBytes(16).toString('hex'),
      callbackUrls: [`${baseUrl}/callback`],
      logoutUrls: [`${baseUrl}/`],
      apiClient: {
        clientId: 'photos-test-api',
        callbackUrls: [`${baseUrl}${API_DOCS_REDIRECT_PATH}`],
      },
      users: options.users ?? [DEMO, SECOND],
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      refreshTtlSeconds: 3600,
      dataDir,
    };
    let clockOffsetFile: string | undefined;
    if (options.clock instanceof TestClock) {
      clockOffsetFile = join(dataDir, 'clock-offset');
      options.clock.shareThrough(clockOffsetFile);
    } else if (options.clock && options.localCognito !== false) {
      throw new Error('Only a TestClock can be shared with the local Cognito (its own process)');
    }
    if (options.localCognito !== false) await buildLocalCognitoOnce();
    const idp =
      options.localCognito === false
        ? undefined
        : await startLocalCognitoProcess(idpConfig, { clockOffsetFile });
    const proxy = options.proxy
      ? await TamperingProxy.start((idp ?? NO_COGNITO).origin)
      : undefined;
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      PORT: String(port),
      BASE_URL: baseUrl,
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      COGNITO_DOMAIN: proxy?.origin ?? (idp ?? NO_COGNITO).origin,
      COGNITO_ISSUER: (idp ?? NO_COGNITO).issuer,
      COGNITO_CLIENT_ID: idpConfig.clientId,
      COGNITO_CLIENT_SECRET: idpConfig.clientSecret,
      COGNITO_API_CLIENT_ID: idpConfig.apiClient!.clientId,
      LOG_LEVEL: options.captureLogs ? 'info' : (process.env.TEST_LOG_LEVEL ?? 'silent'),
      // Suites sign in and upload from one IP far more often than a person: the limits' own
      // suite (test/auth/rate-limit) sets these back to the defaults.
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
      RATE_LIMIT_WRITES_PER_MINUTE: '1000',
      ...options.env,
    };
    const stack = new TestStack(idp, env, database.drop, port, proxy);
    stack.captureLogs = options.captureLogs ?? false;
    stack.clock = options.clock;
    if (options.startApp !== false) await stack.startInstance(port);
    return stack;
  }

  /** The local Cognito (unless started with `localCognito: false`). */
  get idp(): RunningLocalCognito {
    if (!this.runningIdp) throw new Error('This stack was started without a local Cognito');
    return this.runningIdp;
  }

  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }

  get dataDir(): string {
    return this.env.DATA_DIR;
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  /** The first instance (the one BASE_URL and the registered callback point at). */
  get primary(): AppInstance {
    return this.instances[0];
  }

  /** Starts another instance of the app on the same database (as behind a load balancer). */
  /** Another app on the same database; `env` changes some of its settings (default: none). */
  async startInstance(port?: number, env: Record<string, string> = {}): Promise<AppInstance> {
    const listenPort = port ?? (await findFreePort());
    const config = loadAppConfig({ ...this.env, ...env });
    const app = await createApp(config, {
      logDestination: this.logDestination(),
      clock: this.clock,
    });
    await app.listen(listenPort, '127.0.0.1');
    const instance: AppInstance = {
      app,
      config,
      baseUrl: `http://localhost:${listenPort}`,
      close: async () => {
        await app.close();
        this.instances.splice(this.instances.indexOf(instance), 1);
      },
    };
    this.instances.push(instance);
    return instance;
  }

  /**
   * The app's modules, initialised (migrations run) but serving no HTTP, for the int tier:
   * services, middleware and filters called directly, on this stack's database and local Cognito.
   * `customise` may override providers (e.g. storage that fails on demand).
   */
  async startModule(
    customise: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
  ): Promise<TestingModule> {
    const config = loadAppConfig({ ...this.env });
    const builder = Test.createTestingModule({
      imports: [AppModule.forRoot(config, this.logDestination(), this.clock)],
    });
    const module = await customise(builder).compile();
    module.useLogger(module.get(AppLogger));
    await module.init();
    this.modules.push(module);
    return module;
  }

  private logDestination() {
    return this.captureLogs ? { write: (line: string) => void this.logs.push(line) } : undefined;
  }

  /** Stops the primary instance and starts a new one on the same port, database and data dir. */
  async restartPrimary(): Promise<AppInstance> {
    await this.primary.close();
    const restarted = await this.startInstance(this.port);
    // Keep the restarted one first.
    this.instances.unshift(this.instances.splice(this.instances.indexOf(restarted), 1)[0]);
    return restarted;
  }

  async close(): Promise<void> {
    for (const instance of [...this.instances]) await instance.close();
    for (const module of this.modules.splice(0)) await module.close();
    await this.proxy?.close();
    await this.runningIdp?.close();
    await this.dropDatabase();
  }
}
