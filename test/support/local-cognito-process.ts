import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import type {
  LocalCognitoConfig,
  LocalCognitoSeedUser,
} from '../../packages/local-cognito/src/local-cognito.config';
import type { RunningLocalCognito } from '../../packages/local-cognito/src/local-cognito.server';

const ROOT = join(__dirname, '..', '..');
/** The local Cognito package's command line, built by `buildOnce`. */
export const LOCAL_COGNITO_CLI = join(ROOT, 'packages', 'local-cognito', 'dist', 'cli.js');
const START_TIMEOUT_MS = 90_000;

export interface LocalCognitoProcessOptions {
  /** LOCAL_COGNITO_* settings and DATA_DIR, as `npm run local-cognito` reads them. */
  env: Record<string, string>;
  /** The folder it runs in (default: this repository). */
  cwd?: string;
}

/**
 * The local Cognito as its own process (`node packages/local-cognito/dist/cli.js`), as an identity provider
 * outside the app is: the app reaches it only over HTTP. Its hosted-UI origin and issuer are read
 * from the banner it prints once listening.
 */
export class LocalCognitoProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly origin: string,
    readonly issuer: string,
    readonly output: string[],
  ) {}

  static async start(options: LocalCognitoProcessOptions): Promise<LocalCognitoProcess> {
    const child = spawn(process.execPath, [LOCAL_COGNITO_CLI], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    const banner = new Promise<{ origin: string; issuer: string }>((resolve, reject) => {
      let printed = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        printed += chunk.toString();
        const origin = /Hosted UI \(COGNITO_DOMAIN\):\s+(\S+)/.exec(printed)?.[1];
        const issuer = /Issuer:\s+(\S+)/.exec(printed)?.[1];
        if (origin && issuer) resolve({ origin, issuer });
      });
      child.once('exit', () => reject(new Error(`The local Cognito exited:\n${output.join('')}`)));
      timer = setTimeout(
        () => reject(new Error('The local Cognito did not start')),
        START_TIMEOUT_MS,
      );
    });
    try {
      const { origin, issuer } = await banner;
      return new LocalCognitoProcess(child, origin, issuer, output);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, as an orchestrator stops it; resolves with its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  }
}

/** The optional fifth field of a LOCAL_COGNITO_USERS entry. */
const groupsOf = (user: LocalCognitoSeedUser): string[] =>
  user.groups?.length ? [user.groups.join('|')] : [];

/**
 * A local Cognito with exactly `config`'s settings (port aside: a free one), as its own process
 * (as Photos' `npm start` runs it), behind the interface of the in-process one. Needs the build
 * (`buildOnce`). `clockOffsetFile`: its clock reads its offset from there (a shared TestClock).
 */
export async function startLocalCognitoProcess(
  config: LocalCognitoConfig,
  options: { clockOffsetFile?: string } = {},
): Promise<RunningLocalCognito> {
  const port = await findFreePort();
  const env: Record<string, string> = {
    LOCAL_COGNITO_PORT: String(port),
    LOCAL_COGNITO_USER_POOL_ID: config.userPoolId,
    LOCAL_COGNITO_CLIENT_ID: config.clientId,
    LOCAL_COGNITO_CLIENT_SECRET: config.clientSecret,
    LOCAL_COGNITO_CALLBACK_URLS: config.callbackUrls.join(','),
    LOCAL_COGNITO_LOGOUT_URLS: config.logoutUrls.join(','),
    LOCAL_COGNITO_USERS: config.users
      .map((user) =>
        [user.username, user.password, user.email, user.nickname, ...groupsOf(user)].join(':'),
      )
      .join(','),
    LOCAL_COGNITO_TOKEN_TTL: String(config.tokenTtlSeconds),
    LOCAL_COGNITO_REFRESH_TTL: String(config.refreshTtlSeconds),
    DATA_DIR: config.dataDir,
  };
  if (options.clockOffsetFile) env.LOCAL_COGNITO_CLOCK_OFFSET_FILE = options.clockOffsetFile;
  if (config.apiClient) {
    env.LOCAL_COGNITO_API_CLIENT_ID = config.apiClient.clientId;
    env.LOCAL_COGNITO_API_CALLBACK_URLS = config.apiClient.callbackUrls.join(',');
  }
  const idp = await LocalCognitoProcess.start({ env });
  return {
    origin: idp.origin,
    issuer: idp.issuer,
    config: { ...config, port },
    close: async () => {
      await idp.stop();
    },
  };
}
