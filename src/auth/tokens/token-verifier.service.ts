import { Injectable, Optional } from '@nestjs/common';
import { createHash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Clock, SystemClock } from '../../common/clock';
import { AuthResilienceConfig, CognitoConfig } from '../../config/config-slices';
import { type CompactJws, decodeCompactJws, rs256Kid, verifiedRs256Payload } from './compact-jws';
import { JwksKeyCache } from './jwks-key-cache';
import { VerifiedTokenCache } from './verified-token-cache';
import { AccessTokenClaims, IdTokenClaims, InvalidTokenError, JwtClaims } from './token-claims';

/** Seconds of clock skew tolerated between Cognito and this server on exp and iat. */
export const CLOCK_TOLERANCE_SECONDS = 5;
const JWKS_TIMEOUT_MS = 5_000;
const JWKS_RETRY_AFTER_FAILURE_MS = 1_000;
/** About 5 MB of tokens and claims; an API client reuses its access token for up to an hour. */
const VERIFIED_TOKENS_KEPT = 5_000;

/**
 * Verifies Cognito JWTs as AWS and aws-jwt-verify do: RS256 only, a `kid` found in the pool's
 * JWKS, exact issuer, unexpired, issued in the past, the right `token_use`, and the audience
 * (`aud` for ID tokens: this app's client id; `client_id` for access tokens: it or the API client's).
 * Each JWKS key is a ready KeyObject (JwksKeyCache), and a token is split and decoded once
 * (compact-jws.ts): its header picks the key, node:crypto checks the signature, then the claims
 * are checked on the payload already decoded.
 */
@Injectable()
export class TokenVerifier {
  private readonly keys: JwksKeyCache;
  private readonly verified = new VerifiedTokenCache(VERIFIED_TOKENS_KEPT);
  private readonly expected: { issuer: string; toleranceSeconds: number };
  /** Access tokens of the web client and of the public API client (when configured) are accepted. */
  private readonly apiClientIds: readonly string[];

  constructor(
    private readonly cognito: CognitoConfig,
    resilience: AuthResilienceConfig,
    @Optional() private readonly clock: Clock = new SystemClock(),
  ) {
    this.keys = new JwksKeyCache({
      jwksUri: this.cognito.jwksUri,
      maxAgeMs: resilience.jwksCacheSeconds * 1000,
      maxStaleMs: resilience.jwksMaxStaleSeconds * 1000,
      unknownKidPenaltyMs: resilience.jwksUnknownKidPenaltySeconds * 1000,
      timeoutMs: JWKS_TIMEOUT_MS,
      retryAfterFailureMs: JWKS_RETRY_AFTER_FAILURE_MS,
    });
    this.expected = { issuer: this.cognito.issuer, toleranceSeconds: CLOCK_TOLERANCE_SECONDS };
    this.apiClientIds = [cognito.clientId, ...(cognito.apiClientId ? [cognito.apiClientId] : [])];
  }

  /**
   * The ID token of a code exchange: it must carry this sign-in's nonce and, through `at_hash`,
   * name the access token it came with (so neither can be swapped for another sign-in's).
   */
  async verifyIdToken(
    token: string,
    expected: { nonce: string; accessToken: string },
  ): Promise<IdTokenClaims> {
    const claims = await this.verifyIdTokenForThisClient(token);
    if (typeof claims['cognito:username'] !== 'string')
      throw new InvalidTokenError('no cognito:username');
    if (claims.nonce !== expected.nonce)
      throw new InvalidTokenError('nonce does not match this sign-in');
    if (!atHashMatches(claims.at_hash, expected.accessToken))
      throw new InvalidTokenError('at_hash does not match the access token');
    return claims as unknown as IdTokenClaims;
  }

