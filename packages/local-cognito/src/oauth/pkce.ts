import { createHash, timingSafeEqual } from 'node:crypto';

const VERIFIER_SHAPE = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * RFC 7636 S256 check. A code issued with a challenge needs the matching verifier; a verifier for a
 * code issued without a challenge is refused too, since that is what a PKCE downgrade looks like.
 */
export function pkceSatisfied(
  challenge: string | undefined,
  verifier: string | undefined,
): boolean {
  if (challenge === undefined) return verifier === undefined;
  if (verifier === undefined || !VERIFIER_SHAPE.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
