import { type ChildProcess, execFile, spawn, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run build` into this repository's dist/, once for any number of suites and jest workers:
 * under a file lock, and skipped when dist/main.js is newer than every source file.
 */
export async function buildOnce(): Promise<void> {
  const newestSource = await promisify(execFile)(
    'bash',
    ['-c', 'find src views public package.json -type f -printf "%T@\\n" | sort -n | tail -1'],
    { cwd: ROOT },
  );
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', 'main.js')).mtimeMs / 1000;
  } catch {
    // not built yet
  }
  if (built > Number(newestSource.stdout.trim())) return;
  await promisify(execFile)('flock', [join(ROOT, 'dist.build.lock'), 'npm', 'run', 'build'], {
    cwd: ROOT,
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
