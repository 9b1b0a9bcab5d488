import { type ChildProcess, execFile, spawn, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run build` into this repository's dist/, once for any number of suites and jest workers.
 * Whether dist/ is stale is decided inside the file lock: decided before it, two workers would
 * both see a stale dist/ and the second would empty and rebuild it while the first one's app was
 * starting from it.
 */
export async function buildOnce(): Promise<void> {
  await buildIfStale(ROOT, 'src views public package.json', 'dist/main.js');
  await buildLocalCognitoOnce();
}

/** The local Cognito package's build (packages/local-cognito/dist), the same way. */
export async function buildLocalCognitoOnce(): Promise<void> {
  await buildIfStale(
    join(ROOT, 'packages', 'local-cognito'),
    'src views public package.json .swcrc',
    'dist/cli.js',
  );
}

async function buildIfStale(dir: string, sources: string, built: string): Promise<void> {
  const script = [
    `newest=$(find ${sources} -type f -printf "%T@\\n" | sort -n | tail -1)`,
    `built=$(find ${built} -printf "%T@" 2>/dev/null || echo 0)`,
    'awk -v b="$built" -v n="$newest" \'BEGIN { exit !(b > n) }\' && exit 0',
    'exec npm run build --silent',
  ].join('\n');
  await promisify(execFile)('flock', [join(dir, 'dist.build.lock'), 'bash', '-c', script], {
    cwd: dir,
    timeout: 240_000,
  });
}

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  /** stdout and stderr, as written. */
  output: string[];
  exitCode: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Runs the built app (`node dist/main.js`) as its own process, as a container would, and waits
 * until /health/ready answers 200.
 */
export async function startAppProcess(
  env: Record<string, string>,
  options: { cwd?: string; command?: string[]; spawn?: SpawnOptions } = {},
): Promise<AppProcess> {
  const cwd = options.cwd ?? ROOT;
  const [command, ...args] = options.command ?? [process.execPath, 'dist/main.js'];
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.spawn,
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  let exited = false;
  const exitCode = once(child, 'exit').then(([code]) => {
    exited = true;
    return code as number | null;
  });
  const baseUrl = `http://localhost:${env.PORT}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`The app exited at start:\n${output.join('')}`);
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The app did not become ready:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    child,
    baseUrl,
    output,
    exitCode,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exitCode;
      }
    },
  };
}
