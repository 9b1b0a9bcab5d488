import { ACCEPTED_FORMATS } from '../photo-rules';

/**
 * Storage keys are made by the photos service (e.g. `<ownerHash>/<uuid>/original.jpg`), never taken
 * from a request, so this is defence in depth: an allowlist that makes escaping the storage root
 * impossible (no `..`, no absolute paths, no backslashes, no NUL, no empty segments) and keeps
 * names that start with a dot free for the local driver's temporary files.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

const CONTENT_TYPE_BY_EXTENSION: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(ACCEPTED_FORMATS).flatMap((format) =>
    format.extensions.map((extension) => [extension, format.mediaType]),
  ),
);

export class InvalidStorageKeyError extends Error {
  constructor(key: string, why: string) {
    super(`Invalid storage key ${JSON.stringify(key)}: ${why}`);
    this.name = 'InvalidStorageKeyError';
  }
}

export function isSafeStorageKey(key: string): boolean {
  return (
    key.length > 0 && key.length <= MAX_KEY_LENGTH && key.split('/').every((s) => SEGMENT.test(s))
  );
}

export function assertSafeStorageKey(key: string): void {
  if (!isSafeStorageKey(key)) {
    throw new InvalidStorageKeyError(
      key,
      'use "/"-separated segments of A-Z a-z 0-9 . _ - that do not start with "."',
    );
  }
}

/** The content type a key's extension names, or `undefined` for any other extension. */
export function contentTypeForKey(key: string): string | undefined {
  const dot = key.lastIndexOf('.');
  const extension = dot > key.lastIndexOf('/') ? key.slice(dot + 1).toLowerCase() : '';
  return CONTENT_TYPE_BY_EXTENSION[extension];
}

/**
 * Checks a key before writing. The local driver derives the content type from the extension, so
 * both drivers insist they agree: a mismatch would otherwise surface only when the photo is served.
 */
export function assertWritableKey(key: string, contentType: string): void {
  assertSafeStorageKey(key);
  if (contentTypeForKey(key) !== contentType) {
    throw new InvalidStorageKeyError(key, `its extension does not name ${contentType}`);
  }
}
