import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { Browser, type Page } from '../support/browser';
import { fixture, fixturePath } from '../support/fixtures';
import { formWithAction, parsePage } from '../support/html';
import { DEMO, type StackOptions, TestStack } from '../support/test-stack';

// The photo suites reach the fixtures through this kit; the files themselves are found in one place.
export { fixture, GOOD_FIXTURES } from '../support/fixtures';

/** Two owners for tests that call PhotosService directly (no sign-in). */
export const ALICE = { sub: 'alice-sub', username: 'alice' };
export const BOB = { sub: 'bob-sub', username: 'bob' };

/** A fixture as an upload hands it to PhotosService: its path on disk, size and name. */
export async function uploadedFixture(name = 'rocket.jpg') {
  const path = fixturePath(name);
  return { path, sizeBytes: (await stat(path)).size, name };
}

export async function signedIn(
  stack: TestStack,
  user: { username: string; password: string } = DEMO,
): Promise<Browser> {
  const browser = new Browser();
  const home = await browser.signIn(stack.baseUrl, user.username, user.password);
  if (home.status !== 200) throw new Error(`Sign-in of ${user.username} ended with ${home.status}`);
  return browser;
}

/**
 * The start of most photo suites: a fresh stack and a browser signed in as DEMO, ready before the
 * suite's tests (handed to `use`), and the stack closed after them.
 */
export function signedInSuite(
  use: (started: { stack: TestStack; browser: Browser }) => void,
  options?: StackOptions,
): void {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await TestStack.start(options);
    use({ stack, browser: await signedIn(stack) });
  });
  afterAll(() => stack?.close());
}

export interface UploadOptions {
  description?: string;
  /** Overrides the page's CSRF token; `null` leaves the field out. */
  csrf?: string | null;
  filename?: string;
  /** Follow the 303 to /myphotos (default false: the test sees the POST's own answer). */
  follow?: boolean;
}

/** Uploads as the page's form does: multipart with `_csrf`, `description` and `photo`. */
export function uploadPhoto(
  browser: Browser,
  stack: TestStack,
  file: Buffer | undefined,
  options: UploadOptions = {},
): Promise<Page> {
  const files = file ? [{ name: options.filename ?? 'photo.jpg', data: file }] : [];
  return uploadPhotos(browser, stack, files, options);
}

/** A file of a batch: its bytes and the name the browser sends. */
export interface BatchFile {
  name: string;
  data: Buffer;
}

export interface BatchOptions {
  description?: string;
  /** Overrides the page's CSRF token; `null` leaves the field out. */
  csrf?: string | null;
  /** Ask for JSON, as the page's upload script does. */
  json?: boolean;
  follow?: boolean;
}

/** Uploads several files in one form post, as the page's form does with `multiple`. */
export async function uploadPhotos(
  browser: Browser,
  stack: TestStack,
  files: BatchFile[],
  options: BatchOptions = {},
): Promise<Page> {
  const page = await browser.get(`${stack.baseUrl}/myphotos`);
  const token = formWithAction(page.body, /^\/myphotos$/).fields._csrf;
  const form = new FormData();
  const csrf = options.csrf === undefined ? token : options.csrf;
  if (csrf !== null) form.append('_csrf', csrf);
  form.append('description', options.description ?? '');
  for (const file of files) form.append('photo', new Blob([new Uint8Array(file.data)]), file.name);
  return browser.request(`${stack.baseUrl}/myphotos`, {
    method: 'POST',
    body: form,
    follow: options.follow ?? false,
    headers: options.json ? { accept: 'application/json' } : undefined,
  });
}

/** Uploads a fixture through the API under `fileName`; answers the new photo's id (201 expected). */
export async function uploadThroughApi(
  stack: TestStack,
  token: string,
  fixtureName: string,
  fileName: string,
): Promise<string> {
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(await fixture(fixtureName))]), fileName);
  const answer = await fetch(`${stack.baseUrl}/api/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { id: string }).id;
}

/** The refused files a page lists after an upload: name and reason, as a person reads them. */
export function refusalsOn(html: string): { name: string; reason: string }[] {
  const $ = parsePage(html);
  return $('#upload-refusals[role="alert"] li')
    .toArray()
    .map((item) => {
      const name = $(item).find('.file-name').text();
      return { name, reason: $(item).text().slice(name.length).replace(/^: /, '') };
    });
}

/** The one-time notice ("Uploaded", "Deleted") and the error message a page shows, if any. */
export function noticeOn(html: string): string | undefined {
  return textOf(html, 'p.notice[role="status"]');
}

export function errorOn(html: string): string | undefined {
  return textOf(html, 'p.error[role="alert"]');
}

function textOf(html: string, selector: string): string | undefined {
  const found = parsePage(html)(selector);
  return found.length > 0 ? found.first().text() : undefined;
}

/** Photo ids in the order the page shows them. */
export function photoIdsOn(html: string): string[] {
  return [...html.matchAll(/<img src="\/photos\/([0-9a-f-]{36})\/thumbnail"/g)].map(
    (match) => match[1],
  );
}

export async function sql<T extends Record<string, unknown>>(
  stack: TestStack,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: stack.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function photoRowCount(stack: TestStack): Promise<number> {
  const [row] = await sql<{ count: string }>(stack, 'SELECT count(*) FROM photos');
  return Number(row.count);
}

/** Every file under DATA_DIR/photos (relative paths), temporary ones included. */
export async function storedFiles(stack: TestStack): Promise<string[]> {
  const root = join(stack.env.DATA_DIR, 'photos');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Files in the upload spool (UPLOAD_SPOOL_DIR, by default DATA_DIR/upload-spool). */
export async function spooledFiles(stack: TestStack): Promise<{ path: string; size: number }[]> {
  const root = join(stack.env.DATA_DIR, 'upload-spool');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile());
  return Promise.all(
    files.map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, size: (await stat(path).catch(() => ({ size: 0 }))).size };
    }),
  );
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
