import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { createMigratedTemplate } from './database';

/**
 * Starts one real PostgreSQL for the whole run (unless DATABASE_URL points at one); every suite
 * then makes its own database on it (see ./database.ts), so suites never see each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  // Jest runs this once per project (int, e2e) that has tests in the run: one server serves all.
  if (process.env.TEST_ROOT_DIR) return;
  const root = await mkdtemp(join(tmpdir(), 'photos-test-'));
  // As root, PostgreSQL runs as its own OS user, which must be able to reach its directory.
  await chmod(root, 0o711);
  process.env.TEST_ROOT_DIR = root;
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const pg = await startEmbeddedPostgres({
      directory: join(root, 'pg'),
      database: 'postgres',
      durable: false,
    });
    process.env.TEST_ADMIN_DATABASE_URL = pg.url;
    (globalThis as { __photosPostgres?: { stop(): Promise<void> } }).__photosPostgres = pg;
  }
  process.env.TEST_TEMPLATE_DATABASE = await createMigratedTemplate();
}
