import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { apiTokens, type ApiTokens } from '../support/api-token';
import { Browser } from '../support/browser';
import { truncated, withDeclaredSize } from '../support/heif-edits';
import { TestStack } from '../support/test-stack';
import {
  errorOn,
  fixture,
  photoIdsOn,
  photoRowCount,
  signedIn,
  sql,
  storedFiles,
  uploadPhoto,
} from './photos-test-kit';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The fixture's identifying metadata: it must stay in the original and never reach a copy. */
const CAMERA = 'iPhone 15';
/** EXIF DateTimeOriginal 2024:09:14 18:05:00 with OffsetTimeOriginal -04:00. */
const TAKEN_AT = '2024-09-14T22:05:00.000Z';

interface PhotoJson {
  id: string;
  contentType: string;
  width: number;
  height: number;
  takenAt: string | null;
  takenAtOffset: string | null;
  original: { contentType: string; sizeBytes: number; width: number; height: number };
  urls: { original: string; image: string; thumbnail: string };
}

describe("An iPhone's HEIC photo (HEVC; turned by the container and by EXIF)", () => {
  let stack: TestStack;
  let browser: Browser;
  let tokens: ApiTokens;
  let heic: Buffer;

  const bearer = () => ({ authorization: `Bearer ${tokens.accessToken}` });
  const postToApi = (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('description', 'From the phone');
    form.append('photo', new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${stack.baseUrl}/api/photos`, { method: 'POST', body: form, headers: bearer() });
  };

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await signedIn(stack);
    tokens = await apiTokens(stack);
    heic = await fixture('coffee-phone.heic');
  });
  afterAll(() => stack.close());

  describe('uploaded with the web form', () => {
    let photoId: string;

    beforeAll(async () => {
      const answer = await uploadPhoto(browser, stack, heic, { filename: 'IMG_0042.HEIC' });
      expect(answer.status).toBe(303);
      [photoId] = photoIdsOn((await browser.get(`${stack.baseUrl}/myphotos`)).body);
    });

    it('is offered by the file field: an iPhone hands over its HEIC as it is only when accept names it', async () => {
      const page = (await browser.get(`${stack.baseUrl}/myphotos`)).body;
      const accept = /<input id="photo"[^>]* accept="([^"]+)"/.exec(page)?.[1].split(',');
      expect(accept).toEqual(
        expect.arrayContaining(['image/heic', 'image/heif', '.heic', '.heif']),
      );
      expect(accept).not.toContain('image/*');
    });

    it('is stored as sent (.heic), with a JPEG display copy and thumbnail beside it', async () => {
      const files = (await storedFiles(stack)).map((file) => file.split('/').pop()).sort();
      expect(files).toEqual(['image.jpg', 'original.heic', 'thumbnail.jpg']);
      const [row] = await sql<Record<string, unknown>>(
        stack,
        `SELECT content_type, width, height, original_content_type, original_width,
                original_height, original_size_bytes, original_file_name
           FROM photos WHERE id = $1`,
        [photoId],
      );
      expect(row).toEqual({
        content_type: 'image/jpeg',
        width: 1200,
        height: 1800,
        original_content_type: 'image/heic',
        original_width: 1200,
        original_height: 1800,
        original_size_bytes: heic.length,
        original_file_name: 'IMG_0042.heic',
      });
    });

    it('is shown upright: the display copy and thumbnail are portrait, with no metadata', async () => {
      for (const [variant, width, height] of [
        ['image', 1200, 1800],
        ['thumbnail', 200, 300],
      ] as const) {
        const answer = await browser.request(`${stack.baseUrl}/photos/${photoId}/${variant}`);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toBe('image/jpeg');
        const metadata = await sharp(answer.bytes).metadata();
        expect([variant, metadata.width, metadata.height]).toEqual([variant, width, height]);
        expect([metadata.exif, metadata.orientation ?? 1]).toEqual([undefined, 1]);
        expect(answer.bytes.includes(CAMERA, 0, 'latin1')).toBe(false);
      }
      // Upright, not merely portrait: it looks like the JPEG it was made from, turned by sharp.
      const display = await browser.request(`${stack.baseUrl}/photos/${photoId}/image`);
      const small = (image: sharp.Sharp) =>
        image.resize(20, 30, { fit: 'fill' }).removeAlpha().raw().toBuffer();
      const [ours, reference] = await Promise.all([
        small(sharp(display.bytes)),
        small(sharp(await fixture('coffee-phone.jpg')).autoOrient()),
      ]);
      const distance = ours.reduce((sum, value, i) => sum + Math.abs(value - reference[i]), 0);
      expect(distance / ours.length).toBeLessThan(5);
    });

    it("is dated by its EXIF capture date, with the phone's UTC offset", async () => {
      const [row] = await sql<{ taken_at: Date; taken_at_offset: string | null }>(
        stack,
        'SELECT taken_at, taken_at_offset FROM photos WHERE id = $1',
        [photoId],
      );
      expect([row.taken_at.toISOString(), row.taken_at_offset]).toEqual([TAKEN_AT, '-04:00']);
    });

    it('downloads the original byte for byte, as image/heic under its name', async () => {
      const answer = await browser.request(`${stack.baseUrl}/photos/${photoId}/original`);
      expect(answer.status).toBe(200);
      expect(sha256(answer.bytes)).toBe(sha256(heic));
      expect(answer.bytes.includes(CAMERA, 0, 'latin1')).toBe(true);
      expect(answer.headers.get('content-type')).toBe('image/heic');
      expect(answer.headers.get('content-disposition')).toMatch(
        /^attachment; filename="IMG_0042\.heic"/,
      );
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('uploaded through POST /api/photos', () => {
    let created: PhotoJson;

    it('is accepted (201): upright, dated, the original described as HEIC', async () => {
      const response = await postToApi(heic, 'IMG_0043.HEIC');
      expect(response.status).toBe(201);
      created = (await response.json()) as PhotoJson;
      expect(created).toMatchObject({
        contentType: 'image/jpeg',
        width: 1200,
        height: 1800,
        takenAt: TAKEN_AT,
        takenAtOffset: '-04:00',
        original: {
          contentType: 'image/heic',
          sizeBytes: heic.length,
          width: 1200,
          height: 1800,
          fileName: 'IMG_0043.heic',
        },
      });
    });

    it('serves the original byte for byte and the display copy upright', async () => {
      const original = await fetch(created.urls.original, { headers: bearer() });
      expect(original.status).toBe(200);
      expect(original.headers.get('content-type')).toBe('image/heic');
      expect(sha256(new Uint8Array(await original.arrayBuffer()))).toBe(sha256(heic));
      const image = await fetch(created.urls.image, { headers: bearer() });
      const metadata = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 1200, 1800]);
    });
  });

  describe('refused, changing nothing', () => {
    let rows: number;
    let files: string[];

    beforeEach(async () => {
      rows = await photoRowCount(stack);
      files = await storedFiles(stack);
    });
    afterEach(async () => {
      expect(await photoRowCount(stack)).toBe(rows);
      expect(await storedFiles(stack)).toEqual(files);
    });

    // 10000x10000 by its container: over the 50 MP limit, refused before anything is decoded.
    const oversize = () => withDeclaredSize(heic, 10_000, 10_000);

    it('a HEIC with too many pixels, from the form: 413 and the reason', async () => {
      const page = await uploadPhoto(browser, stack, oversize(), { filename: 'huge.heic' });
      expect(page.status).toBe(413);
      expect(errorOn(page.body)).toMatch(/too many pixels.*50 megapixels/);
    });

    it('a HEIC with too many pixels, through the API: 413', async () => {
      const response = await postToApi(oversize(), 'huge.heic');
      expect(response.status).toBe(413);
      expect(((await response.json()) as { message: string }).message).toMatch(/too many pixels/);
    });

    it('a HEIC cut short: 400, damaged or incomplete', async () => {
      const page = await uploadPhoto(browser, stack, truncated(heic), { filename: 'cut.heic' });
      expect(page.status).toBe(400);
      expect(errorOn(page.body)).toMatch(/damaged or incomplete/);
      const response = await postToApi(truncated(heic), 'cut.heic');
      expect(response.status).toBe(400);
    });
  });
});
