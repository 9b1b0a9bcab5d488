/**
 * Every limit and list of the photo rules, written once. The service, the input schemas, the
 * OpenAPI document, the views and the error messages all read them from here; the upload size is
 * a setting (MAX_UPLOAD_BYTES, `PhotosConfig.maxUploadBytes`), so only its wording lives here.
 */

/** Characters (code points) in a description; the table's CHECK says the same (a migration). */
export const MAX_DESCRIPTION_LENGTH = 2000;

/** Photos per page of "My photos" and of `GET /api/photos` without `?limit=`. */
export const DEFAULT_PAGE_SIZE = 24;
/** The largest `?limit=` of `GET /api/photos`. */
export const MAX_PAGE_SIZE = 100;

/** Photos one request may delete at once (`POST /api/photos/bulk-delete`, the pages' selection). */
export const MAX_BULK_DELETE_IDS = 100;
/** Photos one zip of originals may hold (`POST /api/photos/archive`, the pages' Download). */
export const MAX_ARCHIVE_IDS = 500;

/** A search (`q`): at most this many characters and words; longer words are cut to the limit. */
export const MAX_SEARCH_LENGTH = 200;
export const MAX_SEARCH_WORDS = 8;
export const MAX_SEARCH_WORD_LENGTH = 64;

/**
 * The image formats an upload may be, as the bytes say (never the name or the declared type):
 * the media type the original is stored and downloaded as, the name people read, and the file
 * extensions, the first being the one stored keys are written with.
 */
export const ACCEPTED_FORMATS = {
  jpeg: { mediaType: 'image/jpeg', name: 'JPEG', extensions: ['jpg', 'jpeg'] },
  png: { mediaType: 'image/png', name: 'PNG', extensions: ['png'] },
  webp: { mediaType: 'image/webp', name: 'WebP', extensions: ['webp'] },
  gif: { mediaType: 'image/gif', name: 'GIF', extensions: ['gif'] },
  avif: { mediaType: 'image/avif', name: 'AVIF', extensions: ['avif'] },
  tiff: { mediaType: 'image/tiff', name: 'TIFF', extensions: ['tif', 'tiff'] },
  // iPhones' photos (HEVC in HEIF): decoded by libheif-js, since sharp's libheif has no HEVC.
  heic: { mediaType: 'image/heic', name: 'HEIC', extensions: ['heic', 'heif'] },
} as const;

export type AcceptedImageType = keyof typeof ACCEPTED_FORMATS;

const formats = Object.values(ACCEPTED_FORMATS);

/** `image/jpeg`, `image/png`, … in the order above. */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = formats.map((format) => format.mediaType);

/**
 * The types a browser may name a file we take: ours, plus `image/heif` for HEIF files that are
 * not called .heic. The upload page refuses at once a file named another type (the server still
 * judges by the bytes), and lists them in the file field's `accept` with the extensions: naming
 * HEIC there is what makes an iPhone hand over its photos as they are, not converted to JPEG.
 */
export const BROWSER_MEDIA_TYPES: readonly string[] = [...ACCEPTED_MEDIA_TYPES, 'image/heif'];
export const FILE_FIELD_ACCEPT = [
  ...BROWSER_MEDIA_TYPES,
  ...formats.flatMap((format) => format.extensions.map((extension) => `.${extension}`)),
].join(',');

/** "JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC": the list as people read it, in hints and messages. */
export const ACCEPTED_FORMATS_TEXT = `${formats
  .slice(0, -1)
  .map((format) => format.name)
  .join(', ')} or ${formats[formats.length - 1].name}`;

/** Binary megabytes, as file managers show them: 20971520 → "20", 100000 → "0.1". */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / 2 ** 20;
  if (megabytes >= 10) return String(Math.round(megabytes));
  if (megabytes >= 0.1) return String(Math.round(megabytes * 10) / 10);
  return String(Number(megabytes.toPrecision(1)));
}

/** The multipart field of `POST /api/photos` that carries the image (the form's "Photo" field). */
export const API_PHOTO_FIELD = 'photo';

/** The person-readable wording of each rule, shared by the error messages and the OpenAPI text. */
export const RULE_TEXT = {
  missingPhoto: 'Choose a photo to upload.',
  descriptionInvalid: 'The description must be a single piece of text.',
  descriptionTooLong: (maxCharacters = MAX_DESCRIPTION_LENGTH) =>
    `The description is too long: it may have at most ${maxCharacters} characters.`,
  unsupportedType: `This file type is not supported. Please upload a ${ACCEPTED_FORMATS_TEXT} image.`,
  badLimit: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
  badCursor: 'The page link is not valid. Start again from the first page.',
  badSort: 'sort must be taken or uploaded.',
  badTakenFrom: 'takenFrom must be a date written 2024-09-30.',
  badTakenTo: 'takenTo must be a date written 2024-09-30.',
  badRange: 'takenTo must not be before takenFrom.',
  badMonth: 'month must be written 2024-09.',
  badSearch: `A search may have at most ${MAX_SEARCH_WORDS} words and ${MAX_SEARCH_LENGTH} characters.`,
  /** The API's selection routes: the field as the client sent it. */
  badIds: (max: number) => `Send "ids": a list of 1 to ${max} photo ids.`,
  /** The pages' selection forms: what the person chose. */
  badSelection: (max: number) => `Choose between 1 and ${max} photos.`,
  /** e.g. "The photo is larger than 20 MB." */
  tooLarge: (maxUploadBytes: number) =>
    `The photo is larger than ${formatMegabytes(maxUploadBytes)} MB.`,
} as const;