  /** For ID tokens from a refresh, which carry no nonce of ours. */
  async verifyRefreshedIdToken(
    token: string,
    expected: { sub: string; accessToken: string },
  ): Promise<IdTokenClaims> {
    const claims = await this.verifyIdTokenForThisClient(token);
    if (claims.sub !== expected.sub) throw new InvalidTokenError('sub changed on refresh');
    // Cognito's refreshed ID tokens carry at_hash too; checked when present.
    if (claims.at_hash !== undefined && !atHashMatches(claims.at_hash, expected.accessToken))
      throw new InvalidTokenError('at_hash does not match the access token');
    return claims as unknown as IdTokenClaims;
  }

  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    const claims = await this.verifySignature(token);
    this.expectTokenUse(claims, 'access');
    if (!this.apiClientIds.includes(claims.client_id as string))
      throw new InvalidTokenError('client_id is not one of this app');
    if (claims.scope !== undefined && typeof claims.scope !== 'string')
      throw new InvalidTokenError('bad scope');
    if (claims.origin_jti !== undefined && typeof claims.origin_jti !== 'string')
      throw new InvalidTokenError('bad origin_jti');
    return claims as unknown as AccessTokenClaims;
  }

  private async verifyIdTokenForThisClient(token: string): Promise<JwtClaims> {
    const claims = await this.verifySignature(token);
    this.expectTokenUse(claims, 'id');
    if (claims.aud !== this.cognito.clientId) throw new InvalidTokenError('aud is not this client');
    return claims;
  }

  private expectTokenUse(claims: JwtClaims, use: 'id' | 'access'): void {
    if (claims.token_use !== use) throw new InvalidTokenError(`token_use is not ${use}`);
  }

  /**
   * Checks the signature and standard claims. A token verified before is answered from the
   * cache until the instant it expires; otherwise the key comes from memory when cached, or from
   * the JWKS cache's fetch. The answer is a promise only when it waits for that fetch (the callers
   * await it either way, so an answer at hand costs no promise of its own). A token refused on its
   * form or header never causes a fetch.
   */
  private verifySignature(token: string): JwtClaims | Promise<JwtClaims> {
    if (typeof token !== 'string') throw new InvalidTokenError('not a JWT');
    const known = this.verified.get(token, this.clock.now());
    if (known && this.keys.cachedKey(known.kid) === known.key) return known.claims;
    const jws = decodeCompactJws(token);
    const kid = rs256Kid(jws.header);
    const key = this.keys.cachedKey(kid);
    if (key) return this.verifyWith(token, jws, kid, key);
    return this.keys.key(kid).then((fetched) => this.verifyWith(token, jws, kid, fetched));
  }

  private verifyWith(token: string, jws: CompactJws, kid: string, key: KeyObject): JwtClaims {
    const payload = verifiedRs256Payload(jws, key, this.expected, this.clock.now());
    this.expectStandardClaims(payload);
    const claims = Object.freeze(payload);
    this.verified.set(token, {
      claims,
      kid,
      key,
      // verifiedRs256Payload refuses from the second exp + tolerance; so does the cache.
      refusedFromMs: ((claims.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000,
    });
    return claims;
  }

  private expectStandardClaims(claims: JwtClaims): void {
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('no sub');
    if (typeof claims.exp !== 'number') throw new InvalidTokenError('no exp');
    if (typeof claims.iat !== 'number') throw new InvalidTokenError('no iat');
    if (claims.iat > this.clock.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
      throw new InvalidTokenError('iat in the future');
    const groups: unknown = claims['cognito:groups'];
    if (
      groups !== undefined &&
      !(Array.isArray(groups) && groups.every((group) => typeof group === 'string'))
    )
      throw new InvalidTokenError('cognito:groups is not a list of names');
  }
}

/** OIDC Core 3.1.3.6: base64url of the left half of the SHA-256 of the access token. */
function atHashMatches(atHash: unknown, accessToken: string): boolean {
  if (typeof atHash !== 'string') return false;
  const expected = createHash('sha256').update(accessToken).digest().subarray(0, 16);
  const actual = Buffer.from(atHash, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
