import { verify, type KeyObject } from 'node:crypto';
import { InvalidTokenError, type JwtClaims } from './token-claims';

/**
 * A compact JWS split and decoded once, checked as jsonwebtoken 9 (with jws 4) checked it before it
 * was replaced: the same characters, the same header and payload decoding, the same refusals, and
 * those that came before the key lookup still come before it (a malformed token never causes a
 * JWKS fetch). Only RS256 is ever verified, with node:crypto over the cached KeyObject.
 */
export interface CompactJws {
  header: Readonly<Record<string, unknown>>;
  /** The payload when it is a JSON object; anything else is refused once the key is known. */
  payload: JwtClaims | undefined;
  signingInput: string;
  signature: string;
}

/** jws' shape of a compact JWS: base64url header and payload, an optional signature. */
const COMPACT_JWS = /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/;

/** Splits and decodes a token, refusing what is not a compact JWS with a JSON object header. */
export function decodeCompactJws(token: string): CompactJws {
  if (!COMPACT_JWS.test(token)) throw new InvalidTokenError('not a JWT');
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  // Decoded as latin1 as jws did: a kid with other than ASCII never matched a JWKS kid, nor does it now.
  const header = parseJson(Buffer.from(token.slice(0, firstDot), 'base64url').toString('latin1'));
  if (!isJsonObject(header)) throw new InvalidTokenError('the header is not a JSON object');
  const payloadText = Buffer.from(token.slice(firstDot + 1, secondDot), 'base64url').toString(
    'utf8',
  );
  const payload = parseJson(payloadText);
  // jws parsed a payload strictly when the header says typ JWT, before any key was looked up.
  if (payload === undefined && header.typ === 'JWT')
    throw new InvalidTokenError('the payload is not JSON');
  return {
    header,
    payload: isJsonObject(payload) ? payload : undefined,
    signingInput: token.slice(0, secondDot),
    signature: token.slice(secondDot + 1),
  };
}

/** The kid of an RS256 header; any other algorithm (none, HS256 …) is refused. */
export function rs256Kid(header: CompactJws['header']): string {
  if (header.alg !== 'RS256') throw new InvalidTokenError(`alg ${String(header.alg)} is not RS256`);
  if (typeof header.kid !== 'string' || header.kid === '') throw new InvalidTokenError('no kid');
  return header.kid;
}

/**
 * The payload of a token whose RS256 signature `key` verifies, unexpired and not before its nbf
 * (both with `toleranceSeconds`), from `issuer`.
 */
export function verifiedRs256Payload(
  jws: CompactJws,
  key: KeyObject,
  expected: { issuer: string; toleranceSeconds: number },
): JwtClaims {
  if (jws.signature === '') throw new InvalidTokenError('jwt signature is required');
  const signature = Buffer.from(jws.signature, 'base64url');
  if (!verify('sha256', Buffer.from(jws.signingInput), key, signature))
    throw new InvalidTokenError('invalid signature');
  const { payload } = jws;
  if (!payload) throw new InvalidTokenError('the payload is not a JSON object');
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== 'number') throw new InvalidTokenError('invalid nbf value');
    if (payload.nbf > nowSeconds + expected.toleranceSeconds)
      throw new InvalidTokenError('jwt not active');
  }
  if (payload.exp !== undefined) {
    if (typeof payload.exp !== 'number') throw new InvalidTokenError('invalid exp value');
    if (nowSeconds >= payload.exp + expected.toleranceSeconds)
      throw new InvalidTokenError('jwt expired');
  }
  if (payload.iss !== expected.issuer) throw new InvalidTokenError('jwt issuer invalid');
  return payload;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON object, not null, not an array (jsonwebtoken refused those too, by their missing iss). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
