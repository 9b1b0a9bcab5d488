import sharp from 'sharp';
import { fixtureSync as fixture } from '../../../test/support/fixtures';
import { truncated, withoutRotationBox } from '../../../test/support/heif-edits';
import { HeicDecoder } from './heic-decoder';
import { CorruptImageError, ImageTooLargeError } from './image-errors';

const MAX_PIXELS = 50_000_000;

describe('HeicDecoder', () => {
  const heic = fixture('coffee-phone.heic');
  let decoder: HeicDecoder;

  beforeEach(() => (decoder = new HeicDecoder({ idleMs: 60_000 })));
  afterEach(() => decoder.close());

  it('decodes the primary image to RGB, turned as the container says (irot), in a worker', async () => {
    const decoded = await decoder.decode(heic, MAX_PIXELS);

    expect([decoded.width, decoded.height, decoded.channels]).toEqual([1200, 1800, 3]);
    expect(decoded.data.length).toBe(1200 * 1800 * 3);
    // Upright: the JPEG it was encoded from, turned by its EXIF Orientation, looks the same.
    const small = (image: sharp.Sharp) =>
      image.resize(20, 30, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    const [ours, reference] = await Promise.all([
      small(sharp(decoded.data, { raw: { width: 1200, height: 1800, channels: 3 } })),
      small(sharp(fixture('coffee-phone.jpg')).autoOrient()),
    ]);
    const distance = ours.reduce((sum, value, i) => sum + Math.abs(value - reference[i]), 0);
    expect(distance / ours.length).toBeLessThan(5);
  });

  it('decodes without a rotation box as stored (the caller then reads EXIF)', async () => {
    const decoded = await decoder.decode(withoutRotationBox(heic), MAX_PIXELS);
    expect([decoded.width, decoded.height]).toEqual([1800, 1200]);
  });

  it("leaves the caller's buffer usable (it sends a copy)", async () => {
    const mine = Buffer.from(heic);
    await decoder.decode(mine, MAX_PIXELS);
    expect(mine.equals(heic)).toBe(true);
  });

  it('decodes off the event loop: timers keep running while libheif works', async () => {
    await decoder.decode(heic, MAX_PIXELS); // the worker is loaded and warm
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      for (let i = 0; i < 3; i++) await decoder.decode(heic, MAX_PIXELS);
    } finally {
      clearInterval(ticker);
    }
    // Three decodes of a 2 MP photo take tens of milliseconds; on the event loop, no tick at all
    // could run during each one.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('refuses more pixels than allowed before decoding (ImageTooLargeError)', async () => {
    const error: unknown = await decoder.decode(heic, 1200 * 1800 - 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    await expect(decoder.decode(heic, 1200 * 1800)).resolves.toBeDefined();
  });

  it.each([
    ['cut short', truncated(heic)],
    ['without its image data', truncated(heic, 420)],
    ['no HEIF at all', fixture('rocket.jpg')],
    ['empty', Buffer.alloc(0)],
  ])('refuses a file %s as corrupt, and goes on decoding', async (_name, bytes) => {
    await expect(decoder.decode(bytes, MAX_PIXELS)).rejects.toBeInstanceOf(CorruptImageError);
    await expect(decoder.decode(heic, MAX_PIXELS)).resolves.toBeDefined();
  });

  it('keeps a worker between decodes, one per decode running at once', async () => {
    await decoder.decode(heic, MAX_PIXELS);
    expect(decoder.workers).toEqual({ busy: 0, idle: 1 });
    const both = Promise.all([decoder.decode(heic, MAX_PIXELS), decoder.decode(heic, MAX_PIXELS)]);
    expect(decoder.workers).toEqual({ busy: 2, idle: 0 });
    await both;
    expect(decoder.workers).toEqual({ busy: 0, idle: 2 });
  });

  it('retires a worker after a refusal (libheif may have trapped)', async () => {
    await decoder.decode(heic, MAX_PIXELS);
    await decoder.decode(truncated(heic), MAX_PIXELS).catch(() => undefined);
    expect(decoder.workers).toEqual({ busy: 0, idle: 0 });
  });

  it('ends a worker left idle, freeing its memory', async () => {
    const brief = new HeicDecoder({ idleMs: 20 });
    try {
      await brief.decode(heic, MAX_PIXELS);
      expect(brief.workers.idle).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(brief.workers.idle).toBe(0);
    } finally {
      await brief.close();
    }
  });
});
