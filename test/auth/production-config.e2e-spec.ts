import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the real entry point (src/main.ts, transpiled on the fly) with only the given environment. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', './bench/register.js', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('NODE_ENV=production is strict', () => {
  it('refuses to start without the required settings, naming each one', async () => {
    const { code, output } = await runMain({
      NODE_ENV: 'production',
      DATA_DIR: join(ROOT, 'data-never-created'),
    });
    expect(code).toBe(1);
    for (const name of ['SESSION_SECRET', 'COGNITO_DOMAIN', 'DATABASE_URL', 'BASE_URL'])
      expect(output).toContain(name);
    expect(output).not.toContain('Photos is running');
  });

  it('refuses an http BASE_URL and a half-configured Cognito', async () => {
    const { code, output } = await runMain({
      NODE_ENV: 'production',
      BASE_URL: 'http://photos.example',
      SESSION_SECRET: 'x'.repeat(40),
      DATABASE_URL: 'postgres://u:p@127.0.0.1:1/photos',
      COGNITO_DOMAIN: 'photos.auth.eu-west-1.amazoncognito.com',
    });
    expect(code).toBe(1);
    expect(output).toContain('BASE_URL: must be https in production');
    expect(output).toContain('COGNITO_CLIENT_ID');
    expect(output).toContain('COGNITO_CLIENT_SECRET');
    expect(output).not.toContain('x'.repeat(40)); // never echoes the secret
  });
});
