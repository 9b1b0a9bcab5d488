import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Link passwords as `scrypt$N$r$p$salt$hash` (salt and hash base64url). The cost is the local
 * Cognito's (packages/local-cognito/src/users/password-hash.ts: N=16384, r=8, p=1, 64-byte key, 16-byte
 * salt), copied rather than imported because the app never imports local-cognito code. The cost
 * travels with each hash, so it can be raised later without breaking old links.
 */
const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...cost, maxmem: MAX_MEMORY },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashSharePassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, COST);
  const parts = ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url')];
  return [...parts, hash.toString('base64url')].join('$');
}

/** Constant-time comparison of the derived keys; a malformed stored hash never matches. */
export async function verifySharePassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const actual = await derive(password, Buffer.from(salt, 'base64url'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
