import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readlink, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ownerKeyPrefix } from '../../src/photos/photo-keys';
import { apiTokens } from '../support/api-token';
import type { Browser } from '../support/browser';
import { formWithAction, parsePage } from '../support/html';
import { SECOND, TestStack } from '../support/test-stack';
import {
  eventually,
  fixture,
  noticeOn,
  signedIn,
  sql,
  storedFiles,
  uploadThroughApi,
} from './photos-test-kit';
import { unzip } from './zip-entries';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MiB = 2 ** 20;
const WRITES_PER_MINUTE = 30;

/** Bulk delete, archive and their pages: only ever the caller's photos, byte for byte, flat memory. */
describe('Select many: delete and download several photos at once', () => {
  let stack: TestStack;
  let demoToken: string;
  let secondToken: string;

  const api = (path: string, token: string, body?: unknown) =>
    fetch(`${stack.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const upload = (token: string, fixtureName: string, fileName: string) =>
    uploadThroughApi(stack, token, fixtureName, fileName);

  const exists = async (id: string) =>
    (await sql(stack, 'SELECT 1 FROM photos WHERE id = $1', [id])).length === 1;
  const filesOf = async (id: string) =>
    (await storedFiles(stack)).filter((file) => file.includes(id));
  const resetWriteBudget = () => sql(stack, 'DELETE FROM rate_limit_counters');

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE) },
    });
    demoToken = (await apiTokens(stack)).accessToken;
    secondToken = (await apiTokens(stack, SECOND)).accessToken;
  });
  afterAll(() => stack.close());
  beforeEach(resetWriteBudget);

  describe('POST /api/photos/bulk-delete', () => {
    it("deletes only the caller's photos and their files; the rest are notFound and untouched", async () => {
      const [a, b, kept] = [
        await upload(demoToken, 'rocket.jpg', 'a.jpg'),
        await upload(demoToken, 'chelsea.png', 'b.png'),
        await upload(demoToken, 'rocket.jpg', 'kept.jpg'),
      ];
      const theirs = await upload(secondToken, 'coffee-phone.jpg', 'theirs.jpg');
      const random = randomUUID();
      expect(await filesOf(a)).toHaveLength(3);

      const answer = await api('/api/photos/bulk-delete', demoToken, {
        ids: [a, theirs, random, b, a.toUpperCase(), 'not-an-id'],
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        deleted: [a, b],
        notFound: [theirs, random, 'not-an-id'],
      });

      expect([await exists(a), await exists(b), await exists(kept), await exists(theirs)]).toEqual([
        false,
        false,
        true,
        true,
      ]);
      expect([...(await filesOf(a)), ...(await filesOf(b))]).toEqual([]);
      expect(await filesOf(theirs)).toHaveLength(3);
      const original = await api(`/api/photos/${theirs}/original`, secondToken);
      expect(original.status).toBe(200);
      expect(sha256(Buffer.from(await original.arrayBuffer()))).toBe(
        sha256(await fixture('coffee-phone.jpg')),
      );
      // Listings are not served from a cache that still holds them.
      const listed = (await (await api('/api/photos', demoToken)).json()) as {
        items: { id: string }[];
      };
      expect(listed.items.map((item) => item.id)).not.toEqual(expect.arrayContaining([a]));
      expect(listed.items.map((item) => item.id)).toContain(kept);
    });

    it('refuses 0 or more than 100 ids, or ids that are not strings, with a 400 naming ids; nothing deleted', async () => {
      const mine = await upload(demoToken, 'rocket.jpg', 'mine.jpg');
      const tooMany = [mine, ...Array.from({ length: 100 }, () => randomUUID())];
      for (const body of [{ ids: tooMany }, { ids: [] }, {}, { ids: [mine, 7] }, { ids: mine }]) {
        const answer = await api('/api/photos/bulk-delete', demoToken, body);
        expect(answer.status).toBe(400);
        expect(((await answer.json()) as { message: string }).message).toBe(
          'Send "ids": a list of 1 to 100 photo ids.',
        );
      }
      expect(await exists(mine)).toBe(true);
    });

    it('counts each photo as one write: more than the minute has left is 429, and nothing is deleted', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await upload(demoToken, 'rocket.jpg', `w${i}.jpg`));
      // 5 uploads spent; leave 4 of the minute's writes.
      await sql(stack, 'UPDATE rate_limit_counters SET hits = $1', [WRITES_PER_MINUTE - 4]);

      const refused = await api('/api/photos/bulk-delete', demoToken, { ids });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      for (const id of ids) expect(await exists(id)).toBe(true);

      // The refusal spent nothing: the 4 left delete 4 photos, and then none is left.
      const four = await api('/api/photos/bulk-delete', demoToken, { ids: ids.slice(0, 4) });
      expect(four.status).toBe(200);
      expect(((await four.json()) as { deleted: string[] }).deleted).toHaveLength(4);
      const last = await api('/api/photos/bulk-delete', demoToken, { ids: ids.slice(4) });
      expect(last.status).toBe(429);
      expect(await exists(ids[4])).toBe(true);
    });
  });

  describe('POST /api/photos/archive', () => {
    it('is a zip of the originals byte for byte, named as uploaded and made unique; others left out', async () => {
      const uploads = [
        ['rocket.jpg', 'holiday.jpg'],
        ['coffee-phone.jpg', 'holiday.jpg'],
        ['chelsea.png', '../../etc/cat.png'],
        ['astronaut.webp', 'HOLIDAY.webp'],
        ['rocket.jpg', 'HOLIDAY.jpg'],
      ] as const;
      const ids: string[] = [];
      for (const [name, as] of uploads) ids.push(await upload(demoToken, name, as));
      const theirs = await upload(secondToken, 'rocket.jpg', 'theirs.jpg');

      const answer = await api('/api/photos/archive', demoToken, {
        ids: [...ids, theirs, randomUUID(), ids[0]],
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/zip');
      expect(answer.headers.get('content-disposition')).toMatch(
        /^attachment; filename="photos-\d{4}-\d{2}-\d{2}\.zip"$/,
      );
      expect(answer.headers.get('content-disposition')).toContain(
        new Date().toISOString().slice(0, 10),
      );
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');

      const entries = await unzip(Buffer.from(await answer.arrayBuffer()));
      expect(entries.map((entry) => entry.name)).toEqual([
        'holiday.jpg',
        'holiday (2).jpg',
        'cat.png',
        'HOLIDAY.webp',
        'HOLIDAY (3).jpg',
      ]);
      for (const [index, [name]] of uploads.entries()) {
        expect(sha256(entries[index].data)).toBe(sha256(await fixture(name)));
        expect(entries[index].compressionMethod).toBe(0);
      }
    });

    it('answers 404 when none of the ids is a photo of the caller, 400 beyond 500 ids', async () => {
      const theirs = await upload(secondToken, 'rocket.jpg', 'theirs.jpg');
      const none = await api('/api/photos/archive', demoToken, { ids: [theirs, randomUUID()] });
      expect(none.status).toBe(404);
      expect(none.headers.get('content-type')).toMatch(/^application\/json/);

      const ids = Array.from({ length: 501 }, () => randomUUID());
      const tooMany = await api('/api/photos/archive', demoToken, { ids });
      expect(tooMany.status).toBe(400);
      expect(((await tooMany.json()) as { message: string }).message).toBe(
        'Send "ids": a list of 1 to 500 photo ids.',
      );
      expect((await api('/api/photos/archive', demoToken, { ids: ids.slice(1) })).status).toBe(404);
    });
  });

  describe('a 500 MB archive', () => {
    const ORIGINAL_BYTES = 20 * MiB;
    const COPIES = 25;
    let ids: string[];
    let bigPath: string;

    /**
     * 25 rows sharing one stored 20 MB original (image processing is not what is measured): the
     * rows copy a real upload's, with the original's key pointing at the big file.
     */
    beforeAll(async () => {
      const model = await upload(demoToken, 'rocket.jpg', 'model.jpg');
      const key = `${ownerKeyPrefix((await sql<{ owner_sub: string }>(stack, 'SELECT owner_sub FROM photos WHERE id = $1', [model]))[0].owner_sub)}/${randomUUID()}/original.jpg`;
      bigPath = join(stack.dataDir, 'photos', key);
      await mkdir(dirname(bigPath), { recursive: true });
      const big = Buffer.alloc(ORIGINAL_BYTES);
      for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i);
      await writeFile(bigPath, big);
      const rows = await sql<{ id: string }>(
        stack,
        `INSERT INTO photos (id, owner_sub, owner_username, description, content_type, width, height,
           size_bytes, image_key, original_key, original_content_type, original_size_bytes,
           original_width, original_height, original_file_name, thumbnail_key,
           thumbnail_content_type, thumbnail_width, thumbnail_height, thumbnail_size_bytes)
         SELECT gen_random_uuid(), owner_sub, owner_username, description, content_type, width,
           height, size_bytes, image_key, $2, original_content_type, $3, original_width,
           original_height, 'big.jpg', thumbnail_key, thumbnail_content_type, thumbnail_width,
           thumbnail_height, thumbnail_size_bytes
         FROM photos, generate_series(1, $4) WHERE id = $1
         RETURNING id`,
        [model, key, ORIGINAL_BYTES, COPIES],
      );
      ids = rows.map((row) => row.id);
    });

    /** Descriptors of this process open on the big original. */
    async function openOnBigFile(): Promise<number> {
      const fds = await readdir('/proc/self/fd');
      const targets = await Promise.all(
        fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')),
      );
      return targets.filter((target) => target === bigPath).length;
    }

    it("streams it while the app's memory stays flat", async () => {
      // Sampled from before the request: a server that made the zip before answering would
      // hold it all before the headers come.
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      let total = 0;
      let tail = Buffer.alloc(0);
      let chunks = 0;
      try {
        const answer = await api('/api/photos/archive', demoToken, { ids });
        expect(answer.status).toBe(200);
        const reader = answer.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          tail = Buffer.concat([tail, value]).subarray(-64);
          // A slow reader for a while: a server that read ahead of it would pile the files up.
          if (++chunks % 64 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
          if (chunks === 1) await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(total).toBeGreaterThan(COPIES * ORIGINAL_BYTES);
      // The end of central directory record closes the zip.
      expect(tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(true);
      expect(peak - baseline).toBeLessThan(100 * MiB);
      expect(await openOnBigFile()).toBe(0);
    }, 180_000);

    it('closes the original it was reading when the client goes away', async () => {
      const abort = new AbortController();
      const answer = await fetch(`${stack.baseUrl}/api/photos/archive`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demoToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ids }),
        signal: abort.signal,
      });
      const reader = answer.body!.getReader();
      await reader.read();
      expect(await openOnBigFile()).toBeGreaterThan(0);
      abort.abort();
      await reader.cancel().catch(() => undefined);
      expect(await eventually(async () => (await openOnBigFile()) === 0, 5000)).toBe(true);
      // And the app goes on answering.
      expect((await api('/api/photos', demoToken)).status).toBe(200);
    }, 60_000);
  });

  describe('the pages: POST /myphotos/selection/delete and /download', () => {
    let browser: Browser;
    let csrf: string;

    beforeAll(async () => {
      browser = await signedIn(stack);
      const page = await browser.get(`${stack.baseUrl}/myphotos`);
      csrf = formWithAction(page.body, /^\/myphotos$/).fields._csrf;
    });

    const post = (path: string, fields: [string, string][]) =>
      browser.request(`${stack.baseUrl}${path}`, {
        method: 'POST',
        body: new URLSearchParams(fields),
        follow: false,
      });
    const idFields = (ids: string[]): [string, string][] => ids.map((id) => ['ids', id]);

    it('asks first: a page listing my selected photos, deleting nothing', async () => {
      const mine = [
        await upload(demoToken, 'rocket.jpg', 'one.jpg'),
        await upload(demoToken, 'chelsea.png', 'two.png'),
      ];
      const theirs = await upload(secondToken, 'rocket.jpg', 'theirs.jpg');
      const page = await post('/myphotos/selection/delete', [
        ['_csrf', csrf],
        ...idFields([...mine, theirs]),
        ['returnTo', '/myphotos?month=2024-09'],
      ]);
      expect(page.status).toBe(200);
      const $ = parsePage(page.body);
      expect($('h1').text()).toBe('Delete 2 photos?');
      expect(
        $('.selection-thumbnails img')
          .toArray()
          .map((img) => $(img).attr('src')),
      ).toEqual(mine.map((id) => `/photos/${id}/thumbnail`));
      const form = formWithAction(page.body, /^\/myphotos\/selection\/delete$/);
      expect(form.fields.confirmed).toBe('yes');
      expect(form.fields.returnTo).toBe('/myphotos?month=2024-09');
      expect($('.confirm-delete button[type="submit"]').text()).toBe('Delete 2 photos');
      expect($('.confirm-delete a.secondary').attr('href')).toBe('/myphotos?month=2024-09');
      const posted = $('.confirm-delete input[name="ids"]')
        .toArray()
        .map((input) => $(input).attr('value'));
      expect(posted).toEqual(mine);
      for (const id of [...mine, theirs]) expect(await exists(id)).toBe(true);
    });

    it('confirmed, deletes mine only and goes back with a notice', async () => {
      const mine = [
        await upload(demoToken, 'rocket.jpg', 'three.jpg'),
        await upload(demoToken, 'rocket.jpg', 'four.jpg'),
      ];
      const theirs = await upload(secondToken, 'rocket.jpg', 'theirs.jpg');
      const done = await post('/myphotos/selection/delete', [
        ['_csrf', csrf],
        ...idFields([...mine, theirs]),
        ['returnTo', 'https://evil.example/'],
        ['confirmed', 'yes'],
      ]);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/myphotos');
      expect(noticeOn((await browser.get(`${stack.baseUrl}/myphotos`)).body)).toBe(
        'Deleted 2 photos.',
      );
      expect([await exists(mine[0]), await exists(mine[1]), await exists(theirs)]).toEqual([
        false,
        false,
        true,
      ]);
    });

    it('refuses a form without its CSRF token, and a selection of none or over 100, deleting nothing', async () => {
      const mine = await upload(demoToken, 'rocket.jpg', 'five.jpg');
      const forged = await post('/myphotos/selection/delete', [
        ...idFields([mine]),
        ['confirmed', 'yes'],
      ]);
      expect(forged.status).toBe(403);
      const wrongToken = await post('/myphotos/selection/delete', [
        ['_csrf', 'forged'],
        ...idFields([mine]),
        ['confirmed', 'yes'],
      ]);
      expect(wrongToken.status).toBe(403);
      const download = await post('/myphotos/selection/download', idFields([mine]));
      expect(download.status).toBe(403);

      const none = await post('/myphotos/selection/delete', [
        ['_csrf', csrf],
        ['confirmed', 'yes'],
      ]);
      expect(none.status).toBe(400);
      expect(none.body).toContain('Choose between 1 and 100 photos.');
      const tooMany = await post('/myphotos/selection/delete', [
        ['_csrf', csrf],
        ...idFields([mine, ...Array.from({ length: 100 }, () => randomUUID())]),
        ['confirmed', 'yes'],
      ]);
      expect(tooMany.status).toBe(400);
      expect(await exists(mine)).toBe(true);
    });

    it('downloads the selection as a zip of the originals', async () => {
      const mine = await upload(demoToken, 'coffee-phone.jpg', 'coffee.jpg');
      const theirs = await upload(secondToken, 'rocket.jpg', 'theirs.jpg');
      const answer = await post('/myphotos/selection/download', [
        ['_csrf', csrf],
        ...idFields([mine, theirs]),
      ]);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/zip');
      expect(answer.headers.get('content-disposition')).toMatch(
        /^attachment; filename="photos-\d{4}-\d{2}-\d{2}\.zip"$/,
      );
      const entries = await unzip(answer.bytes);
      expect(entries.map((entry) => entry.name)).toEqual(['coffee.jpg']);
      expect(sha256(entries[0].data)).toBe(sha256(await fixture('coffee-phone.jpg')));

      const onlyTheirs = await post('/myphotos/selection/download', [
        ['_csrf', csrf],
        ...idFields([theirs]),
      ]);
      expect(onlyTheirs.status).toBe(404);
    });
  });
});
