import { verify, type KeyObject } from 'node:crypto';
import { decomposeUnverifiedJwt, validateJwtFields } from 'aws-jwt-verify/jwt';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { InvalidTokenError, type JwtClaims } from './token-claims';

/**
 * A compact JWS split and decoded once by aws-jwt-verify's own primitives (its parser refuses a
 * header or payload that is not a JSON object, or a claim of the wrong type, before any key is
 * looked up, so a malformed token never causes a JWKS fetch). Only RS256 is ever verified, with
 * node:crypto over the cached KeyObject, as aws-jwt-verify does on Node.
 */
export interface CompactJws {
  header: Readonly<Record<string, unknown>>;
  payload: JwtPayload & JwtClaims;
  signingInput: string;
  signature: string;
}

/** Splits and decodes a token, refusing what is not a compact JWS of JSON objects. */
export function decodeCompactJws(token: string): CompactJws {
  // Base64url without padding in all three parts (RFC 7515 §2). aws-jwt-verify's pattern is
  // /^[A-Za-z0-9_-]+={0,2}(\.[A-Za-z0-9_-]+={0,2}){2}$/: it lets `=` padding through, which Node
  // then ignores. Refusing any `=` first keeps one spelling per token (as jsonwebtoken did), for
  // one scan of the token where a second pattern of our own cost a regex match over all of it.
  if (token.includes('=')) throw new InvalidTokenError('not a JWT');
  try {
    const { header, headerB64, payload, payloadB64, signatureB64 } = decomposeUnverifiedJwt(token);
    return {
      header,
      payload,
      signingInput: `${headerB64}.${payloadB64}`,
      signature: signatureB64,
    };
  } catch (error) {
    throw asInvalidToken(error);
  }
}

/** The kid of an RS256 header; any other algorithm (none, HS256 …) is refused. */
export function rs256Kid(header: CompactJws['header']): string {
  if (header.alg !== 'RS256') throw new InvalidTokenError(`alg ${String(header.alg)} is not RS256`);
  if (typeof header.kid !== 'string' || header.kid === '') throw new InvalidTokenError('no kid');
  return header.kid;
}

/**
 * The payload of a token whose RS256 signature `key` verifies, from `issuer`, unexpired and not
 * before its nbf (aws-jwt-verify's validateJwtFields, with `toleranceSeconds` of grace), and
 * refused from the second exp + tolerance is reached (the instant the verified-token cache uses).
 */
export function verifiedRs256Payload(
  jws: CompactJws,
  key: KeyObject,
  expected: { issuer: string; toleranceSeconds: number },
  nowMs: number,
): JwtClaims {
  const signature = Buffer.from(jws.signature, 'base64url');
  if (!verify('sha256', Buffer.from(jws.signingInput), key, signature))
    throw new InvalidTokenError('invalid signature');
  const { payload } = jws;
  try {
    validateJwtFields(payload, {
      issuer: expected.issuer,
      audience: null, // aud (ID tokens) or client_id (access tokens): checked by use.
      graceSeconds: expected.toleranceSeconds,
    });
  } catch (error) {
    throw asInvalidToken(error);
  }
  const exp = payload.exp;
  if (typeof exp === 'number' && nowMs / 1000 >= exp + expected.toleranceSeconds)
    throw new InvalidTokenError('jwt expired');
  return payload;
}

function asInvalidToken(error: unknown): InvalidTokenError {
  return new InvalidTokenError(error instanceof Error ? error.message : 'malformed token');
}
