import { Test } from '@nestjs/testing';
import sharp from 'sharp';
import { fixtureSync as fixture, fixturePath } from '../../../test/support/fixtures';
import { truncated, withDeclaredSize, withoutRotationBox } from '../../../test/support/heif-edits';
import { HeicDecoder } from './heic-decoder';
import {
  CorruptImageError,
  EmptyImageError,
  ImageRejectedError,
  ImageTooLargeError,
  UnsupportedImageTypeError,
} from './image-errors';
import { IMAGE_PROCESSOR_OPTIONS, ImageProcessor, type ProcessedImage } from './image-processor';

const FORMAT_OF: Record<ProcessedImage['contentType'], string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** The output is what it says it is, and carries no metadata that could identify the uploader. */
async function expectCleanImage(image: ProcessedImage): Promise<void> {
  const meta = await sharp(image.data).metadata();
  expect(meta.format).toBe(FORMAT_OF[image.contentType]);
  expect([meta.width, meta.height]).toEqual([image.width, image.height]);
  expect(image.sizeBytes).toBe(image.data.length);
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect([undefined, 1]).toContain(meta.orientation);
  expect(image.data.includes('Exif\0\0', 0, 'latin1')).toBe(false);
  expect(image.data.includes('GPS', 0, 'latin1')).toBe(false);
  expect(image.data.includes('Pixel 7', 0, 'latin1')).toBe(false);
}

const solid = (r: number, g: number, b: number, width = 40, height = 30): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

