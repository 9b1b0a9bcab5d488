import { rm } from 'node:fs/promises';
import { dropTemplate } from './database';

/** Runs once per project of the run (see global-setup.ts); only the first finds anything to do. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  delete process.env.TEST_TEMPLATE_DATABASE;
  // On a server of its own (DATABASE_URL) the template would outlive the run.
  if (template) await dropTemplate(template).catch(() => undefined);
  const holder = globalThis as { __photosPostgres?: { stop(): Promise<void> } };
  const pg = holder.__photosPostgres;
  delete holder.__photosPostgres;
  await pg?.stop();
  const root = process.env.TEST_ROOT_DIR;
  delete process.env.TEST_ROOT_DIR;
  if (root) await rm(root, { recursive: true, force: true });
}
