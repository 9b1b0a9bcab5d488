import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { COGNITO_SETTING_KEYS, type CognitoSettings } from './settings';

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/**
 * The .env text with the COGNITO_* keys `provision` owns set to `settings`: each such line is
 * replaced where it stands (a second one is dropped), keys the file lacks are appended, an owned
 * key absent from `settings` (COGNITO_ISSUER against AWS) is removed, and every other line,
 * comments included, stays as it was.
 */
export function mergeEnv(existing: string, settings: CognitoSettings): string {
  const owned = new Set<string>(COGNITO_SETTING_KEYS);
  const written = new Set<string>();
  const lines = existing === '' ? [] : existing.replace(/\r?\n$/, '').split(/\r?\n/);
  const kept = lines.flatMap((line) => {
    const key = ASSIGNMENT.exec(line)?.[1];
    if (!key || !owned.has(key)) return [line];
    const value = settings[key as keyof CognitoSettings];
    if (value === undefined || written.has(key)) return [];
    written.add(key);
    return [`${key}=${value}`];
  });
  const added = COGNITO_SETTING_KEYS.filter(
    (key) => settings[key] !== undefined && !written.has(key),
  ).map((key) => `${key}=${settings[key]}`);
  return [...kept, ...added].join('\n') + '\n';
}

/**
 * Writes the settings into the env file at `path` (made if absent), readable by its owner only:
 * it holds the client secret. The new text goes to a private temporary file that then replaces
 * the old one, so a crash leaves either file whole and no reader ever sees it half-written.
 */
export async function writeEnvFile(path: string, settings: CognitoSettings): Promise<void> {
  let existing = '';
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(mergeEnv(existing, settings));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  // open()'s mode is filtered by the umask; 0600 is what is meant, whatever the umask.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
