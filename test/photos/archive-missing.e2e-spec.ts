import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PhotoStorage } from '../../src/photos/storage';
import { apiTokens } from '../support/api-token';
import type { Browser } from '../support/browser';
import { formWithAction } from '../support/html';
import { TestStack } from '../support/test-stack';
import { fixture, signedIn, sql, uploadThroughApi } from './photos-test-kit';
import { unzip, type ZipEntry } from './zip-entries';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A photo whose row is there but whose original is gone from storage is left out of the zip of a
 * selection; the zip stays readable and its last entry, MISSING.txt, names what is left out.
 */
describe('Archive: an original missing from storage', () => {
  let stack: TestStack;
  let token: string;
  let browser: Browser;
  let csrf: string;

  beforeAll(async () => {
    stack = await TestStack.start({ captureLogs: true });
    token = (await apiTokens(stack)).accessToken;
    browser = await signedIn(stack);
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    csrf = formWithAction(page.body, /^\/myphotos$/).fields._csrf;
  });
  afterAll(() => stack.close());
  afterEach(() => jest.restoreAllMocks());

  const upload = (fixtureName: string, fileName: string) =>
    uploadThroughApi(stack, token, fixtureName, fileName);

  /** Deletes the photo's original from the local storage (DATA_DIR/photos/<key>), keeping its row. */
  async function loseOriginal(id: string): Promise<void> {
    const [row] = await sql<{ original_key: string }>(
      stack,
      'SELECT original_key FROM photos WHERE id = $1',
      [id],
    );
    await unlink(join(stack.dataDir, 'photos', ...row.original_key.split('/')));
  }

  /** Three photos, the middle one's original gone. */
  async function threeWithTheMiddleLost(tag: string): Promise<string[]> {
    const ids = [
      await upload('rocket.jpg', `${tag}-first.jpg`),
      await upload('chelsea.png', `${tag}-lost.png`),
      await upload('coffee-phone.jpg', `${tag}-last.jpg`),
    ];
    await loseOriginal(ids[1]);
    return ids;
  }

  async function expectTheOthersAndANote(entries: ZipEntry[], tag: string): Promise<void> {
    expect(entries.map((entry) => entry.name)).toEqual([
      `${tag}-first.jpg`,
      `${tag}-last.jpg`,
      'MISSING.txt',
    ]);
    expect(sha256(entries[0].data)).toBe(sha256(await fixture('rocket.jpg')));
    expect(sha256(entries[1].data)).toBe(sha256(await fixture('coffee-phone.jpg')));
    for (const entry of entries) expect(entry.compressionMethod).toBe(0);
    const note = entries[2].data.toString('utf8');
    expect(note).toContain('1 photo of the 3 you chose could not be included');
    expect(note).toContain(`${tag}-lost.png`);
    expect(note).not.toContain(`${tag}-first.jpg`);
  }

  const archive = (ids: string[]) =>
    fetch(`${stack.baseUrl}/api/photos/archive`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids }),
    });

  it('POST /api/photos/archive: leaves it out, keeps the zip valid and names it in MISSING.txt', async () => {
    const ids = await threeWithTheMiddleLost('api');
    const answer = await archive(ids);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    await expectTheOthersAndANote(await unzip(Buffer.from(await answer.arrayBuffer())), 'api');
    expect(stack.logs.join('\n')).toContain(`Photo ${ids[1]} has a row but no original file`);
  });

  it('POST /myphotos/selection/download: the same', async () => {
    const ids = await threeWithTheMiddleLost('page');
    const answer = await browser.request(`${stack.baseUrl}/myphotos/selection/download`, {
      method: 'POST',
      body: new URLSearchParams([
        ['_csrf', csrf],
        ...ids.map((id): [string, string] => ['ids', id]),
      ]),
      follow: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    await expectTheOthersAndANote(await unzip(answer.bytes), 'page');
  });

  it('names the note apart from a photo already called so', async () => {
    const ids = [await upload('rocket.jpg', 'note.jpg'), await upload('chelsea.png', 'x.png')];
    // Uploads keep the image's own extension; a row is renamed here to make the names collide.
    await sql(stack, "UPDATE photos SET original_file_name = 'missing.TXT' WHERE id = $1", [
      ids[0],
    ]);
    await loseOriginal(ids[1]);
    const entries = await unzip(Buffer.from(await (await archive(ids)).arrayBuffer()));
    expect(entries.map((entry) => entry.name)).toEqual(['missing.TXT', 'MISSING (2).txt']);
    expect(sha256(entries[0].data)).toBe(sha256(await fixture('rocket.jpg')));
  });

  it('every original missing: a valid zip holding only the note', async () => {
    const ids = [
      await upload('rocket.jpg', 'gone-1.jpg'),
      await upload('chelsea.png', 'gone-2.png'),
    ];
    for (const id of ids) await loseOriginal(id);
    const answer = await archive(ids);
    expect(answer.status).toBe(200);
    const entries = await unzip(Buffer.from(await answer.arrayBuffer()));
    expect(entries.map((entry) => entry.name)).toEqual(['MISSING.txt']);
    const note = entries[0].data.toString('utf8');
    expect(note).toContain('2 photos of the 2 you chose could not be included');
    expect(note).toContain('gone-1.jpg');
    expect(note).toContain('gone-2.png');
  });

  describe('any other storage failure still ends the zip where it is (logged)', () => {
    /** Storage whose get() for the middle photo's original does `fail` instead. */
    async function failingOnTheMiddle(fail: () => Promise<never> | Readable): Promise<string[]> {
      const ids = [
        await upload('rocket.jpg', 'ok-1.jpg'),
        await upload('chelsea.png', 'broken.png'),
        await upload('coffee-phone.jpg', 'ok-2.jpg'),
      ];
      const [row] = await sql<{ original_key: string }>(
        stack,
        'SELECT original_key FROM photos WHERE id = $1',
        [ids[1]],
      );
      const storage = stack.primary.app.get(PhotoStorage);
      const get = storage.get.bind(storage);
      jest.spyOn(storage, 'get').mockImplementation(async (key) => {
        if (key !== row.original_key) return get(key);
        const failed = fail();
        return failed instanceof Readable
          ? { body: failed, contentType: 'image/png', sizeBytes: 1024 }
          : failed;
      });
      return ids;
    }

    it.each([
      ['storage unreachable', () => Promise.reject(new Error('storage unreachable (injected)'))],
      [
        'a read error mid-file',
        () =>
          Readable.from(
            (async function* () {
              yield Buffer.alloc(512, 1);
              await Promise.resolve();
              throw new Error('read failed (injected)');
            })(),
          ),
      ],
    ])('%s: the connection is closed, not a zip that looks whole', async (_, fail) => {
      const ids = await failingOnTheMiddle(fail);
      const answer = await archive(ids);
      expect(answer.status).toBe(200);
      await expect(answer.arrayBuffer()).rejects.toThrow();
      expect(stack.logs.join('\n')).toMatch(/A zip of 3 originals stopped: .*\(injected\)/);
    });
  });
});
