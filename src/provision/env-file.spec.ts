import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeEnv, writeEnvFile } from './env-file';
import type { CognitoSettings } from './settings';

const SETTINGS: CognitoSettings = {
  COGNITO_DOMAIN: 'photos.auth.eu-west-1.amazoncognito.com',
  COGNITO_REGION: 'eu-west-1',
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
  COGNITO_CLIENT_ID: 'client123',
  COGNITO_CLIENT_SECRET: 'new-secret',
};

describe('mergeEnv', () => {
  it('replaces the COGNITO_* lines where they stand and keeps every other line', () => {
    const before = [
      '# Photos',
      'SESSION_SECRET=keep-me',
      'COGNITO_CLIENT_SECRET=old-secret',
      '',
      'COGNITO_SCOPES=openid email profile',
      'export COGNITO_DOMAIN=old.example.com',
      'COGNITO_ISSUER=http://localhost:9400/us-local-1_Photos',
      'COGNITO_CLIENT_SECRET=duplicate',
    ].join('\n');
    expect(mergeEnv(before, SETTINGS)).toBe(
      [
        '# Photos',
        'SESSION_SECRET=keep-me',
        'COGNITO_CLIENT_SECRET=new-secret',
        '',
        'COGNITO_SCOPES=openid email profile',
        'COGNITO_DOMAIN=photos.auth.eu-west-1.amazoncognito.com',
        // An emulator's issuer would point the app at the wrong pool: it goes.
        'COGNITO_REGION=eu-west-1',
        'COGNITO_USER_POOL_ID=eu-west-1_AbC123',
        'COGNITO_CLIENT_ID=client123',
        '',
      ].join('\n'),
    );
  });

  it('writes every setting into an empty file', () => {
    expect(mergeEnv('', { ...SETTINGS, COGNITO_ISSUER: 'http://localhost:9400/x' })).toBe(
      [
        'COGNITO_DOMAIN=photos.auth.eu-west-1.amazoncognito.com',
        'COGNITO_REGION=eu-west-1',
        'COGNITO_USER_POOL_ID=eu-west-1_AbC123',
        'COGNITO_CLIENT_ID=client123',
        'COGNITO_CLIENT_SECRET=new-secret',
        'COGNITO_ISSUER=http://localhost:9400/x',
        '',
      ].join('\n'),
    );
  });
});

describe('writeEnvFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'env-file-'));
  });

  it('makes a new file readable by its owner only', async () => {
    const path = join(dir, '.env');
    await writeEnvFile(path, SETTINGS);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toContain('COGNITO_CLIENT_SECRET=new-secret\n');
  });

  it('narrows an existing file to 0600 and keeps its other keys', async () => {
    const path = join(dir, '.env');
    await writeFile(path, 'DATABASE_URL=postgres://x\nCOGNITO_CLIENT_ID=old\n', { mode: 0o644 });
    await writeEnvFile(path, SETTINGS);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('DATABASE_URL=postgres://x\nCOGNITO_CLIENT_ID=client123\n')).toBe(true);
  });
});
