/**
 * A benchmark server in a process of its own, both sides. The child (`serveForParent`): once
 * listening, it tells the parent its port over IPC; on request it records a CPU profile of a
 * window of the run (so start-up is left out), says how much CPU time (user + system) it has used
 * so far or its peak RSS; on 'stop' it closes cleanly and exits. The parent: `ChildServer`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { startRssSampler } from './figures';

const REPO_ROOT = join(__dirname, '..', '..');

export type ToChild =
  | { cmd: 'profile-start' }
  | { cmd: 'profile-stop'; file: string }
  | { cmd: 'peak-rss' }
  | { cmd: 'rss' }
  | { cmd: 'cpu' }
  | { cmd: 'stop' };
export type FromChild =
  | { listening: number }
  | { profiled: string }
  | { peakRss: number }
  | { rss: number }
  | { cpuMicros: number }
  | { failed: string };

function send(message: FromChild): void {
  process.send?.(message);
}

export async function serveForParent(
  listen: () => Promise<number>,
  close: () => Promise<void>,
): Promise<void> {
  const inspector = new Session();
  inspector.connect();
  let peakRss = startRssSampler();
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.cmd === 'profile-start') {
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      } else if (message.cmd === 'profile-stop') {
        const { profile } = await inspector.post('Profiler.stop');
        await writeFile(message.file, JSON.stringify(profile));
        send({ profiled: message.file });
      } else if (message.cmd === 'cpu') {
        const { user, system } = process.cpuUsage();
        send({ cpuMicros: user + system });
      } else if (message.cmd === 'rss') {
        send({ rss: process.memoryUsage.rss() });
      } else if (message.cmd === 'peak-rss') {
        // The peak since the last ask: each benchmarked route gets its own.
        send({ peakRss: peakRss() });
        peakRss = startRssSampler();
      } else {
        inspector.disconnect();
        await close();
        process.exit(0);
      }
    })().catch((error: unknown) => send({ failed: String(error) }));
  });
  try {
    send({ listening: await listen() });
  } catch (error) {
    send({ failed: String(error) });
    process.exit(1);
  }
}

export interface ChildServerOptions {
  /** Shown in figures and errors. */
  name: string;
  /** The server script (one that calls `serveForParent`), relative to `root`. */
  script: string;
  /** Its whole environment (PATH is added); PORT is where it listens. */
  env: Record<string, string>;
  /** The checkout to run it from, with its own bench/register.js (default: this one). */
  root?: string;
}

/** The parent side: starts a benchmark server and asks it for its figures over IPC. */
export class ChildServer {
  private constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly child: ChildProcess,
  ) {}

  /** Resolves once the server listens (rejects if it fails or exits first). */
  static async start(options: ChildServerOptions): Promise<ChildServer> {
    const root = options.root ?? REPO_ROOT;
    const child = fork(resolve(root, options.script), [], {
      cwd: root,
      execArgv: ['--require', join(root, 'bench', 'register.js')],
      env: { PATH: process.env.PATH ?? '', ...options.env },
      // Log lines go where `npm start > /dev/null` would send them: written, never read.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const server = new ChildServer(options.name, `http://localhost:${options.env.PORT}`, child);
    await server.reply((m) => 'listening' in m);
    return server;
  }

  private reply(accept: (message: FromChild) => boolean, ask?: ToChild): Promise<FromChild> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        if ('failed' in message) return done(() => reject(new Error(message.failed)));
        if (accept(message)) done(() => resolve(message));
      };
      const onExit = (code: number | null) =>
        done(() => reject(new Error(`${this.name} exited (${code})`)));
      const done = (settle: () => void) => {
        this.child.off('message', onMessage).off('exit', onExit);
        settle();
      };
      this.child.on('message', onMessage).on('exit', onExit);
      if (ask) this.child.send(ask);
    });
  }

  /** The peak RSS since the previous call (the child samples every 5 ms). */
  async peakRss(): Promise<number> {
    const message = await this.reply((m) => 'peakRss' in m, { cmd: 'peak-rss' });
    return 'peakRss' in message ? message.peakRss : NaN;
  }

  /** The server process's RSS now. */
  async rss(): Promise<number> {
    const message = await this.reply((m) => 'rss' in m, { cmd: 'rss' });
    return 'rss' in message ? message.rss : NaN;
  }

  /** CPU time (user + system) the server process has used so far, in microseconds. */
  async cpuMicros(): Promise<number> {
    const message = await this.reply((m) => 'cpuMicros' in m, { cmd: 'cpu' });
    return 'cpuMicros' in message ? message.cpuMicros : NaN;
  }

  startProfile(): void {
    this.child.send({ cmd: 'profile-start' } satisfies ToChild);
  }

  async stopProfile(file: string): Promise<void> {
    await this.reply((m) => 'profiled' in m, { cmd: 'profile-stop', file });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ cmd: 'stop' } satisfies ToChild);
    await exited;
  }
}
