import { randomBytes } from 'node:crypto';

/** Any RFC 9562 UUID, in the canonical lowercase-or-uppercase hex form PostgreSQL accepts. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * A new photo id: a UUIDv7 (48-bit Unix milliseconds, then random bits). The id is made before the
 * files are written, so it also tells the orphan sweeper how old a file is on any storage driver,
 * S3 included, whose listing gives no dates through `PhotoStorage`.
 */
export function newPhotoId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether `value` can be a photo id at all (so a malformed one never reaches the database). */
export function isPhotoId(value: string): boolean {
  return UUID.test(value);
}

/** When a UUIDv7 was made, or `undefined` for any other kind of id. */
export function photoIdTime(id: string): Date | undefined {
  if (!UUID_V7.test(id)) return undefined;
  return new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}
