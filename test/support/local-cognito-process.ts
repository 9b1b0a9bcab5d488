import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const START_TIMEOUT_MS = 90_000;

export interface LocalCognitoProcessOptions {
  /** LOCAL_COGNITO_* settings and DATA_DIR, as `npm run local-cognito` reads them. */
  env: Record<string, string>;
  /** A folder holding the built `dist/` (default: this repository, built by `buildOnce`). */
  cwd?: string;
}

/**
 * The local Cognito as its own process (`node dist/local-cognito/cli.js`), as an identity provider
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
    const child = spawn(process.execPath, ['dist/local-cognito/cli.js'], {
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
