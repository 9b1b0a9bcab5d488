import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { Browser, chromium } from 'playwright-core';

/** A system Chromium, when the machine has one (Debian's package), else none. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Which Chromium to drive: `CHROMIUM_PATH` when set, else the system's, else the build shipped
 * inside the `@sparticuz/chromium` npm package (unpacked into the temp folder on first use), so
 * that `npm ci && npm test` needs nothing but Node.
 */
async function chromiumPath(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH names no file: ${chosen}`);
    return chosen;
  }
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (system) return system;
  // The package is ESM only, which Jest's module loader cannot import: ask a plain Node for it.
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '-e',
    "process.stdout.write(await (await import('@sparticuz/chromium')).default.executablePath())",
  ]);
  return stdout;
}

/**
 * Chromium, headless, with the flags this closed network needs (no background networking, no
 * component updates) and no sandbox (the tests run as root).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
