import sharp from 'sharp';
import { fixtureSync as fixture } from '../../../test/support/fixtures';
import { type ExifOrientation, orient, readExifOrientation } from './exif-orientation';

/** A 3x2 picture whose every pixel differs, so any turn or mirror shows. */
const WIDTH = 3;
const HEIGHT = 2;
const pixels = Buffer.from(Array.from({ length: WIDTH * HEIGHT * 3 }, (_, i) => i * 10));
const raw = () => sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });

describe('orient', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8] as ExifOrientation[])(
    'turns raw pixels as sharp.autoOrient() turns a file tagged %i',
    async (orientation) => {
      const tagged = await raw().withMetadata({ orientation }).png().toBuffer();
      const expected = await sharp(tagged).autoOrient().raw().toBuffer({ resolveWithObject: true });

      const actual = await orient(raw(), orientation).raw().toBuffer({ resolveWithObject: true });

      expect([actual.info.width, actual.info.height]).toEqual([
        expected.info.width,
        expected.info.height,
      ]);
      expect(actual.data.equals(expected.data)).toBe(true);
    },
  );
});

describe('readExifOrientation', () => {
  it("reads the tag from sharp's EXIF block, with or without the Exif prefix", async () => {
    const { exif } = await sharp(fixture('coffee-phone.jpg')).metadata();
    expect(exif!.subarray(0, 4).toString('latin1')).toBe('Exif');
    await expect(readExifOrientation(exif)).resolves.toBe(6);
    await expect(readExifOrientation(exif!.subarray(6))).resolves.toBe(6);
  });

  it('is 1 when the tag says so, and when there is no block or nothing readable', async () => {
    await expect(readExifOrientation(undefined)).resolves.toBe(1);
    await expect(readExifOrientation(Buffer.alloc(0))).resolves.toBe(1);
    await expect(readExifOrientation(Buffer.from('Exif\0\0garbage'))).resolves.toBe(1);
    const { exif } = await sharp(fixture('large-12mp.jpg')).metadata();
    await expect(readExifOrientation(exif)).resolves.toBe(1);
  });
});
