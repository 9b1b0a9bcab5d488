import { ImageProcessor, ImageQueue } from '../../src/photos/image';
import { PhotosService } from '../../src/photos/photos.service';
import { apiTokens } from '../support/api-token';
import { retainedBytes } from '../support/retained-memory';
import { SECOND, TestStack } from '../support/test-stack';
import {
  errorOn,
  eventually,
  fixture,
  photoRowCount,
  signedIn,
  spooledFiles,
  storedFiles,
  uploadPhoto,
} from './photos-test-kit';
import { type RawUpload, startRawUpload, statusOf } from './raw-upload';

const MiB = 2 ** 20;
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

/** A body that starts like a JPEG; it never gets far enough to be decoded. */
function payloadOf(bytes: number): Buffer {
  const payload = Buffer.alloc(bytes, 0x5a);
  JPEG_START.copy(payload);
  return payload;
}

function apiUpload(stack: TestStack, token: string, photo: Buffer, signal?: AbortSignal) {
  const form = new FormData();
  form.append('description', 'intake');
  form.append('photo', new Blob([new Uint8Array(photo)]), 'photo.jpg');
  return fetch(`${stack.baseUrl}/api/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    signal,
  });
}

/** Nothing of the upload is left: no row, no photo file, no spooled body. */
async function expectNothingStored(stack: TestStack): Promise<void> {
  expect(await photoRowCount(stack)).toBe(0);
  expect(await storedFiles(stack)).toEqual([]);
  expect(await eventually(async () => (await spooledFiles(stack)).length === 0, 5000)).toBe(true);
}

describe('Stalled upload bodies', () => {
  const STALLED = 60;
  const SENT_BYTES = 8 * MiB; // of a declared ~19 MiB body: the finding's 60 × 19 MiB, scaled down
  const STALL_SECONDS = 2;
  let stack: TestStack;
  let token: string;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: {
        UPLOAD_STALL_TIMEOUT_SECONDS: String(STALL_SECONDS),
        UPLOADS_MAX_IN_PROGRESS: String(STALLED),
        UPLOADS_MAX_IN_PROGRESS_PER_USER: String(STALLED),
        RATE_LIMIT_WRITES_PER_MINUTE: '1000', // one user sends all of them
        UPLOAD_SPOOL_MAX_BYTES_PER_USER: String(4 * 2 ** 30), // and holds them all in the spool
      },
    });
    token = (await apiTokens(stack)).accessToken;
  });
  afterAll(() => stack.close());

  it(`keeps memory flat while ${STALLED} bodies stall, then drops them all after the stall timeout`, async () => {
    const payload = payloadOf(19 * MiB);
    const retainedBefore = retainedBytes();
    const uploads: RawUpload[] = [];
    try {
      for (let i = 0; i < STALLED; i++)
        uploads.push(startRawUpload(stack.port, token, payload, SENT_BYTES));
      await Promise.all(uploads.map((upload) => upload.written));
      // Until every body has reached the server (spooled to disk: nothing to see without a spool).
      await eventually(async () => {
        const spooled = await spooledFiles(stack);
        return spooled.length === STALLED && spooled.every((file) => file.size >= SENT_BYTES);
      }, 20_000);
      // Retained, not peak RSS: RSS also counts received chunks that are garbage but not yet
      // collected, which varies with the collector's timing and the machine's load.
      const grownMiB = (retainedBytes() - retainedBefore) / MiB;
      console.log(`Memory held while ${STALLED} bodies stalled: +${grownMiB.toFixed(0)} MiB`);
      // Held in memory, the bodies alone would be 60 × 8 MiB = 480 MiB.
      expect(grownMiB).toBeLessThan(60);
      const closed = await Promise.all(
        uploads.map((upload) =>
          Promise.race([upload.closed, new Promise((resolve) => setTimeout(resolve, 15_000))]),
        ),
      );
      // Every stalled body was dropped by the server: the connection closed, with no answer.
      expect(closed.every((result) => result !== undefined)).toBe(true);
      for (const result of closed as { response: string; atMs: number }[]) {
        expect(statusOf(result.response)).toBeUndefined();
        expect(result.atMs).toBeGreaterThanOrEqual(STALL_SECONDS * 1000);
      }
    } finally {
      uploads.forEach((upload) => upload.socket.destroy());
    }
    await expectNothingStored(stack);
  });

  it('still takes uploads afterwards', async () => {
    const response = await apiUpload(stack, token, await fixture('rocket.jpg'));
    expect(response.status).toBe(201);
    expect(await eventually(async () => (await spooledFiles(stack)).length === 0, 5000)).toBe(true);
  });
});

describe('Caps on uploads in progress', () => {
  let stack: TestStack;
  let demoToken: string;
  let secondToken: string;
  const held: RawUpload[] = [];

  /** An upload whose body stalls halfway (long enough for the test), holding its slot. */
  async function holdSlot(token: string): Promise<void> {
    const before = (await spooledFiles(stack)).length;
    held.push(startRawUpload(stack.port, token, payloadOf(MiB), MiB / 2));
    await eventually(async () => (await spooledFiles(stack)).length > before, 5000);
  }

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { UPLOADS_MAX_IN_PROGRESS: '3', UPLOADS_MAX_IN_PROGRESS_PER_USER: '2' },
    });
    demoToken = (await apiTokens(stack)).accessToken;
    secondToken = (await apiTokens(stack, SECOND)).accessToken;
  });
  afterAll(async () => {
    held.forEach((upload) => upload.socket.destroy());
    await stack.close();
  });

  it('answers 429 with Retry-After beyond the per-user cap, on the API and on the page', async () => {
    await holdSlot(demoToken);
    await holdSlot(demoToken);

    const api = await apiUpload(stack, demoToken, await fixture('rocket.jpg'));
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(((await api.json()) as { message: string }).message).toMatch(
      /You have too many uploads in progress/,
    );

    const browser = await signedIn(stack);
    const page = await uploadPhoto(browser, stack, await fixture('rocket.jpg'));
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(page.body).toContain('You have too many uploads in progress');
  });

  it('answers 429 beyond the cap for the whole instance, whoever asks', async () => {
    await holdSlot(secondToken); // the third upload in progress
    const response = await apiUpload(stack, secondToken, await fixture('rocket.jpg'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /Too many uploads are in progress right now/,
    );
    expect(await photoRowCount(stack)).toBe(0);
  });

  it('frees the slots when those uploads end, and takes uploads again', async () => {
    held.splice(0).forEach((upload) => upload.socket.destroy());
    await eventually(async () => (await spooledFiles(stack)).length === 0, 5000);
    const upload = async () =>
      (await apiUpload(stack, demoToken, await fixture('rocket.jpg'))).status;
    expect(await eventually(async () => (await upload()) === 201, 5000)).toBe(true);
    const browser = await signedIn(stack);
    const page = await uploadPhoto(browser, stack, await fixture('rocket.jpg'));
    expect(page.status).toBe(303);
    expect(errorOn(page.body)).toBeUndefined();
  });
});

describe('Aborted uploads and a busy image queue', () => {
  let stack: TestStack;
  let token: string;

  beforeAll(async () => {
    stack = await TestStack.start({
      captureLogs: true,
      env: { IMAGE_CONCURRENCY: '1', IMAGE_QUEUE_TIMEOUT_SECONDS: '1' },
    });
    token = (await apiTokens(stack)).accessToken;
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => stack.close());

  /** The log lines of the uploads since `from`: each one an abort, said once, below warn, no stack. */
  function expectAbortsLoggedQuietly(from: number, aborts: number): void {
    const lines = stack.logs
      .slice(from)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => (line.req as { url?: string } | undefined)?.url === '/api/photos');
    expect(lines.map((line) => [line.level, line.msg, line.res])).toEqual(
      Array.from({ length: aborts }, () => [30, 'request aborted', { aborted: true }]),
    );
    expect(stack.logs.slice(from).join('\n')).not.toMatch(/"level":50|Request aborted|"err"/);
  }

  it('stores nothing when the client aborts in the middle of the body, and logs it once, without a stack', async () => {
    const from = stack.logs.length;
    const upload = startRawUpload(stack.port, token, payloadOf(4 * MiB), 2 * MiB);
    await upload.written;
    await eventually(async () => (await spooledFiles(stack)).length === 1, 5000);
    upload.socket.destroy();
    await upload.closed;
    await expectNothingStored(stack);
    expectAbortsLoggedQuietly(from, 1);
  });

  it('stores nothing when the client aborts while its photo is being processed', async () => {
    const from = stack.logs.length;
    const images = stack.primary.app.get(ImageProcessor);
    const photos = stack.primary.app.get(PhotosService);
    const process = images.process.bind(images);
    const upload = photos.upload.bind(photos);
    let reachedProcessing!: () => void;
    const processing = new Promise<void>((resolve) => (reachedProcessing = resolve));
    let letProcessingGo!: () => void;
    const gate = new Promise<void>((resolve) => (letProcessingGo = resolve));
    jest.spyOn(images, 'process').mockImplementation(async (...args) => {
      reachedProcessing();
      await gate;
      return process(...args);
    });
    let handled: Promise<unknown> = Promise.resolve();
    jest.spyOn(photos, 'upload').mockImplementation((...args) => {
      const result = upload(...args);
      handled = result.catch(() => undefined);
      return result;
    });

    const client = new AbortController();
    const answer = apiUpload(stack, token, await fixture('large-12mp.jpg'), client.signal);
    await processing;
    client.abort();
    await expect(answer).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the server sees the close
    letProcessingGo();
    await handled;
    await expectNothingStored(stack);
    expectAbortsLoggedQuietly(from, 1);
  });

  it('answers 503 with Retry-After when no image pipeline frees up in time, storing nothing', async () => {
    const queue = stack.primary.app.get(ImageQueue);
    const release = await queue.acquire(); // the only pipeline, busy
    try {
      const started = Date.now();
      const response = await apiUpload(stack, token, await fixture('rocket.jpg'));
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(response.headers.get('retry-after')).toBe('10');
      // A 5xx carries the app's generic message; Retry-After says when to come back.
      expect(await response.json()).toMatchObject({
        statusCode: 503,
        error: 'SERVICE_UNAVAILABLE',
      });
      await expectNothingStored(stack);
      expect(queue.stats.waiting).toBe(0);
    } finally {
      release();
    }
    expect((await apiUpload(stack, token, await fixture('rocket.jpg'))).status).toBe(201);
  });
});
