import { createHash } from 'node:crypto';
import type { PhotoVariant } from './photo';
import { ACCEPTED_FORMATS } from './photo-rules';

/** Media type → the extension stored keys and downloads are written with. */
export const EXTENSIONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(ACCEPTED_FORMATS).map((format) => [format.mediaType, format.extensions[0]]),
);

/**
 * `<owner hash>/<photo id>/<variant>.<ext>`, the only shape of key this module writes. Photos
 * stored before originals were kept have `original.<ext>` only, for their display copy.
 */
const PHOTO_KEY = new RegExp(
  `^[0-9a-f]{16}/([0-9a-f-]{36})/(original|image|thumbnail)\\.(${Object.values(EXTENSIONS).join('|')})$`,
);

/**
 * Groups an owner's files under a hash of their `sub` rather than the `sub` itself, so listings
 * of the bucket or the disk do not expose user ids, yet one person's files stay together.
 */
export function ownerKeyPrefix(ownerSub: string): string {
  return createHash('sha256').update(ownerSub, 'utf8').digest('hex').slice(0, 16);
}

export function photoKey(
  ownerSub: string,
  photoId: string,
  variant: PhotoVariant,
  contentType: string,
): string {
  const extension = EXTENSIONS[contentType];
  if (extension === undefined) throw new Error(`No file extension for ${contentType}`);
  return `${ownerKeyPrefix(ownerSub)}/${photoId}/${variant}.${extension}`;
}

/** The photo id a key belongs to, or `undefined` for a key this module did not make. */
export function photoIdOfKey(key: string): string | undefined {
  return PHOTO_KEY.exec(key)?.[1];
}
