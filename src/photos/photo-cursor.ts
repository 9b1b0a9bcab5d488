import { InvalidCursorError } from './photo-errors';
import { isPhotoId } from './photo-id';

/**
 * The two orders a listing can take, newest first: by the timeline date (when the photo was
 * taken, else when it was uploaded: the `sort_at` column) or by upload date (`created_at`).
 */
export type PhotoSort = 'taken' | 'uploaded';

/** Where a page of a listing ends: its order, and the last photo's date in that order and id. */
export interface PhotoCursor {
  sort: PhotoSort;
  /** Millisecond precision is exact: both columns are timestamptz(3). */
  at: Date;
  id: string;
}

const SEPARATOR = '|';
const SORT_TAGS: Record<PhotoSort, string> = { taken: 't', uploaded: 'u' };
/** ISO 8601 as Date#toISOString writes it (always UTC, always milliseconds). */
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Real cursors are ~55 characters; refuse anything much bigger before decoding it. */
const MAX_ENCODED_LENGTH = 128;

/** Opaque to clients: base64url of "order|ISO timestamp|uuid". */
export function encodeCursor(cursor: PhotoCursor): string {
  const text = [SORT_TAGS[cursor.sort], cursor.at.toISOString(), cursor.id].join(SEPARATOR);
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * Throws `InvalidCursorError` unless `encoded` is exactly what `encodeCursor` makes for a listing
 * in `sort` order: a cursor of the other order would silently skip or repeat photos.
 */
export function decodeCursor(encoded: string, sort: PhotoSort): PhotoCursor {
  if (
    encoded.length === 0 ||
    encoded.length > MAX_ENCODED_LENGTH ||
    !/^[A-Za-z0-9_-]+$/.test(encoded)
  ) {
    throw new InvalidCursorError('not base64url');
  }
  const parts = Buffer.from(encoded, 'base64url').toString('utf8').split(SEPARATOR);
  if (parts.length !== 3) throw new InvalidCursorError('wrong number of parts');
  const [tag, timestamp, id] = parts;
  if (tag !== SORT_TAGS[sort]) throw new InvalidCursorError('cursor of another order');
  return { sort, at: parseTimestamp(timestamp), id: parseId(id) };
}

function parseTimestamp(timestamp: string): Date {
  if (!ISO_MS.test(timestamp)) throw new InvalidCursorError('bad timestamp');
  const at = new Date(timestamp);
  // Rejects dates that match the pattern but do not exist (2025-02-30) and round-trip mismatches.
  if (Number.isNaN(at.getTime()) || at.toISOString() !== timestamp) {
    throw new InvalidCursorError('bad timestamp');
  }
  // The pattern allows years 0000-9999; PostgreSQL refuses year 0000 (it has no year zero).
  if (at.getUTCFullYear() < 1) throw new InvalidCursorError('timestamp out of range');
  return at;
}

function parseId(id: string): string {
  if (!isPhotoId(id)) throw new InvalidCursorError('bad id');
  return id.toLowerCase();
}

/** The date a photo sorts by on the timeline: when it was taken, else when it was uploaded. */
export function timelineDate(photo: { takenAt: Date | null; createdAt: Date }): Date {
  return photo.takenAt ?? photo.createdAt;
}

/** The cursor just after `photo` in a listing in `sort` order. */
export function cursorAfter(
  photo: { id: string; takenAt: Date | null; createdAt: Date },
  sort: PhotoSort,
): PhotoCursor {
  return { sort, at: sort === 'taken' ? timelineDate(photo) : photo.createdAt, id: photo.id };
}
