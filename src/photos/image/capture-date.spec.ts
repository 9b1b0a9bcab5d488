import sharp from 'sharp';
import { fixtureSync } from '../../../test/support/fixtures';
import { parseExifDate, readCaptureDate } from './capture-date';

describe('parseExifDate', () => {
  it('reads the wall clock as UTC when the camera wrote no offset', () => {
    expect(parseExifDate('2024:06:01 09:30:00', undefined)).toEqual({
      at: new Date('2024-06-01T09:30:00Z'),
      offset: null,
    });
  });

  it('turns the wall clock and its offset into the exact instant', () => {
    expect(parseExifDate('2024:06:01 09:30:00', '+02:00')).toEqual({
      at: new Date('2024-06-01T07:30:00Z'),
      offset: '+02:00',
    });
    expect(parseExifDate('2024:12:31 23:00:00', '-05:30')).toEqual({
      at: new Date('2025-01-01T04:30:00Z'),
      offset: '-05:30',
    });
    expect(parseExifDate('2024:06:01 09:30:00', '+00:00')?.offset).toBe('Z');
  });

  it.each([
    ['0000:00:00 00:00:00'],
    ['    :  :     :  :  '],
    ['2024:13:01 09:30:00'],
    ['2024:02:30 09:30:00'],
    ['2024:06:01 25:00:00'],
    ['yesterday'],
    [42],
  ])('gives nothing for %j', (value) => {
    expect(parseExifDate(value, undefined)).toBeUndefined();
  });

  it('ignores an offset it cannot read, keeping the wall clock', () => {
    expect(parseExifDate('2024:06:01 09:30:00', '+2h')).toEqual({
      at: new Date('2024-06-01T09:30:00Z'),
      offset: null,
    });
  });
});

/** The EXIF block as the image pipeline hands it over: sharp's metadata of the file. */
async function exifOf(image: Buffer): Promise<Buffer | undefined> {
  return (await sharp(image).metadata()).exif;
}

describe('readCaptureDate', () => {
  it("reads coffee-phone.jpg's DateTimeOriginal", async () => {
    await expect(readCaptureDate(await exifOf(fixtureSync('coffee-phone.jpg')))).resolves.toEqual({
      at: new Date('2024-06-01T09:30:00Z'),
      offset: null,
    });
  });

  it('reads OffsetTimeOriginal when the file has it', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .jpeg()
      .withExif({
        IFD2: { DateTimeOriginal: '2023:03:04 18:15:00', OffsetTimeOriginal: '+09:00' },
      })
      .toBuffer();
    await expect(readCaptureDate(await exifOf(jpeg))).resolves.toEqual({
      at: new Date('2023-03-04T09:15:00Z'),
      offset: '+09:00',
    });
  });

  it('gives nothing, and never throws, for files without EXIF or blocks that are not EXIF', async () => {
    await expect(
      readCaptureDate(await exifOf(fixtureSync('chelsea.png'))),
    ).resolves.toBeUndefined();
    await expect(readCaptureDate(undefined)).resolves.toBeUndefined();
    await expect(
      readCaptureDate(Buffer.from('Exif\0\0not a TIFF header')),
    ).resolves.toBeUndefined();
    await expect(readCaptureDate(Buffer.from('not an image'))).resolves.toBeUndefined();
  });
});
