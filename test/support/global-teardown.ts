import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __photosPostgres?: { stop(): Promise<void> } }).__photosPostgres;
  await pg?.stop();
  const root = process.env.TEST_ROOT_DIR;
  if (root) await rm(root, { recursive: true, force: true });
}
