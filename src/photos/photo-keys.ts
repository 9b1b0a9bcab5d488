import { createHash } from 'node:crypto';
import type { ProcessedImage } from './image';
import type { PhotoVariant } from './photo';

const EXTENSIONS: Record<ProcessedImage['contentType'], string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** `<owner hash>/<photo id>/<variant>.<ext>`, the only shape of key this module writes. */
const PHOTO_KEY = /^[0-9a-f]{16}\/([0-9a-f-]{36})\/(original|thumbnail)\.(jpg|png|webp)$/;

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
  contentType: ProcessedImage['contentType'],
): string {
  return `${ownerKeyPrefix(ownerSub)}/${photoId}/${variant}.${EXTENSIONS[contentType]}`;
}

/** The photo id a key belongs to, or `undefined` for a key this module did not make. */
export function photoIdOfKey(key: string): string | undefined {
  return PHOTO_KEY.exec(key)?.[1];
}
