import type { Photo } from './photo';
import { EXTENSIONS } from './photo-keys';

const MAX_BASE_LENGTH = 100;

/**
 * The name an original is downloaded under: the uploaded file's base name, with anything that is
 * not a letter, digit, space, dot, dash or underscore replaced, no path, no leading dots, and the
 * extension of the type we detected (never the one the uploader claimed). null when nothing of
 * the name is left, so the caller falls back to a name of its own.
 */
export function safeFileName(uploadedName: unknown, contentType: string): string | null {
  if (typeof uploadedName !== 'string') return null;
  const extension = EXTENSIONS[contentType];
  if (extension === undefined) return null;
  const base = (uploadedName.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .replace(/^[\s._]+/, '')
    .trim();
  const kept = [...base].slice(0, MAX_BASE_LENGTH).join('').trim();
  return /[\p{L}\p{N}]/u.test(kept) ? `${kept}.${extension}` : null;
}

/**
 * `Content-Disposition: attachment` with an ASCII `filename` for old clients and the exact
 * UTF-8 name in `filename*` (RFC 6266 / 8187). Quotes and backslashes cannot occur: safeFileName
 * (or our own fallback) made the name.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The uploaded name when one came, else "photo-<date taken or uploaded>.<ext>". */
export function downloadNameOf(
  photo: Pick<Photo, 'originalFileName' | 'takenAt' | 'createdAt' | 'originalKey'>,
): string {
  if (photo.originalFileName) return photo.originalFileName;
  const date = (photo.takenAt ?? photo.createdAt).toISOString().slice(0, 10);
  const extension = photo.originalKey.slice(photo.originalKey.lastIndexOf('.') + 1);
  return `photo-${date}.${extension}`;
}
