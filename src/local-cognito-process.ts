import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StartupError } from './common/startup-checks';

type Env = Record<string, string | undefined>;

/** Said when a production install (`npm ci --omit=dev`) is asked for the embedded defaults. */
export const DEVELOPMENT_INSTALL_NEEDED =
  'the embedded defaults need a development install: npm ci';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** What the local Cognito's process tells its parent once it listens (its cli.ts, `process.send`). */
interface ReadyMessage {
  type: 'local-cognito-ready';
  origin: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  apiClientId?: string;
  demoUser?: { username: string; password: string };
}

/**
 * The local Cognito (packages/local-cognito) running as a child process of Photos: what it said
 * when ready (`origin` is e.g. http://localhost:9400, COGNITO_DOMAIN), and how to stop it.
 */
export interface LocalCognitoChild extends Omit<ReadyMessage, 'type'> {
  pid: number;
  stop(): Promise<void>;
}

/**
 * The package's command line, found through node_modules (a devDependency: absent from a
 * production install). Photos never imports the package's code: it runs it as a process.
 */
export function localCognitoCli(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve('@photos/local-cognito/package.json');
  } catch {
    throw new StartupError(
      `The local Cognito (@photos/local-cognito) is not installed: ${DEVELOPMENT_INSTALL_NEEDED} (or set the COGNITO_* settings).`,
    );
  }
  const cli = join(dirname(packageJson), 'dist', 'cli.js');
  if (!existsSync(cli))
    throw new StartupError(
      `The local Cognito is not built (${cli} is missing): npm start builds it, or npm run build --prefix packages/local-cognito.`,
    );
  return cli;
}

/**
 * The LOCAL_COGNITO_* settings as the local Cognito judges them (`local-cognito check-config`, a
 * process of a moment): their problems (`NAME: problem` lines), or the port it will listen on.
 */
export function checkLocalCognitoSettings(env: Env): { problems: string[] } | { port: number } {
  const result = spawnSync(process.execPath, [localCognitoCli(), 'check-config'], {
    env,
    encoding: 'utf8',
    timeout: START_TIMEOUT_MS,
  });
  const line = result.stdout?.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as { problems: string[] } | { port: number };
  } catch {
    throw new StartupError(
      `The local Cognito could not check its settings: ${(result.stderr || result.error?.message || line).trim()}`,
    );
  }
}

function isReady(message: unknown): message is ReadyMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'local-cognito-ready'
  );
}

/** Lines of a stream, each handed on whole (a chunk may end mid-line). */
function onLines(stream: NodeJS.ReadableStream, handle: (line: string) => void): void {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(handle);
  });
}

/**
 * Starts `node <package>/dist/cli.js` with `env` (LOCAL_COGNITO_*, PORT, BASE_URL, DATA_DIR) and
 * waits for the message it sends once listening. Its own banner is not shown (Photos prints one);
 * its later log lines (warnings, the codes it would have mailed) are. It runs in a process group
 * of its own, so a Ctrl-C in the terminal reaches Photos only, and Photos stops it last, after
 * its requests drained; it stops by itself if Photos goes away without stopping it (the IPC
 * channel closes).
 */
export async function startLocalCognitoChild(env: Env): Promise<LocalCognitoChild> {
  const child = spawn(process.execPath, [localCognitoCli()], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const errors: string[] = [];
  let ready = false;
  let stopping = false;
  onLines(child.stdout!, (line) => {
    if (ready && !stopping) process.stdout.write(`${line}\n`);
  });
  onLines(child.stderr!, (line) => {
    // eslint-disable-next-line no-control-regex -- the colours of Nest's logger, kept out of the one-line reason
    if (!ready) errors.push(line.replace(/\x1b\[[0-9;]*m/g, ''));
    else if (!stopping) process.stderr.write(`${line}\n`);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let timer: NodeJS.Timeout | undefined;
  const message = await new Promise<ReadyMessage>((resolve, reject) => {
    child.on('message', (received) => isReady(received) && resolve(received));
    child.once('error', (error) =>
      reject(new StartupError(`The local Cognito did not start: ${error.message}`)),
    );
    void exited.then((code) =>
      reject(
        new StartupError(
          `The local Cognito did not start (exit code ${code}): ${errors.join('\n').trim() || 'it said nothing'}`,
        ),
      ),
    );
    timer = setTimeout(
      () =>
        reject(
          new StartupError(`The local Cognito did not start within ${START_TIMEOUT_MS / 1000} s`),
        ),
      START_TIMEOUT_MS,
    );
  })
    .catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    })
    .finally(() => clearTimeout(timer));
  ready = true;
  void exited.then((code) => {
    if (!stopping)
      process.stderr.write(
        `The local Cognito (pid ${child.pid}) stopped unexpectedly (exit code ${code}): sign-in fails until Photos is restarted.\n`,
      );
  });
  return {
    origin: message.origin,
    issuer: message.issuer,
    clientId: message.clientId,
    clientSecret: message.clientSecret,
    apiClientId: message.apiClientId,
    demoUser: message.demoUser,
    pid: child.pid!,
    stop: () => stopChild(child, exited, () => (stopping = true)),
  };
}

/** SIGTERM, then SIGKILL if it has not exited after STOP_TIMEOUT_MS. Safe to call again. */
async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  markStopping: () => void,
): Promise<void> {
  markStopping();
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  if (child.connected) child.disconnect();
}
