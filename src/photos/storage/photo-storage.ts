import type { Readable } from 'node:stream';

export interface StoredObject {
  /** The bytes; the caller must consume or destroy it (it holds a file handle or a socket). */
  body: Readable;
  contentType: string;
  sizeBytes: number;
}

/**
 * Where photo files live. An abstract class rather than an interface so that Nest can use it as
 * the injection token. Keys are relative, '/'-separated paths made by the photos service (see
 * `assertSafeStorageKey`), and a key's extension names its content type (`.jpg`, `.png`, `.webp`).
 */
export abstract class PhotoStorage {
  /** Stores (or replaces) an object; readers see either the old or the new bytes, never a mix. */
  abstract put(key: string, data: Buffer, contentType: string): Promise<void>;

  /** Throws `StoredObjectNotFoundError` when there is no such object. */
  abstract get(key: string): Promise<StoredObject>;

  /** Idempotent: deleting a missing object is not an error. */
  abstract delete(key: string): Promise<void>;

  /** Every key stored, in no particular order (for orphan clean-up at start). */
  abstract listKeys(): AsyncIterable<string>;

  /** A short-lived URL a browser can fetch directly, or `undefined` when the app must stream. */
  abstract presignedUrl(key: string, expiresInSeconds: number): Promise<string | undefined>;
}

export class StoredObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object with key "${key}"`);
    this.name = 'StoredObjectNotFoundError';
  }
}
