import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

/** A random secret made once and kept in `file` (mode 0600), so it survives restarts. Never logged. */
export async function readOrCreateSecret(file: string, bytes: number): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    try {
      // 'wx': if another process made it first, theirs wins and both read the same secret.
      await writeFile(file, randomBytes(bytes).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return (await readFile(file, 'utf8')).trim();
  }
}
