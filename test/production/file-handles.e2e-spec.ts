import { connect } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { apiTokens } from '../support/api-token';
import { type AppProcess, buildOnce, startAppProcess } from '../support/app-process';
import { Browser } from '../support/browser';
import { fixture } from '../support/fixtures';
import { truncated } from '../support/heif-edits';
import { formWithAction } from '../support/html';
import { startRawUpload } from '../photos/raw-upload';
import { DEMO, TestStack } from '../support/test-stack';

const GC_TICKER = join(__dirname, '..', 'support', 'gc-ticker.cjs');

/** A small photo with a capture date, so every upload goes through the EXIF reader too. */
function smallPhoto(seed: number): Promise<Buffer> {
  return sharp({
    create: { width: 48, height: 32, channels: 3, background: { r: seed % 256, g: 90, b: 40 } },
  })
    .jpeg()
    .withExif({ IFD2: { DateTimeOriginal: '2024:05:06 07:08:09' } })
    .toBuffer();
}

/** A photo whose original is large enough that a download is still streaming when it is cut. */
function largePhoto(): Promise<Buffer> {
  const width = 3000;
  const height = 2000;
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** GETs a URL over a raw socket, reads the first bytes of the answer, then drops the connection. */
function abortedDownload(port: number, path: string, token: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('data', () => socket.destroy());
    socket.once('close', () => resolve());
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n\r\n`,
    );
  });
}

/** Runs `task(i)` for i < count, `width` at a time. */
async function inBatches(count: number, width: number, task: (i: number) => Promise<unknown>) {
  for (let start = 0; start < count; start += width) {
    await Promise.all(
      Array.from({ length: Math.min(width, count - start) }, (_, k) => task(start + k)),
    );
  }
}

describe('No file handle left to the garbage collector (Node 26 makes one fatal)', () => {
  let stack: TestStack;
  let app: AppProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    await buildOnce();
    stack = await TestStack.start({
      startApp: false,
      // Eight clients of one user at once, and the uploads cut mid-body: room for all of them
      // (a cut upload may hold its slot until the server sees the connection go).
      env: {
        LOG_LEVEL: 'info',
        UPLOADS_MAX_IN_PROGRESS: '64',
        UPLOADS_MAX_IN_PROGRESS_PER_USER: '64',
      },
    });
    env = {
      PATH: process.env.PATH ?? '',
      ...stack.env,
      NODE_OPTIONS: `--expose-gc --require ${GC_TICKER}`,
    };
    app = await startAppProcess(env);
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await stack?.close();
  });

  it('takes 200 uploads through the API and the page, some cut mid-body and mid-download, and still serves with no warning', async () => {
    const port = Number(env.PORT);
    const { accessToken } = await apiTokens({ baseUrl: app.baseUrl, idp: stack.idp, env });
    const auth = { authorization: `Bearer ${accessToken}` };
    const browser = new Browser();
    await browser.signIn(app.baseUrl, DEMO.username, DEMO.password);
    const csrf = formWithAction((await browser.get(`${app.baseUrl}/myphotos`)).body, /^\/myphotos$/)
      .fields._csrf;

    const big = await fetch(`${app.baseUrl}/api/photos`, {
      method: 'POST',
      headers: auth,
      body: formOf('photo', await largePhoto(), 'big.jpg'),
    });
    expect(big.status).toBe(201);
    const bigId = ((await big.json()) as { id: string }).id;

    const statuses: number[] = [];
    await inBatches(200, 8, async (i) => {
      const photo = await smallPhoto(i);
      if (i % 10 === 3) {
        // Cut mid-body: the spool has a file open for it when the client goes.
        const raw = startRawUpload(port, accessToken, photo, Math.floor(photo.length / 2));
        await raw.written;
        raw.socket.destroy();
        await raw.closed;
      } else if (i % 10 === 7) {
        const variant = i % 20 === 7 ? 'original' : 'image';
        await abortedDownload(port, `/api/photos/${bigId}/${variant}`, accessToken);
      } else if (i % 2 === 0) {
        const response = await fetch(`${app.baseUrl}/api/photos`, {
          method: 'POST',
          headers: auth,
          body: formOf('photo', photo, `api-${i}.jpg`),
        });
        statuses.push(response.status);
        await response.arrayBuffer();
      } else {
        // The token first, as the page's form sends it: it is checked before any file is read.
        const form = formOf('photo', photo, `page-${i}.jpg`, csrf);
        const page = await browser.request(`${app.baseUrl}/myphotos`, {
          method: 'POST',
          body: form,
          follow: false,
        });
        statuses.push(page.status);
      }
    });
    expect(statuses.length).toBe(160);
    expect(new Set(statuses)).toEqual(new Set([201, 303]));

    // Still serving, and every kept upload is listed with its capture date.
    // By upload date: the 100 newest are small photos (the big one, uploaded first, is older).
    const listing = await fetch(`${app.baseUrl}/api/photos?limit=100&sort=uploaded`, {
      headers: auth,
    });
    expect(listing.status).toBe(200);
    const { items } = (await listing.json()) as { items: { takenAt: string | null }[] };
    expect(items.length).toBe(100);
    expect(items.filter((item) => item.takenAt === '2024-05-06T07:08:09.000Z').length).toBe(100);
    const download = await fetch(`${app.baseUrl}/api/photos/${bigId}/original`, { headers: auth });
    expect(Buffer.from(await download.arrayBuffer()).length).toBeGreaterThan(1_000_000);

    await new Promise((resolve) => setTimeout(resolve, 300)); // a few more collections
    expect(app.child.exitCode).toBeNull();
    const log = app.output.join('');
    expect(log).not.toMatch(/Warning|DEP0\d+|FileHandle|ERR_INVALID_STATE/);
    const spool = join(stack.dataDir, 'upload-spool');
    for (const dir of await readdir(spool)) expect(await readdir(join(spool, dir))).toEqual([]);
    // 200 uploads through two image pipelines: about 40 s alone on two cores, more beside others.
  }, 420_000);

  it('takes HEIC uploads (read whole for the decoder worker), some cut mid-body or damaged, with no warning', async () => {
    const port = Number(env.PORT);
    const { accessToken } = await apiTokens({ baseUrl: app.baseUrl, idp: stack.idp, env });
    const heic = await fixture('coffee-phone.heic');

    const statuses: number[] = [];
    await inBatches(24, 4, async (i) => {
      if (i % 4 === 0) {
        const raw = startRawUpload(port, accessToken, heic, Math.floor(heic.length / 2));
        await raw.written;
        raw.socket.destroy();
        await raw.closed;
        return;
      }
      const bytes = i % 4 === 1 ? truncated(heic) : heic;
      const response = await fetch(`${app.baseUrl}/api/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: formOf('photo', bytes, `IMG_${i}.HEIC`),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    });
    expect(statuses.filter((status) => status === 201).length).toBe(12);
    expect(statuses.filter((status) => status === 400).length).toBe(6);

    await new Promise((resolve) => setTimeout(resolve, 300)); // a few more collections
    expect(app.child.exitCode).toBeNull();
    expect(app.output.join('')).not.toMatch(/Warning|DEP0\d+|FileHandle|ERR_INVALID_STATE/);
    const spool = join(stack.dataDir, 'upload-spool');
    for (const dir of await readdir(spool)) expect(await readdir(join(spool, dir))).toEqual([]);
  }, 180_000);
});

function formOf(field: string, data: Buffer, name: string, csrf?: string): FormData {
  const form = new FormData();
  if (csrf !== undefined) form.append('_csrf', csrf);
  form.append('description', '');
  form.append(field, new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), name);
  return form;
}
