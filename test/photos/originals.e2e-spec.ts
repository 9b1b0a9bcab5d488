import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { Browser } from '../support/browser';
import { SECOND, TestStack } from '../support/test-stack';
import { fixture, photoIdsOn, signedIn, sql, storedFiles, uploadPhoto } from './photos-test-kit';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The Pixel 7 fixture's identifying metadata: it must never leave the original. */
const CAMERA = 'Pixel 7';

describe('Originals are kept, untouched, for their owner only', () => {
  let stack: TestStack;
  let owner: Browser;
  let other: Browser;
  let photoId: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    other = await signedIn(stack, SECOND);
    const answer = await uploadPhoto(owner, stack, await fixture('coffee-phone.jpg'), {
      description: 'Coffee',
      filename: 'coffee-phone.jpg',
    });
    expect(answer.status).toBe(303);
    [photoId] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
  });
  afterAll(() => stack.close());

  it('stores three files: the original as sent, the display copy and the thumbnail', async () => {
    const files = (await storedFiles(stack)).map((file) => file.split('/').pop()).sort();
    expect(files).toEqual(['image.jpg', 'original.jpg', 'thumbnail.jpg']);
  });

  it('downloads the original byte-identical to what was sent, as an attachment with safe headers', async () => {
    const answer = await owner.request(`${stack.baseUrl}/photos/${photoId}/original`);
    expect(answer.status).toBe(200);
    // Compared by digest: a failing toEqual on two 400 kB buffers takes jest minutes to diff.
    expect(sha256(answer.bytes)).toBe(sha256(await fixture('coffee-phone.jpg')));
    expect(answer.bytes.includes(CAMERA, 0, 'latin1')).toBe(true);
    expect(answer.headers.get('content-type')).toBe('image/jpeg');
    expect(answer.headers.get('content-disposition')).toMatch(
      /^attachment; filename="coffee-phone\.jpg"/,
    );
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('answers 404 to anyone else, and sends a signed-out visitor to sign in', async () => {
    expect((await other.request(`${stack.baseUrl}/photos/${photoId}/original`)).status).toBe(404);
    const anonymous = await new Browser().get(`${stack.baseUrl}/photos/${photoId}/original`, {
      follow: false,
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?returnTo=/);
  });

  it('keeps the display copy and the thumbnail stripped of all metadata', async () => {
    for (const [variant, width, height] of [
      ['image', 1200, 1800],
      ['thumbnail', 200, 300],
    ] as const) {
      const answer = await owner.request(`${stack.baseUrl}/photos/${photoId}/${variant}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-disposition')).toBe('inline');
      const metadata = await sharp(answer.bytes).metadata();
      expect([metadata.width, metadata.height, metadata.exif]).toEqual([width, height, undefined]);
      expect(answer.bytes.includes(CAMERA, 0, 'latin1')).toBe(false);
    }
  });

  it("records taken_at from the EXIF DateTimeOriginal (no offset: the camera's wall clock)", async () => {
    const [row] = await sql<{ taken_at: Date; taken_at_offset: string | null }>(
      stack,
      'SELECT taken_at, taken_at_offset FROM photos WHERE id = $1',
      [photoId],
    );
    expect(row.taken_at.toISOString()).toBe('2024-06-01T09:30:00.000Z');
    expect(row.taken_at_offset).toBeNull();
  });

  it('leaves taken_at empty for a photo without EXIF', async () => {
    expect((await uploadPhoto(owner, stack, await fixture('chelsea.png'))).status).toBe(303);
    const [row] = await sql<{ taken_at: Date | null }>(
      stack,
      'SELECT taken_at FROM photos ORDER BY created_at DESC LIMIT 1',
    );
    expect(row.taken_at).toBeNull();
  });
});
