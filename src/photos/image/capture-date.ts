import exifr from 'exifr';

/**
 * When a photo was taken, from its EXIF DateTimeOriginal. `at` is the instant when the camera
 * wrote its UTC offset (OffsetTimeOriginal); without one the camera's local time is unknown, so
 * `at` holds the wall-clock reading as if it were UTC and `offset` is null ("floating" time, shown
 * as written rather than converted to the viewer's zone).
 */
export interface CaptureDate {
  at: Date;
  /** "+02:00", "-05:30", "Z" for UTC; null when the file does not say. */
  offset: string | null;
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const EXIF_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** "2024:06:01 09:30:00" + "+02:00" → 2024-06-01T07:30:00Z; undefined for anything unreadable. */
export function parseExifDate(value: unknown, offset: unknown): CaptureDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = EXIF_DATE.exec(value.trim());
  if (!match) return undefined; // cameras write "0000:00:00 00:00:00" or blanks when unset
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  const parsed = new Date(wallClock);
  // Rejects out-of-range parts that Date.UTC would silently roll over (month 13, day 32, …).
  if (
    year < 1800 ||
    parsed.getUTCFullYear() !== year ||
    parsed.getUTCMonth() !== month - 1 ||
    parsed.getUTCDate() !== day ||
    parsed.getUTCHours() !== hour ||
    parsed.getUTCMinutes() !== minute ||
    parsed.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const zone = typeof offset === 'string' ? EXIF_OFFSET.exec(offset.trim()) : null;
  if (!zone) return { at: parsed, offset: null };
  const minutes = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  if (Math.abs(minutes) > 14 * 60) return { at: parsed, offset: null };
  return {
    at: new Date(wallClock - minutes * 60_000),
    offset: minutes === 0 ? 'Z' : (offset as string),
  };
}

/** sharp hands the EXIF block over with the APP1 marker's "Exif\0\0" prefix; exifr wants TIFF. */
const EXIF_PREFIX = Buffer.from('Exif\0\0', 'latin1');

/** The TIFF structure inside sharp's EXIF block (a HEIF's comes without the prefix). */
export function exifTiff(exif: Buffer | undefined): Buffer | undefined {
  if (exif === undefined || exif.length === 0) return undefined;
  return exif.subarray(0, EXIF_PREFIX.length).equals(EXIF_PREFIX)
    ? exif.subarray(EXIF_PREFIX.length)
    : exif;
}

/**
 * Reads the capture date from the EXIF block sharp found in the file (JPEG APP1, PNG eXIf,
 * TIFF, AVIF/HEIF Exif item), before the display copy drops every piece of metadata. Only bytes
 * in memory reach exifr: given a path, exifr opens a file handle of its own and leaves it to the
 * garbage collector, which Node 26 turns into a crash (ERR_INVALID_STATE). Never throws: a photo
 * without a readable date is still a photo.
 */
export async function readCaptureDate(exif: Buffer | undefined): Promise<CaptureDate | undefined> {
  const tiff = exifTiff(exif);
  if (tiff === undefined) return undefined;
  try {
    const tags = (await exifr.parse(tiff, {
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal'],
      // Raw strings: exifr's own Date revival would read the wall clock in the server's zone.
      reviveValues: false,
    })) as { DateTimeOriginal?: unknown; OffsetTimeOriginal?: unknown } | undefined;
    return tags ? parseExifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal) : undefined;
  } catch {
    return undefined;
  }
}
