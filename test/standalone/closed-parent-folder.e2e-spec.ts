import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { buildOnce, startAppProcess } from '../support/app-process';

const ROOT = join(__dirname, '..', '..');
/** A refused start must say so within this time (module loading alone takes seconds here). */
const REFUSAL_MS = 30_000;
const asRoot = process.getuid?.() === 0;

/**
 * A project or DATA_DIR under a folder only its owner can enter (a 0700 home, a `mktemp -d`).
 * As root, the embedded PostgreSQL runs as the OS user "postgres", which cannot enter it: the start
 * must stop at once with one line naming the folder and what to do, never a raw initdb error.
 * As a normal user, PostgreSQL runs as that user, so the same folder simply works.
 */
describe('Starting Photos with DATA_DIR under a folder only its owner can enter (0700)', () => {
  let closed: string;

  beforeAll(async () => {
    await buildOnce();
    closed = await mkdtemp(join(tmpdir(), 'photos-closed-'));
    await chmod(closed, 0o700);
  }, 240_000);

  afterAll(() => rm(closed, { recursive: true, force: true }));

  async function settings(): Promise<Record<string, string>> {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(await findFreePort()),
      LOCAL_COGNITO_PORT: String(await findFreePort()),
      DATA_DIR: join(closed, 'data'),
    };
  }

  const title = asRoot
    ? 'as root: stops within seconds with one line naming the folder and what to do, leaving no cluster behind'
    : 'as a normal user: serves /health/ready, PostgreSQL running as that user';

  it(
    title,
    async () => {
      if (!asRoot) {
        const app = await startAppProcess(await settings());
        await app.stop();
        expect(await readdir(join(closed, 'data', 'postgres'))).toContain('PG_VERSION');
        return;
      }
      const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: await settings() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), REFUSAL_MS);
      const [code] = (await once(child, 'exit')) as [number | null];
      clearTimeout(timer);
      expect(code).not.toBeNull(); // null: killed because it never exited by itself
      expect(code).not.toBe(0);
      expect(stdout).not.toContain('Photos is running');
      expect(stderr.trim()).toBe(
        `Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${closed}: set DATA_DIR to a folder others can enter (e.g. /var/tmp/photos-data), or run as a normal user.`,
      );
      expect(await readdir(join(closed, 'data'))).not.toContain('postgres');
    },
    180_000,
  );
});
