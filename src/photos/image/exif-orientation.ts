import exifr from 'exifr';
import type { Sharp } from 'sharp';
import { exifTiff } from './capture-date';

/** EXIF Orientation: 1 is upright as stored; 2–8 say how to turn and mirror it. */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/**
 * The EXIF Orientation in sharp's EXIF block, 1 when absent or unreadable. For decoders that do not
 * apply it themselves (raw pixels from libheif); sharp's own decoders are told `autoOrient()`.
 * Bytes in memory only (see readCaptureDate: exifr given a path leaves a file handle to the GC).
 */
export async function readExifOrientation(exif: Buffer | undefined): Promise<ExifOrientation> {
  const tiff = exifTiff(exif);
  if (tiff === undefined) return 1;
  try {
    const tags = (await exifr.parse(tiff, {
      pick: ['Orientation'],
      translateValues: false, // the number, not "Rotate 90 CW"
    })) as { Orientation?: unknown } | undefined;
    const value = tags?.Orientation;
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8
      ? (value as ExifOrientation)
      : 1;
  } catch {
    return 1;
  }
}

/** Orientations 5–8 turn the picture by 90°: its stored width is the height people see. */
export function isQuarterTurn(orientation: ExifOrientation): boolean {
  return orientation >= 5;
}

/**
 * Turns and mirrors an image as its EXIF Orientation says, as sharp's `autoOrient()` does for a
 * tagged file (in sharp, rotation comes first; checked against autoOrient for all eight).
 */
export function orient(image: Sharp, orientation: ExifOrientation): Sharp {
  switch (orientation) {
    case 1:
      return image;
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    case 5:
      return image.rotate(90).flip();
    case 6:
      return image.rotate(90);
    case 7:
      return image.rotate(90).flop();
    case 8:
      return image.rotate(270);
  }
}
