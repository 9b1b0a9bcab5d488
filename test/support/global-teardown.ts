import { rm } from 'node:fs/promises';

/** Runs once per project of the run (see global-setup.ts); only the first finds anything to do. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __photosPostgres?: { stop(): Promise<void> } };
  const pg = holder.__photosPostgres;
  delete holder.__photosPostgres;
  await pg?.stop();
  const root = process.env.TEST_ROOT_DIR;
  delete process.env.TEST_ROOT_DIR;
  if (root) await rm(root, { recursive: true, force: true });
}
