import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: the link's only secret (at least 128 are required). */
const TOKEN_BYTES = 32;

/** A new link token, base64url (43 characters), for the URL only: the database keeps its hash. */
export function newShareToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * What the database looks a token up by. Any string is hashed, however malformed, so every
 * request makes the same lookup: a wrong token costs what a revoked or expired one costs. A fast
 * hash suffices: the token has 256 random bits, so nobody can guess one from its hash.
 */
export function shareTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
