import { Client } from 'pg';
import { Browser } from '../support/browser';
import { SECOND, TestStack } from '../support/test-stack';
import { startRawUpload } from './raw-upload';
import {
  type BatchFile,
  eventually,
  fixture,
  noticeOn,
  photoRowCount,
  refusalsOn,
  signedIn,
  spooledFiles,
  uploadPhotos,
} from './photos-test-kit';

const WRITES_PER_MINUTE = 5;

async function copies(count: number, start = 1): Promise<BatchFile[]> {
  const data = await fixture('rocket.jpg');
  return Array.from({ length: count }, (_, i) => ({ name: `launch-${start + i}.jpg`, data }));
}

/**
 * The uploads-and-deletes budget counts files, not requests: the upload script sends one request
 * per file, so a form post of N files costs N too; the files beyond the budget are refused by
 * name (the ones before them are stored), as the script's own requests for them would be.
 */
describe('The write budget, per file on both upload paths', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE) },
    });
  });
  afterAll(() => stack.close());

  it('counts a form post of 3 files as 3: a second post of 3 stores 2 and names the third', async () => {
    const browser = await signedIn(stack);
    const before = await photoRowCount(stack);
    const first = await uploadPhotos(browser, stack, await copies(3), { follow: true });
    expect(noticeOn(first.body)).toBe('Uploaded 3 photos.');

    const second = await uploadPhotos(browser, stack, await copies(3, 4), { follow: true });
    expect(noticeOn(second.body)).toBe('Uploaded 2 photos.');
    const refusals = refusalsOn(second.body);
    expect(refusals.map((refusal) => refusal.name)).toEqual(['launch-6.jpg']);
    expect(refusals[0].reason).toMatch(
      /^Not uploaded: too many uploads and deletes in one minute\. Try this one again in \d+ seconds?\.$/,
    );
    expect(await photoRowCount(stack)).toBe(before + WRITES_PER_MINUTE);

    // The budget is spent: the upload script's one-file request is refused, with when to retry.
    const scripted = await uploadPhotos(browser, stack, await copies(1, 7), { json: true });
    expect(scripted.status).toBe(429);
    const retryAfter = Number(scripted.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await photoRowCount(stack)).toBe(before + WRITES_PER_MINUTE);
  });

  it('answers the upload script per file: one-file requests count one each, a batch its files', async () => {
    const browser: Browser = await signedIn(stack, SECOND);
    const statuses: number[] = [];
    for (const file of await copies(2)) {
      statuses.push((await uploadPhotos(browser, stack, [file], { json: true })).status);
    }
    expect(statuses).toEqual([200, 200]);
    // 3 left; a batch of 4 asking for JSON stores 3 and refuses the 4th by name, with 429's reason.
    const answer = await uploadPhotos(browser, stack, await copies(4, 3), { json: true });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as {
      uploaded: unknown[];
      refused: { name: string; reason: string }[];
    };
    expect(body.uploaded).toHaveLength(3);
    expect(body.refused).toEqual([
      { name: 'launch-6.jpg', reason: expect.stringMatching(/^Not uploaded: too many uploads/) },
    ]);
  });

  it('spends no write on a post refused for its CSRF token, and spools no byte of such an upload', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    await db.query('DELETE FROM rate_limit_counters').finally(() => db.end());
    const browser = await signedIn(stack);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (let i = 0; i < WRITES_PER_MINUTE + 2; i++) {
      const forgedDelete = await browser.request(`${stack.baseUrl}/myphotos/${missing}/delete`, {
        method: 'POST',
        body: new URLSearchParams({}),
        follow: false,
      });
      expect(forgedDelete.status).toBe(403);
    }
    // The album and share pages check the token first too (a forged "New album" spends nothing).
    for (let i = 0; i < WRITES_PER_MINUTE + 1; i++) {
      const forgedAlbum = await browser.request(`${stack.baseUrl}/albums`, {
        method: 'POST',
        body: new URLSearchParams({ name: 'Forged' }),
        follow: false,
      });
      expect(forgedAlbum.status).toBe(403);
      const forgedRevoke = await browser.request(`${stack.baseUrl}/shares/${missing}/revoke`, {
        method: 'POST',
        body: new URLSearchParams({}),
        follow: false,
      });
      expect(forgedRevoke.status).toBe(403);
    }
    for (let i = 0; i < 2; i++) {
      const forgedUpload = await uploadPhotos(browser, stack, await copies(1), { csrf: 'forged' });
      expect(forgedUpload.status).toBe(403);
    }

    // A forged upload held half-sent: its body reaches the server, none of it reaches the disk.
    const photo = Buffer.alloc(2 * 2 ** 20, 0x5a);
    const cookie = `photos.sid=${browser.jar.get('localhost', 'photos.sid')}`;
    const held = startRawUpload(stack.port, '', photo, 2 ** 20, '/myphotos', {
      cookie,
      csrf: 'forged',
    });
    try {
      await held.written;
      expect(await eventually(async () => (await spooledFiles(stack)).length > 0, 1500)).toBe(
        false,
      );
    } finally {
      held.socket.destroy();
    }

    // Every write of the minute is still there: the next real delete is answered, not refused.
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const realDelete = await browser.request(`${stack.baseUrl}/myphotos/${missing}/delete`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
      follow: false,
    });
    expect(realDelete.status).toBe(404);
  });
});