/** Mean absolute difference between two images of the same size, scaled down to 20x30 raw RGB. */
async function pixelDistance(a: Buffer, b: Buffer): Promise<number> {
  const small = (img: Buffer) =>
    sharp(img).resize(20, 30, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const [x, y] = await Promise.all([small(a), small(b)]);
  return x.reduce((sum, value, i) => sum + Math.abs(value - y[i]), 0) / x.length;
}

describe('ImageProcessor', () => {
  const processor = new ImageProcessor();
  afterAll(() => processor.onModuleDestroy());

  describe('accepts the good fixtures', () => {
    it.each([
      // file, original w x h, thumbnail w x h
      ['coffee-phone.jpg', 1200, 1800, 200, 300],
      ['large-12mp.jpg', 2048, 1536, 300, 225],
      ['rocket.jpg', 640, 427, 300, 200],
      ['chelsea.png', 451, 300, 300, 200],
      ['astronaut.webp', 512, 512, 300, 300],
    ])('%s → %ix%i, thumbnail %ix%i', async (file, width, height, thumbWidth, thumbHeight) => {
      const { display: original, thumbnail } = await processor.process(fixture(file));

      expect([original.width, original.height]).toEqual([width, height]);
      expect([thumbnail.width, thumbnail.height]).toEqual([thumbWidth, thumbHeight]);
      expect(original.contentType).toBe('image/jpeg'); // all five are opaque
      await expectCleanImage(original);
      await expectCleanImage(thumbnail);
    });

    it('turns the phone photo upright (EXIF orientation 6 = rotate 90° clockwise)', async () => {
      const input = fixture('coffee-phone.jpg');
      // Sanity: the fixture really carries what must be removed.
      expect(input.includes('Pixel 7', 0, 'latin1')).toBe(true);
      expect((await sharp(input).metadata()).orientation).toBe(6);

      const { display: original } = await processor.process(input);
      const clockwise = await sharp(input).rotate(90).jpeg().toBuffer();
      const anticlockwise = await sharp(input).rotate(270).jpeg().toBuffer();

      const right = await pixelDistance(original.data, clockwise);
      const wrong = await pixelDistance(original.data, anticlockwise);
      expect(right).toBeLessThan(5);
      expect(wrong).toBeGreaterThan(4 * right);
    });
  });

  it('describes the source: its detected type, upright size and capture date', async () => {
    const { source } = await processor.process(fixture('coffee-phone.jpg'));
    // Stored 1800x1200 with EXIF orientation 6: people see it 1200 wide, 1800 high.
    expect(source).toEqual({
      type: 'jpeg',
      width: 1200,
      height: 1800,
      capturedAt: { at: new Date('2024-06-01T09:30:00Z'), offset: null },
    });
    expect((await processor.process(fixture('chelsea.png'))).source).toEqual({
      type: 'png',
      width: 451,
      height: 300,
      capturedAt: undefined,
    });
  });

  describe('accepts other formats, made here', () => {
    it('GIF: keeps the first frame of an animation only', async () => {
      const frames = [await solid(255, 0, 0), await solid(0, 0, 255)];
      const gif = await sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer();
      expect((await sharp(gif).metadata()).pages).toBe(2);

      const { display: original, thumbnail } = await processor.process(gif);

      expect([original.width, original.height]).toEqual([40, 30]);
      expect([thumbnail.width, thumbnail.height]).toEqual([40, 30]); // never enlarged
      // libvips decodes every GIF with an alpha channel, so GIFs come out as PNG.
      expect(original.contentType).toBe('image/png');
      const [red, green, blue] = (await sharp(original.data).stats()).channels;
      expect([red.mean, green.mean, blue.mean]).toEqual([255, 0, 0]);
      expect((await sharp(original.data).metadata()).pages).toBeUndefined();
      await expectCleanImage(original);
    });

    it('AVIF', async () => {
      const avif = await sharp(await solid(0, 128, 0, 640, 480))
        .avif()
        .toBuffer();
      const { display: original, thumbnail } = await processor.process(avif);
      expect([original.width, original.height, original.contentType]).toEqual([
        640,
        480,
        'image/jpeg',
      ]);
      expect([thumbnail.width, thumbnail.height]).toEqual([300, 225]);
    });

    it('TIFF', async () => {
      const tiff = await sharp(await solid(0, 0, 128, 3000, 1000))
        .tiff()
        .toBuffer();
      const { display: original, thumbnail } = await processor.process(tiff);
      expect([original.width, original.height]).toEqual([2048, 683]);
      expect([thumbnail.width, thumbnail.height]).toEqual([300, 100]);
    });

    it('an image with transparency is kept as PNG with its alpha channel', async () => {
      const transparent = await sharp({
        create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
        .png()
        .toBuffer();
      const { display: original, thumbnail } = await processor.process(transparent);
      expect([original.contentType, thumbnail.contentType]).toEqual(['image/png', 'image/png']);
      expect((await sharp(original.data).metadata()).hasAlpha).toBe(true);
      await expectCleanImage(original);
    });
  });

  describe('HEIC, as an iPhone writes it (HEVC; rotation in the container and in EXIF)', () => {
    const heic = fixture('coffee-phone.heic');
    /** The JPEG the fixture was encoded from, turned upright by sharp from its EXIF Orientation. */
    const upright = () => sharp(fixture('coffee-phone.jpg')).autoOrient().jpeg().toBuffer();

    it('makes an upright JPEG display copy and thumbnail, turned once (not by irot and EXIF both)', async () => {
      const { display, thumbnail } = await processor.process(heic);

      expect([display.width, display.height, display.contentType]).toEqual([
        1200,
        1800,
        'image/jpeg',
      ]);
      expect([thumbnail.width, thumbnail.height]).toEqual([200, 300]);
      expect(await pixelDistance(display.data, await upright())).toBeLessThan(5);
      expect(await pixelDistance(thumbnail.data, await upright())).toBeLessThan(5);
      await expectCleanImage(display);
      await expectCleanImage(thumbnail);
      expect(display.data.includes('iPhone 15', 0, 'latin1')).toBe(false);
    });

    it('describes the source: HEIC, upright size, and the EXIF date with its offset', async () => {
      const { source } = await processor.process({ path: fixturePath('coffee-phone.heic') });
      expect(source).toEqual({
        type: 'heic',
        width: 1200,
        height: 1800,
        // DateTimeOriginal 2024:09:14 18:05:00, OffsetTimeOriginal -04:00.
        capturedAt: { at: new Date('2024-09-14T22:05:00Z'), offset: '-04:00' },
      });
    });

    it('turns by the EXIF Orientation when the container does not (older encoders)', async () => {
      const sideways = withoutRotationBox(heic);
      const { source, display } = await processor.process(sideways);
      expect([source.width, source.height, display.width, display.height]).toEqual([
        1200, 1800, 1200, 1800,
      ]);
      expect(await pixelDistance(display.data, await upright())).toBeLessThan(5);
    });

    it('refuses a HEIC whose container declares too many pixels, without decoding it', async () => {
      const decode = jest.spyOn(HeicDecoder.prototype, 'decode');
      try {
        // 10000x10000: over the 50 MP limit, under libheif's own limits (so libheif reads it).
        const error: unknown = await processor
          .process(withDeclaredSize(heic, 10_000, 10_000))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImageTooLargeError);
        expect((error as ImageRejectedError).reason).toMatch(/50 megapixels/);
        const strict = new ImageProcessor({ maxInputPixels: 1200 * 1800 - 1 });
        await expect(strict.process(heic)).rejects.toBeInstanceOf(ImageTooLargeError);
        expect(decode).not.toHaveBeenCalled();
      } finally {
        decode.mockRestore();
      }
    });

    it('refuses a HEIC cut short as corrupt', async () => {
      for (const bytes of [truncated(heic), truncated(heic, 2000)]) {
        const error: unknown = await processor.process(bytes).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptImageError);
        expect((error as ImageRejectedError).reason).toMatch(/damaged or incomplete/);
      }
    });

    it('lets the codec inside decide: an avif-branded HEVC file is a HEIC, a mif1-branded AV1 file an AVIF', async () => {
      const rebrand = (bytes: Buffer, brand: string) => {
        const copy = Buffer.from(bytes);
        copy.write(brand, 8, 'latin1'); // the ftyp box's major brand
        return copy;
      };
      const avif = await sharp(await solid(0, 128, 0, 64, 48))
        .avif()
        .toBuffer();
      expect((await processor.process(rebrand(heic, 'avif'))).source.type).toBe('heic');
      expect((await processor.process(rebrand(avif, 'mif1'))).source.type).toBe('avif');
    });
  });

  describe('refuses the bad fixtures', () => {
    it.each([
      ['not-an-image.jpg', 'unsupported', UnsupportedImageTypeError],
      ['truncated.jpg', 'corrupt', CorruptImageError],
      ['empty.jpg', 'empty', EmptyImageError],
      ['script.svg', 'unsupported', UnsupportedImageTypeError],
      // Refused from the PNG header alone: 1.6 gigapixels are never decoded.
      ['bomb-40000x40000.png', 'too-many-pixels', ImageTooLargeError],
    ])('%s → %s', async (file, kind, errorClass) => {
      const error: unknown = await processor
        .process(fixture(`bad/${file}`))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toBeInstanceOf(ImageRejectedError);
      expect((error as ImageRejectedError).kind).toBe(kind);
    });

    it('gives reasons fit to show a person', async () => {
      const reason = (file: string) =>
        processor.process(fixture(`bad/${file}`)).catch((e: ImageRejectedError) => e.reason);
      await expect(reason('empty.jpg')).resolves.toBe('The file is empty.');
      await expect(reason('script.svg')).resolves.toMatch(
        /JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC/,
      );
      await expect(reason('bomb-40000x40000.png')).resolves.toMatch(/50 megapixels/);
    });
  });

  describe('refuses other inputs', () => {
    // An ISO-BMFF `ftyp` box: size 24, major brand, minor version, compatible brands.
    const ftyp = (...brands: string[]) =>
      Buffer.concat([
        Buffer.from([0, 0, 0, 8 + brands.length * 4]),
        Buffer.from('ftyp', 'latin1'),
        Buffer.from(brands.join(''), 'latin1'),
        Buffer.alloc(64),
      ]);

    it.each([
      ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1')],
      ['SVG with an XML prolog', Buffer.from('<?xml version="1.0"?><svg xmlns="x"/>')],
      ['random bytes', Buffer.from('00112233445566778899aabbccddeeff', 'hex')],
    ])('%s → Unsupported', async (_name, bytes) => {
      await expect(processor.process(bytes)).rejects.toBeInstanceOf(UnsupportedImageTypeError);
    });

    it.each([
      ['AVIF', ftyp('avif', '\0\0\0\0', 'mif1')],
      ['HEIC', ftyp('heic', '\0\0\0\0', 'mif1', 'heic')],
    ])('%s magic with nothing decodable behind it → Corrupt', async (_name, bytes) => {
      await expect(processor.process(bytes)).rejects.toBeInstanceOf(CorruptImageError);
    });

    it('uses the configured pixel limit (also when Nest provides the options)', async () => {
      const moduleRef = await Test.createTestingModule({
        providers: [
          ImageProcessor,
          { provide: IMAGE_PROCESSOR_OPTIONS, useValue: { maxInputPixels: 1_000_000 } },
        ],
      }).compile();
      await expect(
        moduleRef.get(ImageProcessor).process(fixture('large-12mp.jpg')),
      ).rejects.toBeInstanceOf(ImageTooLargeError);

      const strict = new ImageProcessor({ maxInputPixels: 1_000_000 });
      await expect(strict.process(fixture('large-12mp.jpg'))).rejects.toBeInstanceOf(
        ImageTooLargeError,
      );
      await expect(strict.process(fixture('rocket.jpg'))).resolves.toBeDefined();
    });
  });

  it('Nest can provide it without options', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [ImageProcessor] }).compile();
    const { display: original } = await moduleRef
      .get(ImageProcessor)
      .process(fixture('rocket.jpg'));
    expect(original.width).toBe(640);
  });
});
