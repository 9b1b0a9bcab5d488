import { InvalidCursorError } from './photo-errors';
import { isPhotoId } from './photo-id';

/** Where a page of the newest-first listing ends: the last photo's (created_at, id). */
export interface PhotoCursor {
  /** Millisecond precision is exact: the column is timestamptz(3). */
  createdAt: Date;
  id: string;
}

const SEPARATOR = '|';
/** ISO 8601 as Date#toISOString writes it (always UTC, always milliseconds). */
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Real cursors are ~50 characters; refuse anything much bigger before decoding it. */
const MAX_ENCODED_LENGTH = 128;

/** Opaque to clients: base64url of "ISO timestamp|uuid". */
export function encodeCursor(cursor: PhotoCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}${SEPARATOR}${cursor.id}`, 'utf8').toString(
    'base64url',
  );
}

/** Throws `InvalidCursorError` unless `encoded` is exactly what `encodeCursor` makes. */
export function decodeCursor(encoded: string): PhotoCursor {
  if (
    encoded.length === 0 ||
    encoded.length > MAX_ENCODED_LENGTH ||
    !/^[A-Za-z0-9_-]+$/.test(encoded)
  ) {
    throw new InvalidCursorError('not base64url');
  }
  const [timestamp, id, ...rest] = Buffer.from(encoded, 'base64url')
    .toString('utf8')
    .split(SEPARATOR);
  if (rest.length > 0 || id === undefined) throw new InvalidCursorError('wrong number of parts');
  if (!ISO_MS.test(timestamp)) throw new InvalidCursorError('bad timestamp');
  const createdAt = new Date(timestamp);
  // Rejects dates that match the pattern but do not exist (2025-02-30) and round-trip mismatches.
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== timestamp) {
    throw new InvalidCursorError('bad timestamp');
  }
  // The pattern allows years 0000-9999; PostgreSQL refuses year 0000 (it has no year zero).
  if (createdAt.getUTCFullYear() < 1) throw new InvalidCursorError('timestamp out of range');
  if (!isPhotoId(id)) throw new InvalidCursorError('bad id');
  return { createdAt, id: id.toLowerCase() };
}
